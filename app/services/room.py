"""What the room display shows: a read model of the session, in French, without Qt.

``room_content`` builds it from the service's state — committed acts only, so nothing
the secretary is still typing can reach the projector. The president's script
(``app.domain.script``) and the recording mark (``mark_recording``) are reached from the
screens through this module.

Never a name during or after a secret ballot: the room sees its totals only (not even who
did not take part); an election shows its candidates, never a voter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from app.documents.french import short_date
from app.documents.french import short_time as hour
from app.domain.errors import DomainError
from app.domain.events import (
    Ballot,
    Choice,
    ElectionRound,
    ItemClosed,
    ItemOpened,
    VoteRecorded,
)
from app.domain.script import Cue, Script, Step, president_script
from app.domain.state import Attendance, ItemRecord, ItemStatus, Phase, SessionState
from app.domain.wording import NBSP, election_sentence, ordinal, outcome_sentence
from app.services.commands import StartRecording
from app.services.session_service import Change, SessionService

__all__ = [
    "Attendance",
    "Cue",
    "DomainError",
    "Mode",
    "RoomContent",
    "Script",
    "Step",
    "Tone",
    "agenda_lines",
    "current_attendance",
    "ends_vote",
    "is_pending",
    "mark_recording",
    "president_script",
    "room_content",
]


def unbreakable_figures(text: str) -> str:
    """« 1 bulletin blanc » never split after its number on the projector."""
    return re.sub(r"(\d) ", "\\1" + NBSP, text)


def mark_recording(service: SessionService) -> Change:
    """« Enregistrement démarré »: the instant the chapters of the recording count from."""
    return service.handle(StartRecording())


def ends_vote(change: Change) -> bool:
    """The act recorded a vote or an election round, closed the item or opened another:
    the vote called on the room display is over."""
    return isinstance(change.event, VoteRecorded | ElectionRound | ItemClosed | ItemOpened)


def current_attendance(service: SessionService) -> Attendance:
    return service.attendance()  # computed once per act, shared with the live window


def is_pending(service: SessionService, item_id: str | None) -> bool:
    """The item is on the agenda and not decided yet."""
    rec = service.state.items.get(item_id or "")
    return rec is not None and rec.status is ItemStatus.PENDING


class Mode(Enum):
    """What the secretary chose to show: the live state, or a frozen slide."""

    AUTO = "auto"
    SUSPENSION = "suspension"
    AGENDA = "agenda"
    BLANK = "blank"

    @property
    def label(self) -> str:
        return {
            "auto": "Automatique",
            "suspension": "Diapositive « Suspension de séance »",
            "agenda": "Diapositive « Ordre du jour »",
            "blank": "Écran noir",
        }[self.value]


class Tone(Enum):
    GOOD = "good"  # quorum reached, adopted, elected
    BAD = "bad"  # quorum not reached, rejected
    WAIT = "wait"  # suspended, vote in progress, no one elected yet
    NEUTRAL = "neutral"  # no quorum condition, closed, withdrawn


@dataclass(frozen=True)
class RoomContent:
    """Everything the room display shows, as plain French text."""

    heading: str  # « Conseil municipal — Commune de Saint-Exemple · séance du 12 mars 2026 »
    quorum_tone: Tone
    quorum: str  # « ✔ QUORUM ATTEINT »
    quorum_figures: str  # « Présents 13 · Représentés 4 · Requis 12 sur 23 »
    item: str = ""  # « Point 2026-014 »
    item_title: str = ""
    status_tone: Tone | None = None
    status: str = ""  # « ● VOTE EN COURS », « ✔ ADOPTÉ »…
    sentence: str = ""  # the outcome sentence of the minutes
    counts: str = ""  # « Pour 16 · Contre 1 · Abstention 1 »
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # public ballot: heading, names
    election: tuple[tuple[str, ...], ...] = ()  # header row, then one row per candidate
    slide: str = ""  # a frozen slide's big text
    agenda: tuple[str, ...] = ()
    script: str = ""

    def texts(self) -> list[str]:
        """Every text of the content (for the tests: what could ever be on screen)."""
        out = [
            self.heading,
            self.quorum,
            self.quorum_figures,
            self.item,
            self.item_title,
            self.status,
            self.sentence,
            self.counts,
            self.slide,
            self.script,
            *self.agenda,
        ]
        for title, names in self.choices:
            out += [title, *names]
        for row in self.election:
            out += list(row)
        return [t for t in out if t]


def _secret(rec: ItemRecord) -> bool:
    return rec.vote is not None and rec.vote.tally.ballot is Ballot.SECRET


def _heading(state: SessionState) -> str:
    assembly, session = state.assembly, state.session
    text = f"{assembly.name} — {assembly.organisation} · séance du {short_date(session.date)}"
    if state.phase is Phase.NOT_OPENED:
        text += " · non ouverte"
    return text


def _quorum(state: SessionState, attendance: Attendance) -> tuple[Tone, str, str]:
    q = attendance.quorum
    counted = "Présents ou représentés" if q.counts_proxies else "Présents"
    figures_text = (
        f"Présents {q.present} · Représentés {q.represented} · "
        f"Requis {q.required} sur {q.in_office}"
    )
    if state.phase is Phase.CLOSED:
        return Tone.NEUTRAL, f"■ SÉANCE LEVÉE à {hour(state.closed_at)}", figures_text
    if state.phase is Phase.SUSPENDED:
        since = hour(state.suspensions[-1][0]) if state.suspensions else ""
        words = "‖ SÉANCE SUSPENDUE" + (f" depuis {since}" if since else "")
        return Tone.WAIT, words, figures_text
    if q.second_convocation:
        return Tone.NEUTRAL, "● SANS CONDITION DE QUORUM", figures_text + " · 2e convocation"
    if q.reached:
        return Tone.GOOD, "✔ QUORUM ATTEINT", figures_text
    missing = f" · manque {q.missing} ({counted.lower()})"
    return Tone.BAD, "✖ QUORUM NON ATTEINT", figures_text + missing


def _counts(rec: ItemRecord) -> str:
    assert rec.vote is not None
    t = rec.vote.tally
    parts = [f"Pour {t.count_for}", f"Contre {t.count_against}"]
    if t.ballot is not Ballot.SECRET or t.count_abstain:
        parts.append(f"Abstention{'s' if t.count_abstain > 1 else ''} {t.count_abstain}")
    if t.ballot is Ballot.SECRET:
        parts += [f"Blancs {t.blank}", f"Nuls {t.spoilt}"]
    return " · ".join(parts)


def _election_rows(state: SessionState, rec: ItemRecord) -> tuple[tuple[str, ...], ...]:
    candidates: list[str] = []
    for rnd in rec.rounds:
        for cand, _ in rnd.votes:
            if cand not in candidates:
                candidates.append(cand)
    header = ("Candidat", *[f"{ordinal(r.round)} tour" for r in rec.rounds])
    rows = [header]
    for cand in candidates:
        cells = [str(dict(r.votes).get(cand, "—")) for r in rec.rounds]
        mark = " ✔" if any(r.elected == cand for r in rec.rounds) else ""
        rows.append((state.name(cand) + mark, *cells))
    rows.append(("Blancs et nuls", *[str(r.blank + r.spoilt) for r in rec.rounds]))
    return tuple(rows)


def _result(state: SessionState, rec: ItemRecord) -> dict[str, object]:
    """The status, sentence, figures and names of a decided (or elected) item."""
    if rec.rounds:
        last = rec.rounds[-1]

        def feminine(member_id: str) -> bool:
            return state.members[member_id].is_feminine

        sentence = unbreakable_figures(election_sentence(last, state.name, feminine))
        if last.elected is not None:
            word = "ÉLUE" if feminine(last.elected) else "ÉLU"
            status, tone = f"✔ {word}{NBSP}: {state.name(last.elected)}", Tone.GOOD
        else:
            status, tone = f"↻ PAS D'ÉLU AU {ordinal(last.round).upper()} TOUR", Tone.WAIT
        counts = f"Bulletins {last.total} · Exprimés {last.expressed}" + (
            f" · Majorité absolue {last.needed}" if last.needed is not None else ""
        )
        return {
            "status": status,
            "status_tone": tone,
            "sentence": sentence,
            "counts": counts,
            "election": _election_rows(state, rec),
        }
    if rec.vote is not None:
        result = rec.vote
        secret = result.tally.ballot is Ballot.SECRET
        if secret:  # totals only: not even who did not take part
            result = replace(result, recused=(), choices=())
        president = state.members.get(state.session.president or "")
        sentence = unbreakable_figures(
            outcome_sentence(
                result,
                state.name,
                feminine_president=president is not None and president.is_feminine,
            )
        )
        out: dict[str, object] = {
            "status": "✔ ADOPTÉ" if result.adopted else "✖ REJETÉ",
            "status_tone": Tone.GOOD if result.adopted else Tone.BAD,
            "sentence": sentence,
            "counts": _counts(rec),
        }
        if result.tally.ballot is Ballot.PUBLIC and not secret:
            out["choices"] = tuple(
                (f"{label} ({len(names)})", tuple(state.name(m) for m in names))
                for label, names in (
                    ("Pour", result.names(Choice.FOR)),
                    ("Contre", result.names(Choice.AGAINST)),
                    ("Abstention", result.names(Choice.ABSTAIN)),
                )
                if names
            )
        return out
    words = {
        ItemStatus.WITHDRAWN: "↷ POINT RETIRÉ",
        ItemStatus.POSTPONED: "↷ POINT AJOURNÉ",
        ItemStatus.INFORMATION: "ℹ POINT D'INFORMATION",
    }
    return {"status": words.get(rec.status, ""), "status_tone": Tone.NEUTRAL}


def agenda_lines(state: SessionState) -> tuple[str, ...]:
    marks = {
        ItemStatus.PENDING: "·",
        ItemStatus.ADOPTED: "✔",
        ItemStatus.REJECTED: "✖",
        ItemStatus.WITHDRAWN: "↷",
        ItemStatus.POSTPONED: "↷",
        ItemStatus.INFORMATION: "ℹ",
    }
    lines = []
    for rec in state.item_records():
        current = rec.item.id == state.current_item
        mark = "▶" if current and rec.status is ItemStatus.PENDING else marks[rec.status]
        status = "en cours" if mark == "▶" else rec.status.label
        lines.append(f"{mark} {rec.item.id} — {rec.item.title} ({status})")
    return tuple(lines)


def room_content(
    state: SessionState,
    mode: Mode = Mode.AUTO,
    *,
    vote_called: bool = False,
    script: Script | None = None,
    attendance: Attendance | None = None,
) -> RoomContent:
    """What the room display shows for ``state`` (committed acts only) in ``mode``;
    ``attendance``: the state's current attendance, when the caller has it already."""
    att = attendance if attendance is not None else state.attendance()
    heading = _heading(state)
    tone, quorum, quorum_figures = _quorum(state, att)
    base = RoomContent(heading, tone, quorum, quorum_figures)
    if mode is Mode.BLANK:
        return RoomContent("", Tone.NEUTRAL, "", "")
    if mode is Mode.SUSPENSION:
        return replace(base, slide="‖ Suspension de séance")
    if mode is Mode.AGENDA:
        return replace(base, slide="Ordre du jour", agenda=agenda_lines(state))
    current = state.current_item
    content = base
    if current is not None:
        rec = state.items[current]
        content = replace(content, item=f"Point {current}", item_title=rec.item.title)
        if rec.decided or rec.rounds:
            content = replace(content, **_result(state, rec))  # type: ignore[arg-type]
        if vote_called and not rec.decided and state.phase is Phase.OPEN:
            status = "● VOTE EN COURS"
            if rec.rounds:  # another round of an election: its table stays on screen
                status += f" — {ordinal(len(rec.rounds) + 1)} tour"
            content = replace(
                content,
                status=status,
                status_tone=Tone.WAIT,
                sentence="",
                counts=f"Votants {att.voters}",
            )
        if state.phase is Phase.SUSPENDED:
            content = replace(content, status="", status_tone=None, sentence="", counts="")
            content = replace(content, choices=(), election=())
    if script is not None:
        secret = current is not None and _secret(state.items[current])
        # the proclamation of a secret ballot may name who stood aside; a proclamation
        # already on screen as the result is not repeated
        text = unbreakable_figures(script.now.text)
        if not secret and text != content.sentence:
            content = replace(content, script=text)
    return content
