"""The member search box: always one key away; Up/Down move the highlight, Entrée marks the
highlighted member present. Letters only ever search: the other acts are Ctrl+letter
shortcuts of the window, which this box lets through instead of editing the text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchBox(QLineEdit):
    """A line edit that hands navigation keys to the roster and undo to the window."""

    highlight_moved = Signal(int)  # -1 up, +1 down
    activated = Signal()  # Entrée: arrival of the highlighted member

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Rechercher un membre… (/)")
        self.setClearButtonEnabled(True)
        self.setObjectName("memberSearch")

    def event(self, event: QEvent) -> bool:
        # Ctrl+Z here means « undo the last recorded act », not « undo my typing ».
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or _is_ctrl_shift_z(event)
                or _is_window_key(event)
            ):
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.activated.emit()
            return
        if key == Qt.Key.Key_Down:
            self.highlight_moved.emit(1)
            return
        if key == Qt.Key.Key_Up:
            self.highlight_moved.emit(-1)
            return
        if event.text() == "/":  # « / » anywhere selects the search: here too
            self.selectAll()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


def _is_ctrl_shift_z(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    return (
        event.key() == Qt.Key.Key_Z
        and bool(mods & Qt.KeyboardModifier.ControlModifier)
        and bool(mods & Qt.KeyboardModifier.ShiftModifier)
    )


# Ctrl+letter keys the window owns (acts, unanimity, note, session…): on some platforms a line
# edit would take them as Emacs-style editing keys (Ctrl+E end of line, Ctrl+U delete line).
WINDOW_KEYS = frozenset(
    k.value
    for k in (
        Qt.Key.Key_D,
        Qt.Key.Key_E,
        Qt.Key.Key_P,
        Qt.Key.Key_R,
        Qt.Key.Key_U,
        Qt.Key.Key_N,
        Qt.Key.Key_O,
        Qt.Key.Key_Q,
    )
)


def _is_window_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
    return mods == Qt.KeyboardModifier.ControlModifier and event.key() in WINDOW_KEYS
