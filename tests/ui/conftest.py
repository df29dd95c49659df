"""Fixtures of the UI tests: a real SQLite file with the demo session, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.services.demo import ensure_demo
from app.services.session_service import SessionService
from app.services.store import Store

NOW = datetime(2026, 3, 12, 19, 20)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "seance.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    store = Store.open(db_path)
    ensure_demo(store)
    yield store
    store.close()


@pytest.fixture
def session_id(store: Store) -> str:
    return store.sessions()[0].id


@pytest.fixture
def service(store: Store, session_id: str, clock: FixedClock) -> SessionService:
    return SessionService(store, session_id, clock)


@pytest.fixture
def window(qtbot, store: Store, service: SessionService, clock: FixedClock):
    from ui.main_window import MainWindow

    win = MainWindow(store, service, clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.search.setFocus()
    return win


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path_factory):
    """QSettings (the live window's remembered size) never touch the real home."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)
    return folder
