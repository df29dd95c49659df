"""SQLite storage: assemblies, sessions and the append-only journal (one file, WAL).

The journal table refuses UPDATE and DELETE (triggers); each event is appended in its own
transaction with ``synchronous=FULL`` before anyone is told it happened, and carries a
SHA-256 chained over the previous event's hash (tamper evidence, ``verify``).
An OS lock on the database file itself makes one writer: any other instance reads only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import sqlite_utils
from sqlite_utils.db import Database
from sqlite_utils.migrations import Migrations

from app.domain.assembly import Assembly, AssemblyKind, Session, Transmission
from app.domain.constitution import (
    Constitution,
    Origin,
    auxiliaries_from_list,
    auxiliaries_to_list,
    constitute,
    item_from_dict,
    item_to_dict,
)
from app.domain.errors import DomainError, InputError
from app.domain.events import Constituted, Event, decode_event, encode_event, members_named
from app.domain.journal import fold
from app.domain.members import Member
from app.domain.rules import Rules
from app.services.faults import (
    DISK_FULL,
    database_message,
    file_message,
    is_disk_full,
    remove_database,
)

GENESIS = "0" * 64
# the WAL is folded into the file after these acts: a vote, an item's close or change, the
# break, the session's close (so that even a plain copy taken then holds them)
CHECKPOINT_AFTER = frozenset(
    {
        "vote_recorded",
        "election_round",
        "item_opened",
        "item_closed",
        "session_suspended",
        "session_closed",
    }
)
WRITER_MARK = "seance_writer"  # present while a writer works (see ``Store._watch_copy``)
MAX_LINE = 2_000  # a title, a number, a subject
MAX_TEXT = 100_000  # a preamble, an article


class StoreError(InputError):
    """The database cannot be used (locked, not SQLite, read-only, missing)."""


@dataclass(frozen=True)
class SessionInfo:
    id: str
    assembly_id: str
    date: date
    time: str | None
    place: str
    assembly_name: str
    organisation: str
    events: int
    closed: bool

    @property
    def label(self) -> str:
        return f"{self.assembly_name} — {self.date.strftime('%d/%m/%Y')}" + (
            f" {self.time}" if self.time else ""
        )


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    broken_session: str | None = None
    broken_index: int | None = None
    message: str = ""


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev: str, session_id: str, seq: int, payload: str) -> str:
    return hashlib.sha256(f"{prev}|{session_id}|{seq}|{payload}".encode()).hexdigest()


LOCK_OFFSET = 0x40000300  # Windows: a byte of SQLite's unused lock page, never read


class _FileLock:
    """An exclusive OS lock on the database file itself: it belongs to the file's identity
    on disk, so no other path, symbolic link or hard link to the same file can take it
    again; the OS releases it if the process dies (no stale lock to clear by hand).

    POSIX: ``flock`` on a descriptor of the database (independent of SQLite's own byte-range
    locks). Windows: a byte inside SQLite's reserved lock page, which SQLite never reads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; ``False`` if another instance holds it."""
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# The schema, as sqlite-utils migrations (``sqlite_utils.migrations``): each step runs once
# per file, in its own transaction (``Database.atomic``), and is recorded in the
# ``_sqlite_migrations`` table. Every step creates only what is missing, so that a file
# written before steps were recorded (numbered schema, ``PRAGMA user_version`` 1 or 2)
# takes them all harmlessly, and so that a step's place never depends on the order in which
# branches add them.
#
# A new table: append (its name, its statements) to ADDED_TABLES, one SQL statement per
# string (triggers included; a single statement may stand alone, ``;`` allowed at its end).
# A new column: append (table, column, declaration) to ADDED_COLUMNS.
TABLES: list[tuple[str, str | tuple[str, ...]]] = [
    (
        "assemblies",
        """CREATE TABLE assemblies (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, organisation TEXT NOT NULL,
        kind TEXT NOT NULL, siren TEXT, siret TEXT, department TEXT, rules TEXT NOT NULL)""",
    ),
    (
        "members",
        """CREATE TABLE members (
        assembly_id TEXT NOT NULL REFERENCES assemblies(id), id TEXT NOT NULL,
        position INTEGER NOT NULL, civility TEXT, last_name TEXT NOT NULL, first_name TEXT,
        grp TEXT, function TEXT, weight INTEGER NOT NULL DEFAULT 1, substitute_for TEXT,
        birth_date TEXT, ended_on TEXT, PRIMARY KEY (assembly_id, id))""",
    ),
    (
        "sessions",
        """CREATE TABLE sessions (
        id TEXT PRIMARY KEY, assembly_id TEXT NOT NULL REFERENCES assemblies(id),
        date TEXT NOT NULL, time TEXT, place TEXT, convened_on TEXT,
        convocation INTEGER NOT NULL DEFAULT 1, president TEXT, secretaries TEXT NOT NULL)""",
    ),
    (
        "items",
        """CREATE TABLE items (
        session_id TEXT NOT NULL REFERENCES sessions(id), id TEXT NOT NULL,
        position INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (session_id, id))""",
    ),
    (
        "transmissions",
        """CREATE TABLE transmissions (
        session_id TEXT NOT NULL, item_id TEXT NOT NULL, sent_on TEXT, received_on TEXT,
        posted_on TEXT, PRIMARY KEY (session_id, item_id))""",
    ),
    (
        "events",
        (
            """CREATE TABLE events (
            session_id TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
            type TEXT NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (session_id, seq))""",
            """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
            """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
        ),
    ),
    # issue #15: the items' annexes as files (PDF) inside the session's file
    (
        "annex_files",
        """CREATE TABLE annex_files (
        session_id TEXT NOT NULL REFERENCES sessions(id), item_id TEXT NOT NULL,
        position INTEGER NOT NULL, filename TEXT NOT NULL, typology TEXT NOT NULL,
        title TEXT NOT NULL, content BLOB NOT NULL, size INTEGER NOT NULL,
        sha256 TEXT NOT NULL, PRIMARY KEY (session_id, item_id, filename))""",
    ),
]

