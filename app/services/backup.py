"""Complete copies of the database: « Fichier › Enregistrer une copie… » and ``seance backup``.

A plain file copy taken during a session misses what is still in the ``-wal`` file (the
last acts, votes included). SQLite's online backup reads a consistent snapshot through the
WAL, so the copy holds every acknowledged event. The copy is written under a temporary name
beside its destination, checked (SQLite integrity, event count), switched out of WAL mode
so that it is one self-contained file, and only then renamed to its final name.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.faults import (
    DISK_FULL_FILE,
    database_message,
    file_message,
    is_disk_full,
    quoted,
)
from app.services.store import WRITER_MARK, Store, StoreError

NBSP = "\u00a0"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    events: int
    sessions: int

    @property
    def message(self) -> str:
        return (
            f"Copie enregistrée dans {quoted(self.path)}{NBSP}: {self.sessions} "
            f"séance{'s' if self.sessions > 1 else ''}, {self.events} "
            f"événement{'s' if self.events > 1 else ''} (copie complète et vérifiée)."
        )


def default_name(source: Path, now: datetime) -> str:
    return f"{source.stem}_copie_{now.strftime('%Y-%m-%d_%H%M%S')}.sqlite"


def backup(store: Store, out: Path | str, *, now: datetime | None = None) -> BackupReport:
    """Copy the open ``store`` to ``out`` (a file, or a folder to put a dated copy in).

    Raises ``StoreError`` in French; on any failure nothing is left under ``out``."""
    out = Path(out)
    source = store.path
    if out.is_dir():
        name = default_name(source or Path("seance.sqlite"), now or datetime.now())
        out = out / name
    if source is not None and out.exists() and os.path.samefile(out, source):
        raise StoreError(
            f"{quoted(out)} est le fichier ouvert lui-même{NBSP}: choisissez un autre nom "
            "ou un autre support pour la copie."
        )
    if not out.parent.is_dir():
        raise StoreError(f"Le dossier {quoted(out.parent)} n'existe pas.")
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"Écriture refusée dans {quoted(out.parent)} (support en lecture seule ou droits "
            f"insuffisants){NBSP}: la copie n'a pas été faite."
        )
    partial = out.with_name(f".{out.name}.partiel")
    try:
        _remove(partial)
        expected = _counts(store.db.conn)
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            store.db.conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _unmark(target)  # complete, not a copy taken behind a writer's back
            check = target.execute("PRAGMA integrity_check").fetchone()[0]
            got = _counts(target)
        finally:
            target.close()
        if check != "ok" or got < expected:  # a live writer may add to the snapshot
            raise StoreError(
                f"La copie vers {quoted(out)} ne correspond pas à la base ({check}){NBSP}: "
                "elle n'a pas été gardée. Réessayez, ou choisissez un autre support."
            )
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except sqlite3.DatabaseError as err:
        _remove(partial)
        if is_disk_full(err):
            raise StoreError(DISK_FULL_FILE) from err
        raise StoreError(
            f"La copie vers {quoted(out)} a échoué{NBSP}: {database_message(err, store.path)}"
        ) from err
    except OSError as err:
        _remove(partial)
        raise StoreError(file_message(err)) from err
    except BaseException:
        _remove(partial)
        raise
    return BackupReport(out, got[0], got[1])


def backup_file(db: Path | str, out: Path | str, *, now: datetime | None = None) -> BackupReport:
    """Copy the database at ``db`` (even while another instance writes it) to ``out``."""
    store = Store.open(db, create=False, access="read")
    try:
        return backup(store, out, now=now)
    finally:
        store.close()


def _unmark(conn: sqlite3.Connection) -> None:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [WRITER_MARK]
    ).fetchone()
    if exists:
        conn.execute(f"DELETE FROM {WRITER_MARK}")


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    sessions = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return int(events), int(sessions)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


AUTO_AFTER = frozenset({"vote_recorded", "election_round", "item_closed", "session_closed"})


class AutoBackup:
    """A complete copy into a second folder (a USB key chosen once) after each vote and at
    the session's close, when a folder is configured. A failed copy never blocks the act
    (already stored): ``on_error`` hears a French sentence, and the next vote tries again."""

    def __init__(
        self,
        store: Store,
        folder: Callable[[], Path | None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self._folder = folder
        self._on_error = on_error
        self.last: BackupReport | None = None
        self.last_error = ""

    def target(self, folder: Path) -> Path:
        stem = self._store.path.stem if self._store.path else "seance"
        return folder / f"{stem}_copie-auto.sqlite"

    def __call__(self, change: Any) -> None:
        if getattr(change.event, "type", "") not in AUTO_AFTER:
            return
        folder = self._folder()
        if folder is None or self._store.read_only is not None:
            return
        try:
            if not Path(folder).is_dir():
                raise StoreError(
                    f"Le dossier de copie automatique {quoted(folder)} est introuvable "
                    f"(clé retirée{NBSP}?)."
                )
            self.last = backup(self._store, self.target(Path(folder)))
            self.last_error = ""
        except StoreError as err:
            self.last_error = (
                f"Copie automatique non faite{NBSP}: {err} L'acte est bien enregistré dans la base."
            )
            if self._on_error is not None:
                self._on_error(self.last_error)
