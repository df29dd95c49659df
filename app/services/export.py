"""The one export pipeline, used by the command line and the GUI's export thread.

A job is a session read back from its journal (its own folded state, so that the live
window may go on recording while the files are written) and the journal's fingerprint.
``precheck`` lists what the secretary should look at first; ``run`` writes the
``seance/1`` file and the documents (rendered by ``app.documents``) into a folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.documents.kinds import ExportKind as ExportKind  # named here for its callers
from app.domain.errors import InputError
from app.services.interchange import export_document
from app.services.records import SessionRecord, load_record
from app.services.store import Store

ALL_KINDS: tuple[ExportKind, ...] = tuple(ExportKind)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportJob:
    """A session to export: its record (journal and state of its own) and the journal's
    fingerprint, printed at the end of the minutes."""

    record: SessionRecord
    fingerprint: str | None = None
    # the seance/1 document, prepared where the store is at hand (annex files embedded,
    # issue #15); built from the record when None
    document: dict[str, Any] | None = None
    # printed on every page when the journal replays only in part (app.services.recovery)
    mark: str = ""
    # how the minutes are printed (projet / arrêté, issue #14), from the store
    minutes: dict[str, Any] = field(default_factory=dict)


def parse_kinds(names: Iterable[str] | None) -> list[ExportKind]:
    """The kinds named (all when none), in French when one is unknown."""
    if not names:
        return list(ALL_KINDS)
    wanted = list(dict.fromkeys(names))
    unknown = [k for k in wanted if k not in {e.value for e in ExportKind}]
    if unknown:
        raise InputError(
            f"type de document inconnu : {', '.join(unknown)} "
            f"(attendu : {', '.join(k.value for k in ExportKind)})."
        )
    return [ExportKind(k) for k in wanted]


def job_from_record(record: SessionRecord, store: Store | None, *, with_json: bool) -> ExportJob:
    """The job of a session read from ``store`` (fingerprint, annex files in the JSON), or
    from a file (``store`` None)."""
    if store is None:
        return ExportJob(record)
    from app.services.minutes_life import minutes_export_options

    minutes = minutes_export_options(store, record.session.id)
    document = None
    if with_json:  # annex files travel with the JSON (issue #15)
        from app.services.interchange import annex_files_into_document

        document = export_document(record.assembly, record.session, record.events)
        annex_files_into_document(document, store, record.session.id)
    return ExportJob(record, store.fingerprint(record.session.id), document, minutes=minutes)


def job_from_store(store: Store, session_id: str, *, with_json: bool = True) -> ExportJob:
    return job_from_record(load_record(store, session_id), store, with_json=with_json)


def precheck(job: ExportJob, kinds: Iterable[ExportKind] = ALL_KINDS) -> list[str]:
    """What to look at before exporting documents (French); nothing for the JSON alone."""
    if not [k for k in kinds if k is not ExportKind.JSON]:
        return []
    from app.documents.export import precheck as documents_precheck

    r = job.record
    return documents_precheck(r.assembly, r.session, r.state)


def json_name(job: ExportJob) -> str:
    return f"seance_{job.record.session.date.isoformat()}.json"


def run(
    job: ExportJob,
    out_dir: Path,
    kinds: Iterable[ExportKind] = ALL_KINDS,
    *,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the files of ``kinds`` into ``out_dir`` and return their paths;
    ``progress(done, total)`` is called after each file. The files are written under a
    private folder and renamed into place once every one is complete."""
    from app.services.faults import publish, staged_directory
    from app.services.recovery import partial_documents

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"« {out_dir} » n'est pas un dossier.")
    with staged_directory(out_dir) as staging, partial_documents(job.mark):
        written = _write(job, staging, list(dict.fromkeys(kinds)), progress)
    return publish(staging, out_dir, written)


def _write(
    job: ExportJob, out_dir: Path, wanted: list[ExportKind], progress: Progress | None
) -> list[Path]:
    r = job.record
    written: list[Path] = []
    before = 0
    if ExportKind.JSON in wanted:
        path = out_dir / json_name(job)
        doc = job.document or export_document(r.assembly, r.session, r.events)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
        before = 1
    doc_kinds = [k for k in wanted if k is not ExportKind.JSON]
    if doc_kinds:
        from app.documents.export import export_documents

        def documents_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(done + before, total + before)

        written += export_documents(
            r.assembly,
            r.session,
            r.state,
            out_dir,
            doc_kinds,
            fingerprint=job.fingerprint,
            progress=documents_progress,
            **job.minutes,
        )
    elif progress is not None and written:
        progress(1, 1)
    return written
