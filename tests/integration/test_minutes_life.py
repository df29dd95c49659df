"""The PV after its session: arrêté at the next session, signed, published (issue #14)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.minutes import build_minutes
from app.documents.publication import build_final_minutes
from app.domain.errors import InputError
from app.domain.events import Ballot, VoteRecorded
from app.services.minutes_life import (
    After,
    MinutesStage,
    minutes_status,
    pending_approval,
    propose_approval,
    record_after,
)
from app.services.register import session_state
from app.services.session_service import SessionService
from app.services.store import Store
from tests.integration.helpers.register_year import (
    REMARK,
    play,
    script_session,
    script_year,
    setup,
)


@pytest.fixture
def store() -> Store:
    return Store.open(None)


def text(path: Path) -> str:
    pages = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return pages.replace("\xa0", " ")


def test_the_next_session_s_first_item_approves_the_pv(store: Store, tmp_path: Path) -> None:
    script_year(store)
    s2 = store.load_session("s2")
    assert s2.items[0].id == "PV-20260205"
    title = s2.items[0].title.replace("\xa0", " ")
    assert title == "Approbation du procès-verbal de la séance du 5 février 2026"
    status = minutes_status(store, "s1")
    assert status.stage is MinutesStage.ARRETE and not status.is_draft
    assert status.approval is not None
    assert status.approval.on == date(2026, 4, 9)
    assert status.approval.remarks == (REMARK,)
    final = build_final_minutes(
        session_state(store, "s1"),
        tmp_path / "pv.pdf",
        approved_on=status.approval.on,
        remarks=status.approval.remarks,
    )
    content = text(final)
    assert "Procès-verbal arrêté lors de la séance du jeudi 9 avril 2026" in content
    assert "Mme DUBOIS demande que son intervention" in content
    assert "PROJET" not in content
    # the draft (the ordinary PV) has neither
    draft = text(build_minutes(session_state(store, "s1"), tmp_path / "draft.pdf"))
    assert "arrêté lors de la séance" not in draft
    # the last session's PV is still a projet
    assert minutes_status(store, "s3").stage is MinutesStage.PROJET
    assert minutes_status(store, "s3").is_draft


def test_a_rejected_approval_leaves_the_pv_a_projet(store: Store) -> None:
    clock = setup(store)
    script_session(store, clock, "s1")
    propose_approval(store, "s2", "s1")
    service = SessionService(store, "s2", clock)
    clock.now = datetime(2026, 4, 9, 18, 30)
    for m in ("m1", "m2", "m3", "m4", "m5", "m6", "m7"):
        service.arrive(m)
    service.open_session()
    service.open_item("PV-20260205")
    service.execute(
        VoteRecorded(
            item="PV-20260205",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=2,
            count_against=5,
            count_abstain=0,
        )
    )
    assert minutes_status(store, "s1").approval is None


def test_the_approval_is_proposed_only_where_it_belongs(store: Store) -> None:
    clock = setup(store)
    with pytest.raises(InputError, match="n'est pas close"):
        propose_approval(store, "s2", "s1")
    play(store, "s1", clock)
    with pytest.raises(InputError, match="séance ultérieure"):
        propose_approval(store, "s1", "s1")
    store.save_assembly(store.load_assembly("a1"))
    assert [i.id for i in store.load_session("s2").items][0] == "2026-004"


def test_a_begun_session_s_agenda_is_not_changed(store: Store) -> None:
    clock = setup(store)
    play(store, "s1", clock)
    play(store, "s2", clock)
    with pytest.raises(InputError, match="a commencé"):
        propose_approval(store, "s2", "s1")
    assert [i.id for i in store.load_session("s2").items][0] == "2026-004"
    propose_approval(store, "s3", "s1")
    with pytest.raises(InputError, match="déjà inscrite"):
        propose_approval(store, "s3", "s1")


def test_signing_and_publishing_follow_the_arrete(store: Store) -> None:
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    before = store.db.execute("SELECT count(*) FROM after_session").fetchone()[0]
    refusals = [
        ("s3", After.MINUTES_SIGNED, date(2026, 6, 30), "pas encore arrêté"),
        ("s1", After.MINUTES_SIGNED, date(2026, 4, 1), "la précède"),
        ("s1", After.MINUTES_SIGNED, date(2026, 7, 2), "à venir"),
        ("s1", After.MINUTES_PUBLISHED, date(2026, 4, 10), "signé avant"),
        ("s1", After.LIST_PUBLISHED, date(2026, 1, 1), "précède la séance"),
    ]
    for sid, what, on, message in refusals:
        with pytest.raises(InputError, match=message):
            record_after(store, sid, what, on, clock=clock)
    assert store.db.execute("SELECT count(*) FROM after_session").fetchone()[0] == before
    status = record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
    assert status.stage is MinutesStage.SIGNE and status.signed_on == date(2026, 4, 10)
    with pytest.raises(InputError, match="déjà inscrit"):
        record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 11), clock=clock)
    with pytest.raises(InputError, match="ne peut pas avoir été publié"):
        record_after(store, "s1", After.MINUTES_PUBLISHED, date(2026, 4, 9), clock=clock)
    status = record_after(store, "s1", After.MINUTES_PUBLISHED, date(2026, 4, 14), clock=clock)
    assert status.stage is MinutesStage.PUBLIE and status.published_on == date(2026, 4, 14)


def test_the_after_session_journal_is_append_only(store: Store) -> None:
    import sqlite3

    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE after_session SET on_date = '2026-04-11'")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM after_session")


def test_preparing_the_next_session_finds_the_pv_to_approve(store: Store) -> None:
    clock = setup(store)
    assert pending_approval(store, "s2") is None  # s1 not held yet
    play(store, "s1", clock)
    assert pending_approval(store, "s2") == "s1"
    assert pending_approval(store, "s3") == "s1"  # s2 not held: the latest PV is s1's
    propose_approval(store, "s2", "s1")
    assert pending_approval(store, "s3") is None
