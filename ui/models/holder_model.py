"""The members who may hold a proxy, filtered as the secretary types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.services.types import Member
from ui.widgets.name_search import matches

AnyIndex = QModelIndex | QPersistentModelIndex

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HolderModel(QAbstractListModel):
    """A filtered list of candidate holders: the valid ones first, then, greyed and not
    selectable, those who cannot hold it with the reason (the dialog computes both)."""

    def __init__(
        self,
        holders: list[tuple[Member, str]],
        parent: QObject | None = None,
        ineligible: list[tuple[Member, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        # (member, note such as « porte déjà 1 pouvoir sur 1 », eligible)
        self._all = [(m, note, True) for m, note in holders] + [
            (m, reason, False) for m, reason in ineligible or []
        ]
        self._shown = list(self._all)

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self._shown = [
            row for row in self._all if matches(text, row[0].last_name, row[0].first_name)
        ]
        self.endResetModel()

    def member_at(self, row: int) -> Member | None:
        """The holder on ``row``; None for a greyed (ineligible) row."""
        if 0 <= row < len(self._shown) and self._shown[row][2]:
            return self._shown[row][0]
        return None

    def is_eligible(self, row: int) -> bool:
        return 0 <= row < len(self._shown) and self._shown[row][2]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or not self.is_eligible(index.row()):
            return Qt.ItemFlag.NoItemFlags  # greyed: shown with its reason, not chosen
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        member, note, _eligible = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{member.full_name}" + (f" — {note}" if note else "")
        if role == MEMBER_ID_ROLE:
            return member.id
        return None
