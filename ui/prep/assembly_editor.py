"""The assembly editor: identity of the organe délibérant and the rules it deliberates under."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.preparation import parse_population, save_assembly
from app.services.store import DomainError, Store
from app.services.types import (
    Assembly,
    AssemblyKind,
    Preset,
    Rules,
    siren_problem,
    siret_problem,
)
from app.services.wording import typography
from ui.prep.common import FieldError, PrepDialog, tab_chain, with_error
from ui.widgets.screen import fit_to_screen

FRACTIONS = (
    (Fraction(1, 2), "la moitié (1/2)"),
    (Fraction(1, 3), "le tiers (1/3)"),
    (Fraction(2, 3), "les deux tiers (2/3)"),
)


def fraction_key(value: Fraction) -> str:
    """Combo data are strings: Qt compares them by value (a Fraction, by identity)."""
    return f"{value.numerator}/{value.denominator}"


def pad_department(text: str) -> str:
    """« 45 » → « 045 », « 2A » → « 02A », « 971 » unchanged: the code as SCDL writes it."""
    code = text.strip().upper()
    if code.isdigit() and len(code) < 3:
        return code.zfill(3)
    if code in ("2A", "2B"):
        return "0" + code
    return code


def digits_only(text: str) -> str:
    """« 219 900 008 » as printed on documents → « 219900008 »."""
    return "".join(text.split()).replace(".", "")


class AssemblyEditor(PrepDialog):
    """Create or edit an assembly; its members are kept as they are (members editor)."""

    def __init__(
        self, store: Store, assembly_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._original = store.load_assembly(assembly_id) if assembly_id else None
        self.saved_id: str | None = None
        self._loading = False
        self.setWindowTitle("Modifier l'assemblée" if self._original else "Nouvelle assemblée")
        self._build()
        self._load(self._original)
        self._connect_signals()
        self.mark_dirty(False)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Conseil municipal")
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("Commune de Saint-Exemple")
        self.kind_combo = QComboBox()
        for kind in AssemblyKind:
            self.kind_combo.addItem(kind.label, kind)
        self.siren_edit = QLineEdit()
        self.siren_edit.setPlaceholderText("9 chiffres")
        self.siret_edit = QLineEdit()
        self.siret_edit.setPlaceholderText("14 chiffres")
        self.department_edit = QLineEdit()
        self.department_edit.setMaxLength(3)
        self.department_edit.setPlaceholderText("ex. 099, 02A, 971")
        self.population_edit = QLineEdit()
        self.population_edit.setMaxLength(12)
        self.population_edit.setPlaceholderText(
            "habitants (EPCI, syndicat : ceux de la plus grande commune membre)"
        )
        self.population_edit.setToolTip(
            "Fixe le délai de convocation : 3 jours francs sous 3 500 habitants "
            "(article L2121-11), 5 jours francs à partir de 3 500 (article L2121-12)"
        )

        self.name_error = FieldError()
        self.organisation_error = FieldError()
        self.siren_error = FieldError()
        self.siret_error = FieldError()
        self.department_error = FieldError()
        self.population_error = FieldError()

        identity = QGroupBox("Identité")
        form = QFormLayout(identity)
        form.addRow("&Nom de l'assemblée :", with_error(self.name_edit, self.name_error))
        form.addRow("&Organisation :", with_error(self.organisation_edit, self.organisation_error))
        form.addRow("&Type :", self.kind_combo)
        form.addRow("&SIREN :", with_error(self.siren_edit, self.siren_error))
        form.addRow("SI&RET :", with_error(self.siret_edit, self.siret_error))
        form.addRow("&Département :", with_error(self.department_edit, self.department_error))
        form.addRow("Pop&ulation :", with_error(self.population_edit, self.population_error))

        self.preset_combo = QComboBox()
        for preset in Preset:
            self.preset_combo.addItem(preset.label, preset.value)
        self.fraction_combo = QComboBox()
        for value, label in FRACTIONS:
            self.fraction_combo.addItem(label, fraction_key(value))
        self.strict_check = QCheckBox("strictement plus de la fraction (sinon : au moins)")
        self.proxies_check = QCheckBox("les membres représentés comptent pour le quorum")
        self.weighted_check = QCheckBox("votes pondérés (poids de chaque membre)")
        self.quorum_weighted_check = QCheckBox("quorum calculé en poids")
        self.max_proxies_spin = QSpinBox()
        self.max_proxies_spin.setRange(0, 10)
        self.casting_check = QCheckBox("voix prépondérante du président en cas de partage")
        self.rules_text = QLabel()
        self.rules_text.setWordWrap(True)
        self.rules_text.setStyleSheet("font-style: italic;")

        rules = QGroupBox("Règles de quorum et de vote")
        rules_form = QFormLayout(rules)
        rules_form.addRow("&Préréglage :", self.preset_combo)
        rules_form.addRow("&Fraction du quorum :", self.fraction_combo)
        rules_form.addRow("", self.strict_check)
        rules_form.addRow("", self.proxies_check)
        rules_form.addRow("", self.weighted_check)
        rules_form.addRow("", self.quorum_weighted_check)
        rules_form.addRow("Pou&voirs par porteur :", self.max_proxies_spin)
        rules_form.addRow("", self.casting_check)
        rules_form.addRow("En clair :", self.rules_text)
        self.rules_error = FieldError()
        rules_form.addRow("", self.rules_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")

        layout = QVBoxLayout(self)
        layout.addWidget(identity)
        layout.addWidget(rules)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 600)

        order = [
            self.name_edit,
            self.organisation_edit,
            self.kind_combo,
            self.siren_edit,
            self.siret_edit,
            self.department_edit,
            self.population_edit,
            self.preset_combo,
            self.fraction_combo,
            self.strict_check,
            self.proxies_check,
            self.weighted_check,
            self.quorum_weighted_check,
            self.max_proxies_spin,
            self.casting_check,
            self.buttons,
        ]
        tab_chain(order)

    def _connect_signals(self) -> None:
        for edit in (
            self.name_edit,
            self.organisation_edit,
            self.siren_edit,
            self.siret_edit,
            self.department_edit,
            self.population_edit,
        ):
            edit.textEdited.connect(self._on_field_edited)
        self.department_edit.editingFinished.connect(self._on_department_edit_finished)
        self.kind_combo.currentIndexChanged.connect(self._on_field_edited)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        self.fraction_combo.currentIndexChanged.connect(self._on_rule_changed)
        self.max_proxies_spin.valueChanged.connect(self._on_rule_changed)
        for check in (
            self.strict_check,
            self.proxies_check,
            self.weighted_check,
            self.quorum_weighted_check,
            self.casting_check,
        ):
            check.toggled.connect(self._on_rule_changed)
        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)

    def _on_department_edit_finished(self) -> None:
        padded = pad_department(self.department_edit.text())
        if padded != self.department_edit.text():
            self.department_edit.setText(padded)  # « 45 » reads « 045 » at once

    # ------------------------------------------------------------------ data
    def _load(self, assembly: Assembly | None) -> None:
        self._loading = True
        if assembly is not None:
            self.name_edit.setText(assembly.name)
            self.organisation_edit.setText(assembly.organisation)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(assembly.kind))
            self.siren_edit.setText(assembly.siren)
            self.siret_edit.setText(assembly.siret)
            self.department_edit.setText(assembly.department)
            if assembly.population is not None:
                self.population_edit.setText(f"{assembly.population:,}".replace(",", "\u00a0"))
            rules = assembly.rules
        else:
            self.kind_combo.setCurrentIndex(
                self.kind_combo.findData(AssemblyKind.CONSEIL_MUNICIPAL)
            )
            rules = Rules()
        self._show_rules(rules)
        self._loading = False

    def _show_rules(self, rules: Rules) -> None:
        loading, self._loading = self._loading, True
        self.preset_combo.setCurrentIndex(max(self.preset_combo.findData(rules.preset.value), 0))
        key = fraction_key(rules.quorum_fraction)
        index = self.fraction_combo.findData(key)
        if index < 0:  # a fraction from a file that the combo does not list yet
            self.fraction_combo.addItem(key, key)
            index = self.fraction_combo.count() - 1
        self.fraction_combo.setCurrentIndex(index)
        self.strict_check.setChecked(rules.quorum_strict)
        self.proxies_check.setChecked(rules.quorum_counts_proxies)
        self.weighted_check.setChecked(rules.weighted)
        self.quorum_weighted_check.setChecked(rules.quorum_weighted)
        self.quorum_weighted_check.setEnabled(rules.weighted)
        self.max_proxies_spin.setValue(rules.max_proxies_per_holder)
        self.casting_check.setChecked(rules.casting_vote)
        self._rules = rules
        self.rules_text.setText(typography(rules.describe()))
        self._loading = loading

    def rules(self) -> Rules:
        """The rules as the form shows them (preset and overrides)."""
        weighted = self.weighted_check.isChecked()
        base = self._original.rules if self._original else Rules()
        return replace(
            base,
            preset=Preset(self.preset_combo.currentData()),
            quorum_fraction=Fraction(self.fraction_combo.currentData()),
            quorum_strict=self.strict_check.isChecked(),
            quorum_counts_proxies=self.proxies_check.isChecked(),
            weighted=weighted,
            quorum_weighted=weighted and self.quorum_weighted_check.isChecked(),
            max_proxies_per_holder=self.max_proxies_spin.value(),
            casting_vote=self.casting_check.isChecked(),
        )

    def _on_field_edited(self) -> None:
        if not self._loading:
            self.mark_dirty()

    def _on_preset_combo_changed(self) -> None:
        if self._loading:
            return
        # A new preset starts from its own values; overrides are then made on top of it.
        self._show_rules(Rules.from_preset(Preset(self.preset_combo.currentData())))
        self.mark_dirty()

    def _on_rule_changed(self) -> None:
        if self._loading:
            return
        self.quorum_weighted_check.setEnabled(self.weighted_check.isChecked())
        self._rules = self.rules()
        self.rules_text.setText(typography(self._rules.describe()))
        self.mark_dirty()

    # ------------------------------------------------------------------ saving
    def validate(self) -> Assembly | None:
        """The assembly to save, or None after showing the errors next to their fields."""
        errors: dict[FieldError, str] = {}
        name = " ".join(self.name_edit.text().split())
        organisation = " ".join(self.organisation_edit.text().split())
        siren = digits_only(self.siren_edit.text())
        siret = digits_only(self.siret_edit.text())
        department = pad_department(self.department_edit.text())
        if not name:
            errors[self.name_error] = "Le nom de l'assemblée est obligatoire."
        if not organisation:
            errors[self.organisation_error] = "L'organisation est obligatoire."
        siren_error = siren_problem(siren) if siren else None
        if siren_error:
            errors[self.siren_error] = siren_error
        siret_error = siret_problem(siret, "" if siren_error else siren) if siret else None
        if siret_error:
            errors[self.siret_error] = siret_error
        if department and (len(department) != 3 or not department.isalnum()):
            errors[self.department_error] = (
                "Le code du département compte 3 caractères (ex. 099, 02A, 971)."
            )
        population = None
        try:
            population = parse_population(self.population_edit.text())
        except DomainError as err:
            errors[self.population_error] = str(err)
        for label in (
            self.name_error,
            self.organisation_error,
            self.siren_error,
            self.siret_error,
            self.department_error,
            self.population_error,
        ):
            label.show_error(errors.get(label, ""))
        if errors:
            first = next(iter(errors))
            field = {
                self.name_error: self.name_edit,
                self.organisation_error: self.organisation_edit,
                self.siren_error: self.siren_edit,
                self.siret_error: self.siret_edit,
                self.department_error: self.department_edit,
                self.population_error: self.population_edit,
            }[first]
            field.setFocus()
            return None
        kind = self.kind_combo.currentData()
        if self._original is not None:
            return replace(
                self._original,
                name=name,
                organisation=organisation,
                kind=kind,
                siren=siren,
                siret=siret,
                department=department,
                population=population,
                rules=self.rules(),
            )
        return Assembly(
            id=self._store.next_id("assemblies", "A"),
            name=name,
            organisation=organisation,
            kind=kind,
            siren=siren,
            siret=siret,
            department=department,
            population=population,
            rules=self.rules(),
        )

    def save(self) -> bool:
        assembly = self.validate()
        if assembly is None:
            return False
        try:  # the preparation use case the command line shares
            save_assembly(self._store, assembly)
        except DomainError as err:
            self.rules_error.show_error(str(err))
            return False
        self.rules_error.clear_error()
        self.saved_id = assembly.id
        return True
