"""The roster: every member in office (and suppléants), grouped, with their state now.

``RosterModel`` is a table over the attendance projection of a ``SessionService``; the
window feeds it each ``Change`` and it emits ``dataChanged`` for exactly the rows whose
seat changed (a reset only when ``change.full``, i.e. after undo/redo).
``RosterFilterModel`` filters it as the secretary types (accent- and case-insensitive).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.session_service import Change, SessionService
from app.services.types import Attendance, Member, Presence, ProxyState, Seat
from ui.widgets.name_search import normalise, tokens
from ui.widgets.text import hhmm

AnyIndex = QModelIndex | QPersistentModelIndex

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_KIND_ROLE = Qt.ItemDataRole.UserRole + 3

FLASH_MS = 700


class Column(IntEnum):
    NAME = 0
    FUNCTION = 1
    STATE = 2
    ARRIVAL = 3
    DEPARTURE = 4


HEADERS = {
    Column.NAME: "Membre",
    Column.FUNCTION: "Fonction",
    Column.STATE: "État",
    Column.ARRIVAL: "Arrivée",
    Column.DEPARTURE: "Départ",
}


class StateKind(Enum):
    """The kind of a row's state: it picks the shape and the colour (never colour alone)."""

    PRESENT = "present"
    REPRESENTED = "represented"
    EXCUSED = "excused"
    ABSENT = "absent"
    RECUSED = "recused"
    SUBSTITUTE_OFF = "substitute_off"  # a suppléant not sitting


SYMBOLS = {
    StateKind.PRESENT: "●",
    StateKind.REPRESENTED: "◐",
    StateKind.EXCUSED: "◇",  # a shape of its own: never told from « absent » by colour
    StateKind.ABSENT: "○",
    StateKind.RECUSED: "⊘",
    StateKind.SUBSTITUTE_OFF: "·",
}

COLOURS = {
    StateKind.PRESENT: QColor("#17803d"),
    StateKind.REPRESENTED: QColor("#1d5fb4"),
    StateKind.EXCUSED: QColor("#9a5b00"),
    StateKind.ABSENT: QColor("#6b6b6b"),
    StateKind.RECUSED: QColor("#8a3ab9"),
    StateKind.SUBSTITUTE_OFF: QColor("#8a8a8a"),
}

FLASH_COLOUR = QColor("#ffe58a")
GROUP_COLOUR = QColor("#e8ecf2")


@dataclass(frozen=True)
class RosterRow:
    """One line of the roster: a group header, or a member (titular or suppléant)."""

    group: str
    member: Member | None = None

    @property
    def is_group(self) -> bool:
        return self.member is None


def _e(member: Member) -> str:
    return "e" if member.is_feminine else ""


