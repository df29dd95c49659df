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
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    Choice,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    ClosedStatus,
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
    RecordingStarted,
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
from app.domain.state import SessionState

__all__ = [
    "Amend",
    "Appoint",
    "Arrive",
    "Ballot",
    "Choice",
    "CloseItem",
    "CloseSession",
    "ClosedStatus",
    "Command",
    "Correct",
    "DrawLots",
    "EndClosedDoors",
    "Excuse",
    "GiveProxy",
    "Leave",
    "OpenItem",
    "OpenSession",
    "Preside",
    "RecordElectionRound",
    "RecordListElectionRound",
    "RecordPublic",
    "RecordSecret",
    "RecordShowOfHands",
    "RecordUnanimity",
    "Recuse",
    "RecusalKind",
    "Redo",
    "RequestBallot",
    "ResumeSession",
    "RevokeProxy",
    "StartClosedDoors",
    "StartRecording",
    "SuspendSession",
    "TakeNote",
    "Undo",
    "WaiveSecretBallot",
    "WithdrawFromVote",
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
class StartRecording(Command):
    """The audio or video recording starts (L2121-18): its chapters count from here."""


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
class Preside(Command):
    """``member`` presides from now on (replacement in the order of the tableau, L2122-17,
    or the president elected for the compte administratif, L2121-14)."""

    member: str


@dataclass(frozen=True)
class WithdrawFromVote(Command):
    """``member`` withdraws for the vote of ``item`` (default: the item under discussion)."""

    member: str
    item: str | None = None


@dataclass(frozen=True)
class RequestBallot(Command):
    """Members present ask for a public or secret ballot on ``item`` (L2121-21)."""

    item: str
    ballot: Ballot
    members: tuple[str, ...]


@dataclass(frozen=True)
class WaiveSecretBallot(Command):
    """The assembly decides unanimously not to vote the nomination of ``item`` by secret
    ballot (L2121-21); ``votes_for`` defaults to every voter of the item."""

    item: str
    votes_for: int | None = None


@dataclass(frozen=True)
class DrawLots(Command):
    """The lot designated ``winner`` (a member, or a list's name) among tied candidates."""

    item: str
    winner: str


@dataclass(frozen=True)
class Appoint(Command):
    """The single candidate for the post is appointed without a vote (L2121-21)."""

    item: str
    member: str


@dataclass(frozen=True)
class RecordListElectionRound(Command):
    """One round of an election by list: (name, candidates in order, ballots) per list."""

    item: str
    round: int
    lists: tuple[tuple[str, tuple[str, ...], int], ...]
    blank: int = 0
    spoilt: int = 0


@dataclass(frozen=True)
class StartClosedDoors(Command):
    """The assembly sits « à huis clos » (L2121-18), asked by ``requested_by`` and decided
    by ``votes_for`` of the members present or represented."""

    requested_by: tuple[str, ...]
    votes_for: int


@dataclass(frozen=True)
class EndClosedDoors(Command):
    pass


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
        case StartRecording():
            return RecordingStarted()
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
            return Recused(member=member, item=_current(state, item), kind=kind)
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
        case Preside(member):
            return PresidencyTaken(member=member)
        case WithdrawFromVote(member, item):
            return WithdrawnFromVote(member=member, item=_current(state, item))
        case RequestBallot(item, ballot, members):
            return BallotRequested(item=item, ballot=ballot, members=tuple(members))
        case WaiveSecretBallot(item, votes_for):
            if votes_for is None:
                votes_for = state.attendance(item).voters if item in state.items else 0
            return SecretBallotWaived(item=item, votes_for=votes_for)
        case DrawLots(item, winner):
            return LotsDrawn(item=item, winner=winner)
        case Appoint(item, member):
            return Appointed(item=item, member=member)
        case RecordListElectionRound(item, rnd, lists, blank, spoilt):
            return ListElectionRound(
                item=item,
                round=rnd,
                lists=tuple((n, tuple(c), v) for n, c, v in lists),
                blank=blank,
                spoilt=spoilt,
            )
        case StartClosedDoors(requested_by, votes_for):
            return ClosedDoorsStarted(requested_by=tuple(requested_by), votes_for=votes_for)
        case EndClosedDoors():
            return ClosedDoorsEnded()
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


def _current(state: SessionState, item: str | None) -> str:
    """``item``, or the item under discussion when none is named."""
    target = item or state.current_item
    if target is None:
        raise Refused(Refusal.NO_CURRENT_ITEM_FOR_RECUSAL)
    return target
