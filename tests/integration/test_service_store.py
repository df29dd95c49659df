"""``SessionService`` on a real SQLite file: store first, then tell; refusals write nothing;
undo and redo are corrections; reopening gives the same state; ``Change`` is precise."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.errors import DomainError
from app.domain.events import Arrived, Choice, ClosedStatus, Correction
from app.domain.members import Member
from app.domain.state import Phase, ProxyState
from app.services.session_service import Change, SessionService
from app.services.store import Store
from tests.factories import assembly, session

S3 = Member(id="s3", last_name="SUPPLÉANT", first_name="Jean", civility="M.", substitute_for="m3")


class Clock:
    """A clock that ticks a minute (and a few microseconds) at every reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 12, 18, 30)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1, microseconds=123)
        return self.now


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    store.save_assembly(assembly(extra=(S3,)))
    store.save_session(session())
    store.close()
    return path


@pytest.fixture
def store(db):
    s = Store.open(db)
    yield s
    s.close()


@pytest.fixture
def service(store):
    return SessionService(store, "s1", Clock())


def rows(store: Store) -> list[tuple]:
    return store.db.execute("SELECT seq, type, payload, hash FROM events ORDER BY seq").fetchall()


def quorate(service: SessionService, n: int = 12) -> None:
    service.open_session()
    for i in range(1, n + 1):
        service.arrive(f"m{i}")


def full_state(service: SessionService):
    st = service.state
    return (
        {i: st.attendance(i) for i in (None, "P1", "P2", "P3", "P4", "P5")},
        [
            (r.status, r.vote, r.snapshot, dict(r.recused), r.notes, r.rounds)
            for r in st.item_records()
        ],
        st.phase,
        st.timeline,
    )


# ---------------------------------------------------------------- store first, then tell
def test_event_is_stored_before_listeners_are_told(service, store):
    seen: list[tuple[Change, int, object]] = []

    def listener(change: Change) -> None:
        events = store.load_events("s1")
        seen.append((change, len(events), events[change.index]))

    service.subscribe(listener)
    service.open_session()
    change = service.arrive("m1")
    # the constitution is event 0, written with the first act (one transaction)
    assert [(c.index, n) for c, n, _ in seen] == [(1, 2), (2, 3)]
    stored = seen[-1][2]
    assert isinstance(stored, Arrived) and stored.member == "m1"
    assert change.label == "arrivée de Mme NOM1"
    service.unsubscribe(listener)
    service.arrive("m2")
    assert len(seen) == 2


def test_stored_instant_is_the_one_folded(service, store, db):
    quorate(service, 2)
    # what reopening reads back is exactly what the live state folded (to the second)
    live = service.state.attendance()
    store.close()
    again = Store.open(db)
    try:
        reopened = SessionService(again, "s1", Clock())
        assert reopened.state.attendance() == live
        assert reopened.events == service.events
    finally:
        again.close()


@pytest.mark.parametrize(
    "command",
    [
        lambda s: s.arrive("m1"),  # already present
        lambda s: s.leave("m20"),  # absent
        lambda s: s.arrive("zz"),  # unknown
        lambda s: s.give_proxy("m20", "m20"),
        lambda s: s.give_proxy("m1", "m2"),  # giver present
        lambda s: s.give_proxy("m20", "s3"),
        lambda s: s.revoke_proxy("m20"),
        lambda s: s.excuse("m1"),
        lambda s: s.arrive("s3", for_titular="m4"),
        lambda s: s.open_item("P9"),
        lambda s: s.recuse("m1", "P9"),
        lambda s: s.recuse("m1"),  # no current item
        lambda s: s.record_show_of_hands("P1", 11, 0, 0),  # 12 voters
        lambda s: s.record_public("P1", [("m1", Choice.FOR)]),
        lambda s: s.record_secret("P1", 10, 1, 0, 0),
        lambda s: s.resume(),
        lambda s: s.open_session(),
        lambda s: s.note(None, "   "),
    ],
)
def test_refused_command_changes_nothing(service, store, command):
    quorate(service)
    before_rows, before_state = rows(store), full_state(service)
    told: list[Change] = []
    service.subscribe(told.append)
    with pytest.raises(DomainError) as info:
        command(service)
    assert str(info.value) and not str(info.value)[0].islower()
    assert rows(store) == before_rows
    assert full_state(service) == before_state
    assert len(service.events) == len(before_rows)
    assert told == []


