"""The president's script: the sentence to read aloud at each step, built from the state.

Pure functions of a ``SessionState``: what the president should read *now* (the opening,
an item's announcement, the call for votes, the proclamation of a result or of an
election, the consequence of a lost quorum, the resumption, the closing) and, as a
preview, what comes *next*. The proclamation of a vote is the outcome sentence of the
minutes (``wording.outcome_sentence``), word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from app.domain.state import Attendance, ItemRecord, ItemStatus, Phase, Quorum, SessionState
from app.domain.wording import NBSP, election_sentence, join_names, ordinal, outcome_sentence


class Step(Enum):
    OPENING = "opening"
    NO_QUORUM = "no_quorum"  # the session cannot be opened
    ANNOUNCEMENT = "announcement"  # an item is presented, with its rapporteur
    CALL = "call"  # the call for votes
    RESULT = "result"  # proclamation of a vote, a withdrawal, a postponement
    ELECTION = "election"  # proclamation of an election round
    NEXT_ROUND = "next_round"  # call for another round of an election
    QUORUM_LOST = "quorum_lost"
    RESUMPTION = "resumption"
    NO_RESUMPTION = "no_resumption"  # suspended without quorum: the session ends
    CLOSING = "closing"
    CLOSED = "closed"


@dataclass(frozen=True)
class Cue:
    """One sentence of the script, with a short heading for the screen."""

    step: Step
    heading: str
    text: str


@dataclass(frozen=True)
class Script:
    """What to read now, and what comes next (None when it depends on what happens)."""

    now: Cue
    then: Cue | None = None


def _hour(at: datetime | None) -> str:
    return f"{at.hour}{NBSP}h{NBSP}{at.minute:02d}" if at is not None else ""


def _count(n: int, singular: str, plural_form: str) -> str:
    return f"{n} {singular if n < 2 else plural_form}"


def quorum_figures(quorum: Quorum) -> str:
    """« 13 membres présents et 4 représentés sur 23 membres en exercice »."""
    present = _count(quorum.present, "membre présent", "membres présents")
    if quorum.represented:
        present += " et " + _count(quorum.represented, "représenté", "représentés")
    return f"{present} sur {_count(quorum.in_office, 'membre', 'membres')} en exercice"


def _shortfall(quorum: Quorum) -> str:
    """« 10 membres présents, 12 requis » (présents ou représentés when proxies count)."""
    who = "présents ou représentés" if quorum.counts_proxies else "présents"
    if quorum.counted < 2:
        who = who.replace("présents", "présent").replace("représentés", "représenté")
    noun = "membre" if quorum.counted < 2 else "membres"
    return f"{quorum.counted} {noun} {who}, {quorum.required} requis"


def item_heading(state: SessionState, item_id: str) -> str:
    """« Point 2026-014 — Vote des taux d'imposition 2026 »."""
    rec = state.items[item_id]
    return f"Point {item_id} — {rec.item.title}"


def _secretaries(state: SessionState) -> str:
    ids = [s for s in state.session.secretaries if s in state.members]
    if not ids:
        return "Je vous propose de désigner un secrétaire de séance (article L2121-15 du CGCT)."
    names = join_names([state.name(s) for s in ids])
    feminine = all(state.members[s].is_feminine for s in ids)
    if len(ids) == 1:
        participle = "désignée" if feminine else "désigné"
        return f"{names} est {participle} secrétaire de séance."
    participle = "désignées" if feminine else "désignés"
    return f"{names} sont {participle} secrétaires de séance."


