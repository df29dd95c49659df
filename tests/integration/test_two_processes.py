"""Two processes on one database: a second writer is refused with a French message (a
reader is welcome), the first keeps working (and appends after the refusal), and the file
stays whole."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.session_service import SessionService
from app.services.store import Store, StoreError
from tests.factories import at

ROOT = Path(__file__).resolve().parents[2]


def second_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_second_process_is_refused_and_the_first_keeps_working(tmp_path):
    db = tmp_path / "seance.sqlite"
    store = Store.open(db)
    session_id = import_file(store, DEMO_FILE)
    service = SessionService(store, session_id, lambda: at(21, 0))
    before = len(service.events)
    absent = next(
        s.member
        for s in service.state.attendance().seats
        if s.presence.value == "absent" and not s.proxy_holder
    )

    # a second writer is refused, whatever the path
    result = second_process("import", str(DEMO_FILE), "--db", str(db))
    assert result.returncode == 2, result
    assert "déjà ouvert par une autre instance de Séance" in result.stderr
    assert "Traceback" not in result.stderr
    # a reader is welcome: it sees every acknowledged event
    result = second_process("verify", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"{before} événements" in result.stdout
    result = second_process("summary", "--db", str(db), "--session", session_id)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    # the first instance is untouched and keeps appending
    change = service.arrive(absent)
    assert change.index == before
    assert service.state.attendance().seat(absent).presence.value == "present"
    store.close()

    # once it has closed, another process opens the file and finds everything
    result = second_process("verify", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"{before + 1} événements" in result.stdout
    reopened = Store.open(db)
    assert len(reopened.load_events(session_id)) == before + 1
    reopened.close()


def test_the_lock_is_held_by_a_live_process_not_by_a_file(tmp_path):
    """A child holds the file open; this process is refused while it lives and gets in as
    soon as it has gone (the OS drops the lock; no stale lock file blocks anyone)."""
    db = tmp_path / "seance.sqlite"
    Store.open(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from app.services.store import Store, StoreError
            store = Store.open({str(db)!r})
            print("open", flush=True)
            sys.stdin.readline()
            store.close()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="déjà ouvert"):
            Store.open(db)
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    Store.open(db).close()
