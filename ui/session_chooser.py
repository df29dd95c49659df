"""The session chooser: the sessions of the database, « Nouvelle séance », « Ouvrir un
fichier… » (another .sqlite database, or a seance/1 .json file to import)."""

from __future__ import annotations

import html
import sqlite3
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.deadlines import describe, due
from app.services.store import Store
from app.services.types import DomainError
from ui.models.session_list_model import SessionListModel

FILE_FILTER = (
    "Séance (*.sqlite *.db *.json);;Base Séance (*.sqlite *.db);;Séance au format seance/1 (*.json)"
)


def todo_html(store: Store, today: date) -> str:
    """« À faire » after the sessions (issue #14): overdue duties in red, with a warning
    sign as well as the colour; empty when nothing is due."""
    try:
        items = due(store, today)
    except (DomainError, sqlite3.Error):  # a session that cannot be read says so when
        return ""  # it is opened; a file opened read-only may predate these tables
    if not items:
        return ""
    lines = []
    for d in items:
        text = html.escape(describe(d, today))
        if d.overdue:
            lines.append(f'<li style="color:#b00020"><b>\u26a0 {text}</b></li>')
        else:
            lines.append(f"<li>{text}</li>")
    return "<b>À faire</b><ul style='margin:0'>" + "".join(lines) + "</ul>"