def opening_cue(state: SessionState) -> Cue:
    """Before the opening: « Le quorum étant atteint, je déclare la séance ouverte… », or
    why it cannot be opened."""
    quorum = state.attendance(None).quorum
    figures = quorum_figures(quorum)
    if quorum.second_convocation:
        text = (
            "L'assemblée ayant été convoquée une seconde fois faute de quorum, elle "
            "délibère valablement sans condition de quorum. Je déclare la séance "
            f"ouverte{NBSP}: {figures}. {_secretaries(state)}"
        )
        return Cue(Step.OPENING, "Ouverture de la séance", text)
    if not quorum.reached:
        text = (
            f"Le quorum n'est pas atteint{NBSP}: {_shortfall(quorum)}. La séance ne peut "
            f"pas être ouverte{NBSP}; l'assemblée sera convoquée de nouveau et délibérera "
            "alors valablement sans condition de quorum."
        )
        return Cue(Step.NO_QUORUM, "Quorum non atteint", text)
    text = (
        f"Le quorum étant atteint, je déclare la séance ouverte{NBSP}: {figures}. "
        f"{_secretaries(state)}"
    )
    return Cue(Step.OPENING, "Ouverture de la séance", text)


def announcement_cue(state: SessionState, item_id: str) -> Cue:
    """« Point 2026-014{NBSP}: Vote des taux d'imposition 2026. La parole est à M. DUPONT,
    rapporteur. »"""
    rec = state.items[item_id]
    text = f"Point {item_id}{NBSP}: {rec.item.title}."
    rapporteur = rec.item.rapporteur
    if rapporteur and rapporteur in state.members:
        if rapporteur == state.session.president:
            text += " Je vous présente ce point."
        else:
            m = state.members[rapporteur]
            role = "rapporteure" if m.is_feminine else "rapporteur"
            text += f" La parole est à {state.name(rapporteur)}, {role}."
    if rec.item.presided_apart and state.presiding == state.session.president:
        text += (
            " S'agissant du compte administratif, le conseil élit son président pour ce "
            f"point{NBSP}; je me retirerai au moment du vote (article L2121-14)."
        )
    return Cue(Step.ANNOUNCEMENT, item_heading(state, item_id), text)


def call_cue(state: SessionState, item_id: str, attendance: Attendance | None = None) -> Cue:
    """« Je mets aux voix le point 2026-014 (17 votants). Qui est pour ? Qui est contre ?
    Qui s'abstient ? »; ``attendance``: the item's, when the caller has it."""
    att = attendance if attendance is not None and attendance.item == item_id else None
    voters = (att or state.attendance(item_id)).voters
    text = (
        f"Je mets aux voix le point {item_id} ({_count(voters, 'votant', 'votants')}). "
        f"Qui est pour{NBSP}? Qui est contre{NBSP}? Qui s'abstient{NBSP}?"
    )
    return Cue(Step.CALL, item_heading(state, item_id), text)


def _president_feminine(state: SessionState) -> bool:
    president = state.members.get(state.session.president or "")
    return president is not None and president.is_feminine


def result_cue(state: SessionState, rec: ItemRecord) -> Cue | None:
    """The proclamation of a decided item: the outcome sentence of the minutes, an
    election round, a withdrawal or a postponement."""
    item_id = rec.item.id
    heading = item_heading(state, item_id)
    if rec.rounds:
        last = rec.rounds[-1]
        text = election_sentence(last, state.name, lambda m: state.members[m].is_feminine)
        return Cue(Step.ELECTION, heading, text)
    if rec.vote is not None:
        text = outcome_sentence(rec.vote, state.name, feminine_president=_president_feminine(state))
        return Cue(Step.RESULT, heading, text)
    if rec.status is ItemStatus.WITHDRAWN:
        return Cue(Step.RESULT, heading, f"Le point {item_id} est retiré de l'ordre du jour.")
    if rec.status is ItemStatus.POSTPONED:
        return Cue(Step.RESULT, heading, f"Le point {item_id} est ajourné.")
    if rec.status is ItemStatus.INFORMATION:
        return Cue(Step.RESULT, heading, "L'assemblée prend acte de cette information.")
    return None


def next_round_cue(state: SessionState, rec: ItemRecord) -> Cue:
    number = len(rec.rounds) + 1
    majority = "à la majorité relative" if number == 3 else "à la majorité absolue"
    text = f"Je vous invite à procéder au {ordinal(number)} tour de scrutin, {majority}."
    return Cue(Step.NEXT_ROUND, item_heading(state, rec.item.id), text)


