"""The live window's acts of the second round, driven by keys as a secretary would: who
presides (Ctrl+Maj+P, L2122-17, and the compte administratif, L2121-14), a member's
withdrawal for a vote (Ctrl+Maj+W), a special-ballot request (Ctrl+Maj+B), the closed
sitting (Ctrl+Maj+H), the waiver of the secret ballot (Ctrl+Maj+U), the appointment of a
single candidate (Ctrl+Maj+N), the drawing of lots (Ctrl+Maj+T), an election by list
(Ctrl+Maj+L). Letters only search; Entrée chooses; Ctrl+Entrée records a dialog with
several choices; the search box has the keyboard back after every act."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.domain.members import Member
from app.services.commands import (
    Arrive,
    Leave,
    OpenItem,
    OpenSession,
    RecordElectionRound,
    RecordListElectionRound,
)
from app.services.session_service import SessionService
from app.services.store import Store
from tests.factories import assembly, session
from tests.ui.conftest import FixedClock
from tests.ui.test_keyboard_safety import press, type_keys
from ui.main_window import MainWindow
from ui.presidency_dialogs import (
    BallotRequestDialog,
    ChooseMemberDialog,
    ClosedDoorsDialog,
    ListElectionDialog,
    PresidencyDialog,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
BORN = date(1960, 5, 1)
TWINS = (
    Member(id="t1", last_name="JUMEAU", first_name="Paul", civility="M.", birth_date=BORN),
    Member(id="t2", last_name="JUMELLE", first_name="Lise", civility="Mme", birth_date=BORN),
)


@pytest.fixture
def live(qtbot, tmp_path) -> Iterator[tuple[MainWindow, SessionService]]:
    store = Store.open(tmp_path / "live.sqlite")
    asm = assembly(extra=TWINS)
    members = tuple(replace(m, function="Maire") if m.id == "m1" else m for m in asm.members)
    store.save_assembly(replace(asm, members=members))
    sess = session()
    items = tuple(
        replace(it, title="Compte administratif 2025", presided_apart=True) if it.id == "P2" else it
        for it in sess.items
    )
    store.save_session(replace(sess, items=items))
    service = SessionService(store, "s1", FixedClock())
    window = MainWindow(store, service, FixedClock())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.setFocus()
    yield window, service
    window.close()
    store.close()


def sit(service: SessionService, members: range, item: str | None = "P1") -> None:
    service.handle(OpenSession())
    for i in members:
        service.handle(Arrive(f"m{i}"))
    if item:
        service.handle(OpenItem(item))


def new_types(service: SessionService, before: int) -> list[str]:
    return [e.type for e in service.events[before:]]


def focus() -> object:
    return QApplication.focusWidget()


def opened(qtbot, window: MainWindow, key: Qt.Key):
    """Ctrl+Maj+key, then wait until the dialog has the keyboard (a window-modal dialog:
    the live window gets no key until it closes)."""
    press(qtbot, window, key, CTRL_SHIFT)
    dialog = window.act_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def no_default_button(dialog) -> None:
    for button in dialog.findChildren(QPushButton):
        assert not button.isDefault() and not button.autoDefault(), button.text()


# ------------------------------------------------------------------ présidence
def test_an_absent_president_is_replaced_in_the_order_of_the_tableau(qtbot, live):
    window, service = live
    sit(service, range(2, 15))  # the maire (m1) is absent
    assert window.proposal.isVisible()
    assert "Mme NOM1, qui préside, est absente" in window.proposal.text()
    dialog = opened(qtbot, window, Qt.Key.Key_P)
    assert isinstance(dialog, PresidencyDialog)
    no_default_button(dialog)
    assert dialog.picker.current() == "m2"  # the first present in the tableau
    assert "L2122-17" in dialog.intro.text()
    before = len(service.events)
    type_keys(qtbot, window, "nom")  # letters only search
    assert new_types(service, before) == []
    press(qtbot, window, Qt.Key.Key_Return)
    assert new_types(service, before) == ["presidency_taken"]
    assert service.state.presiding == "m2"
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)
    assert not window.proposal.isVisible()


def test_escape_closes_the_presidency_dialog_without_recording(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    opened(qtbot, window, Qt.Key.Key_P)
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)
    assert new_types(service, before) == []
    assert focus() is window.search


def test_compte_administratif_elected_president_withdrawal_then_return(qtbot, live):
    window, service = live
    sit(service, range(1, 16), item="P2")
    assert "Compte administratif (point P2)" in window.proposal.text()
    dialog = opened(qtbot, window, Qt.Key.Key_P)
    assert isinstance(dialog, PresidencyDialog)
    ids = [dialog.picker.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(14)]
    assert "m1" not in ids  # the maire does not preside his own accounts
    assert dialog.withdraw is not None and dialog.withdraw.isChecked()
    before = len(service.events)
    type_keys(qtbot, window, "nom3")
    press(qtbot, window, Qt.Key.Key_Return)
    assert new_types(service, before) == ["presidency_taken", "withdrawn_from_vote"]
    assert service.state.presiding == "m3"
    assert service.state.items["P2"].withdrawn == {"m1"}
    assert service.state.attendance("P2").voters == 14
    maire = service.state.members["m1"]
    assert window.roster_model.state_of(maire)[1] == "Retirée pour le vote de ce point"
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)
    press(qtbot, window, Qt.Key.Key_U, CTRL)  # unanimity
    assert service.state.items["P2"].decided
    assert "Mme NOM1 reprend la présidence" in window.proposal.text()
    press(qtbot, window, Qt.Key.Key_PageDown)  # the next item: still proposed
    assert service.state.current_item == "P3"
    assert "Compte administratif (point P2) voté" in window.proposal.text()
    dialog = opened(qtbot, window, Qt.Key.Key_P)
    assert isinstance(dialog, PresidencyDialog) and dialog.withdraw is None
    assert dialog.picker.current() == "m1"
    press(qtbot, window, Qt.Key.Key_Return)
    assert service.state.presiding == "m1"
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)
    assert not window.proposal.isVisible()


def test_a_refused_presidency_stays_in_the_dialog_in_red(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    dialog = opened(qtbot, window, Qt.Key.Key_P)
    service.handle(Leave("m3"))  # leaves while the dialog is open
    type_keys(qtbot, window, "nom3")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return)
    assert new_types(service, before) == []
    assert "Mme NOM3 n'est pas présente" in dialog.error.text()
    assert window.act_dialog is dialog and dialog.isVisible()
    dialog.reject()


# ------------------------------------------------------------------ member acts
def test_ctrl_shift_w_withdraws_the_highlighted_member(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    type_keys(qtbot, window, "nom5")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_W, CTRL_SHIFT)
    assert new_types(service, before) == ["withdrawn_from_vote"]
    assert service.state.items["P1"].withdrawn == {"m5"}
    assert focus() is window.search and window.search.selectedText() == "nom5"
    press(qtbot, window, Qt.Key.Key_W, CTRL_SHIFT)  # twice: refused, said in red
    assert len(service.events) == before + 1
    assert "s'est déjà retiré" in window.status_line.text()


# ------------------------------------------------------------------ special ballots
def test_a_secret_ballot_request_by_keyboard(qtbot, live):
    window, service = live
    sit(service, range(1, 15))  # 14 present: a third is 5
    dialog = opened(qtbot, window, Qt.Key.Key_B)
    assert isinstance(dialog, BallotRequestDialog)
    no_default_button(dialog)
    for name in ("nom2", "nom3", "nom4", "nom5"):
        type_keys(qtbot, window, name)
        press(qtbot, window, Qt.Key.Key_Return)
    assert dialog.picker.picked() == ("m2", "m3", "m4", "m5")
    press(qtbot, window, Qt.Key.Key_S, ALT)
    assert dialog.secret.isChecked()
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert new_types(service, before) == []
    assert "il faut au moins 5" in dialog.error.text()
    dialog.picker.search.setFocus()
    type_keys(qtbot, window, "nom6")
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert new_types(service, before) == ["ballot_requested"]
    assert service.events[-1].members == ("m2", "m3", "m4", "m5", "m6")
    panel = window.vote_panel
    assert panel.modes.currentIndex() == 2  # the vote panel offers the secret ballot only
    assert [panel.modes.isTabEnabled(i) for i in range(4)] == [False, False, True, True]
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)


def test_entree_twice_on_a_name_removes_the_requester(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    dialog = opened(qtbot, window, Qt.Key.Key_B)
    type_keys(qtbot, window, "nom2")
    press(qtbot, window, Qt.Key.Key_Return)
    type_keys(qtbot, window, "nom2")
    press(qtbot, window, Qt.Key.Key_Return)
    assert dialog.picker.picked() == ()
    dialog.reject()


def test_the_unanimous_waiver_of_the_secret_ballot(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_U, CTRL_SHIFT)
    assert new_types(service, before) == ["secret_ballot_waived"]
    assert service.state.items["P1"].secret_waived
    assert focus() is window.search
    panel = window.vote_panel
    assert panel.modes.currentIndex() == 3  # the nomination only (Élection)
    assert [panel.modes.isTabEnabled(i) for i in range(4)] == [False, False, False, True]


# ------------------------------------------------------------------ huis clos
def test_closed_doors_started_then_lifted_by_the_same_key(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    dialog = opened(qtbot, window, Qt.Key.Key_H)
    assert isinstance(dialog, ClosedDoorsDialog)
    no_default_button(dialog)
    for name in ("nom2", "nom3", "nom4"):
        type_keys(qtbot, window, name)
        press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_V, ALT)
    assert focus() is dialog.votes
    type_keys(qtbot, window, "8")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert new_types(service, before) == ["closed_doors_started"]
    qtbot.waitUntil(lambda: window.act_dialog is None and focus() is window.search)
    assert window.closed_doors_action.text() == "Lever le huis clos"
    press(qtbot, window, Qt.Key.Key_H, CTRL_SHIFT)
    assert new_types(service, before) == ["closed_doors_started", "closed_doors_ended"]
    assert window.act_dialog is None and focus() is window.search


# ------------------------------------------------------------------ nominations
def test_a_single_candidate_appointed_without_a_vote(qtbot, live):
    window, service = live
    sit(service, range(1, 15))
    dialog = opened(qtbot, window, Qt.Key.Key_N)
    assert isinstance(dialog, ChooseMemberDialog)
    no_default_button(dialog)
    type_keys(qtbot, window, "nom7")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return)
    assert new_types(service, before) == ["appointed"]
    assert service.state.items["P1"].elected == "m7"
    qtbot.waitUntil(lambda: window.act_dialog is None)
    assert "Mme\u00a0NOM7 est nommée sans vote" in window.vote_panel.done_label.text()


def test_lots_drawn_when_the_core_refuses_a_same_birth_date_tie(qtbot, live):
    window, service = live
    sit(service, range(1, 14), item=None)
    service.handle(Arrive("t1"))
    service.handle(OpenItem("P1"))
    tied = (("t1", 7), ("t2", 7))
    for r in (1, 2):
        service.handle(RecordElectionRound("P1", r, tied))
    assert service.refusal(RecordElectionRound("P1", 3, tied)) is not None
    dialog = opened(qtbot, window, Qt.Key.Key_T)
    assert isinstance(dialog, ChooseMemberDialog) and dialog.windowTitle() == "Tirage au sort"
    assert dialog.picker.list.count() == 2
    type_keys(qtbot, window, "jumelle")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return)
    assert new_types(service, before) == ["lots_drawn"]
    service.handle(RecordElectionRound("P1", 3, tied))
    assert service.state.items["P1"].elected == "t2"


def test_an_election_by_list_by_keyboard(qtbot, live):
    window, service = live
    sit(service, range(1, 14))  # 13 voters
    dialog = opened(qtbot, window, Qt.Key.Key_L)
    assert isinstance(dialog, ListElectionDialog)
    assert focus() is dialog.name
    for name, candidates, ballots in (("A", "345", "8"), ("B", "678", "4")):
        type_keys(qtbot, window, name)
        press(qtbot, window, Qt.Key.Key_Tab)
        assert focus() is dialog.picker.search
        for c in candidates:
            type_keys(qtbot, window, f"nom{c}")
            press(qtbot, window, Qt.Key.Key_Return)
        press(qtbot, window, Qt.Key.Key_O, ALT)
        type_keys(qtbot, window, ballots)
        press(qtbot, window, Qt.Key.Key_A, ALT)
    press(qtbot, window, Qt.Key.Key_B, ALT)
    type_keys(qtbot, window, "1")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert new_types(service, before) == ["list_election_round"], dialog.error.text()
    rec = service.state.items["P1"]
    assert rec.elected_list is not None and rec.elected_list.elected == "A"
    assert rec.elected_list.elected_members == ("m3", "m4", "m5")
    qtbot.waitUntil(lambda: window.act_dialog is None)
    assert (
        "Liste «\u00a0A\u00a0» élue au 1er tour\u00a0: Mme\u00a0NOM3, M.\u00a0NOM4 et Mme\u00a0NOM5"
        in window.vote_panel.done_label.text()
    )


# ------------------------------------------------------------------ keyboard maps
@pytest.mark.parametrize(
    "key", [Qt.Key.Key_P, Qt.Key.Key_B, Qt.Key.Key_H, Qt.Key.Key_N, Qt.Key.Key_L]
)
def test_the_dialogs_underlined_letters_are_unique_and_tab_reaches_every_field(qtbot, live, key):
    from tests.ui import keymap

    window, service = live
    sit(service, range(1, 16), item="P2")
    dialog = opened(qtbot, window, key)
    assert keymap.duplicates(dialog) == {}
    assert keymap.dead_labels(dialog) == []
    assert keymap.press_label_mnemonics(qtbot, dialog) == []
    assert keymap.unreached(qtbot, dialog, QApplication.focusWidget()) == []
    dialog.reject()


def test_the_second_round_of_a_list_election_brings_back_the_lists(qtbot, live):
    window, service = live
    sit(service, range(1, 14))  # 13 voters
    lists = (("A", ("m3", "m4", "m5"), 6), ("B", ("m6", "m7", "m8"), 6))
    service.handle(RecordListElectionRound("P1", 1, lists, blank=1))
    assert not service.state.items["P1"].decided
    dialog = opened(qtbot, window, Qt.Key.Key_L)
    assert "2e tour" in dialog.intro.text()
    assert dialog.entered.count() == 2
    for name, ballots in (("A", "7"), ("B", "5")):
        type_keys(qtbot, window, name)  # the list's candidates come back with its name
        assert dialog.picker.picked() == dict((n, c) for n, c, _ in lists)[name]
        press(qtbot, window, Qt.Key.Key_O, ALT)
        type_keys(qtbot, window, ballots)
        press(qtbot, window, Qt.Key.Key_A, ALT)
    assert dialog.entered.count() == 2
    press(qtbot, window, Qt.Key.Key_B, ALT)
    type_keys(qtbot, window, "1")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    rec = service.state.items["P1"]
    assert [r.round for r in rec.list_rounds] == [1, 2], dialog.error.text()
    assert rec.elected_list is not None and rec.elected_list.elected == "A"
