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
from datetime import datetime
from enum import Enum
from functools import cached_property
from typing import Any

from app.domain.assembly import Assembly, Item, Session
from app.domain.elections import RoundResult, round_result
from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    Correction,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.rules import Rules
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
    recused: bool
    voting: bool  # votes for this item, in person (or through his suppléant) or by proxy

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
    recused: tuple[str, ...]  # recused members who are present or represented
    at: datetime | None = None

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
    closed_index: int | None = None

    def copy(self) -> ItemRecord:
        return replace(
            self, recused=dict(self.recused), notes=list(self.notes), rounds=list(self.rounds)
        )

    @property
    def decided(self) -> bool:
        return self.status is not ItemStatus.PENDING

    @property
    def elected(self) -> str | None:
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
        self.present: set[str] = set()  # in person: titulars and suppléants
        self.seat_substitute: dict[str, str] = {}  # titular → sitting suppléant
        self.excused: set[str] = set()
        self.proxies: dict[str, str] = {}  # giver → holder
        self.held: dict[str, list[str]] = {}  # holder → givers
        self.arrivals: dict[str, list[datetime | None]] = {}
        self.departures: dict[str, list[datetime | None]] = {}
        self.current_item: str | None = None
        self.items: dict[str, ItemRecord] = {it.id: ItemRecord(it) for it in session.items}
        self.session_notes: list[str] = []
        self.timeline: list[TimelineEntry] = []
        self.last_at: datetime | None = None
        self.count = 0  # effective events folded
        # the result of the last vote or round checked, so that apply() right after
        # check() does not evaluate it a second time (keyed by the event's identity)
        self._checked: tuple[Event, object] | None = None

    def copy(self) -> SessionState:
        """An independent copy (a checkpoint of the fold): every container the fold
        mutates is copied, the frozen values inside are shared."""
        new = object.__new__(SessionState)
        new.__dict__.update(self.__dict__)
        new.members = dict(self.members)
        new.suspensions = list(self.suspensions)
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
        return new

    # ------------------------------------------------------------------ naming helpers
    def name(self, member_id: str | None) -> str:
        m = self.members.get(member_id or "")
        return m.short_name if m else f"« {member_id} »"

    def _member(self, member_id: str) -> Member:
        m = self.members.get(member_id)
        if m is None:
            raise DomainError(f"Membre « {member_id} » inconnu de l'assemblée.")
        return m

    def _titular(self, member_id: str, what: str) -> Member:
        m = self._member(member_id)
        if m.is_substitute:
            raise DomainError(
                f"{m.short_name} est suppléant{_e(m)}, pas membre en exercice : {what} impossible."
            )
        if m.id not in self._in_office_ids:
            raise DomainError(
                f"{m.short_name} n'est plus en exercice (fin de mandat) : {what} impossible."
            )
        return m

    def _item(self, item_id: str) -> ItemRecord:
        rec = self.items.get(item_id)
        if rec is None:
            raise DomainError(f"Point « {item_id} » absent de l'ordre du jour.")
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
            raise DomainError("Une correction s'applique au journal, pas à l'état.")
        if self.phase is Phase.CLOSED:
            raise DomainError("La séance est close : seule une correction est encore possible.")
        handler: Callable[[SessionState, Any], None] | None = _CHECKS.get(type(event))
        if handler is not None:
            handler(self, event)

    def _check_opened(self, event: Event) -> None:
        if self.phase is not Phase.NOT_OPENED:
            raise DomainError("La séance est déjà ouverte.")

    def _check_suspended(self, event: Event) -> None:
        if self.phase is not Phase.OPEN:
            raise DomainError("Seule une séance ouverte (et non suspendue) peut être suspendue.")

    def _check_resumed(self, event: Event) -> None:
        if self.phase is not Phase.SUSPENDED:
            raise DomainError("La séance n'est pas suspendue : reprise impossible.")

    def _check_closed(self, event: Event) -> None:
        if self.phase is Phase.NOT_OPENED:
            raise DomainError("La séance n'a pas été ouverte : elle ne peut pas être close.")

    def _check_arrived(self, event: Arrived) -> None:
        m = self._member(event.member)
        if m.id in self.present:
            raise DomainError(f"{m.short_name} est déjà présent{'e' if m.is_feminine else ''}.")
        if m.is_substitute:
            titular_id = m.substitute_for or ""
            if event.for_titular and event.for_titular != titular_id:
                raise DomainError(
                    f"{m.short_name} est suppléant{_e(m)} de "
                    f"{self.name(titular_id)}, "
                    f"pas de {self.name(event.for_titular)}."
                )
            titular = self._titular(titular_id, "suppléance")
            if titular.id in self.present:
                raise DomainError(
                    f"{m.short_name} ne peut pas siéger : "
                    f"{'sa' if titular.is_feminine else 'son'} titulaire "
                    f"{titular.short_name} est présent{_e(titular)}."
                )
            other = self.seat_substitute.get(titular.id)
            if other:
                raise DomainError(f"{self.name(other)} siège déjà pour {titular.short_name}.")
            return
        if event.for_titular:
            raise DomainError(
                f"{m.short_name} n'est pas suppléant{_e(m)} : « for » ne s'applique pas."
            )
        self._titular(m.id, "arrivée")
        if m.id in self.seat_substitute:
            sub = self.members[self.seat_substitute[m.id]]
            raise DomainError(
                f"{'La suppléante' if sub.is_feminine else 'Le suppléant'} "
                f"{sub.short_name} siège pour {m.short_name} : enregistrez "
                "d'abord son départ."
            )

    def _check_left(self, event: Left) -> None:
        m = self._member(event.member)
        if m.id not in self.present:
            raise DomainError(
                f"{m.short_name} n'est pas présent{'e' if m.is_feminine else ''} : "
                "départ impossible."
            )

    def _check_excused(self, event: Excused) -> None:
        m = self._titular(event.member, "excuse")
        if self.seat_present(m.id) and m.id in self.present:
            raise DomainError(
                f"{m.short_name} est présent{'e' if m.is_feminine else ''} : "
                "enregistrez d'abord son départ."
            )
        if m.id in self.excused:
            raise DomainError(f"{m.short_name} est déjà excusé{'e' if m.is_feminine else ''}.")

    def _check_proxy_given(self, event: ProxyGiven) -> None:
        giver = self._member(event.giver)
        holder = self._member(event.holder)
        if giver.id == holder.id:
            raise DomainError(
                f"{giver.short_name} ne peut pas se donner pouvoir à "
                f"{'elle' if giver.is_feminine else 'lui'}-même."
            )
        self._titular(giver.id, "pouvoir")
        if holder.is_substitute or holder.id not in self._in_office_ids:
            raise DomainError(
                f"{holder.short_name} n'est pas membre en exercice : "
                f"{'elle' if holder.is_feminine else 'il'} ne peut pas recevoir "
                "de pouvoir."
            )
        if giver.id in self.present:
            raise DomainError(
                f"{giver.short_name} est présent{'e' if giver.is_feminine else ''} "
                ": un membre présent ne donne pas pouvoir (départ d'abord)."
            )
        if giver.id in self.seat_substitute:
            raise DomainError(
                f"{giver.short_name} est suppléé{_e(giver)} par "
                f"{self.name(self.seat_substitute[giver.id])} : pas de pouvoir."
            )
        if giver.id in self.proxies:
            raise DomainError(
                f"{giver.short_name} a déjà donné pouvoir à "
                f"{self.name(self.proxies[giver.id])} : révoquez-le d'abord."
            )
        limit = self.rules.max_proxies_per_holder
        carried = self.held.get(holder.id, [])
        if len(carried) >= limit:
            if limit == 0:
                raise DomainError("Les règles de l'assemblée n'admettent pas de pouvoir.")
            already = ", ".join(self.name(g) for g in carried)
            raise DomainError(
                f"{holder.short_name} porte déjà {len(carried)} pouvoir"
                f"{'s' if len(carried) > 1 else ''} (de {already}) : "
                f"{limit} au plus par porteur."
            )

    def _check_proxy_revoked(self, event: ProxyRevoked) -> None:
        giver = self._member(event.giver)
        if giver.id not in self.proxies:
            raise DomainError(f"{giver.short_name} n'a pas donné de pouvoir : rien à révoquer.")

    def _check_item_opened(self, event: ItemOpened) -> None:
        self._item(event.item)
        if self.phase is Phase.NOT_OPENED:
            raise DomainError("Ouvrez d'abord la séance.")

    def _check_recused(self, event: Recused) -> None:
        rec = self._item(event.item)
        m = self._member(event.member)
        seat = m.substitute_for if m.is_substitute and m.substitute_for else m.id
        if rec.vote is not None or rec.rounds:
            raise DomainError(
                f"Le vote du point « {rec.item.id} » est déjà enregistré : corrigez-le d'abord."
            )
        if seat in rec.recused:
            raise DomainError(
                f"{self.name(seat)} ne prend déjà pas part au vote du point « {rec.item.id} »."
            )

    def _check_item_closed(self, event: ItemClosed) -> None:
        rec = self._item(event.item)
        if rec.decided or rec.rounds:
            what = rec.status.label if rec.decided else "en cours d'élection"
            raise DomainError(f"Le point « {rec.item.id} » est déjà {what}.")

    def _check_note(self, event: Note) -> None:
        if event.item is not None:
            self._item(event.item)
        if not event.text.strip():
            raise DomainError("Note vide.")

    def _check_vote(self, event: VoteRecorded) -> None:
        self._checked = (event, self._evaluate_vote(event))

    def _check_election(self, event: ElectionRound) -> None:
        self._checked = (event, self._evaluate_round(event))

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

    def _check_can_vote(self, rec: ItemRecord) -> Attendance:
        if self.phase is Phase.NOT_OPENED:
            raise DomainError("La séance n'est pas ouverte : aucun vote possible.")
        if self.phase is Phase.SUSPENDED:
            raise DomainError("La séance est suspendue : reprenez-la avant de voter.")
        if rec.decided:
            raise DomainError(
                f"Le point « {rec.item.id} » est déjà {rec.status.label} : "
                "pour changer le vote, annulez d'abord celui qui est enregistré "
                "(correction)."
            )
        att = self.attendance(rec.item.id)
        q = att.quorum
        if not q.may_deliberate:
            raise DomainError(
                f"Quorum non atteint ({q.counted} présents, {q.required} requis, "
                f"manque {q.missing}) : l'assemblée ne peut pas voter."
            )
        return att

    def _evaluate_vote(self, event: VoteRecorded) -> tuple[VoteResult, Attendance]:
        rec = self._item(event.item)
        if rec.rounds:
            raise DomainError(f"Le point « {rec.item.id} » est une élection en cours.")
        att = self._check_can_vote(rec)
        weights = self.rules.weighted
        president = self.session.president
        president_vote = event.president_vote
        choices: tuple[tuple[str, Choice], ...] = ()
        if event.ballot is Ballot.PUBLIC:
            choices = self._resolve_choices(event, att)
            weight = {m.id: (m.weight if weights else 1) for m in self.in_office}
            sums = {c: sum(weight[m] for m, v in choices if v is c) for c in Choice}
            tally = Tally(
                Ballot.PUBLIC,
                att.voters,
                sums[Choice.FOR],
                sums[Choice.AGAINST],
                sums[Choice.ABSTAIN],
            )
            # the president's own choice (in person): not the one his holder gives for him
            own_seat = att.seat(president or "")
            own = (
                dict(choices).get(president or "")
                if own_seat is not None and (own_seat.in_person or own_seat.substitute)
                else None
            )
            if president_vote is not None and own is not None and own is not president_vote:
                raise DomainError("Le vote du président ne correspond pas à son choix nominatif.")
            president_vote = own if own is not None else president_vote
        else:
            if event.ballot is Ballot.SECRET and event.choices:
                raise DomainError("Un scrutin secret ne peut pas comporter de noms.")
            if event.ballot is Ballot.SECRET and president_vote is not None:
                raise DomainError(
                    "Un scrutin secret ne fait pas connaître le vote du président "
                    "(pas de voix prépondérante)."
                )
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
                raise DomainError("Bulletins blancs et nuls : seulement au scrutin secret.")
        check_total(tally)
        if president_vote is not None:
            seat = att.seat(president or "")
            if (
                president is None
                or seat is None
                or not seat.voting
                or not (seat.in_person or seat.substitute)
            ):
                raise DomainError(
                    "Le président ne prend pas part à ce vote : son vote ne peut pas être indiqué."
                )
            side = {
                Choice.FOR: tally.count_for,
                Choice.AGAINST: tally.count_against,
                Choice.ABSTAIN: tally.count_abstain,
            }[president_vote]
            if side == 0:
                who = "de la présidente" if self.members[president].is_feminine else "du président"
                raise DomainError(
                    f"Le vote {who} ({president_vote.label.lower()}) ne figure pas "
                    f"dans les nombres saisis (0 {president_vote.label.lower()})."
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

    def _resolve_choices(
        self, event: VoteRecorded, att: Attendance
    ) -> tuple[tuple[str, Choice], ...]:
        given: dict[str, Choice] = {}
        for member_id, choice in event.choices or ():
            m = self._member(member_id)
            seat_id = self.seat_of(m.id)
            seat = att.seat(seat_id)
            if seat is None or not seat.voting:
                why = (
                    "ne prend pas part au vote"
                    if seat is not None and seat.recused
                    else (
                        "est absent et non représenté"
                        if seat is None or not seat.represented
                        else "ne peut pas voter"
                    )
                )
                raise DomainError(f"{m.short_name} {why} : pas de choix possible.")
            if seat_id in given:
                raise DomainError(f"Deux choix pour {self.name(seat_id)}.")
            given[seat_id] = choice
        resolved: list[tuple[str, Choice]] = []
        for seat in att.seats:
            if not seat.voting:
                continue
            if seat.member in given:
                resolved.append((seat.member, given[seat.member]))
            elif seat.represented and seat.proxy_holder in given:
                resolved.append((seat.member, given[seat.proxy_holder]))
            else:
                raise DomainError(f"Scrutin public : choix manquant pour {self.name(seat.member)}.")
        return tuple(resolved)

    def _evaluate_round(self, event: ElectionRound) -> RoundResult:
        rec = self._item(event.item)
        att = self._check_can_vote(rec)
        expected = len(rec.rounds) + 1
        if event.round != expected:
            raise DomainError(
                f"Élection du point « {rec.item.id} » : le tour attendu est le tour n° {expected}."
            )
        for cand, _ in event.votes:
            self._member(cand)
        total = sum(n for _, n in event.votes) + event.blank + event.spoilt
        if total != att.voters:
            raise DomainError(f"{att.voters} votants mais {total} bulletins saisis.")
        births = {c: self.members[c].birth_date for c, _ in event.votes}
        return round_result(event.round, dict(event.votes), event.blank, event.spoilt, births)

    # ------------------------------------------------------------------ applying
    def apply(self, event: Event, index: int) -> None:
        """Fold an event the rules accepted (call ``check`` first)."""
        # reuse what check() computed for this very event; any fold invalidates it
        checked, self._checked = self._checked, None
        cached = checked[1] if checked is not None and checked[0] is event else None
        item_ctx = self.current_item
        item_voted = bool(item_ctx and self.items[item_ctx].decided)
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
            self.current_item = event.item
            rec = self.items[event.item]
            if rec.opened_index is None:
                rec.opened_at, rec.opened_index = event.at, index
        elif isinstance(event, Recused):
            m = self.members[event.member]
            seat = m.substitute_for if m.substitute_for else m.id
            self.items[event.item].recused[seat] = event.kind
        elif isinstance(event, VoteRecorded):
            result, att = cached if isinstance(cached, tuple) else self._evaluate_vote(event)
            rec = self.items[event.item]
            rec.vote, rec.vote_index, rec.vote_at = result, index, event.at
            rec.snapshot = Attendance(
                att.item, att.seats, att.quorum, att.voters, att.recused, event.at or self.last_at
            )
            rec.status = ItemStatus.ADOPTED if result.adopted else ItemStatus.REJECTED
        elif isinstance(event, ElectionRound):
            rnd = cached if isinstance(cached, RoundResult) else self._evaluate_round(event)
            rec = self.items[event.item]
            rec.rounds.append(rnd)
            if rec.snapshot is None:
                att = self.attendance(event.item)
                rec.snapshot = Attendance(
                    att.item,
                    att.seats,
                    att.quorum,
                    att.voters,
                    att.recused,
                    event.at or self.last_at,
                )
            if rnd.elected is not None:
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

    # ------------------------------------------------------------------ projections
    def attendance(self, item_id: str | None = None) -> Attendance:
        """Seats, proxies, quorum and voters now, for ``item_id`` (default: current item)."""
        item_id = item_id if item_id is not None else self.current_item
        rec = self.items.get(item_id) if item_id else None
        recused = rec.recused if rec else {}
        rules = self.rules
        out_of_quorum = {
            m
            for m, kind in recused.items()
            if rules.recused_out_of_quorum == "all"
            or (rules.recused_out_of_quorum == "l1111_6" and kind is RecusalKind.L1111_6)
        }
        seats: list[Seat] = []
        n_office = n_present = n_repr = voters = 0
        recused_voices: list[str] = []
        for m in self.in_office:
            mid = m.id
            in_person = mid in self.present
            substitute = self.seat_substitute.get(mid)
            present = in_person or substitute is not None
            holder = self.proxies.get(mid)
            state: ProxyState | None = None
            if holder is not None:
                if present:
                    state = ProxyState.GIVER_PRESENT
                elif holder in self.present:
                    state = ProxyState.EFFECTIVE
                else:
                    state = ProxyState.HOLDER_ABSENT
            is_recused = mid in recused
            if present:
                voting = not is_recused
            elif state is ProxyState.EFFECTIVE:
                voting = not is_recused and holder not in recused
            else:
                voting = False
            if is_recused and (present or state is ProxyState.EFFECTIVE):
                recused_voices.append(mid)
            presence = (
                Presence.PRESENT
                if present
                else Presence.EXCUSED
                if mid in self.excused
                else Presence.ABSENT
            )
            seats.append(
                Seat(
                    mid,
                    presence,
                    in_person,
                    substitute,
                    holder,
                    state,
                    tuple(self.held.get(mid, ())),
                    is_recused,
                    voting,
                )
            )
            weight = m.weight if rules.quorum_weighted else 1
            if mid not in out_of_quorum:
                n_office += weight
                if present:
                    n_present += weight
                elif state is ProxyState.EFFECTIVE:
                    n_repr += weight
            if voting:
                voters += m.weight if rules.weighted else 1
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
            item_id, tuple(seats), quorum, voters, tuple(recused_voices), self.last_at
        )

    def item_records(self) -> list[ItemRecord]:
        return [self.items[it.id] for it in self.session.items]


def _e(member: Member) -> str:
    """The feminine ending of an agreeing word: « présent » / « présente »."""
    return "e" if member.is_feminine else ""


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
    ItemClosed: SessionState._check_item_closed,
    Note: SessionState._check_note,
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
        raise DomainError(
            f"La correction vise l'événement d'indice {correction.target}, "
            "qui n'existe pas avant elle."
        )
    if prefix_mask is None:
        prefix_mask = effective_mask(events[:index])
    if not prefix_mask[correction.target]:
        raise DomainError(f"L'événement d'indice {correction.target} est déjà annulé.")


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
            raise err.at_index(i) from None
        state.apply(ev, i)
    return state
