"""The vote panel driven like a person (pytest-qt, offscreen), on the demo session: item 4
(« 2026-014 ») is open, 13 present, 4 represented, 17 voters, Mme MARTIN presides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt

from app.domain.events import (
    Ballot,
    Choice,
    ClosedStatus,
    ElectionRound,
    ItemClosed,
    VoteRecorded,
)
from app.domain.state import ItemStatus
from app.services.commands import RecordElectionRound
from app.services.interchange import import_file
from app.services.session_service import SessionService
from app.services.store import Store
from ui.models.rollcall_model import CHOICE_ROLE, RollCallModel, rollcall_rows
from ui.vote_panel import ELECTION, PUBLIC, SECRET, SHOW_OF_HANDS, VotePanel

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"
NOW = datetime(2026, 3, 12, 19, 30)
ITEM = "2026-014"
N = "\u00a0"


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "votes.sqlite")
    yield store
    store.close()


@pytest.fixture
def demo_session(demo_store: Store) -> str:
    return import_file(demo_store, DEMO)


@pytest.fixture
def demo_service(demo_store: Store, demo_session: str) -> SessionService:
    return SessionService(demo_store, demo_session, lambda: NOW)


@pytest.fixture
def panel(qtbot, demo_service: SessionService) -> VotePanel:
    widget = VotePanel(demo_service)
    qtbot.addWidget(widget)
    widget.resize(340, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def journal(store: Store, session_id: str) -> list:
    return store.load_events(session_id)


def type_count(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


# ---------------------------------------------------------------------- following the item


def test_header_shows_the_item_and_its_voters(panel, demo_service):
    assert panel.header.text() == "VOTE — point 2026-014"
    assert panel.voters_label.text() == "Votants 17"
    assert panel.mode == SHOW_OF_HANDS
    demo_service.recuse("m6")
    assert panel.voters_label.text() == f"Votants 16 (1 NPPV{N}: M.{N}BLANC)"
    demo_service.recuse("m2")  # holds the proxy of M. GAUTHIER, who cannot vote either
    assert panel.voters_label.text() == (
        f"Votants 14 (2 NPPV{N}: M.{N}DUPONT et M.{N}BLANC, avec le pouvoir de M.{N}GAUTHIER)"
    )
    assert panel.hands.total_label().text() == f"0 / 14{N}: il manque 14 voix"


def test_panel_follows_the_current_item(panel, demo_service):
    demo_service.open_item("2026-015")
    assert panel.header.text() == "VOTE — point 2026-015"
    assert panel.item_id == "2026-015"
    assert panel.record_button.isVisible()


def test_an_item_already_voted_shows_its_result_and_how_to_correct(panel, demo_service):
    demo_service.open_item("2026-012")
    assert not panel.record_button.isVisible()
    assert panel.done_label.isVisible()
    text = panel.done_label.text()
    assert "Adopté à la majorité absolue des suffrages exprimés" in text
    assert "13 pour, 2 contre, 1 abstention" in text
    assert "Ctrl+Z pour corriger" in text
    assert not panel.withdraw_button.isEnabled()


def test_no_quorum_blocks_the_vote_and_says_why(
    qtbot, panel, demo_service, demo_store, demo_session
):
    for member in ("m5", "m6", "m7"):
        demo_service.leave(member)
    assert panel.blocker.isVisible()
    # the core's refusal, as recording the vote would give it
    assert panel.blocker.text() == (
        f"Quorum non atteint (10 présents, 12 requis, manque 2){N}: l'assemblée ne peut pas voter."
    )
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message) as signal:
        qtbot.mouseClick(panel.unanimity_button, Qt.MouseButton.LeftButton)
    text, is_error = signal.args
    assert is_error and text.startswith("Quorum non atteint")
    assert journal(demo_store, demo_session) == before


# ---------------------------------------------------------------------- show of hands


def test_unanimity_in_one_key(qtbot, panel, demo_service, demo_store, demo_session):
    before = journal(demo_store, demo_session)
    panel.hands.focus_first()
    with qtbot.waitSignal(panel.message) as signal:
        qtbot.mouseClick(panel.unanimity_button, Qt.MouseButton.LeftButton)
    text, is_error = signal.args
    assert not is_error
    assert text.startswith(
        f"Vote du point 2026-014 enregistré{N}: Adopté à l'unanimité{N}: 17 pour"
    )
    events = journal(demo_store, demo_session)
    assert events[:-1] == before
    assert events[-1] == VoteRecorded(
        item=ITEM,
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=17,
        count_against=0,
        count_abstain=0,
        at=NOW,
    )
    assert demo_service.state.items[ITEM].status is ItemStatus.ADOPTED
    assert panel.done_label.isVisible()
    assert "Ctrl+Z pour corriger" in panel.done_label.text()


def test_digits_typed_in_the_page_go_to_the_counts(qtbot, panel):
    panel.unanimity_button.setFocus()
    qtbot.keyClicks(panel.unanimity_button, "1")
    qtbot.keyClicks(panel.hands.box("for"), "2")
    assert panel.hands.value("for") == 12
    assert panel.hands.box("for").hasFocus()


def test_counted_vote_refuses_a_wrong_total_then_records(
    qtbot, panel, demo_store, demo_session, demo_service
):
    type_count(qtbot, panel.hands.box("for"), "12")
    qtbot.keyClick(panel.hands.box("for"), Qt.Key.Key_Tab)
    type_count(qtbot, panel.hands.box("against"), "3")
    type_count(qtbot, panel.hands.box("abstain"), "1")
    assert panel.hands.total_label().text() == f"16 / 17{N}: il manque 1 voix"
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message) as signal:
        qtbot.keyClick(panel.hands.box("abstain"), Qt.Key.Key_Return)
    text, is_error = signal.args
    assert is_error
    assert text.startswith("17 votants mais 16 voix saisies")
    assert journal(demo_store, demo_session) == before
    assert demo_service.state.items[ITEM].status is ItemStatus.PENDING

    type_count(qtbot, panel.hands.box("abstain"), "2")
    assert panel.hands.total_label().text() == "= 17 ✓"
    assert panel.preview_text() == (
        f"«{N}Adopté à la majorité absolue des suffrages exprimés{N}: 12 pour, 3 contre, "
        f"2 abstentions.{N}»"
    )
    assert not panel.casting.isVisible()
    with qtbot.waitSignal(panel.message) as signal:
        qtbot.keyClick(panel.hands.box("abstain"), Qt.Key.Key_Enter)
    assert signal.args[1] is False
    events = journal(demo_store, demo_session)
    assert events[:-1] == before
    assert events[-1] == VoteRecorded(
        item=ITEM,
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=12,
        count_against=3,
        count_abstain=2,
        at=NOW,
    )


def test_preview_names_the_recused_member_before_confirming(qtbot, panel, demo_service):
    demo_service.recuse("m6")
    type_count(qtbot, panel.hands.box("for"), "11")
    type_count(qtbot, panel.hands.box("against"), "3")
    type_count(qtbot, panel.hands.box("abstain"), "2")
    assert panel.preview_text() == (
        f"«{N}Adopté à la majorité absolue des suffrages exprimés{N}: 11 pour, 3 contre, "
        f"2 abstentions{N}; M.{N}BLANC ne prend pas part au vote.{N}»"
    )


def test_casting_vote_selector_only_at_a_tie(qtbot, panel, demo_service):
    type_count(qtbot, panel.hands.box("for"), "8")
    type_count(qtbot, panel.hands.box("against"), "7")
    type_count(qtbot, panel.hands.box("abstain"), "2")
    assert not panel.casting.isVisible()
    type_count(qtbot, panel.hands.box("for"), "7")
    type_count(qtbot, panel.hands.box("abstain"), "3")
    assert panel.casting.isVisible()
    assert panel.preview_text().startswith(
        f"«{N}Rejeté, faute de majorité (partage égal des voix){N}: 7 pour, 7 contre"
    )
    panel.casting_choice.setCurrentIndex(panel.casting_choice.findData(Choice.FOR.value))
    assert panel.preview_text().startswith(
        f"«{N}Adopté, la voix de la présidente étant prépondérante{N}: 7 pour, 7 contre"
    )
    type_count(qtbot, panel.hands.box("for"), "8")
    type_count(qtbot, panel.hands.box("abstain"), "2")
    assert not panel.casting.isVisible()  # no tie any more: the choice is forgotten
    type_count(qtbot, panel.hands.box("for"), "7")
    type_count(qtbot, panel.hands.box("abstain"), "3")
    assert panel.casting_choice.currentData() is None
    panel.casting_choice.setCurrentIndex(panel.casting_choice.findData(Choice.FOR.value))
    panel.record()
    result = demo_service.state.items[ITEM].vote
    assert result is not None and result.adopted and result.casting_vote_used
    assert result.president_vote is Choice.FOR


# ---------------------------------------------------------------------- roll-call


def test_roll_call_by_exception(qtbot, panel, demo_service, demo_store, demo_session):
    panel.set_mode(PUBLIC)
    model = panel.rollcall
    assert model.rowCount() == 17
    assert {model.choice_at(r) for r in range(17)} == {Choice.FOR}
    # a represented member is listed under his holder
    roux = model.row_of("m4")
    assert model.data(model.index(roux + 1, 0)) == "↳ M. N'DIAYE Moussa (pouvoir)"

    search = panel.rollcall_search
    search.setFocus()
    qtbot.keyClicks(search, "lamb")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert panel.rollcall_view.hasFocus()
    qtbot.keyClick(panel.rollcall_view, Qt.Key.Key_Minus)
    assert model.choice_at(model.row_of("m13")) is Choice.AGAINST
    assert search.text() == "" and search.hasFocus()

    qtbot.keyClicks(search, "roux")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.keyClick(panel.rollcall_view, Qt.Key.Key_0)
    assert model.choice_at(roux) is Choice.ABSTAIN
    assert model.choice_at(roux + 1) is Choice.ABSTAIN  # the proxy follows its holder
    assert model.follows_holder(roux + 1)

    # a click on the choice of the represented member changes it for him alone
    rect = panel.rollcall_view.visualRect(model.index(roux + 1, RollCallModel.CHOICE_COLUMN))
    qtbot.mouseClick(panel.rollcall_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert model.choice_at(roux + 1) is Choice.FOR
    assert not model.follows_holder(roux + 1)
    assert panel.preview_text() == (
        f"«{N}Adopté à la majorité absolue des suffrages exprimés{N}: 15 pour, 1 contre, "
        f"1 abstention.{N}»"
    )

    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message):
        qtbot.keyClick(search, Qt.Key.Key_Return)  # empty search: record
    events = journal(demo_store, demo_session)
    assert events[:-1] == before
    event = events[-1]
    assert isinstance(event, VoteRecorded) and event.ballot is Ballot.PUBLIC
    given = dict(event.choices or ())
    assert given["m13"] is Choice.AGAINST and given["m4"] is Choice.ABSTAIN
    assert given["m22"] is Choice.FOR  # changed for him
    assert given["m19"] is Choice.FOR  # prefilled from Mme MARTIN, recorded explicitly
    result = demo_service.state.items[ITEM].vote
    assert result is not None
    assert result.names(Choice.AGAINST) == ("m13",)
    assert result.names(Choice.ABSTAIN) == ("m4",)
    assert dict(result.choices)["m19"] is Choice.FOR


def test_roll_call_key_delete_recuses_the_member(qtbot, panel, demo_service):
    panel.set_mode(PUBLIC)
    model = panel.rollcall
    panel.rollcall_view.setCurrentIndex(model.index(model.row_of("m6"), 0))
    with qtbot.waitSignal(panel.message):
        qtbot.keyClick(panel.rollcall_view, Qt.Key.Key_Delete)
    assert "m6" in demo_service.state.items[ITEM].recused
    assert model.rowCount() == 16 and model.row_of("m6") is None
    assert panel.voters_label.text() == f"Votants 16 (1 NPPV{N}: M.{N}BLANC)"


def test_rollcall_model_passes_qtmodeltester(qtmodeltester, demo_service):
    model = RollCallModel()
    att = demo_service.state.attendance(ITEM)
    model.set_rows(rollcall_rows(att, demo_service.state.members))
    model.set_choice(model.row_of("m13"), Choice.AGAINST)
    model.set_choice(model.row_of("m4"), Choice.ABSTAIN)
    assert model.setData(model.index(0, RollCallModel.CHOICE_COLUMN), "abstain")
    assert not model.setData(model.index(0, RollCallModel.MEMBER_COLUMN), "abstain")
    assert model.data(model.index(0, 1), CHOICE_ROLE) == "abstain"
    qtmodeltester.check(model)


def test_rollcall_rows_put_represented_members_under_their_holder(demo_service):
    rows = rollcall_rows(demo_service.state.attendance(ITEM), demo_service.state.members)
    order = [(r.member, r.holder) for r in rows]
    assert order[:2] == [("m1", None), ("m19", "m1")]
    assert ("m22", "m4") in order and order.index(("m22", "m4")) == order.index(("m4", None)) + 1
    assert all(r.member != "m23" for r in rows)  # her holder is absent: no vote


# ---------------------------------------------------------------------- secret ballot


def test_secret_ballot(qtbot, panel, demo_service, demo_store, demo_session):
    panel.set_mode(SECRET)
    secret = panel.secret
    for key, text in (("for", "10"), ("against", "4"), ("blank", "2"), ("spoilt", "1")):
        type_count(qtbot, secret.box(key), text)
    assert secret.total_label().text() == "= 17 ✓"
    assert panel.preview_text() == (
        f"«{N}Adopté au scrutin secret à la majorité absolue des suffrages exprimés{N}: "
        f"10 pour, 4 contre, 2 bulletins blancs, 1 bulletin nul.{N}»"
    )
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message):
        qtbot.keyClick(secret.box("spoilt"), Qt.Key.Key_Return)
    events = journal(demo_store, demo_session)
    assert events[:-1] == before
    assert events[-1] == VoteRecorded(
        item=ITEM, ballot=Ballot.SECRET, count_for=10, count_against=4, blank=2, spoilt=1, at=NOW
    )


def test_secret_ballot_with_a_wrong_total_is_refused(qtbot, panel, demo_store, demo_session):
    panel.set_mode(SECRET)
    type_count(qtbot, panel.secret.box("for"), "10")
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message) as signal:
        panel.record_button.click()
    assert signal.args[1] is True
    assert signal.args[0].startswith("17 votants mais 10 voix saisies")
    assert journal(demo_store, demo_session) == before


# ---------------------------------------------------------------------- election


def test_election_in_two_rounds(qtbot, panel, demo_service, demo_store, demo_session):
    panel.set_mode(ELECTION)
    election = panel.election
    election.add_candidate("m5")
    election.add_candidate("m18")
    type_count(qtbot, election.spin_of("m5"), "7")
    type_count(qtbot, election.spin_of("m18"), "7")
    type_count(qtbot, election.blank_box, "3")
    assert panel.preview_text() == (
        f"Aucun candidat n'obtient la majorité absolue (8 voix) au 1er tour{N}: un 2e tour "
        "est nécessaire."
    )
    with qtbot.waitSignal(panel.message):
        qtbot.keyClick(election.blank_box, Qt.Key.Key_Return)
    assert election.round_number == 2
    assert election.candidates() == ("m5", "m18")  # kept for the next round
    assert election.spin_of("m5").value() == 0
    assert not panel.modes.isTabEnabled(SHOW_OF_HANDS)

    type_count(qtbot, election.spin_of("m5"), "9")
    type_count(qtbot, election.spin_of("m18"), "6")
    type_count(qtbot, election.blank_box, "1")
    type_count(qtbot, election.spoilt_box, "1")
    assert panel.preview_text() == (
        f"Mme{N}GARNIER est élue au 2e tour avec 9 voix sur 15 suffrages exprimés."
    )
    with qtbot.waitSignal(panel.message) as signal:
        panel.record_button.click()
    assert signal.args == [
        f"Élection du point 2026-014, tour enregistré{N}: Mme{N}GARNIER est élue "
        "au 2e tour avec 9 voix sur 15 suffrages exprimés.",
        False,
    ]
    events = journal(demo_store, demo_session)
    last = events[-1]
    assert isinstance(last, ElectionRound)
    assert (last.item, last.round, dict(last.votes), last.blank, last.spoilt) == (
        ITEM,
        2,
        {"m5": 9, "m18": 6},
        1,
        1,
    )
    assert demo_service.state.items[ITEM].elected == "m5"
    assert "Mme\u00a0GARNIER est élue au 2e tour" in panel.done_label.text()


def test_election_without_candidate_says_so(qtbot, panel, demo_store, demo_session):
    panel.set_mode(ELECTION)
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message) as signal:
        panel.record()
    assert signal.args == [f"Élection{N}: ajoutez au moins un candidat.", True]
    assert journal(demo_store, demo_session) == before


# ---------------------------------------------------------------------- closing, undo


def test_withdraw_then_undo(qtbot, panel, demo_service, demo_store, demo_session):
    with qtbot.waitSignal(panel.message):
        panel.withdraw_button.click()
    assert journal(demo_store, demo_session)[-1] == ItemClosed(
        item=ITEM, status=ClosedStatus.WITHDRAWN, at=NOW
    )
    assert "Point retiré de l'ordre du jour." in panel.done_label.text()
    demo_service.undo()
    assert panel.record_button.isVisible()
    assert panel.withdraw_button.isEnabled()


def test_postpone(qtbot, panel, demo_service):
    panel.postpone_button.click()
    assert demo_service.state.items[ITEM].status is ItemStatus.POSTPONED
    assert "Point ajourné." in panel.done_label.text()


def test_undo_of_a_vote_brings_back_the_entry_with_its_counts(qtbot, panel, demo_service):
    type_count(qtbot, panel.hands.box("for"), "12")
    type_count(qtbot, panel.hands.box("against"), "5")
    panel.record()
    assert panel.done_label.isVisible()
    demo_service.undo()
    assert panel.record_button.isVisible()
    assert panel.hands.value("for") == 12 and panel.hands.value("against") == 5


def test_refused_command_changes_nothing_and_reports(
    qtbot, panel, demo_service, demo_store, demo_session
):
    demo_service.suspend()
    assert panel.blocker.text() == f"La séance est suspendue{N}: reprenez-la avant de voter."
    before = journal(demo_store, demo_session)
    with qtbot.waitSignal(panel.message) as signal:
        panel.unanimity_button.click()
    assert signal.args == ["La séance est suspendue : reprenez-la avant de voter.", True]
    assert journal(demo_store, demo_session) == before


# ---------------------------------------------------------------------- size


@pytest.mark.parametrize("mode", [SHOW_OF_HANDS, PUBLIC, SECRET, ELECTION])
def test_fits_the_right_column(qtbot, panel, demo_service, mode):
    panel.set_mode(mode)
    demo_service.recuse("m2")
    if mode == ELECTION:
        panel.election.add_candidate("m15")  # a long name must not widen the column
    assert panel.minimumSizeHint().width() <= 320
    assert panel.minimumSizeHint().height() <= 560


# ---------------------------------------------------------------------- lifetime, model details


def test_a_deleted_panel_stops_listening(qtbot, demo_service):
    listeners = len(demo_service._listeners)
    widget = VotePanel(demo_service)
    assert len(demo_service._listeners) == listeners + 1
    shiboken6.delete(widget)
    assert len(demo_service._listeners) == listeners
    demo_service.arrive("m15")  # nothing left to refresh, nothing raised


def test_rollcall_choices_follow_and_reset(demo_service):
    model = RollCallModel()
    model.set_rows(rollcall_rows(demo_service.state.attendance(ITEM), demo_service.state.members))
    martin, chevalier = model.row_of("m1"), model.row_of("m19")
    model.set_choice(martin, Choice.AGAINST)
    assert model.choice_at(chevalier) is Choice.AGAINST and model.follows_holder(chevalier)
    model.set_choice(chevalier, Choice.FOR)
    assert dict(model.choices())["m19"] is Choice.FOR
    model.set_choice(chevalier, Choice.AGAINST)  # the holder's choice again: follows him
    # the prefill follows the holder, but the recorded choices name every voter (never implicit)
    assert model.follows_holder(chevalier) and dict(model.choices())["m19"] is Choice.AGAINST
    assert len(model.choices()) == len(model.rows())
    model.cycle_choice(martin)
    assert model.choice_at(martin) is Choice.ABSTAIN
    model.reset_choices()
    assert model.counts() == {Choice.FOR: 17, Choice.AGAINST: 0, Choice.ABSTAIN: 0}


def test_election_candidate_can_be_removed(qtbot, panel):
    panel.set_mode(ELECTION)
    election = panel.election
    for member in ("m5", "m18", "m15"):
        election.add_candidate(member)
    election.remove_candidate("m18")
    assert election.candidates() == ("m5", "m15")
    assert election.build_command(ITEM) == RecordElectionRound(ITEM, 1, (("m5", 0), ("m15", 0)))


def test_a_name_typed_in_the_roll_call_records_no_recusal(qtbot, panel, demo_service):
    panel.set_mode(PUBLIC)
    model = panel.rollcall
    panel.rollcall_view.setCurrentIndex(model.index(model.row_of("m6"), 0))
    panel.rollcall_view.setFocus()
    before = len(demo_service.events)
    qtbot.keyClick(panel.rollcall_view, "n")  # N used to recuse M. BLANC at once
    qtbot.keyClicks(panel.rollcall_search, "icolas")  # the rest goes where the focus went
    assert len(demo_service.events) == before
    assert "m6" not in demo_service.state.items[ITEM].recused
    assert panel.rollcall_search.text() == "nicolas"
