"""The sessions of a database, for the session chooser."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.services.store import SessionInfo

AnyIndex = QModelIndex | QPersistentModelIndex

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def describe_session(info: SessionInfo) -> str:
    state = "close" if info.closed else ("en cours" if info.events else "à venir")
    count = f"{info.events} événement{'s' if info.events > 1 else ''}"
    place = f" · {info.place}" if info.place else ""
    return f"{info.label}{place}\n{info.organisation} · {state} · {count}"


class SessionListModel(QAbstractListModel):
    def __init__(self, sessions: list[SessionInfo], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = list(sessions)

    def set_sessions(self, sessions: list[SessionInfo]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self.endResetModel()

    def session_at(self, row: int) -> SessionInfo | None:
        return self._sessions[row] if 0 <= row < len(self._sessions) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        info = self._sessions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_session(info)
        if role == SESSION_ID_ROLE:
            return info.id
        return None
