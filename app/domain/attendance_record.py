"""Attendance record (« relevé d'assiduité ») of each member over a period.

Since the Conseil constitutionnel's decision 2024-1094 QPC, every commune may modulate
its élus' indemnities by their effective participation (L2123-24-2; EPCI L5211-12-2;
départements must, L3123-16). The journal already knows every arrival and departure to
the minute: this module folds the journals of the sessions held in a period into, for
each member and each session, one situation:

- present for the whole session, or present in part (with the minutes present);
- represented: never in the room, but a proxy was exercised for him, or his suppléant sat;
- excused (not represented); absent.

The five situations partition the members in office at each session (« convoqués »).
A suppléant is counted for his own presence only (sessions he sat, minutes present);
the titular he replaced is « représenté » by him.

Minutes are those of the sitting: from the opening to the closing, suspensions excluded,
each presence interval clipped to it; a total is rounded down to the whole minute.
Everything here is pure: ``attendance_record`` takes an assembly, its sessions and their
journals; ``app.services.attendance_record.load_attendance_record`` reads them from a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from app.domain.assembly import Assembly, Session
from app.domain.errors import InputError
from app.domain.events import Arrived, Event, ItemOpened, Left, SessionOpened
from app.domain.journal import fold
from app.domain.members import Member
from app.domain.state import SessionState, effective_mask


class Situation(Enum):
    """A member's situation at one session (a partition of the members convened)."""

    WHOLE = "present"  # in the room for the whole sitting
    PART = "partial"  # in the room for part of it
    REPRESENTED = "represented"  # never in the room; proxy exercised, or suppléant sat
    EXCUSED = "excused"  # never in the room, apologised, not represented
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return SITUATION_LABELS[self]


SITUATION_LABELS = {
    Situation.WHOLE: "présent toute la séance",
    Situation.PART: "présent en partie",
    Situation.REPRESENTED: "représenté",
    Situation.EXCUSED: "excusé",
    Situation.ABSENT: "absent",
}


@dataclass(frozen=True)
class SessionLine:
    """One member at one session."""

    session_id: str
    member_id: str
    situation: Situation
    minutes_present: int | None  # None when the journal lacks the times
    represented_by: tuple[str, ...] = ()  # proxy holders, or the suppléant who sat
    substitute: bool = False  # a suppléant's own line (he was not convened)


@dataclass(frozen=True)
class SessionHeld:
    """A session of the period, with the length of its sitting."""

    session: Session
    opened_at: datetime | None
    closed_at: datetime | None
    sitting_minutes: int | None
    lines: tuple[SessionLine, ...]

    def count(self, situation: Situation) -> int:
        return sum(1 for ln in self.lines if not ln.substitute and ln.situation is situation)

    @property
    def convened(self) -> int:
        return sum(1 for ln in self.lines if not ln.substitute)


@dataclass(frozen=True)
class MemberTotals:
    """A member's figures over the period."""

    member: Member
    convened: int = 0
    whole: int = 0
    part: int = 0
    represented: int = 0
    excused: int = 0
    absent: int = 0
    sat: int = 0  # sessions where he was in the room (suppléants included)
    minutes_present: int = 0
    sitting_minutes: int = 0  # of the sessions he was convened to (or sat, for a suppléant)
    minutes_unknown: int = 0  # sessions whose times are missing from the journal
    represented_by: tuple[tuple[str, int], ...] = ()  # (holder or suppléant, sessions)

    @property
    def substitute(self) -> bool:
        return self.member.is_substitute


@dataclass(frozen=True)
class AttendanceRecord:
    """The record of an assembly over ``[start, end]``: sessions held and totals."""

    assembly: Assembly
    start: date
    end: date
    sessions: tuple[SessionHeld, ...]
    totals: tuple[MemberTotals, ...] = field(default=())

    def totals_of(self, member_id: str) -> MemberTotals:
        for t in self.totals:
            if t.member.id == member_id:
                return t
        raise KeyError(member_id)

    def line(self, session_id: str, member_id: str) -> SessionLine | None:
        for s in self.sessions:
            if s.session.id == session_id:
                for ln in s.lines:
                    if ln.member_id == member_id:
                        return ln
        return None