def closing_cue(state: SessionState) -> Cue:
    if state.phase is Phase.CLOSED:
        text = f"La séance est levée à {_hour(state.closed_at)}."
        return Cue(Step.CLOSED, "Clôture de la séance", text)
    pending = [r for r in state.item_records() if r.status is ItemStatus.PENDING]
    if pending:
        return Cue(Step.CLOSING, "Clôture de la séance", "Je lève la séance.")
    return Cue(
        Step.CLOSING,
        "Clôture de la séance",
        "L'ordre du jour étant épuisé, je lève la séance.",
    )


def quorum_lost_cue(state: SessionState, quorum: Quorum) -> Cue:
    text = (
        f"Le quorum n'est plus atteint{NBSP}: {_shortfall(quorum)}. L'assemblée ne peut "
        f"plus délibérer valablement{NBSP}: je suspends la séance."
    )
    return Cue(Step.QUORUM_LOST, "Quorum perdu", text)


def resumption_cue(state: SessionState, attendance: Attendance | None = None) -> Cue:
    quorum = (attendance or state.attendance()).quorum
    if quorum.may_deliberate:
        text = f"La séance reprend{NBSP}: {quorum_figures(quorum)}."
        return Cue(Step.RESUMPTION, "Reprise de la séance", text)
    text = (
        f"Le quorum n'est toujours pas atteint{NBSP}: {_shortfall(quorum)}. Je lève la "
        f"séance{NBSP}; les points restants seront inscrits à une prochaine séance."
    )
    return Cue(Step.NO_RESUMPTION, "Quorum non atteint", text)


def _next_pending(state: SessionState, after: str | None) -> str | None:
    """The first pending item after ``after`` (or from the start), in agenda order."""
    ids = [it.id for it in state.session.items]
    start = ids.index(after) + 1 if after in ids else 0
    for item_id in ids[start:] + ids[:start]:
        if state.items[item_id].status is ItemStatus.PENDING and item_id != after:
            return item_id
    return None


def _following(state: SessionState, after: str | None) -> Cue:
    item_id = _next_pending(state, after)
    return announcement_cue(state, item_id) if item_id else closing_cue(state)


def president_script(
    state: SessionState, *, vote_called: bool = False, attendance: Attendance | None = None
) -> Script:
    """The sentence to read now, from the state; ``vote_called``: the secretary announced
    the vote on the current item (the room display shows « Vote en cours »);
    ``attendance``: the state's current attendance, when the caller has it already."""
    att = attendance
    if state.phase is Phase.NOT_OPENED:
        cue = opening_cue(state)
        then = None if cue.step is Step.NO_QUORUM else _following(state, None)
        return Script(cue, then)
    if state.phase is Phase.CLOSED:
        return Script(closing_cue(state))
    if state.phase is Phase.SUSPENDED:
        return Script(resumption_cue(state, att))
    current = state.current_item
    if att is None:
        att = state.attendance()
    quorum = att.quorum
    if not quorum.may_deliberate:
        return Script(quorum_lost_cue(state, quorum))
    if current is None:
        item_id = _next_pending(state, None)
        if item_id is None:
            return Script(closing_cue(state))
        return Script(announcement_cue(state, item_id), call_cue(state, item_id))
    rec = state.items[current]
    if rec.rounds and rec.elected is None and rec.status is ItemStatus.PENDING:
        proclaimed = result_cue(state, rec)
        assert proclaimed is not None
        if len(rec.rounds) < 3:
            return Script(proclaimed, next_round_cue(state, rec))
        return Script(proclaimed, _following(state, current))
    if rec.status is ItemStatus.PENDING:
        if vote_called:
            return Script(call_cue(state, current, att))
        return Script(announcement_cue(state, current), call_cue(state, current, att))
    proclaimed = result_cue(state, rec)
    if proclaimed is None:  # pragma: no cover - every decided status has a sentence
        return Script(announcement_cue(state, current))
    return Script(proclaimed, _following(state, current))
