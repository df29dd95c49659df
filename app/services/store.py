"""SQLite storage: assemblies, sessions and the append-only journal (one file, WAL).

The journal table refuses UPDATE and DELETE (triggers); each event is appended in its own
transaction with ``synchronous=FULL`` before anyone is told it happened, and carries a
SHA-256 chained over the previous event's hash (tamper evidence, ``verify``).
A lock file next to the database keeps a second instance out with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from app.domain.assembly import Assembly, AssemblyKind, Item, Majority, Session, Transmission
from app.domain.errors import DomainError, InputError
from app.domain.events import Event, decode_event, encode_event
from app.domain.members import Member
from app.domain.rules import Rules

GENESIS = "0" * 64
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


class _FileLock:
    """An exclusive advisory lock on ``<db>.lock``; released by the OS if we die."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            self.handle = open(self.path, "a+")  # noqa: SIM115 - held for the store's life
        except OSError as err:
            raise StoreError(f"Impossible de créer le verrou « {self.path} » : {err.strerror}.")
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(self.handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            self.handle = None
            raise StoreError(
                f"Le fichier « {self.path.with_suffix('')} » est déjà ouvert par "
                "une autre instance de Séance. Fermez-la, ou ouvrez un autre "
                "fichier."
            )

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE assemblies (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, organisation TEXT NOT NULL,
        kind TEXT NOT NULL, siren TEXT, siret TEXT, department TEXT, rules TEXT NOT NULL);
    CREATE TABLE members (
        assembly_id TEXT NOT NULL REFERENCES assemblies(id), id TEXT NOT NULL,
        position INTEGER NOT NULL, civility TEXT, last_name TEXT NOT NULL, first_name TEXT,
        grp TEXT, function TEXT, weight INTEGER NOT NULL DEFAULT 1, substitute_for TEXT,
        birth_date TEXT, ended_on TEXT, PRIMARY KEY (assembly_id, id));
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY, assembly_id TEXT NOT NULL REFERENCES assemblies(id),
        date TEXT NOT NULL, time TEXT, place TEXT, convened_on TEXT,
        convocation INTEGER NOT NULL DEFAULT 1, president TEXT, secretaries TEXT NOT NULL);
    CREATE TABLE items (
        session_id TEXT NOT NULL REFERENCES sessions(id), id TEXT NOT NULL,
        position INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (session_id, id));
    CREATE TABLE transmissions (
        session_id TEXT NOT NULL, item_id TEXT NOT NULL, sent_on TEXT, received_on TEXT,
        posted_on TEXT, PRIMARY KEY (session_id, item_id));
    CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
        type TEXT NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (session_id, seq));
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
    """,
    # 2 (issue #15): the @ctes identifier acknowledged by the préfecture, and the items'
    # annexes as files (PDF) inside the session's file
    """
    ALTER TABLE transmissions ADD COLUMN actes_id TEXT;
    CREATE TABLE annex_files (
        session_id TEXT NOT NULL REFERENCES sessions(id), item_id TEXT NOT NULL,
        position INTEGER NOT NULL, filename TEXT NOT NULL, typology TEXT NOT NULL,
        title TEXT NOT NULL, content BLOB NOT NULL, size INTEGER NOT NULL,
        sha256 TEXT NOT NULL, PRIMARY KEY (session_id, item_id, filename));
    """,
]

# Columns added after the numbered migrations, each when missing (so that their place does
# not depend on the order in which branches add migrations): publication mode and town of
# an assembly, the failed meeting of a second convocation.
ADDED_COLUMNS: list[tuple[str, str, str]] = [
    ("assemblies", "publication", "TEXT NOT NULL DEFAULT 'electronic'"),
    ("assemblies", "town", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "failed_meeting_on", "TEXT"),
]


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class Store:
    """One SQLite file: open it with ``Store.open(path)``; close it when done."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        lock: _FileLock | None,
        path: Path | None,
        wall_clock: Callable[[], datetime],
    ) -> None:
        self.db = db
        self._lock = lock
        self.path = path
        self._wall_clock = wall_clock

    @staticmethod
    def open(
        path: Path | str | None,
        *,
        wall_clock: Callable[[], datetime] | None = None,
        create: bool = True,
    ) -> Store:
        """Open (or create) the database at ``path``; ``None`` opens a memory database."""
        clock = wall_clock or (lambda: datetime.now().replace(microsecond=0))
        if path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            store = Store(sqlite_utils.Database(conn), None, None, clock)
            store._migrate()
            return store
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"« {path} » est un dossier, pas un fichier de base de données.")
        if not path.exists():
            if not create:
                raise StoreError(f"Le fichier « {path} » n'existe pas.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(
                    f"Impossible de créer le dossier « {path.parent} » : {err.strerror}."
                )
        elif path.stat().st_size > 0:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(
                        f"« {path} » n'est pas une base de données Séance (fichier SQLite attendu)."
                    )
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError(f"« {path} » est en lecture seule : Séance doit pouvoir y écrire.")
        lock = _FileLock(path.with_name(path.name + ".lock"))
        lock.acquire()
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            _refuse_foreign(conn, path)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            store = Store(sqlite_utils.Database(conn), lock, path, clock)
            store._migrate()
        except sqlite3.DatabaseError as err:
            lock.release()
            raise StoreError(f"« {path} » est illisible comme base SQLite : {err}.")
        except StoreError:
            lock.release()
            raise
        return store

    def close(self) -> None:
        try:
            self.db.conn.close()
        finally:
            if self._lock:
                self._lock.release()

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            with self.transaction():
                for statement in _split_sql(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number}")
        for table, column, declaration in ADDED_COLUMNS:
            present = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})").fetchall()}
            if column not in present:
                with self.transaction():
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

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
            "department, rules, publication, town) VALUES (?,?,?,?,?,?,?,?,?,?)",
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
            ],
        )
        self.db.execute("DELETE FROM members WHERE assembly_id = ?", [a.id])
        for pos, m in enumerate(a.members):
            self.db.execute(
                "INSERT INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                ],
            )

    def assemblies(self) -> list[Assembly]:
        rows = self.db.execute("SELECT id FROM assemblies ORDER BY rowid").fetchall()
        return [self.load_assembly(r[0]) for r in rows]

    def load_assembly(self, assembly_id: str) -> Assembly:
        row = self.db.execute(
            "SELECT id, name, organisation, kind, siren, siret, department, "
            "rules, publication, town FROM assemblies WHERE id = ?",
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
            )
            for r in self.db.execute(
                "SELECT id, civility, last_name, first_name, grp, function, weight, "
                "substitute_for, birth_date, ended_on FROM members WHERE assembly_id = ? "
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
            rules=Rules.from_dict(json.loads(row[7])),
            members=members,
            publication=row[8] or "electronic",
            town=row[9] or "",
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
            data = json.loads(payload)
            for key in ("member", "from", "to", "for"):
                if isinstance(data.get(key), str):
                    named.add(data[key])
            named.update((data.get("choices") or {}).keys())
            named.update((data.get("votes") or {}).keys())
        for pres, secs in self.db.execute(
            "SELECT president, secretaries FROM sessions WHERE assembly_id = ?", [assembly_id]
        ).fetchall():
            if pres:
                named.add(pres)
            named.update(json.loads(secs))
        return named

    # ------------------------------------------------------------------ sessions
    def save_session(self, session: Session) -> None:
        """Insert or replace a session, its agenda and transmissions (one transaction)."""
        with self.transaction():
            self._write_session(session)

    def _write_session(self, s: Session) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO sessions (id, assembly_id, date, time, place, convened_on, "
            "convocation, president, secretaries, failed_meeting_on) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
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
        self, assembly: Assembly, session: Session, events: list[Event]
    ) -> None:
        """Write a whole imported session in one transaction: all or nothing."""
        with self.transaction():
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
            "secretaries, failed_meeting_on FROM sessions WHERE id = ?",
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
        )

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
        """Append one event in its own transaction; return its index once it is durable."""
        with self.transaction():
            row = self.db.execute(
                "SELECT COUNT(*) FROM events WHERE session_id = ?", [session_id]
            ).fetchone()
            seq = int(row[0])
            self._insert_event(session_id, seq, event, self._last_hash(session_id))
        return seq

    def load_events(self, session_id: str) -> list[Event]:
        return [
            decode_event(json.loads(r[0]))
            for r in self.db.execute(
                "SELECT payload FROM events WHERE session_id = ? ORDER BY seq", [session_id]
            ).fetchall()
        ]

    def fingerprint(self, session_id: str) -> str:
        """The hash of the session's last event: what the signed minutes print."""
        return self._last_hash(session_id)

    def verify(self) -> VerifyReport:
        """Check every session's hash chain; name the first broken event."""
        count = 0
        for (session_id,) in self.db.execute("SELECT id FROM sessions ORDER BY rowid").fetchall():
            prev = GENESIS
            expected_seq = 0
            for seq, payload, prev_hash, digest in self.db.execute(
                "SELECT seq, payload, prev_hash, hash FROM events WHERE session_id = ? "
                "ORDER BY seq",
                [session_id],
            ).fetchall():
                count += 1
                problem = ""
                if seq != expected_seq:
                    problem = f"indice {expected_seq} manquant"
                elif prev_hash != prev:
                    problem = "chaînage rompu avec l'événement précédent"
                elif chain_hash(prev, session_id, seq, payload) != digest:
                    problem = "contenu modifié après son enregistrement"
                if problem:
                    return VerifyReport(
                        False,
                        count,
                        session_id,
                        seq,
                        f"Séance « {session_id} », événement d'indice {seq} : {problem}.",
                    )
                prev = digest
                expected_seq += 1
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


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and (
            not joined.upper().startswith("CREATE TRIGGER") or joined.upper().endswith("END;")
        ):
            statements.append(joined)
            current = []
    return statements