# --------------------------------------------------------------------------- intervals

Interval = tuple[datetime, datetime]


def _seconds(intervals: Iterable[Interval]) -> float:
    return sum((b - a).total_seconds() for a, b in intervals if b > a)


def _clip(interval: Interval, sitting: Sequence[Interval]) -> list[Interval]:
    """The parts of ``interval`` that fall in the sitting's open spans."""
    a, b = interval
    out = []
    for s, e in sitting:
        lo, hi = max(a, s), min(b, e)
        if hi > lo:
            out.append((lo, hi))
    return out


def _sitting_spans(state: SessionState, end: datetime) -> list[Interval] | None:
    """Open spans of the sitting (opening → closing, minus suspensions); None if a time
    is missing."""
    if state.opened_at is None:
        return None
    spans: list[Interval] = []
    start = state.opened_at
    for suspended, resumed in state.suspensions:
        if suspended is None:
            return None
        spans.append((start, suspended))
        if resumed is None:  # still suspended at the end of the journal
            return spans
        start = resumed
    spans.append((start, end))
    return spans


def _presence(state: SessionState, member_id: str, end: datetime) -> list[Interval] | None:
    """Presence intervals of a person, from his arrivals and departures (they alternate:
    the rules refuse an arrival of someone present and a departure of someone absent)."""
    arrivals = state.arrivals.get(member_id, [])
    departures = state.departures.get(member_id, [])
    out: list[Interval] = []
    for i, arrived in enumerate(arrivals):
        left = departures[i] if i < len(departures) else end
        if arrived is None or left is None:
            return None
        out.append((arrived, left))
    return out


def _first_item_index(events: Sequence[Event], mask: Sequence[bool]) -> int:
    for i, ev in enumerate(events):
        if mask[i] and isinstance(ev, ItemOpened):
            return i
    return len(events)


def _opening_index(events: Sequence[Event], mask: Sequence[bool]) -> int:
    for i, ev in enumerate(events):
        if mask[i] and isinstance(ev, SessionOpened):
            return i
    return len(events)


# --------------------------------------------------------------------------- one session


