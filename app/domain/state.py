"""The session's state, folded from its journal: attendance, proxies, quorum, items, votes.

``SessionState`` is an accumulator: ``check(event)`` says whether the rules accept an event
(raising ``DomainError`` in French, changing nothing), ``apply(event, index)`` folds it in.
Consumers read frozen values from it: ``attendance()`` (seats, proxies, quorum, voters for
an item) and ``ItemRecord``s (status, snapshot frozen at the vote, result, notes).
``replay`` folds a whole journal, corrections included; it is the only way state is built,
so replaying the journal and applying events one by one give the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from functools import cached_property
from typing import Any, cast

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.elections import (
    ElectionTie,
    ListRoundResult,
    RoundResult,
    list_round_result,
    round_result,
)
from app.domain.errors import DomainError, Refusal, Refused
from app.domain.events import (
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    Choice,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    Correction,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    ListElectionRound,
    LotsDrawn,
    Note,
    PresidencyTaken,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SecretBallotWaived,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.members import Member
from app.domain.rules import RecusedOutOfQuorum, Rules
from app.domain.votes import Tally, VoteResult, check_total, decide


class Phase(Enum):
    NOT_OPENED = "not_opened"
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Presence(Enum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class ProxyState(Enum):
    EFFECTIVE = "effective"  # giver absent, holder present: the holder votes for the giver
    GIVER_PRESENT = "giver_present"  # inactive: the giver votes himself
    HOLDER_ABSENT = "holder_absent"  # cannot be exercised


class ItemStatus(Enum):
    PENDING = "pending"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    POSTPONED = "postponed"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return {
            "pending": "à venir",
            "adopted": "adopté",
            "rejected": "rejeté",
            "withdrawn": "retiré",
            "postponed": "ajourné",
            "information": "information",
        }[self.value]


@dataclass(frozen=True)
class Quorum:
    """The quorum for an item (or the session), as the minutes print it."""

    in_office: int
    present: int
    represented: int
    required: int
    reached: bool
    second_convocation: bool
    counts_proxies: bool

    @property
    def counted(self) -> int:
        return self.present + (self.represented if self.counts_proxies else 0)

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)

    @property
    def may_deliberate(self) -> bool:
        return self.reached or self.second_convocation


@dataclass(frozen=True)
class Seat:
    """One member in office, as he stands at a given moment for a given item."""

    member: str
    presence: Presence
    in_person: bool
    substitute: str | None  # the suppléant sitting in this seat
    proxy_holder: str | None  # the holder named in this member's proxy, if any
    proxy_state: ProxyState | None
    holds_for: tuple[str, ...]  # givers whose proxy this member holds
    recused: bool  # the person who exercises this seat's vote does not take part
    voting: bool  # votes for this item, in person (or through his suppléant) or by proxy
    withdrawn: bool = False  # withdrew for this vote (L2121-14): not counted present
    proxy_lost: bool = False  # represented, but his holder does not take part (L2131-11)

    @property
    def represented(self) -> bool:
        return self.proxy_state is ProxyState.EFFECTIVE


@dataclass(frozen=True)
class Attendance:
    """Who is there, who represents whom, the quorum and the voters, for one item."""

    item: str | None
    seats: tuple[Seat, ...]
    quorum: Quorum
    voters: int  # count, or weight when the rules weigh votes
    recused: tuple[str, ...]  # recused persons who are present or represented
    at: datetime | None = None
    # the vote's reconciliation, in the voters' unit (weights when the rules weigh votes):
    # present + represented − not_taking_part = voters (the reconciliation rule of docs/RULES.md)
    present_voices: int = 0
    represented_voices: int = 0
    not_taking_part: int = 0  # recused persons, and proxies held by a recused holder
    lost_proxies: tuple[tuple[str, str], ...] = ()  # (giver, recused holder)
    presiding: str | None = None  # who presides at that moment (casting vote)

    @property
    def reconciles(self) -> bool:
        return self.present_voices + self.represented_voices - self.not_taking_part == self.voters

    def seat(self, member_id: str) -> Seat | None:
        return self._seats_by_member.get(member_id)

    @cached_property
    def _seats_by_member(self) -> dict[str, Seat]:
        """Seats by member id, built once per attendance (a public ballot looks up every
        choice: a scan of the seats each time would be quadratic in the roster)."""
        return {s.member: s for s in reversed(self.seats)}  # the first seat wins, as before

    @property
    def present(self) -> tuple[str, ...]:
        return tuple(s.member for s in self.seats if s.presence is Presence.PRESENT)

    @property
    def withdrawn(self) -> tuple[str, ...]:
        """Members withdrawn for this item's vote (L2121-14), in the order of the seats."""
        return tuple(s.member for s in self.seats if s.withdrawn)

    @property
    def excused(self) -> tuple[str, ...]:
        return tuple(s.member for s in self.seats if s.presence is Presence.EXCUSED)

    @property
    def absent(self) -> tuple[str, ...]:
        return tuple(s.member for s in self.seats if s.presence is Presence.ABSENT)

    @property
    def represented(self) -> tuple[tuple[str, str], ...]:
        """(giver, holder) of every effective proxy."""
        return tuple(
            (s.member, s.proxy_holder) for s in self.seats if s.represented and s.proxy_holder
        )

    @property
    def voting_members(self) -> tuple[str, ...]:
        return tuple(s.member for s in self.seats if s.voting)

    @property
    def proxy_warnings(self) -> tuple[tuple[str, str, ProxyState], ...]:
        """(giver, holder, state) of proxies that are inactive or cannot be exercised."""
        return tuple(
            (s.member, s.proxy_holder, s.proxy_state)
            for s in self.seats
            if s.proxy_holder
            and s.proxy_state is not ProxyState.EFFECTIVE
            and s.proxy_state is not None
        )


@dataclass
class ItemRecord:
    """What happened to an agenda item (mutable while folding; read-only for consumers)."""

    item: Item
    status: ItemStatus = ItemStatus.PENDING
    opened_at: datetime | None = None
    opened_index: int | None = None
    recused: dict[str, RecusalKind] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    vote: VoteResult | None = None
    vote_index: int | None = None
    vote_at: datetime | None = None
    snapshot: Attendance | None = None  # frozen when the vote is recorded
    rounds: list[RoundResult] = field(default_factory=list)
    round_snapshots: list[Attendance] = field(default_factory=list)  # one per round
    closed_index: int | None = None
    withdrawn: set[str] = field(default_factory=set)  # withdrew for the vote (L2121-14)
    lots: str | None = None  # the winner of a drawing of lots (same-birth-date tie)
    ballot_requests: list[BallotRequested] = field(default_factory=list)  # L2121-21
    list_rounds: list[ListRoundResult] = field(default_factory=list)  # election by list
    secret_waived: bool = False  # unanimous decision not to vote by secret ballot (L2121-21)

    @property
    def elected_list(self) -> ListRoundResult | None:
        """The deciding round of an election by list (its list and members in order)."""
        last = self.list_rounds[-1] if self.list_rounds else None
        return last if last is not None and last.elected is not None else None

    @property
    def required_ballot(self) -> Ballot | None:
        """The ballot the requests impose: secret prevails over public (L2121-21)."""
        asked = {r.ballot for r in self.ballot_requests}
        if Ballot.SECRET in asked:
            return Ballot.SECRET
        return Ballot.PUBLIC if Ballot.PUBLIC in asked else None

    def copy(self) -> ItemRecord:
        new = object.__new__(type(self))  # not replace(): a checkpoint copies 60 of them
        new.__dict__.update(self.__dict__)
        new.recused = dict(self.recused)
        new.notes = list(self.notes)
        new.rounds = list(self.rounds)
        new.round_snapshots = list(self.round_snapshots)
        new.withdrawn = set(self.withdrawn)
        new.ballot_requests = list(self.ballot_requests)
        new.list_rounds = list(self.list_rounds)
        return new

    @property
    def decided(self) -> bool:
        return self.status is not ItemStatus.PENDING

    appointed: str | None = None  # single candidate appointed without a vote (L2121-21)

    @property
    def elected(self) -> str | None:
        if self.appointed is not None:
            return self.appointed
        return self.rounds[-1].elected if self.rounds else None


