"""French wording of dates and times for the screens (typography: « 18 h 34 »)."""

from __future__ import annotations

from datetime import date, datetime

from app.services.wording import MONTHS, NBSP

__all__ = ["NBSP", "hhmm", "hour", "long_date"]


def long_date(day: date) -> str:
    """« 12 mars 2026 » (« 1er mars 2026 » on the first of the month)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def hour(moment: datetime | None) -> str:
    """« 18 h 34 », as French prose writes a time; empty when unknown."""
    if moment is None:
        return ""
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def hhmm(moment: datetime | None) -> str:
    """« 18:34 », for tables and the status line; empty when unknown."""
    return moment.strftime("%H:%M") if moment is not None else ""
