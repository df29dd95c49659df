"""The roll-call (scrutin public): every voter of the current item with his choice.

Everyone starts on « Pour »; the secretary changes the exceptions. A represented member is
listed under his proxy holder and follows the holder's choice until it is changed for him.
The model holds only what the secretary typed (the exceptions); the vote itself is
evaluated by the service (``SessionService.preview``) from ``choices()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.commands import Choice
from app.services.types import Attendance, Member

AnyIndex = QModelIndex | QPersistentModelIndex

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 2

# Shape and colour, never colour alone.
CHOICE_TEXT = {Choice.FOR: "✓ Pour", Choice.AGAINST: "✗ Contre", Choice.ABSTAIN: "○ Abst."}
CHOICE_FOREGROUND = {
    Choice.FOR: QColor("#17803d"),
    Choice.AGAINST: QColor("#b3261e"),
    Choice.ABSTAIN: QColor("#8a5a00"),
}
CHOICE_BACKGROUND = {Choice.AGAINST: QColor("#fbe4e2"), Choice.ABSTAIN: QColor("#fdf1d8")}
NEXT_CHOICE = {
    Choice.FOR: Choice.AGAINST,
    Choice.AGAINST: Choice.ABSTAIN,
    Choice.ABSTAIN: Choice.FOR,
}


@dataclass(frozen=True)
class RollCallRow:
    """One voter of the roll-call: a seat, and for a represented member his holder."""

    member: str  # the seat (titular id)
    label: str  # « Mme MARTIN Anne », « ↳ Mme CHEVALIER Zoé (pouvoir) »
    holder: str | None = None  # represented member: the holder whose choice he follows


def rollcall_rows(attendance: Attendance, members: Mapping[str, Member]) -> list[RollCallRow]:
    """The voters of an item in roster order, each represented member right under his
    holder (« ↳ M. X (pouvoir) »)."""

    def full(member_id: str) -> str:
        m = members.get(member_id)
        return m.full_name if m else member_id

    voting = {s.member: s for s in attendance.seats if s.voting}
    rows: list[RollCallRow] = []
    placed: set[str] = set()
    for seat in attendance.seats:
        if not seat.voting or seat.represented:
            continue
        label = full(seat.member)
        if seat.substitute:
            titular = members.get(seat.member)
            label = (
                f"{full(seat.substitute)} (suppl. de "
                f"{titular.short_name if titular else seat.member})"
            )
        rows.append(RollCallRow(seat.member, label))
        placed.add(seat.member)
        for giver in seat.holds_for:
            given = voting.get(giver)
            if given is not None and given.represented:
                rows.append(RollCallRow(giver, f"↳ {full(giver)} (pouvoir)", seat.member))
                placed.add(giver)
    for seat in attendance.seats:  # a represented voter whose holder is not listed
        if seat.voting and seat.member not in placed:
            rows.append(
                RollCallRow(seat.member, f"↳ {full(seat.member)} (pouvoir)", seat.proxy_holder)
            )
    return rows


class RollCallModel(QAbstractTableModel):
    """Two columns: the voter and his choice. Choices typed by the secretary are kept
    across refreshes for the members who still vote."""

    MEMBER_COLUMN = 0
    CHOICE_COLUMN = 1

    choices_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RollCallRow] = []
        self._explicit: dict[str, Choice] = {}

    # ------------------------------------------------------------------ content
    def set_rows(self, rows: list[RollCallRow]) -> None:
        """Replace the voters (attendance changed); keep the choices of those who remain."""
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        keep = {r.member for r in rows}
        self._explicit = {m: c for m, c in self._explicit.items() if m in keep}
        self.endResetModel()
        self.choices_changed.emit()

    def reset_choices(self) -> None:
        """Everyone back on « Pour »."""
        if not self._explicit:
            return
        self._explicit.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 1))
        self.choices_changed.emit()

    def rows(self) -> tuple[RollCallRow, ...]:
        return tuple(self._rows)

    def member_at(self, row: int) -> str | None:
        return self._rows[row].member if 0 <= row < len(self._rows) else None

    def row_of(self, member_id: str) -> int | None:
        for i, r in enumerate(self._rows):
            if r.member == member_id:
                return i
        return None

    def choice_at(self, row: int) -> Choice:
        """The member's choice: his own, else his holder's (proxy), else « Pour »."""
        r = self._rows[row]
        if r.member in self._explicit:
            return self._explicit[r.member]
        if r.holder is not None:
            return self._explicit.get(r.holder, Choice.FOR)
        return Choice.FOR

    def follows_holder(self, row: int) -> bool:
        r = self._rows[row]
        return r.holder is not None and r.member not in self._explicit

    def set_choice(self, row: int, choice: Choice) -> None:
        """Set one voter's choice; a represented member given his holder's choice follows
        the holder again."""
        if not 0 <= row < len(self._rows):
            return
        r = self._rows[row]
        if r.holder is not None and choice is self._holder_choice(r.holder):
            self._explicit.pop(r.member, None)
        else:
            self._explicit[r.member] = choice
        self._emit_row_changed(row)
        for i, other in enumerate(self._rows):  # the givers following this holder
            if other.holder == r.member:
                self._emit_row_changed(i)
        self.choices_changed.emit()

    def cycle_choice(self, row: int) -> None:
        """Pour → Contre → Abstention → Pour (a click on the choice)."""
        if 0 <= row < len(self._rows):
            self.set_choice(row, NEXT_CHOICE[self.choice_at(row)])

    def choices(self) -> tuple[tuple[str, Choice], ...]:
        """The choices to record: every voter, present or represented, explicitly (the
        holder's choice prefilled for a represented member is confirmed by recording it;
        the journal never leaves a choice implicit)."""
        return tuple((r.member, self.choice_at(i)) for i, r in enumerate(self._rows))

    def counts(self) -> dict[Choice, int]:
        """Heads per choice (the domain weighs them when the rules say so)."""
        out = dict.fromkeys(Choice, 0)
        for i in range(len(self._rows)):
            out[self.choice_at(i)] += 1
        return out

    def _holder_choice(self, holder: str) -> Choice:
        return self._explicit.get(holder, Choice.FOR)

    def _emit_row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, 1))

    # ------------------------------------------------------------------ Qt interface
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {0: "Votant", 1: "Vote"}.get(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        r = self._rows[row]
        choice = self.choice_at(row)
        if role == MEMBER_ID_ROLE:
            return r.member
        if role == CHOICE_ROLE:
            return choice.value
        if role == Qt.ItemDataRole.DisplayRole:
            return r.label if column == self.MEMBER_COLUMN else CHOICE_TEXT[choice]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.MEMBER_COLUMN:
                return r.label  # the whole name, when the column is too narrow for it
            if r.holder is not None and self.follows_holder(row):
                return "Vote comme son mandataire (pouvoir)\u00a0; changez-le pour lui seul ici."
            return f"{choice.label} — cliquez pour changer"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CHOICE_COLUMN:
            return QBrush(CHOICE_FOREGROUND[choice])
        if role == Qt.ItemDataRole.BackgroundRole and choice in CHOICE_BACKGROUND:
            return QBrush(CHOICE_BACKGROUND[choice])
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if r.holder is not None and self.follows_holder(row):
                font.setItalic(True)
            if choice is not Choice.FOR:
                font.setBold(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Programmatic change of a choice (a ``Choice`` or its value « for »…)."""
        if (
            not index.isValid()
            or index.column() != self.CHOICE_COLUMN
            or role not in (Qt.ItemDataRole.EditRole, CHOICE_ROLE)
        ):
            return False
        try:
            choice = value if isinstance(value, Choice) else Choice(value)
        except ValueError:
            return False
        self.set_choice(index.row(), choice)
        return True
