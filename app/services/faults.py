"""Storage faults said in French: a full disk, a damaged file, a read-only medium.

SQLite and the operating system report faults in English (« database or disk is full »,
« database disk image is malformed », ``ENOSPC``); the secretary reads one French sentence
that says what happened and that nothing acknowledged was lost. Files written for the
secretary (exports, copies) are written under a temporary name and renamed only when
complete, so a fault never leaves a truncated document under its final name.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NBSP = "\u00a0"

DISK_FULL = (
    f"Le disque est plein{NBSP}: l'acte n'a pas été enregistré. Libérez de la place (ou "
    f"enregistrez une copie sur un autre support), puis recommencez{NBSP}; rien de ce qui "
    "était déjà enregistré n'est perdu."
)
DISK_FULL_FILE = (
    f"Le disque est plein{NBSP}: le fichier n'a pas été écrit (aucun fichier incomplet "
    "n'a été laissé). Libérez de la place, puis recommencez."
)


def quoted(path: Path | str | None) -> str:
    return f"«{NBSP}{path}{NBSP}»"


def is_disk_full(err: BaseException) -> bool:
    if isinstance(err, sqlite3.DatabaseError):
        return getattr(err, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
            "disk is full" in str(err)
        )
    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)


def database_message(err: sqlite3.DatabaseError, path: Path | str | None) -> str:
    """One French sentence for a SQLite fault on the database at ``path``."""
    text = str(err).lower()
    where = quoted(path) if path else "la base"
    if is_disk_full(err):
        return DISK_FULL
    if "readonly" in text or "read-only" in text:
        return (
            f"{where} ne peut pas être modifié (fichier ou support en lecture seule){NBSP}: "
            "l'acte n'a pas été enregistré."
        )
    if "locked" in text or "busy" in text:
        return (
            f"{where} est occupé par un autre programme{NBSP}: l'acte n'a pas été "
            "enregistré. Réessayez dans un instant."
        )
    if "i/o" in text or "disk i/o" in text:
        return (
            f"Erreur de lecture ou d'écriture sur le support de {where} (clé retirée{NBSP}? "
            f"disque défaillant{NBSP}?){NBSP}: l'acte n'a pas été enregistré."
        )
    if "unable to open" in text:
        return f"{where} ne peut pas être ouvert (fichier absent ou dossier inaccessible)."
    return (
        f"{where} est endommagé et ne peut pas être lu entièrement ({err}). Ouvrez plutôt "
        "votre dernière copie de sauvegarde, et gardez ce fichier tel quel pour expertise."
    )


def file_message(err: OSError) -> str:
    """One French sentence for an operating-system fault while writing a file."""
    if is_disk_full(err):
        return DISK_FULL_FILE
    name = quoted(err.filename) if err.filename else "le fichier"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Écriture refusée sur {name} (lecture seule ou droits insuffisants)."
    if err.errno == errno.ENOENT:
        return f"Impossible d'écrire {name}{NBSP}: le dossier n'existe pas."
    if err.errno == errno.ENOTDIR:
        return f"Impossible d'écrire {name}{NBSP}: un fichier porte déjà ce nom de dossier."
    reason = err.strerror or str(err)
    return f"Erreur de fichier sur {name}{NBSP}: {reason}."


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """A private folder inside ``target`` to write into; on success its files are renamed
    into ``target`` (same file system, so each rename is atomic), on failure it is removed
    with everything in it: a document appears under its final name only once complete."""
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".seance-export-", dir=target))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        for entry in sorted(staging.iterdir()):
            os.replace(entry, target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, target: Path, paths: list[Path]) -> list[Path]:
    """The final paths of files written into ``staging`` (see ``staged_directory``)."""
    return [target / p.relative_to(staging) if p.is_relative_to(staging) else p for p in paths]


def remove_database(path: Path) -> None:
    """Remove a database this process has just created, with its WAL companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass
