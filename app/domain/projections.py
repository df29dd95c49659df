"""Derivations read by the summary, the screens and the documents: one home each."""

from __future__ import annotations

from app.domain.state import Attendance, ItemRecord, ItemStatus, SessionState


def item_attendance(state: SessionState, rec: ItemRecord) -> Attendance:
    """The attendance that applies to an item: the one frozen when it was decided (its
    vote, the round that elected, its closing); for a pending item, the state now."""
    if rec.snapshot is not None and rec.status is not ItemStatus.PENDING:
        return rec.snapshot
    return state.attendance(rec.item.id)


def is_deliberation(rec: ItemRecord) -> bool:
    """A délibération: a recorded vote (adopted or rejected), or an election that elected
    someone (or, by list, a list). An election with no winner decided nothing: no act, no
    extract, no SCDL row."""
    return rec.vote is not None or rec.elected is not None or rec.elected_list is not None