# Columns added to the tables above, each when missing: the @ctes identifier acknowledged
# by the préfecture (issue #15), the publication mode and town of an assembly, the failed
# meeting of a second convocation, a mandate's start date (a by-election replacement is in
# office from that day), the population the convocation delay depends on (L2121-11/12),
# the auxiliary secretaries who are not members (L2121-15).
ADDED_COLUMNS: list[tuple[str, str, str]] = [
    ("transmissions", "actes_id", "TEXT"),
    ("assemblies", "population", "INTEGER"),
    ("sessions", "auxiliaries", "TEXT NOT NULL DEFAULT '[]'"),
    ("assemblies", "publication", "TEXT NOT NULL DEFAULT 'electronic'"),
    ("assemblies", "town", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "failed_meeting_on", "TEXT"),
    # a mandate's start date (a by-election replacement is in office from that day)
    ("members", "started_on", "TEXT"),
]


# Tables added later, each when missing (as ADDED_COLUMNS, so that its place does not
# depend on the order in which branches add them). Issue #14, after the séance: the
# register's issued feuillets (never renumbered), the maire's decisions under delegation
# (R2122-7-1), the agenda items that approve an earlier PV, and the journal of what follows
# a session (PV signed, published; liste published, sent to member communes). All
# append-only.
ADDED_TABLES: list[tuple[str, str | tuple[str, ...]]] = [
    (
        "register_parts",
        (
            """CREATE TABLE register_parts (
            assembly_id TEXT NOT NULL REFERENCES assemblies(id), year INTEGER NOT NULL,
            position INTEGER NOT NULL, part TEXT NOT NULL, first_feuillet INTEGER NOT NULL,
            feuillets INTEGER NOT NULL, sha256 TEXT NOT NULL, issued_on TEXT NOT NULL,
            content BLOB NOT NULL, PRIMARY KEY (assembly_id, year, position),
            UNIQUE (assembly_id, year, part))""",
            """CREATE TRIGGER register_parts_no_update BEFORE UPDATE ON register_parts
            BEGIN SELECT RAISE(ABORT, 'issued feuillets are final'); END""",
            """CREATE TRIGGER register_parts_no_delete BEFORE DELETE ON register_parts
            BEGIN SELECT RAISE(ABORT, 'issued feuillets are final'); END""",
        ),
    ),
    (
        "delegated_decisions",
        (
            """CREATE TABLE delegated_decisions (
            id TEXT PRIMARY KEY, assembly_id TEXT NOT NULL REFERENCES assemblies(id),
            number TEXT NOT NULL, decided_on TEXT NOT NULL, title TEXT NOT NULL,
            text TEXT NOT NULL, delegation TEXT NOT NULL, recorded_at TEXT NOT NULL,
            UNIQUE (assembly_id, number))""",
            """CREATE TRIGGER delegated_decisions_no_update BEFORE UPDATE ON delegated_decisions
            BEGIN SELECT RAISE(ABORT, 'register entries are final'); END""",
            """CREATE TRIGGER delegated_decisions_no_delete BEFORE DELETE ON delegated_decisions
            BEGIN SELECT RAISE(ABORT, 'register entries are final'); END""",
        ),
    ),
    (
        "after_session",
        (
            """CREATE TABLE after_session (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id), kind TEXT NOT NULL,
            on_date TEXT NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL)""",
            """CREATE TRIGGER after_session_no_update BEFORE UPDATE ON after_session
            BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
            """CREATE TRIGGER after_session_no_delete BEFORE DELETE ON after_session
            BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END""",
        ),
    ),
    (
        "minutes_approvals",
        """
        CREATE TABLE minutes_approvals (
            session_id TEXT NOT NULL REFERENCES sessions(id), item_id TEXT NOT NULL,
            approves TEXT NOT NULL REFERENCES sessions(id), PRIMARY KEY (session_id, item_id));
        """,
    ),
]

# PRAGMA user_version of a Séance file: the last number of the numbered schema that came
# before these migrations (a SQLite file with tables and no mark belongs to another program)
SEANCE_FILE = 2


def _schema() -> Migrations:
    """The migration set: TABLES and ADDED_TABLES, then ADDED_COLUMNS."""
    schema = Migrations("seance")
    for table, statements in TABLES + ADDED_TABLES:
        schema(name=f"table {table}")(_table_step(table, statements))
    for table, column, declaration in ADDED_COLUMNS:
        schema(name=f"column {table}.{column}")(_column_step(table, column, declaration))
    return schema


def _table_step(table: str, statements: str | tuple[str, ...]) -> Callable[[Database], None]:
    def create_table(db: Database) -> None:
        if not db.table(table).exists():
            for statement in (statements,) if isinstance(statements, str) else statements:
                db.execute(statement)

    return create_table


def _column_step(table: str, column: str, declaration: str) -> Callable[[Database], None]:
    def add_column(db: Database) -> None:
        if column not in db.table(table).columns_dict:
            db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] {declaration}")

    return add_column


def _missing(db: Database) -> list[str]:
    """The tables and columns the schema has and the file lacks (read only)."""
    tables = set(db.table_names())
    missing = [table for table, _ in TABLES + ADDED_TABLES if table not in tables]
    missing += [
        f"{table}.{column}"
        for table, column, _ in ADDED_COLUMNS
        if table in tables and column not in db.table(table).columns_dict
    ]
    return missing


SCHEMA = _schema()


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class Store:
    """One SQLite file: open it with ``Store.open(path)``; close it when done.

    One writer by construction: a store opened for writing holds an OS lock on the file
    itself. Any other opener, by whatever path, reads only (``read_only`` says why, in
    French) and every write it attempts is refused with that sentence."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        lock: _FileLock | None,
        path: Path | None,
        wall_clock: Callable[[], datetime],
        *,
        read_only: str | None = None,
        created: bool = False,
    ) -> None:
        self.db = db
        self._lock = lock
        self.path = path
        self._wall_clock = wall_clock
        self.read_only = read_only  # why this store cannot write (French), or None
        self.created = created  # this open created the file
        self.notices: list[str] = []  # said once to the secretary after opening (French)
        # read-only view of a journal that replays only in part: session -> (events kept,
        # mark printed on each page of its documents); see app.services.recovery
        self.event_limits: dict[str, tuple[int, str]] = {}

    @staticmethod
    def open(
        path: Path | str | None,
        *,
        wall_clock: Callable[[], datetime] | None = None,
        create: bool = True,
        access: Literal["write", "read", "auto"] = "write",
        initialise_empty: bool = False,
    ) -> Store:
        """Open (or create) the database at ``path``; ``None`` opens a memory database.

        ``access``: ``"write"`` (refused in French if another instance writes or the file
        is read-only), ``"read"`` (never writes, takes no lock) or ``"auto"`` (writes if it
        can, else reads only and says why in ``read_only``). An existing empty file is
        refused unless ``initialise_empty`` (the secretary was asked)."""
        clock = wall_clock or (lambda: datetime.now().replace(microsecond=0))
        if access not in ("write", "read", "auto"):
            raise ValueError(access)
        if path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            store = Store(sqlite_utils.Database(conn), None, None, clock)
            store._migrate()
            return store
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"« {path} » est un dossier, pas un fichier de base de données.")
        created = False
        if not path.exists():
            if not create or access == "read":
                raise StoreError(f"Le fichier « {path} » n'existe pas.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o666))
            except OSError as err:
                if path.parent.is_dir():
                    raise StoreError(
                        f"Impossible de créer le fichier « {path} » : {file_message(err)}"
                    )
                raise StoreError(
                    f"Impossible de créer le dossier « {path.parent} » : {err.strerror}."
                )
            created = True
        elif path.stat().st_size == 0 and not initialise_empty:
            if _locked_elsewhere(path):  # another instance is creating it right now
                raise StoreError(
                    f"Le fichier « {path} » est déjà ouvert par une autre instance de Séance, "
                    "qui est en train de le créer : attendez qu'elle ait fini, ou fermez-la."
                )
            raise StoreError(
                f"Le fichier « {path} » est vide (0 octet) : ce n'est pas une base Séance, ou "
                "son contenu a été perdu. Séance ne l'a pas modifié ; ouvrez votre dernière "
                "copie de sauvegarde, ou choisissez de créer une base neuve dans ce fichier."
            )
        elif path.stat().st_size > 0:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(
                        f"« {path} » n'est pas une base de données Séance (fichier SQLite attendu)."
                    )
        lock: _FileLock | None = None
        read_only: str | None = None
        if access == "read":
            read_only = f"« {path} » est ouvert en lecture seule."
        elif not _writable(path):
            read_only = (
                f"« {path} » est en lecture seule (fichier, dossier ou support protégé en "
                "écriture) : il peut être consulté (vérifier, résumer, exporter), pas modifié."
            )
        else:
            lock = _FileLock(path)
            if not lock.acquire():
                lock = None
                read_only = (
                    f"Le fichier « {path} » est déjà ouvert par une autre "
                    "instance de Séance, qui seule peut y écrire (quel que soit le nom ou le "
                    "raccourci par lequel on l'atteint). Fermez-la pour le modifier ici ; en "
                    "attendant, il est ouvert en lecture seule : il peut être consulté "
                    "(vérifier, résumer, exporter), pas modifié."
                )
        if read_only is not None and access == "write":
            raise StoreError(read_only)
        if (
            lock is None
            and path.stat().st_nlink > 1
            and not Path(f"{path.resolve()}-wal").exists()
            and _locked_elsewhere(path)
        ):
            # SQLite finds the WAL by name: through another hard link, a reader would miss
            # the acts the writer has not yet copied into the file itself
            raise StoreError(
                f"« {path} » est un autre nom (lien physique) d'une base qu'une autre "
                "instance de Séance est en train d'écrire : lu par ce nom, il y manquerait "
                "les derniers actes enregistrés. Ouvrez-le par le nom qu'utilise l'autre "
                "instance, ou attendez qu'elle soit fermée."
            )
        wal = Path(f"{path.resolve()}-wal")
        wal_present = wal.exists() and wal.stat().st_size > 0
        try:
            conn = _connect(path, read_only is None)
            _refuse_foreign(conn, path)
            if read_only is None:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            store = Store(
                sqlite_utils.Database(conn),
                lock,
                path,
                clock,
                read_only=read_only,
                created=created,
            )
            if read_only is None:
                store._migrate()
            else:
                store._check_schema()
            store._watch_copy(wal_present, lock is not None or not _locked_elsewhere(path))
        except sqlite3.DatabaseError as err:
            _abandon(lock, path, created)
            if is_disk_full(err):
                raise StoreError(DISK_FULL)
            raise StoreError(f"« {path} » est illisible comme base SQLite : {err}.")
        except BaseException:
            _abandon(lock, path, created)
            raise
        return store

    def close(self) -> None:
        try:
            if self._lock and self._lock.fd is not None:
                try:  # a clean close: the file alone now holds everything
                    self.db.execute(f"DELETE FROM {WRITER_MARK}")
                except sqlite3.DatabaseError:
                    pass
            self.db.conn.close()
        finally:
            if self._lock:
                self._lock.release()

    def _watch_copy(self, wal_present: bool, no_live_writer: bool) -> None:
        """Detect a copy whose ``-wal`` was left behind: a writer marks the file itself
        (checkpointed at once) while it works and clears the mark when it closes cleanly.
        A marked file with no WAL beside it and no writer at work was copied (or moved)
        during a session: acts recorded after its last checkpoint may be missing."""
        mark = None
        exists = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [WRITER_MARK]
        ).fetchone()
        if exists:
            mark = self.db.execute(f"SELECT at, events FROM {WRITER_MARK}").fetchone()
        if mark is not None and not wal_present and no_live_writer:
            at = mark[0]
            events = self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            self.notices.append(
                f"« {self.path} » n'a pas été fermé normalement par Séance et aucun fichier "
                f"« {self.path.name if self.path else ''}-wal » ne l'accompagne : c'est sans "
                f"doute une copie faite pendant une séance ouverte le {at}. Elle contient "
                f"{events} événements, enregistrés jusqu'au dernier vote, changement de point "
                "ou pause ; ceux enregistrés ensuite peuvent y manquer (rien ne manque si "
                "Séance s'est seulement arrêté brutalement juste après). Si vous avez le "
                "fichier d'origine, "
                "ouvrez-le plutôt ; pour vos copies, utilisez « Enregistrer une copie… » ou "
                "« seance backup »."
            )
        if self.read_only is None:
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS {WRITER_MARK} "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL, events INTEGER NOT NULL)"
            )
            self._mark()

    def _mark(self) -> None:
        events = self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        at = self._wall_clock().strftime("%d/%m/%Y à %H:%M:%S")
        self.db.execute(
            f"INSERT OR REPLACE INTO {WRITER_MARK} (id, at, events) VALUES (1, ?, ?)",
            [at, events],
        )
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.DatabaseError:
            pass  # a reader may hold the WAL: the next checkpoint will do it

    def _check_schema(self) -> None:
        """A read-only store cannot migrate: it must already be a current Séance base."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and not SCHEMA.applied(self.db):
            self.db.conn.close()
            raise StoreError(f"« {self.path} » ne contient aucune base Séance.")
        if _missing(self.db):
            self.db.conn.close()
            raise StoreError(
                f"« {self.path} » a été créé par une version antérieure de Séance : "
                "ouvrez-le une fois en écriture pour le mettre à jour."
            )

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        # marked first: a file whose migration stops half-way is still known as Séance's
        if self.db.execute("PRAGMA user_version").fetchone()[0] != SEANCE_FILE:
            self.db.execute(f"PRAGMA user_version={SEANCE_FILE}")
        SCHEMA.apply(self.db)
        # after every schema step: journals recorded before constitutions get theirs, once
        try:
            pending = self.db.execute(
                "SELECT 1 FROM events WHERE seq = 0 AND session_id NOT IN "
                "(SELECT session_id FROM events WHERE type = 'constituted') LIMIT 1"
            ).fetchone()
            if pending:
                with self.transaction():
                    self._constitute_journals()
        except sqlite3.DatabaseError:
            pass  # a damaged file: left as it is, said when its journal is read

    def _constitute_journals(self) -> None:
        """Append to each journal recorded before constitutions existed the
        constitution it was judged under until now (the tables, the preset values of the
        session's date), marked ``migration``: appended, so the hash chain stays valid and
        the migration is itself recorded. A session whose tables no longer hold together
        or whose journal does not replay is left as it was (its journal is then still read with the
        tables)."""
        for (session_id,) in self.db.execute(
            "SELECT DISTINCT session_id FROM events WHERE session_id NOT IN "
            "(SELECT session_id FROM events WHERE type = 'constituted') ORDER BY session_id"
        ).fetchall():
            try:
                constitution = self.prepared_constitution(session_id, Origin.MIGRATION)
                events = self.load_events(session_id)
                # only a journal that replays on the tables: a broken one is left as it is
                # (read on its prefix, corrected, and constituted at a later opening)
                fold([*events, Constituted(constitution=constitution)])
            except DomainError:
                continue
            seq = self.db.execute(
                "SELECT COUNT(*) FROM events WHERE session_id = ?", [session_id]
            ).fetchone()[0]
            self._insert_event(
                session_id,
                int(seq),
                Constituted(constitution=constitution),
                self._last_hash(session_id),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
        if self.read_only is not None:
            raise StoreError(f"{self.read_only} Rien n'a été enregistré.")
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.IntegrityError):
                raise
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass
            raise StoreError(database_message(err, self.path)) from err

    # ------------------------------------------------------------------ assemblies
    def next_id(self, table: str, prefix: str) -> str:
        existing = {r[0] for r in self.db.execute(f"SELECT id FROM {table}").fetchall()}
        n = len(existing) + 1
        while f"{prefix}{n}" in existing:
            n += 1
        return f"{prefix}{n}"

    def save_assembly(self, assembly: Assembly) -> None:
        """Insert or replace an assembly and its members (in one transaction)."""
        with self.transaction():
            self._write_assembly(assembly)

    def _write_assembly(self, a: Assembly) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO assemblies (id, name, organisation, kind, siren, siret, "
            "department, rules, publication, town, population) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                a.id,
                a.name,
                a.organisation,
                a.kind.value,
                a.siren,
                a.siret,
                a.department,
                _canonical(a.rules.to_dict()),
                a.publication,
                a.town,
                a.population,
            ],
        )
        self.db.execute("DELETE FROM members WHERE assembly_id = ?", [a.id])
        for pos, m in enumerate(a.members):
            self.db.execute(
                "INSERT INTO members (assembly_id, id, position, civility, last_name, "
                "first_name, grp, function, weight, substitute_for, birth_date, ended_on, "
                "started_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    a.id,
                    m.id,
                    pos,
                    m.civility,
                    m.last_name,
                    m.first_name,
                    m.group,
                    m.function,
                    m.weight,
                    m.substitute_for,
                    _iso(m.birth_date),
                    _iso(m.ended_on),
                    _iso(m.started_on),
                ],
            )

    def assemblies(self) -> list[Assembly]:
        rows = self.db.execute("SELECT id FROM assemblies ORDER BY rowid").fetchall()
        return [self.load_assembly(r[0]) for r in rows]

    def load_assembly(self, assembly_id: str, on: date | None = None) -> Assembly:
        """The assembly as prepared in the tables; its preset's values are those in
        force on ``on`` (default: the latest)."""
        row = self.db.execute(
            "SELECT id, name, organisation, kind, siren, siret, department, "
            "rules, publication, town, population FROM assemblies WHERE id = ?",
            [assembly_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"Assemblée « {assembly_id} » introuvable dans la base.")
        members = tuple(
            Member(
                id=r[0],
                civility=r[1] or "",
                last_name=r[2],
                first_name=r[3] or "",
                group=r[4] or "",
                function=r[5] or "",
                weight=r[6],
                substitute_for=r[7],
                birth_date=_d(r[8]),
                ended_on=_d(r[9]),
                started_on=_d(r[10]),
            )
            for r in self.db.execute(
                "SELECT id, civility, last_name, first_name, grp, function, weight, "
                "substitute_for, birth_date, ended_on, started_on FROM members "
                "WHERE assembly_id = ? "
                "ORDER BY position",
                [assembly_id],
            ).fetchall()
        )
        return Assembly(
            id=row[0],
            name=row[1],
            organisation=row[2],
            kind=AssemblyKind(row[3]),
            siren=row[4] or "",
            siret=row[5] or "",
            department=row[6] or "",
            rules=Rules.from_dict(json.loads(row[7]), on),
            members=members,
            publication=row[8] or "electronic",
            town=row[9] or "",
            population=row[10],
        )

    def members_in_journals(self, assembly_id: str) -> set[str]:
        """Member ids named by any event of the assembly's sessions (they cannot be deleted,
        only ended « fin de mandat »)."""
        named: set[str] = set()
        for (payload,) in self.db.execute(
            "SELECT e.payload FROM events e JOIN sessions s ON s.id = e.session_id "
            "WHERE s.assembly_id = ?",
            [assembly_id],
        ).fetchall():
            named.update(members_named(decode_event(json.loads(payload))))
        for pres, secs in self.db.execute(
            "SELECT president, secretaries FROM sessions WHERE assembly_id = ?", [assembly_id]
        ).fetchall():
            if pres:
                named.add(pres)
            named.update(json.loads(secs))
        return named

    # ------------------------------------------------------------------ sessions
    def save_session(self, session: Session, amendment: Event | None = None) -> None:
        """Insert or replace a session, its agenda and transmissions, and append
        ``amendment`` to its journal when given (one transaction)."""
        with self.transaction():
            self._write_session(session)
            if amendment is not None:
                seq = self.db.execute(
                    "SELECT COUNT(*) FROM events WHERE session_id = ?", [session.id]
                ).fetchone()[0]
                self._insert_event(session.id, int(seq), amendment, self._last_hash(session.id))

    def _write_session(self, s: Session) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO sessions (id, assembly_id, date, time, place, convened_on, "
            "convocation, president, secretaries, failed_meeting_on, auxiliaries) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                s.id,
                s.assembly_id,
                s.date.isoformat(),
                s.time,
                s.place,
                _iso(s.convened_on),
                s.convocation,
                s.president,
                _canonical(list(s.secretaries)),
                _iso(s.failed_meeting_on),
                _canonical(auxiliaries_to_list(s.auxiliaries)),
            ],
        )
        self.db.execute("DELETE FROM items WHERE session_id = ?", [s.id])
        for pos, it in enumerate(s.items):
            self.db.execute(
                "INSERT INTO items VALUES (?,?,?,?)",
                [s.id, it.id, pos, _canonical(item_to_dict(it))],
            )
        self.db.execute("DELETE FROM transmissions WHERE session_id = ?", [s.id])
        for t in s.transmissions:
            self._write_transmission(s.id, t)

    def _write_transmission(self, session_id: str, t: Transmission) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO transmissions "
            "(session_id, item_id, sent_on, received_on, posted_on, actes_id) "
            "VALUES (?,?,?,?,?,?)",
            [
                session_id,
                t.item,
                _iso(t.sent_on),
                _iso(t.received_on),
                _iso(t.posted_on),
                t.actes_id or None,
            ],
        )

    def save_assembly_and_session(
        self,
        assembly: Assembly,
        session: Session,
        events: list[Event],
        *,
        write_assembly: bool = True,
    ) -> None:
        """Write a whole imported session in one transaction: all or nothing
        (``write_assembly``: also replace the assembly's tables)."""
        with self.transaction():
            if write_assembly:
                self._write_assembly(assembly)
            self._write_session(session)
            prev = self._last_hash(session.id)
            for seq, event in enumerate(events):
                prev = self._insert_event(session.id, seq, event, prev)

    def set_transmission(self, session_id: str, t: Transmission) -> None:
        with self.transaction():
            self._write_transmission(session_id, t)

    def load_session(self, session_id: str) -> Session:
        row = self.db.execute(
            "SELECT id, assembly_id, date, time, place, convened_on, convocation, president, "
            "secretaries, failed_meeting_on, auxiliaries FROM sessions WHERE id = ?",
            [session_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"Séance « {session_id} » introuvable dans la base.")
        items = tuple(
            item_from_dict(json.loads(r[0]))
            for r in self.db.execute(
                "SELECT data FROM items WHERE session_id = ? ORDER BY position", [session_id]
            ).fetchall()
        )
        transmissions = tuple(
            Transmission(
                item=r[0],
                sent_on=_d(r[1]),
                received_on=_d(r[2]),
                posted_on=_d(r[3]),
                actes_id=r[4] or "",
            )
            for r in self.db.execute(
                "SELECT item_id, sent_on, received_on, posted_on, actes_id FROM transmissions "
                "WHERE session_id = ? ORDER BY rowid",
                [session_id],
            ).fetchall()
        )
        return Session(
            id=row[0],
            assembly_id=row[1],
            date=date.fromisoformat(row[2]),
            time=row[3],
            place=row[4] or "",
            convened_on=_d(row[5]),
            convocation=row[6],
            president=row[7],
            secretaries=tuple(json.loads(row[8])),
            items=items,
            transmissions=transmissions,
            failed_meeting_on=_d(row[9]),
            auxiliaries=auxiliaries_from_list(json.loads(row[10] or "[]")),
        )

    def prepared_constitution(
        self, session_id: str, origin: Origin = Origin.OPENING
    ) -> Constitution:
        """The constitution the preparation tables give ``session_id`` now: identity,
        the rules of its preset in force on its date (as values), the roster, the agenda,
        president, secretaries and convocation."""
        session = self.load_session(session_id)
        assembly = self.load_assembly(session.assembly_id, on=session.date)
        return constitute(assembly, session, origin)

    def begun(self, session_id: str) -> bool:
        """The session's journal has events: its constitution is in it."""
        row = self.db.execute(
            "SELECT 1 FROM events WHERE session_id = ? LIMIT 1", [session_id]
        ).fetchone()
        return row is not None

    def sessions(self, assembly_id: str | None = None) -> list[SessionInfo]:
        sql = (
            "SELECT s.id, s.assembly_id, s.date, s.time, s.place, a.name, a.organisation, "
            "(SELECT COUNT(*) FROM events e WHERE e.session_id = s.id), "
            "(SELECT COUNT(*) FROM events e WHERE e.session_id = s.id "
            " AND e.type = 'session_closed') "
            "FROM sessions s JOIN assemblies a ON a.id = s.assembly_id"
        )
        params: list[str] = []
        if assembly_id:
            sql += " WHERE s.assembly_id = ?"
            params.append(assembly_id)
        sql += " ORDER BY s.date DESC, s.rowid DESC"
        return [
            SessionInfo(
                r[0], r[1], date.fromisoformat(r[2]), r[3], r[4] or "", r[5], r[6], r[7], r[8] > 0
            )
            for r in self.db.execute(sql, params).fetchall()
        ]

    # ------------------------------------------------------------------ journal
    def _last_hash(self, session_id: str) -> str:
        row = self.db.execute(
            "SELECT hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1", [session_id]
        ).fetchone()
        return row[0] if row else GENESIS

    def _insert_event(self, session_id: str, seq: int, event: Event, prev: str) -> str:
        payload = _canonical(encode_event(event))
        digest = chain_hash(prev, session_id, seq, payload)
        self.db.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?)",
            [
                session_id,
                seq,
                event.type,
                payload,
                self._wall_clock().isoformat(timespec="seconds"),
                prev,
                digest,
            ],
        )
        return digest

    def append_event(self, session_id: str, event: Event) -> int:
        """Append one event in its own transaction; return its index once it is durable.

        A session's first event is chained to the last event recorded for the assembly's
        other sessions: deleting or rewriting the tail of an earlier session breaks the
        next session's link, and ``verify`` says so."""
        return self.append_events(session_id, [event])[0]

    def append_events(self, session_id: str, events: list[Event]) -> list[int]:
        """Append events in one transaction (all or none); return their indices."""
        indices: list[int] = []
        with self.transaction():
            # the last event through the primary key (session_id, seq): one index probe,
            # not a count over the session's events (seq runs 0, 1, 2… without gaps)
            row = self.db.execute(
                "SELECT seq, hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
                [session_id],
            ).fetchone()
            seq = int(row[0]) + 1 if row else 0
            prev = row[1] if row else self._link_hash(session_id)
            for event in events:
                prev = self._insert_event(session_id, seq, event, prev)
                indices.append(seq)
                seq += 1
        if any(event.type in CHECKPOINT_AFTER for event in events):
            self.checkpoint()
        return indices

    def _link_hash(self, session_id: str) -> str:
        row = self.db.execute(
            "SELECT e.hash FROM events e JOIN sessions s ON s.id = e.session_id "
            "WHERE e.session_id != ? AND s.assembly_id = "
            "(SELECT assembly_id FROM sessions WHERE id = ?) ORDER BY e.rowid DESC LIMIT 1",
            [session_id, session_id],
        ).fetchone()
        return row[0] if row else GENESIS

    def checkpoint(self) -> None:
        """Fold the WAL into the database file (at each item's and the session's close),
        so that even a plain copy of the file holds what was acknowledged until then."""
        if self.read_only is not None or self.path is None:
            return
        try:  # PASSIVE: never waits for a reader, never blocks the next act
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.DatabaseError:
            pass  # the act itself is stored: a reader may hold the WAL, the next one folds it

    def load_events(self, session_id: str) -> list[Event]:
        limit = self.event_limits.get(session_id, (-1, ""))[0]
        return [
            decode_event(json.loads(r[0]))
            for r in self.db.execute(
                "SELECT payload FROM events WHERE session_id = ? ORDER BY seq LIMIT ?",
                [session_id, limit],
            ).fetchall()
        ]

    def load_events_until_unreadable(
        self, session_id: str
    ) -> tuple[list[Event], DomainError | None]:
        """The events up to the first one the codec cannot read, and that error (located
        at its index), or None: a journal edited outside Séance still opens on its prefix."""
        events: list[Event] = []
        for seq, payload in self.db.execute(
            "SELECT seq, payload FROM events WHERE session_id = ? ORDER BY seq", [session_id]
        ).fetchall():
            try:
                events.append(decode_event(json.loads(payload)))
            except (DomainError, ValueError) as err:
                message = err.message if isinstance(err, DomainError) else "JSON illisible"
                return events, DomainError(f"événement illisible ({message})", seq)
        return events, None

    def limit_events(self, session_id: str, count: int, mark: str) -> None:
        """Show only the first ``count`` events of a session (a read-only store only)."""
        if self.read_only is None:
            raise ValueError("only a read-only store shows part of a journal")
        self.event_limits[session_id] = (count, mark)

    def chain(self, session_id: str) -> list[str]:
        """The fingerprint after each event, recomputed from the stored content (never
        read from the stored hash column): ``chain(s)[k]`` is the digest of events 0…k."""
        rows = self.db.execute(
            "SELECT seq, payload, prev_hash FROM events WHERE session_id = ? ORDER BY seq",
            [session_id],
        ).fetchall()
        if session_id in self.event_limits:
            rows = rows[: self.event_limits[session_id][0]]
        digests: list[str] = []
        prev = rows[0][2] if rows else GENESIS
        for seq, payload, _ in rows:
            prev = chain_hash(prev, session_id, seq, payload)
            digests.append(prev)
        return digests

    def fingerprint(self, session_id: str, upto: int | None = None) -> str:
        """What the signed minutes print: the journal's digest recomputed from its content
        (through event ``upto - 1`` when given), with the number of events it covers."""
        digests = self.chain(session_id)
        if upto is not None:
            digests = digests[:upto]
        head = digests[-1] if digests else GENESIS
        n = len(digests)
        return f"{head} ({n} événement{'s' if n > 1 else ''})"

    def match_fingerprint(self, session_id: str, printed: str) -> int | None:
        """How many events the journal held when ``printed`` (a fingerprint read from a
        printed PV) was computed, or None if no state of the journal has it."""
        wanted = _hex_digest(printed)
        for k, digest in enumerate(self.chain(session_id)):
            if digest == wanted:
                return k + 1
        return None

    def verify_session(self, session_id: str) -> VerifyReport:
        """Check one session's hash chain and its link to the assembly's earlier sessions."""
        rows = self.db.execute(
            "SELECT seq, payload, prev_hash, hash FROM events WHERE session_id = ? ORDER BY seq",
            [session_id],
        ).fetchall()
        count = 0
        prev = GENESIS
        for seq, payload, prev_hash, digest in rows:
            problem = ""
            if seq != count:
                problem = f"indice {count} manquant"
            elif seq == 0 and prev_hash != GENESIS and not self._known_link(session_id, prev_hash):
                problem = (
                    "le lien vers la séance précédente de l'assemblée est rompu (des "
                    "événements de cette séance ont été supprimés ou modifiés)"
                )
            elif seq > 0 and prev_hash != prev:
                problem = "chaînage rompu avec l'événement précédent"
            elif chain_hash(prev_hash, session_id, seq, payload) != digest:
                problem = "contenu modifié après son enregistrement"
            count += 1
            if problem:
                return VerifyReport(
                    False,
                    count,
                    session_id,
                    seq,
                    f"Séance « {session_id} », événement d'indice {seq} : {problem}.",
                )
            prev = digest
        return VerifyReport(True, count, message=f"Journal intègre : {count} événements vérifiés.")

    def _known_link(self, session_id: str, digest: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM events e JOIN sessions s ON s.id = e.session_id "
                "WHERE e.hash = ? AND e.session_id != ? AND s.assembly_id = "
                "(SELECT assembly_id FROM sessions WHERE id = ?) LIMIT 1",
                [digest, session_id, session_id],
            ).fetchone()
            is not None
        )

    def verify(self) -> VerifyReport:
        """Check every session's hash chain; name the first broken event."""
        count = 0
        for (session_id,) in self.db.execute("SELECT id FROM sessions ORDER BY rowid").fetchall():
            report = self.verify_session(session_id)
            if not report.ok:
                return replace(report, events=count + report.events)
            count += report.events
        return VerifyReport(True, count, message=f"Journal intègre : {count} événements vérifiés.")


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """A SQLite file with tables but no Séance schema belongs to another application."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
        return
    foreign = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    if foreign:
        conn.close()
        raise StoreError(
            f"« {path} » est une base SQLite d'une autre application (tables : "
            f"{', '.join(foreign[:5])}) : Séance ne la modifie pas."
        )


def _hex_digest(text: str) -> str:
    """The 64 hexadecimal digits of a fingerprint as read from paper (spaces, line breaks,
    capitals and the event count around it are ignored)."""
    found = re.search(r"[0-9a-f]{64}", re.sub(r"\s+", "", text.lower()))
    if found is None:
        raise InputError(
            "empreinte illisible : 64 chiffres hexadécimaux attendus (0-9, a-f), tels "
            "qu'imprimés au bas du procès-verbal."
        )
    return found.group(0)


def _writable(path: Path) -> bool:
    """The file and its folder accept writes (SQLite's WAL lives beside the file)."""
    folder = path.resolve().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def _locked_elsewhere(path: Path) -> bool:
    """Another instance holds the writer's lock on this file."""
    probe = _FileLock(path)
    if probe.acquire():
        probe.release()
        return False
    return True


def _connect(path: Path, write: bool) -> sqlite3.Connection:
    """A connection for the writer, or a read-only one (``mode=ro``; ``immutable`` when
    even SQLite's shared-memory file cannot be created beside a file with no pending WAL)."""
    if write:
        return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
    conn = sqlite3.connect(
        f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
    )
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return conn


def _abandon(lock: _FileLock | None, path: Path, created: bool) -> None:
    """Undo a failed open: release the lock, remove a file this open created."""
    if lock is not None:
        lock.release()
    if created:
        remove_database(path)


__all__ = ["Store", "StoreError", "SessionInfo", "VerifyReport", "DomainError"]
