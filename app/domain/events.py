"""Journal events: small frozen values named in the past tense, with their JSON codec.

The codec follows the event table of docs/FORMAT.md (``seance/1``); ``decode_event`` refuses a
malformed event with a French message, ``encode_event`` gives back the same dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from app.domain.constitution import (
    Constitution,
    Patch,
    constitution_from_dict,
    constitution_to_dict,
    patch_from_dict,
    patch_to_dict,
)
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
class RecordingStarted(Event):
    """The secretary marked the start of the audio or video recording (L2121-18): the
    chapters of the recording are timed from it."""

    type: str = field(init=False, default="recording_started")


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
class SecretBallotWaived(Event):
    """The assembly decided unanimously not to vote the nomination of ``item`` by secret
    ballot (L2121-21): ``votes_for`` is the number of voters, every one of them agreeing."""

    type: str = field(init=False, default="secret_ballot_waived")
    item: str
    votes_for: int


@dataclass(frozen=True, kw_only=True)
class Constituted(Event):
    """The session's constitution (event 0 of its journal; appended once to a journal
    recorded before constitutions existed, when it then applies from the start)."""

    type: str = field(init=False, default="constituted")
    constitution: Constitution


@dataclass(frozen=True, kw_only=True)
class Amended(Event):
    """A change to a begun session's constitution: who made it, what, and why."""

    type: str = field(init=False, default="amended")
    by: str
    reason: str
    patch: Patch


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
    codec = CODECS.get(kind) if isinstance(kind, str) else None
    if codec is None:
        raise InputError(f"type d'événement « {kind} » inconnu.")
    return codec.decode(data, parse_instant(data.get("at")))


def _decode_arrived(data: dict[str, Any], at: datetime | None) -> Event:
    return Arrived(
        at=at, member=_str(data, "member") or "", for_titular=_str(data, "for", required=False)
    )


def _decode_recused(data: dict[str, Any], at: datetime | None) -> Event:
    raw_kind = data.get("kind") or RecusalKind.INTEREST.value
    try:
        recusal = RecusalKind(raw_kind)
    except ValueError:
        raise InputError(f"« kind » : « {raw_kind} » inconnu (interest ou l1111_6).")
    return Recused(
        at=at, member=_str(data, "member") or "", item=_str(data, "item") or "", kind=recusal
    )


def _decode_round(data: dict[str, Any], at: datetime | None) -> Event:
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


def _decode_item_closed(data: dict[str, Any], at: datetime | None) -> Event:
    status = data.get("status")
    try:
        closed = ClosedStatus(status)
    except ValueError:
        raise InputError(
            f"« status » : « {status} » inconnu (withdrawn, postponed ou information)."
        )
    return ItemClosed(at=at, item=_str(data, "item") or "", status=closed)


def _decode_note(data: dict[str, Any], at: datetime | None) -> Event:
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError("champ « text » : une chaîne est attendue.")
    if len(text) > MAX_TEXT:
        raise InputError(f"champ « text » : texte trop long ({len(text)} caractères).")
    return Note(at=at, item=_str(data, "item", required=False), text=text)


def _decode_correction(data: dict[str, Any], at: datetime | None) -> Event:
    target = data.get("event")
    if not isinstance(target, int) or isinstance(target, bool) or target < 0:
        raise InputError("champ « event » : l'indice de l'événement corrigé est attendu.")
    reason = data.get("reason") or ""
    if not isinstance(reason, str):
        raise InputError("champ « reason » : une chaîne est attendue.")
    return Correction(at=at, target=target, reason=reason)


def _decode_amended(data: dict[str, Any], at: datetime | None) -> Event:
    patch = patch_from_dict(data.get("changes"))
    if patch.empty:
        raise InputError("modification : « changes » ne modifie rien.")
    reason = data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("modification : le motif (« reason ») est obligatoire.")
    return Amended(at=at, by=_str(data, "by") or "", reason=reason, patch=patch)


def _decode_vote(data: dict[str, Any], at: datetime | None) -> VoteRecorded:
    raw = data.get("ballot") or Ballot.SHOW_OF_HANDS.value
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


