"""The numbered schema of the versions before sqlite-utils migrations, frozen here one
statement per string, to build the files those versions wrote (``PRAGMA user_version`` 1:
the first schema; 2: with the @ctes identifier and the annex files)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

VERSION_1 = (
    """CREATE TABLE assemblies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, organisation TEXT NOT NULL,
    kind TEXT NOT NULL, siren TEXT, siret TEXT, department TEXT, rules TEXT NOT NULL)""",
    """CREATE TABLE members (
    assembly_id TEXT NOT NULL REFERENCES assemblies(id), id TEXT NOT NULL,
    position INTEGER NOT NULL, civility TEXT, last_name TEXT NOT NULL, first_name TEXT,
    grp TEXT, function TEXT, weight INTEGER NOT NULL DEFAULT 1, substitute_for TEXT,
    birth_date TEXT, ended_on TEXT, PRIMARY KEY (assembly_id, id))""",
    """CREATE TABLE sessions (
    id TEXT PRIMARY KEY, assembly_id TEXT NOT NULL REFERENCES assemblies(id),
    date TEXT NOT NULL, time TEXT, place TEXT, convened_on TEXT,
    convocation INTEGER NOT NULL DEFAULT 1, president TEXT, secretaries TEXT NOT NULL)""",
    """CREATE TABLE items (
    session_id TEXT NOT NULL REFERENCES sessions(id), id TEXT NOT NULL,
    position INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (session_id, id))""",
    """CREATE TABLE transmissions (
    session_id TEXT NOT NULL, item_id TEXT NOT NULL, sent_on TEXT, received_on TEXT,
    posted_on TEXT, PRIMARY KEY (session_id, item_id))""",
    """CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
    type TEXT NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (session_id, seq))""",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
)
VERSION_2 = (
    "ALTER TABLE transmissions ADD COLUMN actes_id TEXT",
    """CREATE TABLE annex_files (
    session_id TEXT NOT NULL REFERENCES sessions(id), item_id TEXT NOT NULL,
    position INTEGER NOT NULL, filename TEXT NOT NULL, typology TEXT NOT NULL,
    title TEXT NOT NULL, content BLOB NOT NULL, size INTEGER NOT NULL,
    sha256 TEXT NOT NULL, PRIMARY KEY (session_id, item_id, filename))""",
)


def create(conn: sqlite3.Connection, version: int) -> None:
    """The numbered schema up to ``version`` (1 or 2), marked in ``user_version``."""
    for statement in VERSION_1 + (VERSION_2 if version >= 2 else ()):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version={version}")


def create_file(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    create(conn, version)
    conn.commit()
    conn.close()
