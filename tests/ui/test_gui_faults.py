"""Storage faults in the GUI: a French dialog, never a traceback or a crash, and a way on.

Dialogs are replaced by recorders (``ui.storage_guard.tell`` / ``ask_*``, QMessageBox)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from app.domain.errors import DomainError
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.store import Store
from tests.integration.test_faults import corrupt_middle_page
from tests.integration.test_tamper import (
    first_event_index,
    recompute_chain,
    recreate_triggers,
    tamper,
)
from ui import storage_guard
from ui.application import SeanceApplication


def clock() -> datetime:
    return datetime(2026, 3, 12, 21, 0)


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(storage_guard, "tell", lambda parent, title, text, **k: shown.append(text))
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda parent, title, text, *a: shown.append(text))
        )
    return shown


@pytest.fixture
def demo_db(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    store.close()
    return path, session_id


def start(qtbot, path: Path) -> tuple[SeanceApplication, int | None]:
    controller = SeanceApplication(clock, demo=False)
    code = controller.start(path)
    if controller.window is not None:
        qtbot.addWidget(controller.window)
    return controller, code


def test_corrupted_file_gives_a_dialog_not_a_crash(qtbot, demo_db, said):
    path, _ = demo_db
    corrupt_middle_page(path)
    controller, code = start(qtbot, path)
    controller.shutdown()
    assert code == 2
    assert len(said) == 1 and "endommagé" in said[0]


def test_empty_file_is_named_and_kept_unless_the_secretary_agrees(
    qtbot, tmp_path, said, monkeypatch
):
    empty = tmp_path / "vide.sqlite"
    empty.write_bytes(b"")
    asked: list[str] = []
    monkeypatch.setattr(
        storage_guard, "ask_empty", lambda parent, text: asked.append(text) or False
    )
    controller, code = start(qtbot, empty)
    controller.shutdown()
    assert code == 2 and "est vide (0 octet)" in asked[0]
    assert empty.read_bytes() == b""
    monkeypatch.setattr(storage_guard, "ask_empty", lambda parent, text: True)
    store = storage_guard.open_store(None, empty)
    assert store is not None and store.sessions() == []
    store.close()


def test_tampered_vote_is_said_on_open_and_export_refused(qtbot, demo_db, said, tmp_path):
    path, session_id = demo_db
    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, lambda d: d.update({"for": d["for"] - 1, "against": 1}))
    recreate_triggers(path)
    controller, code = start(qtbot, path)
    try:
        assert code is None
        assert any("modifié en dehors de Séance" in s and f"indice {seq}" in s for s in said)
        window = controller.window
        assert window is not None
        said.clear()
        window.start_export(tmp_path / "docs", lambda *a: [])
        assert any("Export refusé" in s and f"indice {seq}" in s for s in said)
        assert not (tmp_path / "docs").exists()
        window.close()
    finally:
        controller.shutdown()


def edited_vote(path: Path, session_id: str) -> int:
    seq = first_event_index(path, session_id, "vote_recorded")
    tamper(path, session_id, seq, lambda data: data.update({"for": data["for"] + 500}))
    recompute_chain(path, session_id)
    return seq


def test_broken_journal_opens_read_only_on_its_prefix(qtbot, demo_db, said, monkeypatch, tmp_path):
    path, session_id = demo_db
    seq = edited_vote(path, session_id)
    explained: list[str] = []
    monkeypatch.setattr(
        storage_guard,
        "ask_broken",
        lambda parent, text, k: explained.append(text) or storage_guard.CONSULT,
    )
    controller, code = start(qtbot, path)
    try:
        assert code is None
        assert f"l'événement d'indice {seq}" in explained[0]
        window = controller.window
        assert window is not None
        assert len(window._service.events) == seq
        with pytest.raises(DomainError, match=f"lecture seule jusqu'à l'événement {seq}"):
            window._service.note(None, "refusée")
        # the documents of the prefix are exported, marked on every page
        out = tmp_path / "docs"
        window.start_export(out, lambda *a: [])
        window.exporter.wait()
        qtbot.waitUntil(lambda: window.exporter.running is None, timeout=10_000)
        pdfs = sorted(out.glob("*.pdf"))
        assert pdfs and not list(out.glob(".seance-export-*"))
        for pdf in pdfs:
            for page in PdfReader(str(pdf)).pages:
                assert "Journal partiel" in page.extract_text(), pdf.name
        window.close()
    finally:
        controller.shutdown()
    store = Store.open(path, access="read")
    # nothing written: the demo's 40 acts and the constitution recorded on import
    assert len(store.load_events(session_id)) == 41
    store.close()


def test_broken_journal_corrected_from_the_dialog_goes_on(qtbot, demo_db, said, monkeypatch):
    path, session_id = demo_db
    seq = edited_vote(path, session_id)
    monkeypatch.setattr(storage_guard, "ask_broken", lambda parent, text, k: storage_guard.CORRECT)
    controller, code = start(qtbot, path)
    try:
        assert code is None
        window = controller.window
        assert window is not None
        # the correction was appended (40 acts, the constitution recorded on import)
        assert len(window._service.events) == 42
        window._service.note(None, "La séance continue.")
        window.close()
    finally:
        controller.shutdown()
    store = Store.open(path, access="read")
    events = store.load_events(session_id)
    store.close()
    assert len(events) == 43 and getattr(events[41], "target", None) == seq


def test_save_a_copy_from_the_window(qtbot, demo_db, said, tmp_path):
    path, session_id = demo_db
    controller, code = start(qtbot, path)
    try:
        assert code is None
        window = controller.window
        assert window is not None
        window._service.note(None, "Avant la pause.")
        target = tmp_path / "cle" / "copie.sqlite"
        target.parent.mkdir()
        assert storage_guard.save_copy(window, window.store, str(target)) == target
        assert "Copie enregistrée" in said[-1]
        copy = Store.open(target, access="read")
        assert len(copy.load_events(session_id)) == len(window._service.events)
        copy.close()
        file_menu = window.menuBar().actions()[0].menu()
        assert "Enregistrer une copie…" in [a.text() for a in file_menu.actions()]
        window.close()
    finally:
        controller.shutdown()


def test_full_disk_in_the_window_is_said_in_french(qtbot, demo_db, said):
    path, _ = demo_db
    controller, code = start(qtbot, path)
    try:
        assert code is None
        window = controller.window
        assert window is not None
        store = window.store
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count={pages}")
        with pytest.raises(DomainError) as caught:
            for _ in range(2000):
                window._service.note(None, "x" * 2000)
        assert str(caught.value).startswith("Le disque est plein")
        window.close()
    finally:
        controller.shutdown()


def test_automatic_copy_after_each_vote(qtbot, demo_db, said, tmp_path, monkeypatch):
    path, session_id = demo_db
    key = tmp_path / "cle-usb"
    key.mkdir()
    monkeypatch.setattr(storage_guard, "auto_backup_folder", lambda: key)
    controller, code = start(qtbot, path)
    try:
        assert code is None
        window = controller.window
        assert window is not None
        service = window._service
        service.note(None, "Pas de copie pour une note.")
        assert list(key.iterdir()) == []
        item = service.state.current_item
        service.record_unanimity(item)
        (copy,) = list(key.iterdir())
        reader = Store.open(copy, access="read")
        assert len(reader.load_events(session_id)) == len(service.events)
        reader.close()
        # the key is pulled out: the act is stored all the same, and the failure is said
        shutil.rmtree(key)
        errors: list[str] = []
        monkeypatch.setattr(window, "show_error", errors.append)
        service.close_session()
        assert service.state.closed_at is not None
        assert errors and "Copie automatique non faite" in errors[0] and "introuvable" in errors[0]
        window.close()
    finally:
        controller.shutdown()
