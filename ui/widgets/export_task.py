"""Exporting the documents in a worker thread, so that the window never freezes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.services.export import ExportJob, ExportKind, run
from app.services.types import DomainError


class ExportThread(QThread):
    """Writes the session's documents into ``out_dir``; reports progress and the result.

    It receives an ``ExportJob`` (the session with a state of its own), so the live window
    can go on recording while the PDFs are being written; the one export pipeline
    (``app.services.export.run``) writes the files.
    """

    progress = Signal(str)
    succeeded = Signal(list)  # list[str] of written paths
    failed = Signal(str)

    def __init__(
        self,
        job: ExportJob,
        out_dir: Path,
        kinds: list[ExportKind],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._out_dir = out_dir
        self._kinds = kinds

    def _report(self, *args: Any) -> None:
        if len(args) == 2 and all(isinstance(a, int) for a in args):
            done, total = args
            self.progress.emit(f"document {done} sur {total}")
        else:
            self.progress.emit(" ".join(str(a) for a in args))

    def run(self) -> None:
        try:
            # the one pipeline: written aside, renamed into place once every file is
            # complete; a journal read only in part is marked on every page (job.mark)
            written = [str(p) for p in self._export()]
        except OSError as err:
            from app.services.faults import file_message

            self.failed.emit(file_message(err))
        except DomainError as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"Erreur inattendue pendant l'export\u00a0: {err}")
        else:
            self.succeeded.emit(written)

    def _export(self) -> list[Path]:
        return run(self._job, self._out_dir, self._kinds, progress=self._report)
