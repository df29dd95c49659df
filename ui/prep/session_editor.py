"""The session editor: date, place, convocation, president, secretaries and the agenda.

The agenda is an :class:`AgendaModel` (reordered with Alt+↑ / Alt+↓ or by dragging); the
selected item is edited in the form on the right. Everything is written with one
``Store.save_session`` when the secretary saves.

« Reprendre l'ordre du jour d'une séance précédente » copies the skeleton of each item —
number, title, nature, ACTES subject, required majority and visas — but neither the
preamble, the articles, the annexes nor the rapporteur, which belong to each deliberation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.interchange import import_file
from app.services.preparation import (
    check_second_convocation,
    convocation_warnings,
    parse_auxiliaries,
    save_session,
)
from app.services.store import Store
from app.services.types import (
    ACTES_NUMBER,
    NATURES,
    DomainError,
    InputError,
    Item,
    Majority,
    Member,
    Session,
    item_id_problem,
)
from ui.prep.common import WARNING_STYLE, FieldError, PrepDialog, tab_chain, with_error
from ui.prep.models import AgendaModel
from ui.prep.nomenclature import Subject, load_subjects, subject_code
from ui.widgets.date_edit import FrenchDateEdit
from ui.widgets.name_search import NameTypeahead
from ui.widgets.screen import fit_to_screen

_TIME = re.compile(r"([01]?\d|2[0-3])[:hH]([0-5]\d)")


def normalise_time(text: str) -> str | None:
    """« 18:30 », « 18h30 », « 9:05 » → « 18:30 », « 09:05 »; "" → None; ValueError."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if not match:
        raise ValueError(text)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def preamble_to_lines(preamble: str) -> str:
    """Paragraphs separated by blank lines (seance/1) → one paragraph per line (editor)."""
    paragraphs = re.split(r"\n\s*\n", preamble.strip())
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def lines_to_preamble(text: str) -> str:
    return "\n\n".join(split_lines(text))


def skeleton(item: Item) -> Item:
    """What « Reprendre l'ordre du jour » copies of an item (see the module docstring)."""
    return Item(
        id=item.id,
        title=item.title,
        nature=item.nature,
        subject=item.subject,
        actes_number=item.actes_number,
        majority=item.majority,
        visas=item.visas,
    )


