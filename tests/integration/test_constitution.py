"""A held session never changes: its constitution is in its journal (issue #10).

The three reproductions of the issue: a roster edit through the members editor's path,
`seance roster-import` of 40 members into the demo's file, and a preset whose values are
edited in the code, each leave the demo session's figures and documents unchanged. A file
written before constitutions is migrated once (chain valid, migration recorded).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from app.documents.export import export_documents
from app.domain.assembly import Item
from app.domain.constitution import Origin, Patch
from app.domain.errors import DomainError
from app.domain.events import Amended, Constituted, encode_event
from app.domain.members import Member
from app.domain.rules import SERIES, Preset, Rules
from app.services import preparation
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file, load_file, summary
from app.services.records import load_record
from app.services.session_service import SessionService
from app.services.store import GENESIS, Store, _canonical, chain_hash
from main import main
from tests.integration.helpers import old_schema

ITEM = "2026-011"  # voted in the demo: « 23 en exercice, 12 requis »


def figures(store: Store, session_id: str, out: Path) -> tuple[object, dict[str, str]]:
    """The session's summary and the digest of every document exported from it."""
    record = load_record(store, session_id)
    out.mkdir(parents=True, exist_ok=True)
    files = export_documents(
        record.assembly, record.session, record.state, out, fingerprint="f" * 64
    )
    return summary(record.state), {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files
    }


def quorum_of(store: Store, session_id: str, item: str) -> tuple[int, int]:
    items = summary(load_record(store, session_id).state)["items"]
    q = next(i for i in items if i["id"] == item)["quorum"]
    return q["in_office"], q["required"]


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.sqlite"
    store = Store.open(db)
    session_id = import_file(store, DEMO_FILE)
    yield db, store, session_id
    store.close()


def test_the_constitution_holds_the_rules_as_values_and_the_roster(demo):
    _, store, session_id = demo
    events = store.load_events(session_id)
    constituted = [e for e in events if isinstance(e, Constituted)]
    assert len(constituted) == 1
    data = encode_event(constituted[0])["constitution"]
    assert data["rules"] == {
        "preset": "commune",
        "quorum_fraction": "1/2",
        "quorum_strict": True,
        "quorum_counts_proxies": False,
        "quorum_weighted": False,
        "weighted": False,
        "max_proxies_per_holder": 1,
        "casting_vote": True,
        "recused_out_of_quorum": "l1111_6",
    }
    assert len(data["members"]) == len(store.load_assembly("A1").members)
    assert data["session"]["president"] and data["agenda"][0]["id"] == ITEM
    assert data["origin"] == "import"  # the demo file predates constitutions


def test_a_roster_edit_leaves_a_begun_session_unchanged(demo, tmp_path):
    """Reproduction 1: one member added in the members editor (its save path)."""
    _, store, session_id = demo
    before = figures(store, session_id, tmp_path / "before")
    assert quorum_of(store, session_id, ITEM) == (23, 12)
    assembly = store.load_assembly("A1")
    newcomer = Member(id="m99", last_name="NOUVEAU", first_name="Jean", civility="M.")
    preparation.save_assembly(store, replace(assembly, members=assembly.members + (newcomer,)))
    assert len(store.load_assembly("A1").members) == len(assembly.members) + 1
    assert quorum_of(store, session_id, ITEM) == (23, 12)
    assert figures(store, session_id, tmp_path / "after") == before
    # reopened live, the session still counts 23 members in office
    service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 20, 0))
    assert service.state.attendance().quorum.in_office == 23
    assert "m99" not in service.assembly.members_by_id()


def test_a_new_session_takes_the_edited_roster(demo):
    _, store, session_id = demo
    assembly = store.load_assembly("A1")
    newcomer = Member(id="m99", last_name="NOUVEAU", civility="M.")
    preparation.save_assembly(store, replace(assembly, members=assembly.members + (newcomer,)))
    later = replace(store.load_session(session_id), id="2026-04-02", date=date(2026, 4, 2))
    store.save_session(later)
    assert quorum_of(store, "2026-04-02", ITEM) == (24, 13)


def _plain_roster(n: int) -> str:
    lines = ["civilite,nom,prenom,groupe,fonction,poids"]
    lines += [f"M.,IMPORTE{i},Paul,Groupe,,1" for i in range(1, n + 1)]
    return "\n".join(lines) + "\n"


