"""Exporting the documents in a worker thread, so that the window never freezes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.domain.assembly import Assembly, Session
from app.domain.errors import DomainError
from app.domain.events import Event
from app.domain.state import SessionState


class ExportThread(QThread):
    """Writes the session's documents into ``out_dir``; reports progress and the result.

    It receives its own replayed ``SessionState`` and the journal as a list, so the live
    window can go on recording while the PDFs are being written.
    """

    progress = Signal(str)
    succeeded = Signal(list)  # list[str] of written paths
    failed = Signal(str)

    def __init__(
        self,
        assembly: Assembly,
        session: Session,
        state: SessionState,
        events: list[Event],
        out_dir: Path,
        kinds: list[str],
        fingerprint: str,
        parent: QObject | None = None,
        *,
        page_mark: str = "",
    ) -> None:
        super().__init__(parent)
        self._assembly = assembly
        self._session = session
        self._state = state
        self._events = events
        self._out_dir = out_dir
        self._kinds = kinds
        self._fingerprint = fingerprint
        self._page_mark = page_mark  # a journal read only in part says so on every page
        self._done_before = 0  # files written before the documents (the seance/1 file)

    def _report(self, *args: Any) -> None:
        if len(args) == 2 and all(isinstance(a, int) for a in args):
            done, total = (n + self._done_before for n in args)
            self.progress.emit(f"document {done} sur {total}")
        else:
            self.progress.emit(" ".join(str(a) for a in args))

    def run(self) -> None:
        from app.services.faults import publish, staged_directory
        from app.services.recovery import partial_documents

        try:
            # written aside, renamed into place only once every file is complete
            with staged_directory(self._out_dir) as staging, partial_documents(self._page_mark):
                paths = self._export(staging)
            written = [str(p) for p in publish(staging, self._out_dir, paths)]
        except OSError as err:
            from app.services.faults import file_message

            self.failed.emit(file_message(err))
        except DomainError as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"Erreur inattendue pendant l'export\u00a0: {err}")
        else:
            self.succeeded.emit(written)

    def _export(self, out_dir: Path) -> list[Path]:
        from app.documents.export import export_documents
        from app.services.interchange import export_document

        written: list[Path] = []
        if "json" in self._kinds:
            path = out_dir / f"seance_{self._session.date.isoformat()}.json"
            doc = export_document(self._assembly, self._session, self._events)
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(path)
            self._done_before = 1
        doc_kinds = [k for k in self._kinds if k != "json"]
        if doc_kinds:
            written += export_documents(
                self._assembly,
                self._session,
                self._state,
                out_dir,
                doc_kinds,
                fingerprint=self._fingerprint,
                progress=self._report,
            )
        return written
