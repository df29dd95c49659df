"""What is due after a session, and by when (pure: facts and today in, duties out).

- the liste des délibérations is published within one week of the session (L2121-25);
- the PV is published within one week of the session that arrêté it (L2121-15);
- EPCI and syndicats: the liste and the PV are sent to the municipal councillors of the
  member communes within one month (L5211-40-2), counted from the session for the liste
  and from the arrêté for the PV.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum


class Duty(Enum):
    LIST_PUBLISHED = "list_published"
    MINUTES_PUBLISHED = "minutes_published"
    LIST_SENT = "list_sent"
    MINUTES_SENT = "minutes_sent"

    @property
    def label(self) -> str:
        return {
            Duty.LIST_PUBLISHED: "Publier la liste des délibérations",
            Duty.MINUTES_PUBLISHED: "Publier le procès-verbal arrêté",
            Duty.LIST_SENT: "Transmettre la liste aux conseillers municipaux des communes membres",
            Duty.MINUTES_SENT: "Transmettre le procès-verbal aux conseillers municipaux des "
            "communes membres",
        }[self]

    @property
    def article(self) -> str:
        return {
            Duty.LIST_PUBLISHED: "L2121-25",
            Duty.MINUTES_PUBLISHED: "L2121-15",
            Duty.LIST_SENT: "L5211-40-2",
            Duty.MINUTES_SENT: "L5211-40-2",
        }[self]


@dataclass(frozen=True)
class SessionFacts:
    """What the deadlines depend on, for one session."""

    session_id: str
    day: date
    closed: bool
    intercommunal: bool  # EPCI or syndicat: duties towards the member communes
    minutes_arrete_on: date | None = None
    done: Mapping[Duty, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Due:
    """One duty of one session, with its deadline."""

    session_id: str
    session_day: date
    duty: Duty
    due_on: date
    done_on: date | None
    overdue: bool  # not done and the deadline has passed


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def duties(facts: SessionFacts) -> list[tuple[Duty, date]]:
    """Every duty a session has incurred so far, with its deadline."""
    if not facts.closed:
        return []
    out = [(Duty.LIST_PUBLISHED, facts.day + timedelta(days=7))]
    if facts.intercommunal:
        out.append((Duty.LIST_SENT, add_months(facts.day, 1)))
    if facts.minutes_arrete_on is not None:
        out.append((Duty.MINUTES_PUBLISHED, facts.minutes_arrete_on + timedelta(days=7)))
        if facts.intercommunal:
            out.append((Duty.MINUTES_SENT, add_months(facts.minutes_arrete_on, 1)))
    return out


def deadlines(
    sessions: Iterable[SessionFacts], today: date, *, include_done: bool = False
) -> list[Due]:
    """What is due, soonest first; done duties only with ``include_done``."""
    out: list[Due] = []
    for facts in sessions:
        for duty, due_on in duties(facts):
            done_on = facts.done.get(duty)
            if done_on is not None and not include_done:
                continue
            overdue = done_on is None and today > due_on
            out.append(Due(facts.session_id, facts.day, duty, due_on, done_on, overdue))
    out.sort(key=lambda d: (d.due_on, d.session_day, d.duty.value))
    return out


__all__ = ["Due", "Duty", "SessionFacts", "add_months", "deadlines", "duties"]
