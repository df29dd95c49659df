"""The members editor: the roster of an assembly, its import and its export.

The roster is edited as a copy (a :class:`MembersModel`) and written with one
``preparation.save_assembly`` when the secretary saves. A member named in a journal is never
deleted: his mandate ends (« fin de mandat ») at a date.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.preparation import member_number, renumber, save_assembly
from app.services.roster import roster_to_csv
from app.services.store import Store
from app.services.types import AssemblyKind, DomainError, InputError, Member
from ui.prep.common import FieldError, PrepDialog, tab_chain
from ui.prep.member_dialog import EndMandateDialog, MemberDialog
from ui.prep.models import MembersModel
from ui.prep.roster_import import RosterImportDialog
from ui.widgets.screen import fit_to_screen

CSV_FILTER = "Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)"


class MembersEditor(PrepDialog):
    """Add, edit, remove, import and export the members of one assembly."""

    def __init__(self, store: Store, assembly_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._assembly = store.load_assembly(assembly_id)
        self._in_journals = store.members_in_journals(assembly_id)
        self.member_dialog: MemberDialog | None = None
        self.end_dialog: EndMandateDialog | None = None
        self.import_dialog: RosterImportDialog | None = None
        self.setWindowTitle(f"Membres — {self._assembly.name} ({self._assembly.organisation})")
        self._build()
        self._connect_signals()
        self._update_summary()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.model = MembersModel(self._assembly.members, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setColumnHidden(
            MembersModel.COLUMNS.index("Poids"), not self._assembly.rules.weighted
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary_label = QLabel()
        self.table_error = FieldError()

        self.add_button = QPushButton("&Ajouter…")
        self.edit_button = QPushButton("&Modifier…")
        self.remove_button = QPushButton("&Supprimer")
        self.import_button = QPushButton("&Importer (CSV, RNE)…")
        self.export_button = QPushButton("E&xporter en CSV…")
        self.add_button.setToolTip("Ajouter un membre (Inser)")
        self.edit_button.setToolTip(
            "Modifier le membre sélectionné (Entrée ou double-clic ; F2 pour modifier la cellule)"
        )
        self.remove_button.setToolTip(
            "Supprimer le membre, ou mettre fin à son mandat s'il "
            "figure dans un journal de séance (Suppr)"
        )
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.import_button,
            self.export_button,
        ):
            button.setAutoDefault(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        for box_button in self.buttons.buttons():
            if isinstance(box_button, QPushButton):  # the box's buttons are QPushButtons
                box_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table_error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 980, 600)
        order = [
            self.table,
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.import_button,
            self.export_button,
            self.buttons,
        ]
        tab_chain(order)
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)

        self._insert_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self)
        self._delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        self._delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.table.activated.connect(self._on_table_activated)
        self._insert_shortcut.activated.connect(self._on_add_button_clicked)
        self._delete_shortcut.activated.connect(self._on_remove_button_clicked)
        self.model.dataChanged.connect(self._on_model_changed)
        self.model.rowsInserted.connect(self._on_model_changed)
        self.model.rowsRemoved.connect(self._on_model_changed)
        self.model.modelReset.connect(self._on_model_changed)
        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ state
    def _current_row(self) -> int:
        row = self.table.currentIndex().row()
        return row if 0 <= row < self.model.rowCount() else -1

    def _next_id(self) -> str:
        taken = {m.id for m in self.model.members} | self._in_journals
        n = max((member_number(t) for t in taken), default=0) + 1
        while f"m{n}" in taken:
            n += 1
        return f"m{n}"

    def _on_model_changed(self, *args: object) -> None:
        self.mark_dirty()
        self._update_summary()
        # ResizeToContents does not re-measure the columns when rows are added
        self.table.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)

    def _update_summary(self) -> None:
        members = self.model.members
        titulars = [m for m in members if not m.is_substitute and m.ended_on is None]
        substitutes = [m for m in members if m.is_substitute]
        ended = [m for m in members if m.ended_on is not None and not m.is_substitute]
        parts = [f"{len(titulars)} membre(s) en exercice"]
        if substitutes:
            parts.append(f"{len(substitutes)} suppléant(s)")
        if ended:
            parts.append(f"{len(ended)} fin(s) de mandat")
        if self._assembly.rules.weighted:
            parts.append(f"{sum(m.weight for m in titulars)} voix au total")
        self.summary_label.setText(" · ".join(parts))

    # ------------------------------------------------------------------ add / edit
    def _on_add_button_clicked(self) -> None:
        self.open_member_dialog(None)

    def _on_edit_button_clicked(self) -> None:
        row = self._current_row()
        if row >= 0:
            self.open_member_dialog(row)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_member_dialog(index.row())

    def open_member_dialog(self, row: int | None) -> MemberDialog:
        """Open the member form (non-blocking); the roster changes when it is validated."""
        member = self.model.member(row) if row is not None else None
        others = [m for m in self.model.members if member is None or m.id != member.id]
        dialog = MemberDialog(
            member, others, self._next_id(), self, weighted=self._assembly.rules.weighted
        )
        dialog.accepted.connect(self._on_member_dialog_accepted)
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def _on_member_dialog_accepted(self) -> None:
        dialog, self.member_dialog = self.member_dialog, None
        if dialog is None or dialog.result_member is None:
            return
        member = dialog.result_member
        row = self.model.row_of(member.id)
        if row >= 0:
            self.model.replace_member(row, member)
        else:
            self.model.append_members([member])
            row = self.model.rowCount() - 1
        self.table.selectRow(row)
        dialog.deleteLater()

    # ------------------------------------------------------------------ remove
    def _on_remove_button_clicked(self) -> None:
        row = self._current_row()
        if row >= 0:
            self.remove_member(row)

    def remove_member(self, row: int) -> None:
        """Delete the member, or ask for the end of his mandate if a journal names him."""
        member = self.model.member(row)
        if member.id in self._in_journals:
            dialog = EndMandateDialog(member, self)
            dialog.accepted.connect(self._on_end_dialog_accepted)
            self.end_dialog = dialog
            dialog.open()
            return
        substitutes = [m for m in self.model.members if m.substitute_for == member.id]
        text = f"Supprimer {member.full_name} de la liste des membres\u00a0?"
        if substitutes:
            names = ", ".join(m.full_name for m in substitutes)
            text += f"\nSon suppléant ({names}) n'aura plus de titulaire."
        answer = QMessageBox.question(
            self,
            "Supprimer un membre",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.remove_row(row)

    def _on_end_dialog_accepted(self) -> None:
        dialog, self.end_dialog = self.end_dialog, None
        if dialog is None:
            return
        row = self.model.row_of(dialog.member.id)
        if row >= 0:
            self.model.replace_member(
                row, replace(self.model.member(row), ended_on=dialog.end_date)
            )
        dialog.deleteLater()

    # ------------------------------------------------------------------ import / export
    def _on_import_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Importer une liste de membres", "", CSV_FILTER
        )
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> RosterImportDialog | None:
        """Open the preview of ``path`` and start reading it."""
        try:
            data = path.read_bytes()
        except OSError as err:
            QMessageBox.warning(
                self, "Importer", f"Impossible de lire « {path} » : {err.strerror}."
            )
            return None
        code = ""
        if self._assembly.kind is AssemblyKind.CONSEIL_COMMUNAUTAIRE:
            code = self._assembly.siren  # the EPCI's SIREN picks its rows in an RNE file
        try:
            dialog = RosterImportDialog(path, data, self.model.members, code, self)
        except InputError as err:
            QMessageBox.warning(self, "Importer", f"« {path.name} » : {err}")
            return None
        dialog.accepted.connect(self._on_import_dialog_accepted)
        self.import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def _on_import_dialog_accepted(self) -> None:
        dialog, self.import_dialog = self.import_dialog, None
        if dialog is None:
            return
        taken = {m.id for m in self.model.members} | self._in_journals
        members = renumber(dialog.members_to_import(), taken)
        first = self.model.rowCount()
        self.model.append_members(members)
        if members:
            self.table.selectRow(first)
        dialog.deleteLater()

    def _on_export_button_clicked(self) -> None:
        default = f"membres-{self._assembly.id}.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Exporter la liste des membres", default, CSV_FILTER
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> bool:
        try:
            path.write_text(roster_to_csv(self.model.members), encoding="utf-8")
        except (OSError, ValueError) as err:
            QMessageBox.warning(self, "Exporter", f"Export impossible : {err}")
            return False
        return True

    # ------------------------------------------------------------------ saving
    def validate(self) -> list[Member] | None:
        members = list(self.model.members)
        by_id = {m.id: m for m in members}
        for row, m in enumerate(members):
            if m.substitute_for is not None:
                titular = by_id.get(m.substitute_for)
                if titular is None or titular.is_substitute:
                    e = "e" if m.is_feminine else ""
                    self.table_error.show_error(
                        f"{m.full_name} (ligne {row + 1}) est suppléant{e} d'un membre absent de "
                        "la liste ou lui-même suppléant : modifiez cette ligne."
                    )
                    self.table.selectRow(row)
                    return None
        self.table_error.clear_error()
        return members

    def save(self) -> bool:
        members = self.validate()
        if members is None:
            return False
        assembly = replace(self._assembly, members=tuple(members))
        try:  # the preparation use case the command line shares
            save_assembly(self._store, assembly)
        except DomainError as err:
            self.table_error.show_error(str(err))
            return False
        return True

    def done(self, result: int) -> None:
        if self.import_dialog is not None:
            self.import_dialog.done(0)
        super().done(result)
