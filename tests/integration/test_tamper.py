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


# --------------------------------------------------------------------------- second round
# The chain is checked on open and before every export, the fingerprint printed on the PV
# is recomputed from the content, and a deleted tail is caught through the next session's
# link or through the fingerprint printed on paper.


def pv_text(folder) -> str:
    from pypdf import PdfReader

    (pv,) = list(folder.glob("proces-verbal_*.pdf"))
    return "\n".join(page.extract_text() for page in PdfReader(str(pv)).pages)


def printed_fingerprint(folder) -> str:
    import re

    text = re.sub(r"\s+", "", pv_text(folder))
    found = re.search(r"Empreintedujournal:?([0-9a-f]{64})\((\d+)événements?\)", text)
    assert found, text[-400:]
    return found.group(1)


def vote_for_to_against(data):
    data["for"] -= 1
    data["against"] += 1


def recompute_chain(path, session_id, recreate_triggers=True):
    """What a tamperer who knows the (unkeyed) chain does after an edit."""
    from app.services.store import chain_hash

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS events_no_update")
        conn.execute("DROP TRIGGER IF EXISTS events_no_delete")
        rows = conn.execute(
            "SELECT seq, payload, prev_hash FROM events WHERE session_id = ? ORDER BY seq",
            [session_id],
        ).fetchall()
        prev = rows[0][2]
        for seq, payload, _ in rows:
            digest = chain_hash(prev, session_id, seq, payload)
            conn.execute(
                "UPDATE events SET prev_hash = ?, hash = ? WHERE session_id = ? AND seq = ?",
                [prev, digest, session_id, seq],
            )
            prev = digest
        if recreate_triggers:
            conn.execute(
                "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
                "BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END"
            )
            conn.execute(
                "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
                "BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END"
            )
    conn.close()


def recreate_triggers(path):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
            "BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END"
        )
        conn.execute(
            "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
            "BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END"
        )
    conn.close()


def test_tampered_vote_never_reaches_the_pv(db, tmp_path, capsys):
    """A vote moved from « pour » to « contre », triggers dropped and recreated: the export
    is refused and the summary says so, naming the event."""
    path, session_id = db
    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, vote_for_to_against)
    recreate_triggers(path)
    out = tmp_path / "docs"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "export refusé" in err and f"indice {seq}" in err and "modifié" in err
    assert not out.exists() or not list(out.iterdir())
    assert main(["summary", "--db", str(path), "--session", session_id]) == 0
    captured = capsys.readouterr()
    assert f"indice {seq}" in captured.err and '"journal_integre": false' in captured.out


def test_printed_fingerprint_is_recomputed_from_the_content(db, tmp_path, capsys):
    """Even with the whole chain recomputed (so that ``verify`` passes), the PV printed
    before the edit no longer matches: ``verify --fingerprint`` says so, and a new export
    prints a new fingerprint (computed from the content, not read from a column)."""
    path, session_id = db
    before = tmp_path / "avant"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(before)]) == 0
    original = printed_fingerprint(before)
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--fingerprint", original]) == 0
    assert "Empreinte conforme" in capsys.readouterr().out

    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, vote_for_to_against)
    recompute_chain(path, session_id)
    assert main(["verify", "--db", str(path)]) == 0  # an unkeyed chain can be recomputed…
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--fingerprint", original]) == 2  # …not paper
    assert "aucun état du journal ne correspond" in capsys.readouterr().err
    after = tmp_path / "apres"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(after)]) == 0
    assert printed_fingerprint(after) != original


def test_fingerprint_is_not_the_stored_column(db):
    path, session_id = db
    seq = first_event_index(path, session_id, "vote_recorded")
    store = Store.open(path)
    stored_before = store.db.execute(
        "SELECT hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1", [session_id]
    ).fetchone()[0]
    assert store.fingerprint(session_id).startswith(stored_before)
    store.close()
    tamper(path, session_id, seq, vote_for_to_against)
    store = Store.open(path)
    assert not store.fingerprint(session_id).startswith(stored_before)
    assert not store.verify_session(session_id).ok
    store.close()


def add_events_and_a_next_session(path, session_id, notes=45):
    """The session goes on (``notes`` more events), then the assembly's next session starts."""
    from dataclasses import replace as dc_replace
    from datetime import date, datetime

    from app.services.session_service import SessionService

    store = Store.open(path)
    service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21, 0))
    for n in range(notes):
        service.note(None, f"Note {n}.")
    nxt = dc_replace(store.load_session(session_id), id="S2", date=date(2026, 4, 9))
    store.save_session(nxt)
    second = SessionService(store, "S2", lambda: datetime(2026, 4, 9, 18, 0))
    first_arrival = next(s.member for s in second.state.attendance().seats)
    second.arrive(first_arrival)
    second.open_session()
    store.close()
    return len(service.events)


def test_deleted_tail_of_a_session_breaks_the_next_sessions_link(db, capsys):
    path, session_id = db
    total = add_events_and_a_next_session(path, session_id)
    assert main(["verify", "--db", str(path)]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute(
            "DELETE FROM events WHERE session_id = ? AND seq >= ?", [session_id, total - 40]
        )
    conn.close()
    recreate_triggers(path)
    assert main(["verify", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "« S2 »" in err and "indice 0" in err and "lien vers la séance précédente" in err


def test_deleted_tail_of_the_last_session_is_caught_by_the_printed_fingerprint(
    db, tmp_path, capsys
):
    path, session_id = db
    add_events_and_a_next_session(path, session_id, notes=40)
    out = tmp_path / "docs"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(out)]) == 0
    printed = printed_fingerprint(out)
    capsys.readouterr()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER events_no_delete")
        (n,) = conn.execute(
            "SELECT COUNT(*) FROM events WHERE session_id = ?", [session_id]
        ).fetchone()
        conn.execute("DELETE FROM events WHERE session_id = ? AND seq >= ?", [session_id, n - 40])
    conn.close()
    assert (
        main(["verify", "--db", str(path), "--session", session_id, "--fingerprint", printed]) == 2
    )
    assert "tronqué" in capsys.readouterr().err


def test_fingerprint_of_an_earlier_print_reports_the_events_added_since(db, tmp_path, capsys):
    path, session_id = db
    out = tmp_path / "docs"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(out)]) == 0
    printed = printed_fingerprint(out)
    add_events_and_a_next_session(path, session_id, notes=3)
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--fingerprint", printed.upper()]) == 0
    assert "3 événement(s) ont été ajoutés" in capsys.readouterr().out


def test_unreadable_fingerprint_is_refused(db, capsys):
    path, _ = db
    assert main(["verify", "--db", str(path), "--fingerprint", "abc"]) == 2
    assert "empreinte illisible" in capsys.readouterr().err
