"""French words and typography."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.documents.french import (
    NBSP,
    date_in_words,
    date_words,
    definite,
    escape_markup,
    long_date,
    markup,
    of_phrase,
    short_date,
    short_time,
    time_words,
    typography,
)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 3, 12), "le douze mars deux mille vingt-six"),
        (date(2026, 5, 1), "le premier mai deux mille vingt-six"),
        (date(2025, 8, 21), "le vingt et un août deux mille vingt-cinq"),
        (date(2031, 12, 31), "le trente et un décembre deux mille trente et un"),
        (date(2000, 2, 29), "le vingt-neuf février deux mille"),
    ],
)
def test_dates_in_words(day: date, words: str) -> None:
    assert date_in_words(day) == words
    assert date_words(day) == words.removeprefix("le ")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("18:30", "dix-huit heures trente"),
        ("12:00", "midi"),
        ("12:15", "midi quinze"),
        ("00:00", "minuit"),
        ("01:00", "une heure"),
        ("21:01", "vingt et une heures une"),
        ("09:05", "neuf heures cinq"),
        (time(20, 45), "vingt heures quarante-cinq"),
        (datetime(2026, 3, 12, 18, 34), "dix-huit heures trente-quatre"),
        (None, ""),
        ("n'importe", ""),
    ],
)
def test_times_in_words(value: object, words: str) -> None:
    assert time_words(value) == words  # type: ignore[arg-type]


def test_short_forms_use_non_breaking_spaces() -> None:
    assert short_date(date(2026, 3, 12)) == f"12{NBSP}mars{NBSP}2026"
    assert short_date(date(2026, 3, 1)) == f"1er{NBSP}mars{NBSP}2026"
    assert long_date(date(2026, 3, 12)).startswith("jeudi ")
    assert short_time("18:34") == f"18{NBSP}h{NBSP}34"
    assert short_time(datetime(2026, 3, 12, 20, 0)) == f"20{NBSP}h"
    assert short_time(None) == ""


def test_typography_spaces() -> None:
    assert typography("Objet: vote") == f"Objet{NBSP}: vote"
    assert (
        typography("Objet : vote ; ensuite ? oui !")
        == f"Objet{NBSP}: vote{NBSP}; ensuite{NBSP}? oui{NBSP}!"
    )
    assert typography("«bonjour»") == f"«{NBSP}bonjour{NBSP}»"
    assert typography("« Les Amis »") == f"«{NBSP}Les Amis{NBSP}»"
    # times, addresses and ratios are kept as typed
    assert typography("à 18:30 sur https://exemple.fr/x") == "à 18:30 sur https://exemple.fr/x"
    assert typography("Quoi ?!") == f"Quoi{NBSP}?!"


def test_user_text_is_escaped_for_markup() -> None:
    assert escape_markup('<b>&"') == '&lt;b&gt;&amp;"'
    assert escape_markup("a\nb") == "a<br/>b"
    assert markup("R&D: <i>") == f"R&amp;D{NBSP}: &lt;i&gt;"


def test_articles() -> None:
    assert definite("Conseil municipal") == "le conseil municipal"
    assert definite("Commission permanente") == "la commission permanente"
    assert definite("Assemblée plénière") == "l'assemblée plénière"
    assert of_phrase("Commune de Saint-Exemple") == "de la commune de Saint-Exemple"
    assert of_phrase("Syndicat mixte des eaux") == "du syndicat mixte des eaux"
    assert of_phrase("Établissement public") == "de l'établissement public"
