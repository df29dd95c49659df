"""The live window driven like a person: keys, dialogs, menus (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.events import Arrived, Correction, Left, Note
from app.services.session_service import SessionService
from app.services.store import Store
from ui.main_window import MainWindow
from ui.models.roster_model import MEMBER_ID_ROLE, Column
from ui.proxy_dialog import ProxyDialog
from ui.widgets.quorum_banner import Tone
from ui.widgets.status_line import Tone as StatusTone

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def type_search(qtbot, window: MainWindow, text: str) -> None:
    window.search.setFocus()
    window.search.clear()
    qtbot.keyClicks(window.search, text)


def focus_roster_on(qtbot, window: MainWindow, text: str) -> None:
    type_search(qtbot, window, text)
    window.roster.setFocus()


def test_type_three_letters_and_enter_marks_present(qtbot, window, service, store, session_id):
    assert "Présents 13" in window.banner.text
    type_search(qtbot, window, "rou")
    assert window.highlighted_member() == "m4"  # ROUX comes before ROUSSEAU
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.highlighted_member() == "m15"
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert "m15" in service.state.present
    assert store.load_events(session_id)[-1] == Arrived(member="m15", at=service.clock())
    assert window.banner.text.startswith("QUORUM ATTEINT · Présents 14 ·")
    assert window.status_line.text() == (
        "Dernière action\u00a0: arrivée de Mme ROUSSEAU à 19:20 · Ctrl+Z pour annuler"
    )
    assert not window.status_line.is_error
    assert window.search.selectedText() == "rou"  # the next name replaces it


def test_search_is_accent_insensitive(qtbot, window):
    type_search(qtbot, window, "lefe")
    assert window.highlighted_member() == "m3"
    assert window.roster_proxy.rowCount() == 2  # the group header and LEFÈVRE


def test_typing_in_the_roster_goes_to_the_search_box(qtbot, window):
    window.roster.setFocus()
    qtbot.keyClicks(window.roster, "ga")
    assert window.search.text() == "ga"
    assert window.search.hasFocus()
    assert window.highlighted_member() == "m5"


def test_slash_focuses_search(qtbot, window):
    window.activateWindow()
    window.roster.setFocus()
    qtbot.keyClick(window.roster, Qt.Key.Key_Slash)
    assert window.search.hasFocus()


def test_departure_excuse_and_quorum_lost(qtbot, window, service):
    focus_roster_on(qtbot, window, "fontaine")
    qtbot.keyClick(window.roster, Qt.Key.Key_D, CTRL)
    assert "m14" not in service.state.present
    assert window.banner.tone is Tone.REACHED
    focus_roster_on(qtbot, window, "lambert")
    qtbot.keyClick(window.roster, Qt.Key.Key_D, CTRL)
    assert window.banner.tone is Tone.NOT_REACHED
    assert window.banner.text.startswith("QUORUM NON ATTEINT · manque 1 présent ·")
    assert window.status_line.tone is StatusTone.ALERT
    assert window.status_line.text().startswith("départ de Mme LAMBERT\u00a0: quorum perdu")
    focus_roster_on(qtbot, window, "rousseau")
    qtbot.keyClick(window.roster, Qt.Key.Key_E, CTRL)
    assert "m15" in service.state.excused
    row = window.roster_model.row_of("m15")
    assert window.roster_model.index(row, Column.STATE).data() == "◇ Excusée"


def test_refusal_shows_french_message_and_changes_nothing(qtbot, window, store, session_id):
    before = store.load_events(session_id)
    type_search(qtbot, window, "martin")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.status_line.is_error
    assert window.status_line.text() == "Mme MARTIN est déjà présente."
    assert store.load_events(session_id) == before


def test_give_proxy_through_the_dialog(qtbot, window, service, store, session_id):
    seen: list[list[str]] = []

    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProxyDialog)
        model = dialog.model
        seen.append([m.id for r in range(model.rowCount()) if (m := model.member_at(r))])
        greyed = [model.index(r, 0).data() for r in range(model.rowCount())]
        greyed = [text for r, text in enumerate(greyed) if not model.is_eligible(r)]
        seen.append(greyed)
        qtbot.keyClicks(dialog.filter, "garn")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    focus_roster_on(qtbot, window, "rousseau")
    QTimer.singleShot(0, drive_dialog)
    qtbot.keyClick(window.roster, Qt.Key.Key_P, CTRL)
    assert service.state.proxies["m15"] == "m5"
    # only present members not yet at the maximum (1 per holder): not MARTIN, not LEROY
    assert seen and "m1" not in seen[0] and "m18" not in seen[0] and "m5" in seen[0]
    assert "m15" not in seen[0] and "m16" not in seen[0]
    # the others are listed greyed, with the reason: LEROY is absent, MARTIN is at the maximum
    assert any(t.startswith("M. LEROY Noël — absent") for t in seen[1])
    assert any(t.startswith("Mme MARTIN Anne — ") for t in seen[1])
    row = window.roster_model.row_of("m15")
    assert window.roster_model.index(row, Column.STATE).data() == "◐ Représentée par Mme GARNIER"
    assert "Représentés 5" in window.banner.text
    assert store.load_events(session_id)[-1].type == "proxy_given"


def test_revoke_proxy_through_the_dialog(qtbot, window, service):
    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProxyDialog) and dialog.revoke_button is not None
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)

    focus_roster_on(qtbot, window, "chevalier")
    QTimer.singleShot(0, drive_dialog)
    qtbot.keyClick(window.roster, Qt.Key.Key_P, CTRL)
    assert "m19" not in service.state.proxies


def test_invalid_proxy_is_refused_with_a_message(qtbot, window, store, session_id):
    before = store.load_events(session_id)
    focus_roster_on(qtbot, window, "dupont")
    qtbot.keyClick(window.roster, Qt.Key.Key_P, CTRL)  # a present member cannot give a proxy
    assert QApplication.activeModalWidget() is None
    assert window.status_line.is_error
    assert (
        "M. DUPONT est présent : un membre présent ne donne pas pouvoir"
        in window.status_line.text().replace("\u00a0", " ")
    )
    assert store.load_events(session_id) == before


def test_undo_and_redo_with_named_menu_entries(qtbot, window, service, store, session_id):
    window.activateWindow()
    qtbot.waitActive(window)
    type_search(qtbot, window, "rousseau")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.undo_action.text() == "Annuler\u00a0: arrivée de Mme ROUSSEAU"
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert "m15" not in service.state.present
    assert isinstance(store.load_events(session_id)[-1], Correction)
    assert window.redo_action.text() == "Rétablir\u00a0: arrivée de Mme ROUSSEAU"
    assert window.status_line.text().startswith("Annulé\u00a0: arrivée de Mme ROUSSEAU")
    assert window.search.text() == "rousseau"  # Ctrl+Z undid the act, not the typing
    assert window.highlighted_member() == "m15"
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL_SHIFT)
    assert "m15" in service.state.present
    assert window.undo_action.text() == "Annuler\u00a0: arrivée de Mme ROUSSEAU"
    assert not window.redo_action.isEnabled()


def test_double_click_toggles_presence(qtbot, window, service):
    type_search(qtbot, window, "rousseau")
    index = window.roster.currentIndex()
    viewport = window.roster.viewport()
    centre = window.roster.visualRect(index).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert "m15" in service.state.present
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert "m15" not in service.state.present


def test_page_down_moves_the_current_item_and_recusal(qtbot, window, service):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-015"
    assert "2026-015" in window.agenda.notes_title.text()
    focus_roster_on(qtbot, window, "giraud")
    qtbot.keyClick(window.roster, Qt.Key.Key_R, CTRL)
    assert "m9" in service.state.items["2026-015"].recused
    row = window.roster_model.row_of("m9")
    assert window.roster_model.index(row, Column.STATE).data() == "⊘ Ne prend pas part au vote"
    assert "(1\u00a0NPPV)" in window.banner.text
    qtbot.keyClick(window.search, Qt.Key.Key_PageUp)
    assert service.state.current_item == "2026-014"


def test_notes_with_ctrl_enter(qtbot, window, store, session_id):
    edit = window.agenda.note_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Le maire presente les taux.")
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    last = store.load_events(session_id)[-1]
    assert isinstance(last, Note) and last.item == "2026-014"
    assert last.text == "Le maire presente les taux."
    assert edit.toPlainText() == ""
    assert "Le maire presente les taux." in window.agenda.notes_history.toPlainText()


def test_session_suspend_resume_close(qtbot, window, service, clock, monkeypatch):
    window.suspend_action.trigger()
    assert "SUSPENDUE depuis 19\u00a0h\u00a020" in window.title_label.text()
    assert window.resume_action.isEnabled() and not window.suspend_action.isEnabled()
    window.resume_action.trigger()
    assert "reprise à 19\u00a0h\u00a020" in window.title_label.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.close_session_action.trigger()
    assert "close à 19\u00a0h\u00a020" in window.title_label.text()
    type_search(qtbot, window, "rousseau")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.status_line.is_error
    assert "close" in window.status_line.text()


def _snapshot(window: MainWindow) -> tuple:
    model = window.roster_model
    rows = tuple(
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    )
    agenda = tuple(
        window.agenda_model.index(r, 0).data() for r in range(window.agenda_model.rowCount())
    )
    return rows, agenda, window.banner.text, window.title_label.text()


def test_close_and_reopen_shows_the_same_state(qtbot, window, store, db_path, session_id, clock):
    type_search(qtbot, window, "rousseau")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    focus_roster_on(qtbot, window, "dupont")
    qtbot.keyClick(window.roster, Qt.Key.Key_D, CTRL)
    before = _snapshot(window)
    window.close()
    store.close()
    reopened = Store.open(db_path)
    try:
        again = MainWindow(reopened, SessionService(reopened, session_id, clock), clock)
        qtbot.addWidget(again)
        assert _snapshot(again) == before
        assert isinstance(reopened.load_events(session_id)[-1], Left)
        again.close()
    finally:
        reopened.close()


def test_roster_highlight_survives_an_undo(qtbot, window):
    focus_roster_on(qtbot, window, "rousseau")
    qtbot.keyClick(window.roster, Qt.Key.Key_Return)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.roster.currentIndex().isValid())
    assert window.roster.currentIndex().siblingAtColumn(0).data(MEMBER_ID_ROLE) == "m15"


def test_opening_says_what_was_last_recorded(window):
    assert window.status_line.text() == (
        "Dernier acte enregistré\u00a0: passage au point 2026-014 à 19:16 · Ctrl+Z pour annuler"
    )


def test_slash_and_letters_type_normally_in_the_notes(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    edit = window.agenda.note_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "a/b")
    assert edit.toPlainText() == "a/b"
    assert window.search.text() == ""


def test_typing_on_the_agenda_list_goes_to_search(qtbot, window):
    window.agenda.list.setFocus()
    qtbot.keyClicks(window.agenda.list, "mor")
    assert window.search.text() == "mor"
    assert window.highlighted_member() == "m8"


def test_opening_a_session_that_was_not_opened(qtbot, tmp_path, clock):
    from tests import factories

    store = Store.open(tmp_path / "new.sqlite")
    try:
        store.save_assembly_and_session(factories.assembly(), factories.session(), [])
        window = MainWindow(store, SessionService(store, "s1", clock), clock)
        qtbot.addWidget(window)
        assert "non ouverte (convoquée à 18\u00a0h\u00a030)" in window.title_label.text()
        assert window.status_line.text() == "Aucun acte enregistré pour cette séance."
        assert window.banner.text.startswith("QUORUM NON ATTEINT · manque 12 présents")
        assert not window.undo_action.isEnabled()
        assert window.open_session_action.isEnabled()
        assert not window.close_session_action.isEnabled()
        window.open_session_action.trigger()
        assert "ouverte à 19\u00a0h\u00a020" in window.title_label.text()
        assert window.status_line.text() == (
            "Dernière action\u00a0: ouverture de la séance à 19:20 · Ctrl+Z pour annuler"
        )
        assert not window.open_session_action.isEnabled()
        window.close()
    finally:
        store.close()


def test_f11_toggles_full_screen(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.search, Qt.Key.Key_F11)
    assert window.isFullScreen() and window.fullscreen_action.isChecked()
    qtbot.keyClick(window.search, Qt.Key.Key_F11)
    assert not window.isFullScreen() and not window.fullscreen_action.isChecked()


def test_fits_a_small_laptop_screen(qtbot, window):
    window.resize(1366, 690)  # 1366 × 768 minus the task bar and the title bar
    qtbot.waitUntil(lambda: window.height() == 690)
    banner = window.banner
    assert banner.height() >= banner.minimumSizeHint().height()
    assert banner.headline.width() >= banner.headline.sizeHint().width()  # one line, uncut
    frame = window.vote_frame
    assert frame.height() >= frame.minimumSizeHint().height()
    assert window.status_line.geometry().bottom() <= window.centralWidget().height()


def test_refusals_from_the_rules_get_french_spacing(qtbot, window):
    """The domain's messages (« … manque 1) : l'assemblée… ») reach the screen with a
    non-breaking space before « : ; ? ! » and inside « guillemets »."""
    window.show_error(
        "Quorum non atteint (6 présents, 7 requis, manque 1) : l'assemblée ne "
        "peut pas voter ; « vote » refusé ?"
    )
    assert window.status_line.text() == (
        "Quorum non atteint (6 présents, 7 requis, manque 1)\u00a0: l'assemblée ne peut pas "
        "voter\u00a0; «\u00a0vote\u00a0» refusé\u00a0?"
    )
    window.status_line.show_message("Dernière action\u00a0: arrivée à 18:20")
    assert window.status_line.text() == "Dernière action\u00a0: arrivée à 18:20"


def test_withdraw_the_current_item_from_the_vote_menu(qtbot, window, service):
    """« Retirer » and « Ajourner » were buttons only: the Vote menu reaches them."""
    from app.domain.state import ItemStatus

    item = service.state.current_item
    assert item is not None and not service.state.items[item].decided
    window.withdraw_action.trigger()
    assert service.state.items[item].status is ItemStatus.WITHDRAWN
    assert "Ctrl+Z pour annuler" in window.status_line.text()


def test_digits_typed_in_the_roster_start_the_count(qtbot, window, service):
    """Digits did nothing outside the vote panel; they now fill « Pour » of the current
    item, and the keyboard stays in the counts (Tab, Entrée)."""
    window.activateWindow()
    qtbot.waitActive(window)
    window.roster.setFocus()
    qtbot.keyClick(window.roster, Qt.Key.Key_1)
    qtbot.keyClicks(window.focusWidget(), "2")
    hands = window.vote_panel.hands
    assert hands.value("for") == 12
    assert hands.isAncestorOf(window.focusWidget())
