"""Editors never lose an edit (issue #12, item 2): Entrée never closes an editor with a
sub-form or a correction open; a line still wrong is never dropped silently."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.members import Member
from tests.ui.prep.helpers import replace_text, type_text
from tests.ui.prep.test_members_editor import import_file, make_editor, new_assembly
from tests.ui.prep.test_session_editor import make_editor as make_session_editor

RETURN = Qt.Key.Key_Return


def martin() -> Member:
    return Member(
        id="m1",
        last_name="MARTIN",
        first_name="Anne",
        civility="Mme",
        birth_date=date(1970, 1, 2),
    )


def test_entree_on_a_row_opens_a_modal_form_and_keeps_the_editor(qtbot, empty_store):
    aid = new_assembly(empty_store, [martin()])
    editor = make_editor(qtbot, empty_store, aid)
    editor.table.setFocus()
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, RETURN)  # « Entrée ou double-clic » modifies the member
    form = editor.member_dialog
    assert form is not None and form.isVisible()
    assert editor.isVisible()  # the editor did not save and close behind the form
    assert form.isModal() or form.windowModality() != Qt.WindowModality.NonModal
    replace_text(qtbot, form.first_name_edit, "Annie")
    qtbot.keyClick(form.first_name_edit, RETURN)  # the form validates
    assert editor.isVisible() and editor.dirty
    assert editor.model.member(0).first_name == "Annie"
    assert empty_store.load_assembly(aid).members[0].first_name == "Anne"  # not yet saved
    with qtbot.waitActive(editor):
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert empty_store.load_assembly(aid).members[0].first_name == "Annie"  # now saved


def test_entree_in_correction_never_imports_a_line_still_wrong(
    qtbot, empty_store, prompts, plain_sample
):
    aid = new_assembly(empty_store)
    editor = make_editor(qtbot, empty_store, aid)
    dialog = import_file(qtbot, editor, prompts, plain_sample)
    assert dialog.rejected_model.rowCount() == 1
    assert not dialog.import_button.isDefault()  # a line is being corrected
    dialog.fix_edit.setFocus()
    replace_text(qtbot, dialog.fix_edit, "Mme,ROUSSEAU,Chloé,Opposition,,zwei,,")
    qtbot.keyClick(dialog.fix_edit, RETURN)
    assert dialog.isVisible()  # not imported at once
    assert editor.model.rowCount() == 0
    assert dialog.rejected_model.rowCount() == 1
    assert "zwei" in dialog.fix_error.message
    assert dialog.fix_edit.hasFocus()  # the correction goes on


def test_importing_with_a_rejected_line_asks_first(qtbot, empty_store, prompts, plain_sample):
    aid = new_assembly(empty_store)
    editor = make_editor(qtbot, empty_store, aid)
    dialog = import_file(qtbot, editor, prompts, plain_sample)
    prompts.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (
        prompts.questions
        and "1 ligne rejetée (ligne 6) ne sera pas importée" in (prompts.questions[-1])
    )
    assert dialog.isVisible() and editor.model.rowCount() == 0
    prompts.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 6


def test_entree_in_lieu_and_objet_moves_on_without_closing(qtbot, store, prompts):
    assembly = store.assemblies()[0]
    editor = make_session_editor(qtbot, store, assembly.id)
    editor.place_edit.setFocus()
    type_text(qtbot, editor.place_edit, "salle du conseil")
    qtbot.keyClick(editor.place_edit, RETURN)
    assert editor.isVisible()
    assert QApplication.focusWidget() is not editor.place_edit  # moved on
    qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, editor.title_edit, "Vote du budget")
    qtbot.keyClick(editor.title_edit, RETURN)
    assert editor.isVisible()
    assert editor.dirty


def test_entree_on_a_focused_button_still_presses_it(qtbot, store, prompts):
    assembly = store.assemblies()[0]
    editor = make_session_editor(qtbot, store, assembly.id)
    rows = editor.agenda_model.rowCount()
    editor.add_item_button.setFocus()
    qtbot.keyClick(editor.add_item_button, RETURN)
    assert editor.agenda_model.rowCount() == rows + 1
    assert editor.isVisible()


def test_a_duplicate_member_is_not_accepted_silently(qtbot, empty_store, prompts):
    aid = new_assembly(empty_store, [martin()])
    editor = make_editor(qtbot, empty_store, aid)
    form = editor.open_member_dialog(None)
    type_text(qtbot, form.last_name_edit, "Martin")
    type_text(qtbot, form.first_name_edit, "Anne")
    type_text(qtbot, form.birth_edit, "02/01/1970")
    prompts.answer = QMessageBox.StandardButton.No
    qtbot.keyClick(form.birth_edit, RETURN)
    assert prompts.questions and "Mme MARTIN Anne figure déjà" in prompts.questions[-1]
    assert form.isVisible() and editor.model.rowCount() == 1
    prompts.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(form.birth_edit, RETURN)
    assert editor.model.rowCount() == 2
