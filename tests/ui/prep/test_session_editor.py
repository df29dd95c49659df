"""The session editor: a session with its agenda, typed like a person, then opened by the
session service (and in the live window)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.domain.assembly import Majority, item_id_problem
from app.services.session_service import SessionService
from tests.ui.prep.helpers import replace_text, show_active, type_text
from ui.prep.nomenclature import load_subjects, nomenclature_path
from ui.prep.session_editor import SessionEditor

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "demo.json"


def subjects():
    return load_subjects(nomenclature_path())


def make_editor(qtbot, store, assembly_id, session_id=None) -> SessionEditor:
    editor = SessionEditor(store, assembly_id, session_id, subjects=subjects())
    show_active(qtbot, editor)
    return editor


def add_item(qtbot, editor, title: str, subject: str = "") -> None:
    qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)
    assert editor.title_edit.hasFocus()
    type_text(qtbot, editor.title_edit, title)
    if subject:
        type_text(qtbot, editor.subject_combo.lineEdit(), subject)


def test_create_a_session_with_three_items_and_open_it(qtbot, store, clock, prompts):
    assembly = store.assemblies()[0]
    before = {s.id for s in store.sessions()}
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    replace_text(qtbot, editor.time_edit, "18h45")
    type_text(qtbot, editor.place_edit, "salle du conseil")
    editor.convened_edit.setDate(QDate(2026, 4, 2))
    editor.president_combo.setCurrentIndex(editor.president_combo.findData("m1"))
    editor.secretaries_list.item(6).setCheckState(Qt.CheckState.Checked)

    add_item(qtbot, editor, "Vote du budget primitif 2026", "7.1")
    type_text(qtbot, editor.articles_edit, "ADOPTE le budget primitif 2026.")
    editor.visas_edit.setFocus()
    type_text(qtbot, editor.visas_edit, "Vu le CGCT,\nVu l'avis de la commission,")
    add_item(qtbot, editor, "Adhésion au syndicat mixte")
    editor.subject_combo.setCurrentIndex(editor.subject_combo.findData("5.7"))
    editor.majority_combo.setCurrentIndex(
        editor.majority_combo.findData(Majority.TWO_THIRDS_EXPRESSED)
    )
    add_item(qtbot, editor, "Tarifs de la cantine")
    replace_text(qtbot, editor.number_edit, "2026_003")
    # the third item goes first: Alt+Up twice on the agenda
    editor.agenda_view.setFocus()
    qtbot.keyClick(editor.agenda_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.agenda_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [it.title for it in editor.agenda_model.items] == [
        "Tarifs de la cantine",
        "Vote du budget primitif 2026",
        "Adhésion au syndicat mixte",
    ]
    assert editor.current_row() == 0 and editor.title_edit.text() == "Tarifs de la cantine"

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible()
    new_id = editor.saved_id
    assert new_id == "2026-04-09" and new_id not in before
    saved = store.load_session(new_id)
    assert (
        saved.date,
        saved.time,
        saved.place,
        saved.convened_on,
        saved.president,
        saved.secretaries,
    ) == (date(2026, 4, 9), "18:45", "salle du conseil", date(2026, 4, 2), "m1", ("m7",))
    assert [it.id for it in saved.items] == ["2026_003", "1", "2"]
    budget = saved.items[1]
    assert budget.subject == "7.1" and budget.articles == ("ADOPTE le budget primitif 2026.",)
    assert budget.visas == ("Vu le CGCT,", "Vu l'avis de la commission,")
    assert saved.items[2].subject == "5.7"
    assert saved.items[2].majority is Majority.TWO_THIRDS_EXPRESSED

    service = SessionService(store, new_id, clock)
    assert [it.id for it in service.session.items] == ["2026_003", "1", "2"]
    service.open_session()
    service.arrive("m1")
    assert service.state.attendance().present == ("m1",)


def test_the_new_session_opens_in_the_live_window(qtbot, store, clock, prompts):
    main_window = pytest.importorskip("ui.main_window")
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    for title in ("Premier point", "Deuxième point", "Troisième point"):
        add_item(qtbot, editor, title)
    assert editor.save()
    service = SessionService(store, editor.saved_id, clock)
    window = main_window.MainWindow(store, service, clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.agenda_model
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert model.rowCount() == 3
    assert "Premier point" in shown[0] and "Troisième point" in shown[2]
    assert "9 avril 2026" in window.title_label.text()


def test_item_errors_are_shown_under_the_fields_and_nothing_is_saved(qtbot, store, prompts):
    assembly = store.assemblies()[0]
    count = len(store.sessions())
    editor = make_editor(qtbot, store, assembly.id)
    add_item(qtbot, editor, "Premier point")
    add_item(qtbot, editor, "")
    replace_text(qtbot, editor.number_edit, "1")
    type_text(qtbot, editor.actes_edit, "2026-a")
    replace_text(qtbot, editor.time_edit, "25:00")
    assert not editor.save()
    assert editor.current_row() == 1  # the faulty item is shown
    assert editor.number_error.message == (
        "Le numéro «\u00a01\u00a0» est déjà pris par un autre point."
    )
    assert "0-9, A-Z" in editor.actes_error.message
    assert editor.title_error.message == "L'objet du point est obligatoire."
    assert "point n° 2" in editor.session_error.message
    editor.number_edit.clear()
    editor.number_edit.textEdited.emit("")
    assert not editor.save()
    # the one check of item numbers, shared with the seance/1 codec
    assert editor.number_error.message == item_id_problem("")
    replace_text(qtbot, editor.number_edit, "2")
    replace_text(qtbot, editor.actes_edit, "2026_A")
    type_text(qtbot, editor.title_edit, "Second point")
    assert not editor.save()
    assert editor.time_error.message == "Heure illisible\u00a0: attendu HH:MM (ex. 18:30)."
    replace_text(qtbot, editor.time_edit, "9:05")
    type_text(qtbot, editor.subject_combo.lineEdit(), "99.9")
    assert not editor.save()
    assert "absente de la nomenclature" in editor.subject_error.message
    replace_text(qtbot, editor.subject_combo.lineEdit(), "7.2 — Fiscalité")
    assert len(store.sessions()) == count  # nothing half-saved
    assert editor.save()
    saved = store.load_session(editor.saved_id)
    assert saved.time == "09:05" and saved.items[1].subject == "7.2"


def test_edit_existing_session_remove_and_escape(qtbot, store, prompts):
    session = store.load_session(store.sessions()[0].id)
    editor = make_editor(qtbot, store, session.assembly_id, session.id)
    assert editor.agenda_model.items == session.items and not editor.dirty
    assert editor.president_combo.currentData() == session.president
    editor.select_item(len(session.items) - 1)
    editor.agenda_view.setFocus()
    qtbot.keyClick(editor.agenda_view, Qt.Key.Key_Delete)
    assert prompts.questions and len(editor.agenda_model.items) == len(session.items) - 1
    prompts.answer = prompts.answer.Cancel
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()  # asked, kept
    prompts.answer = prompts.answer.Discard
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert store.load_session(session.id) == session


def test_copy_the_agenda_of_a_previous_session(qtbot, store, prompts):
    previous = store.load_session(store.sessions()[0].id)
    editor = make_editor(qtbot, store, previous.assembly_id)
    qtbot.mouseClick(editor.copy_agenda_button, Qt.MouseButton.LeftButton)
    copied = editor.agenda_model.items
    assert [(it.id, it.title, it.nature, it.subject) for it in copied] == [
        (it.id, it.title, it.nature, it.subject) for it in previous.items
    ]
    assert all(not it.articles and not it.preamble and it.rapporteur is None for it in copied)
    qtbot.mouseClick(editor.copy_agenda_button, Qt.MouseButton.LeftButton)  # again: renamed
    ids = [it.id for it in editor.agenda_model.items]
    assert len(ids) == len(set(ids)) == 2 * len(previous.items)
    assert editor.save()


def test_import_a_seance_file(qtbot, empty_store, prompts, tmp_path):
    from app.services.interchange import import_file

    first = import_file(empty_store, DEMO)
    assembly_id = empty_store.load_session(first).assembly_id
    editor = make_editor(qtbot, empty_store, assembly_id)
    prompts.open_path = str(DEMO)
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    imported = editor.saved_id
    assert imported not in (None, first)
    assert editor.isVisible() and not editor.dirty  # same assembly: shown for editing
    assert editor.agenda_model.items == empty_store.load_session(imported).items
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "seance/1"}', "utf-8")
    prompts.open_path = str(bad)
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert "rien n'a été enregistré" in prompts.messages[-1]
    assert editor.saved_id == imported


def test_drag_an_item_to_another_place(qtbot, store):
    session = store.load_session(store.sessions()[0].id)
    editor = make_editor(qtbot, store, session.assembly_id, session.id)
    view, model = editor.agenda_view, editor.agenda_model
    mime = model.mimeData([model.index(0, 0)])
    target = view.visualRect(model.index(3, 0))
    position = QPointF(target.center().x(), target.top() + 1)  # just above row 3
    for kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
        event = (
            QDragMoveEvent(
                position.toPoint(),
                Qt.DropAction.MoveAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                kind,
            )
            if kind == QEvent.Type.DragMove
            else QDragEnterEvent(
                position.toPoint(),
                Qt.DropAction.MoveAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
        QApplication.sendEvent(view.viewport(), event)
    drop = QDropEvent(
        position,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), drop)
    ids = [it.id for it in model.items]
    assert ids == [it.id for it in session.items[1:3]] + [session.items[0].id] + [
        it.id for it in session.items[3:]
    ]
    assert editor.dirty


def test_tab_goes_through_the_fields_in_reading_order(qtbot, store):
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    editor.add_item()

    def tabbing_from(widget, count):
        widget.setFocus()
        seen = [QApplication.focusWidget()]
        for _ in range(count):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen.append(QApplication.focusWidget())
        return seen

    # (Tab inside a date goes from day to month to year first, as everywhere in Qt)
    assert tabbing_from(editor.time_edit, 2) == [
        editor.time_edit,
        editor.place_edit,
        editor.convened_edit,
    ]
    assert tabbing_from(editor.president_combo, 4) == [
        editor.president_combo,
        editor.secretaries_list,
        editor.auxiliaries_edit,
        editor.agenda_view,
        editor.add_item_button,
    ]
    assert tabbing_from(editor.number_edit, 4) == [
        editor.number_edit,
        editor.actes_edit,
        editor.title_edit,
        editor.nature_combo,
        editor.subject_combo,
    ]
    assert tabbing_from(editor.preamble_edit, 3) == [
        editor.preamble_edit,
        editor.visas_edit,
        editor.articles_edit,
        editor.annexes_edit,
    ]


def test_open_session_editor_returns_the_saved_id(qtbot, store):
    from PySide6.QtCore import QTimer

    from ui.prep import open_session_editor

    assembly = store.assemblies()[0]

    def fill_and_save() -> None:
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, SessionEditor):  # not shown yet (a loaded machine): later
            QTimer.singleShot(100, fill_and_save)
            return
        editor.date_edit.setDate(QDate(2026, 5, 7))
        add_item(qtbot, editor, "Point unique")
        editor.buttons.accepted.emit()

    QTimer.singleShot(100, fill_and_save)
    session_id = open_session_editor(None, store, assembly.id, None)
    assert session_id == "2026-05-07"
    assert [it.title for it in store.load_session(session_id).items] == ["Point unique"]


def test_items_named_in_the_journal_stay(qtbot, store, prompts):
    session = store.load_session(store.sessions()[0].id)  # the demo: items 1-3 voted
    editor = make_editor(qtbot, store, session.assembly_id, session.id)
    assert session.items[0].id in editor.journal_items()
    editor.select_item(0)
    qtbot.mouseClick(editor.remove_item_button, Qt.MouseButton.LeftButton)
    assert "ne peut pas être retiré" in prompts.messages[-1]
    assert len(editor.agenda_model.items) == len(session.items)
    replace_text(qtbot, editor.number_edit, "RENUMEROTE")
    assert not editor.save()
    assert "journal de la séance ne s'accorde plus" in editor.session_error.message
    assert store.load_session(session.id) == session
    replace_text(qtbot, editor.number_edit, session.items[0].id)
    type_text(qtbot, editor.title_edit, " (modifié)")
    assert editor.save()
    assert store.load_session(session.id).items[0].title.endswith("(modifié)")


def test_the_editor_fits_a_1366x768_laptop(qtbot, store, monkeypatch):
    """Its buttons (« Enregistrer ») were below the bottom of a 768-pixel screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from ui.widgets.screen import TITLE_BAR

    laptop = QRect(0, 0, 1366, 728)  # 768 minus a 40-pixel task bar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: laptop)
    editor = SessionEditor(store, store.assemblies()[0].id, None, subjects=subjects())
    qtbot.addWidget(editor)
    assert editor.height() + TITLE_BAR <= laptop.height()
    assert editor.width() <= laptop.width()
    assert editor.minimumSizeHint().height() <= editor.height()


