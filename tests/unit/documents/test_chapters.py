"""Chapters of the recording: the demo's WebVTT file parses, and its times match the
journal; the plain list; the « recording_started » mark and its codec."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.documents.chapters import build_chapters, plain_list, webvtt
from app.documents.export import export_documents
from app.domain.events import (
    Correction,
    Event,
    ItemOpened,
    Left,
    RecordingStarted,
    SessionSuspended,
    VoteRecorded,
    decode_event,
    encode_event,
)
from app.domain.state import replay
from app.domain.wording import describe_event
from app.services.interchange import load_file
from tests.unit.documents import scenario

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "demo.json"
N = "\u00a0"

TIMING = re.compile(
    r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})[ \t]+-->[ \t]+(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})"
    r"(?:[ \t].*)?$"
)


@dataclass(frozen=True)
class Cue:
    identifier: str
    start: timedelta
    end: timedelta
    text: str


def parse_webvtt(text: str) -> tuple[str, list[Cue]]:
    """A small WebVTT parser (W3C WebVTT, file structure and cue timings): raises
    ``ValueError`` on anything a conforming parser would reject or a validator flag."""
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks = re.split(r"\n{2,}", text.replace("\r\n", "\n").strip("\n"))
    header = blocks[0].split("\n")[0]
    if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", header):
        raise ValueError(f"bad signature: {header!r}")
    cues: list[Cue] = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0] == "NOTE" or lines[0].startswith(("NOTE ", "NOTE\t")):
            if any("-->" in line for line in lines):
                raise ValueError("a NOTE may not contain -->")
            continue
        identifier = ""
        if "-->" not in lines[0]:
            identifier = lines.pop(0)
        if not lines:
            raise ValueError(f"cue without timing: {block!r}")
        match = TIMING.match(lines[0])
        if match is None:
            raise ValueError(f"bad timing line: {lines[0]!r}")
        g = [int(x) for x in match.groups()]
        start = timedelta(hours=g[0], minutes=g[1], seconds=g[2], milliseconds=g[3])
        end = timedelta(hours=g[4], minutes=g[5], seconds=g[6], milliseconds=g[7])
        if end <= start:
            raise ValueError(f"cue ends before it starts: {lines[0]!r}")
        if cues and start < cues[-1].start:
            raise ValueError("cues out of order")
        payload = lines[1:]
        if not payload or any("-->" in line for line in payload):
            raise ValueError(f"bad payload: {block!r}")
        cues.append(Cue(identifier, start, end, "\n".join(payload)))
    return header, cues


def test_parser_rejects_broken_files() -> None:
    with pytest.raises(ValueError):
        parse_webvtt("WEBVT\n\n1\n00:00:00.000 --> 00:00:01.000\nx\n")
    with pytest.raises(ValueError):
        parse_webvtt("WEBVTT\n\n1\n00:00:02.000 --> 00:00:01.000\nx\n")
    with pytest.raises(ValueError):
        parse_webvtt("WEBVTT\n\n1\n0:00.000 --> 00:00:01.000\nx\n")
    with pytest.raises(ValueError):
        parse_webvtt(
            "WEBVTT\n\n1\n00:00:05.000 --> 00:00:06.000\nx\n\n2\n00:00:01.000 --> 00:00:02.000\ny\n"
        )


def demo_events(extra_after: int | None = None, mark: datetime | None = None) -> list[Event]:
    events = list(load_file(DEMO).events)
    if mark is not None and extra_after is not None:
        events.insert(extra_after, RecordingStarted(at=mark))
    return events


def test_demo_chapters_parse_and_match_the_journal(tmp_path: Path) -> None:
    parsed = load_file(DEMO)
    mark = datetime(2026, 3, 12, 18, 32)
    events = demo_events(25, mark)  # marked before the opening
    state = replay(parsed.assembly, parsed.session, events)
    paths = export_documents(parsed.assembly, parsed.session, state, tmp_path, ["chapters"])
    assert [p.name for p in paths] == ["chapitres_2026-03-12.vtt", "chapitres_2026-03-12.txt"]
    header, cues = parse_webvtt(paths[0].read_text(encoding="utf-8"))
    assert header == "WEBVTT - Conseil municipal, séance du 12/03/2026"
    # every chapter starts at its event's time, minus the mark
    expected: list[tuple[datetime, str]] = [(mark, "Début de l'enregistrement")]
    for ev in events:
        if isinstance(ev, ItemOpened):
            title = state.items[ev.item].item.title
            expected.append((ev.at or mark, f"Point {ev.item} — {title}"))
        elif isinstance(ev, VoteRecorded):
            expected.append((ev.at or mark, f"Vote du point {ev.item}{N}: adopté"))
        elif ev.type == "session_opened":
            expected.append((ev.at or mark, "Ouverture de la séance"))
    assert [(c.start, c.text) for c in cues] == [(at - mark, t) for at, t in expected]
    assert cues[3].start == timedelta(minutes=6)  # 18:38 − 18:32: the vote of 2026-011
    # cues tile the recording: each ends where the next starts
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end == b.start
    assert cues[-1].end > cues[-1].start
    lines = paths[1].read_text(encoding="utf-8").splitlines()
    assert lines[0] == "00:00:00 Début de l'enregistrement"
    assert "00:44:00 Point 2026-014 — Vote des taux d'imposition 2026" in lines
    assert len(lines) == len(cues)


def test_without_a_mark_times_start_at_the_opening() -> None:
    state = load_file(DEMO).state
    text = webvtt(build_chapters(state))
    _, cues = parse_webvtt(text)
    assert cues[0].start == timedelta(0)
    assert cues[0].text == "Ouverture de la séance"
    assert "Aucun début d'enregistrement marqué" in text
    assert plain_list(build_chapters(state)).splitlines()[-1] == (
        "00:42:00 Point 2026-014 — Vote des taux d'imposition 2026"
    )


def test_seed_suspension_resumption_election_withdrawal_closing() -> None:
    state = scenario.build_state()
    lines = plain_list(build_chapters(state)).splitlines()
    assert lines == [
        "00:00:00 Ouverture de la séance",
        "00:04:00 Point 2026-011 — Approbation du procès-verbal de la séance du 5 février 2026",
        f"00:06:00 Vote du point 2026-011{N}: adopté",
        "00:07:00 Point 2026-012 — Vote des taux d'imposition 2026",
        f"00:24:00 Vote du point 2026-012{N}: adopté",
        "00:31:00 Point 2026-013 — Subvention à l'association « Les Amis du patrimoine »",
        f"00:41:00 Vote du point 2026-013{N}: adopté",
        "00:42:00 Point 2026-014 — Convention de mutualisation avec la communauté de communes",
        "00:46:00 Suspension de séance",
        "00:57:00 Reprise de la séance",
        f"01:10:00 Vote du point 2026-014{N}: adopté",
        "01:12:00 Point 2026-015 — Dénomination de la place du marché",
        f"01:21:00 Vote du point 2026-015{N}: adopté",
        "01:23:00 Point 2026-016 — Désignation d'un délégué au syndicat des eaux",
        f"01:31:00 Élection du point 2026-016, 1er tour{N}: M. GARCIA élu",
        "01:32:00 Point 2026-017 — Acquisition de la parcelle AB 112",
        "01:33:00 Point 2026-017 retiré",
        "01:41:00 Clôture de la séance",
    ]
    parse_webvtt(webvtt(build_chapters(state)))


def test_quorum_lost_and_regained_are_chapters() -> None:
    from app.domain.events import Arrived

    events = scenario.events()[:39]  # item 2026-015 open, 13 present
    events += [Left(member=f"m{i}", at=scenario.at(19, 50)) for i in range(2, 4)]
    events += [SessionSuspended(at=scenario.at(19, 51))]
    events += [Arrived(member="m2", at=scenario.at(19, 53))]
    state = replay(scenario.build_assembly(), scenario.build_session(), events)
    lines = plain_list(build_chapters(state)).splitlines()
    assert lines[-3:] == [
        "01:16:00 Quorum perdu (11 présents, 12 requis)",
        "01:17:00 Suspension de séance",
        "01:19:00 Quorum atteint de nouveau",
    ]


def test_events_before_the_latest_mark_are_not_chapters() -> None:
    parsed = load_file(DEMO)
    events = list(parsed.events) + [RecordingStarted(at=datetime(2026, 3, 12, 19, 17))]
    state = replay(parsed.assembly, parsed.session, events)
    chapters = build_chapters(state)
    assert [c.title for c in chapters.chapters] == ["Début de l'enregistrement"]


def test_a_cancelled_mark_does_not_count() -> None:
    parsed = load_file(DEMO)
    events = demo_events(25, datetime(2026, 3, 12, 18, 32))
    events.append(Correction(target=25, at=datetime(2026, 3, 12, 19, 17)))
    state = replay(parsed.assembly, parsed.session, events)
    assert not build_chapters(state).marked
    assert build_chapters(state).origin == datetime(2026, 3, 12, 18, 34)


def test_recording_started_codec_and_label() -> None:
    event = RecordingStarted(at=datetime(2026, 3, 12, 18, 32))
    data = encode_event(event)
    assert data == {"type": "recording_started", "at": "2026-03-12T18:32"}
    assert decode_event(data) == event
    assert describe_event(event, str) == "enregistrement démarré"


def test_unopened_session_has_no_chapter() -> None:
    parsed = load_file(DEMO)
    state = replay(parsed.assembly, parsed.session, [])
    text = webvtt(build_chapters(state))
    assert parse_webvtt(text)[1] == []


def test_chapters_before_extracts_in_worker_processes(tmp_path: Path) -> None:
    """The chapters write two files: counted as two when the extracts go to workers."""
    from tests.unit.documents.stress import stress_state

    state = stress_state(10)
    kinds = ["chapters", "extracts"]
    one = export_documents(
        state.assembly, state.session, state, tmp_path / "one", kinds, processes=1
    )
    two = export_documents(
        state.assembly, state.session, state, tmp_path / "two", kinds, processes=2
    )
    assert [p.name for p in one] == [p.name for p in two]
    assert [p.parent.name for p in two] == ["two"] * len(two)
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))
    assert two[0].name.endswith(".vtt") and two[1].name.endswith(".txt")
