"""Hypothesis over random journals: candidate events are generated, the rules keep those they
accept, and the projections must hold whatever the sequence."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.assembly import Assembly, AssemblyKind, Item, Majority, Session
from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ClosedStatus,
    Correction,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    ListElectionRound,
    Note,
    PresidencyTaken,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.members import Member
from app.domain.rules import Preset, RecusedOutOfQuorum, Rules
from app.domain.state import Attendance, Presence, SessionState, effective_mask, replay
from tests.factories import DAY, members

ITEMS = ("P1", "P2", "P3")
TITULARS = tuple(f"m{i}" for i in range(1, 10))
POOL = TITULARS + ("s1", "s2", "m10", "x")  # suppléants, an ended mandate, a stranger
START = datetime(2026, 3, 12, 18, 30)

RULES = [
    Rules(),
    Rules.from_preset(Preset.COVID_2020),
    Rules.from_preset(Preset.COMMISSION_PERMANENTE),
    Rules(max_proxies_per_holder=0),
    Rules(recused_out_of_quorum=RecusedOutOfQuorum.ALL, casting_vote=False),
    Rules(preset=Preset.CUSTOM, weighted=True, quorum_weighted=True),
    Rules(preset=Preset.CUSTOM, weighted=True, quorum_counts_proxies=True),
]
WEIGHTS = [3, 1, 2, 1, 1, 4, 1, 2, 1]


def make_assembly(rules: Rules) -> Assembly:
    extra = (
        Member(id="s1", last_name="SUPPUN", civility="M.", substitute_for="m1"),
        Member(id="s2", last_name="SUPPDEUX", civility="Mme", substitute_for="m2"),
        Member(id="m10", last_name="PARTI", civility="M.", ended_on=date(2026, 1, 1)),
    )
    return Assembly(
        id="a1",
        name="Comité syndical",
        organisation="Syndicat",
        kind=AssemblyKind.COMITE_SYNDICAL,
        rules=rules,
        members=members(9, weights=WEIGHTS) + extra,
    )


def make_session(convocation: int) -> Session:
    majorities = (
        Majority.ABSOLUTE_EXPRESSED,
        Majority.TWO_THIRDS_EXPRESSED,
        Majority.ABSOLUTE_MEMBERS_IN_OFFICE,
    )
    return Session(
        id="s1",
        assembly_id="a1",
        date=DAY,
        convocation=convocation,
        president="m1",
        items=tuple(
            Item(id=i, title=f"Point {i}", majority=m)
            for i, m in zip(ITEMS, majorities, strict=True)
        ),
    )


member = st.one_of(st.sampled_from(TITULARS), st.sampled_from(TITULARS), st.sampled_from(POOL))
item = st.sampled_from(ITEMS)
INTENT = st.one_of(
    st.tuples(st.just("open")),
    st.tuples(st.just("suspend")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("arrive"), member, st.sampled_from([None, "m1", "m2"])),
    st.tuples(st.just("arrive"), member, st.none()),
    st.tuples(st.just("arrive"), member, st.none()),
    st.tuples(st.just("arrive"), member, st.none()),
    st.tuples(st.just("leave"), member),
    st.tuples(st.just("excuse"), member),
    st.tuples(st.just("proxy"), member, member),
    st.tuples(st.just("proxy"), member, member),
    st.tuples(st.just("revoke"), member),
    st.tuples(st.just("absent_to_present"), st.integers(0, 2**16)),
    st.tuples(st.just("absent_to_present"), st.integers(0, 2**16)),
    st.tuples(st.just("someone_leaves"), st.integers(0, 2**16)),
    st.tuples(st.just("item"), item),
    st.tuples(st.just("item"), item),
    st.tuples(st.just("recuse"), member, item, st.sampled_from(list(RecusalKind))),
    st.tuples(
        st.just("hands"),
        item,
        st.integers(0, 100),
        st.integers(0, 100),
        st.sampled_from([None, Choice.FOR, Choice.AGAINST, Choice.ABSTAIN]),
    ),
    st.tuples(st.just("secret"), item, st.integers(0, 100), st.integers(0, 100)),
    st.tuples(st.just("public"), item, st.integers(0, 2**16)),
    st.tuples(st.just("public"), item, st.integers(0, 2**16)),
    st.tuples(st.just("hands"), item, st.integers(0, 100), st.integers(0, 100), st.none()),
    st.tuples(st.just("close_item"), item, st.sampled_from(list(ClosedStatus))),
    st.tuples(st.just("note"), st.one_of(st.none(), item), st.sampled_from(["", "Débat."])),
    st.tuples(st.just("close"), st.integers(0, 3)),  # closes once in four
    st.tuples(st.just("preside"), member),
    st.tuples(st.just("withdraw"), member, item),
    st.tuples(st.just("round"), item, st.integers(0, 2**16)),
    st.tuples(st.just("round"), item, st.integers(0, 2**16)),
    st.tuples(st.just("list_round"), item, st.integers(0, 2**16)),
)
# lists that alternate the sexes (m1 Mme, m2 M., …, see tests.factories.members)
LISTS = (("Liste A", ("m1", "m2", "m3")), ("Liste B", ("m4", "m5")), ("Liste C", ("m6", "m7")))


def opening(present: set[str]) -> list[tuple[Any, ...]]:
    return [("open",)] + [("arrive", m, None) for m in sorted(present)]


ARRIVALS = st.sets(st.sampled_from(TITULARS))
JOURNAL = st.tuples(ARRIVALS, st.lists(INTENT, min_size=5, max_size=80)).map(
    lambda t: opening(t[0]) + t[1]
)
UNDO = st.one_of(st.tuples(st.just("undo")), st.tuples(st.just("redo")))


def build(intent: tuple[Any, ...], state: SessionState, moment: datetime) -> Event | None:
    """Turn an intent into a candidate event, using the state only to size vote counts
    (None: no event)."""
    kind = intent[0]
    at = moment
    if kind == "open":
        return SessionOpened(at=at)
    if kind == "suspend":
        return SessionSuspended(at=at)
    if kind == "resume":
        return SessionResumed(at=at)
    if kind == "close":
        return SessionClosed(at=at) if intent[1] == 0 else None
    if kind == "arrive":
        return Arrived(member=intent[1], for_titular=intent[2], at=at)
    if kind == "leave":
        return Left(member=intent[1], at=at)
    if kind == "excuse":
        return Excused(member=intent[1], at=at)
    if kind == "proxy":
        return ProxyGiven(giver=intent[1], holder=intent[2], at=at)
    if kind == "revoke":
        return ProxyRevoked(giver=intent[1], at=at)
    if kind in ("absent_to_present", "someone_leaves"):  # likely to be accepted
        rng = random.Random(intent[1])
        here = sorted(state.present)
        away = [m for m in TITULARS if m not in state.present]
        if kind == "someone_leaves":
            return Left(member=rng.choice(here), at=at) if here else None
        if not here or not away:
            return None
        return ProxyGiven(giver=rng.choice(away), holder=rng.choice(here), at=at)
    if kind == "item":
        return ItemOpened(item=intent[1], at=at)
    if kind == "recuse":
        return Recused(member=intent[1], item=intent[2], kind=intent[3], at=at)
    if kind == "close_item":
        return ItemClosed(item=intent[1], status=intent[2], at=at)
    if kind == "note":
        return Note(item=intent[1], text=intent[2], at=at)
    if kind == "preside":
        return PresidencyTaken(member=intent[1], at=at)
    if kind == "withdraw":
        return WithdrawnFromVote(member=intent[1], item=intent[2], at=at)
    if kind in ("round", "list_round"):  # on the item open; every voter casts a ballot
        target = state.current_item or intent[1]
        voters = state.attendance(target).voters
        rng = random.Random(intent[2])
        rec = state.items[target]
        if kind == "round":
            names: list[Any] = rng.sample(TITULARS, rng.randint(1, 3))
        else:
            names = rng.sample(LISTS, rng.randint(1, 3))
        cuts = sorted(rng.randint(0, voters) for _ in range(len(names) + 1))
        piles = [b - a for a, b in zip([0, *cuts], [*cuts, voters], strict=True)]
        if kind == "round":
            return ElectionRound(
                item=target,
                round=len(rec.rounds) + 1,
                votes=tuple(zip(names, piles, strict=False)),
                blank=piles[-2],
                spoilt=piles[-1],
                at=at,
            )
        return ListElectionRound(
            item=target,
            round=len(rec.list_rounds) + 1,
            lists=tuple((n, c, v) for (n, c), v in zip(names, piles, strict=False)),
            blank=piles[-2],
            spoilt=piles[-1],
            at=at,
        )
    voters = state.attendance(intent[1]).voters
    if kind == "hands":
        f = voters * intent[2] // 100
        a = (voters - f) * intent[3] // 100
        return VoteRecorded(
            item=intent[1],
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=f,
            count_against=a,
            count_abstain=voters - f - a,
            president_vote=intent[4],
            at=at,
        )
    if kind == "secret":
        f = voters * intent[2] // 100
        a = (voters - f) * intent[3] // 100
        return VoteRecorded(
            item=intent[1],
            ballot=Ballot.SECRET,
            count_for=f,
            count_against=a,
            blank=voters - f - a,
            spoilt=0,
            at=at,
        )
    # public: a choice for every voter in person; represented members follow their holder
    # or, at random, choose themselves
    rng = random.Random(intent[2])
    att = state.attendance(intent[1])
    choices: dict[str, Choice] = {}
    for seat in att.seats:
        if seat.voting and (not seat.represented or rng.random() < 0.5):
            choices[seat.substitute or seat.member] = rng.choice(list(Choice))
    for seat in att.seats:
        if (
            seat.voting
            and seat.represented
            and seat.member not in choices
            and (seat.proxy_holder not in choices)
        ):
            choices[seat.member] = Choice.FOR
    return VoteRecorded(item=intent[1], ballot=Ballot.PUBLIC, choices=tuple(choices.items()), at=at)


def projection(state: SessionState) -> dict[str, Any]:
    """Everything consumers read from a state."""
    return {
        "phase": state.phase,
        "current": state.current_item,
        "attendance": {i: state.attendance(i) for i in (None, *ITEMS)},
        "items": [
            (
                r.status,
                r.opened_index,
                dict(r.recused),
                list(r.notes),
                r.vote,
                r.vote_index,
                r.snapshot,
                list(r.rounds),
                list(r.list_rounds),
                list(r.round_snapshots),
                set(r.withdrawn),
                r.closed_index,
            )
            for r in state.item_records()
        ],
        "presiding": state.presiding,
        "timeline": list(state.timeline),
        "notes": list(state.session_notes),
        "suspensions": list(state.suspensions),
    }


def check_invariants(state: SessionState) -> None:
    rules = state.rules
    in_office = len(state.in_office)
    for i in (None, *ITEMS):
        att: Attendance = state.attendance(i)
        # present + absent + excused = in office
        assert len(att.seats) == in_office
        assert len(att.present) + len(att.absent) + len(att.excused) == in_office
        assert set(att.present) | set(att.absent) | set(att.excused) == {
            m.id for m in state.in_office
        }
        # voters = present + represented − recused voices (and the proxies recused holders
        # carry)
        represented = [s for s in att.seats if s.represented]
        holder_recused = [
            s for s in represented if not s.recused and att.seat(s.proxy_holder).recused
        ]
        voting = att.voting_members
        assert len(voting) == (
            len(att.present) + len(represented) - len(att.recused) - len(holder_recused)
        )
        weight = {m.id: (m.weight if rules.weighted else 1) for m in state.in_office}
        assert att.voters == sum(weight[m] for m in voting)
        # the reconciliation the documents print: present + represented − not taking part
        assert att.present_voices == sum(weight[m] for m in att.present)
        assert att.represented_voices == sum(weight[s.member] for s in represented)
        assert att.reconciles
        assert {g for g, _ in att.lost_proxies} == {s.member for s in holder_recused}
        # an effective proxy: giver not present, holder present in person
        for s in represented:
            assert s.presence is not Presence.PRESENT
            assert att.seat(s.proxy_holder).in_person
        # no holder carries more proxies than allowed
        for s in att.seats:
            assert len(s.holds_for) <= rules.max_proxies_per_holder
        q = att.quorum
        qweight = {m.id: (m.weight if rules.quorum_weighted else 1) for m in state.in_office}
        assert q.present <= sum(qweight[m] for m in att.present)
        assert q.in_office <= sum(qweight.values())
        if not att.recused and not any(s.recused for s in att.seats):
            assert q.present == sum(qweight[m] for m in att.present)
            assert q.in_office == sum(qweight.values())
        assert q.reached is (q.counted >= q.required)
    for rec in state.item_records():
        # each election round froze its own attendance, which reconciles and whose voters
        # are the ballots of that round
        rounds = [*rec.rounds, *rec.list_rounds]
        assert len(rounds) == len(rec.round_snapshots)
        for rnd, snap in zip(rounds, rec.round_snapshots, strict=True):
            assert snap.reconciles and rnd.total == snap.voters
        if rec.vote is not None:
            t = rec.vote.tally
            assert t.total == t.voters == rec.snapshot.voters
            if t.ballot is not Ballot.SECRET:
                assert t.count_for + t.count_against + t.count_abstain == t.voters


def run(intents, rules: Rules, convocation: int):
    asm, sess = make_assembly(rules), make_session(convocation)
    state = SessionState(asm, sess)
    journal: list[Event] = []
    moment = START
    for intent in intents:
        moment += timedelta(minutes=1)
        event = build(intent, state, moment)
        if event is None:
            continue
        try:
            state.check(event)
        except DomainError as err:
            assert err.message and not err.message[0].islower()  # a sentence
            continue
        state.apply(event, len(journal))
        journal.append(event)
        check_invariants(state)
    return asm, sess, state, journal


@settings(max_examples=150, deadline=None)
@given(JOURNAL, st.sampled_from(RULES), st.sampled_from([1, 2]))
def test_invariants_hold_and_replay_gives_the_same_state(intents, rules, convocation):
    asm, sess, state, journal = run(intents, rules, convocation)
    replayed = replay(asm, sess, journal)
    assert projection(replayed) == projection(state)
    # and so does every prefix
    if journal:
        cut = len(journal) // 2
        prefix = SessionState(asm, sess)
        for i, ev in enumerate(journal[:cut]):
            prefix.check(ev)
            prefix.apply(ev, i)
        assert projection(replay(asm, sess, journal[:cut])) == projection(prefix)


@settings(max_examples=150, deadline=None)
@given(
    st.tuples(ARRIVALS, st.lists(st.one_of(INTENT, INTENT, UNDO), min_size=5, max_size=80)).map(
        lambda t: opening(t[0]) + t[1]
    ),
    st.sampled_from(RULES),
)
def test_undo_gives_the_state_before_and_redo_the_state_after(intents, rules):
    asm, sess = make_assembly(rules), make_session(1)
    journal: list[Event] = []
    state = SessionState(asm, sess)
    before_stack: list[dict[str, Any]] = []  # projection before each standing event
    redo_stack: list[tuple[int, dict[str, Any]]] = []  # (correction index, projection after)
    moment = START
    for intent in intents:
        moment += timedelta(minutes=1)
        if intent[0] == "undo":
            mask = effective_mask(journal)
            standing = [
                i for i, ev in enumerate(journal) if mask[i] and not isinstance(ev, Correction)
            ]
            if not standing:
                continue
            after = projection(state)
            journal.append(Correction(target=standing[-1], at=moment))
            state = replay(asm, sess, journal)
            assert projection(state) == before_stack.pop()
            redo_stack.append((len(journal) - 1, after))
        elif intent[0] == "redo":
            if not redo_stack:
                continue
            index, after = redo_stack.pop()
            before = projection(state)
            journal.append(Correction(target=index, at=moment))
            state = replay(asm, sess, journal)
            assert projection(state) == after
            before_stack.append(before)
        else:
            event = build(intent, state, moment)
            if event is None:
                continue
            try:
                state.check(event)
            except DomainError:
                continue
            before_stack.append(projection(state))
            redo_stack.clear()
            state.apply(event, len(journal))
            journal.append(event)
        check_invariants(state)
    assert projection(replay(asm, sess, journal)) == projection(state)
