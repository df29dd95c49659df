"""Commands: what the secretary asks for, as frozen values in the imperative.

The GUI and the command line build commands, never events. ``decide`` turns a command
into the events it would record, given the state (a pure function: the rule checks then
judge those events, ``app.domain.journal.check``); the session service handles a command
(``handle``) or previews it without storing anything (``preview``).
Undo, redo and corrections act on the journal and are handled by the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.constitution import Patch
from app.domain.errors import Refusal, Refused
from app.domain.events import (
    Amended,
    Arrived,
    Ballot,
    Choice,
    ClosedStatus,
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
from app.domain.state import SessionState

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
    "decide",
]


@dataclass(frozen=True)
class Command:
    """Base of every command."""


@dataclass(frozen=True)
class OpenSession(Command):
    pass


@dataclass(frozen=True)
class SuspendSession(Command):
    pass


@dataclass(frozen=True)
class ResumeSession(Command):
    pass


@dataclass(frozen=True)
class CloseSession(Command):
    pass


@dataclass(frozen=True)
class Arrive(Command):
    member: str
    for_titular: str | None = None  # a suppléant sitting for his titular


@dataclass(frozen=True)
class Leave(Command):
    member: str


@dataclass(frozen=True)
class Excuse(Command):
    member: str


@dataclass(frozen=True)
class GiveProxy(Command):
    giver: str
    holder: str


@dataclass(frozen=True)
class RevokeProxy(Command):
    giver: str


@dataclass(frozen=True)
class OpenItem(Command):
    item: str


@dataclass(frozen=True)
class Recuse(Command):
    member: str
    item: str | None = None  # default: the item under discussion
    kind: RecusalKind = RecusalKind.INTEREST


@dataclass(frozen=True)
class RecordShowOfHands(Command):
    item: str
    count_for: int
    count_against: int
    count_abstain: int = 0
    president_vote: Choice | None = None


@dataclass(frozen=True)
class RecordUnanimity(Command):
    """Every voter for the item votes for it (a show of hands)."""

    item: str


@dataclass(frozen=True)
class RecordPublic(Command):
    item: str
    choices: tuple[tuple[str, Choice], ...]


@dataclass(frozen=True)
class RecordSecret(Command):
    item: str
    count_for: int
    count_against: int
    blank: int = 0
    spoilt: int = 0


@dataclass(frozen=True)
class RecordElectionRound(Command):
    item: str
    round: int
    votes: tuple[tuple[str, int], ...]
    blank: int = 0
    spoilt: int = 0


@dataclass(frozen=True)
class CloseItem(Command):
    item: str
    status: ClosedStatus


@dataclass(frozen=True)
class TakeNote(Command):
    item: str | None
    text: str


@dataclass(frozen=True)
class Amend(Command):
    """Change a begun session's constitution from now on: who, what, why."""

    patch: Patch
    by: str
    reason: str


@dataclass(frozen=True)
class Undo(Command):
    pass


@dataclass(frozen=True)
class Redo(Command):
    pass


@dataclass(frozen=True)
class Correct(Command):
    target: int  # index of the event cancelled
    reason: str = field(default="")


def decide(state: SessionState, command: Command) -> Event:
    """The event ``command`` would record in ``state`` (not yet judged by the rules).
    Raises ``DomainError`` for a command that names nothing to act on."""
    match command:
        case OpenSession():
            return SessionOpened()
        case SuspendSession():
            return SessionSuspended()
        case ResumeSession():
            return SessionResumed()
        case CloseSession():
            return SessionClosed()
        case Arrive(member, for_titular):
            return Arrived(member=member, for_titular=for_titular)
        case Leave(member):
            return Left(member=member)
        case Excuse(member):
            return Excused(member=member)
        case GiveProxy(giver, holder):
            return ProxyGiven(giver=giver, holder=holder)
        case RevokeProxy(giver):
            return ProxyRevoked(giver=giver)
        case OpenItem(item):
            return ItemOpened(item=item)
        case Recuse(member, item, kind):
            target = item or state.current_item
            if target is None:
                raise Refused(Refusal.NO_CURRENT_ITEM_FOR_RECUSAL)
            return Recused(member=member, item=target, kind=kind)
        case RecordShowOfHands(item, count_for, count_against, count_abstain, president_vote):
            return VoteRecorded(
                item=item,
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=count_for,
                count_against=count_against,
                count_abstain=count_abstain,
                president_vote=president_vote,
            )
        case RecordUnanimity(item):
            voters = state.attendance(item).voters
            return VoteRecorded(
                item=item,
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=voters,
                count_against=0,
                count_abstain=0,
            )
        case RecordPublic(item, choices):
            return VoteRecorded(item=item, ballot=Ballot.PUBLIC, choices=tuple(choices))
        case RecordSecret(item, count_for, count_against, blank, spoilt):
            return VoteRecorded(
                item=item,
                ballot=Ballot.SECRET,
                count_for=count_for,
                count_against=count_against,
                blank=blank,
                spoilt=spoilt,
            )
        case RecordElectionRound(item, rnd, votes, blank, spoilt):
            return ElectionRound(item=item, round=rnd, votes=votes, blank=blank, spoilt=spoilt)
        case CloseItem(item, status):
            return ItemClosed(item=item, status=status)
        case TakeNote(item, text):
            return Note(item=item, text=text)
        case Amend(patch, by, reason):
            if patch.empty:
                raise Refused(Refusal.NOTHING_TO_AMEND)
            if not reason.strip():
                raise Refused(Refusal.AMENDMENT_REASON_MISSING)
            return Amended(by=by, reason=reason, patch=patch)
    raise Refused(Refusal.UNKNOWN_COMMAND)
