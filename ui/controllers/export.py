"""Fichier › Exporter: the pre-check, then the documents written in a thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.services.export import ALL_KINDS, precheck
from app.services.session_service import SessionService
from app.services.store import Store
from ui.announcer import Announcer
from ui.storage_guard import export_refusal
from ui.widgets.export_task import ExportThread
from ui.widgets.text import NBSP


class ExportController(QObject):
    """Runs one export at a time for the window's current session."""

    def __init__(
        self,
        window: QWidget,
        context: Callable[[], tuple[Store, SessionService]],
        announcer: Announcer,
        action: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._announcer = announcer
        self._action = action
        self.thread: ExportThread | None = None  # type: ignore[assignment]
        self._out_dir = Path()

    def trigger(self) -> None:
        if self.thread is not None:
            self._announcer.error("Un export est déjà en cours.")
            return
        out_dir = QFileDialog.getExistingDirectory(
            self._window, "Dossier où exporter les documents"
        )
        if not out_dir:
            return
        self.start(Path(out_dir))

    def start(self, out_dir: Path, check: Callable[..., list[str]] | None = None) -> None:
        """Export into ``out_dir`` after the pre-check (``check(assembly, session, state)``
        replaces the export service's one, for tests)."""
        store, service = self._context()
        refusal = export_refusal(store, service.session.id)  # a modified journal
        if refusal:
            self._announcer.error(refusal)
            QMessageBox.warning(self._window, "Exporter les documents", refusal)
            return
        job = service.export_job()  # a state of its own: the window goes on recording
        # a journal read only in part says so on every page
        job = replace(job, mark=store.event_limits.get(service.session.id, (0, ""))[1])
        r = job.record
        warnings = check(r.assembly, r.session, r.state) if check else precheck(job)
        if warnings:
            answer = QMessageBox.warning(
                self._window,
                "Exporter les documents",
                "Avant d'exporter, vérifiez :\n\n"
                + "\n".join(f"• {w}" for w in warnings)
                + f"\n\nExporter quand même{NBSP}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        thread = ExportThread(job, out_dir, list(ALL_KINDS), self)
        thread.progress.connect(self._on_thread_progress)
        thread.succeeded.connect(self._on_thread_succeeded)
        thread.failed.connect(self._on_thread_failed)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        self._out_dir = out_dir
        self._action.setEnabled(False)
        self._announcer.info(f"Export en cours vers «\u00a0{out_dir}\u00a0»…")
        thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.wait()

    def _on_thread_progress(self, text: str) -> None:
        self._announcer.info(f"Export en cours{NBSP}: {text}")

    def _on_thread_succeeded(self, paths: list[str]) -> None:
        many = len(paths) > 1
        self._announcer.info(
            f"{len(paths)} document{'s' if many else ''} exporté{'s' if many else ''} dans "
            f"«\u00a0{self._out_dir}\u00a0»."
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._out_dir)))

    def _on_thread_failed(self, message: str) -> None:
        self._announcer.error(message)

    def _on_thread_finished(self) -> None:
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread = None
        self._action.setEnabled(True)
