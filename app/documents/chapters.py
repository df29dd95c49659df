"""Chapters of the session's recording (L2121-18), from the journal.

The secretary marks « enregistrement démarré » (a ``recording_started`` event); every
chapter is timed from that mark: item openings, votes and election rounds, withdrawn or
postponed items, suspensions and resumptions, the quorum lost and regained, the opening
and the closing. Two files: a WebVTT chapters track (``chapitres_DATE.vtt``, for a web
player) and a plain list (``chapitres_DATE.txt``: « 00:12:31 Point 2026-014 — Vote des
taux d'imposition 2026 », the form video sites read in a description).

Without a mark, the times start at the opening of the session (said in the files).
Events before the (latest) mark are not in the recording: they get no chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.events import (
    ClosedStatus,
    ElectionRound,
    Event,
    ItemClosed,
    ItemOpened,
    ListElectionRound,
    RecordingStarted,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
)
from app.domain.state import Phase, SessionState, TimelineEntry
from app.domain.wording import NBSP, ordinal

JOIN = " · "  # chapters at the same second share one cue


@dataclass(frozen=True)
class Chapter:
    offset: timedelta  # from the start of the recording
    at: datetime
    title: str


@dataclass(frozen=True)
class Chapters:
    origin: datetime | None  # the instant 00:00:00 of the recording
    marked: bool  # the origin is a « recording_started » mark (else: the opening)
    chapters: tuple[Chapter, ...]
    end: datetime | None  # the last instant the journal knows


def _item_title(state: SessionState, item_id: str) -> str:
    rec = state.items.get(item_id)
    return f"Point {item_id} — {rec.item.title}" if rec else f"Point {item_id}"


def _hour(at: datetime) -> str:
    return f"{at.hour}{NBSP}h{NBSP}{at.minute:02d}"


def _titles(state: SessionState, fold: SessionState, event: Event) -> list[str]:
    """The chapter titles an event opens (none for most acts)."""
    if isinstance(event, SessionOpened):
        return ["Ouverture de la séance"]
    if isinstance(event, ItemOpened):
        return [_item_title(state, event.item)]
    if isinstance(event, VoteRecorded):
        rec = fold.items[event.item]
        verdict = "adopté" if rec.vote is not None and rec.vote.adopted else "rejeté"
        return [f"Vote du point {event.item}{NBSP}: {verdict}"]
    if isinstance(event, ElectionRound):
        rnd = fold.items[event.item].rounds[-1]
        if rnd.elected:
            who = fold.name(rnd.elected) + (
                " élue" if fold.members[rnd.elected].is_feminine else " élu"
            )
        else:
            who = "pas d'élu"
        return [f"Élection du point {event.item}, {ordinal(rnd.round)} tour{NBSP}: {who}"]
    if isinstance(event, ListElectionRound):
        lrnd = fold.items[event.item].list_rounds[-1]
        who = f"liste « {lrnd.elected} » élue" if lrnd.elected else "pas d'élu"
        return [f"Élection du point {event.item}, {ordinal(lrnd.round)} tour{NBSP}: {who}"]
    if isinstance(event, ItemClosed):
        verb = {
            ClosedStatus.WITHDRAWN: "retiré",
            ClosedStatus.POSTPONED: "ajourné",
            ClosedStatus.INFORMATION: "clos",
        }
        return [f"Point {event.item} {verb[event.status]}"]
    if isinstance(event, SessionSuspended):
        return ["Suspension de séance"]
    if isinstance(event, SessionResumed):
        return ["Reprise de la séance"]
    if isinstance(event, SessionClosed):
        return ["Clôture de la séance"]
    return []


def build_chapters(state: SessionState) -> Chapters:
    """The chapters of a session, from its effective events (corrections applied)."""
    entries = [e for e in state.timeline if e.event.at is not None]
    marks = [e for e in entries if isinstance(e.event, RecordingStarted)]
    if marks:
        origin_entry = marks[-1]
        origin = origin_entry.event.at
        marked = True
    else:
        origin = state.opened_at
        marked = False
    if origin is None:
        return Chapters(None, False, (), None)
    # fold again to see the quorum change, instant by instant: the events of one instant
    # (an opening and the arrivals entered with it) count as one change
    fold = SessionState(state.assembly, state.session)
    raw: list[tuple[datetime, str]] = []
    groups: list[list[TimelineEntry]] = []
    for entry in state.timeline:
        if groups and entry.event.at in (None, groups[-1][0].event.at):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    for group in groups:
        was_open = fold.phase in (Phase.OPEN, Phase.SUSPENDED)
        before = fold.attendance().quorum.may_deliberate
        titles: list[str] = []
        for entry in group:
            fold.apply(entry.event, entry.index)
            titles += _titles(state, fold, entry.event)
        at = group[0].event.at
        if at is None or at < origin or (marked and group[-1].index < origin_entry.index):
            continue
        after = fold.attendance().quorum
        if was_open and fold.phase is not Phase.CLOSED and before != after.may_deliberate:
            if after.may_deliberate:
                titles.append("Quorum atteint de nouveau")
            else:
                titles.append(f"Quorum perdu ({after.counted} présents, {after.required} requis)")
        if titles:
            raw.append((at, JOIN.join(titles)))
    merged: list[tuple[datetime, str]] = []
    for at, title in raw:
        if merged and merged[-1][0] == at:
            merged[-1] = (at, merged[-1][1] + JOIN + title)
        else:
            merged.append((at, title))
    first = "Début de l'enregistrement" if marked else "Ouverture de la séance"
    if not merged or merged[0][0] > origin:
        merged.insert(0, (origin, first))
    last = max((e.event.at for e in entries if e.event.at is not None), default=origin)
    chapters = tuple(Chapter(at - origin, at, title) for at, title in merged)
    return Chapters(origin, marked, chapters, max(last, origin))


def clock_time(offset: timedelta, *, millis: bool = False) -> str:
    """« 00:12:31 » (« 00:12:31.000 » for WebVTT); hours run past 24."""
    seconds = int(offset.total_seconds())
    text = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return text + ".000" if millis else text


def _origin_note(chapters: Chapters) -> str:
    assert chapters.origin is not None
    if chapters.marked:
        return f"00:00:00 = début de l'enregistrement, à {_hour(chapters.origin)}."
    return (
        "Aucun début d'enregistrement marqué : 00:00:00 = ouverture de la séance, "
        f"à {_hour(chapters.origin)}. Décalez les temps si l'enregistrement a commencé "
        "à un autre moment."
    )


def webvtt(chapters: Chapters, heading: str = "") -> str:
    """The WebVTT chapters track: one cue per chapter, each ending where the next starts
    (the last one a minute after its start, or at the last instant of the journal)."""
    lines = ["WEBVTT" + (f" - {heading}" if heading else ""), ""]
    if chapters.origin is None:
        lines += ["NOTE", "Séance non ouverte : aucun chapitre.", ""]
        return "\n".join(lines)
    lines += ["NOTE", _origin_note(chapters), ""]
    items = chapters.chapters
    for n, chapter in enumerate(items, start=1):
        if n < len(items):
            end = items[n].offset
        else:
            assert chapters.end is not None
            end = max(chapters.end - chapters.origin, chapter.offset + timedelta(minutes=1))
        lines += [
            str(n),
            f"{clock_time(chapter.offset, millis=True)} --> {clock_time(end, millis=True)}",
            chapter.title.replace("-->", "→"),
            "",
        ]
    return "\n".join(lines)


def plain_list(chapters: Chapters) -> str:
    """« 00:12:31 Point 2026-014 — Vote des taux d'imposition 2026 », one line each."""
    return "".join(f"{clock_time(c.offset)} {c.title}\n" for c in chapters.chapters)


def _heading(state: SessionState) -> str:
    return f"{state.assembly.name}, séance du {state.session.date.strftime('%d/%m/%Y')}"


def write_webvtt(state: SessionState, path: Path) -> Path:
    """Write the WebVTT chapters track of the session (``chapitres_DATE.vtt``)."""
    path.write_text(webvtt(build_chapters(state), _heading(state)), encoding="utf-8")
    return path


def write_plain_list(state: SessionState, path: Path) -> Path:
    """Write the plain chapter list of the session (``chapitres_DATE.txt``)."""
    path.write_text(plain_list(build_chapters(state)), encoding="utf-8")
    return path
