"""Two optional fields of the preparation, end to end: the population (it sets the
convocation delay, L2121-11/12) and the auxiliary secretaries who are not members
(L2121-15) — model, seance/1, store, constitution (event 0), and the PV's one line."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.documents.minutes import designation_sentence
from app.domain.assembly import Auxiliary
from app.domain.constitution import constitution_from_dict, constitution_to_dict
from app.domain.errors import InputError
from app.domain.events import SessionOpened
from app.domain.journal import current_constitution
from app.services import preparation
from app.services.demo import DEMO_FILE
from app.services.interchange import export_document, import_file, parse_document
from app.services.records import load_record
from app.services.store import Store
from main import main
from tests.factories import fold, session

PETIT = Auxiliary("Mme Claire PETIT", "directrice générale des services")


def demo(**changes: object) -> dict:
    data = json.loads(Path(DEMO_FILE).read_text(encoding="utf-8"))
    for path, value in changes.items():
        section, key = path.split("__")
        data[section][key] = value
    return data


def test_the_pv_names_the_auxiliary_secretaries_beside_the_secretary() -> None:
    plain = fold([SessionOpened()])
    sentence = designation_sentence(plain)
    assert "auxiliaire" not in sentence
    state = fold([SessionOpened()], sess=replace(session(), auxiliaries=(PETIT,)))
    assert designation_sentence(state) == (
        sentence + " Secrétariat auxiliaire, assuré en dehors des membres de l'assemblée et "
        "sans participation aux délibérations\u00a0: Mme Claire PETIT, directrice générale "
        "des services."
    )


def test_both_fields_travel_through_seance1_the_store_and_the_constitution(
    tmp_path: Path,
) -> None:
    data = demo(
        assembly__population=1_250,
        session__auxiliaries=[{"name": "Mme Claire PETIT", "function": "DGS"}, {"name": "M. NOIR"}],
    )
    parsed = parse_document(data)
    assert parsed.assembly.population == 1_250
    assert parsed.session.auxiliaries == (
        Auxiliary("Mme Claire PETIT", "DGS"),
        Auxiliary("M. NOIR"),
    )
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    store = Store.open(tmp_path / "s.sqlite")
    try:
        session_id = import_file(store, source)
        record = load_record(store, session_id)
        assert record.assembly.population == 1_250
        assert record.session.auxiliaries == parsed.session.auxiliaries
        assert store.load_assembly(record.assembly.id).population == 1_250
        assert store.load_session(session_id).auxiliaries == parsed.session.auxiliaries
        back = export_document(record.assembly, record.session, record.events)
        assert back["assembly"]["population"] == 1_250
        assert back["session"]["auxiliaries"] == [
            {"name": "Mme Claire PETIT", "function": "DGS"},
            {"name": "M. NOIR"},
        ]
    finally:
        store.close()


def test_a_constitution_without_them_encodes_as_before() -> None:
    """Journals recorded before these fields read back, and write, the same bytes."""
    c = current_constitution(parse_document(demo()).events)
    assert c is not None
    encoded = constitution_to_dict(c)
    assert "population" not in encoded["assembly"] and "auxiliaries" not in encoded["session"]
    with_them = replace(
        c,
        assembly=replace(c.assembly, population=900),
        session=replace(c.session, auxiliaries=(PETIT,)),
    )
    again = constitution_from_dict(constitution_to_dict(with_them))
    assert again.assembly.population == 900 and again.session.auxiliaries == (PETIT,)


@pytest.mark.parametrize("bad", [0, -5, True, 2.0, "1200"])
def test_a_population_is_a_whole_number_of_inhabitants(bad: object) -> None:
    with pytest.raises(InputError, match="nombre entier d'habitants"):
        parse_document(demo(assembly__population=bad))


@pytest.mark.parametrize("bad", ["PETIT", [{"function": "DGS"}], [{"name": ""}], [42]])
def test_auxiliaries_are_a_list_of_named_people(bad: object) -> None:
    with pytest.raises(InputError, match="auxiliai|« auxiliaries »"):
        parse_document(demo(session__auxiliaries=bad))


def test_adding_an_auxiliary_to_a_begun_session_is_an_amendment(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.sqlite")
    try:
        session_id = import_file(store, DEMO_FILE)
        held = store.load_session(session_id)
        amendment = preparation.save_session(store, replace(held, auxiliaries=(PETIT,)))
        assert amendment is not None and amendment.patch.session is not None
        assert amendment.patch.session.auxiliaries == (PETIT,)
        assert load_record(store, session_id).session.auxiliaries == (PETIT,)
    finally:
        store.close()


def test_the_population_sets_the_jours_francs_said_on_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Convened on 7 March for the 12th, 4 jours francs: enough under 3 500 inhabitants,
    short from 3 500 (five required, L2121-12)."""
    for population, warned in ((3_499, False), (3_500, True)):
        data = demo(assembly__population=population, session__convened_on="2026-03-07")
        source = tmp_path / f"p{population}.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert main(["import", str(source), "--db", str(tmp_path / f"{population}.sqlite")]) == 0
        err = capsys.readouterr().err
        assert ("5 requis (article L2121-12 du CGCT, commune de 3\u00a0500 habitants)" in err) is (
            warned
        )


def test_a_second_convocation_follows_the_failed_meeting_by_three_days() -> None:
    """L2121-17: reconvened « à trois jours au moins d'intervalle »."""
    ok = demo(session__convocation=2, session__failed_meeting_on="2026-03-09")
    assert parse_document(ok).session.failed_meeting_on == date(2026, 3, 9)
    with pytest.raises(InputError, match="au moins 3 jours"):
        parse_document(demo(session__convocation=2, session__failed_meeting_on="2026-03-10"))
    with pytest.raises(InputError, match="seconde convocation"):
        parse_document(demo(session__failed_meeting_on="2026-03-01"))
