"""The members who may hold a proxy, filtered as the secretary types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.members import Member

AnyIndex = QModelIndex | QPersistentModelIndex

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HolderModel(QAbstractListModel):
    """A filtered list of candidate holders (valid ones only: the dialog computes them)."""

    def __init__(self, holders: list[tuple[Member, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = holders  # (member, note such as « porte déjà 0 pouvoir »)
        self._shown = list(holders)

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self._shown = [(m, note) for m, note in self._all if m.matches(text)]
        self.endResetModel()

    def member_at(self, row: int) -> Member | None:
        return self._shown[row][0] if 0 <= row < len(self._shown) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        member, note = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{member.full_name}" + (f" — {note}" if note else "")
        if role == MEMBER_ID_ROLE:
            return member.id
        return None