@dataclass(frozen=True)
class TimelineEntry:
    """An effective event with its context, for the minutes' flow."""

    index: int
    event: Event
    item: str | None  # the item under discussion when it happened
    item_voted: bool  # that item's vote was already recorded


class SessionState:
    """The fold of a session's journal. Build it with ``replay``."""

    def __init__(self, assembly: Assembly, session: Session) -> None:
        self.assembly = assembly
        self.session = session
        self.rules: Rules = assembly.rules
        self.members: dict[str, Member] = assembly.members_by_id()
        self.in_office: tuple[Member, ...] = assembly.in_office(session.date)
        self._in_office_ids = frozenset(m.id for m in self.in_office)
        self.phase = Phase.NOT_OPENED
        self.opened_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.suspensions: list[tuple[datetime | None, datetime | None]] = []
        # sittings « à huis clos » (L2121-18): (start, end) for the minutes
        self.closed_doors: list[tuple[datetime | None, datetime | None]] = []
        self.in_camera = False
        self.present: set[str] = set()  # in person: titulars and suppléants
        self.seat_substitute: dict[str, str] = {}  # titular → sitting suppléant
        self.excused: set[str] = set()
        self.proxies: dict[str, str] = {}  # giver → holder
        self.held: dict[str, list[str]] = {}  # holder → givers
        self.arrivals: dict[str, list[datetime | None]] = {}
        self.departures: dict[str, list[datetime | None]] = {}
        self.current_item: str | None = None
        # who presides now: the session's president until a presidency event says otherwise
        self.presiding: str | None = session.president
        self.items: dict[str, ItemRecord] = {it.id: ItemRecord(it) for it in session.items}
        self.session_notes: list[str] = []
        self.timeline: list[TimelineEntry] = []
        self.opening: Attendance | None = None  # frozen when the first item is opened
        self.last_at: datetime | None = None
        self.count = 0  # effective events folded
        # the result of the last vote or round checked, so that apply() right after
        # check() does not evaluate it a second time (keyed by the event's identity)
        self._checked: tuple[Event, object] | None = None
        # the current item's attendance, kept up to date by apply once project() is called
        self._proj: _Projection | None = None

    def copy(self) -> SessionState:
        """An independent copy (a checkpoint of the fold): every container the fold
        mutates is copied, the frozen values inside are shared."""
        new = object.__new__(SessionState)
        new.__dict__.update(self.__dict__)
        new.members = dict(self.members)
        new.suspensions = list(self.suspensions)
        new.closed_doors = list(self.closed_doors)
        new.present = set(self.present)
        new.seat_substitute = dict(self.seat_substitute)
        new.excused = set(self.excused)
        new.proxies = dict(self.proxies)
        new.held = {k: list(v) for k, v in self.held.items()}
        new.arrivals = {k: list(v) for k, v in self.arrivals.items()}
        new.departures = {k: list(v) for k, v in self.departures.items()}
        new.items = {k: rec.copy() for k, rec in self.items.items()}
        new.session_notes = list(self.session_notes)
        new.timeline = list(self.timeline)
        new._checked = None
        new._proj = None if self._proj is None else self._proj.copy()
        return new

    # ------------------------------------------------------------------ naming helpers
    def name(self, member_id: str | None) -> str:
        m = self.members.get(member_id or "")
        return m.short_name if m else f"« {member_id} »"

    def _member(self, member_id: str) -> Member:
        m = self.members.get(member_id)
        if m is None:
            raise Refused(Refusal.UNKNOWN_MEMBER, member_id=member_id)
        return m

    def _titular(self, member_id: str, act: str) -> Member:
        """The member, who must be in office; ``act`` names what he attempts (a key of
        ``wording.refusals.ACTS``)."""
        m = self._member(member_id)
        if m.is_substitute:
            raise Refused(Refusal.SUBSTITUTE_NOT_IN_OFFICE, member=m, act=act)
        if m.id not in self._in_office_ids:
            if m.started_on is not None and m.started_on > self.session.date:
                raise Refused(
                    Refusal.MANDATE_NOT_STARTED, member=m, act=act, started_on=m.started_on
                )
            raise Refused(Refusal.MANDATE_ENDED, member=m, act=act)
        return m

    def _item(self, item_id: str) -> ItemRecord:
        rec = self.items.get(item_id)
        if rec is None:
            raise Refused(Refusal.UNKNOWN_ITEM, item=item_id)
        return rec

    def seat_present(self, member_id: str) -> bool:
        """The seat is filled: the member in person, or his suppléant."""
        return member_id in self.present or member_id in self.seat_substitute

    def seat_of(self, member_id: str) -> str:
        """The seat (titular id) a member sits in: a suppléant maps to his titular."""
        m = self.members.get(member_id)
        if (
            m is not None
            and m.substitute_for
            and self.seat_substitute.get(m.substitute_for) == member_id
        ):
            return m.substitute_for
        return member_id

    # ------------------------------------------------------------------ checking
    def check(self, event: Event) -> None:
        """Raise ``DomainError`` if the rules refuse ``event``; change nothing."""
        if isinstance(event, Correction):
            raise Refused(Refusal.CORRECTION_NOT_STATE)
        if self.phase is Phase.CLOSED:
            raise Refused(Refusal.SESSION_CLOSED)
        self._check_time(event)
        handler: Callable[[SessionState, Any], None] | None = _CHECKS.get(type(event))
        if handler is not None:
            handler(self, event)

    def instant_fits(self, at: datetime) -> bool:
        """``at`` is on the session's day (or the night after) and not before the last event."""
        day = self.session.date
        return at.date() in (day, day + timedelta(days=1)) and (
            self.last_at is None or at >= self.last_at
        )

    def _check_time(self, event: Event) -> None:
        """Events come in time order, on the session's day (or past midnight into the next)."""
        at = event.at
        if at is None or self.instant_fits(at):
            return
        day = self.session.date
        if at.date() not in (day, day + timedelta(days=1)):
            raise Refused(Refusal.OUTSIDE_SESSION_DAY, at=at, day=day)
        if self.last_at is not None and at < self.last_at:
            raise Refused(Refusal.BEFORE_PREVIOUS, at=at, previous=self.last_at)

    def _check_opened(self, event: Event) -> None:
        if self.phase is not Phase.NOT_OPENED:
            raise Refused(Refusal.ALREADY_OPENED)

    def _check_suspended(self, event: Event) -> None:
        if self.phase is not Phase.OPEN:
            raise Refused(Refusal.SUSPEND_NOT_OPEN)

    def _check_resumed(self, event: Event) -> None:
        if self.phase is not Phase.SUSPENDED:
            raise Refused(Refusal.RESUME_NOT_SUSPENDED)

    def _check_closed(self, event: Event) -> None:
        if self.phase is Phase.NOT_OPENED:
            raise Refused(Refusal.CLOSE_NOT_OPENED)

    def _check_arrived(self, event: Arrived) -> None:
        m = self._member(event.member)
        if m.id in self.present:
            raise Refused(Refusal.ALREADY_PRESENT, member=m)
        if m.is_substitute:
            titular_id = m.substitute_for or ""
            if event.for_titular and event.for_titular != titular_id:
                raise Refused(
                    Refusal.SUBSTITUTE_OF_OTHER,
                    member=m,
                    titular=self._member(titular_id),
                    claimed=self._member(event.for_titular),
                )
            titular = self._titular(titular_id, "substitution")
            if titular.id in self.present:
                raise Refused(Refusal.TITULAR_PRESENT, member=m, titular=titular)
            if titular.id in self.proxies:
                raise Refused(
                    Refusal.TITULAR_GAVE_PROXY,
                    member=m,
                    titular=titular,
                    holder=self.members[self.proxies[titular.id]],
                )
            other = self.seat_substitute.get(titular.id)
            if other:
                raise Refused(Refusal.SEAT_TAKEN, sitting=self.members[other], titular=titular)
            return
        if event.for_titular:
            raise Refused(Refusal.NOT_A_SUBSTITUTE, member=m)
        self._titular(m.id, "arrival")
        if m.id in self.seat_substitute:
            sub = self.members[self.seat_substitute[m.id]]
            raise Refused(Refusal.SUBSTITUTE_SITTING, member=m, substitute=sub)

    def _check_left(self, event: Left) -> None:
        m = self._member(event.member)
        if m.id not in self.present:
            raise Refused(Refusal.NOT_PRESENT_TO_LEAVE, member=m)

    def _check_excused(self, event: Excused) -> None:
        m = self._titular(event.member, "excuse")
        if self.seat_present(m.id) and m.id in self.present:
            raise Refused(Refusal.PRESENT_NOT_EXCUSED, member=m)
        if m.id in self.excused:
            raise Refused(Refusal.ALREADY_EXCUSED, member=m)

    def _check_proxy_given(self, event: ProxyGiven) -> None:
        giver = self._member(event.giver)
        holder = self._member(event.holder)
        if giver.id == holder.id:
            raise Refused(Refusal.PROXY_TO_SELF, member=giver)
        self._titular(giver.id, "proxy")
        if holder.is_substitute or holder.id not in self._in_office_ids:
            raise Refused(Refusal.HOLDER_NOT_IN_OFFICE, holder=holder)
        if giver.id in self.present:
            raise Refused(Refusal.GIVER_PRESENT, member=giver)
        if giver.id in self.seat_substitute:
            raise Refused(
                Refusal.GIVER_SUBSTITUTED,
                member=giver,
                substitute=self.members[self.seat_substitute[giver.id]],
            )
        if giver.id in self.proxies:
            holder_now = self.members[self.proxies[giver.id]]
            raise Refused(Refusal.PROXY_ALREADY_GIVEN, member=giver, holder=holder_now)
        limit = self.rules.max_proxies_per_holder
        carried = self.held.get(holder.id, [])
        if len(carried) >= limit:
            if limit == 0:
                raise Refused(Refusal.NO_PROXIES_ALLOWED)
            raise Refused(
                Refusal.HOLDER_FULL,
                holder=holder,
                givers=tuple(self.members[g] for g in carried),
                limit=limit,
            )

    def _check_proxy_revoked(self, event: ProxyRevoked) -> None:
        giver = self._member(event.giver)
        if giver.id not in self.proxies:
            raise Refused(Refusal.NO_PROXY_TO_REVOKE, member=giver)

    def _check_item_opened(self, event: ItemOpened) -> None:
        self._item(event.item)
        if self.phase is Phase.NOT_OPENED:
            raise Refused(Refusal.ITEM_BEFORE_OPENING)

    def _check_recused(self, event: Recused) -> None:
        # recusal is personal (L2131-11): it binds the person, never the seat
        rec = self._item(event.item)
        m = self._member(event.member)
        if rec.vote is not None or rec.rounds or rec.list_rounds:
            raise Refused(Refusal.VOTE_ALREADY_RECORDED, item=rec.item.id)
        if m.id in rec.recused:
            raise Refused(Refusal.ALREADY_RECUSED, member=m, item=rec.item.id)

    def _check_presidency(self, event: PresidencyTaken) -> None:
        m = self._member(event.member)
        if m.is_substitute:
            raise Refused(Refusal.SUBSTITUTE_CANNOT_PRESIDE, member=m)
        self._titular(m.id, "presidency")
        if m.id not in self.present:
            raise Refused(Refusal.PRESIDENT_NOT_PRESENT, member=m)
        if self.presiding == m.id:
            raise Refused(Refusal.ALREADY_PRESIDING, member=m)
        rec = self.items.get(self.current_item or "")
        if rec is not None and not rec.decided and m.id in rec.withdrawn:
            raise Refused(Refusal.WITHDRAWN_CANNOT_PRESIDE, member=m, item=rec.item.id)

    def _check_withdrawn(self, event: WithdrawnFromVote) -> None:
        rec = self._item(event.item)
        m = self._titular(event.member, "withdrawal")
        if rec.vote is not None or rec.decided:
            raise Refused(Refusal.VOTE_ALREADY_RECORDED, item=rec.item.id)
        if m.id in rec.withdrawn:
            raise Refused(Refusal.ALREADY_WITHDRAWN, member=m, item=rec.item.id)
        if m.id not in self.present:
            raise Refused(Refusal.WITHDRAWAL_NOT_PRESENT, member=m)
        if self.presiding == m.id:
            raise Refused(Refusal.PRESIDENT_WITHDRAWING, member=m)

    def _check_lots(self, event: LotsDrawn) -> None:
        rec = self._item(event.item)
        if rec.list_rounds:
            known = {name for name, _ in rec.list_rounds[-1].candidates}
            if event.winner not in known:
                raise Refused(Refusal.LOTS_NOT_A_LIST, list=event.winner)
        else:
            self._member(event.winner)
        if rec.decided:
            raise Refused(Refusal.ITEM_DECIDED, item=rec.item.id, status=rec.status)
        if len(rec.rounds) + len(rec.list_rounds) != 2 or rec.lots is not None:
            raise Refused(Refusal.LOTS_OUT_OF_TURN)

    def _check_ballot_requested(self, event: BallotRequested) -> None:
        rec = self._item(event.item)
        if rec.decided or rec.vote is not None or rec.rounds or rec.list_rounds:
            raise Refused(Refusal.BALLOT_REQUEST_TOO_LATE, item=rec.item.id)
        if event.ballot is Ballot.SHOW_OF_HANDS:
            raise Refused(Refusal.BALLOT_REQUEST_SHOW_OF_HANDS)
        if len(set(event.members)) != len(event.members):
            raise Refused(Refusal.BALLOT_REQUEST_DUPLICATE)
        for member_id in event.members:
            m = self._member(member_id)
            if m.id not in self.present:
                raise Refused(Refusal.BALLOT_REQUESTER_ABSENT, member=m)
        present = len(self.attendance(rec.item.id).present)
        denominator = self._ballot_threshold(event.ballot)
        needed = -(-present // denominator)  # ⌈present / denominator⌉
        if len(event.members) < needed:
            raise Refused(
                Refusal.BALLOT_REQUEST_TOO_FEW,
                ballot=event.ballot,
                askers=len(event.members),
                needed=needed,
                denominator=denominator,
                present=present,
            )

    def _ballot_threshold(self, ballot: Ballot) -> int:
        """The share of the members present a request needs, as 1/n (L2121-21, L3121-15,
        L4132-14)."""
        if ballot is Ballot.SECRET:
            return 3
        if self.assembly.kind in (
            AssemblyKind.CONSEIL_DEPARTEMENTAL,
            AssemblyKind.CONSEIL_REGIONAL,
        ):
            return 6
        return 4

    def _check_closed_doors(self, event: ClosedDoorsStarted) -> None:
        if self.phase is not Phase.OPEN:
            raise Refused(Refusal.CLOSED_DOORS_NOT_OPEN)
        if self.in_camera:
            raise Refused(Refusal.ALREADY_CLOSED_DOORS)
        askers = [self._member(m) for m in event.requested_by]
        for m in askers:
            if m.id not in self.present:
                raise Refused(Refusal.CLOSED_DOORS_ASKER_ABSENT, member=m)
        president = self.presiding or self.session.president
        if len({m.id for m in askers}) < 3 and president not in {m.id for m in askers}:
            raise Refused(Refusal.CLOSED_DOORS_TOO_FEW_ASKERS)
        att = self.attendance(None)
        n = att.present_voices + att.represented_voices
        needed = n // 2 + 1
        if event.votes_for > n:
            raise Refused(Refusal.CLOSED_DOORS_TOO_MANY_VOTES, votes=event.votes_for, members=n)
        if event.votes_for < needed:
            raise Refused(
                Refusal.CLOSED_DOORS_NOT_DECIDED, votes=event.votes_for, needed=needed, members=n
            )

    def _check_closed_doors_ended(self, event: ClosedDoorsEnded) -> None:
        if not self.in_camera:
            raise Refused(Refusal.NOT_IN_CLOSED_DOORS)

    def _check_appointed(self, event: Appointed) -> None:
        rec = self._item(event.item)
        m = self._titular(event.member, "appointment")
        if rec.decided or rec.vote is not None or rec.rounds or rec.list_rounds:
            raise Refused(Refusal.APPOINTMENT_TOO_LATE, member=m, item=rec.item.id)
        if self.phase is not Phase.OPEN:
            raise Refused(Refusal.APPOINTMENT_NOT_OPEN)
        if self.current_item != rec.item.id:
            raise Refused(Refusal.APPOINTMENT_ITEM_NOT_OPEN, item=rec.item.id)

    def _check_secret_waived(self, event: SecretBallotWaived) -> None:
        # L2121-21: only for a nomination, only unanimous, before the vote
        rec = self._item(event.item)
        item = rec.item.id
        if self.phase is not Phase.OPEN:
            raise Refused(Refusal.SECRET_WAIVER_NOT_OPEN)
        if self.current_item != item:
            raise Refused(Refusal.SECRET_WAIVER_ITEM_NOT_OPEN, item=item)
        if rec.decided or rec.vote is not None or rec.rounds or rec.list_rounds:
            raise Refused(Refusal.SECRET_WAIVER_TOO_LATE, item=item)
        if rec.secret_waived:
            raise Refused(Refusal.SECRET_ALREADY_WAIVED, item=item)
        if rec.required_ballot is Ballot.SECRET:
            raise Refused(Refusal.SECRET_WAIVER_SECRET_ASKED, item=item)
        voters = self.attendance(item).voters
        if event.votes_for != voters:
            raise Refused(Refusal.SECRET_WAIVER_NOT_UNANIMOUS, voters=voters, votes=event.votes_for)

    def _check_item_closed(self, event: ItemClosed) -> None:
        # an election may be withdrawn or postponed between rounds, not once decided
        rec = self._item(event.item)
        if rec.decided:
            raise Refused(Refusal.ITEM_DECIDED, item=rec.item.id, status=rec.status)

    def _check_note(self, event: Note) -> None:
        if event.item is not None:
            self._item(event.item)
        if not event.text.strip():
            raise Refused(Refusal.EMPTY_NOTE)

    def _check_vote(self, event: VoteRecorded) -> None:
        if self._item(event.item).secret_waived:
            raise Refused(Refusal.VOTE_AFTER_SECRET_WAIVER, item=event.item)
        self._checked = (event, self._evaluate_vote(event))

    def _check_election(self, event: ElectionRound) -> None:
        self._checked = (event, self._evaluate_round(event))

    def _check_list_election(self, event: ListElectionRound) -> None:
        self._checked = (event, self._evaluate_list_round(event))

    # ------------------------------------------------------------------ previews
    def preview_vote(self, event: VoteRecorded) -> VoteResult:
        """The result ``event`` would give, without applying it: the outcome shown before
        the secretary confirms. Raises ``DomainError`` as ``check`` would; changes nothing."""
        self.check(event)
        return self._evaluate_vote(event)[0]

    def preview_round(self, event: ElectionRound) -> RoundResult:
        """The result of an election round, without applying it (see ``preview_vote``)."""
        self.check(event)
        return self._evaluate_round(event)

    def vote_blocker(self, item_id: str | None = None) -> Refused | None:
        """Why no vote on ``item_id`` (default: the current item) can be recorded now, or
        None: the one home of what blocks a vote (session phase, item decided or not open,
        quorum). The refusal is returned, not raised: the screens show it."""
        return self._vote_blocker(item_id)[0]

    def session_blocker(self) -> Refused | None:
        """The session's phase stops every vote (not opened, suspended, closed), or None:
        the first part of ``vote_blocker``, for the screens that speak of the session."""
        if self.phase is Phase.CLOSED:
            return Refused(Refusal.VOTE_SESSION_CLOSED)
        if self.phase is Phase.NOT_OPENED:
            return Refused(Refusal.VOTE_SESSION_NOT_OPENED)
        if self.phase is Phase.SUSPENDED:
            return Refused(Refusal.VOTE_SESSION_SUSPENDED)
        return None

    def _vote_blocker(self, item_id: str | None) -> tuple[Refused | None, Attendance | None]:
        """The blocking refusal, and the item's attendance when it was computed."""
        halted = self.session_blocker()
        if halted is not None:
            return halted, None
        item_id = item_id if item_id is not None else self.current_item
        if item_id is None:
            return Refused(Refusal.NO_ITEM_OPEN, item=None), None
        rec = self._item(item_id)
        if rec.decided:
            return Refused(Refusal.VOTE_ITEM_DECIDED, item=item_id, status=rec.status), None
        # a vote concerns the item currently open, and only one item is open at a time
        if self.current_item is None:
            return Refused(Refusal.NO_ITEM_OPEN, item=item_id), None
        if self.current_item != item_id:
            return Refused(Refusal.OTHER_ITEM_OPEN, item=item_id, current=self.current_item), None
        att = self.attendance(item_id)
        q = att.quorum
        if not q.may_deliberate:
            refusal = Refused(
                Refusal.NO_QUORUM,
                counted=q.counted,
                required=q.required,
                missing=q.missing,
                weighted=self.rules.quorum_weighted,
                counts_proxies=q.counts_proxies,
            )
            return refusal, att
        return None, att

    def _check_can_vote(self, rec: ItemRecord) -> Attendance:
        blocker, att = self._vote_blocker(rec.item.id)
        if blocker is not None:
            raise blocker
        assert att is not None
        return att

    def _evaluate_vote(self, event: VoteRecorded) -> tuple[VoteResult, Attendance]:
        rec = self._item(event.item)
        if rec.rounds or rec.list_rounds:
            raise Refused(Refusal.ELECTION_IN_PROGRESS, item=rec.item.id)
        att = self._check_can_vote(rec)
        required = rec.required_ballot
        if required is Ballot.SECRET and event.ballot is not Ballot.SECRET:
            raise Refused(Refusal.SECRET_BALLOT_REQUIRED, item=rec.item.id)
        if required is Ballot.PUBLIC and event.ballot is Ballot.SHOW_OF_HANDS:
            raise Refused(Refusal.PUBLIC_BALLOT_REQUIRED, item=rec.item.id)
        weights = self.rules.weighted
        # the casting vote belongs to whoever presides now, in person: never a suppléant
        president, absent_why = self._presider_in_vote(att)
        president_vote = event.president_vote
        choices: tuple[tuple[str, Choice], ...] = ()
        if event.ballot is Ballot.PUBLIC:
            choices = self._resolve_choices(event, att)
            weight = {m.id: (m.weight if weights else 1) for m in self.in_office}
            sums = {c: sum(weight[m] for m, v in choices if v is c) for c in Choice}
            for given, actual, choice in (
                (event.count_for, sums[Choice.FOR], Choice.FOR),
                (event.count_against, sums[Choice.AGAINST], Choice.AGAINST),
                (event.count_abstain, sums[Choice.ABSTAIN], Choice.ABSTAIN),
            ):
                if given is not None and given != actual:
                    raise Refused(
                        Refusal.PUBLIC_COUNT_MISMATCH, given=given, actual=actual, choice=choice
                    )
            tally = Tally(
                Ballot.PUBLIC,
                att.voters,
                sums[Choice.FOR],
                sums[Choice.AGAINST],
                sums[Choice.ABSTAIN],
            )
            # the president's own choice (in person): not the one his holder gives for him
            own = dict(choices).get(president) if president is not None else None
            if president_vote is not None and own is not None and own is not president_vote:
                raise Refused(Refusal.PRESIDENT_CHOICE_MISMATCH)
            president_vote = own if own is not None else president_vote
        else:
            if event.ballot is Ballot.SECRET and event.choices:
                raise Refused(Refusal.SECRET_WITH_NAMES)
            if event.ballot is Ballot.SECRET and president_vote is not None:
                raise Refused(Refusal.SECRET_PRESIDENT_VOTE)
            tally = Tally(
                event.ballot,
                att.voters,
                event.count_for or 0,
                event.count_against or 0,
                event.count_abstain or 0,
                event.blank or 0,
                event.spoilt or 0,
            )
            if event.ballot is Ballot.SHOW_OF_HANDS and (event.blank or event.spoilt):
                raise Refused(Refusal.BLANK_SPOILT_SHOW_OF_HANDS)
        check_total(tally)
        if president_vote is not None:
            if president is None:
                raise absent_why or Refused(Refusal.PRESIDENT_VOTE_UNAVAILABLE, why="none")
            side = {
                Choice.FOR: tally.count_for,
                Choice.AGAINST: tally.count_against,
                Choice.ABSTAIN: tally.count_abstain,
            }[president_vote]
            if side == 0:
                raise Refused(
                    Refusal.PRESIDENT_VOTE_NOT_COUNTED,
                    president=self.members[president],
                    choice=president_vote,
                )
        in_office = sum((m.weight if weights else 1) for m in self.in_office)
        result = decide(
            tally,
            rec.item.majority,
            in_office=in_office,
            casting_vote_allowed=self.rules.casting_vote,
            president_vote=president_vote,
            recused=att.recused,
            choices=choices,
        )
        return result, att

    def _presider_in_vote(self, att: Attendance) -> tuple[str | None, Refused | None]:
        """Who presides and votes in person on this item (his is the casting vote), else
        None and the refusal of a casting vote given for him."""
        p = self.presiding
        unavailable = Refusal.PRESIDENT_VOTE_UNAVAILABLE
        if p is None:
            return None, Refused(unavailable, why="none")
        m = self.members[p]
        seat = att.seat(p)
        if seat is not None and seat.in_person and seat.voting:
            return p, None
        if seat is not None and seat.withdrawn:
            return None, Refused(unavailable, why="withdrawn", president=m)
        if seat is not None and seat.in_person:
            return None, Refused(unavailable, why="not_voting", president=m)
        if seat is not None and seat.substitute:
            sub = self.members[seat.substitute]
            return None, Refused(unavailable, why="substituted", president=m, substitute=sub)
        return None, Refused(unavailable, why="absent", president=m)

    def _resolve_choices(
        self, event: VoteRecorded, att: Attendance
    ) -> tuple[tuple[str, Choice], ...]:
        given: dict[str, Choice] = {}
        for member_id, choice in event.choices or ():
            m = self._member(member_id)
            seat_id = self.seat_of(m.id)
            seat = att.seat(seat_id)
            if seat is None or not seat.voting:
                if seat is not None and seat.recused:
                    raise Refused(Refusal.CHOICE_NOT_ALLOWED, member=m, why="recused")
                if seat is not None and seat.withdrawn:
                    raise Refused(Refusal.CHOICE_NOT_ALLOWED, member=m, why="withdrawn")
                if seat is not None and seat.proxy_lost and seat.proxy_holder:
                    raise Refused(
                        Refusal.CHOICE_NOT_ALLOWED,
                        member=m,
                        why="proxy_lost",
                        holder=self.members[seat.proxy_holder],
                    )
                raise Refused(Refusal.CHOICE_NOT_ALLOWED, member=m, why="absent")
            if seat_id in given:
                raise Refused(Refusal.TWO_CHOICES, member=self.members[seat_id])
            given[seat_id] = choice
        resolved: list[tuple[str, Choice]] = []
        for seat in att.seats:
            if not seat.voting:
                continue
            if seat.member in given:
                resolved.append((seat.member, given[seat.member]))
                continue
            # every voter, present or represented, has an explicit choice: never copied
            m = self.members[seat.member]
            if seat.represented and seat.proxy_holder:
                holder = self.members[seat.proxy_holder]
                raise Refused(Refusal.CHOICE_MISSING, member=m, holder=holder)
            raise Refused(Refusal.CHOICE_MISSING, member=m)
        return tuple(resolved)

    def _tie_error(self, tie: ElectionTie, rec: ItemRecord, *, lists: bool = False) -> Refused:
        """The refusal of a round-3 tie; ``lists``: the tied candidates are lists."""
        if tie.reason == "birth_missing":  # always members, for lists too
            missing = tuple(self.members[c] for c in tie.candidates)
            return Refused(Refusal.TIE_BIRTH_MISSING, candidates=missing)
        if lists:
            tied_lists = tuple(tie.candidates)
            if tie.reason == "lot_not_tied":
                return Refused(Refusal.LIST_TIE_LOT_NOT_TIED, drawn=rec.lots, lists=tied_lists)
            return Refused(Refusal.LIST_TIE_SAME_AGE, lists=tied_lists)
        tied = tuple(self.members[c] for c in tie.candidates)
        if tie.reason == "lot_not_tied" and rec.lots is not None:
            drawn = self.members[rec.lots]
            return Refused(Refusal.TIE_LOT_NOT_TIED, drawn=drawn, candidates=tied)
        return Refused(Refusal.TIE_SAME_BIRTH, candidates=tied)

    def _evaluate_list_round(self, event: ListElectionRound) -> ListRoundResult:
        rec = self._item(event.item)
        if rec.rounds:
            raise Refused(Refusal.UNINOMINAL_ELECTION_IN_PROGRESS, item=rec.item.id)
        att = self._check_can_vote(rec)
        expected = len(rec.list_rounds) + 1
        if event.round != expected:
            raise Refused(Refusal.WRONG_ROUND, item=rec.item.id, expected=expected)
        seen: dict[str, str] = {}
        names: set[str] = set()
        for list_name, candidates, _ in event.lists:
            if list_name in names:
                raise Refused(Refusal.DUPLICATE_LIST, list=list_name)
            names.add(list_name)
            previous: Member | None = None
            for cand in candidates:
                m = self._titular(cand, "candidacy")
                if cand in seen:
                    raise Refused(
                        Refusal.CANDIDATE_ON_TWO_LISTS, member=m, first=seen[cand], second=list_name
                    )
                seen[cand] = list_name
                if (
                    previous is not None
                    and previous.civility
                    and m.civility
                    and previous.is_feminine == m.is_feminine
                ):
                    raise Refused(
                        Refusal.LIST_NOT_ALTERNATING, list=list_name, previous=previous, member=m
                    )
                previous = m
        total = sum(n for _, _, n in event.lists) + event.blank + event.spoilt
        if total != att.voters:
            raise Refused(Refusal.BALLOTS_MISMATCH, voters=att.voters, total=total)
        births = {c: self.members[c].birth_date for c in seen}
        lists = {n: (c, v) for n, c, v in event.lists}
        try:
            return list_round_result(
                event.round, lists, event.blank, event.spoilt, births, drawn=rec.lots
            )
        except ElectionTie as tie:
            raise self._tie_error(tie, rec, lists=True) from None

    def _evaluate_round(self, event: ElectionRound) -> RoundResult:
        rec = self._item(event.item)
        if rec.list_rounds:
            raise Refused(Refusal.LIST_ELECTION_IN_PROGRESS, item=rec.item.id)
        att = self._check_can_vote(rec)
        expected = len(rec.rounds) + 1
        if event.round != expected:
            raise Refused(Refusal.WRONG_ROUND, item=rec.item.id, expected=expected)
        for cand, _ in event.votes:
            self._member(cand)
        total = sum(n for _, n in event.votes) + event.blank + event.spoilt
        if total != att.voters:
            raise Refused(Refusal.BALLOTS_MISMATCH, voters=att.voters, total=total)
        births = {c: self.members[c].birth_date for c, _ in event.votes}
        try:
            return round_result(
                event.round, dict(event.votes), event.blank, event.spoilt, births, drawn=rec.lots
            )
        except ElectionTie as tie:
            raise self._tie_error(tie, rec) from None

    # ------------------------------------------------------------------ applying
    def apply(self, event: Event, index: int) -> None:
        """Fold an event the rules accepted (call ``check`` first)."""
        # reuse what check() computed for this very event; any fold invalidates it
        checked, self._checked = self._checked, None
        cached = checked[1] if checked is not None and checked[0] is event else None
        item_ctx = self.current_item
        item_voted = bool(item_ctx and self.items[item_ctx].decided)
        proj = self._proj
        touched = self._touched_by(event) if proj is not None else set()
        if event.at is not None:
            self.last_at = event.at
        t = type(event)
        if t is SessionOpened:
            self.phase, self.opened_at = Phase.OPEN, event.at
        elif t is SessionSuspended:
            self.phase = Phase.SUSPENDED
            self.suspensions.append((event.at, None))
        elif t is SessionResumed:
            self.phase = Phase.OPEN
            start, _ = self.suspensions[-1]
            self.suspensions[-1] = (start, event.at)
        elif t is SessionClosed:
            self.phase, self.closed_at = Phase.CLOSED, event.at
        elif isinstance(event, Arrived):
            m = self.members[event.member]
            self.present.add(m.id)
            self.excused.discard(m.id)
            if m.substitute_for:
                self.seat_substitute[m.substitute_for] = m.id
            self.arrivals.setdefault(m.id, []).append(event.at)
        elif isinstance(event, Left):
            m = self.members[event.member]
            self.present.discard(m.id)
            if m.substitute_for and self.seat_substitute.get(m.substitute_for) == m.id:
                del self.seat_substitute[m.substitute_for]
            self.departures.setdefault(m.id, []).append(event.at)
        elif isinstance(event, Excused):
            self.excused.add(event.member)
        elif isinstance(event, ProxyGiven):
            self.proxies[event.giver] = event.holder
            self.held.setdefault(event.holder, []).append(event.giver)
        elif isinstance(event, ProxyRevoked):
            holder = self.proxies.pop(event.giver)
            self.held[holder].remove(event.giver)
        elif isinstance(event, ItemOpened):
            if self.opening is None:  # the attendance the minutes print at the opening
                self.opening = self.attendance(None)
            self.current_item = event.item
            rec = self.items[event.item]
            if rec.opened_index is None:
                rec.opened_at, rec.opened_index = event.at, index
        elif isinstance(event, Recused):
            self.items[event.item].recused[event.member] = event.kind
        elif isinstance(event, PresidencyTaken):
            self.presiding = event.member
        elif isinstance(event, WithdrawnFromVote):
            self.items[event.item].withdrawn.add(event.member)
        elif isinstance(event, LotsDrawn):
            self.items[event.item].lots = event.winner
        elif isinstance(event, Appointed):
            rec = self.items[event.item]
            rec.appointed = event.member
            rec.status, rec.vote_index, rec.vote_at = ItemStatus.ADOPTED, index, event.at
            rec.snapshot = replace(self.attendance(event.item), at=event.at or self.last_at)
        elif isinstance(event, BallotRequested):
            self.items[event.item].ballot_requests.append(event)
        elif isinstance(event, SecretBallotWaived):
            self.items[event.item].secret_waived = True
        elif isinstance(event, ClosedDoorsStarted):
            self.in_camera = True
            self.closed_doors.append((event.at, None))
        elif isinstance(event, ClosedDoorsEnded):
            self.in_camera = False
            start, _ = self.closed_doors[-1]
            self.closed_doors[-1] = (start, event.at)
        elif isinstance(event, VoteRecorded):
            result, att = cached if isinstance(cached, tuple) else self._evaluate_vote(event)
            rec = self.items[event.item]
            rec.vote, rec.vote_index, rec.vote_at = result, index, event.at
            rec.snapshot = replace(att, at=event.at or self.last_at)
            rec.status = ItemStatus.ADOPTED if result.adopted else ItemStatus.REJECTED
        elif isinstance(event, ElectionRound):
            rnd = cached if isinstance(cached, RoundResult) else self._evaluate_round(event)
            rec = self.items[event.item]
            rec.rounds.append(rnd)
            # each round has its own attendance; the item's is the latest (deciding) round's
            snap = replace(self.attendance(event.item), at=event.at or self.last_at)
            rec.round_snapshots.append(snap)
            rec.snapshot = snap
            if rnd.elected is not None:
                rec.status, rec.vote_index, rec.vote_at = ItemStatus.ADOPTED, index, event.at
        elif isinstance(event, ListElectionRound):
            lrnd = (
                cached if isinstance(cached, ListRoundResult) else self._evaluate_list_round(event)
            )
            rec = self.items[event.item]
            rec.list_rounds.append(lrnd)
            snap = replace(self.attendance(event.item), at=event.at or self.last_at)
            rec.round_snapshots.append(snap)
            rec.snapshot = snap
            if lrnd.elected is not None:
                rec.status, rec.vote_index, rec.vote_at = ItemStatus.ADOPTED, index, event.at
        elif isinstance(event, ItemClosed):
            rec = self.items[event.item]
            rec.status = ItemStatus(event.status.value)
            rec.closed_index = index
            if rec.snapshot is None:
                rec.snapshot = self.attendance(event.item)
        elif isinstance(event, Note):
            if event.item is None:
                self.session_notes.append(event.text)
            else:
                self.items[event.item].notes.append(event.text)
        self.timeline.append(TimelineEntry(index, event, item_ctx, item_voted))
        self.count += 1
        if proj is not None:
            proj.refresh(self, touched)

    # ------------------------------------------------------------------ projections
    def attendance(self, item_id: str | None = None) -> Attendance:
        """Seats, proxies, quorum and voters now, for ``item_id`` (default: current item).

        For the current item of a live state (``project``) it is read from a projection
        kept up to date by ``apply`` (only the seats an event touches are recomputed);
        otherwise it is recomputed from the roster, as ``recomputed_attendance`` does."""
        item_id = item_id if item_id is not None else self.current_item
        proj = self._proj
        if proj is None or item_id != self.current_item:
            return self.recomputed_attendance(item_id)
        return proj.attendance(self)

    def project(self) -> None:
        """Keep the current item's attendance up to date from now on, seat by seat (the
        live state; a replay does not need it). Copies of the state keep it too."""
        if self._proj is None:
            self._proj = _Projection(self)

    def recomputed_attendance(self, item_id: str | None = None) -> Attendance:
        """``attendance`` computed from the whole roster (the reference of the projection)."""
        item_id = item_id if item_id is not None else self.current_item
        ctx = _SeatContext(self, item_id)
        seats: list[Seat] = []
        totals = [0] * _N_COUNTS
        recused_voices: list[str] = []
        lost_proxies: list[tuple[str, str]] = []
        for m in self.in_office:
            seat, counts, recused_voice, lost = ctx.seat(m)
            seats.append(seat)
            for k in range(_N_COUNTS):
                totals[k] += counts[k]
            if recused_voice is not None:
                recused_voices.append(recused_voice)
            if lost is not None:
                lost_proxies.append(lost)
        return self._attendance_of(
            item_id, tuple(seats), totals, tuple(recused_voices), tuple(lost_proxies)
        )

    def _attendance_of(
        self,
        item_id: str | None,
        seats: tuple[Seat, ...],
        totals: list[int],
        recused_voices: tuple[str, ...],
        lost_proxies: tuple[tuple[str, str], ...],
    ) -> Attendance:
        rules = self.rules
        n_office, n_present, n_repr, present_voices, represented_voices, not_taking, voters = totals
        required = rules.required(n_office)
        counted = n_present + (n_repr if rules.quorum_counts_proxies else 0)
        quorum = Quorum(
            n_office,
            n_present,
            n_repr,
            required,
            counted >= required,
            self.session.second_convocation,
            rules.quorum_counts_proxies,
        )
        return Attendance(
            item_id,
            seats,
            quorum,
            voters,
            recused_voices,
            self.last_at,
            present_voices=present_voices,
            represented_voices=represented_voices,
            not_taking_part=not_taking,
            lost_proxies=lost_proxies,
            presiding=self.presiding,
        )

    def changed_seats(self) -> frozenset[str] | None:
        """The seats (titular ids) whose ``Seat`` the last ``apply`` changed, read from the
        projection; None when no projection was kept (then compare two attendances)."""
        proj = self._proj
        return None if proj is None or proj.changed is None else frozenset(proj.changed)

    def _touched_by(self, event: Event) -> set[str]:
        """Who may see his seat change when ``event`` is applied (called before it is):
        persons or seats, resolved to seats by the projection."""
        if isinstance(event, Arrived | Left | Excused):
            return self._around(event.member)
        if isinstance(event, ProxyGiven):
            return {event.giver, event.holder}
        if isinstance(event, ProxyRevoked):
            return {event.giver, self.proxies.get(event.giver, event.giver)}
        if isinstance(event, Recused | WithdrawnFromVote):
            return self._around(event.member) if event.item == self.current_item else set()
        if isinstance(event, ItemOpened):
            touched: set[str] = set()
            for item_id in (self.current_item, event.item):
                rec = self.items.get(item_id) if item_id else None
                if rec is not None:
                    for person in (*rec.recused, *rec.withdrawn):
                        touched |= self._around(person)
            return touched
        return set()

    def _around(self, person: str) -> set[str]:
        """The seats whose state depends on ``person``: his own, his titular's (a
        suppléant), and those of the givers whose proxy he holds."""
        around = {person, *self.held.get(person, ())}
        m = self.members.get(person)
        if m is not None and m.substitute_for:
            around.add(m.substitute_for)
        return around

    def item_records(self) -> list[ItemRecord]:
        return [self.items[it.id] for it in self.session.items]


_N_COUNTS = 7  # in office, present, represented (quorum unit); present, represented,
# not taking part, voting (voters' unit): what one seat adds to the attendance's counters
_SeatFigures = tuple[Seat, tuple[int, ...], str | None, tuple[str, str] | None]


class _SeatContext:
    """What one seat's state depends on for one item, read once from the state."""

    def __init__(self, state: SessionState, item_id: str | None) -> None:
        rec = state.items.get(item_id) if item_id else None
        self.state = state
        self.recused: dict[str, RecusalKind] = rec.recused if rec else {}
        rules = state.rules
        self.out_of_quorum = {
            m
            for m, kind in self.recused.items()
            if rules.recused_out_of_quorum is RecusedOutOfQuorum.ALL
            or (
                rules.recused_out_of_quorum is RecusedOutOfQuorum.L1111_6
                and kind is RecusalKind.L1111_6
            )
        }
        self.withdrawn: set[str] = rec.withdrawn if rec else set()
        self.quorum_weighted = rules.quorum_weighted
        self.weighted = rules.weighted

    def seat(self, m: Member) -> _SeatFigures:
        """The seat of ``m``, what it adds to the counters, the recused person who sits
        in it (or None), the proxy it lost to a recused holder (or None)."""
        state, recused, withdrawn = self.state, self.recused, self.withdrawn
        mid = m.id
        substitute = state.seat_substitute.get(mid)
        # the person who sits in this seat: the titular in person, or his suppléant
        sitting = mid if mid in state.present else substitute
        is_withdrawn = sitting is not None and sitting in withdrawn
        present = sitting is not None and not is_withdrawn
        in_person = mid in state.present and not is_withdrawn
        holder = state.proxies.get(mid)
        proxy_state: ProxyState | None = None
        if holder is not None:
            if sitting is not None:
                proxy_state = ProxyState.GIVER_PRESENT
            elif holder in state.present and holder not in withdrawn:
                proxy_state = ProxyState.EFFECTIVE
            else:
                proxy_state = ProxyState.HOLDER_ABSENT
        effective = proxy_state is ProxyState.EFFECTIVE
        # recusal is personal: the person exercising the seat's vote, not the seat
        person = sitting if sitting is not None else mid
        is_recused = person in recused
        lost = False
        if present:
            voting = not is_recused
        elif effective:
            lost = holder in recused
            voting = not is_recused and not lost
        else:
            voting = False
        presence = (
            Presence.PRESENT
            if present
            else Presence.EXCUSED
            if mid in state.excused
            else Presence.ABSENT
        )
        seat = Seat(
            mid,
            presence,
            in_person,
            substitute,
            holder,
            proxy_state,
            tuple(state.held.get(mid, ())),
            is_recused,
            voting,
            withdrawn=is_withdrawn,
            proxy_lost=lost,
        )
        weight = m.weight if self.quorum_weighted else 1
        counted = person not in self.out_of_quorum
        voice = m.weight if self.weighted else 1
        counts = (
            weight if counted else 0,
            weight if counted and present else 0,
            weight if counted and not present and effective else 0,
            voice if present else 0,
            voice if not present and effective else 0,
            voice if (present or effective) and not voting else 0,
            voice if voting else 0,
        )
        recused_voice = person if is_recused and (present or effective) else None
        lost_proxy = (mid, holder) if not recused_voice and lost and holder is not None else None
        return seat, counts, recused_voice, lost_proxy


class _Projection:
    """The attendance for the current item, kept up to date seat by seat: ``apply``
    recomputes only the seats an event touches and adjusts the counters, so an act costs
    what it touches, not the roster. Nothing in it that the state does not determine:
    ``SessionState.recomputed_attendance`` gives the same values (tested)."""

    def __init__(self, state: SessionState) -> None:
        self.item = state.current_item
        self.position = {m.id: k for k, m in enumerate(state.in_office)}
        ctx = _SeatContext(state, self.item)
        figures = [ctx.seat(m) for m in state.in_office]
        self.seats = [f[0] for f in figures]
        self.counts = [f[1] for f in figures]
        self.totals = [sum(c[k] for c in self.counts) for k in range(_N_COUNTS)]
        self.recused_voices = {k: f[2] for k, f in enumerate(figures) if f[2] is not None}
        self.lost = {k: f[3] for k, f in enumerate(figures) if f[3] is not None}
        self.changed: set[str] | None = None  # seats the last apply changed
        self._seats: tuple[Seat, ...] | None = None

    def copy(self) -> _Projection:
        new = object.__new__(_Projection)
        new.__dict__.update(self.__dict__)
        new.seats = list(self.seats)
        new.counts = list(self.counts)
        new.totals = list(self.totals)
        new.recused_voices = dict(self.recused_voices)
        new.lost = dict(self.lost)
        new.changed = None
        return new

    def refresh(self, state: SessionState, touched: set[str]) -> None:
        """Recompute the seats of ``touched`` (persons or seats) after an apply."""
        self.item = state.current_item
        changed: set[str] = set()
        self.changed = changed
        if not touched:
            return
        ctx = _SeatContext(state, self.item)
        totals = self.totals
        for who in touched:
            k = self.position.get(who)
            if k is None:
                continue
            seat, counts, recused_voice, lost = ctx.seat(state.in_office[k])
            old = self.counts[k]
            if counts != old:
                for c in range(_N_COUNTS):
                    totals[c] += counts[c] - old[c]
                self.counts[k] = counts
            if recused_voice is None:
                self.recused_voices.pop(k, None)
            else:
                self.recused_voices[k] = recused_voice
            if lost is None:
                self.lost.pop(k, None)
            else:
                self.lost[k] = lost
            if seat != self.seats[k]:
                self.seats[k] = seat
                changed.add(seat.member)
        if changed:
            self._seats = None

    def attendance(self, state: SessionState) -> Attendance:
        if self._seats is None:
            self._seats = tuple(self.seats)
        return state._attendance_of(
            self.item,
            self._seats,
            list(self.totals),
            tuple(self.recused_voices[k] for k in sorted(self.recused_voices)),
            tuple(self.lost[k] for k in sorted(self.lost)),
        )


_CHECKS: dict[type[Event], Callable[[SessionState, Any], None]] = {
    SessionOpened: SessionState._check_opened,
    SessionSuspended: SessionState._check_suspended,
    SessionResumed: SessionState._check_resumed,
    SessionClosed: SessionState._check_closed,
    Arrived: SessionState._check_arrived,
    Left: SessionState._check_left,
    Excused: SessionState._check_excused,
    ProxyGiven: SessionState._check_proxy_given,
    ProxyRevoked: SessionState._check_proxy_revoked,
    ItemOpened: SessionState._check_item_opened,
    Recused: SessionState._check_recused,
    VoteRecorded: SessionState._check_vote,
    ElectionRound: SessionState._check_election,
    ListElectionRound: SessionState._check_list_election,
    ItemClosed: SessionState._check_item_closed,
    Note: SessionState._check_note,
    PresidencyTaken: SessionState._check_presidency,
    WithdrawnFromVote: SessionState._check_withdrawn,
    LotsDrawn: SessionState._check_lots,
    Appointed: SessionState._check_appointed,
    BallotRequested: SessionState._check_ballot_requested,
    ClosedDoorsStarted: SessionState._check_closed_doors,
    ClosedDoorsEnded: SessionState._check_closed_doors_ended,
    SecretBallotWaived: SessionState._check_secret_waived,
}


def effective_mask(events: list[Event]) -> list[bool]:
    """Which events stand: an event is cancelled by a standing correction that names it
    (a correction of a correction restores its target: that is redo)."""
    standing = [True] * len(events)
    for i in range(len(events) - 1, -1, -1):
        ev = events[i]
        if standing[i] and isinstance(ev, Correction) and 0 <= ev.target < i:
            standing[ev.target] = False
    return standing


def check_correction(
    events: list[Event],
    correction: Correction,
    index: int,
    prefix_mask: list[bool] | None = None,
) -> None:
    """Form rules of a correction: it names an earlier event that still stands.
    ``prefix_mask``, when the caller has it, is ``effective_mask(events[:index])``."""
    if not 0 <= correction.target < index:
        raise Refused(Refusal.CORRECTION_TARGET_MISSING, target=correction.target)
    if prefix_mask is None:
        prefix_mask = effective_mask(events[:index])
    if not prefix_mask[correction.target]:
        raise Refused(Refusal.CORRECTION_TARGET_CANCELLED, target=correction.target)


def replay(assembly: Assembly, session: Session, events: list[Event]) -> SessionState:
    """Fold a whole journal; a refused event raises ``DomainError`` located at its index.
    A correction that was itself cancelled has no effect and is not checked (so a faulty
    correction, e.g. a second cancellation of the same event, can be cancelled in turn)."""
    mask = effective_mask(events)
    for i, ev in enumerate(events):
        if isinstance(ev, Correction) and mask[i]:
            try:
                check_correction(events, ev, i)
            except DomainError as err:
                raise err.at_index(i) from None
    state = SessionState(assembly, session)
    for i, ev in enumerate(events):
        if not mask[i] or isinstance(ev, Correction):
            continue
        try:
            state.check(ev)
        except DomainError as err:
            raise _blame_correction(assembly, session, events, mask, i, err) from None
        state.apply(ev, i)
    return state


def _blame_correction(
    assembly: Assembly,
    session: Session,
    events: list[Event],
    mask: list[bool],
    i: int,
    err: DomainError,
) -> DomainError:
    """The refusal of event ``i``, naming the correction that caused it when the same
    journal without corrections accepts that event."""
    cancelled = [k for k in range(i) if not mask[k]]
    if not cancelled:
        return err.at_index(i)
    state = SessionState(assembly, session)
    for k, ev in enumerate(events[: i + 1]):
        if isinstance(ev, Correction):
            continue
        try:
            state.check(ev)
        except DomainError:
            return err.at_index(i)  # refused anyway: not the corrections' doing
        state.apply(ev, k)
    culprits = [
        k
        for k in range(i)
        if isinstance(events[k], Correction)
        and mask[k]
        and cast(Correction, events[k]).target in cancelled
    ]
    if not culprits:
        return err.at_index(i)
    return Refused(Refusal.CAUSED_BY_CORRECTION, i, cause=err, corrections=tuple(culprits))
