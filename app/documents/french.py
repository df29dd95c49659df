"""French words and typography for the documents: dates and times in words, short forms,
non-breaking spaces, articles, and escaping of user text for reportlab markup.

Only U+00A0 is used as the non-breaking space: reportlab breaks lines at U+202F.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html import escape

from num2words import num2words

NBSP = "\u00a0"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


# --------------------------------------------------------------------------- numbers


def number_words(n: int, *, feminine: bool = False) -> str:
    """« vingt et un », or « vingt et une » before a feminine noun (heures, minutes)."""
    words = str(num2words(n, lang="fr"))
    if feminine and (words == "un" or words.endswith(" un") or words.endswith("-un")):
        words += "e"
    return words


# --------------------------------------------------------------------------- dates


def date_words(day: date) -> str:
    """« douze mars deux mille vingt-six », « premier mai deux mille vingt-six »."""
    first = "premier" if day.day == 1 else number_words(day.day)
    return f"{first} {MONTHS[day.month - 1]} {number_words(day.year)}"


def date_in_words(day: date) -> str:
    """« le douze mars deux mille vingt-six »."""
    return f"le {date_words(day)}"


def short_date(day: date) -> str:
    """« 12 mars 2026 », « 1er mai 2026 » (non-breaking spaces)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}{NBSP}{MONTHS[day.month - 1]}{NBSP}{day.year}"


def long_date(day: date) -> str:
    """« jeudi 12 mars 2026 »."""
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


# --------------------------------------------------------------------------- times


def parse_time(value: str | time | datetime | None) -> time | None:
    """« 18:30 », a ``time`` or a ``datetime`` → ``time``; None or unreadable → None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})[:hH]\s*(\d{2})?\s*", value)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def time_words(value: str | time | datetime | None) -> str:
    """« dix-huit heures trente », « midi », « vingt et une heures une »: minutes are read
    as numbers (« dix-huit heures quinze »). Empty string when the time is unknown."""
    t = parse_time(value)
    if t is None:
        return ""
    if t.hour == 0:
        head = "minuit"
    elif t.hour == 12:
        head = "midi"
    else:
        head = number_words(t.hour, feminine=True) + (" heure" if t.hour == 1 else " heures")
    if t.minute:
        head += " " + number_words(t.minute, feminine=True)
    return head


def short_time(value: str | time | datetime | None) -> str:
    """« 18 h 34 », « 18 h » (non-breaking spaces); empty when unknown."""
    t = parse_time(value)
    if t is None:
        return ""
    if t.minute == 0:
        return f"{t.hour}{NBSP}h"
    return f"{t.hour}{NBSP}h{NBSP}{t.minute:02d}"


# --------------------------------------------------------------------------- typography

_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \t\u00a0\u202f]*([;:!?]+)(?=[\s»)\]]|$)")
_AFTER_OPEN = re.compile(r"«[ \t\u00a0\u202f]*")
_BEFORE_CLOSE = re.compile(r"[ \t\u00a0\u202f]*»")


def typography(text: str) -> str:
    """French spacing: a non-breaking space before « : ; ? ! » (when they end a word, so
    « 18:30 » and « https://… » are kept) and inside « guillemets »."""
    text = _BEFORE_PUNCT.sub(lambda m: NBSP + m.group(1), text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "»", text)


def escape_markup(text: str) -> str:
    """User text made safe for reportlab Paragraph markup: ``<``, ``>`` and ``&`` print as
    typed; line breaks are kept."""
    return escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br/>")


def markup(text: str) -> str:
    """User text with French typography, escaped for a Paragraph."""
    return escape_markup(typography(text))


def paragraphs(text: str) -> list[str]:
    """Split a free text into paragraphs at blank lines (single line breaks are kept)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


# --------------------------------------------------------------------------- grammar

_FEMININE_HEADS = {
    "commune",
    "communauté",
    "métropole",
    "région",
    "collectivité",
    "assemblée",
    "commission",
    "conférence",
    "chambre",
    "délégation",
    "agglomération",
    "ville",
    "université",
}


def _head(noun_phrase: str) -> str:
    words = noun_phrase.strip().split()
    return words[0].lower() if words else ""


def is_feminine_noun(noun_phrase: str) -> bool:
    """Gender of a body's or organisation's name, from its first word."""
    return _head(noun_phrase) in _FEMININE_HEADS


def _elides(noun_phrase: str) -> bool:
    return bool(noun_phrase) and noun_phrase.strip()[:1].lower() in "aeiouyhéèêàâîôûœ"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def definite(noun_phrase: str) -> str:
    """« le conseil municipal », « la commission permanente », « l'assemblée »."""
    phrase = lower_first(noun_phrase.strip())
    if _elides(phrase):
        return f"l'{phrase}"
    return f"{'la' if is_feminine_noun(phrase) else 'le'} {phrase}"


def of_phrase(noun_phrase: str) -> str:
    """« du conseil municipal », « de la commune de Saint-Exemple », « de l'assemblée »."""
    phrase = lower_first(noun_phrase.strip())
    if _elides(phrase):
        return f"de l'{phrase}"
    return f"{'de la' if is_feminine_noun(phrase) else 'du'} {phrase}"


def of_phrase_upper(noun_phrase: str) -> str:
    """« DU CONSEIL MUNICIPAL » (for the extract's heading)."""
    return of_phrase(noun_phrase).upper()


def agree(word: str, feminine: bool, *, count: int = 1) -> str:
    """« réuni » → « réunie », « présent » → « présents »."""
    return word + ("e" if feminine else "") + ("s" if count > 1 else "")
