"""A broken journal is never a dead end: a session whose event k is refused on replay (a
vote edited to +500 « pour », the chain recomputed so that ``verify`` passes) opens read
only « jusqu'à l'événement k » with a French explanation naming the event; the summary
and the documents work on that prefix, marked on every page; a correction of the faulty
event is appended and the session goes on."""

from __future__ import annotations

from datetime import datetime

import pytest
from pypdf import PdfReader

from app.domain.errors import DomainError
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.recovery import correct_faulty, replay_tolerant
from app.services.session_service import SessionService
from app.services.store import Store
from main import main
from tests.integration.test_tamper import (
    first_event_index,
    recompute_chain,
    tamper,
)


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    store.close()
    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, lambda data: data.update({"for": data["for"] + 500}))
    recompute_chain(path, session_id)
    return path, session_id, seq


def test_the_edited_vote_used_to_make_the_session_unopenable(broken):
    path, session_id, seq = broken
    store = Store.open(path)
    try:
        assert store.verify().ok  # the chain holds: only the rules refuse the event
        with pytest.raises(DomainError) as caught:
            SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21))
        assert caught.value.index == seq
        replayed = replay_tolerant(
            store.load_assembly("A1"),
            store.load_session(session_id),
            store.load_events(session_id),
        )
    finally:
        store.close()
    assert replayed.broken_at == seq and len(replayed.usable) == seq
    text = replayed.explanation()
    assert f"l'événement d'indice {seq}" in text and "lecture seule" in text
    assert f"jusqu'à l'événement {seq}" in text and "vote" in text and "correction" in text


def test_summary_and_export_work_on_the_prefix_and_say_so(broken, tmp_path, capsys):
    path, session_id, seq = broken
    assert main(["verify", "--db", str(path)]) == 0  # the chain holds…
    captured = capsys.readouterr()
    assert "Journal intègre" in captured.out
    assert f"l'événement d'indice {seq}" in captured.err  # …but the replay stops: said
    assert main(["summary", "--db", str(path), "--session", session_id]) == 0
    captured = capsys.readouterr()
    assert f"jusqu'à l'événement {seq}" in captured.err
    assert f'"jusqu_a_evenement": {seq}' in captured.out
    out = tmp_path / "docs"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"l'événement d'indice {seq}" in captured.err
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        for page in PdfReader(str(pdf)).pages:
            assert "Journal partiel" in page.extract_text(), pdf.name
    # the PV's fingerprint covers exactly the prefix it was built on
    from tests.integration.test_tamper import printed_fingerprint

    printed = printed_fingerprint(out)
    assert main(["verify", "--db", str(path), "--fingerprint", printed]) == 0
    assert f"pour les {seq} premiers événements" in capsys.readouterr().out


def test_a_correction_of_the_faulty_event_lets_the_session_go_on(broken):
    path, session_id, seq = broken
    store = Store.open(path)
    try:
        n = len(store.load_events(session_id))
        index = correct_faulty(
            store, session_id, seq, "vote saisi deux fois", lambda: datetime(2026, 3, 12, 21)
        )
        assert index == n
        service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21, 5))
        assert len(service.events) == n + 1
        service.note(None, "La séance reprend.")
        assert store.verify().ok
    finally:
        store.close()


def test_correct_command(broken, capsys):
    path, session_id, seq = broken
    args = ["correct", "--db", str(path), "--session", session_id, "--event", str(seq)]
    assert main([*args, "--reason", "vote saisi deux fois"]) == 0
    assert "Correction enregistrée" in capsys.readouterr().out
    assert main(["summary", "--db", str(path), "--session", session_id]) == 0
    captured = capsys.readouterr()
    assert "journal_partiel" not in captured.out and "avertissement" not in captured.err


def test_a_correction_that_does_not_repair_writes_nothing(broken, capsys):
    path, session_id, seq = broken
    store = Store.open(path)
    n = len(store.load_events(session_id))
    store.close()
    assert main(["correct", "--db", str(path), "--session", session_id, "--event", "0"]) == 2
    assert "ne suffit pas" in capsys.readouterr().err
    store = Store.open(path, access="read")
    assert len(store.load_events(session_id)) == n
    store.close()


def test_two_writers_double_cancellation_opens_on_its_prefix_and_is_corrected(tmp_path):
    """What two writers produced before the lock belonged to the file: the same event
    cancelled twice (« L'événement d'indice k est déjà annulé »). The journal opens on its
    prefix, and cancelling the second cancellation lets the session go on."""
    import json
    import sqlite3

    from app.domain.events import Correction, encode_event
    from app.services.store import chain_hash

    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21))
    service.note(None, "Note saisie par erreur.")
    target = len(service.events) - 1
    service.correct(target, "première instance")
    store.close()
    # the second writer's cancellation of the same event, chained as it would have been
    conn = sqlite3.connect(path)
    with conn:
        seq, prev = conn.execute(
            "SELECT seq + 1, hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
            [session_id],
        ).fetchone()
        payload = json.dumps(
            encode_event(
                Correction(target=target, reason="seconde instance", at=datetime(2026, 3, 12, 21))
            ),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        conn.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?)",
            [
                session_id,
                seq,
                "correction",
                payload,
                "2026-03-12T21:00:00",
                prev,
                chain_hash(prev, session_id, seq, payload),
            ],
        )
    conn.close()
    store = Store.open(path)
    try:
        assert store.verify().ok
        with pytest.raises(DomainError, match="déjà annulé"):
            SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21))
        replayed = replay_tolerant(
            store.load_assembly("A1"),
            store.load_session(session_id),
            store.load_events(session_id),
        )
        assert replayed.broken_at == seq
        assert f"l'événement d'indice {seq}" in replayed.explanation()
        correct_faulty(store, session_id, seq, "doublon", lambda: datetime(2026, 3, 12, 21))
        service = SessionService(store, session_id, lambda: datetime(2026, 3, 12, 21, 5))
        service.note(None, "La séance continue.")
        assert store.verify().ok
    finally:
        store.close()


def test_an_undecodable_event_opens_on_the_prefix_too(tmp_path, capsys):
    """A vote edited to a negative count cannot even be read back: the session still opens
    on the events before it (summary, export), and ``verify`` names it."""
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    store.close()
    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, lambda data: data.update({"against": -3}))
    recompute_chain(path, session_id)
    assert main(["summary", "--db", str(path), "--session", session_id]) == 0
    captured = capsys.readouterr()
    assert f'"jusqu_a_evenement": {seq}' in captured.out and "illisible" in captured.err
    out = tmp_path / "docs"
    assert main(["export", "--db", str(path), "--session", session_id, "--out", str(out)]) == 0
    assert main(["verify", "--db", str(path)]) == 0
    assert f"l'événement d'indice {seq}" in capsys.readouterr().err
