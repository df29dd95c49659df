"""Typing helpers: QTest aborts on some non-ASCII characters, so accented letters are sent
as key events carrying their text, the way an input method delivers them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key (accents and « » included)."""
    for char in text:
        if char.isascii() and char != "\n":
            qtbot.keyClicks(widget, char)
        elif char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget,
                    QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char),
                )


def replace_text(qtbot, widget: QWidget, text: str) -> None:
    """Select all (Ctrl+A) and type ``text`` over it."""
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def show_active(qtbot, widget: QWidget) -> None:
    """Show ``widget`` as the active window (shortcuts such as Ctrl+S need it)."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