def test_refused_after_close(service, store):
    quorate(service)
    service.close_session()
    before = rows(store)
    with pytest.raises(DomainError, match="La séance est close"):
        service.arrive("m13")
    assert rows(store) == before


# ---------------------------------------------------------------- undo / redo
def test_undo_and_redo_are_corrections(service, store):
    quorate(service, 2)
    told: list[Change] = []
    service.subscribe(told.append)
    assert service.undo_label() == "arrivée de M. NOM2"
    assert service.redo_label() is None
    change = service.undo()
    assert change.undo and change.full and change.members == frozenset({"m2"})
    assert change.label == "annulation : arrivée de M. NOM2"
    assert "m2" not in service.state.attendance().present
    assert service.undo_label() == "arrivée de Mme NOM1"
    assert service.redo_label() == "arrivée de M. NOM2"
    service.undo()
    assert service.state.attendance().present == ()
    assert service.redo_label() == "arrivée de Mme NOM1"
    redo = service.redo()
    assert redo.redo and service.state.attendance().present == ("m1",)
    assert service.redo_label() == "arrivée de M. NOM2"
    service.redo()
    assert service.state.attendance().present == ("m1", "m2")
    assert service.redo_label() is None
    with pytest.raises(DomainError, match="Rien à rétablir"):
        service.redo()
    # nothing was deleted: every step is in the journal
    types = [r[1] for r in rows(store)]
    assert types == ["constituted", "session_opened", "arrived", "arrived"] + ["correction"] * 4
    events = store.load_events("s1")
    assert [e.target for e in events[4:]] == [3, 2, 5, 4]
    assert all(isinstance(e, Correction) for e in events[4:])
    assert len(told) == 4
    assert store.verify().ok


def test_a_new_command_clears_redo(service):
    quorate(service, 2)
    service.undo()
    assert service.redo_label() is not None
    service.arrive("m3")
    assert service.redo_label() is None
    with pytest.raises(DomainError, match="Rien à rétablir"):
        service.redo()


def test_undo_everything_then_nothing_left(service):
    service.open_session()
    service.arrive("m1")
    service.undo()
    service.undo()
    assert service.state.phase is Phase.NOT_OPENED
    assert service.undo_label() is None
    with pytest.raises(DomainError, match="Rien à annuler"):
        service.undo()


def test_undo_a_vote_lets_it_be_recorded_again(service):
    quorate(service)
    service.open_item("P1")
    service.record_unanimity("P1")
    assert service.state.items["P1"].vote.adopted
    with pytest.raises(DomainError, match="déjà adopté"):
        service.record_show_of_hands("P1", 0, 12, 0)
    assert service.undo_label() == "vote du point P1"
    service.undo()
    assert service.state.items["P1"].vote is None
    service.record_show_of_hands("P1", 0, 12, 0)
    assert not service.state.items["P1"].vote.adopted


def test_correcting_an_event_the_rest_depends_on_is_refused(service, store):
    service.open_session()
    service.arrive("m1")
    service.excuse("m5")
    service.leave("m1")
    before = rows(store)
    with pytest.raises(
        DomainError,
        match="Impossible d'annuler « arrivée de Mme NOM1 » : la "
        "suite du journal ne tiendrait plus",
    ):
        service.correct(2, "erreur")
    assert rows(store) == before
    # the independent excuse can be corrected
    service.correct(3, "erreur")
    assert service.state.attendance().seat("m5").presence.value == "absent"


def test_undo_after_close_reopens(service):
    quorate(service, 2)
    service.close_session()
    assert service.undo_label() == "clôture de la séance"
    service.undo()
    assert service.state.phase is Phase.OPEN
    service.arrive("m3")