def session_lines(assembly: Assembly, session: Session, events: list[Event]) -> SessionHeld | None:
    """The situation of every member at one session; None if the session was not held
    (never opened)."""
    # the journal's constitution when it has one, else the prepared assembly and session
    state = fold(events, transmissions=session.transmissions, prepared=(assembly, session))
    if state.opened_at is None and not any(isinstance(e, SessionOpened) for e in events):
        return None
    end = state.closed_at or state.last_at
    spans = _sitting_spans(state, end) if end is not None else None
    sitting_seconds = _seconds(spans) if spans is not None else None
    sitting_minutes = int(sitting_seconds // 60) if sitting_seconds is not None else None
    mask = effective_mask(events)
    first_item = _first_item_index(events, mask)
    opening = _opening_index(events, mask)
    # who stood in for whom, and which proxies were exercised, over the session
    holders: dict[str, list[str]] = {}
    substitutes: dict[str, list[str]] = {}
    snapshots = [rec.snapshot for rec in state.item_records() if rec.snapshot is not None]
    snapshots.append(state.attendance(None))
    for att in snapshots:
        for seat in att.seats:
            if seat.substitute and seat.substitute not in substitutes.get(seat.member, []):
                substitutes.setdefault(seat.member, []).append(seat.substitute)
            if seat.represented and seat.proxy_holder:
                if seat.proxy_holder not in holders.get(seat.member, []):
                    holders.setdefault(seat.member, []).append(seat.proxy_holder)

    arrival_index: dict[str, int] = {}
    left_ever: set[str] = set()
    for i, ev in enumerate(events):
        if not mask[i]:
            continue
        if isinstance(ev, Arrived):
            arrival_index.setdefault(ev.member, i)
        elif isinstance(ev, Left):
            left_ever.add(ev.member)

    def presence(member_id: str) -> tuple[Situation | None, int | None]:
        """(WHOLE/PART or None if never in the room, minutes present)."""
        if not state.arrivals.get(member_id):
            return None, 0
        intervals = _presence(state, member_id, end) if end is not None else None
        if spans is None or intervals is None or sitting_seconds is None:
            # times missing: decide from the order of the journal
            whole = member_id not in left_ever and arrival_index[member_id] < max(
                first_item, opening + 1
            )
            return (Situation.WHOLE if whole else Situation.PART), None
        seconds = _seconds(part for iv in intervals for part in _clip(iv, spans))
        if seconds <= 0:  # came and went outside the sitting (before the opening…)
            return None, 0
        minutes = int(seconds // 60)
        whole = seconds >= sitting_seconds
        return (Situation.WHOLE if whole else Situation.PART), minutes

    # a suppléant who sat only between two votes still sat (not one who came and went
    # before the opening)
    for m in assembly.members:
        if m.substitute_for and presence(m.id)[0] is not None:
            if m.id not in substitutes.get(m.substitute_for, []):
                substitutes.setdefault(m.substitute_for, []).append(m.id)

    lines: list[SessionLine] = []
    for m in state.in_office:
        situation, minutes = presence(m.id)
        by: tuple[str, ...] = ()
        if situation is None:
            if substitutes.get(m.id):
                situation, by = Situation.REPRESENTED, tuple(substitutes[m.id])
            elif holders.get(m.id):
                situation, by = Situation.REPRESENTED, tuple(holders[m.id])
            elif m.id in state.excused:
                situation = Situation.EXCUSED
            else:
                situation = Situation.ABSENT
        else:
            by = tuple(substitutes.get(m.id, ())) + tuple(holders.get(m.id, ()))
        lines.append(SessionLine(session.id, m.id, situation, minutes, by))
    for m in assembly.members:
        if m.substitute_for and state.arrivals.get(m.id):
            situation, minutes = presence(m.id)
            if situation is not None:  # else he came and went outside the sitting
                lines.append(SessionLine(session.id, m.id, situation, minutes, substitute=True))
    return SessionHeld(session, state.opened_at, state.closed_at, sitting_minutes, tuple(lines))


# --------------------------------------------------------------------------- the period


def attendance_record(
    assembly: Assembly,
    journals: Iterable[tuple[Session, list[Event]]],
    start: date,
    end: date,
) -> AttendanceRecord:
    """Fold the sessions of ``assembly`` dated within ``[start, end]`` (others ignored)."""
    if end < start:
        raise InputError(f"période invalide : le {end:%d/%m/%Y} est antérieur au {start:%d/%m/%Y}.")
    held: list[SessionHeld] = []
    for session, events in sorted(journals, key=lambda j: (j[0].date, j[0].time or "", j[0].id)):
        if session.assembly_id != assembly.id or not start <= session.date <= end:
            continue
        s = session_lines(assembly, session, events)
        if s is not None:
            held.append(s)
    totals = []
    for m in assembly.members:
        counts = dict.fromkeys(Situation, 0)
        minutes = sitting = unknown = convened = sat = 0
        by: dict[str, int] = {}
        for s in held:
            for ln in s.lines:
                if ln.member_id != m.id:
                    continue
                counts[ln.situation] += 1
                if not ln.substitute:
                    convened += 1
                if ln.situation in (Situation.WHOLE, Situation.PART):
                    sat += 1
                if ln.minutes_present is None or s.sitting_minutes is None:
                    unknown += 1
                else:
                    minutes += ln.minutes_present
                    sitting += s.sitting_minutes
                if ln.situation is Situation.REPRESENTED:
                    for holder in ln.represented_by:
                        by[holder] = by.get(holder, 0) + 1
        if m.is_substitute and not sat:
            continue  # a suppléant who never sat has nothing to report
        if not m.is_substitute and not convened:
            continue  # not in office during the period
        totals.append(
            MemberTotals(
                member=m,
                convened=convened,
                whole=counts[Situation.WHOLE],
                part=counts[Situation.PART],
                represented=counts[Situation.REPRESENTED],
                excused=counts[Situation.EXCUSED],
                absent=counts[Situation.ABSENT],
                sat=sat,
                minutes_present=minutes,
                sitting_minutes=sitting,
                minutes_unknown=unknown,
                represented_by=tuple(by.items()),
            )
        )
    return AttendanceRecord(assembly, start, end, tuple(held), tuple(totals))
