"""The centre of the live window: the member search, the roster, the act buttons, and the
keys that turn into acts on the highlighted member.

The panel holds no rule: each act goes to the ``SessionService`` through the window's
``run`` (which reports a refusal in the status line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.session_service import Change, SessionService
from app.services.types import Member
from ui.models.roster_model import (
    IS_GROUP_ROLE,
    MEMBER_ID_ROLE,
    Column,
    RosterFilterModel,
    RosterModel,
)
from ui.proxy_dialog import ProxyDialog, ineligible_holders, valid_holders
from ui.widgets.search_box import SearchBox

Run = Callable[..., Change | None]


class RosterPanel(QWidget):
    """Search box, roster and act buttons on the window's current session."""

    def __init__(
        self,
        service: SessionService,
        run: Run,
        error: Callable[[str], None],
        type_into_vote: Callable[[QKeyEvent], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._run = run
        self._error = error
        self._type_into_vote = type_into_vote
        self._highlight_id: str | None = None
        self._build()
        self._connect_signals()

    # ================================================================== building
    def _build(self) -> None:
        base = QFont(self.font())
        self.search = SearchBox(self)
        search_font = QFont(base)
        search_font.setPointSizeF(base.pointSizeF() * 1.15)
        self.search.setFont(search_font)
        self.roster_model = RosterModel(self._service, self)
        self.roster_proxy = RosterFilterModel(self)
        self.roster_proxy.setSourceModel(self.roster_model)
        self.roster = QTableView(self)
        self.roster.setObjectName("rosterView")
        self.roster.setModel(self.roster_proxy)
        self.roster.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roster.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roster.setTabKeyNavigation(False)
        self.roster.verticalHeader().hide()
        self.roster.setShowGrid(False)
        self.roster.setWordWrap(False)
        self.roster.setAlternatingRowColors(True)
        # Widths are fitted once per session, never per repaint: ResizeToContents would
        # measure every row on each arrival (too slow on a 300-member assembly).
        header = self.roster.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.STATE, QHeaderView.ResizeMode.Stretch)
        time_width = self.roster.fontMetrics().horizontalAdvance("Arrivée") + 24
        header.resizeSection(Column.ARRIVAL, time_width)
        header.resizeSection(Column.DEPARTURE, time_width)
        self.roster.verticalHeader().setDefaultSectionSize(
            int(self.roster.fontMetrics().height() * 1.5)
        )

        self.present_button = self._act_button("● Présent (Entrée)")
        self.leave_button = self._act_button("Départ (Ctrl+D)")
        self.excuse_button = self._act_button("◇ Excusé (Ctrl+E)")
        self.proxy_button = self._act_button("◐ Pouvoir… (Ctrl+P)")
        self.recuse_button = self._act_button("⊘ Ne prend pas part (Ctrl+R)")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.roster, 1)
        self._buttons = QGridLayout()
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self._button_rows = 0
        self._arrange_buttons(len(self.act_buttons()))
        layout.addLayout(self._buttons)
        self.setTabOrder(self.search, self.roster)
        self.roster.installEventFilter(self)

    def _act_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard where it is
        return button

    def _arrange_buttons(self, per_row: int) -> None:
        """The act buttons on one row, or on as many as the width needs (never cut)."""
        if per_row == self._button_rows:
            return
        self._button_rows = per_row
        buttons = self.act_buttons()
        for button in buttons:
            self._buttons.removeWidget(button)
        for i, button in enumerate(buttons):
            self._buttons.addWidget(button, i // per_row, i % per_row)
        for column in range(len(buttons) + 1):
            self._buttons.setColumnStretch(column, 0)
        self._buttons.setColumnStretch(per_row, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        spacing = max(self._buttons.horizontalSpacing(), 0)
        widths = [b.sizeHint().width() + spacing for b in self.act_buttons()]
        width = event.size().width()
        per_row = 1
        for candidate in range(len(widths), 0, -1):
            # in a grid each column is as wide as its widest button
            columns = [
                max(widths[i] for i in range(c, len(widths), candidate)) for c in range(candidate)
            ]
            if sum(columns) <= width:
                per_row = candidate
                break
        self._arrange_buttons(per_row)
        super().resizeEvent(event)

    def act_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.present_button,
            self.leave_button,
            self.excuse_button,
            self.proxy_button,
            self.recuse_button,
        )

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.highlight_moved.connect(self._on_search_highlight_moved)
        self.search.activated.connect(self._on_search_activated)
        self.roster.doubleClicked.connect(self._on_roster_double_clicked)
        self.roster.selectionModel().currentRowChanged.connect(self._on_roster_current_changed)
        self.roster_model.modelReset.connect(self._on_roster_model_reset)
        self.present_button.clicked.connect(self.present)
        self.leave_button.clicked.connect(self.leave)
        self.excuse_button.clicked.connect(self.excuse)
        self.proxy_button.clicked.connect(self.proxy)
        self.recuse_button.clicked.connect(self.recuse)

    # ================================================================== session
    def set_service(self, service: SessionService) -> None:
        self._service = service
        self._highlight_id = None
        self.roster_model.set_service(service)
        self.roster_proxy.set_query(self.search.text())

    def refresh(self) -> None:
        self.fit_columns()
        self.update_spans()
        self.restore_highlight()

    def apply_change(self, change: Change, attendance: Any) -> None:
        self.roster_model.apply_change(change, attendance)

    def fit_columns(self) -> None:
        """Fit the name and function columns to the members (group headers span the row)."""
        metrics = self.roster.fontMetrics()
        members = self.roster_model.members()
        header = self.roster.horizontalHeader()
        for column, texts in (
            (Column.NAME, [("    ↳ " if m.substitute_for else "") + m.full_name for m in members]),
            (
                Column.FUNCTION,
                [m.function or ("suppléante" if m.substitute_for else "") for m in members],
            ),
        ):
            title = str(self.roster_model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(
                [metrics.horizontalAdvance(t) for t in texts] + [metrics.horizontalAdvance(title)]
            )
            header.resizeSection(column, min(widest + 24, 360))

    def update_spans(self) -> None:
        """Group headers span the whole row, so their summary is never cut."""
        self.roster.clearSpans()
        columns = self.roster_proxy.columnCount()
        for row in range(self.roster_proxy.rowCount()):
            if self.roster_proxy.index(row, 0).data(IS_GROUP_ROLE):
                self.roster.setSpan(row, 0, 1, columns)

    # ================================================================== highlight
    def highlighted_member(self) -> str | None:
        index = self.roster.currentIndex()
        if not index.isValid():
            return None
        member_id = index.siblingAtColumn(0).data(MEMBER_ID_ROLE)
        return member_id if isinstance(member_id, str) else None

    def _highlight_proxy_row(self, row: int) -> None:
        index = self.roster_proxy.index(row, 0)
        self.roster.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.roster.scrollTo(index)

    def highlight_member(self, member_id: str) -> None:
        source_row = self.roster_model.row_of(member_id)
        if source_row is None:
            return
        index = self.roster_proxy.mapFromSource(self.roster_model.index(source_row, 0))
        if index.isValid():
            self._highlight_proxy_row(index.row())

    def restore_highlight(self) -> None:
        if self._highlight_id is not None:
            self.highlight_member(self._highlight_id)

    def _on_roster_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        member_id = current.siblingAtColumn(0).data(MEMBER_ID_ROLE) if current.isValid() else None
        if isinstance(member_id, str):
            self._highlight_id = member_id

    def _on_roster_model_reset(self) -> None:
        self.update_spans()
        QTimer.singleShot(0, self.restore_highlight)

    def _on_search_text_changed(self, text: str) -> None:
        self.roster_proxy.set_query(text)
        self.update_spans()
        rows = self.roster_proxy.member_rows()
        best = self.roster_proxy.best
        if text.strip() and best is not None:
            self.highlight_member(best)
        elif text.strip() and rows:
            self._highlight_proxy_row(rows[0])
        elif not text.strip():
            self.restore_highlight()

    def _on_search_highlight_moved(self, step: int) -> None:
        rows = self.roster_proxy.member_rows()
        if not rows:
            return
        current = self.roster.currentIndex().row()
        if current in rows:
            position = max(0, min(len(rows) - 1, rows.index(current) + step))
        else:
            position = 0 if step > 0 else len(rows) - 1
        self._highlight_proxy_row(rows[position])

    def _on_search_activated(self) -> None:
        self.present()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def type_into_search(self, text: str) -> None:
        """A key typed elsewhere starts a new search (it never extends the old one)."""
        if text == "/":
            self.focus_search()
            return
        if not self.search.hasFocus():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.selectAll()
        self.search.insert(text)

    # ================================================================== keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.roster
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return self._roster_key(event)
        return super().eventFilter(watched, event)

    def _roster_key(self, event: QKeyEvent) -> bool:
        """In the roster, Entrée confirms the highlighted member's arrival; every printable
        key starts a new search (a name typed here never acts on anyone: the acts are
        Ctrl+letter shortcuts of the window)."""
        key = event.key()
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        if key in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            self.present()
            return True
        if key == Qt.Key.Key_Escape:
            self.focus_search()
            return True
        if is_typing(event):
            self.type_into_search(event.text())
            return True
        if self._type_into_vote(event):
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable() and not text.isspace():
            self.type_into_search(text)  # « . », « / »… never reach the view's own search
            return True
        return False

    # ================================================================== member acts
    def _acted_member(self) -> str | None:
        member_id = self.highlighted_member()
        if member_id is None:
            self._error("Aucun membre sélectionné\u00a0: tapez les premières lettres d'un nom.")
        return member_id

    def _act(self, command: Callable[..., Change], *args: Any) -> None:
        """Run an act, then give the keyboard back to the search box, its text selected:
        whatever is typed next is a new name, never a command."""
        try:
            self._run(command, *args)
        finally:
            self.focus_search()

    def present(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._act(self._service.arrive, member_id)
        else:
            self.focus_search()

    def leave(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._act(self._service.leave, member_id)
        else:
            self.focus_search()

    def excuse(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._act(self._service.excuse, member_id)
        else:
            self.focus_search()

    def recuse(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._act(self._service.recuse, member_id)
        else:
            self.focus_search()

    def _on_roster_double_clicked(self, index: QModelIndex) -> None:
        if index.data(IS_GROUP_ROLE):
            return
        member_id = index.siblingAtColumn(0).data(MEMBER_ID_ROLE)
        if not isinstance(member_id, str):
            return
        if member_id in self._service.state.present:
            self._run(self._service.leave, member_id)
        else:
            self._run(self._service.arrive, member_id)

    def proxy(self) -> None:
        try:
            self._proxy()
        finally:
            self.window().activateWindow()  # the dialog is gone: back to the live window
            self.focus_search()

    def _proxy(self) -> None:
        giver_id = self._acted_member()
        if giver_id is None:
            return
        state = self._service.state
        giver = state.members.get(giver_id)
        if giver is None:
            return
        current = state.proxies.get(giver_id)
        if current is None:
            holders, refusal = valid_holders(self._service, giver_id)
            if not holders:
                self._error(
                    refusal
                    or f"Aucun membre présent ne peut porter le pouvoir de {giver.short_name}."
                )
                return
        else:
            holders = []
        ineligible = ineligible_holders(self._service, giver_id) if current is None else []
        dialog = self.make_proxy_dialog(
            giver, holders, state.name(current) if current else None, ineligible
        )
        try:
            if dialog.exec() != ProxyDialog.DialogCode.Accepted:
                return
            if dialog.revoke:
                self._run(self._service.revoke_proxy, giver_id)
            elif dialog.holder_id:
                self._run(self._service.give_proxy, giver_id, dialog.holder_id)
        finally:
            dialog.deleteLater()

    def make_proxy_dialog(
        self,
        giver: Member,
        holders: list[tuple[Member, str]],
        current: str | None,
        ineligible: list[tuple[Member, str]] | None = None,
    ) -> ProxyDialog:
        """Build the proxy dialog; members who cannot hold the proxy are shown greyed with
        the reason (a seam: tests drive the real dialog through it)."""
        return ProxyDialog(giver, holders, current, self.window(), ineligible)


def is_typing(event: QKeyEvent) -> bool:
    """A printable key without Ctrl/Alt: the secretary is typing a name."""
    if event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    ):
        return False
    text = event.text()
    return len(text) == 1 and (text.isalpha() or text in "-'")
