"""The agenda: one row per item with its state (adopté, rejeté, en cours, à venir…)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.session_service import Change, SessionService
from app.services.types import ItemRecord, ItemStatus

AnyIndex = QModelIndex | QPersistentModelIndex

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_CURRENT_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_TEXT = {
    ItemStatus.ADOPTED: "✓ adopté",
    ItemStatus.REJECTED: "✗ rejeté",
    ItemStatus.PENDING: "à venir",
    ItemStatus.WITHDRAWN: "– retiré",
    ItemStatus.POSTPONED: "↷ ajourné",
    ItemStatus.INFORMATION: "ℹ information",
}

STATUS_COLOUR = {
    ItemStatus.ADOPTED: QColor("#17803d"),
    ItemStatus.REJECTED: QColor("#b3261e"),
    ItemStatus.PENDING: QColor("#555555"),
    ItemStatus.WITHDRAWN: QColor("#6b6b6b"),
    ItemStatus.POSTPONED: QColor("#9a5b00"),
    ItemStatus.INFORMATION: QColor("#1d5fb4"),
}


def status_text(record: ItemRecord, current: bool, feminine: bool = False) -> str:
    """``feminine``: whether the member elected at this item, if any, is a woman."""
    if current and record.status is ItemStatus.PENDING:
        return "▶ en cours"
    if record.status is ItemStatus.ADOPTED and record.elected is not None:
        return "✓ élue" if feminine else "✓ élu"  # an election, not a deliberation
    return STATUS_TEXT[record.status]


class AgendaModel(QAbstractListModel):
    """The session's items, read live from the service's state."""

    def __init__(self, service: SessionService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._ids = [it.id for it in service.session.items]

    def set_service(self, service: SessionService) -> None:
        self.beginResetModel()
        self._service = service
        self._ids = [it.id for it in service.session.items]
        self.endResetModel()

    def apply_change(self, change: Change) -> None:
        if change.full or len(self._ids) != len(self._service.session.items):
            self.set_service(self._service)
            return
        for item_id in change.items:
            row = self.row_of(item_id)
            if row is not None:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def row_of(self, item_id: str | None) -> int | None:
        try:
            return self._ids.index(item_id or "")
        except ValueError:
            return None

    def item_id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        state = self._service.state
        item_id = self._ids[index.row()]
        record = state.items[item_id]
        current = state.current_item == item_id
        if role == ITEM_ID_ROLE:
            return item_id
        if role == IS_CURRENT_ROLE:
            return current
        if role == Qt.ItemDataRole.DisplayRole:
            elected = state.members.get(record.elected or "")
            feminine = elected is not None and elected.is_feminine
            return f"{item_id} · {status_text(record, current, feminine)}\n{record.item.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Point {item_id}\u00a0: {record.item.title}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if current and record.status is ItemStatus.PENDING:
                return QBrush(QColor("#0b4aa2"))
            return QBrush(STATUS_COLOUR[record.status])
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QBrush(QColor("#e3edfb"))
        return None
