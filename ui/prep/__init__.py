"""Preparation screens: the assembly, its members, its sessions and their agenda.

The live window's « Préparation » menu calls the three functions below; each opens a modal
editor on the store and returns what was saved (nothing is written on cancel).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from app.services.store import Store
from ui.prep.assembly_editor import AssemblyEditor
from ui.prep.members_editor import MembersEditor
from ui.prep.session_editor import SessionEditor

__all__ = ["open_assembly_editor", "open_members_editor", "open_session_editor"]


def open_assembly_editor(
    parent: QWidget | None, store: Store, assembly_id: str | None
) -> str | None:
    """Create (``assembly_id`` None) or edit an assembly; return its id once saved."""
    editor = AssemblyEditor(store, assembly_id, parent)
    if editor.exec() != QDialog.DialogCode.Accepted:
        return None
    return editor.saved_id


def open_members_editor(parent: QWidget | None, store: Store, assembly_id: str) -> bool:
    """Edit the roster of an assembly; True when it was saved."""
    editor = MembersEditor(store, assembly_id, parent)
    return editor.exec() == QDialog.DialogCode.Accepted


def open_session_editor(
    parent: QWidget | None, store: Store, assembly_id: str, session_id: str | None
) -> str | None:
    """Create (``session_id`` None) or edit a session; return its id once saved (or
    imported from a ``seance/1`` file)."""
    editor = SessionEditor(store, assembly_id, session_id, parent)
    editor.exec()
    return editor.saved_id  # also set by an import, saved even if the editor is cancelled
