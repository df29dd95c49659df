"""The session chooser shows what is due after the sessions (issue #14)."""

from __future__ import annotations

from datetime import date, datetime

from app.services.minutes_life import After, record_after
from app.services.store import Store
from tests.integration.helpers.register_year import script_year
from ui.session_chooser import SessionChooser, todo_html


def test_overdue_duties_are_red_and_marked(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "year.sqlite")
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    record_after(store, "s1", After.LIST_PUBLISHED, date(2026, 2, 9), clock=clock)
    text = todo_html(store, date(2026, 7, 1))
    lines = text.split("<li")[1:]
    assert len(lines) == 4
    overdue = [line for line in lines if "color:#b00020" in line]
    assert len(overdue) == 2 and all("\u26a0" in line for line in overdue)
    assert all("\u26a0" not in line for line in lines if line not in overdue)
    chooser = SessionChooser(store)
    qtbot.addWidget(chooser)
    assert chooser.todo.text()  # every duty is late on the real today (2026-11-30 or later)
    assert "À faire" in chooser.todo.text()
    chooser.close()
    store.close()


def test_nothing_due_shows_nothing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "empty.sqlite")
    assert todo_html(store, date(2026, 7, 1)) == ""
    chooser = SessionChooser(store)
    qtbot.addWidget(chooser)
    assert chooser.todo.isHidden()
    store.close()


def test_register_and_publication_from_the_chooser(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    store = Store.open(tmp_path / "year.sqlite")
    script_year(store)
    chooser = SessionChooser(store)
    qtbot.addWidget(chooser)
    shown: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text: shown.append(text))
    chooser.after_button.click()  # the secretary says no: nothing is issued
    assert not (tmp_path / "out").exists() and shown == []
    chooser.after_button.click()
    assert (tmp_path / "out" / "publication" / "index.html").exists()
    assert sorted(p.name for p in (tmp_path / "out" / "registre").glob("*.pdf"))[0] == (
        "registre_2026_feuillets_0001-0003_seance_2026-02-05.pdf"
    )
    assert shown and shown[0].startswith("Registre 2026\u00a0: 7 feuillets")
    chooser.close()
    store.close()
