"""The whole live session without the mouse: arrivals, agenda, a counted vote, unanimity."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.state import ItemStatus

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_session_item_by_item_with_the_keyboard_only(qtbot, window, service):
    window.activateWindow()
    qtbot.waitActive(window)
    # an arrival: three letters and Entrée
    window.search.setFocus()
    qtbot.keyClicks(window.search, "rous")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert "m15" in service.state.present
    voters = service.state.attendance("2026-014").voters
    # F6 takes the keyboard to the vote panel; digits, Tab, Entrée record a counted vote
    qtbot.keyClick(window.search, Qt.Key.Key_F6)
    focused = window.focusWidget()
    assert focused is not None and window.vote_panel.isAncestorOf(focused)
    qtbot.keyClicks(focused, str(voters - 3))
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    qtbot.keyClicks(window.focusWidget(), "2")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(window.focusWidget(), "1")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    record = service.state.items["2026-014"]
    assert record.status is ItemStatus.ADOPTED
    assert (
        record.vote.tally.count_for,
        record.vote.tally.count_against,
        record.vote.tally.count_abstain,
    ) == (voters - 3, 2, 1)
    # next item with PgDn, unanimity with Ctrl+U from anywhere
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-015"
    qtbot.keyClick(window.search, Qt.Key.Key_U, CTRL)
    assert service.state.items["2026-015"].status is ItemStatus.ADOPTED
    assert service.state.items["2026-015"].vote.unanimous