class SessionChooser(QDialog):
    """After ``exec()``: ``session_id`` (open it) or ``file_path`` (open/import it)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Séance — choisir une séance")
        self._store = store
        self.session_id: str | None = None
        self.file_path: str | None = None
        where = f" de «\u00a0{store.path.name}\u00a0»" if store.path else ""
        self.title = QLabel(f"<b>Séances{where}</b>", self)
        self.model = SessionListModel(store.sessions(), self)
        self.view = QListView(self)
        self.view.setObjectName("sessionList")
        self.view.setModel(self.model)
        self.view.setSpacing(3)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = QLabel(
            "Aucune séance dans cette base\u00a0: créez-en une, ou ouvrez un fichier.", self
        )
        self.empty.setVisible(self.model.rowCount() == 0)
        self.todo = QLabel(self)
        self.todo.setObjectName("todo")
        self.todo.setWordWrap(True)
        self.todo.setTextFormat(Qt.TextFormat.RichText)
        self.todo.setText(todo_html(store, date.today()))
        self.todo.setVisible(bool(self.todo.text()))
        self.guide = self._build_guide()
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            "Ouvrir la séance", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.new_button = self.buttons.addButton(
            "Nouvelle séance", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.file_button = self.buttons.addButton(
            "Ouvrir un fichier…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.after_button = self.buttons.addButton(
            "Registre et publication…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.after_button.setEnabled(self.model.rowCount() > 0)
        self.buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addWidget(self.todo)
        layout.addWidget(self.guide)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.open_button.setEnabled(self.model.rowCount() > 0)
        self.open_button.setDefault(self.model.rowCount() > 0)
        self._connect_signals()

    # ------------------------------------------------------------------ first start
    def _build_guide(self) -> QGroupBox:
        """On a file without any session: what to do first, in order, one key per step."""
        box = QGroupBox("Pour commencer", self)
        box.setObjectName("firstStartGuide")
        self.guide_text = QLabel(box)
        self.guide_text.setWordWrap(True)
        self.guide_text.setTextFormat(Qt.TextFormat.RichText)
        self.guide_assembly = QPushButton("1. &Assemblée…", box)
        self.guide_members = QPushButton("2. &Membres…", box)
        self.guide_session = QPushButton("3. &Séance…", box)
        row = QHBoxLayout()
        for button in (self.guide_assembly, self.guide_members, self.guide_session):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.guide_text)
        layout.addLayout(row)
        self.guide_assembly.clicked.connect(self._on_guide_assembly_clicked)
        self.guide_members.clicked.connect(self._on_guide_members_clicked)
        self.guide_session.clicked.connect(self._on_guide_session_clicked)
        self._update_guide(box)
        return box

    def _guide_assembly_id(self) -> str | None:
        assemblies = self._store.assemblies()
        return assemblies[0].id if assemblies else None

    def _update_guide(self, box: QGroupBox | None = None) -> None:
        box = box or self.guide
        assemblies = self._store.assemblies()
        has_members = any(a.members for a in assemblies)
        box.setVisible(self.model.rowCount() == 0)

        def step(done: bool, text: str) -> str:
            return f"{'✓' if done else '○'} {text}"

        self.guide_text.setText(
            "Aucune séance encore. Dans l’ordre\u00a0:<br>"
            + step(bool(assemblies), "<b>1. l’assemblée</b> (nom, organisation, règles) — Alt+A")
            + "<br>"
            + step(has_members, "<b>2. ses membres</b> (saisie ou import CSV) — Alt+M")
            + "<br>"
            + step(False, "<b>3. la séance</b> (date, ordre du jour) — Alt+S")
        )
        self.guide_members.setEnabled(bool(assemblies))
        self.guide_session.setEnabled(has_members)
        focus = (
            self.guide_session
            if has_members
            else self.guide_members
            if assemblies
            else self.guide_assembly
        )
        focus.setDefault(True)

    def _on_guide_assembly_clicked(self) -> None:
        from ui.prep import open_assembly_editor

        open_assembly_editor(self, self._store, self._guide_assembly_id())
        self._update_guide()

    def _on_guide_members_clicked(self) -> None:
        from ui.prep import open_members_editor

        assembly_id = self._guide_assembly_id()
        if assembly_id is not None:
            open_members_editor(self, self._store, assembly_id)
        self._update_guide()

    def _on_guide_session_clicked(self) -> None:
        from ui.prep import open_session_editor

        assembly_id = self._guide_assembly_id()
        if assembly_id is None:
            return
        session_id = open_session_editor(self, self._store, assembly_id, None)
        if session_id:
            self.session_id = session_id
            self.accept()
        else:
            self._update_guide()

    def _connect_signals(self) -> None:
        self.view.activated.connect(self._on_view_activated)
        self.buttons.accepted.connect(self._on_open_clicked)
        self.buttons.rejected.connect(self.reject)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.after_button.clicked.connect(self._on_after_button_clicked)

    def _on_view_activated(self, index: QModelIndex) -> None:
        info = self.model.session_at(index.row())
        if info is not None:
            self.session_id = info.id
            self.accept()

    def _on_open_clicked(self) -> None:
        self._on_view_activated(self.view.currentIndex())

    def _assembly_id(self) -> str | None:
        """The assembly of the new session: the only one, or the one the secretary picks
        (the selected session's first); None when there is none or the choice is cancelled."""
        assemblies = self._store.assemblies()
        if len(assemblies) <= 1:
            return assemblies[0].id if assemblies else None
        info = self.model.session_at(self.view.currentIndex().row())
        ids = [a.id for a in assemblies]
        current = ids.index(info.assembly_id) if info and info.assembly_id in ids else 0
        labels = [f"{a.name} ({a.organisation})" for a in assemblies]
        label, ok = QInputDialog.getItem(
            self, "Nouvelle séance", "Séance de l'assemblée :", labels, current, False
        )
        if not ok or label not in labels:
            return None
        return ids[labels.index(label)]

    def _on_new_button_clicked(self) -> None:
        try:
            from ui.prep import open_assembly_editor, open_members_editor, open_session_editor
        except ImportError:
            QMessageBox.information(
                self,
                "Nouvelle séance",
                "La préparation des séances n'est pas encore disponible dans cette version.",
            )
            return
        if not self._store.assemblies():  # an empty file: the assembly and its members first
            assembly_id = open_assembly_editor(self, self._store, None)
            if assembly_id is None:
                return
            open_members_editor(self, self._store, assembly_id)
        else:
            assembly_id = self._assembly_id()
        if assembly_id is None:
            return
        session_id = open_session_editor(self, self._store, assembly_id, None)
        if session_id:
            self.session_id = session_id
            self.accept()

    def _on_file_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Ouvrir un fichier", "", FILE_FILTER)
        if path:
            self.file_path = path
            self.accept()

    def _on_after_button_clicked(self) -> None:
        """The register of the selected session's year and the publication pack, written
        under one folder (issue #14). Issued feuillets are final: the secretary confirms."""
        from app.services.publication import publish
        from app.services.register import export_register

        info = self.model.session_at(self.view.currentIndex().row())
        if info is None:
            return
        year = self._store.load_session(info.id).date.year
        answer = QMessageBox.question(
            self,
            "Registre et publication",
            f"Éditer les feuillets du registre {year} et le dossier de publication des actes\u00a0?"
            "\n\nLes feuillets édités sont numérotés définitivement\u00a0: une séance "
            "ajoutée ensuite prendra les numéros suivants.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        folder = QFileDialog.getExistingDirectory(self, "Dossier du registre et de la publication")
        if not folder:
            return
        today = date.today()
        try:
            register = export_register(
                self._store, info.assembly_id, year, Path(folder) / "registre", today=today
            )
            pack = publish(
                self._store,
                info.assembly_id,
                Path(folder) / "publication",
                today=today,
                clock=lambda: datetime.now().replace(microsecond=0),
            )
        except (DomainError, OSError) as err:
            QMessageBox.warning(self, "Registre et publication", str(err))
            return
        except sqlite3.Error as err:  # a file opened read-only, older than the register
            QMessageBox.warning(
                self,
                "Registre et publication",
                f"Ce fichier ne peut pas recevoir le registre pour l'instant ({err}).",
            )
            return
        last = register.parts[-1].last_feuillet if register.parts else 0
        lines = [
            f"Registre {year}\u00a0: {last} feuillet{'s' if last > 1 else ''}, "
            f"{len(register.newly_issued)} partie(s) nouvellement éditée(s).",
            f"Publication\u00a0: {len(pack.written)} document(s) ajouté(s), "
            f"{len(pack.kept)} déjà publié(s).",
            *pack.waiting,
            *register.warnings,
        ]
        QMessageBox.information(self, "Registre et publication", "\n".join(lines))
        self.todo.setText(todo_html(self._store, today))
        self.todo.setVisible(bool(self.todo.text()))
