"""French sentences shared by the screens and the documents: outcomes, event labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.domain.assembly import Majority
from app.domain.constitution import Part
from app.domain.elections import RoundResult
from app.domain.events import (
    Amended,
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    ClosedStatus,
    Constituted,
    Correction,
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
    Recused,
    SecretBallotWaived,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.votes import VoteResult

NBSP = "\u00a0"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 abstention », « 1 abstention », « 2 abstentions » (French: 0 and 1 are singular)."""
    word = singular if n < 2 else (plural_form or singular + "s")
    return f"{n} {word}"


def join_names(names: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


def figures(result: VoteResult) -> str:
    """« 12 pour, 3 contre, 2 abstentions » (secret: blank and spoilt too)."""
    t = result.tally
    parts = [f"{t.count_for} pour", f"{t.count_against} contre"]
    if t.ballot is not Ballot.SECRET or t.count_abstain:
        parts.append(plural(t.count_abstain, "abstention"))
    if t.ballot is Ballot.SECRET:
        parts.append(plural(t.blank, "bulletin blanc", "bulletins blancs"))
        parts.append(plural(t.spoilt, "bulletin nul", "bulletins nuls"))
    return ", ".join(parts)


def recused_clause(names: Sequence[str]) -> str:
    """« M. DUPONT ne prend pas part au vote » / « M. A et Mme B ne prennent pas part au vote »."""
    if not names:
        return ""
    verb = "ne prend" if len(names) == 1 else "ne prennent"
    return f"{join_names(names)} {verb} pas part au vote"


def outcome_sentence(
    result: VoteResult, name: Callable[[str], str], *, feminine_president: bool = False
) -> str:
    """The outcome as the secretary reads it out and the documents print it, e.g.
    « Adopté à la majorité absolue des suffrages exprimés : 12 pour, 3 contre,
    2 abstentions ; M. DUPONT ne prend pas part au vote. »
    ``feminine_president``: « la voix de la présidente » when the casting vote decided."""
    t = result.tally
    verdict = "Adopté" if result.adopted else "Rejeté"
    secret = " au scrutin secret" if t.ballot is Ballot.SECRET else ""
    if result.casting_vote_used:
        whose = "de la présidente" if feminine_president else "du président"
        head = f"{verdict}{secret}, la voix {whose} étant prépondérante"
    elif result.tie and not result.adopted:
        head = f"{verdict}{secret}, faute de majorité (partage égal des voix)"
    elif result.adopted and result.unanimous:
        head = f"{verdict}{secret} à l'unanimité"
    elif result.adopted and result.unanimous_expressed:
        head = f"{verdict}{secret} à l'unanimité des suffrages exprimés"
    elif result.adopted:
        head = f"{verdict}{secret} à la {result.majority.label}"
    elif result.majority is Majority.ABSOLUTE_EXPRESSED:
        head = f"{verdict}{secret}"
    else:
        head = (
            f"{verdict}{secret}, la {result.majority.label} ({result.needed} voix) "
            "n'étant pas atteinte"
        )
    sentence = f"{head}{NBSP}: {figures(result)}"
    clause = recused_clause([name(m) for m in result.recused])
    if clause:
        sentence += f"{NBSP}; {clause}"
    return sentence + "."


def ordinal(n: int) -> str:
    """« 1er », « 2e », « 3e » (French abbreviated ordinals)."""
    return "1er" if n == 1 else f"{n}e"


def election_sentence(
    result: RoundResult, name: Callable[[str], str], feminine: Callable[[str], bool]
) -> str:
    """The outcome of an election round, e.g. « Mme MARTIN est élue au 2e tour avec
    9 voix sur 17 suffrages exprimés. »"""
    tour = f"{ordinal(result.round)} tour"
    if result.elected is not None:
        elected = result.elected
        votes = dict(result.votes).get(elected, 0)
        participle = "élue" if feminine(elected) else "élu"
        age = ", au bénéfice de l'âge," if result.by_age else ""
        return (
            f"{name(elected)} est {participle} au {tour}{age} avec "
            f"{votes} voix sur "
            f"{plural(result.expressed, 'suffrage exprimé', 'suffrages exprimés')}."
        )
    if result.needed is not None:
        return (
            f"Aucun candidat n'obtient la majorité absolue ({result.needed} voix) "
            f"au {tour}{NBSP}: un {ordinal(result.round + 1)} tour est nécessaire."
        )
    return f"Aucun candidat n'obtient de voix au {tour}{NBSP}: personne n'est élu."


def describe_event(
    event: Event, name: Callable[[str], str], item_label: Callable[[str], str] | None = None
) -> str:
    """A short French label of an event, for the status line and « Annuler : … »."""
    item_label = item_label or (lambda i: f"point {i}")
    if isinstance(event, SessionOpened):
        return "ouverture de la séance"
    if isinstance(event, SessionSuspended):
        return "suspension de séance"
    if isinstance(event, SessionResumed):
        return "reprise de la séance"
    if isinstance(event, SessionClosed):
        return "clôture de la séance"
    if isinstance(event, RecordingStarted):
        return "enregistrement démarré"
    if isinstance(event, Arrived):
        return f"arrivée de {name(event.member)}"
    if isinstance(event, Left):
        return f"départ de {name(event.member)}"
    if isinstance(event, Excused):
        return f"excuse de {name(event.member)}"
    if isinstance(event, ProxyGiven):
        return f"pouvoir de {name(event.giver)} à {name(event.holder)}"
    if isinstance(event, ProxyRevoked):
        return f"révocation du pouvoir de {name(event.giver)}"
    if isinstance(event, ItemOpened):
        return f"passage au {item_label(event.item)}"
    if isinstance(event, Recused):
        return f"{name(event.member)} ne prend pas part au vote du {item_label(event.item)}"
    if isinstance(event, VoteRecorded):
        return f"vote du {item_label(event.item)}"
    if isinstance(event, ElectionRound):
        return f"tour n°{NBSP}{event.round} de l'élection du {item_label(event.item)}"
    if isinstance(event, ListElectionRound):
        return f"tour n°{NBSP}{event.round} de l'élection par liste du {item_label(event.item)}"
    if isinstance(event, ItemClosed):
        verb = {
            ClosedStatus.WITHDRAWN: "retrait",
            ClosedStatus.POSTPONED: "ajournement",
            ClosedStatus.INFORMATION: "clôture (information)",
        }[event.status]
        return f"{verb} du {item_label(event.item)}"
    if isinstance(event, Note):
        where = f" ({item_label(event.item)})" if event.item else ""
        return f"note{where}"
    if isinstance(event, Correction):
        return f"correction de l'événement d'indice {event.target}"
    if isinstance(event, PresidencyTaken):
        return f"présidence de séance par {name(event.member)}"
    if isinstance(event, WithdrawnFromVote):
        return f"retrait de {name(event.member)} pour le vote du {item_label(event.item)}"
    if isinstance(event, LotsDrawn):
        return f"tirage au sort ({name(event.winner)}) pour le {item_label(event.item)}"
    if isinstance(event, Appointed):
        return f"nomination sans vote de {name(event.member)} ({item_label(event.item)})"
    if isinstance(event, ClosedDoorsStarted):
        return "huis clos"
    if isinstance(event, ClosedDoorsEnded):
        return "fin du huis clos"
    if isinstance(event, BallotRequested):
        kind = "public" if event.ballot is Ballot.PUBLIC else "secret"
        return f"demande de scrutin {kind} sur le {item_label(event.item)}"
    if isinstance(event, SecretBallotWaived):
        return f"renonciation unanime au scrutin secret pour le {item_label(event.item)}"
    if isinstance(event, Constituted):
        return "constitution de la séance"
    if isinstance(event, Amended):
        what = join_names([PART_LABELS[p] for p in event.patch.parts])
        return f"modification de la séance ({what}) par {event.by}{NBSP}: {event.reason}"
    return event.type


PART_LABELS = {
    Part.ASSEMBLY: "identité de l'assemblée",
    Part.RULES: "règles",
    Part.MEMBERS: "liste des membres",
    Part.SESSION: "en-tête de la séance",
    Part.AGENDA: "ordre du jour",
}
