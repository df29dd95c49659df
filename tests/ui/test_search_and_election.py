"""Search by tokens in any order (issue #12, item 6) and election entry by keyboard
(item 7), driven by key events on the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.prep.helpers import show_active

CTRL = Qt.KeyboardModifier.ControlModifier


def search(qtbot, window, text: str) -> list[str]:
    window.search.setFocus()
    window.search.clear()
    qtbot.keyClicks(window.search, text)
    proxy = window.roster_proxy
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in proxy.member_rows()]


def test_tokens_in_any_order_find_the_member(qtbot, window):
    assert search(qtbot, window, "lefe cla") == ["m3"]
    assert search(qtbot, window, "cla lefe") == ["m3"]
    assert window.highlighted_member() == "m3"
    assert search(qtbot, window, "CLAIRE lefevre") == ["m3"]


def test_group_and_function_are_searched_too(qtbot, window):
    assert search(qtbot, window, "agir gauth") == ["m20"]  # group « Agir pour… »
    found = search(qtbot, window, "adjoint")
    assert found[:4] == ["m2", "m3", "m4", "m5"]  # 1er … 4e adjoint(e)
    assert search(qtbot, window, "maire martin") == ["m1"]


def test_punctuation_and_accents_do_not_matter(qtbot, window):
    assert search(qtbot, window, "ndiaye") == ["m22"]
    assert search(qtbot, window, "francois") == ["m12"]


def test_a_surname_picks_the_president_in_the_session_editor(qtbot, store):
    from ui.prep.session_editor import SessionEditor

    editor = SessionEditor(store, store.assemblies()[0].id, store.sessions()[0].id, subjects=[])
    show_active(qtbot, editor)
    editor.president_combo.setFocus()
    qtbot.keyClicks(editor.president_combo, "gar")  # entries read « Mme GARNIER Sophie »
    assert editor.president_combo.currentData() == "m5"
    editor.secretaries_list.setFocus()
    qtbot.keyClicks(editor.secretaries_list, "lamb")
    assert "LAMBERT" in editor.secretaries_list.currentItem().text()


def test_an_election_entered_by_keyboard(qtbot, window):
    from ui.vote_panel import ELECTION

    window.activateWindow()
    qtbot.waitActive(window)
    panel = window.vote_panel
    panel.set_mode(ELECTION)
    qtbot.keyClick(window.search, Qt.Key.Key_F6)
    picker = panel.election.picker
    assert picker.hasFocus()  # F6 goes to the candidate picker
    qtbot.keyClicks(picker, "garn")  # typing a surname finds « Mme GARNIER Sophie »
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert panel.election.candidates() == ("m5",)
    box = panel.election.spin_of("m5")
    qtbot.waitUntil(box.hasFocus)
    qtbot.wait(10)
    qtbot.keyClicks(box, "5")
    assert box.value() == 5  # the « 0 » was selected: not 50
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.election.blank_box  # blanks right after
    qtbot.wait(10)
    qtbot.keyClicks(panel.election.blank_box, "2")
    assert panel.election.blank_box.value() == 2
    qtbot.keyClick(panel.election.blank_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.election.spoilt_box


def test_a_surname_picks_the_titular_in_the_member_form(qtbot):
    from tests.ui.rosters import roster_300
    from ui.prep.member_dialog import MemberDialog

    members = roster_300()[:20]
    form = MemberDialog(None, members, "m99")
    show_active(qtbot, form)
    form.titular_combo.setFocus()
    qtbot.keyClicks(form.titular_combo, "bern")  # entries read « Mme BERNARD … »
    assert form.titular_combo.currentData() == "m8"
