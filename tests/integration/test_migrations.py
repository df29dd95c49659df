"""Schema migrations (sqlite-utils ``Migrations``, each step in ``Database.atomic``): a file
written by the version before them (« today's main », commit aaecad1: the demo session
held, a second session prepared) opens, verifies and exports the same figures; a file of
the first schema and a new file end with the same tables and columns."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.services.interchange import load_file, parse_document, summary
from app.services.records import load_record
from app.services.store import SCHEMA, SEANCE_FILE, Store, StoreError
from main import main
from tests.integration.helpers import old_schema

DATA = Path(__file__).parent.parent / "data"
MAIN_FILE = DATA / "seance-main-aaecad1.sqlite"  # written by commit aaecad1, closed cleanly
MAIN_EXPORT = DATA / "seance-main-aaecad1.json"  # its held session, exported by the same
HELD, PREPARED = "2026-03-12", "2026-04-09"


@pytest.fixture
def main_file(tmp_path: Path) -> Path:
    path = tmp_path / "seance.sqlite"
    shutil.copyfile(MAIN_FILE, path)
    return path


def columns(path: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'seance_writer'"
            )
        ]
        return {t: {r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")} for t in tables}
    finally:
        conn.close()


def triggers(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    finally:
        conn.close()


def test_a_file_written_before_recorded_migrations_opens_verifies_and_exports_the_same(
    main_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = summary(load_file(MAIN_EXPORT).state)
    with pytest.raises(StoreError, match="ouvrez-le une fois en écriture"):
        Store.open(main_file, access="read")  # new columns: it must be migrated first
    conn = sqlite3.connect(main_file)
    rows = conn.execute("SELECT * FROM events ORDER BY session_id, seq").fetchall()
    conn.close()

    store = Store.open(main_file)
    try:
        applied = [m.name for m in SCHEMA.applied(store.db)]
        assert applied == [m.name for m in SCHEMA.pending(sqlite_memory())]
        # nothing appended, nothing rewritten
        assert store.db.execute("SELECT * FROM events ORDER BY session_id, seq").fetchall() == rows
        assert store.verify().ok
        assert summary(load_record(store, HELD).state) == expected
        prepared = store.load_session(PREPARED)
        assert prepared.items == store.load_session(HELD).items and not store.begun(PREPARED)
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SEANCE_FILE
    finally:
        store.close()

    assert main(["verify", "--db", str(main_file)]) == 0
    out = tmp_path / "export"
    assert main(["export", "--db", str(main_file), "--session", HELD, "--out", str(out)]) == 0
    capsys.readouterr()
    (exported,) = out.glob("*.json")
    assert summary(parse_document(json.loads(exported.read_text("utf-8"))).state) == expected
    assert len(list(out.glob("*.pdf"))) > 3  # minutes, extracts, attendance, list…


def test_migrations_run_once(main_file: Path) -> None:
    Store.open(main_file).close()
    conn = sqlite3.connect(main_file)
    count = conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
    conn.close()
    Store.open(main_file).close()
    conn = sqlite3.connect(main_file)
    assert conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == count
    conn.close()
    assert count == len(SCHEMA.pending(sqlite_memory()))


@pytest.mark.parametrize("version", [1, 2])
def test_an_old_schema_ends_as_a_new_file(tmp_path: Path, version: int) -> None:
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    old_schema.create_file(old, version)
    Store.open(old).close()
    Store.open(new).close()
    assert columns(old) == columns(new)
    assert triggers(old) == triggers(new)
    assert "population" in columns(new)["assemblies"]
    assert "auxiliaries" in columns(new)["sessions"]


def test_a_read_only_opening_refuses_a_file_that_lacks_a_step(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    old_schema.create_file(old, 2)
    with pytest.raises(StoreError, match="version antérieure"):
        Store.open(old, access="read")
    Store.open(old).close()
    Store.open(old, access="read").close()


def test_a_failed_step_changes_nothing_and_stays_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step in its own transaction: a step that fails leaves no half table behind."""
    from app.services import store as store_module

    path = tmp_path / "old.sqlite"
    old_schema.create_file(path, 2)
    broken = store_module.TABLES + [
        ("zz_half", ("CREATE TABLE zz_half (x)", "CREATE TABLE zz_half (y)"))
    ]
    monkeypatch.setattr(store_module, "TABLES", broken)
    monkeypatch.setattr(store_module, "SCHEMA", store_module._schema())
    with pytest.raises(StoreError):
        Store.open(path)
    assert "zz_half" not in columns(path)
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert "table zz_half" not in names and "table events" in names


def sqlite_memory() -> Database:
    """A new, empty database: every step is pending there."""
    return Database(memory=True)
