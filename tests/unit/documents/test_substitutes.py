"""A suppléant who sits for his titular, across the documents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.documents.attendance_sheet import build_attendance_sheet
from app.documents.extract import build_extract
from app.documents.minutes import build_minutes
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ItemOpened,
    SessionOpened,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.state import SessionState
from tests.factories import assembly, fold
from tests.unit.documents.conftest import attendance_rows, flat, pdf_text

SUBSTITUTE = Member(
    id="s2", civility="M.", last_name="SUPPLÉANT", first_name="Marc", substitute_for="m2"
)


def _state() -> SessionState:
    events = [SessionOpened(at=datetime(2026, 3, 12, 18, 30))]
    events += [Arrived(member=f"m{i}") for i in (1, *range(3, 13))]
    events += [
        ItemOpened(item="P1"),
        Arrived(member="s2", for_titular="m2", at=datetime(2026, 3, 12, 18, 40)),
        VoteRecorded(
            item="P1", ballot=Ballot.SHOW_OF_HANDS, count_for=12, count_against=0, count_abstain=0
        ),
    ]
    return fold(events, asm=assembly(extra=(SUBSTITUTE,)))


def test_extract_counts_the_seat_present(tmp_path: Path) -> None:
    text = pdf_text(build_extract(_state(), "P1", tmp_path / "x.pdf"))
    rows = attendance_rows(text)
    assert len(rows) == 23  # the suppléant sits in his titular's seat
    assert rows["M. NOM2 Prénom2 (suppléé par M. SUPPLÉANT)"] == ("Présent", "")
    assert "(12 présents sur 23 membres en exercice)" in flat(text)


def test_minutes_and_sheet_name_the_suppleant(tmp_path: Path) -> None:
    state = _state()
    minutes = flat(pdf_text(build_minutes(state, tmp_path / "pv.pdf")))
    assert (
        "M. SUPPLÉANT, suppléant de M. NOM2, arrive à 18 h 40 et siège, avant le vote du point 1."
    ) in minutes
    sheet = flat(pdf_text(build_attendance_sheet(state, tmp_path / "e.pdf")))
    assert "M. NOM2 Prénom2 Suppléé par M. SUPPLÉANT" in sheet
    assert "M. SUPPLÉANT Marc suppléant de M. NOM2 Présent (arrivé à 18 h 40)" in sheet
    assert (
        "venus en séance : 11 — suppléants ayant siégé : 1 — pouvoirs donnés : 0" in sheet
    )  # every signature accounted for


def test_a_public_ballot_names_the_suppleant_who_voted(tmp_path: Path) -> None:
    """Roll-call: the minutes name who voted — the suppléant, not his absent titular."""
    events = [SessionOpened(at=datetime(2026, 3, 12, 18, 30))]
    events += [Arrived(member=f"m{i}") for i in (1, *range(3, 13))]
    events += [Arrived(member="s2", for_titular="m2"), ItemOpened(item="P1")]
    choices = tuple((f"m{i}", Choice.FOR) for i in range(1, 13))
    choices = tuple((m, Choice.AGAINST if m == "m2" else c) for m, c in choices)
    events.append(VoteRecorded(item="P1", ballot=Ballot.PUBLIC, choices=choices))
    state = fold(events, asm=assembly(extra=(SUBSTITUTE,)))
    for build, name in ((build_minutes, "pv.pdf"), (build_extract, "x.pdf")):
        args = (
            (state, tmp_path / name) if build is build_minutes else (state, "P1", tmp_path / name)
        )
        text = flat(pdf_text(build(*args)))
        assert "Ont voté contre : M. SUPPLÉANT (suppléant de M. NOM2)" in text
        assert "M. NOM2," not in text.split("Ont voté pour")[1].split("Ont voté contre")[0]
