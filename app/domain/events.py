"""Journal events: small frozen values named in the past tense, with their JSON codec.

The codec follows the event table of FORMAT.md (``seance/1``); ``decode_event`` refuses a
malformed event with a French message, ``encode_event`` gives back the same dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from app.domain.errors import InputError


class Choice(Enum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        return {"for": "Pour", "against": "Contre", "abstain": "Abstention"}[self.value]


class Ballot(Enum):
    SHOW_OF_HANDS = "show_of_hands"
    PUBLIC = "public"
    SECRET = "secret"

    @property
    def label(self) -> str:
        return {
            "show_of_hands": "à main levée",
            "public": "au scrutin public",
            "secret": "au scrutin secret",
        }[self.value]


class ClosedStatus(Enum):
    WITHDRAWN = "withdrawn"
    POSTPONED = "postponed"
    INFORMATION = "information"


class RecusalKind(Enum):
    INTEREST = "interest"  # conseiller intéressé (L2131-11) or déport
    L1111_6 = "l1111_6"  # representative of the collectivity in the body concerned


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every journal event; ``at`` is the local instant, when known."""

    type: str = field(init=False, default="")
    at: datetime | None = None

    def describe(self) -> str:  # pragma: no cover - overridden
        return self.type


@dataclass(frozen=True, kw_only=True)
class SessionOpened(Event):
    type: str = field(init=False, default="session_opened")


@dataclass(frozen=True, kw_only=True)
class SessionSuspended(Event):
    type: str = field(init=False, default="session_suspended")


@dataclass(frozen=True, kw_only=True)
class SessionResumed(Event):
    type: str = field(init=False, default="session_resumed")


@dataclass(frozen=True, kw_only=True)
class SessionClosed(Event):
    type: str = field(init=False, default="session_closed")


@dataclass(frozen=True, kw_only=True)
class Arrived(Event):
    type: str = field(init=False, default="arrived")
    member: str
    for_titular: str | None = None  # a suppléant sitting for his titular


@dataclass(frozen=True, kw_only=True)
class Left(Event):
    type: str = field(init=False, default="left")
    member: str


@dataclass(frozen=True, kw_only=True)
class Excused(Event):
    type: str = field(init=False, default="excused")
    member: str


@dataclass(frozen=True, kw_only=True)
class ProxyGiven(Event):
    type: str = field(init=False, default="proxy_given")
    giver: str
    holder: str


@dataclass(frozen=True, kw_only=True)
class ProxyRevoked(Event):
    type: str = field(init=False, default="proxy_revoked")
    giver: str


@dataclass(frozen=True, kw_only=True)
class ItemOpened(Event):
    type: str = field(init=False, default="item_opened")
    item: str


@dataclass(frozen=True, kw_only=True)
class Recused(Event):
    type: str = field(init=False, default="recused")
    member: str
    item: str
    kind: RecusalKind = RecusalKind.INTEREST


@dataclass(frozen=True, kw_only=True)
class VoteRecorded(Event):
    """A vote on an item. Show of hands and secret: counts; public: one choice per voter."""

    type: str = field(init=False, default="vote_recorded")
    item: str
    ballot: Ballot
    count_for: int | None = None
    count_against: int | None = None
    count_abstain: int | None = None
    blank: int | None = None
    spoilt: int | None = None
    choices: tuple[tuple[str, Choice], ...] | None = None
    president_vote: Choice | None = None


@dataclass(frozen=True, kw_only=True)
class ElectionRound(Event):
    """One round of an election of persons (secret ballot)."""

    type: str = field(init=False, default="election_round")
    item: str
    round: int
    votes: tuple[tuple[str, int], ...]  # candidate member id → ballots
    blank: int = 0
    spoilt: int = 0


@dataclass(frozen=True, kw_only=True)
class PresidencyTaken(Event):
    """``member`` presides from now on (L2122-17 replacement, or the president elected
    for the compte administratif, L2121-14); the casting vote follows him."""

    type: str = field(init=False, default="presidency_taken")
    member: str


@dataclass(frozen=True, kw_only=True)
class WithdrawnFromVote(Event):
    """``member`` withdraws for the vote of ``item`` (the maire at the compte administratif,
    L2121-14): he neither votes nor holds a proxy on it and is not counted present."""

    type: str = field(init=False, default="withdrawn_from_vote")
    member: str
    item: str


@dataclass(frozen=True, kw_only=True)
class LotsDrawn(Event):
    """The assembly drew lots between candidates tied and born the same day; ``winner``
    is the one the lot designated (the program never decides it)."""

    type: str = field(init=False, default="lots_drawn")
    item: str
    winner: str