def test_roster_import_on_the_command_line_leaves_a_begun_session_unchanged(demo, tmp_path, capsys):
    """Reproduction 2: `seance roster-import` of 40 members into the demo's file, then
    `seance summary` still exits 0 with the same figures."""
    db, store, session_id = demo
    store.close()
    assert main(["summary", "--db", str(db), "--session", session_id]) == 0
    before = capsys.readouterr().out
    csv = tmp_path / "quarante.csv"
    csv.write_text(_plain_roster(40), encoding="utf-8")
    assert main(["roster-import", str(csv), "--db", str(db)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 40
    assert main(["summary", "--db", str(db), "--session", session_id]) == 0
    assert capsys.readouterr().out == before
    reopened = Store.open(db)
    try:
        assert len(reopened.load_assembly("A1").members) >= 63
        assert quorum_of(reopened, session_id, ITEM) == (23, 12)
    finally:
        reopened.close()


def test_editing_a_preset_does_not_rejudge_an_archived_session(demo, tmp_path, monkeypatch):
    """Reproduction 3: the values of the demo's preset change in the code."""
    db, store, session_id = demo
    before = figures(store, session_id, tmp_path / "before")
    store.close()
    monkeypatch.setitem(
        SERIES,
        Preset.COMMUNE,
        ((None, {"quorum_fraction": Fraction(2, 3), "max_proxies_per_holder": 0}),),
    )
    assert Rules.from_preset("commune").quorum_fraction == Fraction(2, 3)
    reopened = Store.open(db)
    try:
        assert figures(reopened, session_id, tmp_path / "after") == before  # byte for byte
        assert quorum_of(reopened, session_id, ITEM) == (23, 12)
        # a session not begun takes the preset's new values
        later = replace(reopened.load_session(session_id), id="2026-04-02", date=date(2026, 4, 2))
        reopened.save_session(later)
        assert quorum_of(reopened, "2026-04-02", ITEM) == (23, 16)
    finally:
        reopened.close()


def test_preset_values_are_dated():
    """The covid series: ordonnance 2020-391 counted proxies from 1 April to 10 July 2020."""
    assert not Rules.from_preset("covid_2020", date(2020, 3, 30)).quorum_counts_proxies
    assert Rules.from_preset("covid_2020", date(2020, 4, 1)).quorum_counts_proxies
    assert Rules.from_preset("covid_2020", date(2020, 7, 10)).quorum_counts_proxies
    assert not Rules.from_preset("covid_2020", date(2020, 7, 11)).quorum_counts_proxies
    assert Rules.from_preset("covid_2020").max_proxies_per_holder == 2


def test_a_session_copies_the_preset_values_of_its_date(tmp_path):
    store = Store.open(None)
    record = load_file(DEMO_FILE)
    assembly = replace(record.assembly, rules=Rules.from_preset("covid_2020"))
    store.save_assembly(assembly)
    store.save_session(replace(record.session, id="s2020", date=date(2020, 5, 14)))
    store.save_session(replace(record.session, id="s2021", date=date(2021, 5, 14)))
    for session_id, counted in (("s2020", True), ("s2021", False)):
        service = SessionService(store, session_id, lambda: datetime(2020, 5, 14, 18))
        service.open_session()
        constitution = service.events[0]
        assert isinstance(constitution, Constituted)
        assert constitution.constitution.assembly.rules.quorum_counts_proxies is counted
    store.close()


def test_a_mandate_has_a_start_date():
    """A by-election replacement is in office from his start date only."""
    member = Member(id="m1", last_name="X", started_on=date(2026, 5, 1))
    assert not member.in_office_on(date(2026, 4, 30))
    assert member.in_office_on(date(2026, 5, 1))


# ---------------------------------------------------------------- amendments


def test_a_begun_session_is_amended_in_its_journal(demo):
    _, store, session_id = demo
    session = store.load_session(session_id)
    added = Item(id="2026-099", title="Motion ajoutée en séance")
    amendment = preparation.save_session(
        store, replace(session, items=session.items + (added,)), by="M. le maire", reason="urgence"
    )
    assert isinstance(amendment, Amended) and amendment.patch.agenda is not None
    events = store.load_events(session_id)
    assert events[-1] == amendment
    record = load_record(store, session_id)
    assert record.session.items[-1] == added and "2026-099" in record.state.items
    assert store.verify().ok
    # the tables follow; an unchanged save writes nothing to the journal
    assert preparation.save_session(store, store.load_session(session_id)) is None
    assert len(store.load_events(session_id)) == len(events)


def test_an_amendment_may_not_orphan_the_journal(demo):
    _, store, session_id = demo
    session = store.load_session(session_id)
    before = store.load_events(session_id)
    with pytest.raises(DomainError, match="point\\(s\\) déjà traité\\(s\\)"):
        preparation.save_session(store, replace(session, items=session.items[1:]))
    with pytest.raises(DomainError, match="date d'une séance commencée"):
        preparation.save_session(store, replace(session, date=date(2026, 3, 13)))
    assert store.load_events(session_id) == before
    assert store.load_session(session_id) == session


def test_the_live_service_amends_and_describes(demo):
    _, store, session_id = demo
    service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 20, 0))
    member = Member(id="m99", last_name="TARDIF", civility="M.")
    change = service.amend(
        Patch(members=service.assembly.members + (member,)), "la secrétaire", "élu oublié"
    )
    assert change.full and "liste des membres" in change.label and "élu oublié" in change.label
    assert service.state.attendance().quorum.in_office == 24
    assert quorum_of(store, session_id, ITEM) == (23, 12)  # voted before: its snapshot
    constitution = next(i for i, e in enumerate(service.events) if isinstance(e, Constituted))
    with pytest.raises(DomainError, match="ne s'annule pas"):
        service.correct(constitution, "x")