# ---------------------------------------------------------------- reopening
def test_reopen_after_a_full_session_gives_the_same_state(db):
    store = Store.open(db)
    service = SessionService(store, "s1", Clock())
    service.open_session()
    for i in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13):
        service.arrive(f"m{i}")
    service.arrive("s3", for_titular="m3")
    service.excuse("m20")
    service.give_proxy("m20", "m1")
    service.open_item("P1")
    service.recuse("m2")
    service.record_show_of_hands("P1", 10, 2, 1)
    service.note("P1", "Débat sur les tarifs.")
    service.leave("m1")
    service.open_item("P2")
    service.record_public(
        "P2", [(f"m{i}", Choice.FOR) for i in range(2, 14) if i != 3] + [("s3", Choice.AGAINST)]
    )
    service.suspend()
    service.resume()
    service.open_item("P3")
    service.close_item("P3", ClosedStatus.POSTPONED)
    service.undo()
    service.redo()
    service.open_item("P4")
    service.record_election_round("P4", 1, {"m5": 7, "m6": 5})
    service.close_session()
    expected = full_state(service)
    events = list(service.events)
    store.close()
    store = Store.open(db)
    try:
        reopened = SessionService(store, "s1", Clock())
        assert reopened.events == events
        assert full_state(reopened) == expected
        assert reopened.state.items["P4"].elected == "m5"
        assert store.verify().ok
    finally:
        store.close()


# ---------------------------------------------------------------- Change
def test_change_lists_exactly_the_seats_that_changed(service):
    service.open_session()
    assert service.arrive("m1").members == frozenset({"m1"})
    assert service.excuse("m5").members == frozenset({"m5"})
    assert service.give_proxy("m5", "m1").members == frozenset({"m5", "m1"})
    # the giver arrives: his seat and his holder's proxy state (the holder's seat is unchanged)
    change = service.arrive("m5")
    assert change.members == frozenset({"m5"})
    assert service.state.attendance().seat("m5").proxy_state is ProxyState.GIVER_PRESENT
    assert service.leave("m5").members == frozenset({"m5"})
    # the holder leaves: his seat and the giver's (the proxy cannot be exercised)
    assert service.leave("m1").members == frozenset({"m1", "m5"})
    # a suppléant sits: the titular's seat
    assert service.arrive("s3").members == frozenset({"m3"})
    assert service.revoke_proxy("m5").members == frozenset({"m5", "m1"})
    change = service.open_item("P1")
    assert change.members == frozenset() and change.items == frozenset({"P1"})
    # recusal is personal: the suppléant's recusal changes the seat he sits in
    assert service.recuse("s3").members == frozenset({"m3"})
    assert service.note("P1", "texte").members == frozenset()


def test_quorum_lost_and_regained(service):
    service.open_session()
    for i in range(1, 12):
        change = service.arrive(f"m{i}")
        assert not change.quorum_lost and not change.quorum_regained
        assert change.quorum_changed
    change = service.arrive("m12")
    assert change.quorum_regained and not change.quorum_lost
    change = service.arrive("m13")
    assert not change.quorum_regained and not change.quorum_lost
    change = service.leave("m13")
    assert not change.quorum_lost
    change = service.leave("m12")
    assert change.quorum_lost and not change.quorum_regained
    assert service.undo().quorum_regained
    assert service.redo().quorum_lost
    assert not service.excuse("m23").quorum_changed


def test_an_event_the_journal_could_not_read_back_is_refused(service, store):
    """A note longer than the codec admits would be stored, then refused on reopening."""
    quorate(service)
    before = rows(store)
    with pytest.raises(DomainError, match="^Champ « text » : texte trop long"):
        service.note(None, "x" * 100_001)
    assert rows(store) == before
    with pytest.raises(DomainError, match="^Scrutin public : « choices »"):
        service.record_public("P1", [])
    assert rows(store) == before
    with pytest.raises(DomainError, match="^Champ « member » : une chaîne non vide"):
        service.arrive("")
    assert rows(store) == before


def test_correcting_a_missing_or_cancelled_event_is_refused(service, store):
    quorate(service, 2)
    service.undo()  # cancels the arrival of m2 (index 3)
    before = rows(store)
    with pytest.raises(DomainError, match="Aucun événement d'indice 9 dans le journal"):
        service.correct(9, "erreur")
    with pytest.raises(DomainError, match="Aucun événement d'indice -1"):
        service.correct(-1, "erreur")
    with pytest.raises(DomainError, match="^L'événement d'indice 3 est déjà annulé"):
        service.correct(3, "erreur")
    with pytest.raises(DomainError, match="constitution de la séance ne s'annule pas"):
        service.correct(0, "erreur")
    assert rows(store) == before


def test_a_manual_correction_clears_redo(service):
    quorate(service, 3)
    service.undo()
    assert service.redo_label() == "arrivée de Mme NOM3"
    service.correct(2, "erreur")  # the arrival of m1
    assert service.redo_label() is None
    assert service.state.attendance().present == ("m2",)
