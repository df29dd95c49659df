"""The « Présidence » actions of the live window (issue #11): who presides, and the maire's
withdrawal for the vote of the compte administratif (L2122-17, L2121-14)."""

from __future__ import annotations

from PySide6.QtCore import Qt

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_presidency_then_withdrawal_from_the_keyboard(qtbot, window, service):
    assert service.state.presiding == "m1"
    service.open_item("2026-015")
    window.highlight_member("m1")
    window.withdraw_member_action.trigger()  # the maire presides: refused, said in red
    assert window.status_line.is_error and "préside" in window.status_line.text()
    assert not service.state.items["2026-015"].withdrawn

    window.highlight_member("m2")
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    assert service.state.presiding == "m2"
    assert not window.status_line.is_error

    window.highlight_member("m1")
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL_SHIFT)
    att = service.state.attendance("2026-015")
    assert att.seat("m1").withdrawn and not att.seat("m1").voting
    assert att.reconciles