# ---------------------------------------------------------------- migration


def _old_file(path: Path) -> tuple[str, list[object]]:
    """A database as the version before constitutions wrote it (schema 1, no
    constitution in the journal)."""
    record = load_file(DEMO_FILE)
    conn = sqlite3.connect(path, isolation_level=None)
    old_schema.create(conn, 1)
    a, s = record.assembly, record.session
    conn.execute(
        "INSERT INTO assemblies VALUES (?,?,?,?,?,?,?,?)",
        [
            "A1",
            a.name,
            a.organisation,
            a.kind.value,
            a.siren,
            a.siret,
            a.department,
            _canonical(a.rules.to_dict()),
        ],
    )
    for pos, m in enumerate(a.members):
        conn.execute(
            "INSERT INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                "A1",
                m.id,
                pos,
                m.civility,
                m.last_name,
                m.first_name,
                m.group,
                m.function,
                m.weight,
                m.substitute_for,
                m.birth_date.isoformat() if m.birth_date else None,
                None,
            ],
        )
    conn.execute(
        "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?)",
        [
            "S1",
            "A1",
            s.date.isoformat(),
            s.time,
            s.place,
            s.convened_on.isoformat() if s.convened_on else None,
            s.convocation,
            s.president,
            json.dumps(list(s.secretaries)),
        ],
    )
    from app.domain.constitution import item_to_dict

    for pos, it in enumerate(s.items):
        conn.execute(
            "INSERT INTO items VALUES (?,?,?,?)", ["S1", it.id, pos, _canonical(item_to_dict(it))]
        )
    prev = GENESIS
    acts = [e for e in record.events if not isinstance(e, Constituted)]
    for seq, event in enumerate(acts):
        payload = _canonical(encode_event(event))
        digest = chain_hash(prev, "S1", seq, payload)
        conn.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?)",
            ["S1", seq, event.type, payload, "2026-03-12T20:00:00", prev, digest],
        )
        prev = digest
    conn.close()
    return "S1", acts


def test_a_file_written_before_constitutions_is_migrated_once(tmp_path, capsys):
    db = tmp_path / "ancien.sqlite"
    session_id, acts = _old_file(db)
    expected = summary(load_file(DEMO_FILE).state)
    store = Store.open(db)
    try:
        events = store.load_events(session_id)
        assert len(events) == len(acts) + 1
        last = events[-1]
        assert isinstance(last, Constituted) and last.constitution.origin is Origin.MIGRATION
        assert store.verify().ok
        assert summary(load_record(store, session_id).state) == expected
    finally:
        store.close()
    # opened again: nothing more is appended
    store = Store.open(db)
    try:
        assert len(store.load_events(session_id)) == len(acts) + 1
    finally:
        store.close()
    assert main(["verify", "--db", str(db)]) == 0
    capsys.readouterr()


def test_an_rne_import_on_the_command_line_leaves_a_begun_session_unchanged(demo, tmp_path, capsys):
    """The RNE path of `seance roster-import` goes through the same use case
    (app/services/preparation.py): the begun session keeps its figures and documents;
    the new members get fresh ids, after those the journals name."""
    db, store, session_id = demo
    before = figures(store, session_id, tmp_path / "before")
    named = store.members_in_journals("A1")
    store.close()
    rne = Path(__file__).parent.parent / "data" / "rne-cm-sample.csv"
    assert main(["roster-import", str(rne), "--db", str(db), "--commune", "01999"]) == 0
    added = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert len(added) == 5 and not set(added) & named
    reopened = Store.open(db)
    try:
        members = reopened.load_assembly("A1").members_by_id()
        assert all(members[m].started_on == date(2020, 5, 23) for m in added)
        assert quorum_of(reopened, session_id, ITEM) == (23, 12)
        assert figures(reopened, session_id, tmp_path / "after") == before
    finally:
        reopened.close()