def _decode_ballot_requested(data: dict[str, Any], at: datetime | None) -> Event:
    raw_ballot = data.get("ballot")
    if raw_ballot not in (Ballot.PUBLIC.value, Ballot.SECRET.value):
        raise InputError(f"« ballot » : « {raw_ballot} » inconnu (public ou secret).")
    raw_members = data.get("members")
    if (
        not isinstance(raw_members, list)
        or not raw_members
        or not all(isinstance(m, str) and m.strip() for m in raw_members)
    ):
        raise InputError("« members » : la liste non vide des membres demandeurs est attendue.")
    return BallotRequested(
        at=at, item=_str(data, "item") or "", ballot=Ballot(raw_ballot), members=tuple(raw_members)
    )


def _decode_list_round(data: dict[str, Any], at: datetime | None) -> Event:
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
            (_str(raw, "name") or "", tuple(cands), _count({"voix": raw.get("votes")}, "voix") or 0)
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


def _decode_secret_waived(data: dict[str, Any], at: datetime | None) -> Event:
    votes_for = _count(data, "for")
    if votes_for is None:
        raise InputError("« for » : le nombre de votants, tous d'accord, est attendu.")
    return SecretBallotWaived(at=at, item=_str(data, "item") or "", votes_for=votes_for)


def _decode_closed_doors(data: dict[str, Any], at: datetime | None) -> Event:
    raw = data.get("requested_by")
    if not isinstance(raw, list) or not raw or not all(isinstance(m, str) for m in raw):
        raise InputError("« requested_by » : la liste non vide des demandeurs est attendue.")
    votes_for = _count(data, "for")
    if votes_for is None:
        raise InputError("« for » : le nombre de voix pour le huis clos est attendu.")
    return ClosedDoorsStarted(at=at, requested_by=tuple(raw), votes_for=votes_for)


# --------------------------------------------------------------------------- encoding


