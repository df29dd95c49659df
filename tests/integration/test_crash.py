"""Crash safety: a process appending events is killed (SIGKILL) at 20 random moments.

After each kill the file must pass ``PRAGMA integrity_check`` and the hash-chain check,
open without a stale lock, and hold exactly the acknowledged events — plus at most the one
that was committed but whose acknowledgement the child had not printed yet (it prints only
after ``SessionService`` returned, i.e. after COMMIT): the journal is the script's prefix
of length ``acknowledged`` or ``acknowledged + 1``, never shorter, never anything else.
The state replays, and is the state the live service had after that many events.
SIGKILL models a crashed or killed process (the OS keeps what was written); a power cut is
what ``synchronous=FULL`` is for, and cannot be simulated here.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.domain.events import encode_event
from app.domain.state import replay
from app.services.interchange import summary
from app.services.store import Store
from tests.integration.helpers.workload import (
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "helpers" / "crash_child.py"
KILLS = 20
SEED = int(os.environ.get("SEANCE_CRASH_SEED", "20260312"))

pytestmark = pytest.mark.slow


def scripted_session():
    """The session the child will play, computed once in memory (with its expected states)."""
    assembly = build_assembly(40, substitutes=6)
    session = build_session(assembly, 12)
    store = Store.open(None)
    create(store, assembly, session)
    service = open_service(store, session.id)
    SessionDriver(service, random.Random(SEED), Plan(churn=20, recusals=2, undo=0.08)).run()
    events = list(service.events)
    store.close()
    return assembly, session, events


def read_acks(stream, until: int, deadline: float) -> tuple[list[int], bool]:
    """Read acknowledged indices until ``until`` of them arrived; False if the child ended."""
    acks: list[int] = []
    while len(acks) < until and time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            return acks, False
        if line.startswith("ready"):
            continue
        acks.append(int(line))
    return acks, True


def check_file(db: Path, assembly, session, script, acknowledged: int) -> int:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    store = Store.open(db, create=False)  # the dead child's lock is gone with it
    try:
        report = store.verify()
        assert report.ok, report.message
        stored = store.load_events(session.id)
    finally:
        store.close()
    n = len(stored)
    assert acknowledged <= n <= acknowledged + 1, (acknowledged, n)
    assert [encode_event(e) for e in stored] == [encode_event(e) for e in script[:n]]
    replayed = replay(assembly, session, stored)
    expected = replay(assembly, session, script[:n])
    assert replayed.attendance() == expected.attendance()
    assert summary(replayed) == summary(expected)
    return n


def test_sigkill_at_random_points_loses_no_acknowledged_event(tmp_path):
    assembly, session, script = scripted_session()
    assert len(script) > 300
    script_file = tmp_path / "script.json"
    script_file.write_text(json.dumps([encode_event(e) for e in script]), encoding="utf-8")
    db = tmp_path / "seance.sqlite"
    store = Store.open(db)
    create(store, assembly, session)
    store.close()

    rng = random.Random(SEED)
    acknowledged = 0
    extra_committed = 0
    started = time.monotonic()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db), session.id, str(script_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        wanted = rng.randint(0, 12)
        acks, alive = read_acks(child.stdout, wanted, time.monotonic() + 30)
        assert alive, child.stderr.read()
        time.sleep(rng.uniform(0, 0.004))  # land anywhere: mid-transaction, mid-print...
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, child.stderr.read()
        rest, _ = read_acks(child.stdout, 10**9, time.monotonic() + 5)  # printed before death
        acks += rest
        child.stdout.close()
        child.stderr.close()
        assert acks == list(range(acknowledged, acknowledged + len(acks))), acks
        acknowledged += len(acks)
        n = check_file(db, assembly, session, script, acknowledged)
        extra_committed += n - acknowledged
        acknowledged = n  # the resumed child starts from what the file holds
        assert acknowledged < len(script), "script too short for the number of kills"

    # finally let it run to the end: the whole session is there and verifies
    done = subprocess.run(
        [sys.executable, str(CHILD), str(db), session.id, str(script_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert check_file(db, assembly, session, script, len(script)) == len(script)
    assert time.monotonic() - started < 60
    print(f"{KILLS} kills, {extra_committed} committed-but-unacknowledged events found")
