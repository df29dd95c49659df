"""One member's form (add or edit), and the « fin de mandat » date prompt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.roster import parse_date
from app.services.types import Member, fold
from ui.prep.common import FieldError, repair_buddies, tab_chain, with_error
from ui.widgets.date_edit import read_french_date
from ui.widgets.name_search import NameTypeahead

CIVILITIES = ("", "Mme", "M.")


def parse_french_date(text: str) -> date | None:
    """« 02/04/1961 », « 02041961 », « 02 04 61 » (or ISO) → date; None when empty;
    ValueError when unreadable. What the importer reads is read too."""
    try:
        return read_french_date(text)
    except ValueError:
        return parse_date(text)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class MemberDialog(QDialog):
    """Add or edit one member: identity, group, function, weight, suppléant link, dates.

    ``member`` is None for a new member (``new_id`` is then its id); ``others`` are the rest
    of the roster (to pick a titular and to offer the existing groups).
    """

    def __init__(
        self,
        member: Member | None,
        others: Sequence[Member],
        new_id: str,
        parent: QWidget | None = None,
        *,
        weighted: bool = True,
    ) -> None:
        super().__init__(parent)
        self._weighted = weighted
        self._original = member
        self._new_id = new_id
        self._others = tuple(others)
        self.result_member: Member | None = None
        self.setWindowTitle("Modifier le membre" if member else "Nouveau membre")
        self._build()
        self._load(member)
        self._connect_signals()

    def _build(self) -> None:
        self.civility_combo = QComboBox()
        for civility in CIVILITIES:
            self.civility_combo.addItem(civility or "—", civility)
        self.last_name_edit = QLineEdit()
        self.first_name_edit = QLineEdit()
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        groups = sorted({m.group for m in self._others if m.group})
        self.group_combo.addItems([""] + groups)
        self.function_edit = QLineEdit()
        self.function_edit.setPlaceholderText("ex. Maire, 1er adjoint, Président")
        self.weight_spin = QSpinBox()
        self.weight_spin.setRange(1, 1000)
        self.titular_combo = QComboBox()
        self.titular_combo.addItem("— (titulaire)", None)
        own_id = self._original.id if self._original else self._new_id
        for m in self._others:
            if not m.is_substitute and m.id != own_id:
                self.titular_combo.addItem(m.full_name, m.id)
        self.birth_edit = QLineEdit()
        self.birth_edit.setPlaceholderText("JJ/MM/AAAA (facultatif, pour l'âge aux élections)")
        self.started_check = QCheckBox("Début de mandat le")
        self.started_check.setToolTip(
            "Un remplaçant (élection partielle, suivant de liste) est en exercice à partir "
            "de ce jour : les séances antérieures gardent leur nombre de membres en exercice"
        )
        self.started_edit = QDateEdit()
        self.started_edit.setCalendarPopup(True)
        self.started_edit.setDisplayFormat("dd/MM/yyyy")
        self.started_edit.setDate(QDate.currentDate())
        self.started_edit.setEnabled(False)
        self.ended_check = QCheckBox("Fin de mandat le")
        self.ended_edit = QDateEdit()
        self.ended_edit.setCalendarPopup(True)
        self.ended_edit.setDisplayFormat("dd/MM/yyyy")
        self.ended_edit.setDate(QDate.currentDate())
        self.ended_edit.setEnabled(False)

        self.last_name_error = FieldError()
        self.titular_error = FieldError()
        self.birth_error = FieldError()
        self.mandate_error = FieldError()

        form = QFormLayout()
        form.addRow("&Civilité :", self.civility_combo)
        form.addRow("&Nom :", with_error(self.last_name_edit, self.last_name_error))
        form.addRow("&Prénom :", self.first_name_edit)
        form.addRow("&Groupe :", self.group_combo)
        form.addRow("&Fonction :", self.function_edit)
        form.addRow("Poi&ds (voix) :", self.weight_spin)
        # a weight means nothing to an assembly whose votes are not weighted
        form.setRowVisible(self.weight_spin, self._weighted)
        NameTypeahead(self.titular_combo)  # « gar » finds « Mme GARNIER Sophie »
        form.addRow("&Suppléant de :", with_error(self.titular_combo, self.titular_error))
        form.addRow("Da&te de naissance :", with_error(self.birth_edit, self.birth_error))
        started = QHBoxLayout()
        started.addWidget(self.started_check)
        started.addWidget(self.started_edit)
        started.addStretch()
        form.addRow("Mandat :", started)
        ended = QHBoxLayout()
        ended.addWidget(self.ended_check)
        ended.addWidget(self.ended_edit)
        ended.addStretch()
        form.addRow("", ended)
        form.addRow("", self.mandate_error)
        hint = QLabel(
            "Un suppléant ne compte pas parmi les membres en exercice ; il siège, "
            "avec voix délibérative, en l'absence de son titulaire."
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Valider")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        order = [
            self.civility_combo,
            self.last_name_edit,
            self.first_name_edit,
            self.group_combo,
            self.function_edit,
            self.weight_spin,
            self.titular_combo,
            self.birth_edit,
            self.started_check,
            self.started_edit,
            self.ended_check,
            self.ended_edit,
            self.buttons,
        ]
        tab_chain(order)
        repair_buddies(self)
        self.resize(480, 0)

    def _connect_signals(self) -> None:
        self.started_check.toggled.connect(self.started_edit.setEnabled)
        self.ended_check.toggled.connect(self._on_ended_check_toggled)
        self.titular_combo.currentIndexChanged.connect(self._on_titular_combo_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _load(self, m: Member | None) -> None:
        if m is None:
            self.last_name_edit.setFocus()
            return
        index = self.civility_combo.findData(m.civility)
        if index < 0:
            self.civility_combo.addItem(m.civility, m.civility)
            index = self.civility_combo.count() - 1
        self.civility_combo.setCurrentIndex(index)
        self.last_name_edit.setText(m.last_name)
        self.first_name_edit.setText(m.first_name)
        self.group_combo.setCurrentText(m.group)
        self.function_edit.setText(m.function)
        self.weight_spin.setValue(m.weight)
        self.titular_combo.setCurrentIndex(max(self.titular_combo.findData(m.substitute_for), 0))
        if m.birth_date:
            self.birth_edit.setText(m.birth_date.strftime("%d/%m/%Y"))
        if m.started_on:
            self.started_check.setChecked(True)
            self.started_edit.setEnabled(True)
            self.started_edit.setDate(to_qdate(m.started_on))
        if m.ended_on:
            self.ended_check.setChecked(True)
            self.ended_edit.setEnabled(True)
            self.ended_edit.setDate(to_qdate(m.ended_on))

    def _on_titular_combo_changed(self, _index: int) -> None:
        """A suppléant sits in his titular's group (commune): offer it when none is typed,
        or he would make a « Sans groupe » section of his own on the documents."""
        titular = next((m for m in self._others if m.id == self.titular_combo.currentData()), None)
        if titular is not None and titular.group and not self.group_combo.currentText().strip():
            self.group_combo.setCurrentText(titular.group)

    def _on_ended_check_toggled(self, checked: bool) -> None:
        self.ended_edit.setEnabled(checked)

    def _on_buttons_accepted(self) -> None:
        member = self.validate()
        if member is None:
            return
        twin = self.same_person(member)
        if twin is not None:
            answer = QMessageBox.question(
                self,
                self.windowTitle() or "Membre",
                f"{twin.full_name} figure déjà dans la liste (même nom et même prénom). "
                f"Enregistrer quand même un second membre de ce nom\u00a0?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.last_name_edit.setFocus()
                return
        self.result_member = member
        self.accept()

    def same_person(self, member: Member) -> Member | None:
        """Another member with the same surname and first name (accents and case aside)."""
        key = (fold(member.last_name.strip()), fold(member.first_name.strip()))
        return next(
            (
                m
                for m in self._others
                if m.id != member.id and (fold(m.last_name), fold(m.first_name)) == key
            ),
            None,
        )

    def validate(self) -> Member | None:
        """The member as typed, or None after showing the errors under their fields."""
        ok = True
        last_name = " ".join(self.last_name_edit.text().split())
        self.last_name_error.show_error("" if last_name else "Le nom est obligatoire.")
        ok &= bool(last_name)
        titular = self.titular_combo.currentData()
        own_id = self._original.id if self._original else self._new_id
        has_substitutes = any(m.substitute_for == own_id for m in self._others)
        if titular is not None and has_substitutes:
            self.titular_error.show_error(
                "Ce membre a lui-même un suppléant : il ne peut pas être suppléant d'un autre."
            )
            ok = False
        else:
            self.titular_error.clear_error()
        try:
            birth = parse_french_date(self.birth_edit.text())
            self.birth_error.clear_error()
        except ValueError:
            birth = None
            self.birth_error.show_error("Date illisible : attendu JJ/MM/AAAA (ex. 02/04/1961).")
            ok = False
        started = from_qdate(self.started_edit.date()) if self.started_check.isChecked() else None
        ended = from_qdate(self.ended_edit.date()) if self.ended_check.isChecked() else None
        if started and ended and ended < started:
            self.mandate_error.show_error("Fin du mandat avant son début : corrigez une date.")
            ok = False
        else:
            self.mandate_error.clear_error()
        if not ok:
            return None
        fields = dict(
            civility=self.civility_combo.currentData() or "",
            last_name=last_name,
            first_name=" ".join(self.first_name_edit.text().split()),
            group=" ".join(self.group_combo.currentText().split()),
            function=" ".join(self.function_edit.text().split()),
            weight=self.weight_spin.value(),
            substitute_for=titular,
            birth_date=birth,
            started_on=started,
            ended_on=ended,
        )
        if self._original is not None:
            return replace(self._original, **fields)
        return Member(id=self._new_id, **fields)


class EndMandateDialog(QDialog):
    """Asks the date of the « fin de mandat » of a member named in a journal."""

    def __init__(self, member: Member, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = member
        self.setWindowTitle("Fin de mandat")
        text = QLabel(
            f"{member.full_name} figure dans le journal d'une séance : il ne peut pas être "
            "supprimé de la liste. Indiquez la date de fin de son mandat ; il ne comptera plus "
            "parmi les membres en exercice des séances suivantes."
        )
        text.setWordWrap(True)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Fin de &mandat")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        form = QFormLayout()
        form.addRow("&Date de fin :", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 0)

    @property
    def end_date(self) -> date:
        return from_qdate(self.date_edit.date())
