"""Storage faults: each has a French message, no traceback, and loses nothing acknowledged.

Corrupted pages, an empty file, a read-only archive, a full disk (SQLite's real
``SQLITE_FULL`` through ``max_page_count``, and an injected ``ENOSPC`` for files), a missing
file; exports appear under their final names only once complete; a refused import leaves
no database behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.session_service import SessionService
from app.services.store import Store, StoreError
from main import main
from tests.factories import at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    store.close()
    return path, session_id


def run(args: list[object], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- damaged file


def corrupt_middle_page(path: Path) -> None:
    """Random bytes over a page in the middle of the file: the journal's root page."""
    import sqlite3

    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()
    (page,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    assert 1 < root < path.stat().st_size // page
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(os.urandom(page))


def test_corrupted_page_gives_a_french_message_in_every_command(db, capsys, tmp_path):
    path, session_id = db
    corrupt_middle_page(path)
    for args in (
        ["verify", "--db", path],
        ["summary", "--db", path, "--session", session_id],
        ["export", "--db", path, "--session", session_id, "--out", tmp_path / "out"],
        ["import", DEMO_FILE, "--db", path],
        ["backup", "--db", path, "--out", tmp_path / "copie.sqlite"],
    ):
        code, _, err = run(args, capsys)
        assert code == 2, (args, err)
        assert err.startswith("seance : ") and ("endommagé" in err or "illisible" in err), err
    assert not (tmp_path / "copie.sqlite").exists()
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


def test_corrupted_page_in_a_real_process_has_no_traceback(db):
    path, _ = db
    corrupt_middle_page(path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "verify", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "seance : " in result.stderr


# --------------------------------------------------------------------------- empty file


def test_empty_file_is_named_empty_and_left_untouched(tmp_path, capsys):
    empty = tmp_path / "vide.sqlite"
    empty.write_bytes(b"")
    for args in (["import", DEMO_FILE, "--db", empty], ["verify", "--db", empty]):
        code, _, err = run(args, capsys)
        assert code == 2 and "est vide (0 octet)" in err, err
    assert empty.read_bytes() == b""
    with pytest.raises(StoreError, match="est vide"):
        Store.open(empty)
    # asked first, the secretary may create a new base in it
    store = Store.open(empty, initialise_empty=True)
    assert store.sessions() == []
    store.close()


# --------------------------------------------------------------------------- read-only


def make_read_only(path: Path) -> None:
    path.chmod(0o444 if path.is_file() else 0o555)
    if os.access(path, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if os.access(path, os.W_OK):
        undo_read_only(path)
        pytest.skip("nothing can make this file read-only for this user")


def undo_read_only(path: Path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644 if path.is_file() else 0o755)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_archive_is_verified_summarised_exported(db, capsys, tmp_path, what):
    path, session_id = db
    content = path.read_bytes()
    target = path if what == "file" else path.parent
    make_read_only(target)
    out = tmp_path.parent / f"{tmp_path.name}-export-{what}"
    try:
        code, stdout, err = run(["verify", "--db", path], capsys)
        assert code == 0 and "Journal intègre" in stdout, err
        code, stdout, err = run(["summary", "--db", path, "--session", session_id], capsys)
        assert code == 0 and '"items"' in stdout, err
        code, stdout, err = run(
            ["export", "--db", path, "--session", session_id, "--out", out], capsys
        )
        assert code == 0, err
        assert any(p.name.startswith("proces-verbal") for p in out.iterdir())
        code, _, err = run(["import", DEMO_FILE, "--db", path], capsys)
        assert code == 2 and "en lecture seule" in err
        store = Store.open(path, access="auto")
        assert store.read_only and "lecture seule" in store.read_only
        store.close()
        assert path.read_bytes() == content
    finally:
        undo_read_only(target)
        shutil.rmtree(out, ignore_errors=True)


def test_missing_file_is_named(tmp_path, capsys):
    missing = tmp_path / "absente.sqlite"
    for args in (
        ["verify", "--db", missing],
        ["backup", "--db", missing, "--out", tmp_path / "c.sqlite"],
        ["summary", "--db", missing],
    ):
        code, _, err = run(args, capsys)
        assert code == 2 and "n'existe pas" in err
    assert not missing.exists()


# --------------------------------------------------------------------------- full disk


def fill_the_disk(store: Store) -> None:
    """SQLite's own SQLITE_FULL: the file may not grow by a single page any more."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages}")


def test_full_disk_refuses_the_act_in_french_and_loses_nothing(tmp_path):
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    service = SessionService(store, session_id, lambda: at(21, 0))
    fill_the_disk(store)
    acknowledged = len(service.events)
    message = ""
    for _ in range(2000):  # notes until the file cannot grow
        try:
            service.note(None, "x" * 2000)
        except StoreError as err:
            message = str(err)
            break
        acknowledged += 1
    else:
        pytest.fail("the disk never filled")
    assert message.startswith("Le disque est plein\u00a0: l'acte n'a pas été enregistré")
    assert "OperationalError" not in message and "disk is full" not in message
    assert len(service.events) == acknowledged  # the refused act was not folded either
    store.close()
    again = Store.open(path)
    assert len(again.load_events(session_id)) == acknowledged
    assert again.verify().ok
    again.close()


def test_full_disk_during_import_into_a_new_file_leaves_nothing(tmp_path, capsys, monkeypatch):
    import sqlite3

    from app.services import store as store_module

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module.Store, "_insert_event", full)
    fresh = tmp_path / "nouvelle.sqlite"
    code, _, err = run(["import", DEMO_FILE, "--db", fresh], capsys)
    assert code == 2 and "Le disque est plein" in err and "illisible" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_full_disk_during_export_leaves_no_truncated_document(db, tmp_path, capsys, monkeypatch):
    path, session_id = db
    from app.documents import export as export_module

    def truncated(state, target, **kwargs):
        Path(target).write_bytes(b"%PDF-1.4 truncated")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(export_module, "build_minutes", truncated)
    out = tmp_path / "docs"
    code, _, err = run(["export", "--db", path, "--session", session_id, "--out", out], capsys)
    assert code == 2 and "Le disque est plein" in err, err
    assert list(out.iterdir()) == []  # no half-written PV, no staging folder


def test_export_writes_its_files_only_when_complete(db, tmp_path, capsys):
    path, session_id = db
    out = tmp_path / "docs"
    code, stdout, err = run(["export", "--db", path, "--session", session_id, "--out", out], capsys)
    assert code == 0, err
    listed = [Path(line) for line in stdout.split("\n") if line]
    assert listed and all(p.parent == out and p.exists() for p in listed)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in listed)


def test_refused_import_into_a_new_file_leaves_no_database(tmp_path, capsys):
    bad = tmp_path / "mauvais.json"
    bad.write_text('{"format": "seance/1", "assembly": {}}', encoding="utf-8")
    fresh = tmp_path / "nouvelle.sqlite"
    code, _, err = run(["import", bad, "--db", fresh], capsys)
    assert code == 2
    assert not fresh.exists() and not Path(f"{fresh}-wal").exists()


# --------------------------------------------------------------------------- bounded inputs


def test_roster_with_more_members_than_any_assembly_is_refused_at_once(db, tmp_path, capsys):
    path, _ = db
    huge = tmp_path / "liste.csv"
    rows = "".join(f"M.;NOM{i};Prénom{i};;\n" for i in range(5_001))
    huge.write_text("civilite;nom;prenom;groupe;fonction\n" + rows, encoding="utf-8")
    before = Store.open(path, access="read")
    members = len(before.load_assembly("A1").members)
    before.close()
    code, _, err = run(["roster-import", huge, "--db", path, "--assembly", "A1"], capsys)
    assert code == 2, err
    assert "5\u202f001 lignes de membres" in err and "5\u202f000" in err
    after = Store.open(path, access="read")
    assert len(after.load_assembly("A1").members) == members
    after.close()


def test_roster_of_five_thousand_members_is_accepted(tmp_path):
    from app.services.roster import MAX_MEMBERS, parse_roster

    rows = "".join(f"M.,NOM{i},Prénom{i},,\n" for i in range(MAX_MEMBERS))
    parsed = parse_roster(("civilite,nom,prenom,groupe,fonction\n" + rows).encode())
    assert len(parsed.members) == MAX_MEMBERS


def test_session_file_with_more_members_than_any_assembly_is_refused(tmp_path, capsys):
    import json

    doc = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    doc["assembly"]["members"] = [{"id": f"x{i}", "last_name": f"NOM{i}"} for i in range(5_001)]
    bad = tmp_path / "enorme.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    fresh = tmp_path / "nouvelle.sqlite"
    code, _, err = run(["import", bad, "--db", fresh], capsys)
    assert code == 2 and "5\u202f001 membres" in err, err
    assert not fresh.exists()