def test_the_presidency_label_suits_a_presidente(qtbot, store):
    """« Président : » in front of « Mme MARTIN Anne » read wrong: the row is neutral."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    labels = [w.text() for w in editor.findChildren(QLabel)]
    assert "Pré&sidence :" in labels and "Présiden&t :" not in labels
    form = editor.president_combo.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    assert form.labelForField(editor.president_combo).text() == "Pré&sidence :"


def test_second_convocation_and_auxiliary_secretaries(qtbot, store, prompts):
    """L2121-17: the failed meeting is at least three days earlier (else the error is shown
    beside its field and nothing is saved); L2121-15: auxiliary secretaries who are not
    members are typed one per line, « nom, fonction »."""
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    assert not editor.failed_edit.isEnabled()  # a first convocation has no failed meeting
    editor.second_radio.setChecked(True)
    assert editor.failed_edit.isEnabled()
    editor.failed_edit.setDate(QDate(2026, 4, 7))
    editor.auxiliaries_edit.setFocus()
    type_text(qtbot, editor.auxiliaries_edit, "Mme Claire PETIT, directrice générale des services")
    add_item(qtbot, editor, "Budget")
    before = {s.id for s in store.sessions()}
    assert not editor.save()
    assert "au moins 3 jours" in editor.failed_error.text()
    assert {s.id for s in store.sessions()} == before
    editor.failed_edit.setDate(QDate(2026, 4, 6))
    assert editor.save()
    saved = store.load_session(editor.saved_id)
    assert saved.convocation == 2 and saved.failed_meeting_on == date(2026, 4, 6)
    assert [(a.name, a.function) for a in saved.auxiliaries] == [
        ("Mme Claire PETIT", "directrice générale des services")
    ]
    reopened = make_editor(qtbot, store, assembly.id, saved.id)
    assert reopened.auxiliaries_edit.toPlainText() == (
        "Mme Claire PETIT, directrice générale des services"
    )
    assert reopened.failed_edit.value() == date(2026, 4, 6) and not reopened.dirty


def test_a_short_convocation_delay_is_said_from_the_population(qtbot, store, prompts):
    """L2121-11/12: the jours francs warning follows the assembly's population (unknown:
    the 3-day rule, said so); a warning, the session still saves."""
    from dataclasses import replace as with_

    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    editor.convened_edit.setDate(QDate(2026, 4, 4))  # 4 jours francs: the 5th to the 8th
    assert editor.convened_warning.message == ""
    editor.convened_edit.setDate(QDate(2026, 4, 7))  # one jour franc
    assert "3 requis" in editor.convened_warning.message
    assert "population non renseignée" in editor.convened_warning.message
    add_item(qtbot, editor, "Budget")
    assert editor.save()  # said, not refused
    store.save_assembly(with_(store.load_assembly(assembly.id), population=3_500))
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    editor.convened_edit.setDate(QDate(2026, 4, 4))
    assert "5 requis" in editor.convened_warning.message
    assert "commune de 3\u00a0500 habitants" in editor.convened_warning.message


def test_an_item_marked_compte_administratif_by_keyboard(qtbot, store, prompts):
    """Alt+F ticks « compte administratif ou compte financier unique » (L2121-14): the
    saved item carries the marker, the live window then proposes its president."""
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    editor.date_edit.setDate(QDate(2026, 4, 9))
    editor.president_combo.setCurrentIndex(editor.president_combo.findData("m1"))
    add_item(qtbot, editor, "Compte administratif 2025")
    add_item(qtbot, editor, "Tarifs de la cantine")
    editor.agenda_view.setCurrentIndex(editor.agenda_model.index(0, 0))
    assert not editor.presided_apart_check.isChecked()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(editor.presided_apart_check.isChecked)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = store.load_session(editor.saved_id)
    assert [it.presided_apart for it in saved.items] == [True, False]
