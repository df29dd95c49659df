"""Costs that do not grow with the roster or the journal (issue 17): the shortcuts give
exactly what the long way gives."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Constituted,
    Correction,
    Event,
    Excused,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionOpened,
    WithdrawnFromVote,
)
from app.domain.journal import PrefixMask
from app.domain.rules import RecusedOutOfQuorum, Rules
from app.domain.state import (
    Attendance,
    ItemRecord,
    Presence,
    Quorum,
    Seat,
    SessionState,
    effective_mask,
)
from app.services import session_service
from app.services.records import fold_held
from app.services.store import Store
from tests.integration.helpers.workload import (
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)

# a journal of proxies, notes and corrections, each correction naming an earlier event
journal_steps = st.lists(
    st.one_of(
        st.tuples(st.just("proxy"), st.sampled_from(["m1", "m2", "m3"])),
        st.tuples(st.just("note"), st.just("")),
        st.tuples(st.just("correction"), st.integers(min_value=0, max_value=10_000)),
    ),
    max_size=40,
)


def _journal(steps: list[tuple[str, object]]) -> list[Event]:
    events: list[Event] = []
    for kind, value in steps:
        if kind == "proxy":
            events.append(ProxyGiven(giver=str(value), holder="m9"))
        elif kind == "note":
            events.append(Note(item=None, text="note"))
        elif events:
            assert isinstance(value, int)
            events.append(Correction(target=value % len(events), reason="test"))
    return events


def test_seat_lookup_by_id_keeps_the_first_seat_and_misses_unknown_members():
    def seat(member: str, recused: bool = False) -> Seat:
        return Seat(member, Presence.PRESENT, True, None, None, None, (), recused, not recused)

    seats = (seat("m1"), seat("m2"), seat("m3"), seat("m2", recused=True))
    att = Attendance(None, seats, Quorum(3, 3, 0, 2, True, False, True), 2, ())
    assert att.seat("m2") is seats[1]
    assert att.seat("m3") is seats[2]
    assert att.seat("nobody") is None


# --------------------------------------------------------------------------- checkpoints


def _view(state: SessionState) -> dict[str, object]:
    """Everything a state holds (the cache of the last check and the projection aside)."""
    return {k: v for k, v in vars(state).items() if k not in ("_checked", "_proj")}


def _mutable_ids(value: object, seen: set[int]) -> set[int]:
    """Ids of the mutable containers reachable from ``value`` (frozen values stop)."""
    found: set[int] = set()
    if id(value) in seen:
        return found
    seen.add(id(value))
    if isinstance(value, list | dict | set) or isinstance(value, ItemRecord | SessionState):
        found.add(id(value))
    children: Iterable[object] = ()
    if isinstance(value, dict):
        children = list(value.values())
    elif isinstance(value, list | set):
        children = list(value)
    elif isinstance(value, ItemRecord | SessionState):
        children = list(vars(value).values())
    for child in children:
        found |= _mutable_ids(child, seen)
    return found


def test_a_copied_state_shares_no_mutable_container_with_its_original(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    assembly = build_assembly(30, 6, 3)
    create(store, assembly, build_session(assembly, 6))
    service = open_service(store, "S1")
    SessionDriver(service, random.Random(3), Plan(churn=6, undo=0.1)).run(close=False)
    original = service._state
    copy = original.copy()
    assert _view(copy) == _view(original)
    assert not _mutable_ids(original, set()) & _mutable_ids(copy, set())
    store.close()


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    corrections=st.lists(
        st.tuples(st.sampled_from(["undo", "redo", "older"]), st.integers(0, 10_000)),
        min_size=1,
        max_size=12,
    ),
)
def test_undo_redo_and_corrections_from_checkpoints_equal_a_full_replay(
    tmp_path_factory, monkeypatch, seed, corrections
):
    """On random sessions long enough to hold several checkpoints, after every undo, redo
    or correction of an older act the live state is what folding the whole journal gives."""
    monkeypatch.setattr(session_service, "CHECKPOINT_EVERY", 8)
    monkeypatch.setattr(session_service, "DENSE_SPAN", 32)
    store = Store.open(tmp_path_factory.mktemp("cp") / "db.sqlite")
    assembly = build_assembly(16, 4, 2)
    create(store, assembly, build_session(assembly, 5))
    service = open_service(store, "S1")
    rng = random.Random(seed)
    SessionDriver(service, rng, Plan(churn=5, undo=0.15)).run(close=False)
    assert len(service._checkpoints) >= 2
    for kind, pick in corrections:
        try:
            if kind == "undo":
                service.undo()
            elif kind == "redo":
                if not service.redo_label():
                    continue
                service.redo()
            else:
                mask = effective_mask(service.events)
                standing = [
                    i
                    for i, ev in enumerate(service.events)
                    if mask[i] and not isinstance(ev, Correction | Constituted)
                ]
                service.correct(standing[pick % len(standing)], "test")
        except DomainError:
            pass  # refused (the rest would not hold): nothing changed, checked below
        full = fold_held(service.events, *service._prepared)
        assert _view(service._state) == _view(full)
        assert service._mask == effective_mask(service.events)
        # the session goes on after the correction, from the corrected state
        if rng.random() < 0.5:
            SessionDriver(service, rng, Plan(churn=5, undo=0.0)).churn_once()
            assert _view(service._state) == _view(fold_held(service.events, *service._prepared))
    store.close()


# --------------------------------------------------------------------------- projection

_ACTS = ("arrive", "sub", "leave", "excuse", "give", "revoke", "open", "recuse", "withdraw")


def _random_act(state: SessionState, kind: str, pick: int) -> Event | None:
    """An act of ``kind`` naming someone ``pick`` chooses (the rules may refuse it)."""
    members = sorted(state.members)
    who = members[pick % len(members)]
    other = members[(pick // 7) % len(members)]
    items = sorted(state.items)
    item = state.current_item or items[0]
    if kind in ("arrive", "sub"):
        m = state.members[who]
        return Arrived(member=who, for_titular=m.substitute_for if kind == "sub" else None)
    if kind == "leave":
        return Left(member=who)
    if kind == "excuse":
        return Excused(member=who)
    if kind == "give":
        return ProxyGiven(giver=who, holder=other)
    if kind == "revoke":
        return ProxyRevoked(giver=who)
    if kind == "open":
        return ItemOpened(item=items[pick % len(items)])
    if kind == "recuse":
        return Recused(member=who, item=item, kind=list(RecusalKind)[pick % len(RecusalKind)])
    return WithdrawnFromVote(member=who, item=item)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(st.tuples(st.sampled_from(_ACTS), st.integers(0, 10_000)), max_size=120),
    out_of_quorum=st.sampled_from(list(RecusedOutOfQuorum)),
    weighted=st.booleans(),
    counts_proxies=st.booleans(),
    max_proxies=st.integers(1, 2),
)
def test_the_incremental_attendance_equals_a_full_recomputation_after_every_event(
    steps, out_of_quorum, weighted, counts_proxies, max_proxies
):
    """On random journals (arrivals, suppléants, departures, apologies, proxies, items
    opened again, recusals and withdrawals on the current item), after every event the
    attendance the projection keeps is the one recomputed from the whole roster, and the
    seats it says changed are exactly those that did."""
    rules = Rules(
        recused_out_of_quorum=out_of_quorum,
        weighted=weighted,
        quorum_weighted=weighted,
        quorum_counts_proxies=counts_proxies,
        max_proxies_per_holder=max_proxies,
    )
    assembly = build_assembly(9, 4, 2, rules=rules)
    if weighted:
        members = tuple(replace(m, weight=1 + i % 3) for i, m in enumerate(assembly.members))
        assembly = replace(assembly, members=members)
    state = SessionState(assembly, build_session(assembly, 3))
    state.apply(SessionOpened(), 0)
    state.project()
    before = state.attendance()
    applied = 0
    for index, (kind, pick) in enumerate(steps, start=1):
        event = _random_act(state, kind, pick)
        try:
            assert event is not None
            state.check(event)
        except DomainError:
            continue
        state.apply(event, index)
        applied += 1
        after = state.attendance()
        assert after == state.recomputed_attendance()
        for item in state.items:  # other items: recomputed, same values
            assert state.attendance(item) == state.recomputed_attendance(item)
        moved = {a.member for a, b in zip(before.seats, after.seats, strict=True) if a != b}
        assert state.changed_seats() == moved
        before = after
    copy = state.copy()  # a checkpoint carries its projection, independent of the original
    assert copy.attendance() == state.recomputed_attendance()


@settings(max_examples=200, deadline=None)
@given(steps=journal_steps)
def test_the_prefix_mask_built_event_by_event_is_the_mask_of_every_prefix(steps):
    """A fold checks each correction against the mask of the journal before it: built as
    events are appended (corrections of corrections flipping their chain), it is what
    ``effective_mask`` computes on every prefix."""
    events = _journal(steps)
    prefix = PrefixMask()
    for n, event in enumerate(events, start=1):
        prefix.append(event)
        assert prefix.standing == effective_mask(events[:n])
        whole = PrefixMask.of(events[:n])  # built at once: the same, counters included
        assert vars(whole) == vars(prefix)
