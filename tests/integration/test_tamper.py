"""Tamper evidence: editing one journal event directly in SQLite breaks the hash chain
at that event, and both ``Store.verify()`` and ``seance verify`` name it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.store import Store
from main import main


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    assert store.verify().ok
    store.close()
    return path, session_id


def tamper(path, session_id, seq, edit):
    """Rewrite the payload of event ``seq`` as a tamperer would: drop the triggers first."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("DROP TRIGGER events_no_delete")
        (payload,) = conn.execute(
            "SELECT payload FROM events WHERE session_id = ? AND seq = ?", [session_id, seq]
        ).fetchone()
        data = json.loads(payload)
        edit(data)
        conn.execute(
            "UPDATE events SET payload = ? WHERE session_id = ? AND seq = ?",
            [
                json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                session_id,
                seq,
            ],
        )
    conn.close()


def first_event_index(path, session_id, event_type):
    conn = sqlite3.connect(path)
    (seq,) = conn.execute(
        "SELECT MIN(seq) FROM events WHERE session_id = ? AND type = ?", [session_id, event_type]
    ).fetchone()
    conn.close()
    return seq


def test_untouched_journal_verifies(db, capsys):
    path, _ = db
    assert main(["verify", "--db", str(path)]) == 0
    assert "Journal intègre" in capsys.readouterr().out


def test_edited_vote_is_caught_at_its_index(db, capsys):
    path, session_id = db
    seq = first_event_index(path, session_id, "vote_recorded")
    assert seq is not None and seq > 0

    def more_for(data):
        data["for"] += 1
        data["against"] -= 1

    tamper(path, session_id, seq, more_for)
    store = Store.open(path)
    report = store.verify()
    store.close()
    assert not report.ok
    assert (report.broken_session, report.broken_index) == (session_id, seq)
    assert f"indice {seq}" in report.message and "modifié" in report.message

    assert main(["verify", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"événement d'indice {seq}" in err and session_id in err


def test_recomputed_hash_still_breaks_the_chain_at_the_next_event(db, capsys):
    """A cleverer tamperer recomputes the edited event's own hash: the next event's
    ``prev_hash`` no longer matches, so the chain breaks right after it."""
    from app.services.store import chain_hash

    path, session_id = db
    seq = first_event_index(path, session_id, "arrived")
    tamper(path, session_id, seq, lambda data: data.update(member="m23"))
    conn = sqlite3.connect(path)
    with conn:
        payload, prev = conn.execute(
            "SELECT payload, prev_hash FROM events WHERE session_id = ? AND seq = ?",
            [session_id, seq],
        ).fetchone()
        conn.execute(
            "UPDATE events SET hash = ? WHERE session_id = ? AND seq = ?",
            [chain_hash(prev, session_id, seq, payload), session_id, seq],
        )
    conn.close()
    assert main(["verify", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"événement d'indice {seq + 1}" in err and "chaînage rompu" in err


def test_deleted_event_is_named_as_missing(db, capsys):
    path, session_id = db
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute("DELETE FROM events WHERE session_id = ? AND seq = 5", [session_id])
    conn.close()
    assert main(["verify", "--db", str(path)]) == 2
    assert "indice 5 manquant" in capsys.readouterr().err