class SessionEditor(PrepDialog):
    """Create or edit one session of an assembly and its agenda."""

    def __init__(
        self,
        store: Store,
        assembly_id: str,
        session_id: str | None,
        parent: QWidget | None = None,
        subjects: tuple[Subject, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._assembly = store.load_assembly(assembly_id)
        self._original: Session | None = store.load_session(session_id) if session_id else None
        self._events = store.load_events(session_id) if session_id else []
        self._subjects = load_subjects() if subjects is None else subjects
        self._loading = False
        self.saved_id: str | None = None
        self._build()
        self._connect_signals()
        self._load_session(self._original)
        self.mark_dirty(False)

    # ------------------------------------------------------------------ layout
    def _members_for_roles(self, session: Session | None) -> list[Member]:
        named = set()
        if session is not None:
            named = {
                session.president,
                *session.secretaries,
                *(it.rapporteur for it in session.items),
            }
        day = session.date if session is not None else date.today()
        return [
            m
            for m in self._assembly.members
            if m.in_office_on(day) or m.id in named or (m.is_substitute and m.ended_on is None)
        ]

    def _build(self) -> None:
        self.setWindowTitle(f"Séance — {self._assembly.name} ({self._assembly.organisation})")
        # --- the session
        self.date_edit = FrenchDateEdit()
        self.date_error = FieldError()
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText("HH:MM, ex. 18:30")
        self.time_edit.setMaxLength(5)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("ex. salle du conseil, mairie")
        self.convened_edit = FrenchDateEdit(optional=True, empty_text="non renseignée (jj/mm/aaaa)")
        self.first_radio = QRadioButton("Première convocation")
        self.second_radio = QRadioButton("Seconde convocation (sans condition de quorum)")
        self.convocation_group = QButtonGroup(self)
        self.convocation_group.addButton(self.first_radio, 1)
        self.convocation_group.addButton(self.second_radio, 2)
        self.president_combo = QComboBox()
        self.secretaries_list = QListWidget()
        self.secretaries_list.setMaximumHeight(110)
        self.secretaries_list.setToolTip("Cochez le ou les secrétaires de séance (Espace)")
        self.failed_edit = FrenchDateEdit(optional=True, empty_text="non renseignée (jj/mm/aaaa)")
        self.failed_edit.setToolTip(
            "Seconde convocation : le jour de la réunion où le quorum n'a pas été atteint "
            "(au moins trois jours avant)"
        )
        self.auxiliaries_edit = QPlainTextEdit()
        self.auxiliaries_edit.setTabChangesFocus(True)
        self.auxiliaries_edit.setMaximumHeight(60)
        self.auxiliaries_edit.setPlaceholderText(
            "un par ligne : nom, fonction (ex. Mme Claire PETIT, directrice générale des services)"
        )
        self.auxiliaries_edit.setToolTip(
            "Secrétaires auxiliaires pris en dehors des membres (article L2121-15) : "
            "nommés au procès-verbal, ils ne votent pas"
        )
        self.time_error = FieldError()
        self.convened_error = FieldError()
        self.failed_error = FieldError()
        # a short delay is lawful in urgency: said (amber), never refused
        self.convened_warning = FieldError()
        self.convened_warning.setStyleSheet(WARNING_STYLE)
        self.auxiliaries_error = FieldError()
        self.session_error = FieldError()

        session_box = QGroupBox("Séance")
        form = QFormLayout(session_box)
        form.addRow("&Date :", with_error(self.date_edit, self.date_error))
        form.addRow("&Heure :", with_error(self.time_edit, self.time_error))
        form.addRow("&Lieu :", self.place_edit)
        form.addRow("Convo&quée le :", with_error(self.convened_edit, self.convened_error))
        form.addRow("", self.convened_warning)
        convocation = QVBoxLayout()
        convocation.addWidget(self.first_radio)
        convocation.addWidget(self.second_radio)
        form.addRow("Convocation :", convocation)
        form.addRow("Réunion sans quorum du :", with_error(self.failed_edit, self.failed_error))
        NameTypeahead(self.president_combo)  # « dup » finds « M. DUPONT Marc »
        NameTypeahead(self.secretaries_list)
        form.addRow("Pré&sidence :", self.president_combo)
        form.addRow("Se&crétaire(s) :", self.secretaries_list)
        form.addRow(
            "Secré&taires auxiliaires :", with_error(self.auxiliaries_edit, self.auxiliaries_error)
        )

        # --- the agenda
        self.agenda_model = AgendaModel(parent=self)
        self.agenda_view = QListView()
        self.agenda_view.setModel(self.agenda_model)
        self.agenda_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_view.setDragEnabled(True)
        self.agenda_view.setAcceptDrops(True)
        self.agenda_view.setDropIndicatorShown(True)
        # DragDrop rather than InternalMove: the model accepts only its own rows anyway,
        # and a drop it receives is a move (see AgendaModel.dropMimeData)
        self.agenda_view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.agenda_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.agenda_view.setToolTip(
            "Alt+↑ / Alt+↓ ou glisser pour réordonner ; Inser pour ajouter ; Suppr pour retirer"
        )
        self.add_item_button = QPushButton("&Ajouter un point")
        self.up_button = QPushButton("Monter")
        self.up_button.setToolTip("Monter le point (Alt+↑)")
        self.down_button = QPushButton("Descendre")
        self.down_button.setToolTip("Descendre le point (Alt+↓)")
        self.remove_item_button = QPushButton("Retirer")
        self.remove_item_button.setToolTip("Retirer le point de l'ordre du jour (Suppr)")
        self.import_button = QPushButton("Importer un fichier seance/&1…")
        self.copy_agenda_button = QPushButton("&Reprendre l'ordre du jour d'une séance précédente…")
        agenda_box = QGroupBox("Ordre du jour")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda_view, 1)
        row = QHBoxLayout()
        for button in (
            self.add_item_button,
            self.up_button,
            self.down_button,
            self.remove_item_button,
        ):
            row.addWidget(button)
        agenda_layout.addLayout(row)
        agenda_layout.addWidget(self.copy_agenda_button)
        agenda_layout.addWidget(self.import_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(session_box)
        left_layout.addWidget(agenda_box, 1)

        # --- the selected item
        self.number_edit = QLineEdit()
        self.number_edit.setMaxLength(15)
        self.number_edit.setPlaceholderText("ex. 2026-014 (15 caractères au plus)")
        self.actes_edit = QLineEdit()
        self.actes_edit.setMaxLength(15)
        self.actes_edit.setPlaceholderText("facultatif : 0-9, A-Z et _ (sinon tiré du numéro)")
        self.title_edit = QLineEdit()
        self.nature_combo = QComboBox()
        for code, label in NATURES.items():
            self.nature_combo.addItem(f"{code} — {label}", code)
        self.subject_combo = QComboBox()
        self.subject_combo.setEditable(True)
        self.subject_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.subject_combo.addItem("", "")
        for subject in self._subjects:
            self.subject_combo.addItem(subject.display, subject.code)
        completer = QCompleter(self.subject_combo.model(), self.subject_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.subject_combo.setCompleter(completer)
        subject_line = self.subject_combo.lineEdit()
        assert subject_line is not None  # the combo box is editable
        subject_line.setPlaceholderText("tapez un code ou un mot : 7.2, fiscalité…")
        self.rapporteur_combo = QComboBox()
        self.majority_combo = QComboBox()
        for majority in Majority:
            self.majority_combo.addItem(majority.label, majority)
        # L2121-14: the assembly elects this item's president, the maire withdraws for the vote
        self.presided_apart_check = QCheckBox(
            "Compte administratif ou compte &financier unique (président élu pour ce point)"
        )
        self.preamble_edit = QPlainTextEdit()
        self.preamble_edit.setPlaceholderText("Exposé des motifs : un paragraphe par ligne")
        self.visas_edit = QPlainTextEdit()
        self.visas_edit.setPlaceholderText(
            "Vu le code général des collectivités territoriales, (un visa par ligne)"
        )
        self.articles_edit = QPlainTextEdit()
        self.articles_edit.setPlaceholderText("DÉCIDE de… (un article par ligne)")
        self.annexes_edit = QPlainTextEdit()
        self.annexes_edit.setPlaceholderText("Une annexe par ligne")
        for edit in (self.preamble_edit, self.visas_edit, self.articles_edit, self.annexes_edit):
            edit.setTabChangesFocus(True)  # Tab moves on: keyboard navigation first
        self.number_error = FieldError()
        self.actes_error = FieldError()
        self.title_error = FieldError()
        self.subject_error = FieldError()

        self.item_box = QGroupBox("Point sélectionné")
        item_form = QFormLayout(self.item_box)
        item_form.addRow("&Numéro :", with_error(self.number_edit, self.number_error))
        item_form.addRow("N° d'acte @ctes :", with_error(self.actes_edit, self.actes_error))
        item_form.addRow("&Objet :", with_error(self.title_edit, self.title_error))
        item_form.addRow("Nat&ure :", self.nature_combo)
        item_form.addRow("&Matière ACTES :", with_error(self.subject_combo, self.subject_error))
        NameTypeahead(self.rapporteur_combo)
        item_form.addRow("Ra&pporteur :", self.rapporteur_combo)
        item_form.addRow("Ma&jorité requise :", self.majority_combo)
        item_form.addRow("", self.presided_apart_check)
        item_form.addRow("Pr&éambule :", self.preamble_edit)
        item_form.addRow("&Visas :", self.visas_edit)
        item_form.addRow("Art&icles :", self.articles_edit)
        item_form.addRow("Anne&xes :", self.annexes_edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.item_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        for push in (
            *self.buttons.buttons(),
            self.add_item_button,
            self.up_button,
            self.down_button,
            self.remove_item_button,
            self.import_button,
            self.copy_agenda_button,
        ):
            if isinstance(push, QPushButton):  # the box's buttons are QPushButtons
                push.setAutoDefault(False)  # Entrée in a field must not save the session

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.session_error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1200, 780)

        order = [
            self.date_edit,
            self.time_edit,
            self.place_edit,
            self.convened_edit,
            self.first_radio,
            self.second_radio,
            self.failed_edit,
            self.president_combo,
            self.secretaries_list,
            self.auxiliaries_edit,
            self.agenda_view,
            self.add_item_button,
            self.up_button,
            self.down_button,
            self.remove_item_button,
            self.copy_agenda_button,
            self.import_button,
            self.number_edit,
            self.actes_edit,
            self.title_edit,
            self.nature_combo,
            self.subject_combo,
            self.rapporteur_combo,
            self.majority_combo,
            self.presided_apart_check,
            self.preamble_edit,
            self.visas_edit,
            self.articles_edit,
            self.annexes_edit,
            self.buttons,
        ]
        tab_chain(order)

        self._up_shortcut = QShortcut(QKeySequence("Alt+Up"), self.agenda_view)
        self._down_shortcut = QShortcut(QKeySequence("Alt+Down"), self.agenda_view)
        self._insert_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.agenda_view)
        self._delete_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), self.agenda_view
        )
        for shortcut in (
            self._up_shortcut,
            self._down_shortcut,
            self._insert_shortcut,
            self._delete_shortcut,
        ):
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def _connect_signals(self) -> None:
        self.date_edit.dateChanged.connect(self._on_session_field_changed)
        self.time_edit.textEdited.connect(self._on_session_field_changed)
        self.place_edit.textEdited.connect(self._on_session_field_changed)
        self.convened_edit.dateChanged.connect(self._on_session_field_changed)
        self.convocation_group.idToggled.connect(self._on_session_field_changed)
        self.convocation_group.idToggled.connect(self._on_convocation_toggled)
        self.failed_edit.dateChanged.connect(self._on_session_field_changed)
        self.auxiliaries_edit.textChanged.connect(self._on_session_field_changed)
        self.president_combo.currentIndexChanged.connect(self._on_session_field_changed)
        self.secretaries_list.itemChanged.connect(self._on_session_field_changed)

        self.agenda_view.selectionModel().currentRowChanged.connect(
            self._on_agenda_view_current_changed
        )
        self.agenda_model.rowsInserted.connect(self._on_agenda_model_changed)
        self.agenda_model.rowsRemoved.connect(self._on_agenda_model_changed)
        self.agenda_model.rowsMoved.connect(self._on_agenda_model_changed)
        self.agenda_model.modelReset.connect(self._on_agenda_model_changed)
        self.add_item_button.clicked.connect(self._on_add_item_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.remove_item_button.clicked.connect(self._on_remove_item_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.copy_agenda_button.clicked.connect(self._on_copy_agenda_button_clicked)
        self._up_shortcut.activated.connect(self._on_up_button_clicked)
        self._down_shortcut.activated.connect(self._on_down_button_clicked)
        self._insert_shortcut.activated.connect(self._on_add_item_button_clicked)
        self._delete_shortcut.activated.connect(self._on_remove_item_button_clicked)

        for edit in (self.number_edit, self.actes_edit, self.title_edit):
            edit.textEdited.connect(self._on_item_field_changed)
        for combo in (self.nature_combo, self.rapporteur_combo, self.majority_combo):
            combo.currentIndexChanged.connect(self._on_item_field_changed)
        self.subject_combo.currentTextChanged.connect(self._on_item_field_changed)
        self.presided_apart_check.toggled.connect(self._on_item_field_changed)
        for text_edit in (
            self.preamble_edit,
            self.visas_edit,
            self.articles_edit,
            self.annexes_edit,
        ):
            text_edit.textChanged.connect(self._on_item_field_changed)

        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ loading
    def _load_session(self, session: Session | None) -> None:
        self._loading = True
        people = self._members_for_roles(session)
        self.president_combo.clear()
        self.president_combo.addItem("—", None)
        self.rapporteur_combo.clear()
        self.rapporteur_combo.addItem("—", None)
        self.secretaries_list.clear()
        for m in people:
            self.president_combo.addItem(m.full_name, m.id)
            self.rapporteur_combo.addItem(m.full_name, m.id)
            entry = QListWidgetItem(m.full_name)
            entry.setData(Qt.ItemDataRole.UserRole, m.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.secretaries_list.addItem(entry)
        if session is None:
            self.date_edit.setDate(date.today())
            self.convened_edit.setDate(None)
            self.first_radio.setChecked(True)
            self.failed_edit.setDate(None)
            self.auxiliaries_edit.setPlainText("")
            self.time_edit.setText("18:30")
            self.agenda_model.set_items(())
        else:
            self.date_edit.setDate(session.date)
            self.time_edit.setText(session.time or "")
            self.place_edit.setText(session.place)
            self.convened_edit.setDate(session.convened_on)
            (self.second_radio if session.second_convocation else self.first_radio).setChecked(True)
            self.failed_edit.setDate(session.failed_meeting_on)
            self.auxiliaries_edit.setPlainText(
                "\n".join(
                    f"{a.name}, {a.function}" if a.function else a.name for a in session.auxiliaries
                )
            )
            self.president_combo.setCurrentIndex(
                max(self.president_combo.findData(session.president), 0)
            )
            for row in range(self.secretaries_list.count()):
                entry = self.secretaries_list.item(row)
                if entry.data(Qt.ItemDataRole.UserRole) in session.secretaries:
                    entry.setCheckState(Qt.CheckState.Checked)
            self.agenda_model.set_items(session.items)
        self._loading = False
        self._on_convocation_toggled()
        self._show_convocation_delay()
        if self.agenda_model.rowCount():
            self.select_item(0)
        else:
            self._show_item(None)

    def select_item(self, row: int) -> None:
        index = self.agenda_model.index(row, 0)
        self.agenda_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def current_row(self) -> int:
        row = self.agenda_view.currentIndex().row()
        return row if 0 <= row < self.agenda_model.rowCount() else -1

    def _show_item(self, item: Item | None) -> None:
        loading, self._loading = self._loading, True
        self.item_box.setEnabled(item is not None)
        item = item or Item(id="", title="")
        self.number_edit.setText(item.id)
        self.actes_edit.setText(item.actes_number)
        self.title_edit.setText(item.title)
        self.nature_combo.setCurrentIndex(max(self.nature_combo.findData(item.nature), 0))
        index = self.subject_combo.findData(item.subject)
        if index >= 0:
            self.subject_combo.setCurrentIndex(index)
        else:
            self.subject_combo.setCurrentIndex(-1)
            self.subject_combo.setEditText(item.subject)
        index = self.rapporteur_combo.findData(item.rapporteur)
        self.rapporteur_combo.setCurrentIndex(max(index, 0))
        self.majority_combo.setCurrentIndex(self.majority_combo.findData(item.majority))
        self.presided_apart_check.setChecked(item.presided_apart)
        self.preamble_edit.setPlainText(preamble_to_lines(item.preamble))
        self.visas_edit.setPlainText("\n".join(item.visas))
        self.articles_edit.setPlainText("\n".join(item.articles))
        self.annexes_edit.setPlainText("\n".join(item.annexes))
        for label in (self.number_error, self.actes_error, self.title_error, self.subject_error):
            label.clear_error()
        self._loading = loading

    def item_from_form(self) -> Item:
        """The selected item as the form shows it (not validated)."""
        return Item(
            id=self.number_edit.text().strip(),
            title=" ".join(self.title_edit.text().split()),
            nature=self.nature_combo.currentData(),
            subject=subject_code(self.subject_combo.currentText()),
            actes_number=self.actes_edit.text().strip(),
            rapporteur=self.rapporteur_combo.currentData(),
            preamble=lines_to_preamble(self.preamble_edit.toPlainText()),
            visas=split_lines(self.visas_edit.toPlainText()),
            articles=split_lines(self.articles_edit.toPlainText()),
            annexes=split_lines(self.annexes_edit.toPlainText()),
            majority=self.majority_combo.currentData(),
            presided_apart=self.presided_apart_check.isChecked(),
        )

    # ------------------------------------------------------------------ reactions
    def _on_session_field_changed(self, *args: object) -> None:
        if not self._loading:
            self.mark_dirty()
        self._show_convocation_delay()

    def _show_convocation_delay(self) -> None:
        """The jours francs warning (L2121-11/12), from the assembly's population."""
        day, convened = self.date_edit.value(), self.convened_edit.value()
        warnings = (
            convocation_warnings(self._assembly.kind, convened, day, self._assembly.population)
            if day is not None and not self.convened_edit.error
            else ()
        )
        self.convened_warning.show_error(" ".join(warnings))

    def _on_agenda_model_changed(self, *args: object) -> None:
        if not self._loading:
            self.mark_dirty()
        has_items = self.agenda_model.rowCount() > 0
        for button in (self.up_button, self.down_button, self.remove_item_button):
            button.setEnabled(has_items)

    def _on_agenda_view_current_changed(self) -> None:
        row = self.current_row()
        self._show_item(self.agenda_model.item(row) if row >= 0 else None)

    def _on_item_field_changed(self, *args: object) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        self.agenda_model.replace_item(row, self.item_from_form())
        self.mark_dirty()

    def _on_add_item_button_clicked(self) -> None:
        self.add_item()

    def add_item(self) -> int:
        """Append a new item after the selected one (or at the end); focus its number."""
        taken = {it.id for it in self.agenda_model.items}
        n = self.agenda_model.rowCount() + 1
        while str(n) in taken:
            n += 1
        row = self.current_row() + 1 if self.current_row() >= 0 else self.agenda_model.rowCount()
        self.agenda_model.insert_item(row, Item(id=str(n), title=""))
        self.select_item(row)
        self.title_edit.setFocus()
        return row

    def _on_up_button_clicked(self) -> None:
        self._move_current(-1)

    def _on_down_button_clicked(self) -> None:
        self._move_current(+1)

    def _move_current(self, offset: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.select_item(self.agenda_model.move_item(row, offset))

    def _on_remove_item_button_clicked(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        item = self.agenda_model.item(row)
        if item.id in self.journal_items():
            QMessageBox.information(
                self,
                "Retirer un point",
                f"Le point « {item.id} » figure dans le journal de la séance (ouvert, voté ou "
                "annoté) : il ne peut pas être retiré de l'ordre du jour.",
            )
            return
        if item.title or item.articles or item.preamble:
            answer = QMessageBox.question(
                self,
                "Retirer un point",
                f"Retirer le point « {item.id} — {item.title} » de l'ordre du jour\u00a0?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.agenda_model.remove_item(row)
        if self.agenda_model.rowCount():
            self.select_item(min(row, self.agenda_model.rowCount() - 1))

    def journal_items(self) -> set[str]:
        """Ids of the items that the session's journal names (they must stay)."""
        return {item for ev in self._events if isinstance(item := getattr(ev, "item", None), str)}

    # ------------------------------------------------------------------ import / copy
    def _on_copy_agenda_button_clicked(self) -> None:
        own = self._original.id if self._original else None
        sessions = [s for s in self._store.sessions(self._assembly.id) if s.id != own]
        if not sessions:
            QMessageBox.information(
                self, "Reprendre un ordre du jour", "Aucune autre séance de cette assemblée."
            )
            return
        labels = [
            f"{s.date.strftime('%d/%m/%Y')}"
            + (f" {s.time}" if s.time else "")
            + (f" — {s.place}" if s.place else "")
            for s in sessions
        ]
        label, ok = QInputDialog.getItem(
            self,
            "Reprendre un ordre du jour",
            "Séance dont reprendre l'ordre du jour :",
            labels,
            0,
            False,
        )
        if ok and label in labels:
            self.copy_agenda(sessions[labels.index(label)].id)

    def copy_agenda(self, session_id: str) -> int:
        """Append the skeleton of another session's items; return how many were added."""
        source = self._store.load_session(session_id)
        taken = {it.id for it in self.agenda_model.items}
        first = self.agenda_model.rowCount()
        for item in source.items:
            copied = skeleton(item)
            number, n = copied.id, 2
            while number in taken:  # keep numbers unique within the agenda
                suffix = f"_{n}"
                number = copied.id[: 15 - len(suffix)] + suffix
                n += 1
            taken.add(number)
            self.agenda_model.insert_item(self.agenda_model.rowCount(), replace(copied, id=number))
        if source.items:
            self.select_item(first)
        return len(source.items)

    def _on_import_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Importer une séance (seance/1)",
            "",
            "Séance JSON (*.json);;Tous les fichiers (*)",
        )
        if path:
            self.import_session(Path(path))

    def import_session(self, path: Path) -> str | None:
        """Import a ``seance/1`` file (saved at once, all or nothing) and show it."""
        if self.dirty:
            answer = QMessageBox.question(
                self,
                "Importer une séance",
                "L'import crée une nouvelle séance ; les modifications en cours de celle-ci "
                "seront abandonnées. Continuer\u00a0?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            session_id = import_file(self._store, path)
        except DomainError as err:
            QMessageBox.warning(
                self, "Importer une séance", f"Import impossible, rien n'a été enregistré.\n{err}"
            )
            return None
        session = self._store.load_session(session_id)
        self.saved_id = session_id
        if session.assembly_id != self._assembly.id:
            assembly = self._store.load_assembly(session.assembly_id)
            QMessageBox.information(
                self,
                "Importer une séance",
                f"La séance du {session.date.strftime('%d/%m/%Y')} a été importée dans "
                f"l'assemblée « {assembly.name} » ({assembly.organisation}), dont la liste "
                "des membres diffère de celle-ci.",
            )
            self.mark_dirty(False)
            self.accept()
            return session_id
        self._original = session
        self._events = self._store.load_events(session_id)
        self._load_session(session)
        self.mark_dirty(False)
        self.session_error.show_error("")
        return session_id

    # ------------------------------------------------------------------ saving
    def _item_errors(self, item: Item, earlier: list[Item]) -> dict[FieldError, str]:
        errors: dict[FieldError, str] = {}
        id_problem = item_id_problem(item.id)
        if id_problem:
            errors[self.number_error] = id_problem
        elif any(o.id == item.id for o in earlier):
            errors[self.number_error] = f"Le numéro « {item.id} » est déjà pris par un autre point."
        if item.actes_number and not ACTES_NUMBER.match(item.actes_number):
            errors[self.actes_error] = (
                "Le numéro d'acte compte au plus 15 caractères parmi "
                "0-9, A-Z (majuscules) et « _ »."
            )
        if not item.title:
            errors[self.title_error] = "L'objet du point est obligatoire."
        if (
            item.subject
            and self._subjects
            and not any(
                s.code == item.subject
                or s.code.startswith(item.subject + ".")
                or item.subject.startswith(s.code + ".")
                for s in self._subjects
            )
        ):
            errors[self.subject_error] = (
                f"Matière « {item.subject} » absente de la "
                "nomenclature ACTES : choisissez-la dans la liste."
            )
        if not errors:
            try:
                item.validate()
            except DomainError as err:
                errors[self.title_error] = str(err)
        return errors

    def validate(self) -> Session | None:
        """The session to save, or None after showing the errors next to their fields."""
        ok = True
        try:
            time = normalise_time(self.time_edit.text())
            self.time_error.clear_error()
        except ValueError:
            time = None
            self.time_error.show_error("Heure illisible : attendu HH:MM (ex. 18:30).")
            ok = False
        day = self.date_edit.value()
        if day is None or self.date_edit.error:
            self.date_error.show_error(self.date_edit.error or "Date obligatoire (jj/mm/aaaa).")
            day = date.today()
            ok = False
        else:
            self.date_error.clear_error()
        convened = self.convened_edit.value()
        if self.convened_edit.error:
            self.convened_error.show_error(self.convened_edit.error)
            ok = False
        elif convened is not None and convened > day:
            self.convened_error.show_error(
                "La convocation ne peut pas être postérieure à la séance."
            )
            ok = False
        else:
            self.convened_error.clear_error()
        second = self.convocation_group.checkedId() == 2
        failed = self.failed_edit.value() if second else None
        try:
            if self.failed_edit.error and second:
                raise InputError(self.failed_edit.error)
            check_second_convocation(2 if second else 1, failed, day)
            self.failed_error.clear_error()
        except InputError as err:
            self.failed_error.show_error(str(err).removeprefix("séance : "))
            ok = False
        try:
            auxiliaries = parse_auxiliaries(self.auxiliaries_edit.toPlainText())
            self.auxiliaries_error.clear_error()
        except InputError as err:
            auxiliaries = ()
            self.auxiliaries_error.show_error(str(err))
            ok = False
        items = list(self.agenda_model.items)
        for row, item in enumerate(items):
            errors = self._item_errors(item, items[:row])  # the later duplicate is wrong
            if errors:
                self.select_item(row)  # shows the item, then its errors under the fields
                for label, message in errors.items():
                    label.show_error(message)
                first = next(iter(errors))
                {
                    self.number_error: self.number_edit,
                    self.actes_error: self.actes_edit,
                    self.title_error: self.title_edit,
                    self.subject_error: self.subject_combo,
                }[first].setFocus()
                self.session_error.show_error(
                    f"Le point n° {row + 1} de l'ordre du jour est à corriger."
                )
                return None
        if not ok:
            self.session_error.show_error("Des champs de la séance sont à corriger.")
            return None
        self.session_error.clear_error()
        secretaries = tuple(
            self.secretaries_list.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.secretaries_list.count())
            if self.secretaries_list.item(r).checkState() == Qt.CheckState.Checked
        )
        fields = dict(
            date=day,
            time=time,
            place=" ".join(self.place_edit.text().split()),
            convened_on=convened,
            convocation=self.convocation_group.checkedId(),
            failed_meeting_on=failed,
            president=self.president_combo.currentData(),
            secretaries=secretaries,
            auxiliaries=auxiliaries,
            items=tuple(items),
        )
        if self._original is not None:
            kept = {it.id for it in items}  # transmissions of removed items go with them
            return replace(
                self._original,
                **fields,
                transmissions=tuple(t for t in self._original.transmissions if t.item in kept),
            )
        return Session(id=self._new_session_id(day), assembly_id=self._assembly.id, **fields)

    def _on_convocation_toggled(self, *_: object) -> None:
        """The failed meeting's date belongs to a second convocation only."""
        self.failed_edit.setEnabled(self.convocation_group.checkedId() == 2)

    def _new_session_id(self, day: date) -> str:
        taken = {s.id for s in self._store.sessions()}
        base, n = day.isoformat(), 2
        candidate = base
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        return candidate

    def save(self) -> bool:
        session = self.validate()
        if session is None:
            return False
        try:
            if self._events:
                # The journal is the truth: the new agenda must still account for every event.
                missing = sorted(self.journal_items() - {it.id for it in session.items})
                if missing:
                    raise DomainError(
                        ", ".join(f"« {m} »" for m in missing)
                        + " : point(s) nommé(s) par le journal, introuvable(s)"
                    )
            # a begun session is amended in its journal (who, what, why), not rewritten
            save_session(self._store, session)
        except DomainError as err:
            self.session_error.show_error(
                "Enregistrement impossible : le journal de la séance ne s'accorde plus "
                f"avec ces modifications ({err}). Rétablissez le numéro des points déjà "
                "traités."
            )
            return False
        self.saved_id = session.id
        return True
