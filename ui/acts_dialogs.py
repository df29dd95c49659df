"""Menu Actes: transmission dossiers, the préfecture's acknowledgment, the attendance
record. Each dialog is a thin view over one service (app.services.transmission,
acknowledgment, attendance_record); refusals are shown as the services word them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.acknowledgment import acknowledgment, parse_aracte, record_acknowledgment
from app.services.annexes import (
    add_annex,
    list_annexes,
    remove_annex,
    set_annex_typology,
)
from app.services.attendance_record import (
    AttendanceRecord,
    load_attendance_record,
    write_attendance_record,
)
from app.services.store import DomainError, Store
from app.services.transmission import prepare, write_dossiers


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _minutes(m: int) -> str:
    hours, rest = divmod(m, 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if hours else f"{rest}\u00a0min"


# --------------------------------------------------------------------------- assiduité


class TotalsModel(QAbstractTableModel):
    """The totals of an attendance record, one row per member."""

    HEADERS = (
        "Membre",
        "Convoqué",
        "Toute la séance",
        "En partie",
        "Présence",
        "Représenté",
        "Excusé",
        "Absent",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: AttendanceRecord | None = None

    def set_record(self, record: AttendanceRecord) -> None:
        self.beginResetModel()
        self.record = record
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self.record is None:
            return 0
        return len(self.record.totals)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.record is None or not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        t = self.record.totals[index.row()]
        dash = "—"
        col = index.column()
        if col == 0:
            return t.member.full_name + (" (suppléant)" if t.substitute else "")
        if col == 4:
            return _minutes(t.minutes_present)
        values = (
            None,
            dash if t.substitute else t.convened,
            t.whole,
            t.part,
            None,
            dash if t.substitute else t.represented,
            dash if t.substitute else t.excused,
            dash if t.substitute else t.absent,
        )
        return str(values[col])


class AttendanceRecordDialog(QDialog):
    """Relevé d'assiduité over a period: the totals on screen, PDF and CSV on export."""

    def __init__(
        self, store: Store, assembly_id: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Relevé d'assiduité")
        self._store, self._assembly_id = store, assembly_id
        self.start = QDateEdit(_qdate(date(today.year, 1, 1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.summary = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #a40000")
        self.model = TotalsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.export_button = QPushButton("Exporter (PDF et CSV)…")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        form = QHBoxLayout()
        form.addWidget(QLabel("Du"))
        form.addWidget(self.start)
        form.addWidget(QLabel("au"))
        form.addWidget(self.end)
        form.addStretch(1)
        form.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(820, 520)
        self.start.dateChanged.connect(self._on_period_changed)
        self.end.dateChanged.connect(self._on_period_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        close.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> AttendanceRecord | None:
        try:
            record = load_attendance_record(
                self._store, self._assembly_id, _pydate(self.start.date()), _pydate(self.end.date())
            )
        except DomainError as err:
            self.error.setText(str(err))
            self.export_button.setEnabled(False)
            return None
        self.error.setText("")
        self.export_button.setEnabled(True)
        self.model.set_record(record)
        n = len(record.sessions)
        self.summary.setText(
            f"{n} séance{'s' if n > 1 else ''} tenue{'s' if n > 1 else ''} sur la période."
        )
        self.table.resizeColumnsToContents()
        return record

    def _on_period_changed(self) -> None:
        self.refresh()

    def export_to(self, folder: Path) -> list[Path]:
        record = self.refresh()
        if record is None:
            return []
        paths = write_attendance_record(record, folder)
        self.summary.setText(f"Relevé écrit dans « {folder} ».")
        return paths

    def _on_export_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Dossier où écrire le relevé")
        if folder:
            self.export_to(Path(folder))


# --------------------------------------------------------------------------- @ctes


class TransmitDialog(QDialog):
    """The session's dossiers, checked; written only when nothing is refused."""

    def __init__(
        self, store: Store, session_id: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dossiers de télétransmission")
        self._store, self._session_id, self._today = store, session_id, today
        self.acts = QListWidget()
        self.refusals = QListWidget()
        self.refusals.setWordWrap(True)
        self.status = QLabel()
        self.write_button = QPushButton("Écrire les dossiers…")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Actes à transmettre"))
        layout.addWidget(self.acts)
        layout.addWidget(QLabel("Refus (à corriger avant d'écrire les dossiers)"))
        layout.addWidget(self.refusals)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.write_button)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(720, 480)
        self.write_button.clicked.connect(self._on_write_clicked)
        close.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        prepared = prepare(self._store, self._session_id, today=self._today)
        self.acts.clear()
        for d in prepared.dossiers:
            annexes = len(d.annexes)
            self.acts.addItem(
                f"{d.number} — {d.objet} ({d.typology or 'typologie manquante'}, "
                f"{annexes} annexe{'s' if annexes > 1 else ''})"
            )
        self.refusals.clear()
        self.refusals.addItems(list(prepared.refusals))
        self.write_button.setEnabled(not prepared.refusals)

    def write_to(self, folder: Path) -> list[Path]:
        try:
            folders = write_dossiers(self._store, self._session_id, folder, today=self._today)
        except DomainError as err:
            self.status.setText(str(err))
            return []
        self.status.setText(f"{len(folders)} dossier(s) écrit(s) dans « {folder} ».")
        return folders

    def _on_write_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Dossier où écrire les dossiers")
        if folder:
            self.write_to(Path(folder))


class AcknowledgmentDialog(QDialog):
    """The préfecture's acknowledgment: an ARActe file, or the identifier and date typed."""

    def __init__(
        self,
        store: Store,
        session_id: str,
        today: date,
        items: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accusé de réception de la préfecture")
        self._store, self._session_id, self._today = store, session_id, today
        self.file_button = QPushButton("Importer un fichier ARActe (XML)…")
        self.item = QComboBox()
        for item_id, label in items:
            self.item.addItem(label, item_id)
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText("099-219900008-20260312-2026_014-DE")
        self.received = QDateEdit(_qdate(today))
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.record_button = QPushButton("Enregistrer")
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Point", self.item)
        form.addRow("Identifiant de l'acte", self.identifier)
        form.addRow("Reçu en préfecture le", self.received)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_button)
        layout.addWidget(QLabel("ou saisissez l'accusé de réception\u00a0:"))
        layout.addLayout(form)
        layout.addWidget(self.record_button)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.recorded = False
        self.file_button.clicked.connect(self._on_file_clicked)
        self.record_button.clicked.connect(self._on_record_clicked)
        close.rejected.connect(self.reject)

    def import_file(self, path: Path) -> bool:
        try:
            ack = parse_aracte(path.read_bytes())
            t = record_acknowledgment(self._store, self._session_id, ack, today=self._today)
        except (DomainError, OSError) as err:
            self.status.setText(str(err))
            return False
        self._done(t.item, t.actes_id)
        return True

    def record_typed(self) -> bool:
        try:
            ack = acknowledgment(self.identifier.text(), _pydate(self.received.date()))
            t = record_acknowledgment(
                self._store,
                self._session_id,
                ack,
                today=self._today,
                item_id=self.item.currentData(),
            )
        except DomainError as err:
            self.status.setText(str(err))
            return False
        self._done(t.item, t.actes_id)
        return True

    def _done(self, item_id: str, actes_id: str) -> None:
        self.recorded = True
        self.status.setText(f"Accusé de réception enregistré pour le point {item_id} ({actes_id}).")

    def _on_file_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Accusé de réception ARActe", "", "XML (*.xml);;Tous les fichiers (*)"
        )
        if path:
            self.import_file(Path(path))

    def _on_record_clicked(self) -> None:
        self.record_typed()


# --------------------------------------------------------------------------- annexes


class AnnexesDialog(QDialog):
    """The annex files of the session's items (PDF, kept in the session's file), with
    their @ctes typology."""

    def __init__(
        self,
        store: Store,
        session_id: str,
        items: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annexes des points")
        self._store, self._session_id = store, session_id
        self.item = QComboBox()
        for item_id, label in items:
            self.item.addItem(label, item_id)
        self.files = QListWidget()
        self.typology = QLineEdit()
        self.typology.setPlaceholderText("par exemple 22_AN")
        self.add_button = QPushButton("Ajouter un PDF…")
        self.typology_button = QPushButton("Typologie de l'annexe choisie")
        self.remove_button = QPushButton("Retirer l'annexe choisie")
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Point", self.item)
        form.addRow("Typologie", self.typology)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.typology_button, self.remove_button):
            buttons.addWidget(b)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(640, 400)
        self.item.currentIndexChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.typology_button.clicked.connect(self._on_typology_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        close.rejected.connect(self.reject)
        self.refresh()

    def item_id(self) -> str:
        return str(self.item.currentData())

    def refresh(self) -> None:
        self.files.clear()
        for a in list_annexes(self._store, self._session_id, self.item_id()):
            size = f"{a.size / 1024:.0f}\u00a0ko"
            self.files.addItem(f"{a.filename} — {a.typology or 'typologie à saisir'} — {size}")
            self.files.item(self.files.count() - 1).setData(Qt.ItemDataRole.UserRole, a.filename)

    def _selected(self) -> str | None:
        current = self.files.currentItem()
        return None if current is None else str(current.data(Qt.ItemDataRole.UserRole))

    def add_file(self, path: Path) -> bool:
        try:
            add_annex(
                self._store,
                self._session_id,
                self.item_id(),
                path.name,
                path.read_bytes(),
                typology=self.typology.text().strip(),
            )
        except (DomainError, OSError) as err:
            self.status.setText(str(err))
            return False
        self.status.setText(f"Annexe « {path.name} » ajoutée.")
        self.refresh()
        return True

    def set_typology(self) -> bool:
        name = self._selected()
        if name is None:
            self.status.setText("Choisissez d'abord une annexe dans la liste.")
            return False
        try:
            set_annex_typology(
                self._store, self._session_id, self.item_id(), name, self.typology.text().strip()
            )
        except DomainError as err:
            self.status.setText(str(err))
            return False
        self.refresh()
        return True

    def _on_item_changed(self) -> None:
        self.refresh()

    def _on_add_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Annexe (PDF)", "", "PDF (*.pdf)")
        if path:
            self.add_file(Path(path))

    def _on_typology_clicked(self) -> None:
        self.set_typology()

    def _on_remove_clicked(self) -> None:
        name = self._selected()
        if name is not None:
            remove_annex(self._store, self._session_id, self.item_id(), name)
            self.refresh()