class RosterModel(QAbstractTableModel):
    """Members in office and their suppléants, grouped by ``group`` when there are groups."""

    def __init__(self, service: SessionService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rows: list[RosterRow] = []
        self._row_of: dict[str, int] = {}
        self._seat_rows: dict[str, list[int]] = {}  # seat (titular id) → rows to repaint
        self._group_rows: dict[str, int] = {}
        self._members_of_group: dict[str, list[str]] = {}
        self._seats: dict[str, Seat] = {}
        self._attendance: Attendance | None = None
        self._flashing: set[str] = set()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self._build()

    # ------------------------------------------------------------------ building
    def set_service(self, service: SessionService) -> None:
        self.beginResetModel()
        self._service = service
        self._flashing.clear()
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        state = self._service.state
        in_office = state.in_office
        office_ids = {m.id for m in in_office}
        substitutes: dict[str, list[Member]] = {}
        for m in self._service.assembly.members:
            if m.substitute_for in office_ids:
                substitutes.setdefault(m.substitute_for or "", []).append(m)
        grouped = any(m.group for m in in_office)
        order: list[str] = []
        by_group: dict[str, list[Member]] = {}
        for m in in_office:
            if m.group not in by_group:
                order.append(m.group)
                by_group[m.group] = []
            by_group[m.group].append(m)
        rows: list[RosterRow] = []
        self._members_of_group = {}
        for group in order:
            if grouped:
                rows.append(RosterRow(group or "Sans groupe"))
            for m in by_group[group]:
                rows.append(RosterRow(group, m))
                rows.extend(RosterRow(group, s) for s in substitutes.get(m.id, ()))
            self._members_of_group[group or "Sans groupe"] = [m.id for m in by_group[group]]
        self._rows = rows
        self._row_of = {}
        self._seat_rows = {}
        self._group_rows = {}
        for i, row in enumerate(rows):
            if row.member is None:
                self._group_rows[row.group] = i
                continue
            self._row_of[row.member.id] = i
            seat = row.member.substitute_for or row.member.id
            self._seat_rows.setdefault(seat, []).append(i)
        if grouped:
            for row in rows:
                if row.member is not None:
                    seat = row.member.substitute_for or row.member.id
                    self._seat_rows[seat].append(self._group_rows[row.group or "Sans groupe"])
        self._take_attendance(self._service.state.attendance())

    def _take_attendance(self, attendance: Attendance) -> None:
        self._attendance = attendance
        self._seats = {s.member: s for s in attendance.seats}

    # ------------------------------------------------------------------ updating
    def apply_change(self, change: Change, attendance: Attendance | None = None) -> None:
        """Refresh from a service notification: precise rows, or everything after undo."""
        attendance = attendance or self._service.state.attendance()
        if change.full:
            self.beginResetModel()
            self._take_attendance(attendance)
            self.endResetModel()
            return
        self._take_attendance(attendance)
        rows: set[int] = set()
        for seat in change.members:
            rows.update(self._seat_rows.get(seat, ()))
        last = self.columnCount() - 1
        for row in sorted(rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def flash(self, member_id: str) -> None:
        """Highlight a member's row once, briefly, to confirm an action."""
        row = self._row_of.get(member_id)
        if row is None:
            return
        self._on_flash_timer_timeout()  # one row at a time: the last act
        self._flashing.add(member_id)
        self._emit_background(row)
        self._flash_timer.start()

    def _on_flash_timer_timeout(self) -> None:
        rows = [self._row_of[m] for m in self._flashing if m in self._row_of]
        self._flashing.clear()
        for row in rows:
            self._emit_background(row)

    def _emit_background(self, row: int) -> None:
        self.dataChanged.emit(
            self.index(row, 0),
            self.index(row, self.columnCount() - 1),
            [Qt.ItemDataRole.BackgroundRole],
        )

    # ------------------------------------------------------------------ queries
    def row_of(self, member_id: str) -> int | None:
        return self._row_of.get(member_id)

    def member_at(self, row: int) -> Member | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].member
        return None

    def group_at(self, row: int) -> str:
        return self._rows[row].group if 0 <= row < len(self._rows) else ""

    def members(self) -> list[Member]:
        return [r.member for r in self._rows if r.member is not None]

    def state_of(self, member: Member) -> tuple[StateKind, str]:
        """(kind, French text) of a member's state, as the roster shows it."""
        name = self._service.state.name
        if member.substitute_for:
            seat = self._seats.get(member.substitute_for)
            if seat is not None and seat.substitute == member.id:
                if seat.recused:
                    return StateKind.RECUSED, "Ne prend pas part au vote"
                return (
                    StateKind.PRESENT,
                    f"Présent{_e(member)} · siège pour {name(member.substitute_for)}",
                )
            return (
                StateKind.SUBSTITUTE_OFF,
                f"Suppléant{_e(member)} de {name(member.substitute_for)}",
            )
        seat = self._seats.get(member.id)
        if seat is None:
            return StateKind.ABSENT, "Hors exercice"
        if seat.recused and (seat.presence is Presence.PRESENT or seat.represented):
            return StateKind.RECUSED, "Ne prend pas part au vote"
        if seat.withdrawn:  # L2121-14: in the room for the debate, not for this vote
            return StateKind.RECUSED, f"Retiré{_e(member)} pour le vote de ce point"
        if seat.presence is Presence.PRESENT:
            if seat.substitute:
                return StateKind.PRESENT, f"Suppléé{_e(member)} par {name(seat.substitute)}"
            parts = [f"Présent{_e(member)}"]
            if seat.holds_for:
                givers = ", ".join(name(g) for g in seat.holds_for)
                parts.append(f"porte le pouvoir de {givers}")
            if seat.proxy_holder:
                parts.append(f"pouvoir à {name(seat.proxy_holder)} inactif")
            return StateKind.PRESENT, " · ".join(parts)
        if seat.proxy_state is ProxyState.EFFECTIVE:
            return StateKind.REPRESENTED, f"Représenté{_e(member)} par {name(seat.proxy_holder)}"
        if seat.presence is Presence.EXCUSED:
            kind, text = StateKind.EXCUSED, f"Excusé{_e(member)}"
        else:
            kind, text = StateKind.ABSENT, f"Absent{_e(member)}"
        if seat.proxy_state is ProxyState.HOLDER_ABSENT:
            text += f" · pouvoir à {name(seat.proxy_holder)} non exercé"
        elif seat.holds_for:
            text += f" · porte le pouvoir de {', '.join(name(g) for g in seat.holds_for)}"
        return kind, text

    def _times(self, member: Member) -> tuple[str, str]:
        state = self._service.state
        arrivals = state.arrivals.get(member.id, [])
        departures = state.departures.get(member.id, [])
        arrival = hhmm(arrivals[-1]) if arrivals else ""
        departure = hhmm(departures[-1]) if departures and member.id not in state.present else ""
        return arrival, departure

    def _group_summary(self, group: str) -> str:
        ids = self._members_of_group.get(group, [])
        present = sum(
            1 for m in ids if self._seats.get(m) and self._seats[m].presence is Presence.PRESENT
        )
        represented = sum(1 for m in ids if self._seats.get(m) and self._seats[m].represented)
        text = f"{group} — {present} présent{'s' if present > 1 else ''} sur {len(ids)}"
        if represented:
            text += f", {represented} représenté{'s' if represented > 1 else ''}"
        return text

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].is_group:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if row.member is None:
            return self._group_data(row, column, role)
        member = row.member
        if role == MEMBER_ID_ROLE:
            return member.id
        if role == IS_GROUP_ROLE:
            return False
        if role == STATE_KIND_ROLE:
            return self.state_of(member)[0].value
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FLASH_COLOUR) if member.id in self._flashing else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column is Column.NAME:
                prefix = "    ↳ " if member.substitute_for else ""
                return prefix + member.full_name
            if column is Column.FUNCTION:
                return member.function or (
                    ("suppléante" if member.is_feminine else "suppléant")
                    if member.substitute_for
                    else ""
                )
            if column is Column.STATE:
                kind, text = self.state_of(member)
                return f"{SYMBOLS[kind]} {text}"
            arrival, departure = self._times(member)
            return arrival if column is Column.ARRIVAL else departure
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.STATE:
            return QBrush(COLOURS[self.state_of(member)[0]])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.ARRIVAL,
            Column.DEPARTURE,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _group_data(self, row: RosterRow, column: Column, role: int) -> Any:
        if role == IS_GROUP_ROLE:
            return True
        if role == Qt.ItemDataRole.DisplayRole:
            return self._group_summary(row.group) if column is Column.NAME else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_COLOUR)
        return None


