"""Opening a database and a session in the GUI without a dead end or a traceback.

A file another instance writes opens read only (said once); an empty file is named and
re-initialised only if the secretary agrees; a damaged file gets a French message; the
chain of the session is verified on open (a modified journal is said, never silently); a
journal that the rules accept only in part opens read only on its prefix, or the faulty event is
cancelled by a correction appended to the journal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.faults import database_message
from app.services.recovery import correct_faulty, load_tolerant
from app.services.session_service import SessionService
from app.services.store import DomainError, Store, StoreError

Clock = Callable[[], datetime]
NBSP = "\u00a0"

CORRECT, CONSULT, CANCEL = "correct", "consult", "cancel"


def ask_empty(parent: QWidget | None, message: str) -> bool:
    """May an empty file become a new base? (replaced in tests)"""
    answer = QMessageBox.question(
        parent,
        "Fichier vide",
        f"{message}\n\nCréer une base Séance neuve dans ce fichier{NBSP}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_broken(parent: QWidget | None, explanation: str, index: int) -> str:
    """What to do with a journal whose rules stop at ``index`` (replaced in tests)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Journal à corriger", explanation, parent=parent)
    correct = box.addButton(
        f"Annuler l'événement {index} (correction)", QMessageBox.ButtonRole.AcceptRole
    )
    consult = box.addButton("Consulter en lecture seule", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Ne pas ouvrir", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return CORRECT if clicked is correct else CONSULT if clicked is consult else CANCEL


def tell(parent: QWidget | None, title: str, message: str, *, warning: bool = True) -> None:
    """Say something once (replaced in tests)."""
    if warning:
        QMessageBox.warning(parent, title, message)
    else:
        QMessageBox.information(parent, title, message)


def open_store(parent: QWidget | None, path: Path | str, *, create: bool = True) -> Store | None:
    """The store at ``path`` (read only if another instance writes it), or None once the
    reason has been said."""
    try:
        try:
            store = Store.open(path, create=create, access="auto")
        except StoreError as err:
            if "est vide (0 octet)" not in str(err) or not ask_empty(parent, str(err)):
                raise
            store = Store.open(path, create=create, access="auto", initialise_empty=True)
    except DomainError as err:
        tell(parent, "Séance", str(err))
        return None
    except sqlite3.DatabaseError as err:
        tell(parent, "Séance", database_message(err, path))
        return None
    for notice in store.notices:
        tell(parent, "Copie incomplète ?", notice)
    if store.read_only:
        tell(parent, "Lecture seule", store.read_only, warning=False)
    return store


def open_service(
    parent: QWidget | None, store: Store, session_id: str, clock: Clock
) -> tuple[SessionService, Store] | None:
    """The live service of ``session_id`` and the store it reads (``store``, or a read-only
    view of a journal's prefix that the caller closes when done), or None."""
    try:
        report = store.verify_session(session_id)
        if not report.ok:
            tell(
                parent,
                "Journal modifié",
                f"{report.message} Le journal a été modifié en dehors de Séance{NBSP}: les "
                "documents ne pourront pas en être exportés (seance verify pour le détail).",
            )
        try:
            return watched(SessionService(store, session_id, clock), store), store
        except DomainError:
            loaded = load_tolerant(store, session_id)
            if loaded.broken_at is None:
                raise
        k = loaded.broken_at
        choice = ask_broken(parent, loaded.explanation(loaded.state.name), k)
        if choice == CORRECT:
            correct_faulty(
                store, session_id, k, "événement refusé par les règles à la relecture", clock
            )
            return watched(SessionService(store, session_id, clock), store), store
        if choice == CONSULT and store.path is not None:
            view = Store.open(store.path, access="read")
            view.read_only = (
                f"Séance ouverte en lecture seule jusqu'à l'événement {k}{NBSP}: annulez "
                "l'événement fautif (rouvrez la séance et choisissez la correction) pour "
                "continuer."
            )
            view.limit_events(session_id, k, loaded.partial_mark)
            try:
                return SessionService(view, session_id, clock), view
            except BaseException:
                view.close()
                raise
        return None
    except DomainError as err:
        tell(parent, "Séance", str(err))
        return None
    except sqlite3.DatabaseError as err:
        tell(parent, "Séance", database_message(err, store.path))
        return None


def export_refusal(store: Store, session_id: str) -> str | None:
    """Why the documents of a session may not be exported (a modified journal), or None."""
    try:
        report = store.verify_session(session_id)
    except sqlite3.DatabaseError as err:
        return database_message(err, store.path)
    if report.ok:
        return None
    return (
        f"Export refusé{NBSP}: {report.message} Le journal a été modifié en dehors de "
        f"Séance{NBSP}: les documents n'en attesteraient pas."
    )


def save_copy(parent: QWidget | None, store: Store, target: str | None = None) -> Path | None:
    """« Fichier › Enregistrer une copie… »: a complete copy (SQLite's online backup)."""
    from PySide6.QtWidgets import QFileDialog

    from app.services.backup import backup, default_name

    if store.path is None:
        tell(parent, "Enregistrer une copie", "Cette base n'est pas un fichier.")
        return None
    if target is None:
        suggested = store.path.parent / default_name(store.path, datetime.now())
        target, _ = QFileDialog.getSaveFileName(
            parent, "Enregistrer une copie de la base", str(suggested), "Base Séance (*.sqlite)"
        )
        if not target:
            return None
    try:
        report = backup(store, target)
    except DomainError as err:
        tell(parent, "Enregistrer une copie", str(err))
        return None
    tell(parent, "Enregistrer une copie", report.message, warning=False)
    return report.path


AUTO_FOLDER_KEY = "copie/dossier_automatique"


def auto_backup_folder() -> Path | None:
    """The folder chosen once for automatic copies (a USB key), if any."""
    from PySide6.QtCore import QSettings

    value = QSettings("Seance", "Seance").value(AUTO_FOLDER_KEY, "")
    return Path(str(value)) if value else None


def choose_auto_backup(parent: QWidget | None) -> None:
    """« Fichier › Copie automatique… »: choose (or stop) the second folder."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    current = auto_backup_folder()
    folder = QFileDialog.getExistingDirectory(
        parent,
        "Dossier de la copie automatique après chaque vote (clé USB…) — Annuler pour l'arrêter",
        str(current or ""),
    )
    settings = QSettings("Seance", "Seance")
    if folder:
        settings.setValue(AUTO_FOLDER_KEY, folder)
        tell(
            parent,
            "Copie automatique",
            f"Après chaque vote et à la clôture, une copie complète de la base sera "
            f"enregistrée dans «{NBSP}{folder}{NBSP}».",
            warning=False,
        )
    elif current is not None:
        settings.remove(AUTO_FOLDER_KEY)
        tell(parent, "Copie automatique", "La copie automatique est arrêtée.", warning=False)


def watched(service: SessionService, store: Store) -> SessionService:
    """Subscribe the automatic copy (after each vote, if a folder is configured)."""
    from app.services.backup import AutoBackup

    service.subscribe(AutoBackup(store, lambda: auto_backup_folder(), on_error=_say_error))
    return service


def _say_error(text: str) -> None:
    """A failed automatic copy: said in the window's status line, not in a modal box."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        show = getattr(widget, "show_error", None)
        if callable(show) and widget.isVisible():
            show(text)
            return
    tell(None, "Copie automatique", text)
