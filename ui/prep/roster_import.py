"""Import of a roster file (plain CSV or RNE): parse in a thread, preview, fix rejected lines.

The file is read by :func:`app.services.roster.parse_roster` in a ``QThread`` with a
progress bar (a national RNE file has half a million rows). The preview lists the members
that will be imported and, apart, the rejected lines with their reason; a rejected line can
be corrected in place and validated again. Nothing reaches the roster before « Importer ».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.roster import (
    PLAIN_COLUMNS,
    Collectivity,
    NoUsableLineError,
    RejectedLine,
    RosterKind,
    RosterParse,
    parse_roster,
    peek_roster,
    rne_collectivities,
)
from app.services.types import InputError, Member, fold
from ui.prep.common import (
    ENTER_KEYS,
    ERROR_STYLE,
    FieldError,
    enter_moves_on,
    repair_buddies,
    tab_chain,
)
from ui.prep.models import MembersModel, RejectedModel
from ui.widgets.screen import fit_to_screen

KIND_LABELS = {
    RosterKind.PLAIN: "Liste simple (CSV)",
    RosterKind.RNE_CM: "Répertoire national des élus — conseillers municipaux",
    RosterKind.RNE_EPCI: "Répertoire national des élus — conseillers communautaires",
}


# --------------------------------------------------------------------------- helpers


def same_person_key(m: Member) -> str:
    return fold(f"{m.last_name} {m.first_name}")


@dataclass(frozen=True)
class ParseFailure:
    """Why a file gave no preview, and the communes or EPCIs to choose from if that is why."""

    message: str
    rejected: tuple[RejectedLine, ...] = ()
    collectivities: tuple[Collectivity, ...] = ()


# --------------------------------------------------------------------------- thread


class RosterParseThread(QThread):
    """Runs ``parse_roster`` off the GUI thread and reports progress in percent."""

    progress_changed = Signal(int)
    parse_finished = Signal(object)  # RosterParse
    parse_failed = Signal(object)  # ParseFailure

    def __init__(
        self, data: bytes, code: str, kind: RosterKind, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._data = data
        self._code = code.strip()
        self._kind = kind

    def run(self) -> None:
        commune = self._code if self._kind is RosterKind.RNE_CM and self._code else None
        epci = self._code if self._kind is RosterKind.RNE_EPCI and self._code else None
        try:
            parsed = parse_roster(
                self._data, commune=commune, epci=epci, progress=self.progress_changed.emit
            )
        except NoUsableLineError as err:
            self.parse_failed.emit(ParseFailure(str(err), err.rejected))
            return
        except InputError as err:
            choices: tuple[Collectivity, ...] = ()
            if self._kind is not RosterKind.PLAIN:
                try:
                    choices = rne_collectivities(self._data)
                except InputError:
                    choices = ()
            self.parse_failed.emit(ParseFailure(str(err), (), choices))
            return
        self.parse_finished.emit(parsed)


# --------------------------------------------------------------------------- dialog


class RosterImportDialog(QDialog):
    """Preview of an import: members to import, rejected lines (fixable), then « Importer »."""

    def __init__(
        self,
        path: Path,
        data: bytes,
        roster: Sequence[Member],
        default_code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Raises ``InputError`` when the file cannot even be decoded (see ``peek_roster``)."""
        super().__init__(parent)
        self.path = path
        self._data = data
        peek = peek_roster(data)
        self._lines = list(peek.lines)
        self._header_end = peek.header_line
        self._kind = peek.kind
        self._roster = tuple(roster)
        self._fixes: dict[int, tuple[str, int]] = {}  # line → (corrected text, lines spanned)
        self._thread: RosterParseThread | None = None
        self.parsed: RosterParse | None = None
        self.setWindowTitle(f"Importer « {path.name} »")
        self._build(default_code)
        self._connect_signals()
        self._update_buttons()

    # ------------------------------------------------------------------ layout
    def _build(self, default_code: str) -> None:
        self.kind_label = QLabel(KIND_LABELS[self._kind])
        self.kind_label.setStyleSheet("font-weight: bold;")
        self.code_edit = QComboBox()
        self.code_edit.setEditable(True)
        self.code_edit.setCurrentText(default_code)
        code_line = self.code_edit.lineEdit()
        assert code_line is not None  # the combo box is editable
        code_line.setPlaceholderText(
            "SIREN de l'EPCI (9 chiffres)"
            if self._kind is RosterKind.RNE_EPCI
            else "code INSEE de la commune (ex. 01001)"
        )
        self.reload_button = QPushButton("&Relire le fichier")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setFormat("Lecture du fichier… %p %")
        self.file_error = QLabel()
        self.file_error.setStyleSheet(ERROR_STYLE)
        self.file_error.setWordWrap(True)
        self.file_error.setVisible(False)

        self.members_model = MembersModel(editable=False, parent=self)
        self.members_view = QTableView()
        self.members_view.setModel(self.members_model)
        self.members_view.setTabKeyNavigation(False)  # Tab leaves the table
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.members_label = QLabel()
        self.ignored_note = QLabel()
        self.ignored_note.setObjectName("ignoredColumns")
        self.ignored_note.setWordWrap(True)
        self.ignored_note.setVisible(False)
        self.skip_known_check = QCheckBox(
            "Ignorer les personnes déjà dans la liste (même nom et prénom)"
        )
        self.skip_known_check.setChecked(True)

        self.rejected_model = RejectedModel(parent=self)
        self.rejected_view = QTableView()
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.setTabKeyNavigation(False)
        self.rejected_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rejected_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )  # the reason is read in full
        self.rejected_view.horizontalHeader().setStretchLastSection(True)
        self.rejected_view.setWordWrap(False)
        self.rejected_label = QLabel()
        self.fix_edit = QLineEdit()
        self.fix_edit.setPlaceholderText("Choisissez une ligne rejetée, corrigez-la ici…")
        self.fix_edit.setEnabled(False)
        self.revalidate_button = QPushButton("Re&valider la ligne")
        self.revalidate_button.setEnabled(False)
        self.fix_error = FieldError()

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "&Importer", QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.import_button.setAutoDefault(False)  # Entrée never imports (keyPressEvent)
        self.revalidate_button.setAutoDefault(False)
        self.reload_button.setAutoDefault(False)

        top = QFormLayout()
        top.addRow("Fichier :", QLabel(str(self.path)))
        top.addRow("Type :", self.kind_label)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.reload_button)
        if self._kind is not RosterKind.PLAIN:
            top.addRow("&Collectivité :", code_row)
        else:
            self.code_edit.setVisible(False)
            self.reload_button.setVisible(False)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.ignored_note)
        upper_layout.addWidget(self.members_label)
        upper_layout.addWidget(self.members_view)
        upper_layout.addWidget(self.skip_known_check)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.rejected_label)
        lower_layout.addWidget(self.rejected_view)
        fix_row = QHBoxLayout()
        fix_label = QLabel("&Correction :")
        fix_label.setBuddy(self.fix_edit)
        fix_row.addWidget(fix_label)
        fix_row.addWidget(self.fix_edit, 1)
        fix_row.addWidget(self.revalidate_button)
        lower_layout.addLayout(fix_row)
        lower_layout.addWidget(self.fix_error)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.file_error)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 640)
        order = [
            self.members_view,
            self.skip_known_check,
            self.rejected_view,
            self.fix_edit,
            self.revalidate_button,
            self.buttons,
        ]
        if self._kind is not RosterKind.PLAIN:
            order[:0] = [self.code_edit, self.reload_button]
        tab_chain(order)
        repair_buddies(self)

    def _connect_signals(self) -> None:
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        code_line = self.code_edit.lineEdit()
        assert code_line is not None  # the combo box is editable
        code_line.returnPressed.connect(self._on_reload_button_clicked)
        self.rejected_view.selectionModel().currentRowChanged.connect(
            self._on_rejected_view_current_changed
        )
        self.fix_edit.returnPressed.connect(self._on_revalidate_button_clicked)
        self.revalidate_button.clicked.connect(self._on_revalidate_button_clicked)
        self.skip_known_check.toggled.connect(self._on_skip_known_check_toggled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ parsing
    @property
    def busy(self) -> bool:
        return self._thread is not None

    def code(self) -> str:
        """The commune or EPCI code typed or picked (« 01001 — Ville » → « 01001 »)."""
        return self.code_edit.currentText().split("—", 1)[0].strip()

    def start(self) -> None:
        """Read the file in a thread; the preview fills in when it is done."""
        if self._thread is not None:
            return
        self.file_error.setVisible(False)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self._thread = RosterParseThread(self._data, self.code(), self._kind, self)
        self._thread.progress_changed.connect(self._on_thread_progress_changed)
        self._thread.parse_finished.connect(self._on_thread_parse_finished)
        self._thread.parse_failed.connect(self._on_thread_parse_failed)
        self._thread.finished.connect(self._on_thread_finished)
        self._update_buttons()
        self._thread.start()

    def _on_thread_progress_changed(self, percent: int) -> None:
        self.progress_bar.setValue(percent)

    def _on_thread_parse_finished(self, parsed: RosterParse) -> None:
        self._show_parse(parsed)

    def _on_thread_parse_failed(self, failure: ParseFailure) -> None:
        self._show_parse(RosterParse(self._kind, (), failure.rejected))
        if failure.rejected:
            message = "Aucune ligne n'a pu être lue : corrigez les lignes rejetées ci-dessous."
        else:
            message = failure.message
        if failure.collectivities:
            message = (
                "Ce fichier contient plusieurs collectivités : choisissez la vôtre dans "
                "la liste « Collectivité » puis « Relire le fichier »."
            )
            current = self.code_edit.currentText()
            self.code_edit.clear()
            for c in failure.collectivities:
                self.code_edit.addItem(f"{c.code} — {c.name} ({c.rows} élus)", c.code)
            self.code_edit.setCurrentText(current)
            self.code_edit.setFocus()
        self.file_error.setText(message)
        self.file_error.setVisible(True)

    def _on_thread_finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        self.progress_bar.setValue(100)
        self.progress_bar.setVisible(False)
        self._update_buttons()

    def _on_reload_button_clicked(self) -> None:
        self._fixes.clear()
        self.start()

    # ------------------------------------------------------------------ preview
    def _show_parse(self, parsed: RosterParse) -> None:
        self.parsed = parsed
        if parsed.collectivity_name:
            self.kind_label.setText(
                f"{KIND_LABELS[parsed.kind]} — {parsed.collectivity_name} "
                f"({parsed.collectivity_code})"
            )
        self.members_model.set_members(parsed.members)
        ignored = parsed.ignored_columns
        self.ignored_note.setVisible(bool(ignored))
        self.ignored_note.setText(
            (
                ("Colonne ignorée\u00a0: " if len(ignored) == 1 else "Colonnes ignorées\u00a0: ")
                + ", ".join(f"«\u00a0{c}\u00a0»" for c in ignored)
                + f" (colonnes lues\u00a0: {', '.join(PLAIN_COLUMNS)})."
            )
            if ignored
            else ""
        )
        self.rejected_model = RejectedModel(parsed.rejected, self)
        old_selection = self.rejected_view.selectionModel()
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.setTabKeyNavigation(False)
        if old_selection is not None:
            old_selection.deleteLater()
        self.rejected_view.selectionModel().currentRowChanged.connect(
            self._on_rejected_view_current_changed
        )
        self.fix_edit.clear()
        self.fix_edit.setEnabled(False)
        self.revalidate_button.setEnabled(False)
        self.fix_error.clear_error()
        self._update_counts()
        if parsed.rejected:
            self.rejected_view.selectRow(0)

    def _update_counts(self) -> None:
        n = self.members_model.rowCount()
        known = len(self._known_rows())
        text = f"{n} membre(s) à importer"
        if known:
            text += f", dont {known} déjà dans la liste"
        self.members_label.setText(text + " :")
        r = self.rejected_model.rowCount()
        self.rejected_label.setText(
            f"{r} ligne(s) rejetée(s) — sélectionnez-en une pour la corriger :"
            if r
            else "Aucune ligne rejetée."
        )
        self._update_buttons()

    def _known_rows(self) -> list[int]:
        keys = {same_person_key(m) for m in self._roster}
        return [
            row for row, m in enumerate(self.members_model.members) if same_person_key(m) in keys
        ]

    def _update_buttons(self) -> None:
        count = len(self.members_to_import()) if self.parsed else 0
        self.import_button.setEnabled(not self.busy and count > 0)
        self.import_button.setText(f"&Importer {count} membre(s)")
        self.reload_button.setEnabled(not self.busy)

    def _on_skip_known_check_toggled(self) -> None:
        self._update_buttons()

    def members_to_import(self) -> tuple[Member, ...]:
        """The previewed members, minus those already in the roster if asked (ids as parsed)."""
        members = self.members_model.members
        if not self.skip_known_check.isChecked():
            return members
        known = set(self._known_rows())
        kept = tuple(m for row, m in enumerate(members) if row not in known)
        kept_ids = {m.id for m in kept}
        # a suppléant whose titular is skipped keeps no dangling link
        return tuple(
            m
            if m.substitute_for in kept_ids or m.substitute_for is None
            else replace(m, substitute_for=None)
            for m in kept
        )

    # ------------------------------------------------------------------ fixing lines
    def _on_rejected_view_current_changed(self) -> None:
        row = self.rejected_view.currentIndex().row()
        if not 0 <= row < self.rejected_model.rowCount():
            self.fix_edit.setEnabled(False)
            self.revalidate_button.setEnabled(False)
            return
        line = self.rejected_model.line(row)
        self.fix_edit.setEnabled(True)
        self.revalidate_button.setEnabled(True)
        self.fix_edit.setText(line.text.replace("\n", " "))
        self.fix_error.show_error(f"Ligne {line.line} : {line.reason}")

    def revalidate(self, row: int, text: str) -> bool:
        """Parse the corrected text of rejected ``row``; True when it gives a member."""
        line = self.rejected_model.line(row)
        if self._kind is RosterKind.PLAIN:
            return self._revalidate_plain(line, text)
        return self._revalidate_rne(row, line, text)

    def _revalidate_plain(self, line: RejectedLine, text: str) -> bool:
        # A plain file is small: read it again whole, with every correction, so that a
        # suppléant's « titulaire » is looked up among all the titulars.
        fixes = dict(self._fixes)
        fixes[line.line] = (text, line.text.count("\n") + 1)
        lines = list(self._lines)
        for number, (fixed, span) in fixes.items():
            lines[number - 1] = fixed
            for extra in range(number, min(number - 1 + span, len(lines))):
                lines[extra] = ""  # a multi-line record corrected into one line
        try:
            parsed = parse_roster("\n".join(lines).encode("utf-8"))
        except NoUsableLineError as err:
            still = next((r for r in err.rejected if r.line == line.line), None)
            self.fix_error.show_error(f"Ligne {line.line} : {still.reason if still else err}")
            return False
        except InputError as err:
            self.fix_error.show_error(str(err))
            return False
        still = next((r for r in parsed.rejected if r.line == line.line), None)
        if still is not None:
            self.fix_error.show_error(f"Ligne {line.line} : {still.reason}")
            return False
        self._fixes = fixes
        self._show_parse(
            replace(
                parsed,
                collectivity_code=self.parsed.collectivity_code if self.parsed else "",
                collectivity_name=self.parsed.collectivity_name if self.parsed else "",
            )
        )
        return True

    def _revalidate_rne(self, row: int, line: RejectedLine, text: str) -> bool:
        # An RNE file may be national: read only its header and the corrected line.
        kind = self._kind
        code = (self.parsed.collectivity_code if self.parsed else "") or self.code()
        head = self._lines[: self._header_end]
        data = "\n".join(head + [text]).encode("utf-8")
        try:
            parsed = parse_roster(
                data,
                commune=(code or None) if kind is RosterKind.RNE_CM else None,
                epci=(code or None) if kind is RosterKind.RNE_EPCI else None,
                id_prefix="fix",
                start=line.line,
            )
        except NoUsableLineError as err:
            reason = err.rejected[0].reason if err.rejected else str(err)
            self.fix_error.show_error(f"Ligne {line.line} : {reason}")
            return False
        except InputError as err:
            self.fix_error.show_error(f"Ligne {line.line} : {err}")
            return False
        self._fixes[line.line] = (text, line.text.count("\n") + 1)
        self.members_model.append_members(parsed.members)
        self.rejected_model.remove_row(row)
        self.fix_edit.clear()
        self.fix_error.clear_error()
        self._update_counts()
        if self.rejected_model.rowCount():
            self.rejected_view.selectRow(min(row, self.rejected_model.rowCount() - 1))
        return True

    def _on_revalidate_button_clicked(self) -> None:
        row = self.rejected_view.currentIndex().row()
        if 0 <= row < self.rejected_model.rowCount():
            self.revalidate(row, self.fix_edit.text())

    # ------------------------------------------------------------------ keys and closing
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.import_button.setDefault(False)  # the button box made it the default on show

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Entrée never imports: in « Correction » it re-validates the line (its own
        handler), on a button it presses it, elsewhere it moves on."""
        focus = QApplication.focusWidget()
        if event.key() in ENTER_KEYS and focus in (self.fix_edit, self.code_edit.lineEdit()):
            return
        if enter_moves_on(self, event):
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        """A line still rejected (or a correction not re-validated) is never dropped
        silently: say which, and import only when the secretary agrees."""
        rows = self.rejected_model.rowCount()
        if rows and not self.busy:
            numbers = [str(self.rejected_model.line(r).line) for r in range(rows)]
            shown = ", ".join(numbers[:10]) + (f" et {rows - 10} autres" if rows > 10 else "")
            plural = "s" if rows > 1 else ""
            answer = QMessageBox.question(
                self,
                self.windowTitle() or "Importer",
                f"{rows} ligne{plural} rejetée{plural} (ligne{plural} {shown}) ne "
                f"ser{'ont' if rows > 1 else 'a'} pas importée{plural}. "
                f"Importer quand même les autres membres\u00a0?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                if self.fix_edit.isEnabled():
                    self.fix_edit.setFocus()
                return
        super().accept()

    def done(self, result: int) -> None:
        if self._thread is not None:  # never leave a thread running behind a closed dialog
            self._thread.requestInterruption()
            self._thread.wait()
        super().done(result)