class RosterFilterModel(QSortFilterProxyModel):
    """Keeps the members matching the query (and their group headers): tokens in any
    order over surname, first name, group and function (``ui.widgets.name_search``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._matching: set[str] = set()
        self._best: str | None = None
        self._groups: set[str] = set()
        self._keys: dict[str, tuple[str, str]] = {}  # member id → (name, everything)

    @property
    def query(self) -> str:
        return self._query

    def roster(self) -> RosterModel:
        source = self.sourceModel()
        assert isinstance(source, RosterModel)
        return source

    def set_query(self, text: str) -> None:
        self._begin_filter_change()
        self._query = text.strip()
        self._matching.clear()
        self._groups.clear()
        self._best = None
        words = tokens(self._query)
        if words:
            roster = self.roster()
            for row in range(roster.rowCount()):
                member = roster.member_at(row)
                if member is None:
                    continue
                name, everything = self._key(member)
                if all(word in everything for word in words):
                    self._matching.add(member.id)
                    self._groups.add(roster.group_at(row) or "Sans groupe")
                    if self._best is None and all(f" {word}" in name for word in words):
                        self._best = member.id  # the name itself starts with the words
            if self._best is None and self._matching:
                self._best = next(m.id for m in roster.members() if m.id in self._matching)
        self._end_filter_change()

    def _key(self, member: Member) -> tuple[str, str]:
        key = self._keys.get(member.id)
        if key is None:
            name = " " + normalise(f"{member.last_name} {member.first_name}")
            everything = name + " " + normalise(f"{member.group} {member.function}")
            key = self._keys[member.id] = (name, everything)
        return key

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt's name
        super().setSourceModel(model)
        model.modelReset.connect(self._keys.clear)  # names may have been edited

    @property
    def best(self) -> str | None:
        """The member to highlight: the first whose name starts with the typed words,
        else the first that matches."""
        return self._best

    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.9
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._query:
            return True
        roster = self.roster()
        member = roster.member_at(source_row)
        if member is None:
            return roster.group_at(source_row) in self._groups
        return member.id in self._matching

    def member_rows(self) -> list[int]:
        """Proxy rows that hold a member (group headers excluded), top to bottom."""
        return [r for r in range(self.rowCount()) if not self.index(r, 0).data(IS_GROUP_ROLE)]
