"""The command API as the screens reach it: the command types of ``app.domain.commands``
and the value enums they carry, so that ``ui/`` builds commands without importing the
domain's events."""

from __future__ import annotations

from app.domain.commands import (
    Amend,
    Arrive,
    CloseItem,
    CloseSession,
    Command,
    Correct,
    Excuse,
    GiveProxy,
    Leave,
    OpenItem,
    OpenSession,
    RecordElectionRound,
    RecordPublic,
    RecordSecret,
    RecordShowOfHands,
    RecordUnanimity,
    Recuse,
    Redo,
    ResumeSession,
    RevokeProxy,
    SuspendSession,
    TakeNote,
    Undo,
)
from app.domain.events import Ballot, Choice, ClosedStatus, RecusalKind

__all__ = [
    "Amend",
    "Arrive",
    "Ballot",
    "Choice",
    "CloseItem",
    "CloseSession",
    "ClosedStatus",
    "Command",
    "Correct",
    "Excuse",
    "GiveProxy",
    "Leave",
    "OpenItem",
    "OpenSession",
    "RecordElectionRound",
    "RecordPublic",
    "RecordSecret",
    "RecordShowOfHands",
    "RecordUnanimity",
    "Recuse",
    "RecusalKind",
    "Redo",
    "ResumeSession",
    "RevokeProxy",
    "SuspendSession",
    "TakeNote",
    "Undo",
]
