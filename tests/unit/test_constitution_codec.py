"""The constitution's codec and the validations that have one home each: SIREN/SIRET keys
in the seance/1 importer, session ids, explicit rule values."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from app.domain.constitution import (
    Constitution,
    Patch,
    check_session_id,
    constitution_from_dict,
    constitution_to_dict,
)
from app.domain.errors import InputError
from app.domain.rules import SERIES, Preset, Rules
from app.services.demo import DEMO_FILE
from app.services.interchange import parse_document
from tests.factories import assembly, session


def demo() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [("siren", "219900009", "SIREN"), ("siret", "21990000800019", "SIRET")],
)
def test_the_importer_checks_the_siren_and_siret_keys(field, value, word):
    """The importer checked only the length; the GUI checked the Luhn key."""
    doc = demo()
    doc["assembly"][field] = value
    with pytest.raises(InputError, match=f"{word} « {value} » est invalide"):
        parse_document(doc)
    parse_document(demo())  # the demo's keys are right


def test_one_home_for_the_siren_and_siret_checks():
    """The seance/1 codec, the roster importer (--epci) and the assembly editor say the
    same thing about the same number: siren_problem / siret_problem."""
    from app.domain.assembly import lowered, siren_problem, siret_problem
    from app.services.roster import parse_roster

    assert siren_problem("219900008") is None and siret_problem("21990000800018") is None
    assert siret_problem("35600000000010") is None  # La Poste: sum of digits, not Luhn
    bad = siren_problem("200099991")
    assert bad is not None and "clé de contrôle" in bad
    assert "9 chiffres" in (siren_problem("2000") or "")
    assert siret_problem("21990000800018", "200069193") == (
        "Le SIRET doit commencer par le SIREN (200069193)."
    )
    doc = demo()
    doc["assembly"]["siren"] = "200099991"
    with pytest.raises(InputError) as codec:
        parse_document(doc)
    assert lowered(bad) in codec.value.message
    sample = Path(__file__).parent.parent / "data" / "rne-epci-sample.csv"
    with pytest.raises(InputError) as roster:
        parse_roster(sample.read_bytes(), epci="200 099 991")
    assert lowered(bad) in roster.value.message


@pytest.mark.parametrize("bad", ["", "a b", "x" * 65, "../etc", "-début"])
def test_session_ids_are_checked(bad):
    with pytest.raises(InputError, match="identifiant de séance"):
        check_session_id(bad)
    assert check_session_id("2026-03-12_bis.2") == "2026-03-12_bis.2"


def test_rules_values_are_explicit_and_need_no_preset(monkeypatch):
    rules = Rules.from_preset("covid_2020", date(2020, 5, 1))
    values = rules.to_values()
    assert values["quorum_fraction"] == "1/3" and values["quorum_counts_proxies"] is True
    monkeypatch.setitem(SERIES, Preset.COVID_2020, ((None, {}),))  # the series is edited
    assert Rules.from_values(values) == rules  # the values alone give the rules back
    del values["casting_vote"]
    with pytest.raises(InputError, match="casting_vote"):
        Rules.from_values(values)


def test_a_constitution_round_trips_and_is_checked():
    c = Constitution(assembly(8), session(3))
    data = json.loads(json.dumps(constitution_to_dict(c)))
    assert constitution_from_dict(data) == c
    broken = copy.deepcopy(data)
    broken["session"]["president"] = "m42"
    with pytest.raises(InputError, match="président : membre « m42 » inconnu"):
        constitution_from_dict(broken)
    broken = copy.deepcopy(data)
    del broken["agenda"]
    with pytest.raises(InputError, match="partie\\(s\\) manquante\\(s\\) : agenda"):
        constitution_from_dict(broken)
    broken = copy.deepcopy(data)
    broken["members"][0]["started_on"] = "2026-05-01"
    broken["members"][0]["ended_on"] = "2026-04-01"
    with pytest.raises(InputError, match="la fin de mandat précède son début"):
        constitution_from_dict(broken)


def test_an_amendment_replaces_only_its_parts():
    c = Constitution(assembly(8), session(3))
    amended = c.amended(Patch(rules=Rules(quorum_fraction=Fraction(1, 3))))
    assert amended.assembly.rules.quorum_fraction == Fraction(1, 3)
    assert amended.assembly.members == c.assembly.members and amended.session == c.session
    assert Patch().empty and Patch(agenda=()).parts[0].value == "agenda"


def test_an_election_with_no_winner_is_not_a_deliberation():
    """The minutes called it « délibération », the SCDL file left it out: one rule now."""
    from app.domain.elections import RoundResult
    from app.domain.projections import is_deliberation
    from app.domain.state import ItemRecord

    rec = ItemRecord(session(1).items[0])
    assert not is_deliberation(rec)
    rec.rounds.append(RoundResult(1, (("m1", 3), ("m2", 3)), 0, 0, 6, 4, None, False))
    assert not is_deliberation(rec)
    rec.rounds.append(RoundResult(2, (("m1", 4), ("m2", 2)), 0, 0, 6, 4, "m1", False))
    assert is_deliberation(rec)


def test_the_constitution_keeps_publication_town_and_failed_meeting():
    a = replace(assembly(8), publication="affichage", town="Saint-Exemple")
    s = replace(session(2), convocation=2, failed_meeting_on=date(2026, 3, 5))
    data = json.loads(json.dumps(constitution_to_dict(Constitution(a, s))))
    back = constitution_from_dict(data)
    assert (back.assembly.publication, back.assembly.town) == ("affichage", "Saint-Exemple")
    assert back.session.failed_meeting_on == date(2026, 3, 5)


def test_one_home_for_item_numbers():
    """Item numbers: not empty, 15 characters at most — one check (item_id_problem) for the
    seance/1 codec and the session editor; session ids have check_session_id (above)."""
    from app.domain.assembly import item_id_problem, lowered
    from app.domain.constitution import item_from_dict

    assert item_id_problem("2026-011") is None and item_id_problem("x" * 15) is None
    for bad in ("", "  ", "x" * 16):
        problem = item_id_problem(bad)
        assert problem is not None
        with pytest.raises(InputError) as info:
            item_from_dict({"id": bad, "title": "Budget"})
        assert lowered(problem) in info.value.message
    assert "16 caractères" in (item_id_problem("x" * 16) or "")
