"""Builds the QApplication, opens the database and shows the live window (called by main.py).

This module and main.py are the only places where objects are built and wired: the store,
the session services and the windows. No globals: ``SeanceApplication`` holds them.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services.demo import ensure_demo
from app.services.faults import database_message
from app.services.interchange import import_file
from app.services.store import Store
from app.services.types import DomainError
from ui.main_window import MainWindow
from ui.session_chooser import SessionChooser
from ui.storage_guard import open_service, open_store

Clock = Callable[[], datetime]


def most_recent_open_session(store: Store) -> str | None:
    """The latest session not yet closed (sessions come newest first), if any."""
    for info in store.sessions():
        if not info.closed:
            return info.id
    return None


def prepare_qt() -> None:
    """Settings that must precede the QApplication: high-DPI rounding."""
    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )


def configure(app: QApplication) -> None:
    """Fusion style, French locale and Qt's own French strings (« Oui », « Annuler »)."""
    app.setApplicationName("Séance")
    app.setOrganizationName("Séance")  # QSettings: the live window's size and splitters
    app.setApplicationDisplayName("Séance")
    app.setStyle("Fusion")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    if translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


class SeanceApplication(QObject):
    """Owns the open store and the window; switches sessions and files on request."""

    def __init__(self, clock: Clock, parent: QObject | None = None, *, demo: bool = True) -> None:
        super().__init__(parent)
        self.clock = clock
        # the demo assembly goes into the default database only, never into a file the
        # secretary named or opened
        self.demo = demo
        self.store: Store | None = None
        self._view: Store | None = None  # a read-only view of a partial journal, if shown
        self.window: MainWindow | None = None
        self._previous_excepthook = sys.excepthook

    def install_excepthook(self) -> None:
        """A bug in a slot must not go unnoticed: say it in the status line (in red) and
        keep the traceback on stderr. The journal is never touched by it."""
        sys.excepthook = self._on_unexpected_error

    def _on_unexpected_error(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        traceback.print_exception(kind, error, trace, file=sys.stderr)
        if self.window is not None:
            self.window.show_error(
                f"Erreur inattendue ({kind.__name__})\u00a0: {error}. Rien "
                "n'a été perdu\u00a0: le journal est intact."
            )

    # ------------------------------------------------------------------ start
    def start(self, db_path: Path) -> int | None:
        """Open the database and show the window; an exit code if we must stop now."""
        store = open_store(None, db_path)
        if store is None:
            return 2
        try:
            if self.demo and store.read_only is None:
                ensure_demo(store)
            session_id = most_recent_open_session(store)
            file_path = None
            if session_id is None:
                session_id, file_path = self._choose(store, None)
            if file_path is not None and not file_path.lower().endswith(".json"):
                store.close()
                self.demo = False
                return self.start(Path(file_path))
            if file_path is not None:
                session_id = self._import_into(store, file_path, None)
            if session_id is None:
                store.close()
                return 0
            opened = open_service(None, store, session_id, self.clock)
        except DomainError as err:
            store.close()
            QMessageBox.critical(None, "Séance", str(err))
            return 2
        except sqlite3.DatabaseError as err:
            store.close()
            QMessageBox.critical(None, "Séance", database_message(err, db_path))
            return 2
        if opened is None:
            store.close()
            return 2
        service, shown = opened
        self.store = store
        self._keep_view(shown)
        self.window = MainWindow(shown, service, self.clock, settings=QSettings())
        self._say_read_only(shown)
        self._connect_signals()
        self.window.show()
        self.window.search.setFocus()
        return None

    def _connect_signals(self) -> None:
        assert self.window is not None
        self.window.session_requested.connect(self._on_window_session_requested)
        self.window.file_requested.connect(self._on_window_file_requested)

    def _choose(self, store: Store, parent: QWidget | None) -> tuple[str | None, str | None]:
        chooser = SessionChooser(store, parent)
        try:
            if chooser.exec() != SessionChooser.DialogCode.Accepted:
                return None, None
            return chooser.session_id, chooser.file_path
        finally:
            chooser.deleteLater()

    def _import_into(self, store: Store, path: str, parent: QWidget | None) -> str | None:
        if not path.lower().endswith(".json"):
            QMessageBox.warning(
                parent,
                "Séance",
                "Ouvrez le fichier .sqlite depuis la fenêtre "
                "principale (Fichier › Ouvrir un fichier…).",
            )
            return None
        return import_file(store, path)

    def _say_read_only(self, shown: Store) -> None:
        """A read-only store stays said in the status line, not only in the first dialog."""
        if shown.read_only and self.window is not None:
            self.window.show_error(shown.read_only)

    def _keep_view(self, shown: Store) -> None:
        """The read-only view of a partial journal the window shows (closed when replaced)."""
        if self._view is not None and self._view is not shown:
            self._view.close()
        self._view = shown if shown is not self.store else None

    def shutdown(self) -> None:
        sys.excepthook = self._previous_excepthook
        if self._view is not None:
            self._view.close()
            self._view = None
        if self.store is not None:
            self.store.close()
            self.store = None

    # ------------------------------------------------------------------ switching
    def _on_window_session_requested(self, session_id: str) -> None:
        assert self.window is not None and self.store is not None
        opened = open_service(self.window, self.store, session_id, self.clock)
        if opened is None:
            return
        service, shown = opened
        self._keep_view(shown)
        self.window.set_session(shown, service)
        self._say_read_only(shown)

    def _on_window_file_requested(self, path: str) -> None:
        assert self.window is not None and self.store is not None
        window = self.window
        if path.lower().endswith(".json"):
            try:
                imported = import_file(self.store, path)
            except DomainError as err:
                QMessageBox.warning(window, "Importer une séance", str(err))
                return
            self._on_window_session_requested(imported)
            return
        if self.store.path is not None and Path(path).resolve() == self.store.path.resolve():
            window.show_error("Ce fichier est déjà ouvert.")
            return
        opened_store = open_store(window, path, create=False)
        if opened_store is None:
            return
        store = opened_store
        try:
            session_id = most_recent_open_session(store)
            if session_id is None:
                session_id, json_path = self._choose(store, window)
                if json_path is not None:
                    session_id = self._import_into(store, json_path, window)
            if session_id is None:
                store.close()
                return
            opened = open_service(window, store, session_id, self.clock)
        except DomainError as err:
            store.close()
            QMessageBox.warning(window, "Ouvrir un fichier", str(err))
            return
        except sqlite3.DatabaseError as err:
            store.close()
            QMessageBox.warning(window, "Ouvrir un fichier", database_message(err, path))
            return
        if opened is None:
            store.close()
            return
        service, shown = opened
        old, self.store = self.store, store
        self._keep_view(shown)
        window.set_session(shown, service)
        self._say_read_only(shown)
        old.close()


def run(db_path: Path, clock: Clock, *, demo: bool = True) -> int:
    """Start the GUI on ``db_path`` (with the demo session if it is empty and ``demo``);
    return the process exit code."""
    prepare_qt()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure(app)
    controller = SeanceApplication(clock, demo=demo)
    code = controller.start(Path(db_path))
    if code is not None:
        return code
    controller.install_excepthook()
    try:
        result = app.exec()
    finally:
        controller.shutdown()
    return int(result)