@dataclass(frozen=True, kw_only=True)
class BallotRequested(Event):
    """Members ask for a special ballot on ``item`` (L2121-21): public on request of a
    quarter of the members present (a sixth in départements and régions), secret on request
    of a third; if both are asked, secret prevails."""

    type: str = field(init=False, default="ballot_requested")
    item: str
    ballot: Ballot
    members: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ClosedDoorsStarted(Event):
    """The assembly sits « à huis clos » (L2121-18): asked by ``requested_by`` (three members
    or the maire), decided without debate by ``votes_for`` of the members present or
    represented (an absolute majority of them)."""

    type: str = field(init=False, default="closed_doors_started")
    requested_by: tuple[str, ...]
    votes_for: int


@dataclass(frozen=True, kw_only=True)
class ClosedDoorsEnded(Event):
    """The public is admitted again; the minutes say when the closed sitting started and ended."""

    type: str = field(init=False, default="closed_doors_ended")


@dataclass(frozen=True, kw_only=True)
class ListElectionRound(Event):
    """One round of an election by list (adjoints, EPCI vice-presidents, L2122-7-2):
    each list names its candidates in order and gets a number of ballots."""

    type: str = field(init=False, default="list_election_round")
    item: str
    round: int
    lists: tuple[tuple[str, tuple[str, ...], int], ...]  # (name, candidates, ballots)
    blank: int = 0
    spoilt: int = 0


@dataclass(frozen=True, kw_only=True)
class Appointed(Event):
    """A nomination with a single candidate for the post: ``member`` is appointed without a
    vote (L2121-21, last paragraph); the minutes say so."""

    type: str = field(init=False, default="appointed")
    item: str
    member: str


@dataclass(frozen=True, kw_only=True)
class ItemClosed(Event):
    type: str = field(init=False, default="item_closed")
    item: str
    status: ClosedStatus


@dataclass(frozen=True, kw_only=True)
class Note(Event):
    type: str = field(init=False, default="note")
    item: str | None
    text: str


@dataclass(frozen=True, kw_only=True)
class Correction(Event):
    """Cancels the event at ``target`` (its index in the journal); the journal keeps both."""

    type: str = field(init=False, default="correction")
    target: int
    reason: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__dataclass_fields__["type"].default: cls  # type: ignore[misc]
    for cls in (
        SessionOpened,
        SessionSuspended,
        SessionResumed,
        SessionClosed,
        Arrived,
        Left,
        Excused,
        ProxyGiven,
        ProxyRevoked,
        ItemOpened,
        Recused,
        VoteRecorded,
        ElectionRound,
        ItemClosed,
        Note,
        Correction,
        PresidencyTaken,
        WithdrawnFromVote,
        LotsDrawn,
        BallotRequested,
        ClosedDoorsStarted,
        ClosedDoorsEnded,
        ListElectionRound,
        Appointed,
    )
}

MAX_TEXT = 100_000


# --------------------------------------------------------------------------- decoding


def _str(data: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise InputError(f"champ « {key} » manquant.")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"champ « {key} » : une chaîne non vide est attendue.")
    if len(value) > MAX_TEXT:
        raise InputError(f"champ « {key} » : texte trop long ({len(value)} caractères).")
    return value


