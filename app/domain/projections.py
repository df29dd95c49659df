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
    someone (a person, a list, or the single candidate appointed without a vote). An
    election with no winner decided nothing: no act, no extract, no SCDL row. The minutes,
    the extracts, the list of délibérations, the register and the SCDL file all ask here."""
    return rec.vote is not None or rec.elected is not None or rec.elected_list is not None


def is_adopted_act(rec: ItemRecord) -> bool:
    """An act the assembly adopted: a délibération but a rejected proposal. The SCDL file,
    which publishes acts, leaves a rejected proposal out (the extract and the minutes still
    record its vote)."""
    return is_deliberation(rec) and (rec.vote is None or rec.vote.adopted)
