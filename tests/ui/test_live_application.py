"""Starting the GUI: the lock, the demo, the chooser, files, preparation and export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import DomainError
from app.domain.events import SessionClosed
from app.services.interchange import export_document
from app.services.store import Store
from ui.application import SeanceApplication, most_recent_open_session
from ui.session_chooser import SessionChooser


def test_second_instance_on_the_same_file_reads_only(qtbot, store, db_path, clock, monkeypatch):
    """The file is written by another instance: this one opens it read only, says so, and
    refuses every act with that sentence (one writer by construction)."""
    from ui import storage_guard

    shown: list[str] = []
    monkeypatch.setattr(storage_guard, "tell", lambda parent, title, text, **k: shown.append(text))
    before = len(store.load_events(store.sessions()[0].id))
    controller = SeanceApplication(clock, demo=False)
    try:
        assert controller.start(db_path) is None
        window = controller.window
        assert window is not None
        qtbot.addWidget(window)
        assert len(shown) == 1 and "déjà ouvert par une autre instance de Séance" in shown[0]
        assert controller.store is not None and controller.store.read_only
        with pytest.raises(DomainError, match="lecture seule"):
            window._service.note(None, "refusée")
        window.close()
    finally:
        controller.shutdown()
    assert len(store.load_events(store.sessions()[0].id)) == before


def test_first_start_shows_the_demo_session(qtbot, tmp_path, clock):
    controller = SeanceApplication(clock)
    try:
        assert controller.start(tmp_path / "new.sqlite") is None
        window = controller.window
        assert window is not None
        qtbot.addWidget(window)
        assert window.isVisible()
        assert window.banner.text.startswith("QUORUM ATTEINT")
        assert "Conseil municipal — séance du 12 mars 2026" in window.title_label.text()
        window.close()
    finally:
        controller.shutdown()


def test_chooser_when_every_session_is_closed(
    qtbot, store, session_id, tmp_path, clock, monkeypatch
):
    store.append_event(session_id, SessionClosed(at=clock()))
    assert most_recent_open_session(store) is None
    path = store.path
    store.close()

    def choose() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, SessionChooser)
        assert chooser.model.rowCount() == 1
        assert "close" in chooser.model.index(0, 0).data()
        qtbot.keyClick(chooser.view, Qt.Key.Key_Return)

    controller = SeanceApplication(clock)
    try:
        QTimer.singleShot(0, choose)
        assert controller.start(path) is None
        assert controller.window is not None
        qtbot.addWidget(controller.window)
        assert controller.window.service.session.id == session_id
        controller.window.close()
    finally:
        controller.shutdown()


def test_cancelled_chooser_exits_quietly(qtbot, store, session_id, clock):
    store.append_event(session_id, SessionClosed(at=clock()))
    path = store.path
    store.close()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    controller = SeanceApplication(clock)
    assert controller.start(path) == 0
    assert controller.window is None


def test_importing_a_json_file_opens_the_imported_session(qtbot, tmp_path, clock):
    controller = SeanceApplication(clock)
    try:
        assert controller.start(tmp_path / "a.sqlite") is None
        window = controller.window
        qtbot.addWidget(window)
        service = window.service
        doc = export_document(service.assembly, service.session, service.events)
        doc["session"]["date"] = "2026-04-02"
        # the journal's constitution would contradict the edited date: import the sections
        doc["session"]["events"] = [
            e for e in doc["session"]["events"] if e["type"] != "constituted"
        ]
        for ev in doc["session"]["events"]:  # events happen on the session's day
            if "at" in ev:
                ev["at"] = ev["at"].replace("2026-03-12", "2026-04-02")
        source = tmp_path / "avril.json"
        source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        window.file_requested.emit(str(source))
        assert window.service.session.date.isoformat() == "2026-04-02"
        assert "séance du 2 avril 2026" in window.title_label.text()
        window.close()
    finally:
        controller.shutdown()


def test_opening_another_database(qtbot, tmp_path, clock):
    other = Store.open(tmp_path / "other.sqlite")
    from app.services.demo import ensure_demo

    ensure_demo(other)
    other.close()
    controller = SeanceApplication(clock)
    try:
        assert controller.start(tmp_path / "a.sqlite") is None
        window = controller.window
        qtbot.addWidget(window)
        first_store = controller.store
        window.file_requested.emit(str(tmp_path / "other.sqlite"))
        assert controller.store is not first_store
        assert window.store is controller.store
        assert controller.store.path == tmp_path / "other.sqlite"
        # the first file is free again: its lock was released
        Store.open(tmp_path / "a.sqlite").close()
        window.close()
    finally:
        controller.shutdown()


def test_preparation_menu_opens_the_saved_session(qtbot, window, monkeypatch):
    import ui.prep

    calls: list[tuple] = []

    def fake_editor(parent, store, assembly_id, session_id):
        calls.append((assembly_id, session_id))
        return "S-NEW"

    monkeypatch.setattr(ui.prep, "open_session_editor", fake_editor)
    with qtbot.waitSignal(window.session_requested) as blocker:
        window.new_session_action.trigger()
    assert blocker.args == ["S-NEW"]
    assert calls == [(window.service.assembly.id, None)]


def test_a_new_assembly_from_the_window_then_its_members_and_first_session(
    qtbot, window, monkeypatch
):
    """Starting from the demo, the secretary creates his own assembly: there was no way to
    create one (« Assemblée… » edits the current one)."""
    import ui.prep

    calls: list[tuple] = []

    def assembly_editor(parent, store, assembly_id):
        calls.append(("assembly", assembly_id))
        return "A-NEW"

    def members_editor(parent, store, assembly_id):
        calls.append(("members", assembly_id))
        return True

    def session_editor(parent, store, assembly_id, session_id):
        calls.append(("session", assembly_id, session_id))
        return "S-NEW"

    monkeypatch.setattr(ui.prep, "open_assembly_editor", assembly_editor)
    monkeypatch.setattr(ui.prep, "open_members_editor", members_editor)
    monkeypatch.setattr(ui.prep, "open_session_editor", session_editor)
    assert window.new_assembly_action.text() == "Nouvelle assemblée…"
    with qtbot.waitSignal(window.session_requested) as blocker:
        window.new_assembly_action.trigger()
    assert blocker.args == ["S-NEW"]
    assert calls == [("assembly", None), ("members", "A-NEW"), ("session", "A-NEW", None)]


def test_chooser_on_an_empty_file_creates_the_assembly_first(qtbot, tmp_path, monkeypatch):
    import ui.prep

    calls: list[tuple] = []
    monkeypatch.setattr(
        ui.prep,
        "open_assembly_editor",
        lambda parent, store, aid: calls.append(("assembly", aid)) or "A1",
    )
    monkeypatch.setattr(
        ui.prep,
        "open_members_editor",
        lambda parent, store, aid: calls.append(("members", aid)) or True,
    )
    monkeypatch.setattr(
        ui.prep,
        "open_session_editor",
        lambda parent, store, aid, sid: calls.append(("session", aid)) or "S1",
    )
    store = Store.open(tmp_path / "empty.sqlite")
    try:
        chooser = SessionChooser(store)
        qtbot.addWidget(chooser)
        chooser.new_button.click()
        assert calls == [("assembly", None), ("members", "A1"), ("session", "A1")]
        assert chooser.session_id == "S1"
    finally:
        store.close()


def test_chooser_asks_which_assembly_a_new_session_belongs_to(qtbot, store, monkeypatch):
    from dataclasses import replace

    from PySide6.QtWidgets import QInputDialog

    import ui.prep

    demo = store.assemblies()[0]
    store.save_assembly(
        replace(
            store.load_assembly(demo.id), id="A-OTHER", name="Comité syndical", organisation="SIVU"
        )
    )
    asked: list[list[str]] = []

    def get_item(parent, title, label, items, current, editable):
        asked.append(list(items))
        return "Comité syndical (SIVU)", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    chosen: list[str] = []
    monkeypatch.setattr(
        ui.prep, "open_session_editor", lambda parent, store, aid, sid: chosen.append(aid) or None
    )
    chooser = SessionChooser(store)
    qtbot.addWidget(chooser)
    chooser.new_button.click()
    assert len(asked) == 1 and "Comité syndical (SIVU)" in asked[0]
    assert chosen == ["A-OTHER"]


@pytest.mark.slow
def test_export_runs_in_a_thread_and_opens_the_folder(qtbot, window, tmp_path, monkeypatch):
    from app.documents.export import precheck

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Yes
    )  # proceed despite warnings
    out = tmp_path / "documents"
    window.start_export(out, precheck)
    assert not window.export_action.isEnabled()
    qtbot.waitUntil(lambda: window.export_action.isEnabled(), timeout=60000)
    assert opened == [str(out)]
    names = sorted(p.name for p in out.iterdir())
    assert "proces-verbal_2026-03-12.pdf" in names
    assert "seance_2026-03-12.json" in names
    assert "exporté" in window.status_line.text() and not window.status_line.is_error


def test_export_warnings_let_the_user_stop(qtbot, window, tmp_path, monkeypatch):
    asked: list[str] = []

    def refuse(parent, title, text, *a):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "warning", refuse)
    window.start_export(tmp_path / "out", lambda *a: ["Aucun secrétaire de séance."])
    assert asked and "Aucun secrétaire de séance." in asked[0]
    assert not (tmp_path / "out").exists()
    assert window.export_action.isEnabled()


def test_an_unexpected_error_is_shown_not_swallowed(qtbot, tmp_path, clock, capsys):
    import sys

    controller = SeanceApplication(clock)
    previous = sys.excepthook
    try:
        assert controller.start(tmp_path / "a.sqlite") is None
        qtbot.addWidget(controller.window)
        controller.install_excepthook()
        try:
            raise KeyError("m99")
        except KeyError as err:
            sys.excepthook(type(err), err, err.__traceback__)
        assert controller.window.status_line.is_error
        assert "Erreur inattendue (KeyError)" in controller.window.status_line.text()
        assert "KeyError" in capsys.readouterr().err
        controller.window.close()
    finally:
        controller.shutdown()
    assert sys.excepthook is previous


def test_a_named_empty_file_gets_no_demo(qtbot, tmp_path, clock, monkeypatch):
    """Only the default database is seeded with the demo; the secretary's own file stays
    empty (the chooser is shown, and cancelled here)."""
    from app.services.store import Store
    from ui.application import SeanceApplication

    controller = SeanceApplication(clock, demo=False)
    monkeypatch.setattr(controller, "_choose", lambda store, parent: (None, None))
    path = tmp_path / "mon-conseil.sqlite"
    assert controller.start(path) == 0
    store = Store.open(path)
    assert store.assemblies() == [] and store.sessions() == []
    store.close()
