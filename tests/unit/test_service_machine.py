"""Hypothesis state machine over ``SessionService``: random sequences of valid and invalid
commands keep every invariant of the rules, and a refused command changes nothing — not
one byte of the journal, not the live state.

The acts cover presidency changes (L2122-17 replacement, the president elected for the
compte administratif and the maire's withdrawal at its vote, L2121-14), suppléants and
recusals (personal, L2131-11), election rounds and elections by list (each round with its
own attendance) and the drawing of lots.

Invariants, checked after every step for the session and for every item:
- present + absent + excused = members in office;
- voters = present + represented − recused voices − the proxies a recused holder carries
  (L2131-11: « a recused holder cannot vote the proxy he holds on that item either »),
  computed here from the raw presence sets, not from the projection's own seats; a member
  withdrawn for an item's vote is neither present nor a holder for it;
- the reconciliation the documents print, present + represented − not taking part =
  voters, on the live attendance of every item and on every frozen one (the vote's, each
  election round's), whose voters are the ballots of that round;
- the quorum counts the members in office (minus the L1111-6 recusals), the present seats;
- no holder ever carries more than ``max_proxies_per_holder`` proxies;
- whoever presides is a member in office, never a suppléant;
- replaying the stored journal gives the same attendance, snapshots, presidency and
  summary as the live state.
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
    RecordElectionRound,
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
from app.domain.events import (
    Choice,
    Event,
    ListElectionRound,
    LotsDrawn,
    PresidencyTaken,
    RecusalKind,
    WithdrawnFromVote,
    encode_event,
)
from app.domain.journal import fold
from app.domain.members import Member
from app.domain.projections import is_deliberation, item_attendance
from app.domain.rules import Preset, Rules
from app.domain.state import ItemStatus, Phase, Presence, ProxyState, replay
from app.services.interchange import summary
from app.services.session_service import SessionService
from app.services.store import Store

TITULARS = [f"m{i}" for i in range(1, 9)]
SUBSTITUTES = {"s1": "m1", "s2": "m2", "s3": "m3"}
ITEMS = ["P1", "P2", "P3"]
ANY_MEMBER = st.sampled_from(TITULARS + list(SUBSTITUTES) + ["m99"])
TITULAR = st.sampled_from(TITULARS)
ANY_ITEM = st.sampled_from(ITEMS + ["P9"])
# lists alternate the sexes (m1 M., m2 Mme, …); the last two may break a rule
LISTS = [
    ("Liste A", ("m1", "m2")),
    ("Liste B", ("m3", "m4", "m5")),
    ("Liste C", ("m6", "m7")),
]
SAME_SEX = ("Liste D", ("m2", "m4"))
BAD_LISTS = [SAME_SEX, ("Liste E", ("m8", "m1"))]  # m1 is on « Liste A » too
LIST_NAMES = [name for name, _ in LISTS + BAD_LISTS]

Act = Command | Event


# Acts the command API does not offer yet: the machine records their events through
# ``SessionService.execute``. When their commands land in ``app.domain.commands``, each
# builder returns the command instead and nothing else here changes.
def take_presidency(member: str) -> Act:
    return PresidencyTaken(member=member)


def withdraw_from_vote(member: str, item: str) -> Act:
    return WithdrawnFromVote(member=member, item=item)


def record_list_round(
    item: str,
    round_no: int,
    lists: tuple[tuple[str, tuple[str, ...], int], ...],
    blank: int,
    spoilt: int,
) -> Act:
    return ListElectionRound(item=item, round=round_no, lists=lists, blank=blank, spoilt=spoilt)


def draw_lots(item: str, winner: str) -> Act:
    return LotsDrawn(item=item, winner=winner)


def split(data: st.DataObject, total: int, parts: int) -> list[int]:
    """``total`` ballots shared at random between ``parts`` piles."""
    cuts = sorted(
        data.draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1))
    )
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def make_assembly(rules: Rules) -> Assembly:
    # m7 and m8 are born the same day: a third-round tie between them needs lots drawn
    members = [
        Member(
            id=m,
            last_name=f"NOM{m.upper()}",
            civility="Mme" if i % 2 else "M.",
            birth_date=date(1950 + min(i, 6), 5, 1),
        )
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

    def attempt(self, command: Act, *, must_fail: bool = False, must_pass: bool = False) -> bool:
        """Handle a command through the service's one entry (an act without a command yet:
        its event through ``execute``); if refused, check that nothing at all changed."""
        rows = self.journal_rows()
        events = list(self.service.events)
        attendance = self.service.state.attendance()
        try:
            if isinstance(command, Command):
                self.service.handle(command)
            else:
                self.service.execute(command)
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

    def ready_to_vote(self, item: str) -> None:
        """Open the session if needed, open ``item`` (a vote concerns the item currently
        open) and fill the room until the quorum is reached: each step must be accepted."""
        if self.service.state.phase is Phase.NOT_OPENED:
            self.attempt(OpenSession(), must_pass=True)
        state = self.service.state
        if state.current_item != item:
            self.attempt(OpenItem(item), must_pass=True)
        while not state.attendance(item).quorum.may_deliberate:
            absent = [
                m for m in TITULARS if m not in state.present and m not in state.seat_substitute
            ]
            self.attempt(Arrive(absent[0]), must_pass=True)

    def round_recorded(self, item: str, ballots: int) -> None:
        """An accepted round froze the item's attendance as it is now, its voters being the
        ballots cast; it is the item's attendance until the next round."""
        rec = self.service.state.items[item]
        snap = rec.round_snapshots[-1]
        now = self.service.state.attendance(item)
        assert snap.seats == now.seats and snap.voters == now.voters == ballots
        assert rec.snapshot == snap

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
        self.ready_to_vote(item)
        state = self.service.state
        rec = state.items[item]  # an election under way takes no vote
        voters = state.attendance(item).voters
        against = data.draw(st.integers(0, voters))
        abstain = data.draw(st.integers(0, voters - against))
        self.attempt(
            RecordShowOfHands(item, voters - against - abstain, against, abstain),
            must_pass=not rec.decided and not rec.rounds and not rec.list_rounds,
        )

    @rule(member=ANY_MEMBER)
    def presidency(self, member: str) -> None:
        """Another member presides (L2122-17): a member in office, present, never a
        suppléant; the casting vote follows him."""
        state = self.service.state
        refused = member not in TITULARS or member not in state.present or state.presiding == member
        if self.attempt(take_presidency(member), must_fail=refused):
            assert self.service.state.presiding == member
            assert self.service.state.attendance().presiding == member

    @rule(member=ANY_MEMBER, item=ANY_ITEM)
    def withdraw(self, member: str, item: str) -> None:
        state = self.service.state
        rec = state.items.get(item)
        refused = (
            rec is None
            or rec.decided
            or member not in TITULARS
            or member not in state.present
            or member == state.presiding
            or member in rec.withdrawn
        )
        if self.attempt(withdraw_from_vote(member, item), must_fail=refused):
            seat = self.service.state.attendance(item).seat(member)
            assert seat is not None and seat.withdrawn and not seat.voting
            assert seat.presence is not Presence.PRESENT

    @precondition(lambda self: self.service.state.phase in (Phase.NOT_OPENED, Phase.OPEN))
    @rule(item=st.sampled_from(ITEMS), data=st.data())
    def compte_administratif(self, item: str, data: st.DataObject) -> None:
        """The maire hands the chair to a member for the compte administratif and withdraws
        at its vote (L2121-14): he is not counted present and his proxies are not exercised
        on that item; the vote then needs the quorum without him."""
        self.ready_to_vote(item)
        state = self.service.state
        rec = state.items[item]
        maire = state.session.president
        if maire is None or maire not in state.present or rec.decided or maire in rec.withdrawn:
            return
        others = [m for m in TITULARS if m in state.present and m not in (maire, *rec.withdrawn)]
        if not others:
            return
        chair = data.draw(st.sampled_from(others))
        if state.presiding != chair:
            self.attempt(take_presidency(chair), must_pass=True)
        self.attempt(withdraw_from_vote(maire, item), must_pass=True)
        att = state.attendance(item)
        seat = att.seat(maire)
        assert seat is not None and seat.withdrawn and not seat.voting
        assert seat.presence is not Presence.PRESENT and maire not in att.present
        for giver in state.held.get(maire, []):
            given = att.seat(giver)
            assert given is not None and not given.represented
        assert att.presiding == chair
        election = bool(rec.rounds or rec.list_rounds)
        may_vote = att.quorum.may_deliberate and att.voters > 0 and not election
        self.attempt(RecordUnanimity(item), must_pass=may_vote)

    @rule(item=st.sampled_from(ITEMS), data=st.data())
    def recuse_a_sitting_substitute(self, item: str, data: st.DataObject) -> None:
        """A suppléant who sits is recused: the seat he fills does not vote on that item;
        his titular's own recusal would not have shut him out (recusal is personal)."""
        state = self.service.state
        sitting = sorted(state.seat_substitute.items())
        if not sitting:
            return
        titular, substitute = data.draw(st.sampled_from(sitting))
        rec = state.items[item]
        refused = (
            rec.vote is not None or bool(rec.rounds or rec.list_rounds) or substitute in rec.recused
        )
        if self.attempt(Recuse(substitute, item), must_fail=refused):
            seat = self.service.state.attendance(item).seat(titular)
            assert seat is not None and seat.recused and not seat.voting

    @precondition(lambda self: self.service.state.phase in (Phase.NOT_OPENED, Phase.OPEN))
    @rule(
        item=st.sampled_from(ITEMS),
        data=st.data(),
        offset=st.sampled_from([0, 0, 0, -1, 1]),
        candidates=st.lists(st.sampled_from(TITULARS), min_size=1, max_size=3, unique=True),
    )
    def election_round(
        self, item: str, data: st.DataObject, offset: int, candidates: list[str]
    ) -> None:
        """A round of an election of persons; its ballots must add up to its voters."""
        self.ready_to_vote(item)
        state = self.service.state
        rec = state.items[item]
        ballots = state.attendance(item).voters + offset
        if ballots < 0:
            return
        piles = split(data, ballots, len(candidates) + 2)
        round_no = len(rec.rounds) + 1
        fresh = not rec.decided and not rec.list_rounds
        command = RecordElectionRound(
            item, round_no, tuple(zip(candidates, piles, strict=False)), piles[-2], piles[-1]
        )
        # rounds 1 and 2 never tie (no majority, no one elected); round 3 may need lots
        accepted = self.attempt(
            command,
            must_fail=offset != 0 or not fresh,
            must_pass=offset == 0 and fresh and round_no < 3,
        )
        if accepted:
            self.round_recorded(item, ballots)

    @precondition(lambda self: self.service.state.phase in (Phase.NOT_OPENED, Phase.OPEN))
    @rule(
        item=st.sampled_from(ITEMS),
        data=st.data(),
        offset=st.sampled_from([0, 0, 0, 1]),
        lists=st.lists(st.sampled_from(LISTS + BAD_LISTS), min_size=1, max_size=3, unique=True),
    )
    def list_election_round(
        self,
        item: str,
        data: st.DataObject,
        offset: int,
        lists: list[tuple[str, tuple[str, ...]]],
    ) -> None:
        """A round of an election by list (L2122-7-2); a list that does not alternate the
        sexes, or a candidate on two lists, is refused."""
        self.ready_to_vote(item)
        state = self.service.state
        rec = state.items[item]
        ballots = state.attendance(item).voters + offset
        piles = split(data, ballots, len(lists) + 2)
        round_no = len(rec.list_rounds) + 1
        fresh = not rec.decided and not rec.rounds
        candidates = [m for _, members in lists for m in members]
        bad = SAME_SEX in lists or len(set(candidates)) < len(candidates)
        act = record_list_round(
            item,
            round_no,
            tuple((n, c, v) for (n, c), v in zip(lists, piles, strict=False)),
            piles[-2],
            piles[-1],
        )
        accepted = self.attempt(
            act,
            must_fail=offset != 0 or not fresh or bad,
            must_pass=offset == 0 and fresh and not bad and round_no < 3,
        )
        if accepted:
            self.round_recorded(item, ballots)
            elected = self.service.state.items[item].elected_list
            if elected is not None:  # its members, in the list's order
                assert elected.elected_members == dict(lists)[elected.elected or ""]

    @precondition(lambda self: self.service.state.phase in (Phase.NOT_OPENED, Phase.OPEN))
    @rule(item=st.sampled_from(ITEMS), data=st.data(), by_list=st.booleans())
    def attendance_changes_between_rounds(
        self, item: str, data: st.DataObject, by_list: bool
    ) -> None:
        """A member arrives or leaves between two rounds (blank ballots: no one is elected):
        each round keeps the attendance of its own moment, never the first round's."""
        self.ready_to_vote(item)
        state = self.service.state
        rec = state.items[item]
        done = len(rec.list_rounds if by_list else rec.rounds)
        other = rec.rounds if by_list else rec.list_rounds
        if rec.decided or other or done > 1:
            return

        def blank_round(round_no: int) -> None:
            ballots = state.attendance(item).voters
            act: Act = (
                record_list_round(item, round_no, (("Liste A", ("m1", "m2"), 0),), ballots, 0)
                if by_list
                else RecordElectionRound(item, round_no, (("m3", 0),), ballots)
            )
            self.attempt(act, must_pass=True)
            self.round_recorded(item, ballots)

        if done == 0:
            blank_round(1)
        absent = [m for m in TITULARS if not state.seat_present(m)]
        leaving = [m for m in TITULARS if m in state.present and m != state.presiding]
        moves = [Arrive(m) for m in absent] + [Leave(m) for m in leaving]
        self.attempt(data.draw(st.sampled_from(moves)), must_pass=True)
        self.ready_to_vote(item)
        blank_round(2)

    @rule(item=st.sampled_from(ITEMS), data=st.data())
    def holder_withdraws(self, item: str, data: st.DataObject) -> None:
        """A member holding proxies withdraws for a vote (L2121-14): he holds no proxy on
        it, so his givers are not represented on that item."""
        state = self.service.state
        rec = state.items[item]
        holders = sorted(
            h
            for h, givers in state.held.items()
            if givers and h in state.present and h != state.presiding and h not in rec.withdrawn
        )
        if not holders or rec.decided:
            return
        holder = data.draw(st.sampled_from(holders))
        if self.attempt(withdraw_from_vote(holder, item)):
            state = self.service.state
            att = state.attendance(item)
            for giver in state.held[holder]:
                seat = att.seat(giver)
                assert seat is not None and not seat.represented
                assert seat.proxy_state is not ProxyState.EFFECTIVE

    @rule(item=ANY_ITEM, data=st.data())
    def lots(self, item: str, data: st.DataObject) -> None:
        """The assembly drew lots (candidates born the same day, lists of the same average
        age): only between the second and the third round, for one of the candidates."""
        rec = self.service.state.items.get(item)
        named = ["m7", "m8", "m99", *LIST_NAMES]
        if rec is not None and rec.rounds:
            named += [c for c, _ in rec.rounds[-1].votes]
        elif rec is not None and rec.list_rounds:
            named += [n for n, _ in rec.list_rounds[-1].votes]
        winner = data.draw(st.sampled_from(named))
        refused = (
            rec is None
            or len(rec.rounds) + len(rec.list_rounds) != 2
            or rec.decided
            or rec.lots is not None
        )
        if self.attempt(draw_lots(item, winner), must_fail=refused):
            assert self.service.state.items[item].lots == winner

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
            withdrawn = state.items[current].withdrawn if current else set()
            sitting = {
                m: m if m in state.present else state.seat_substitute.get(m) for m in in_office
            }
            present = {m for m in in_office if sitting[m] not in (None, *withdrawn)}
            here = state.present - withdrawn  # who may hold a proxy on this item
            represented = {
                g
                for g in in_office
                if sitting[g] is None and g in state.proxies and state.proxies[g] in here
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
    def every_frozen_attendance_reconciles(self) -> None:
        """The vote's attendance and each election round's reconcile term by term; a round's
        voters are its ballots, and the item's attendance is its latest (deciding) round's."""
        for rec in self.service.state.item_records():
            rounds = [*rec.rounds, *rec.list_rounds]
            assert not (rec.rounds and rec.list_rounds)
            assert len(rec.round_snapshots) == len(rounds)
            for rnd, snap in zip(rounds, rec.round_snapshots, strict=True):
                assert snap.present_voices + snap.represented_voices - snap.not_taking_part == (
                    snap.voters
                )
                assert rnd.total == snap.voters
            if rounds:
                assert rec.snapshot == rec.round_snapshots[-1]
            if rec.vote is not None:
                snap = rec.snapshot
                assert snap is not None and snap.reconciles
                assert rec.vote.tally.voters == snap.voters
            # one home for each derivation: a délibération is what the agenda shows decided,
            # and its attendance is the one frozen then
            decided = rec.status in (ItemStatus.ADOPTED, ItemStatus.REJECTED)
            assert is_deliberation(rec) == decided
            if decided:
                assert item_attendance(self.service.state, rec) == rec.snapshot

    @invariant()
    def presides_in_office(self) -> None:
        state = self.service.state
        assert state.presiding is None or state.presiding in TITULARS
        assert state.attendance().presiding == state.presiding

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
        for rec in live.item_records():
            replayed = again.items[rec.item.id]
            assert replayed.snapshot == rec.snapshot
            assert replayed.round_snapshots == rec.round_snapshots
            assert replayed.withdrawn == rec.withdrawn and replayed.lots == rec.lots
        assert summary(again) == summary(live)
        assert again.phase is live.phase and again.current_item == live.current_item
        assert again.presiding == live.presiding
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

    rules_under_test = Rules.from_preset(Preset.COVID_2020)


TestCommune = CommuneMachine.TestCase
TestCommune.settings = SETTINGS
TestCovid2020 = Covid2020Machine.TestCase
TestCovid2020.settings = SETTINGS
