"""The agenda panel: items with their state, and the notes of the current item."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.models.agenda_model import ITEM_ID_ROLE, AgendaModel


class NoteEdit(QPlainTextEdit):
    """A note being typed; Ctrl+Entrée records it."""

    submitted = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            text = self.toPlainText().strip()
            if text:
                self.submitted.emit(text)
            return
        super().keyPressEvent(event)


class AgendaPanel(QWidget):
    item_activated = Signal(str)  # the secretary moves to this item
    note_submitted = Signal(str)

    def __init__(self, model: AgendaModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        title = QLabel("<b>ORDRE DU JOUR</b>  <small>(PgPréc / PgSuiv)</small>", self)
        self.list = QListView(self)
        self.list.setObjectName("agendaList")
        self.list.setModel(model)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_title = QLabel("Notes", self)
        self.notes_history = QPlainTextEdit(self)
        self.notes_history.setObjectName("notesHistory")
        self.notes_history.setReadOnly(True)
        self.notes_history.setPlaceholderText("Aucune note pour ce point.")
        self.note_edit = NoteEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("L'essentiel du débat… (Ctrl+Entrée pour noter)")
        self.note_edit.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 4)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes_history, 1)
        layout.addWidget(self.note_edit, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.list.activated.connect(self._on_list_activated)
        self.note_edit.submitted.connect(self.note_submitted)

    def _on_list_activated(self, index: QModelIndex) -> None:
        item_id = index.data(ITEM_ID_ROLE)
        if item_id:
            self.item_activated.emit(item_id)

    def show_current(self, item_id: str | None, notes: list[str]) -> None:
        """Select the current item and show its notes."""
        row = self.model.row_of(item_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        else:
            self.list.clearSelection()
        self.notes_title.setText(
            f"<b>Notes</b> (point {item_id})" if item_id else "<b>Notes</b> (séance)"
        )
        self.notes_history.setPlaceholderText(
            "Aucune note pour ce point." if item_id else "Aucune note pour la séance."
        )
        self.notes_history.setPlainText("\n\n".join(f"• {n}" for n in notes))
        self.notes_history.verticalScrollBar().setValue(
            self.notes_history.verticalScrollBar().maximum()
        )
