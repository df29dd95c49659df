"""The member search box: always one key away; Up/Down move the highlight, Entrée acts."""

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