def _count(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 10**6:
        raise InputError(f"champ « {key} » : un nombre entier positif ou nul est attendu.")
    return value


def _choice(value: Any, key: str) -> Choice:
    try:
        return Choice(value)
    except ValueError:
        raise InputError(f"« {key} » : choix « {value} » inconnu (for, against ou abstain).")


def parse_instant(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("champ « at » : un instant AAAA-MM-JJTHH:MM est attendu.")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"champ « at » : instant « {value} » illisible (AAAA-MM-JJTHH:MM).")


def decode_event(data: Any) -> Event:
    """Build an event from its ``seance/1`` dict; raises ``InputError`` in French."""
    if not isinstance(data, dict):
        raise InputError("un événement doit être un objet JSON.")
    kind = data.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InputError(f"type d'événement « {kind} » inconnu.")
    at = parse_instant(data.get("at"))
    if cls in (SessionOpened, SessionSuspended, SessionResumed, SessionClosed, ClosedDoorsEnded):
        return cls(at=at)
    if cls is Arrived:
        return Arrived(
            at=at, member=_str(data, "member") or "", for_titular=_str(data, "for", required=False)
        )
    if cls is Left:
        return Left(at=at, member=_str(data, "member") or "")
    if cls is Excused:
        return Excused(at=at, member=_str(data, "member") or "")
    if cls is ProxyGiven:
        return ProxyGiven(at=at, giver=_str(data, "from") or "", holder=_str(data, "to") or "")
    if cls is ProxyRevoked:
        return ProxyRevoked(at=at, giver=_str(data, "from") or "")
    if cls is ItemOpened:
        return ItemOpened(at=at, item=_str(data, "item") or "")
    if cls is PresidencyTaken:
        return PresidencyTaken(at=at, member=_str(data, "member") or "")
    if cls is WithdrawnFromVote:
        return WithdrawnFromVote(
            at=at, member=_str(data, "member") or "", item=_str(data, "item") or ""
        )
    if cls is BallotRequested:
        raw_ballot = data.get("ballot")
        if raw_ballot not in ("public", "secret"):
            raise InputError(f"« ballot » : « {raw_ballot} » inconnu (public ou secret).")
        raw_members = data.get("members")
        if (
            not isinstance(raw_members, list)
            or not raw_members
            or not all(isinstance(m, str) and m.strip() for m in raw_members)
        ):
            raise InputError("« members » : la liste non vide des membres demandeurs est attendue.")
        return BallotRequested(
            at=at,
            item=_str(data, "item") or "",
            ballot=Ballot(raw_ballot),
            members=tuple(raw_members),
        )
    if cls is ListElectionRound:
        raw_lists = data.get("lists")
        if not isinstance(raw_lists, list) or not raw_lists:
            raise InputError(
                "« lists » : une liste non vide de listes {name, candidates, votes} est attendue."
            )
        lists = []
        for raw in raw_lists:
            if not isinstance(raw, dict):
                raise InputError("« lists » : chaque liste est un objet {name, candidates, votes}.")
            cands = raw.get("candidates")
            if (
                not isinstance(cands, list)
                or not cands
                or not all(isinstance(c, str) and c.strip() for c in cands)
            ):
                raise InputError("« candidates » : la liste ordonnée des candidats est attendue.")
            lists.append(
                (
                    _str(raw, "name") or "",
                    tuple(cands),
                    _count({"voix": raw.get("votes")}, "voix") or 0,
                )
            )
        rnd = _count(data, "round")
        if rnd is None or not 1 <= rnd <= 3:
            raise InputError("« round » : tour 1, 2 ou 3 attendu.")
        return ListElectionRound(
            at=at,
            item=_str(data, "item") or "",
            round=rnd,
            lists=tuple(lists),
            blank=_count(data, "blank") or 0,
            spoilt=_count(data, "spoilt") or 0,
        )
    if cls is ClosedDoorsStarted:
        raw = data.get("requested_by")
        if not isinstance(raw, list) or not raw or not all(isinstance(m, str) for m in raw):
            raise InputError("« requested_by » : la liste non vide des demandeurs est attendue.")
        votes_for = _count(data, "for")
        if votes_for is None:
            raise InputError("« for » : le nombre de voix pour le huis clos est attendu.")
        return ClosedDoorsStarted(at=at, requested_by=tuple(raw), votes_for=votes_for)
    if cls is Appointed:
        return Appointed(at=at, item=_str(data, "item") or "", member=_str(data, "member") or "")
    if cls is LotsDrawn:
        return LotsDrawn(at=at, item=_str(data, "item") or "", winner=_str(data, "winner") or "")
    if cls is Recused:
        raw_kind = data.get("kind") or "interest"
        try:
            recusal = RecusalKind(raw_kind)
        except ValueError:
            raise InputError(f"« kind » : « {raw_kind} » inconnu (interest ou l1111_6).")
        return Recused(
            at=at, member=_str(data, "member") or "", item=_str(data, "item") or "", kind=recusal
        )
    if cls is VoteRecorded:
        return _decode_vote(data, at)
    if cls is ElectionRound:
        votes = data.get("votes")
        if not isinstance(votes, dict) or not votes:
            raise InputError("« votes » : un objet {candidat : voix} non vide est attendu.")
        pairs = []
        for cand, n in votes.items():
            pairs.append((str(cand), _count({"voix": n}, "voix") or 0))
        rnd = _count(data, "round")
        if rnd is None or not 1 <= rnd <= 3:
            raise InputError("« round » : tour 1, 2 ou 3 attendu.")
        return ElectionRound(
            at=at,
            item=_str(data, "item") or "",
            round=rnd,
            votes=tuple(pairs),
            blank=_count(data, "blank") or 0,
            spoilt=_count(data, "spoilt") or 0,
        )
    if cls is ItemClosed:
        status = data.get("status")
        try:
            closed = ClosedStatus(status)
        except ValueError:
            raise InputError(
                f"« status » : « {status} » inconnu (withdrawn, postponed ou information)."
            )
        return ItemClosed(at=at, item=_str(data, "item") or "", status=closed)
    if cls is Note:
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError("champ « text » : une chaîne est attendue.")
        if len(text) > MAX_TEXT:
            raise InputError(f"champ « text » : texte trop long ({len(text)} caractères).")
        return Note(at=at, item=_str(data, "item", required=False), text=text)
    # Correction
    target = data.get("event")
    if not isinstance(target, int) or isinstance(target, bool) or target < 0:
        raise InputError("champ « event » : l'indice de l'événement corrigé est attendu.")
    reason = data.get("reason") or ""
    if not isinstance(reason, str):
        raise InputError("champ « reason » : une chaîne est attendue.")
    return Correction(at=at, target=target, reason=reason)


def _decode_vote(data: dict[str, Any], at: datetime | None) -> VoteRecorded:
    raw = data.get("ballot") or "show_of_hands"
    try:
        ballot = Ballot(raw)
    except ValueError:
        raise InputError(
            f"« ballot » : scrutin « {raw} » inconnu (show_of_hands, public ou secret)."
        )
    item = _str(data, "item") or ""
    pres = data.get("president_vote")
    president_vote = _choice(pres, "president_vote") if pres is not None else None
    raw_choices = data.get("choices")
    if ballot is Ballot.SECRET and raw_choices:
        raise InputError("un scrutin secret ne peut pas comporter de noms (« choices »).")
    choices = None
    if ballot is Ballot.PUBLIC:
        if not isinstance(raw_choices, dict) or not raw_choices:
            raise InputError(
                "scrutin public : « choices » {membre : for/against/abstain} est attendu."
            )
        choices = tuple((str(k), _choice(v, str(k))) for k, v in raw_choices.items())
    elif raw_choices:
        raise InputError("« choices » n'est admis que pour un scrutin public.")
    vote = VoteRecorded(
        at=at,
        item=item,
        ballot=ballot,
        count_for=_count(data, "for"),
        count_against=_count(data, "against"),
        count_abstain=_count(data, "abstain"),
        blank=_count(data, "blank"),
        spoilt=_count(data, "spoilt"),
        choices=choices,
        president_vote=president_vote,
    )
    if ballot is not Ballot.PUBLIC and (vote.count_for is None or vote.count_against is None):
        raise InputError("vote : les nombres « for » et « against » sont attendus.")
    return vote


# --------------------------------------------------------------------------- encoding


def format_instant(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.isoformat(timespec="seconds" if at.second else "minutes")


def encode_event(event: Event) -> dict[str, Any]:
    """The ``seance/1`` dict of an event (inverse of ``decode_event``)."""
    out: dict[str, Any] = {"type": event.type}
    if isinstance(event, Arrived):
        out["member"] = event.member
        if event.for_titular:
            out["for"] = event.for_titular
    elif isinstance(event, (Left, Excused, PresidencyTaken)):
        out["member"] = event.member
    elif isinstance(event, (WithdrawnFromVote, Appointed)):
        out["member"], out["item"] = event.member, event.item
    elif isinstance(event, LotsDrawn):
        out["item"], out["winner"] = event.item, event.winner
    elif isinstance(event, ListElectionRound):
        out.update(
            item=event.item,
            round=event.round,
            lists=[{"name": n, "candidates": list(c), "votes": v} for n, c, v in event.lists],
            blank=event.blank,
            spoilt=event.spoilt,
        )
    elif isinstance(event, ClosedDoorsStarted):
        out.update(requested_by=list(event.requested_by), **{"for": event.votes_for})
    elif isinstance(event, BallotRequested):
        out.update(item=event.item, ballot=event.ballot.value, members=list(event.members))
    elif isinstance(event, ProxyGiven):
        out["from"], out["to"] = event.giver, event.holder
    elif isinstance(event, ProxyRevoked):
        out["from"] = event.giver
    elif isinstance(event, ItemOpened):
        out["item"] = event.item
    elif isinstance(event, Recused):
        out["member"], out["item"] = event.member, event.item
        if event.kind is not RecusalKind.INTEREST:
            out["kind"] = event.kind.value
    elif isinstance(event, VoteRecorded):
        out["item"], out["ballot"] = event.item, event.ballot.value
        if event.choices is not None:
            out["choices"] = {k: c.value for k, c in event.choices}
        for key, value in (
            ("for", event.count_for),
            ("against", event.count_against),
            ("abstain", event.count_abstain),
            ("blank", event.blank),
            ("spoilt", event.spoilt),
        ):
            if value is not None:
                out[key] = value
        if event.president_vote is not None:
            out["president_vote"] = event.president_vote.value
    elif isinstance(event, ElectionRound):
        out.update(
            item=event.item,
            round=event.round,
            votes=dict(event.votes),
            blank=event.blank,
            spoilt=event.spoilt,
        )
    elif isinstance(event, ItemClosed):
        out["item"], out["status"] = event.item, event.status.value
    elif isinstance(event, Note):
        if event.item is not None:
            out["item"] = event.item
        out["text"] = event.text
    elif isinstance(event, Correction):
        out["event"] = event.target
        if event.reason:
            out["reason"] = event.reason
    if event.at is not None:
        out["at"] = format_instant(event.at)
    return out
