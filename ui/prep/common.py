"""Pieces shared by the preparation dialogs: the red error label under a field, and a
dialog base class that saves with Ctrl+S and asks before dropping unsaved changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.documents.french import typography

ERROR_STYLE = "color: #b00020;"


class FieldError(QLabel):
    """A red label placed under a field; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(typography(message))  # domain messages: French spacing before « : »
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.show_error("")

    @property
    def message(self) -> str:
        return self.text() if not self.isHidden() else ""


def with_error(field: QWidget, error: FieldError) -> QWidget:
    """The field with its error label just below it, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setFocusProxy(field)
    return box


class PrepDialog(QDialog):
    """A preparation dialog: edits a copy, writes it with one ``save_*`` call.

    Ctrl+S saves; Échap (or « Annuler ») closes, asking first when something changed.
    Subclasses implement :meth:`save` (return True when written) and call
    :meth:`mark_dirty` when the user changes something.
    """

    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty = False
        self._save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self._save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._save_shortcut.activated.connect(self._on_save_shortcut_activated)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_dirty(self, dirty: bool = True) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def save(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def _on_save_shortcut_activated(self) -> None:
        self._on_save_requested()

    def _on_save_requested(self) -> None:
        if self.save():
            self.mark_dirty(False)
            self.accept()

    def reject(self) -> None:
        """Échap / Annuler: ask before losing changes."""
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Des modifications n'ont pas été enregistrées. Les abandonner\u00a0?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
