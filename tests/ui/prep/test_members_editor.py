"""The members editor: add, edit, remove or end a mandate, import (plain CSV, RNE) with a
preview and fixable rejected lines, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.assembly import Assembly, AssemblyKind
from app.domain.members import Member
from app.services.preparation import renumber
from app.services.roster import RosterKind, parse_roster
from tests.ui.prep.helpers import replace_text, show_active, type_text
from ui.prep.members_editor import MembersEditor
from ui.prep.roster_import import RosterImportDialog, RosterParseThread


def new_assembly(store, members=()) -> str:
    store.save_assembly(
        Assembly(
            id="A1",
            name="Conseil municipal",
            organisation="Commune de Saint-Exemple-sur-Ain",
            kind=AssemblyKind.CONSEIL_MUNICIPAL,
            members=tuple(members),
        )
    )
    return "A1"


def make_editor(qtbot, store, assembly_id) -> MembersEditor:
    editor = MembersEditor(store, assembly_id)
    show_active(qtbot, editor)
    return editor


def import_file(qtbot, editor, prompts, path: Path) -> RosterImportDialog:
    prompts.open_path = str(path)
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    dialog = editor.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy and dialog.parsed is not None)
    return dialog


def test_import_rne_sample_asks_for_the_commune_then_imports_it(
    qtbot, empty_store, prompts, rne_sample
):
    aid = new_assembly(empty_store)
    editor = make_editor(qtbot, empty_store, aid)
    dialog = import_file(qtbot, editor, prompts, rne_sample)
    # three communes in the file and none chosen: the dialog offers them
    assert dialog.members_model.rowCount() == 0
    assert "plusieurs collectivités" in dialog.file_error.text()
    assert dialog.code_edit.count() == 3
    assert not dialog.import_button.isEnabled()
    dialog.code_edit.setCurrentIndex(dialog.code_edit.findData("01999"))
    assert dialog.code() == "01999"
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.members_model.rowCount() > 0)
    assert dialog.parsed.kind is RosterKind.RNE_CM
    assert "Saint-Exemple-sur-Ain" in dialog.kind_label.text()
    assert dialog.members_model.rowCount() == 5
    assert dialog.rejected_model.rowCount() == 0
    assert dialog.import_button.text() == "&Importer 5 membre(s)"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 5
    assert editor.model.member(0).full_name == "Mme MARTIN Anne"
    assert editor.model.member(0).function == "Maire"
    assert editor.model.member(0).birth_date == date(1961, 4, 2)
    assert editor.summary_label.text() == "5 membre(s) en exercice"
    assert empty_store.load_assembly(aid).members == ()  # not before « Enregistrer »
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert [m.last_name for m in empty_store.load_assembly(aid).members] == [
        "MARTIN",
        "DURAND",
        "LEFÈVRE",
        "N'DIAYE",
        "ROUSSEAU",
    ]


def test_import_plain_csv_fix_the_rejected_line(qtbot, empty_store, prompts, plain_sample):
    aid = new_assembly(empty_store, [Member(id="m1", last_name="ANCIEN", first_name="Jean")])
    editor = make_editor(qtbot, empty_store, aid)
    dialog = import_file(qtbot, editor, prompts, plain_sample)
    assert dialog.members_model.rowCount() == 6
    assert dialog.rejected_model.rowCount() == 1
    assert dialog.rejected_model.data(dialog.rejected_model.index(0, 0)) == "6"
    assert "poids invalide «\u00a0deux\u00a0»" in dialog.fix_error.message
    # the rejected line is selected and ready to be corrected
    assert dialog.fix_edit.text() == "Mme,ROUSSEAU,Chloé,Opposition,,deux,,"
    replace_text(qtbot, dialog.fix_edit, "Mme,ROUSSEAU,Chloé,Opposition,,zwei,,")
    qtbot.mouseClick(dialog.revalidate_button, Qt.MouseButton.LeftButton)
    assert dialog.rejected_model.rowCount() == 1  # still wrong, and says why
    assert "poids invalide «\u00a0zwei\u00a0»" in dialog.fix_error.message
    replace_text(qtbot, dialog.fix_edit, "Mme,ROUSSEAU,Chloé,Opposition,,2,,")
    qtbot.keyClick(dialog.fix_edit, Qt.Key.Key_Return)
    assert dialog.rejected_model.rowCount() == 0
    assert dialog.rejected_label.text() == "Aucune ligne rejetée."
    assert dialog.members_model.rowCount() == 7
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    members = editor.model.members
    assert [m.id for m in members] == ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]
    rousseau = next(m for m in members if m.last_name == "ROUSSEAU")
    assert rousseau.weight == 2
    bonnet = next(m for m in members if m.last_name == "BONNET")
    martin = next(m for m in members if m.last_name == "MARTIN")
    assert bonnet.substitute_for == martin.id == "m2"  # the link follows the new ids
    assert editor.model.data(editor.model.index(members.index(bonnet), 6)) == "Mme MARTIN Anne"
    assert "1 suppléant(s)" in editor.summary_label.text()
    with qtbot.waitActive(editor):  # back from the import dialog, as a window manager does
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible()
    assert len(empty_store.load_assembly(aid).members) == 8


def test_fix_a_rejected_rne_line(qtbot, empty_store, prompts, rne_sample, tmp_path):
    lines = rne_sample.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace("23/11/1958", "31/02/1958")
    broken = tmp_path / "rne-broken.csv"
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    aid = new_assembly(empty_store)
    editor = make_editor(qtbot, empty_store, aid)
    prompts.open_path = str(broken)
    dialog = editor.start_import(broken)
    dialog.code_edit.setCurrentText("01999")
    qtbot.waitUntil(lambda: not dialog.busy)
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.members_model.rowCount() > 0)
    assert dialog.members_model.rowCount() == 4
    assert dialog.rejected_model.line(0).line == 3
    text = dialog.fix_edit.text()
    replace_text(qtbot, dialog.fix_edit, text.replace("31/02/1958", "23/11/1958"))
    qtbot.mouseClick(dialog.revalidate_button, Qt.MouseButton.LeftButton)
    assert dialog.rejected_model.rowCount() == 0
    assert dialog.members_model.member(4).last_name == "DURAND"
    dialog.accept()
    assert len({m.id for m in editor.model.members}) == 5


def test_parse_thread_reports_progress(qtbot, tmp_path):
    header = "civilite,nom,prenom,groupe,fonction,poids"
    data = "\n".join([header] + [f"M.,NOM{i},Jean,G,,1" for i in range(5000)]).encode()
    thread = RosterParseThread(data, "", RosterKind.PLAIN)
    seen: list[int] = []
    thread.progress_changed.connect(seen.append)
    with qtbot.waitSignal(thread.parse_finished, timeout=20000) as blocker:
        thread.start()
    thread.wait()
    assert len(blocker.args[0].members) == 5000
    assert seen[-1] == 100 and len(seen) > 10 and seen == sorted(seen)


def test_add_edit_and_link_a_substitute_through_the_member_form(qtbot, empty_store):
    aid = new_assembly(
        empty_store, [Member(id="m1", last_name="MARTIN", first_name="Anne", civility="Mme")]
    )
    editor = make_editor(qtbot, empty_store, aid)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    form = editor.member_dialog
    assert form is not None and form.isVisible()
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert form.last_name_error.message == "Le nom est obligatoire."
    form.civility_combo.setCurrentIndex(form.civility_combo.findData("M."))
    type_text(qtbot, form.last_name_edit, "LEFÈVRE")
    type_text(qtbot, form.first_name_edit, "Léon")
    type_text(qtbot, form.group_combo.lineEdit(), "Opposition")
    form.weight_spin.setValue(2)
    form.titular_combo.setCurrentIndex(form.titular_combo.findData("m1"))
    type_text(qtbot, form.birth_edit, "31/02/1970")
    qtbot.keyClick(form.birth_edit, Qt.Key.Key_Return)
    assert "Date illisible" in form.birth_error.message
    replace_text(qtbot, form.birth_edit, "02/04/1970")
    qtbot.keyClick(form.birth_edit, Qt.Key.Key_Return)
    assert editor.member_dialog is None
    added = editor.model.member(1)
    assert (
        added.id,
        added.full_name,
        added.group,
        added.weight,
        added.substitute_for,
        added.birth_date,
    ) == ("m2", "M. LEFÈVRE Léon", "Opposition", 2, "m1", date(1970, 4, 2))
    # edit: Entrée on the row opens the form with the member's values
    editor.table.selectRow(1)
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    form = editor.member_dialog
    assert form.last_name_edit.text() == "LEFÈVRE"
    assert form.titular_combo.currentData() == "m1"
    form.titular_combo.setCurrentIndex(0)
    form.buttons.accepted.emit()
    assert editor.model.member(1).substitute_for is None
    assert editor.dirty


def test_remove_deletes_or_ends_the_mandate_of_a_member_named_in_a_journal(qtbot, store, prompts):
    assembly = store.assemblies()[0]
    named = store.members_in_journals(assembly.id)
    editor = make_editor(qtbot, store, assembly.id)
    row = editor.model.row_of(sorted(named)[0])
    editor.table.selectRow(row)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    end = editor.end_dialog
    assert (
        end is not None
        and "ne peut pas être supprimé" in end.findChild(type(editor.summary_label)).text()
    )
    end.date_edit.setDate(end.date_edit.date().fromString("31/03/2026", "dd/MM/yyyy"))
    end.accept()
    assert editor.model.rowCount() == len(assembly.members)
    assert editor.model.member(row).ended_on == date(2026, 3, 31)
    assert editor.model.data(editor.model.index(row, 7)) == "31/03/2026"
    # a member added now is in no journal: he is deleted (after a confirmation)
    editor.model.append_members([Member(id="m99", last_name="NOUVEAU")])
    editor.table.selectRow(editor.model.rowCount() - 1)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert prompts.questions[-1].startswith("Supprimer NOUVEAU de la liste des membres")
    assert editor.model.row_of("m99") == -1
    assert editor.save()
    saved = store.load_assembly(assembly.id)
    assert len(saved.members) == len(assembly.members)
    assert saved.members[row].ended_on == date(2026, 3, 31)


def test_export_roster_reads_back(qtbot, store, prompts, tmp_path):
    assembly = store.assemblies()[0]
    editor = make_editor(qtbot, store, assembly.id)
    prompts.save_path = str(tmp_path / "roster.csv")
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    parsed = parse_roster((tmp_path / "roster.csv").read_bytes())
    assert [m.full_name for m in parsed.members] == [m.full_name for m in assembly.members]


def test_renumber_keeps_links_and_skips_taken_ids():
    members = (Member(id="m1", last_name="A"), Member(id="m2", last_name="B", substitute_for="m1"))
    out = renumber(members, {"m1", "m3"})
    assert [(m.id, m.substitute_for) for m in out] == [("m4", None), ("m5", "m4")]


def test_names_added_one_by_one_are_not_cut(qtbot, empty_store):
    """Columns fit the names added after the first rows (« CHEVA… » was elided)."""
    aid = new_assembly(
        empty_store, [Member(id=f"m{i}", last_name="ROUX", first_name="Jean") for i in range(1, 4)]
    )
    editor = make_editor(qtbot, empty_store, aid)
    for n in range(12):
        qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
        form = editor.member_dialog
        type_text(qtbot, form.last_name_edit, "CHEVALIER-MONTFORT" if n == 11 else "ROUX")
        qtbot.keyClick(form.last_name_edit, Qt.Key.Key_Return)
    qtbot.wait(20)
    column = 1  # Nom
    assert editor.model.headerData(column, Qt.Orientation.Horizontal) == "Nom"
    needed = editor.table.sizeHintForColumn(column)
    assert editor.table.columnWidth(column) >= needed


def test_a_suppleant_takes_his_titulars_group_when_none_is_typed(qtbot, empty_store):
    aid = new_assembly(
        empty_store,
        [
            Member(
                id="m1", last_name="ROUX", first_name="Paul", civility="M.", group="Saint-Exemple"
            )
        ],
    )
    editor = make_editor(qtbot, empty_store, aid)
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    form = editor.member_dialog
    type_text(qtbot, form.last_name_edit, "PERRIN")
    form.titular_combo.setCurrentIndex(form.titular_combo.findData("m1"))
    assert form.group_combo.currentText() == "Saint-Exemple"
    qtbot.keyClick(form.last_name_edit, Qt.Key.Key_Return)
    assert editor.model.member(1).group == "Saint-Exemple"
    # a group typed on purpose is kept
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    form = editor.member_dialog
    type_text(qtbot, form.group_combo.lineEdit(), "Montexemple")
    form.titular_combo.setCurrentIndex(form.titular_combo.findData("m1"))
    assert form.group_combo.currentText() == "Montexemple"
    form.reject()


def test_the_weight_is_asked_only_when_votes_are_weighted(qtbot, empty_store):
    from dataclasses import replace

    aid = new_assembly(empty_store)
    assert not empty_store.load_assembly(aid).rules.weighted
    editor = make_editor(qtbot, empty_store, aid)
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    form = editor.member_dialog
    assert form.isVisible() and not form.weight_spin.isVisible()
    weight_column = editor.model.COLUMNS.index("Poids")
    assert editor.table.isColumnHidden(weight_column)
    form.reject()
    editor.reject()
    plain = empty_store.load_assembly(aid)
    empty_store.save_assembly(replace(plain, rules=replace(plain.rules, weighted=True)))
    editor = make_editor(qtbot, empty_store, aid)
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert editor.member_dialog.weight_spin.isVisible()
    assert not editor.table.isColumnHidden(weight_column)
    editor.member_dialog.reject()


def test_an_unknown_column_is_ignored_with_a_note_in_the_preview(
    qtbot, empty_store, prompts, tmp_path
):
    path = tmp_path / "avec_telephone.csv"
    path.write_text(
        "civilite;nom;prenom;Téléphone\nMme;MARTIN;Anne;0601020304\nM.;DURAND;Paul;\n",
        encoding="utf-8",
    )
    aid = new_assembly(empty_store)
    editor = make_editor(qtbot, empty_store, aid)
    dialog = import_file(qtbot, editor, prompts, path)
    assert dialog.file_error.text() == "" or not dialog.file_error.isVisible()
    assert dialog.members_model.rowCount() == 2
    assert dialog.ignored_note.isVisible()
    assert "Colonne ignorée\u00a0: «\u00a0Téléphone\u00a0»" in dialog.ignored_note.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [editor.model.member(i).last_name for i in range(2)] == ["MARTIN", "DURAND"]


def test_the_member_form_edits_the_mandate_start_date(qtbot, empty_store):
    """A by-election replacement is in office from his start date (docs/FORMAT.md, started_on):
    the form edits it, and an end before the start is refused beside the fields."""
    aid = new_assembly(
        empty_store, [Member(id="m1", last_name="MARTIN", first_name="Anne", civility="Mme")]
    )
    editor = make_editor(qtbot, empty_store, aid)
    editor.table.selectRow(0)
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    form = editor.member_dialog
    assert not form.started_check.isChecked() and not form.started_edit.isEnabled()
    qtbot.mouseClick(form.started_check, Qt.MouseButton.LeftButton)
    assert form.started_edit.isEnabled()
    form.started_edit.setDate(date(2026, 4, 20))
    form.ended_check.setChecked(True)
    form.ended_edit.setDate(date(2026, 4, 1))
    form.buttons.accepted.emit()
    assert "Fin du mandat avant son début" in form.mandate_error.message
    assert editor.member_dialog is form  # still open, nothing changed
    form.ended_check.setChecked(False)
    form.buttons.accepted.emit()
    assert editor.member_dialog is None
    member = editor.model.member(0)
    assert (member.started_on, member.ended_on) == (date(2026, 4, 20), None)
    editor.table.selectRow(0)
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    again = editor.member_dialog
    assert again.started_check.isChecked() and again.started_edit.date().toPython() == date(
        2026, 4, 20
    )
    again.reject()  # no modal form left open for the next tests
    assert not again.isVisible()


def test_an_rne_import_saved_from_the_editor_leaves_the_begun_session_unchanged(
    qtbot, store, prompts, rne_sample
):
    """The GUI's save path of a roster import (preparation.save_assembly, as the command
    line's): the demo session, begun, keeps its 23 members in office and its figures."""
    from app.services.interchange import summary
    from app.services.records import load_record

    session_id = store.sessions()[0].id
    assert store.begun(session_id)
    before = summary(load_record(store, session_id).state)
    aid = store.assemblies()[0].id
    count = len(store.load_assembly(aid).members)
    editor = make_editor(qtbot, store, aid)
    dialog = import_file(qtbot, editor, prompts, rne_sample)
    dialog.code_edit.setCurrentIndex(dialog.code_edit.findData("01999"))
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.members_model.rowCount() > 0)
    dialog.skip_known_check.setChecked(False)  # the demo's homonyms too
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == count + 5
    assert editor.save()
    assert len(store.load_assembly(aid).members) == count + 5
    assert summary(load_record(store, session_id).state) == before
