"""The proxy dialog: give a member's proxy to a valid holder (typed to filter), or revoke it.

Only holders the rules would accept are listed: present in person, not the giver, not
already carrying the maximum. The rules themselves decide (``SessionState.check``), so the
dialog holds no rule of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import GiveProxy
from app.services.session_service import SessionService
from app.services.types import Member
from ui.models.holder_model import HolderModel


def valid_holders(
    service: SessionService, giver: str
) -> tuple[list[tuple[Member, str]], str | None]:
    """Members present in person who may hold ``giver``'s proxy, with a short note; and the
    rules' message when nobody may (e.g. the giver is present). The service judges each
    candidate (``preview``, which stores nothing)."""
    return service.proxy_holders(giver)


def ineligible_holders(service: SessionService, giver: str) -> list[tuple[Member, str]]:
    """The members in office who cannot hold ``giver``'s proxy, with why (in French): the
    dialog shows them greyed instead of hiding them without a word. The service judges."""
    state = service.state
    out: list[tuple[Member, str]] = []
    for member in state.in_office:
        if member.id == giver:
            continue
        e = "e" if member.is_feminine else ""
        if member.id not in state.present:
            out.append((member, f"absent{e} : seul un membre présent porte un pouvoir"))
            continue
        why = service.refusal(GiveProxy(giver, member.id))
        if why is not None:
            out.append((member, why))
    return out


class _FilterEdit(QLineEdit):
    """Typing filters; Up/Down move in the list below; Entrée confirms."""

    def __init__(self, view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            model = self._view.model()
            rows = [r for r in range(model.rowCount()) if model.flags(model.index(r, 0))]
            if rows:
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                current = self._view.currentIndex().row()
                at = rows.index(current) if current in rows else -1
                row = rows[max(0, min(len(rows) - 1, at + step))]
                self._view.setCurrentIndex(model.index(row, 0))
            return
        super().keyPressEvent(event)


class ProxyDialog(QDialog):
    """Choose the holder of ``giver``'s proxy; ``holder_id`` or ``revoke`` after ``exec()``."""

    def __init__(
        self,
        giver: Member,
        holders: list[tuple[Member, str]],
        current_holder: str | None = None,
        parent: QWidget | None = None,
        ineligible: list[tuple[Member, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Pouvoir de {giver.short_name}")
        self.holder_id: str | None = None
        self.revoke = False
        self.model = HolderModel(holders, self, ineligible)
        intro = QLabel(self)
        intro.setWordWrap(True)
        if current_holder:
            intro.setText(
                f"{giver.full_name} a donné pouvoir à <b>{current_holder}</b>. "
                "Révoquez-le (Alt+R) pour en donner un autre ; Entrée ou Échap "
                "ferme sans rien changer."
            )
        else:
            intro.setText(
                f"{giver.full_name} donne pouvoir à… (tapez pour filtrer, Entrée pour confirmer)"
            )
        self.view = QListView(self)
        self.view.setObjectName("holderList")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.filter = _FilterEdit(self.view, self)
        self.filter.setObjectName("holderFilter")
        self.filter.setPlaceholderText("Porteur du pouvoir…")
        self.buttons = QDialogButtonBox(self)
        self.give_button = self.buttons.addButton(
            "Donner pouvoir", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.revoke_button: QPushButton | None = None
        if current_holder:
            self.revoke_button = self.buttons.addButton(
                "&Révoquer le pouvoir", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            # never the default: a second Entrée (the one that opened the dialog, typed
            # twice) must not revoke; revoking is Alt+R or a click
            self.revoke_button.setAutoDefault(False)
            self.revoke_button.setDefault(False)
            self.give_button.hide()
            self.filter.hide()
            self.view.hide()
        self.cancel_button = self.buttons.addButton(
            "Annuler", QDialogButtonBox.ButtonRole.RejectRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)
        self.resize(460, 380 if not current_holder else 120)
        self._connect_signals()
        self._select_first()
        if current_holder:
            self.cancel_button.setDefault(True)
            self.cancel_button.setFocus()
        else:
            self.give_button.setDefault(True)
            self.filter.setFocus()

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.view.activated.connect(self._on_view_activated)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.buttons.accepted.connect(self._on_filter_return_pressed)
        self.buttons.rejected.connect(self.reject)
        if self.revoke_button is not None:
            self.revoke_button.clicked.connect(self._on_revoke_button_clicked)

    def _select_first(self) -> None:
        if self.model.is_eligible(0):
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.view.setCurrentIndex(QModelIndex())

    def _on_filter_text_changed(self, text: str) -> None:
        self.model.set_query(text)
        self._select_first()

    def _on_filter_return_pressed(self) -> None:
        member = self.model.member_at(self.view.currentIndex().row())
        if member is not None:
            self.holder_id = member.id
            self.accept()

    def _on_view_activated(self, index: QModelIndex) -> None:
        member = self.model.member_at(index.row())
        if member is not None:
            self.holder_id = member.id
            self.accept()

    def _on_revoke_button_clicked(self) -> None:
        self.revoke = True
        self.accept()
