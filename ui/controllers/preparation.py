"""The Préparation menu: the editors of the assembly, its members and its sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.session_service import SessionService
from app.services.store import Store
from app.services.types import DomainError
from ui.announcer import Announcer


class PreparationController(QObject):
    """Opens the editors; says when the live window must re-read its session."""

    session_requested = Signal(str)  # another session to show
    reloaded = Signal()  # the assembly or the agenda of this session changed

    def __init__(
        self,
        window: QWidget,
        context: Callable[[], tuple[Store, SessionService]],
        announcer: Announcer,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._announcer = announcer

    def _prep(self) -> Any:
        try:
            import ui.prep as prep
        except ImportError:  # pragma: no cover - the editors ship with the window
            QMessageBox.information(
                self._window,
                "Préparation",
                "Les écrans de préparation ne sont pas encore disponibles dans cette version.",
            )
            return None
        return prep

    def _after(self) -> None:
        """The assembly or the agenda may have changed: re-read them, redraw everything."""
        _store, service = self._context()
        try:
            service.reload_session()
        except DomainError as err:
            self._announcer.error(str(err))
            return
        self.reloaded.emit()

    def new_assembly(self) -> None:
        """Another assembly in this file (the first one of a secretary starting from the
        demo): its identity and rules, then its members, then its first session."""
        prep = self._prep()
        if prep is None:
            return
        store, _service = self._context()
        assembly_id = prep.open_assembly_editor(self._window, store, None)
        if assembly_id is None:
            return
        prep.open_members_editor(self._window, store, assembly_id)
        session_id = prep.open_session_editor(self._window, store, assembly_id, None)
        if session_id:
            self.session_requested.emit(session_id)
        else:
            self._announcer.error(
                "Assemblée enregistrée, sans séance : créez-en une par "
                "Fichier › Changer de séance… › Nouvelle séance."
            )

    def edit_assembly(self) -> None:
        prep = self._prep()
        if prep is not None:
            store, service = self._context()
            prep.open_assembly_editor(self._window, store, service.assembly.id)
            self._after()

    def edit_members(self) -> None:
        prep = self._prep()
        if prep is not None:
            store, service = self._context()
            prep.open_members_editor(self._window, store, service.assembly.id)
            self._after()

    def edit_session(self) -> None:
        prep = self._prep()
        if prep is None:
            return
        store, service = self._context()
        session_id = prep.open_session_editor(
            self._window, store, service.assembly.id, service.session.id
        )
        if session_id and session_id != service.session.id:
            self.session_requested.emit(session_id)
        elif session_id:
            self._after()

    def new_session(self) -> None:
        prep = self._prep()
        if prep is None:
            return
        store, service = self._context()
        session_id = prep.open_session_editor(self._window, store, service.assembly.id, None)
        if session_id:
            self.session_requested.emit(session_id)
