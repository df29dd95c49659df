"""The assembly editor: typed like a person, validated with messages under the fields."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.assembly import AssemblyKind, siren_problem
from tests.ui.prep.helpers import replace_text, show_active, type_text
from ui.prep.assembly_editor import AssemblyEditor


def make_editor(qtbot, store, assembly_id=None) -> AssemblyEditor:
    editor = AssemblyEditor(store, assembly_id)
    show_active(qtbot, editor)
    return editor


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def save_button(editor):
    return editor.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_errors_are_shown_under_their_fields_and_nothing_is_saved(qtbot, empty_store):
    editor = make_editor(qtbot, empty_store)
    qtbot.keyClicks(editor.siren_edit, "219900009")  # wrong Luhn key
    qtbot.keyClicks(editor.siret_edit, "1234")
    qtbot.keyClicks(editor.department_edit, "A")
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    assert editor.name_error.message == "Le nom de l'assemblée est obligatoire."
    assert editor.organisation_error.message == "L'organisation est obligatoire."
    # one home, one wording (the label adds the non-breaking spaces)
    assert plain(editor.siren_error.message) == plain(siren_problem("219900009") or "")
    assert "clé de contrôle" in editor.siren_error.message
    assert "14 chiffres" in editor.siret_error.message
    assert "3 caractères" in editor.department_error.message
    assert editor.isVisible()
    assert empty_store.assemblies() == []


def test_siret_must_extend_the_siren(qtbot, empty_store):
    editor = make_editor(qtbot, empty_store)
    qtbot.keyClicks(editor.name_edit, "Conseil")
    qtbot.keyClicks(editor.organisation_edit, "Commune")
    qtbot.keyClicks(editor.siren_edit, "219 900 008")
    qtbot.keyClicks(editor.siret_edit, "73282932000074")  # a valid SIRET of someone else
    assert not editor.save()
    assert editor.siret_error.message == "Le SIRET doit commencer par le SIREN (219900008)."


def test_create_an_assembly_with_rules_overrides(qtbot, empty_store):
    editor = make_editor(qtbot, empty_store)
    type_text(qtbot, editor.name_edit, "Comité syndical")
    type_text(qtbot, editor.organisation_edit, "Syndicat mixte de l'Exemple")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(AssemblyKind.COMITE_SYNDICAL))
    qtbot.keyClicks(editor.siren_edit, "219 900 008")
    qtbot.keyClicks(editor.siret_edit, "21990000800018")
    qtbot.keyClicks(editor.department_edit, "099")
    assert "plus de la moitié" in editor.rules_text.text()
    editor.preset_combo.setCurrentIndex(editor.preset_combo.findData("covid_2020"))
    assert editor.rules_text.text().startswith("Quorum\u00a0: au moins le tiers des membres")
    assert "2 pouvoirs par porteur" in editor.rules_text.text()
    qtbot.mouseClick(editor.weighted_check, Qt.MouseButton.LeftButton)
    assert "votes pondérés" in editor.rules_text.text()
    editor.casting_check.setChecked(False)
    assert "pas de voix prépondérante" in editor.rules_text.text()
    assert editor.dirty
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible()
    saved = empty_store.load_assembly(editor.saved_id)
    assert (saved.name, saved.kind, saved.siren, saved.department) == (
        "Comité syndical",
        AssemblyKind.COMITE_SYNDICAL,
        "219900008",
        "099",
    )
    assert saved.rules.preset == "covid_2020"
    assert saved.rules.quorum_fraction == Fraction(1, 3)
    assert saved.rules.weighted and not saved.rules.casting_vote
    assert saved.members == ()


def test_edit_keeps_the_members_and_escape_asks_first(qtbot, store, prompts):
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    assert editor.fraction_combo.currentText() == "la moitié (1/2)"
    assert not editor.dirty
    replace_text(qtbot, editor.name_edit, "Conseil municipal de Saint-Exemple")
    prompts.answer = prompts.answer.Cancel
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert prompts.questions and editor.isVisible()  # asked, and kept open
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = store.load_assembly(assembly.id)
    assert saved.name == "Conseil municipal de Saint-Exemple"
    assert saved.members == assembly.members


def test_escape_without_changes_closes_at_once(qtbot, store, prompts):
    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and prompts.questions == []


def test_open_assembly_editor_returns_the_saved_id(qtbot, empty_store):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.prep import open_assembly_editor, open_members_editor

    def fill_and_save() -> None:
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, AssemblyEditor):  # not shown yet (a loaded machine): later
            QTimer.singleShot(100, fill_and_save)
            return
        type_text(qtbot, editor.name_edit, "Conseil")
        type_text(qtbot, editor.organisation_edit, "Commune")
        qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, fill_and_save)
    assembly_id = open_assembly_editor(None, empty_store, None)
    assert assembly_id == "A1" and empty_store.load_assembly("A1").name == "Conseil"

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: later
            QTimer.singleShot(100, cancel)
            return
        dialog.reject()

    QTimer.singleShot(100, cancel)
    assert open_members_editor(None, empty_store, "A1") is False


def test_new_rules_serve_the_sessions_to_come_and_leave_a_begun_one_unchanged(qtbot, store):
    """The demo session has begun: it keeps the rules of its constitution (issue #10)."""
    from app.services.interchange import summary
    from app.services.records import load_record

    assembly = store.assemblies()[0]
    session_id = store.sessions()[0].id
    before = summary(load_record(store, session_id).state)
    editor = make_editor(qtbot, store, assembly.id)
    editor.max_proxies_spin.setValue(0)  # « pouvoirs interdits », but the demo has proxies
    assert editor.save()
    assert store.load_assembly(assembly.id).rules.max_proxies_per_holder == 0
    assert summary(load_record(store, session_id).state) == before


def test_a_two_digit_department_is_read_as_three(qtbot, empty_store):
    editor = make_editor(qtbot, empty_store)
    editor.department_edit.setFocus()
    qtbot.keyClicks(editor.department_edit, "45")
    qtbot.keyClick(editor.department_edit, Qt.Key.Key_Tab)
    assert editor.department_edit.text() == "045"
    assert editor.department_error.message == ""
    editor.department_edit.clear()
    qtbot.keyClicks(editor.department_edit, "2a")
    editor.validate()
    assert editor.department_error.message == ""


def test_the_population_is_typed_with_spaces_and_checked(qtbot, store):
    """L2121-11/12: the population sets the convocation delay; optional, a whole number."""
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    assert editor.population_edit.text() == ""
    type_text(qtbot, editor.population_edit, "douze mille")
    assert not editor.save()
    assert "nombre entier d'habitants" in editor.population_error.message
    assert store.load_assembly(assembly.id).population is None
    replace_text(qtbot, editor.population_edit, "12 000")
    assert editor.save()
    assert store.load_assembly(assembly.id).population == 12_000
    again = make_editor(qtbot, store, assembly.id)
    assert again.population_edit.text() == "12\u00a0000" and not again.dirty
