"""Hypothesis state machine over ``SessionService``: random sequences of valid and invalid
commands keep every invariant of the rules, and a refused command changes nothing — not
one byte of the journal, not the live state.

Invariants, checked after every step for the session and for every item:
- present + absent + excused = members in office;
- voters = present + represented − recused voices − the proxies a recused holder carries
  (L2131-11: « a recused holder cannot vote the proxy he holds on that item either »),
  computed here from the raw presence sets, not from the projection's own seats;
- the quorum counts the members in office (minus the L1111-6 recusals), the present seats;
- no holder ever carries more than ``max_proxies_per_holder`` proxies;
- replaying the stored journal gives the same attendance and summary as the live state.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.commands import (
    Arrive,
    CloseSession,
    Command,
    Excuse,
    GiveProxy,
    Leave,
    OpenItem,
    OpenSession,
    RecordPublic,
    RecordShowOfHands,
    RecordUnanimity,
    Recuse,
    Redo,
    ResumeSession,
    RevokeProxy,
    SuspendSession,
    Undo,
)
from app.domain.errors import DomainError
from app.domain.events import Choice, RecusalKind, encode_event
from app.domain.journal import fold
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import Phase, Presence, ProxyState, replay
from app.services.interchange import summary
from app.services.session_service import SessionService
from app.services.store import Store

TITULARS = [f"m{i}" for i in range(1, 9)]
SUBSTITUTES = {"s1": "m1", "s2": "m2", "s3": "m3"}
ITEMS = ["P1", "P2", "P3"]
ANY_MEMBER = st.sampled_from(TITULARS + list(SUBSTITUTES) + ["m99"])
TITULAR = st.sampled_from(TITULARS)
ANY_ITEM = st.sampled_from(ITEMS + ["P9"])


def make_assembly(rules: Rules) -> Assembly:
    members = [
        Member(id=m, last_name=f"NOM{m.upper()}", civility="Mme" if i % 2 else "M.")
        for i, m in enumerate(TITULARS)
    ]
    members += [
        Member(id=s, last_name=f"SUPP{s.upper()}", substitute_for=t) for s, t in SUBSTITUTES.items()
    ]
    return Assembly(
        id="A1",
        name="Conseil",
        organisation="Commune de Test",
        kind=AssemblyKind.CONSEIL_MUNICIPAL,
        rules=rules,
        members=tuple(members),
    )


def make_session() -> Session:
    return Session(
        id="S1",
        assembly_id="A1",
        date=date(2026, 3, 12),
        president="m1",
        items=tuple(Item(id=i, title=f"Point {i}") for i in ITEMS),
    )


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 12, 18, 30)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class ServiceMachine(RuleBasedStateMachine):
    rules_under_test = Rules()

    def __init__(self) -> None:
        super().__init__()
        self.store = Store.open(None)
        self.store.save_assembly(make_assembly(self.rules_under_test))
        self.store.save_session(make_session())
        self.service = SessionService(self.store, "S1", Clock())
        self.refused = 0
        self.accepted = 0

    def teardown(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------ helpers
    def journal_rows(self) -> list[tuple[object, ...]]:
        return self.store.db.execute("SELECT * FROM events ORDER BY session_id, seq").fetchall()

    def attempt(
        self, command: Command, *, must_fail: bool = False, must_pass: bool = False
    ) -> bool:
        """Handle a command through the service's one entry; if refused, check that
        nothing at all changed."""
        rows = self.journal_rows()
        events = list(self.service.events)
        attendance = self.service.state.attendance()
        try:
            self.service.handle(command)
        except DomainError as err:
            assert str(err), "a refusal must say why"
            assert not must_pass, f"{command} refused: {err}"
            assert self.journal_rows() == rows
            assert self.service.events == events
            assert self.service.state.attendance() == attendance
            self.refused += 1
            event(f"refused: {type(command).__name__}")
            return False
        assert not must_fail, f"{command} should have been refused"
        after = self.journal_rows()
        # one event; two when the session begins (its constitution is written first)
        added = len(after) - len(rows)
        assert after[: len(rows)] == rows
        assert added == 1 or (not rows and added == 2 and after[0][2] == "constituted")
        self.accepted += 1
        event(f"accepted: {type(command).__name__}")
        return True

    # ------------------------------------------------------------------ rules
    @rule()
    def open_session(self) -> None:
        self.attempt(OpenSession())

    @rule(member=ANY_MEMBER)
    def arrive(self, member: str) -> None:
        self.attempt(Arrive(member))

    @rule(substitute=st.sampled_from(sorted(SUBSTITUTES)), titular=TITULAR)
    def substitute_sits(self, substitute: str, titular: str) -> None:
        wrong = SUBSTITUTES[substitute] != titular
        self.attempt(Arrive(substitute, titular), must_fail=wrong)

    @rule(n=st.integers(1, 6))
    def several_arrive(self, n: int) -> None:
        """The room fills up (valid arrivals), so that quorum and votes are reached."""
        state = self.service.state
        absent = [m for m in TITULARS if m not in state.present and m not in state.seat_substitute]
        for member in absent[:n]:
            self.attempt(Arrive(member))

    @rule(member=ANY_MEMBER)
    def leave(self, member: str) -> None:
        self.attempt(Leave(member))

    @rule(member=ANY_MEMBER)
    def excuse(self, member: str) -> None:
        self.attempt(Excuse(member))

    @rule(giver=ANY_MEMBER, holder=ANY_MEMBER)
    def give_proxy(self, giver: str, holder: str) -> None:
        state = self.service.state
        overloaded = len(state.held.get(holder, [])) >= state.rules.max_proxies_per_holder
        self.attempt(
            GiveProxy(giver, holder),
            must_fail=giver == holder
            or "m99" in (giver, holder)
            or overloaded
            or giver in state.present,
        )

    @rule(data=st.data())
    def proxy_to_someone_present(self, data: st.DataObject) -> None:
        """An absent member gives a proxy to a present one: accepted unless the holder
        already carries the maximum (random ids alone rarely get there)."""
        state = self.service.state
        givers = [m for m in TITULARS if not state.seat_present(m) and m not in state.proxies]
        holders = [m for m in TITULARS if m in state.present]
        if not givers or not holders:
            return
        giver = data.draw(st.sampled_from(givers))
        holder = data.draw(st.sampled_from(holders))
        refused = (
            len(state.held.get(holder, [])) >= state.rules.max_proxies_per_holder
            or state.phase is Phase.CLOSED
        )
        self.attempt(GiveProxy(giver, holder), must_fail=refused, must_pass=not refused)

    @rule(item=st.sampled_from(ITEMS), l1111_6=st.booleans(), data=st.data())
    def recuse_a_holder(self, item: str, l1111_6: bool, data: st.DataObject) -> None:
        """A member who holds a proxy does not take part: he loses that voice too."""
        holders = sorted(h for h, givers in self.service.state.held.items() if givers)
        if holders:
            kind = RecusalKind.L1111_6 if l1111_6 else RecusalKind.INTEREST
            self.attempt(Recuse(data.draw(st.sampled_from(holders)), item, kind))

    @rule(giver=ANY_MEMBER)
    def revoke_proxy(self, giver: str) -> None:
        self.attempt(RevokeProxy(giver), must_fail=giver not in self.service.state.proxies)

    @rule(item=ANY_ITEM)
    def open_item(self, item: str) -> None:
        self.attempt(OpenItem(item), must_fail=item not in ITEMS)

    @rule(member=ANY_MEMBER, item=ANY_ITEM, l1111_6=st.booleans())
    def recuse(self, member: str, item: str, l1111_6: bool) -> None:
        kind = RecusalKind.L1111_6 if l1111_6 else RecusalKind.INTEREST
        self.attempt(Recuse(member, item, kind), must_fail=item not in ITEMS or member == "m99")

    @rule(
        item=ANY_ITEM,
        offset=st.sampled_from([0, 0, 0, -1, 1, 3]),
        against=st.integers(0, 4),
        abstain=st.integers(0, 2),
    )
    def show_of_hands(self, item: str, offset: int, against: int, abstain: int) -> None:
        voters = self.service.state.attendance(item if item in ITEMS else None).voters
        count_for = voters + offset - against - abstain
        if count_for < 0:
            against, abstain, count_for = 0, 0, max(0, voters + offset)
        self.attempt(
            RecordShowOfHands(item, count_for, against, abstain),
            must_fail=offset != 0 or item not in ITEMS,
        )

    @precondition(lambda self: self.service.state.phase in (Phase.NOT_OPENED, Phase.OPEN))
    @rule(item=st.sampled_from(ITEMS), data=st.data())
    def valid_vote(self, item: str, data: st.DataObject) -> None:
        """Open the session if needed, fill the room to the quorum, then a show of hands
        whose totals are right: it must be accepted unless the item is already decided."""
        if self.service.state.phase is Phase.NOT_OPENED:
            self.attempt(OpenSession(), must_pass=True)
        state = self.service.state
        if state.current_item != item:  # a vote concerns the item currently open
            self.attempt(OpenItem(item), must_pass=True)
        while not state.attendance(item).quorum.may_deliberate:
            absent = [
                m for m in TITULARS if m not in state.present and m not in state.seat_substitute
            ]
            self.attempt(Arrive(absent[0]), must_pass=True)
        voters = state.attendance(item).voters
        against = data.draw(st.integers(0, voters))
        abstain = data.draw(st.integers(0, voters - against))
        self.attempt(
            RecordShowOfHands(item, voters - against - abstain, against, abstain),
            must_pass=not state.items[item].decided,
        )

    @rule(item=ANY_ITEM)
    def unanimity(self, item: str) -> None:
        self.attempt(RecordUnanimity(item), must_fail=item not in ITEMS)

    @rule(item=st.sampled_from(ITEMS), data=st.data(), drop_one=st.booleans())
    def public_ballot(self, item: str, data: st.DataObject, drop_one: bool) -> None:
        att = self.service.state.attendance(item)
        voting = [s for s in att.seats if s.voting]
        choices = [(s.member, data.draw(st.sampled_from(list(Choice)))) for s in voting]
        missing = False
        if drop_one and choices:
            dropped = data.draw(st.integers(0, len(choices) - 1))
            choices.pop(dropped)
            # every voter, present or represented, needs an explicit choice: never copied
            missing = True
        self.attempt(RecordPublic(item, tuple(choices)), must_fail=missing)

    @rule(item=ANY_ITEM, member=ANY_MEMBER, against=st.integers(0, 4))
    def preview_stores_nothing(self, item: str, member: str, against: int) -> None:
        """A preview (vote outcome, act) changes neither the journal nor the state."""
        rows = self.journal_rows()
        events = list(self.service.events)
        attendance = self.service.state.attendance()
        for command in (RecordShowOfHands(item, 1, against, 0), Arrive(member), OpenItem(item)):
            try:
                self.service.preview(command)
            except DomainError as err:
                assert str(err)
        assert self.journal_rows() == rows and self.service.events == events
        assert self.service.state.attendance() == attendance

    @rule()
    def undo(self) -> None:
        self.attempt(Undo())

    @rule()
    def redo(self) -> None:
        self.attempt(Redo(), must_fail=self.service.redo_label() is None)

    @rule()
    def suspend_or_resume(self) -> None:
        self.attempt(SuspendSession())
        self.attempt(ResumeSession())

    @precondition(lambda self: len(self.service.events) > 15)
    @rule()
    def close_session(self) -> None:
        self.attempt(CloseSession())

    # ------------------------------------------------------------------ invariants
    @invariant()
    def attendance_adds_up(self) -> None:
        state = self.service.state
        in_office = [m.id for m in state.in_office]
        for item in [None, *ITEMS]:
            att = state.attendance(item)
            counts = {p: sum(1 for s in att.seats if s.presence is p) for p in Presence}
            assert sum(counts.values()) == len(in_office) == len(att.seats)

            # independent recount from the raw sets of the fold; recusal is personal (the
            # person in the seat: the titular in person, else his sitting suppléant)
            current = item if item is not None else state.current_item
            recused = state.items[current].recused if current else {}
            sitting = {
                m: m if m in state.present else state.seat_substitute.get(m) for m in in_office
            }
            present = {m for m in in_office if sitting[m] is not None}
            represented = {
                g
                for g in in_office
                if g not in present and g in state.proxies and state.proxies[g] in state.present
            }
            voices = {sitting[m] for m in present if sitting[m] in recused} | {
                g for g in represented if g in recused
            }
            lost = {g for g in represented - set(recused) if state.proxies[g] in recused}
            assert counts[Presence.PRESENT] == len(present)
            assert {s.member for s in att.seats if s.represented} == represented
            assert att.voters == len(present) + len(represented) - len(voices) - len(lost)
            # the reconciliation the documents print: present + represented − not taking part
            assert att.present_voices + att.represented_voices - att.not_taking_part == att.voters
            assert att.reconciles
            assert set(att.recused) == voices

            person = {m: sitting[m] or m for m in in_office}
            out = {m for m in in_office if recused.get(person[m]) is RecusalKind.L1111_6}
            q = att.quorum
            assert q.in_office == len(in_office) - len(out)
            assert q.present == len(present - out)
            assert q.represented == len(represented - out)
            assert q.reached == (q.counted >= q.required)

            for seat in att.seats:  # a proxy is effective only with giver absent, holder here
                if seat.proxy_state is ProxyState.EFFECTIVE:
                    assert seat.presence is not Presence.PRESENT
                    assert seat.proxy_holder in state.present

    @invariant()
    def no_holder_carries_too_many(self) -> None:
        state = self.service.state
        limit = state.rules.max_proxies_per_holder
        carried: dict[str, int] = {}
        for holder in state.proxies.values():
            carried[holder] = carried.get(holder, 0) + 1
        assert all(n <= limit for n in carried.values()), carried
        assert {h: len(g) for h, g in state.held.items() if g} == carried

    @invariant()
    def stored_journal_replays_to_the_live_state(self) -> None:
        live = self.service.state
        stored = self.store.load_events("S1")
        # the journal is canonical (a public ballot's choices come back sorted by id)
        assert [encode_event(e) for e in stored] == [encode_event(e) for e in self.service.events]
        # the journal alone: the preparation tables are not read
        again = fold(stored) if stored else replay(live.assembly, live.session, stored)
        for item in [None, *ITEMS]:
            assert again.attendance(item) == live.attendance(item)
        assert summary(again) == summary(live)
        assert again.phase is live.phase and again.current_item == live.current_item
        assert self.store.verify().ok


SETTINGS = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class CommuneMachine(ServiceMachine):
    rules_under_test = Rules()


class Covid2020Machine(ServiceMachine):
    """Two proxies per holder, one third present."""

    rules_under_test = Rules.from_preset("covid_2020")


TestCommune = CommuneMachine.TestCase
TestCommune.settings = SETTINGS
TestCovid2020 = Covid2020Machine.TestCase
TestCovid2020.settings = SETTINGS
