"""One home per derivation (issue #10): what counts as a délibération, and the attendance
that applies to an item. Every document asks ``app.domain.projections``; these tests read
the documents back and check they agree with it and with each other."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.documents.export import export_documents
from app.domain.events import (
    Arrived,
    Ballot,
    ClosedStatus,
    ElectionRound,
    Event,
    ItemClosed,
    ItemOpened,
    Left,
    ListElectionRound,
    SessionClosed,
    SessionOpened,
    VoteRecorded,
)
from app.domain.projections import is_adopted_act, is_deliberation, item_attendance
from app.domain.state import ItemStatus, Presence, SessionState
from app.services.interchange import summary
from tests.factories import assembly, at, fold, session
from tests.unit.documents.conftest import flat, pdf_text


def hands(item: str, count_for: int, count_against: int, when: tuple[int, int]) -> Event:
    return VoteRecorded(
        at=at(*when),
        item=item,
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=count_for,
        count_against=count_against,
        count_abstain=0,
    )


def sitting() -> SessionState:
    """P1 adopted, P2 rejected, P3 an election with no winner then postponed, P4 an
    election decided at the second round after m15 left, P5 an election by list, P6 never
    reached. Fifteen members of 23 present, then fourteen."""
    events: list[Event] = [SessionOpened(at=at(18, 30))]
    events += [Arrived(at=at(18, 31), member=f"m{i}") for i in range(1, 16)]
    events += [
        ItemOpened(at=at(18, 40), item="P1"),
        hands("P1", 15, 0, (18, 45)),
        ItemOpened(at=at(18, 50), item="P2"),
        hands("P2", 3, 12, (18, 55)),
        ItemOpened(at=at(19, 0), item="P3"),
        ElectionRound(at=at(19, 5), item="P3", round=1, votes=(("m2", 5), ("m3", 5)), blank=5),
        ItemClosed(at=at(19, 10), item="P3", status=ClosedStatus.POSTPONED),
        ItemOpened(at=at(19, 15), item="P4"),
        ElectionRound(at=at(19, 20), item="P4", round=1, votes=(("m2", 6), ("m3", 6)), blank=3),
        Left(at=at(19, 25), member="m15"),
        ElectionRound(at=at(19, 30), item="P4", round=2, votes=(("m2", 10), ("m3", 4))),
        ItemOpened(at=at(19, 35), item="P5"),
        ListElectionRound(
            at=at(19, 40),
            item="P5",
            round=1,
            lists=(("Liste A", ("m1", "m2", "m3"), 10), ("Liste B", ("m4", "m5"), 4)),
        ),
        SessionClosed(at=at(20, 0)),
    ]
    return fold(events, asm=assembly(23), sess=session(6))


@pytest.fixture(scope="module")
def state() -> SessionState:
    return sitting()


@pytest.fixture(scope="module")
def documents(state: SessionState, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("derivations")
    paths = export_documents(state.assembly, state.session, state, out)
    return {p.name: p for p in paths}


def test_one_rule_says_which_items_are_deliberations(state: SessionState) -> None:
    deliberations = {r.item.id for r in state.item_records() if is_deliberation(r)}
    assert deliberations == {"P1", "P2", "P4", "P5"}  # not the election with no winner
    # the SCDL file publishes acts: a rejected proposal is a délibération but no act
    assert {r.item.id for r in state.item_records() if is_adopted_act(r)} == {"P1", "P4", "P5"}
    for rec in state.item_records():  # what the agenda's statuses say, too
        decided = rec.status in (ItemStatus.ADOPTED, ItemStatus.REJECTED)
        assert is_deliberation(rec) == decided, rec.item.id


def test_the_minutes_extracts_list_and_scdl_file_agree(documents: dict[str, Path]) -> None:
    extracts = sorted(name for name in documents if name.startswith("extrait_"))
    assert extracts == ["extrait_P1.pdf", "extrait_P2.pdf", "extrait_P4.pdf", "extrait_P5.pdf"]

    minutes = flat(pdf_text(next(p for n, p in documents.items() if n.startswith("proces"))))
    for item in ("P1", "P2", "P4", "P5"):
        assert f"délibération {item} :" in minutes, item
    for item in ("P3", "P6"):
        assert f"délibération {item}" not in minutes, item

    listing = flat(pdf_text(next(p for n, p in documents.items() if n.startswith("liste"))))
    assert "6 points à l'ordre du jour, 4 délibérations votées." in listing

    rows = list(csv.DictReader(io.StringIO(documents["deliberations_scdl.csv"].read_text())))
    assert [row["DELIB_ID"] for row in rows] == ["P1", "P4", "P5"]


def test_the_attendance_of_an_item_is_the_one_frozen_when_it_was_decided(
    state: SessionState,
) -> None:
    p1, p4, p6 = state.items["P1"], state.items["P4"], state.items["P6"]
    # P1 was voted before m15 left: he stays present on it, not in the room now
    assert item_attendance(state, p1) == p1.snapshot
    assert item_attendance(state, p1).seat("m15").presence is Presence.PRESENT  # type: ignore[union-attr]
    assert state.attendance("P1").seat("m15").presence is Presence.ABSENT  # type: ignore[union-attr]
    # P4: the round that elected, not the first one
    first, deciding = p4.round_snapshots
    assert item_attendance(state, p4) == deciding == p4.snapshot
    assert (first.voters, deciding.voters) == (15, 14)
    assert "m15" in first.present and "m15" not in deciding.present
    # an item never decided: the attendance now
    assert item_attendance(state, p6) == state.attendance("P6")


def test_documents_and_summary_print_the_attendance_that_applies(
    state: SessionState, documents: dict[str, Path]
) -> None:
    for item, voters in (("P1", 15), ("P4", 14), ("P5", 14)):
        att = item_attendance(state, state.items[item])
        assert att.voters == voters
        text = flat(pdf_text(documents[f"extrait_{item}.pdf"]))
        assert f"Présents : {len(att.present)}" in text, item
        assert f"Votants : {voters}" in text, item
    by_item = {entry["id"]: entry for entry in summary(state)["items"]}
    assert by_item["P1"]["vote"]["present"] == 15