def format_instant(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.isoformat(timespec="seconds" if at.second else "minutes")


def encode_event(event: Event) -> dict[str, Any]:
    """The ``seance/1`` dict of an event (inverse of ``decode_event``)."""
    out: dict[str, Any] = {"type": event.type}
    out.update(CODECS[event.type].encode(event))
    if event.at is not None:
        out["at"] = format_instant(event.at)
    return out


def members_named(event: Event) -> tuple[str, ...]:
    """The member ids an event names (a member named in a journal is never deleted)."""
    return CODECS[event.type].members(event)


def _encode_vote(e: VoteRecorded) -> dict[str, Any]:
    out: dict[str, Any] = {"item": e.item, "ballot": e.ballot.value}
    if e.choices is not None:
        out["choices"] = {k: c.value for k, c in e.choices}
    for key, value in (
        ("for", e.count_for),
        ("against", e.count_against),
        ("abstain", e.count_abstain),
        ("blank", e.blank),
        ("spoilt", e.spoilt),
    ):
        if value is not None:
            out[key] = value
    if e.president_vote is not None:
        out["president_vote"] = e.president_vote.value
    return out


def _encode_recused(e: Recused) -> dict[str, Any]:
    out = {"member": e.member, "item": e.item}
    if e.kind is not RecusalKind.INTEREST:
        out["kind"] = e.kind.value
    return out


def _encode_note(e: Note) -> dict[str, Any]:
    out: dict[str, Any] = {} if e.item is None else {"item": e.item}
    out["text"] = e.text
    return out


def _encode_correction(e: Correction) -> dict[str, Any]:
    out: dict[str, Any] = {"event": e.target}
    if e.reason:
        out["reason"] = e.reason
    return out


@dataclass(frozen=True)
class Codec:
    """How one event type is read, written and which members it names: the one place to
    add an event type."""

    cls: type[Event]
    decode: Callable[[dict[str, Any], datetime | None], Event]
    encode: Callable[[Any], dict[str, Any]] = lambda e: {}
    members: Callable[[Any], tuple[str, ...]] = lambda e: ()


def _bare(cls: type[Event]) -> Callable[[dict[str, Any], datetime | None], Event]:
    return lambda data, at: cls(at=at)


CODECS: dict[str, Codec] = {
    c.cls.__dataclass_fields__["type"].default: c  # type: ignore[misc]
    for c in (
        Codec(SessionOpened, _bare(SessionOpened)),
        Codec(SessionSuspended, _bare(SessionSuspended)),
        Codec(SessionResumed, _bare(SessionResumed)),
        Codec(SessionClosed, _bare(SessionClosed)),
        Codec(RecordingStarted, _bare(RecordingStarted)),
        Codec(
            Arrived,
            _decode_arrived,
            lambda e: {"member": e.member, **({"for": e.for_titular} if e.for_titular else {})},
            lambda e: (e.member, *((e.for_titular,) if e.for_titular else ())),
        ),
        Codec(
            Left,
            lambda d, at: Left(at=at, member=_str(d, "member") or ""),
            lambda e: {"member": e.member},
            lambda e: (e.member,),
        ),
        Codec(
            Excused,
            lambda d, at: Excused(at=at, member=_str(d, "member") or ""),
            lambda e: {"member": e.member},
            lambda e: (e.member,),
        ),
        Codec(
            ProxyGiven,
            lambda d, at: ProxyGiven(
                at=at, giver=_str(d, "from") or "", holder=_str(d, "to") or ""
            ),
            lambda e: {"from": e.giver, "to": e.holder},
            lambda e: (e.giver, e.holder),
        ),
        Codec(
            ProxyRevoked,
            lambda d, at: ProxyRevoked(at=at, giver=_str(d, "from") or ""),
            lambda e: {"from": e.giver},
            lambda e: (e.giver,),
        ),
        Codec(
            ItemOpened,
            lambda d, at: ItemOpened(at=at, item=_str(d, "item") or ""),
            lambda e: {"item": e.item},
        ),
        Codec(Recused, _decode_recused, _encode_recused, lambda e: (e.member,)),
        Codec(
            VoteRecorded,
            lambda d, at: _decode_vote(d, at),
            _encode_vote,
            lambda e: tuple(m for m, _ in e.choices or ()),
        ),
        Codec(
            ElectionRound,
            _decode_round,
            lambda e: {
                "item": e.item,
                "round": e.round,
                "votes": dict(e.votes),
                "blank": e.blank,
                "spoilt": e.spoilt,
            },
            lambda e: tuple(m for m, _ in e.votes),
        ),
        Codec(
            ItemClosed,
            _decode_item_closed,
            lambda e: {"item": e.item, "status": e.status.value},
        ),
        Codec(Note, _decode_note, _encode_note),
        Codec(Correction, _decode_correction, _encode_correction),
        Codec(
            Constituted,
            lambda d, at: Constituted(
                at=at, constitution=constitution_from_dict(d.get("constitution"))
            ),
            lambda e: {"constitution": constitution_to_dict(e.constitution)},
        ),
        Codec(
            Amended,
            _decode_amended,
            lambda e: {"by": e.by, "reason": e.reason, "changes": patch_to_dict(e.patch)},
        ),
        Codec(
            PresidencyTaken,
            lambda d, at: PresidencyTaken(at=at, member=_str(d, "member") or ""),
            lambda e: {"member": e.member},
            lambda e: (e.member,),
        ),
        Codec(
            WithdrawnFromVote,
            lambda d, at: WithdrawnFromVote(
                at=at, member=_str(d, "member") or "", item=_str(d, "item") or ""
            ),
            lambda e: {"member": e.member, "item": e.item},
            lambda e: (e.member,),
        ),
        Codec(
            LotsDrawn,
            lambda d, at: LotsDrawn(
                at=at, item=_str(d, "item") or "", winner=_str(d, "winner") or ""
            ),
            lambda e: {"item": e.item, "winner": e.winner},
        ),
        Codec(
            BallotRequested,
            _decode_ballot_requested,
            lambda e: {"item": e.item, "ballot": e.ballot.value, "members": list(e.members)},
            lambda e: tuple(e.members),
        ),
        Codec(
            ClosedDoorsStarted,
            _decode_closed_doors,
            lambda e: {"requested_by": list(e.requested_by), "for": e.votes_for},
            lambda e: tuple(e.requested_by),
        ),
        Codec(ClosedDoorsEnded, _bare(ClosedDoorsEnded)),
        Codec(
            ListElectionRound,
            _decode_list_round,
            lambda e: {
                "item": e.item,
                "round": e.round,
                "lists": [{"name": n, "candidates": list(c), "votes": v} for n, c, v in e.lists],
                "blank": e.blank,
                "spoilt": e.spoilt,
            },
            lambda e: tuple(m for _, c, _ in e.lists for m in c),
        ),
        Codec(
            Appointed,
            lambda d, at: Appointed(
                at=at, item=_str(d, "item") or "", member=_str(d, "member") or ""
            ),
            lambda e: {"item": e.item, "member": e.member},
            lambda e: (e.member,),
        ),
        Codec(
            SecretBallotWaived,
            _decode_secret_waived,
            lambda e: {"item": e.item, "for": e.votes_for},
        ),
    )
}
EVENT_TYPES: dict[str, type[Event]] = {name: c.cls for name, c in CODECS.items()}