def item_to_dict(it: Item) -> dict[str, Any]:
    """An item as in ``seance/1`` (null fields left out)."""
    out: dict[str, Any] = {"id": it.id, "title": it.title, "nature": it.nature}
    for key, value in (
        ("subject", it.subject),
        ("actes_number", it.actes_number),
        ("typology", it.typology),
        ("rapporteur", it.rapporteur),
        ("preamble", it.preamble),
    ):
        if value:
            out[key] = value
    for key, seq in (("visas", it.visas), ("articles", it.articles), ("annexes", it.annexes)):
        if seq:
            out[key] = list(seq)
    out["majority"] = it.majority.value
    return out


def item_from_dict(data: dict[str, Any]) -> Item:
    """Read an item of ``seance/1``; raises ``InputError`` in French."""
    if not isinstance(data, dict):
        raise InputError("un point de l'ordre du jour doit être un objet JSON.")

    def text(key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise InputError(f"point de l'ordre du jour : champ « {key} » manquant.")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"point de l'ordre du jour : « {key} » doit être une chaîne.")
        limit = MAX_TEXT if key == "preamble" else MAX_LINE
        if len(str(value)) > limit:
            raise InputError(
                f"point « {data.get('id')} » : « {key} » est trop long "
                f"({len(str(value))} caractères ; {limit} au plus)."
            )
        return str(value)

    def texts(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(
                f"point « {data.get('id')} » : « {key} » doit être une liste de chaînes."
            )
        if any(len(v) > MAX_TEXT for v in value) or len(value) > 1000:
            raise InputError(f"point « {data.get('id')} » : « {key} » est trop long.")
        return tuple(value)

    raw_majority = data.get("majority") or "absolute_expressed"
    try:
        majority = Majority(raw_majority)
    except ValueError:
        raise InputError(f"point « {data.get('id')} » : majorité « {raw_majority} » inconnue.")
    item = Item(
        id=text("id", True),
        title=text("title", True),
        nature=text("nature") or "DE",
        subject=text("subject"),
        actes_number=text("actes_number"),
        rapporteur=text("rapporteur") or None,
        preamble=text("preamble"),
        visas=texts("visas"),
        articles=texts("articles"),
        annexes=texts("annexes"),
        majority=majority,
        typology=text("typology"),
    )
    item.validate()
    return item


__all__ = ["Store", "StoreError", "SessionInfo", "VerifyReport", "DomainError"]
