"""Qt item models of the preparation screens: the roster, rejected import lines, the agenda.

They hold frozen domain values (``Member``, ``RejectedLine``, ``Item``) and replace them
with ``dataclasses.replace``; every change is announced with the precise Qt signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.services.roster import RejectedLine
from app.services.types import Item, Member

Index = QModelIndex | QPersistentModelIndex

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2

_ENDED_COLOUR = QColor("#777777")


class MembersModel(QAbstractTableModel):
    """The roster as a table; simple text columns are editable in place."""

    COLUMNS = (
        "Civilité",
        "Nom",
        "Prénom",
        "Groupe",
        "Fonction",
        "Poids",
        "Suppléant de",
        "Fin de mandat",
    )
    CIVILITY, LAST_NAME, FIRST_NAME, GROUP, FUNCTION, WEIGHT, TITULAR, ENDED = range(8)
    _FIELDS: dict[int, str] = {
        CIVILITY: "civility",
        LAST_NAME: "last_name",
        FIRST_NAME: "first_name",
        GROUP: "group",
        FUNCTION: "function",
    }

    def __init__(
        self, members: Iterable[Member] = (), *, editable: bool = True, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._members: list[Member] = list(members)
        self._editable = editable

    # ------------------------------------------------------------------ access
    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(self._members)

    def member(self, row: int) -> Member:
        return self._members[row]

    def row_of(self, member_id: str) -> int:
        for row, m in enumerate(self._members):
            if m.id == member_id:
                return row
        return -1

    def _name_of(self, member_id: str | None) -> str:
        if member_id is None:
            return ""
        row = self.row_of(member_id)
        return self._members[row].full_name if row >= 0 else member_id

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._members):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        m = self._members[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column in self._FIELDS:
                return getattr(m, self._FIELDS[column])
            if column == self.WEIGHT:
                return m.weight if role == Qt.ItemDataRole.EditRole else str(m.weight)
            if column == self.TITULAR:
                return self._name_of(m.substitute_for)
            if column == self.ENDED:
                return m.ended_on.strftime("%d/%m/%Y") if m.ended_on else ""
        if role == MEMBER_ROLE:
            return m
        if role == Qt.ItemDataRole.ForegroundRole and m.ended_on is not None:
            return QBrush(_ENDED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and m.ended_on is not None:
            return f"Fin de mandat le {m.ended_on.strftime('%d/%m/%Y')}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and (index.column() in self._FIELDS or index.column() == self.WEIGHT):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        m = self._members[index.row()]
        column = index.column()
        if column == self.WEIGHT:
            try:
                weight = int(value)
            except (TypeError, ValueError):
                return False
            if weight < 1:
                return False
            updated = replace(m, weight=weight)
        else:
            text = " ".join(str(value).split())
            if column == self.LAST_NAME and not text:
                return False  # a member keeps a name
            changes: dict[str, Any] = {self._FIELDS[column]: text}
            updated = replace(m, **changes)
        self.replace_member(index.row(), updated)
        return True

    # ------------------------------------------------------------------ changes
    def set_members(self, members: Iterable[Member]) -> None:
        self.beginResetModel()
        self._members = list(members)
        self.endResetModel()

    def replace_member(self, row: int, member: Member) -> None:
        old = self._members[row]
        self._members[row] = member
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        if old.full_name != member.full_name:  # suppléants show their titular's name
            for other, m in enumerate(self._members):
                if m.substitute_for == member.id:
                    cell = self.index(other, self.TITULAR)
                    self.dataChanged.emit(cell, cell)

    def append_members(self, members: Sequence[Member]) -> None:
        if not members:
            return
        first = len(self._members)
        self.beginInsertRows(QModelIndex(), first, first + len(members) - 1)
        self._members.extend(members)
        self.endInsertRows()

    def remove_row(self, row: int) -> Member:
        """Remove a member; suppléants who named him lose their link."""
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._members.pop(row)
        self.endRemoveRows()
        for other, m in enumerate(self._members):
            if m.substitute_for == removed.id:
                self.replace_member(other, replace(m, substitute_for=None))
        return removed


class RejectedModel(QAbstractTableModel):
    """Lines of an imported file that gave no member: number, reason, text."""

    COLUMNS = ("Ligne", "Motif du rejet", "Texte")

    def __init__(self, rejected: Iterable[RejectedLine] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RejectedLine] = list(rejected)

    @property
    def rejected(self) -> tuple[RejectedLine, ...]:
        return tuple(self._rows)

    def line(self, row: int) -> RejectedLine:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(r.line), r.reason, r.text.replace("\n", " ⏎ "))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(r)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def replace_line(self, row: int, line: RejectedLine) -> None:
        self._rows[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def remove_row(self, row: int) -> RejectedLine:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        return removed


AGENDA_MIME = "application/x-seance-agenda-rows"


class AgendaModel(QAbstractListModel):
    """The agenda of a session: « numéro — objet », reordered by keys or drag and drop."""

    def __init__(self, items: Iterable[Item] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = list(items)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(self._items)

    def item(self, row: int) -> Item:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        it = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = it.title or "(sans objet)"
            return f"{it.id} — {title}" if it.id else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return it.title
        if role == ITEM_ROLE:
            return it
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drop between items, never onto one
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    # ------------------------------------------------------------------ changes
    def set_items(self, items: Iterable[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def replace_item(self, row: int, item: Item) -> None:
        self._items[row] = item
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def insert_item(self, row: int, item: Item) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def remove_item(self, row: int) -> Item:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._items.pop(row)
        self.endRemoveRows()
        return removed

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        """Move ``count`` items before ``destination_child`` (Qt's convention)."""
        if (
            source_parent.isValid()
            or destination_parent.isValid()
            or count < 1
            or source_row < 0
            or source_row + count > len(self._items)
            or not 0 <= destination_child <= len(self._items)
            or source_row <= destination_child <= source_row + count
        ):
            return False
        if not self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        ):
            return False
        moving = self._items[source_row : source_row + count]
        del self._items[source_row : source_row + count]
        target = destination_child if destination_child < source_row else destination_child - count
        self._items[target:target] = moving
        self.endMoveRows()
        return True

    def move_item(self, row: int, offset: int) -> int:
        """Move an item up (-1) or down (+1); return its new row (unchanged at an end)."""
        target = row + offset
        if not 0 <= row < len(self._items) or not 0 <= target < len(self._items):
            return row
        destination = target if offset < 0 else target + 1
        self.moveRows(QModelIndex(), row, 1, QModelIndex(), destination)
        return target

    # ------------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(AGENDA_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(AGENDA_MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A drop from another view of this model (the list view moves rows itself)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(AGENDA_MIME).data()).decode()
        rows = [int(r) for r in raw.split(",") if r]
        if len(rows) != 1:
            return False
        destination = len(self._items) if row < 0 else row
        self.moveRows(QModelIndex(), rows[0], 1, QModelIndex(), destination)
        return False  # the rows were moved, not copied: nothing for the view to remove
