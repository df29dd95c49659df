"""The live session window: the screen the secretary lives in for three hours.

Layout: a title line with a clock, the quorum banner, then the agenda (left), the
member search and roster (centre), the vote panel (right), and a status line that says what
was last recorded — or, in red, why the rules refused it.

Every act goes through the ``SessionService`` (which stores it before anyone is told);
this window only turns keys into commands and ``Change`` notifications into repaints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cli import EXPORT_KINDS
from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    ClosedStatus,
    Correction,
    Event,
    Excused,
    Left,
    ProxyGiven,
    ProxyRevoked,
    Recused,
)
from app.domain.members import Member
from app.domain.state import Phase, replay
from app.services.session_service import Change, SessionService
from app.services.store import Store
from ui.models.agenda_model import AgendaModel
from ui.models.roster_model import (
    IS_GROUP_ROLE,
    MEMBER_ID_ROLE,
    Column,
    RosterFilterModel,
    RosterModel,
)
from ui.proxy_dialog import ProxyDialog, valid_holders
from ui.widgets.agenda_panel import AgendaPanel
from ui.widgets.export_task import ExportThread
from ui.widgets.quorum_banner import QuorumBanner
from ui.widgets.screen import fit_to_screen
from ui.widgets.search_box import SearchBox
from ui.widgets.status_line import StatusLine, Tone
from ui.widgets.text import NBSP, hhmm, hour, long_date

if TYPE_CHECKING:
    from ui.vote_panel import VotePanel

Clock = Callable[[], datetime]


def _event_member(event: Event) -> str | None:
    """The member an act is about (for the row flash)."""
    if isinstance(event, Arrived | Left | Excused | Recused):
        return event.member
    if isinstance(event, ProxyGiven | ProxyRevoked):
        return event.giver
    return None


class MainWindow(QMainWindow):
    """The live window on one session; ``set_service`` switches to another one."""

    session_requested = Signal(str)  # the secretary chose another session of this store
    file_requested = Signal(str)  # … or another file (.sqlite to open, .json to import)

    def __init__(
        self, store: Store, service: SessionService, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._service = service
        self._clock = clock
        self._export_thread: ExportThread | None = None
        self._highlight_id: str | None = None
        self._action_slots: list[tuple[QAction, Callable[[], Any]]] = []
        self._build_widgets()
        self._build_actions()
        self._connect_signals()
        self._service.subscribe(self._on_service_changed)
        self._refresh_all()
        self._announce_last_recorded()
        fit_to_screen(self, 1366, 740)
        self.setMinimumSize(1000, 600)

    # ================================================================== building
    def _build_widgets(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        self.setCentralWidget(central)
        base = QFont(self.font())

        self.title_label = QLabel(central)
        self.title_label.setObjectName("titleLabel")
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.2)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.clock_label = QLabel(central)
        self.clock_label.setObjectName("clockLabel")
        clock_font = QFont(base)
        clock_font.setPointSizeF(base.pointSizeF() * 1.2)
        clock_font.setStyleHint(QFont.StyleHint.Monospace)
        self.clock_label.setFont(clock_font)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)

        self.banner = QuorumBanner(central)

        self.agenda_model = AgendaModel(self._service, self)
        self.agenda = AgendaPanel(self.agenda_model, central)

        self.search = SearchBox(central)
        search_font = QFont(base)
        search_font.setPointSizeF(base.pointSizeF() * 1.15)
        self.search.setFont(search_font)
        self.roster_model = RosterModel(self._service, self)
        self.roster_proxy = RosterFilterModel(self)
        self.roster_proxy.setSourceModel(self.roster_model)
        self.roster = QTableView(central)
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

        self.present_button = self._act_button("● Présent (Entrée)", central)
        self.leave_button = self._act_button("Départ (D)", central)
        self.excuse_button = self._act_button("○ Excusé (E)", central)
        self.proxy_button = self._act_button("◐ Pouvoir… (P)", central)
        self.recuse_button = self._act_button("⊘ Ne prend pas part (R)", central)

        centre = QWidget(central)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.search)
        centre_layout.addWidget(self.roster, 1)
        buttons = QHBoxLayout()
        for button in (
            self.present_button,
            self.leave_button,
            self.excuse_button,
            self.proxy_button,
            self.recuse_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        centre_layout.addLayout(buttons)

        self.vote_frame = QFrame(central)
        self.vote_frame.setObjectName("voteFrame")
        self.vote_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.vote_layout = QVBoxLayout(self.vote_frame)
        self.vote_layout.setContentsMargins(6, 6, 6, 6)
        self.vote_panel: VotePanel | None = None
        self.vote_placeholder: QLabel | None = None
        self._make_vote_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.agenda)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.vote_frame)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([250, 786, 330])

        self.status_line = StatusLine(central)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.clock_label)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_line)

        self.setTabOrder(self.search, self.roster)
        self.roster.installEventFilter(self)
        self.agenda.list.installEventFilter(self)

    def _act_button(self, text: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard where it is
        return button

    def _make_vote_panel(self) -> None:
        """The vote panel (another module); a placeholder until it exists."""
        for widget in (self.vote_panel, self.vote_placeholder):
            if widget is not None:
                self.vote_layout.removeWidget(widget)
                widget.deleteLater()
        self.vote_panel = self.vote_placeholder = None
        try:
            from ui.vote_panel import VotePanel
        except ImportError:
            self.vote_placeholder = QLabel(self.vote_frame)
            self.vote_placeholder.setObjectName("votePlaceholder")
            self.vote_placeholder.setWordWrap(True)
            self.vote_placeholder.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.vote_layout.addWidget(self.vote_placeholder)
            return
        self.vote_panel = VotePanel(self._service, self.vote_frame)
        self.vote_layout.addWidget(self.vote_panel)

    def _connect_vote_panel(self) -> None:
        """The vote panel is rebuilt for each session: its connection is made here."""
        if self.vote_panel is not None:
            self.vote_panel.message.connect(self._on_vote_panel_message)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        menu_shortcut_text: str = "",
    ) -> QAction:
        action = QAction(text + (f"\t{menu_shortcut_text}" if menu_shortcut_text else ""), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._action_slots.append((action, slot))  # connected in _connect_signals()
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Fichier")
        self.choose_action = self._action("Changer de séance…", self._on_choose_triggered, "Ctrl+O")
        self.open_file_action = self._action("Ouvrir un fichier…", self._on_open_file_triggered)
        self.export_action = self._action(
            "Exporter les documents…", self._on_export_triggered, "Ctrl+E"
        )
        self.quit_action = self._action("Quitter", self.close, QKeySequence.StandardKey.Quit)
        for action in (self.choose_action, self.open_file_action, self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("É&dition")
        self.undo_action = self._action("Annuler", self._on_undo_triggered, "Ctrl+Z")
        self.redo_action = self._action("Rétablir", self._on_redo_triggered, "Ctrl+Shift+Z")
        self.search_action = self._action("Rechercher un membre", self._on_search_triggered, "/")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.search_action)

        session_menu = bar.addMenu("&Séance")
        self.open_session_action = self._action(
            "Ouvrir la séance", self._on_open_session_triggered, "Ctrl+Shift+O"
        )
        self.suspend_action = self._action(
            "Suspendre la séance", self._on_suspend_triggered, "Ctrl+Shift+S"
        )
        self.resume_action = self._action(
            "Reprendre la séance", self._on_resume_triggered, "Ctrl+Shift+R"
        )
        self.close_session_action = self._action(
            "Clore la séance…", self._on_close_session_triggered, "Ctrl+Shift+F"
        )
        for action in (
            self.open_session_action,
            self.suspend_action,
            self.resume_action,
            self.close_session_action,
        ):
            session_menu.addAction(action)

        member_menu = bar.addMenu("&Membre")
        self.present_action = self._action(
            "Présent", self._on_present_triggered, menu_shortcut_text="Entrée"
        )
        self.leave_action = self._action("Départ", self._on_leave_triggered, menu_shortcut_text="D")
        self.excuse_action = self._action(
            "Excusé", self._on_excuse_triggered, menu_shortcut_text="E"
        )
        self.proxy_action = self._action(
            "Pouvoir…", self._on_proxy_triggered, menu_shortcut_text="P"
        )
        self.recuse_action = self._action(
            "Ne prend pas part au vote du point en cours",
            self._on_recuse_triggered,
            menu_shortcut_text="R",
        )
        for action in (
            self.present_action,
            self.leave_action,
            self.excuse_action,
            self.proxy_action,
            self.recuse_action,
        ):
            member_menu.addAction(action)

        agenda_menu = bar.addMenu("&Ordre du jour")
        self.previous_item_action = self._action(
            "Point précédent", self._on_previous_item_triggered, QKeySequence(Qt.Key.Key_PageUp)
        )
        self.next_item_action = self._action(
            "Point suivant", self._on_next_item_triggered, QKeySequence(Qt.Key.Key_PageDown)
        )
        self.note_action = self._action("Prendre une note", self._on_note_triggered, "Ctrl+N")
        for action in (self.previous_item_action, self.next_item_action, self.note_action):
            agenda_menu.addAction(action)

        vote_menu = bar.addMenu("&Vote")
        self.vote_focus_action = self._action(
            "Saisir le vote du point en cours", self._on_vote_focus_triggered, "F6"
        )
        self.unanimity_action = self._action(
            "Adopté à l'unanimité", self._on_unanimity_triggered, "Ctrl+U"
        )
        self.withdraw_action = self._action(
            "&Retirer le point en cours", self._on_withdraw_triggered
        )
        self.postpone_action = self._action(
            "A&journer le point en cours", self._on_postpone_triggered
        )
        for action in (self.vote_focus_action, self.unanimity_action):
            vote_menu.addAction(action)
        vote_menu.addSeparator()
        for action in (self.withdraw_action, self.postpone_action):
            vote_menu.addAction(action)

        prep_menu = bar.addMenu("&Préparation")
        self.new_assembly_action = self._action(
            "Nouvelle assemblée…", self._on_new_assembly_triggered
        )
        self.assembly_editor_action = self._action("Assemblée…", self._on_assembly_editor_triggered)
        self.members_editor_action = self._action("Membres…", self._on_members_editor_triggered)
        self.session_editor_action = self._action(
            "Modifier la séance…", self._on_session_editor_triggered
        )
        self.new_session_action = self._action("Nouvelle séance…", self._on_new_session_triggered)
        for action in (
            self.assembly_editor_action,
            self.members_editor_action,
            self.session_editor_action,
            self.new_session_action,
        ):
            prep_menu.addAction(action)
        prep_menu.addSeparator()
        prep_menu.addAction(self.new_assembly_action)

        view_menu = bar.addMenu("&Affichage")
        self.fullscreen_action = self._action("Plein écran", self._on_fullscreen_triggered, "F11")
        self.fullscreen_action.setCheckable(True)
        view_menu.addAction(self.fullscreen_action)

    def _on_vote_focus_triggered(self) -> None:
        """F6: the keyboard goes to the vote panel (digits, U, Entrée work there)."""
        panel = self.vote_panel
        if panel is not None and hasattr(panel, "focus_entry"):
            panel.focus_entry()

    def _on_unanimity_triggered(self) -> None:
        """Ctrl+U: unanimity for the current item, from anywhere in the window."""
        panel = self.vote_panel
        if panel is not None and hasattr(panel, "record_unanimity"):
            panel.record_unanimity()

    def _on_withdraw_triggered(self) -> None:
        """Vote › Retirer: the keyboard's way to the panel's « Retirer » button."""
        panel = self.vote_panel
        if panel is not None and hasattr(panel, "close_item"):
            panel.close_item(ClosedStatus.WITHDRAWN)

    def _on_postpone_triggered(self) -> None:
        panel = self.vote_panel
        if panel is not None and hasattr(panel, "close_item"):
            panel.close_item(ClosedStatus.POSTPONED)

    def _connect_signals(self) -> None:
        for action, slot in self._action_slots:
            action.triggered.connect(slot)
        self._connect_vote_panel()
        self.clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self.clock_timer.start()
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.highlight_moved.connect(self._on_search_highlight_moved)
        self.search.activated.connect(self._on_search_activated)
        self.roster.doubleClicked.connect(self._on_roster_double_clicked)
        self.roster.selectionModel().currentRowChanged.connect(self._on_roster_current_changed)
        self.roster_model.modelReset.connect(self._on_roster_model_reset)
        self.agenda.item_activated.connect(self._on_agenda_item_activated)
        self.agenda.note_submitted.connect(self._on_agenda_note_submitted)
        self.present_button.clicked.connect(self._on_present_triggered)
        self.leave_button.clicked.connect(self._on_leave_triggered)
        self.excuse_button.clicked.connect(self._on_excuse_triggered)
        self.proxy_button.clicked.connect(self._on_proxy_triggered)
        self.recuse_button.clicked.connect(self._on_recuse_triggered)

    # ================================================================== session
    @property
    def service(self) -> SessionService:
        return self._service

    @property
    def store(self) -> Store:
        return self._store

    def set_session(self, store: Store, service: SessionService) -> None:
        """Show another session (possibly of another store)."""
        self._service.unsubscribe(self._on_service_changed)
        self._store = store
        self._service = service
        self._service.subscribe(self._on_service_changed)
        self._highlight_id = None
        self.roster_model.set_service(service)
        self.agenda_model.set_service(service)
        self.roster_proxy.set_query(self.search.text())
        self._make_vote_panel()
        self._connect_vote_panel()
        self._refresh_all()
        self._announce_last_recorded()

    # ================================================================== refreshing
    def _fit_roster_columns(self) -> None:
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

    def _update_spans(self) -> None:
        """Group headers span the whole row, so their summary is never cut."""
        self.roster.clearSpans()
        columns = self.roster_proxy.columnCount()
        for row in range(self.roster_proxy.rowCount()):
            if self.roster_proxy.index(row, 0).data(IS_GROUP_ROLE):
                self.roster.setSpan(row, 0, 1, columns)

    def _refresh_all(self) -> None:
        self._fit_roster_columns()
        self._update_spans()
        attendance = self._service.state.attendance()
        self.banner.show_attendance(attendance, self._service.state)
        self._refresh_title()
        self._refresh_agenda()
        self._refresh_actions()
        self._refresh_placeholder()
        self._on_clock_timer_timeout()
        self._restore_highlight()

    def _refresh_title(self) -> None:
        state = self._service.state
        session = self._service.session
        assembly = self._service.assembly
        text = f"{assembly.name} — séance du {long_date(session.date)}"
        if state.phase is Phase.NOT_OPENED:
            text += " · non ouverte"
            if session.time:
                convened = session.time.replace(":", f"{NBSP}h{NBSP}")
                text += f" (convoquée à {convened})"
        elif state.phase is Phase.OPEN:
            text += f" · ouverte à {hour(state.opened_at)}"
            if state.suspensions:
                text += f" · reprise à {hour(state.suspensions[-1][1])}"
        elif state.phase is Phase.SUSPENDED:
            text += (
                f" · ouverte à {hour(state.opened_at)} · SUSPENDUE depuis "
                f"{hour(state.suspensions[-1][0])}"
            )
        else:
            text += f" · ouverte à {hour(state.opened_at)} · close à {hour(state.closed_at)}"
        self.title_label.setText(text)
        self.setWindowTitle(
            f"Séance — {assembly.name} ({assembly.organisation}) — "
            f"{session.date.strftime('%d/%m/%Y')}"
        )

    def _refresh_agenda(self) -> None:
        state = self._service.state
        current = state.current_item
        notes = state.items[current].notes if current else state.session_notes
        self.agenda.show_current(current, list(notes))

    def _refresh_actions(self) -> None:
        phase = self._service.state.phase
        self.open_session_action.setEnabled(phase is Phase.NOT_OPENED)
        self.suspend_action.setEnabled(phase is Phase.OPEN)
        self.resume_action.setEnabled(phase is Phase.SUSPENDED)
        self.close_session_action.setEnabled(phase in (Phase.OPEN, Phase.SUSPENDED))
        undo = self._service.undo_label()
        redo = self._service.redo_label()
        self.undo_action.setEnabled(undo is not None)
        self.undo_action.setText(f"Annuler{NBSP}: {undo}" if undo else "Annuler")
        self.redo_action.setEnabled(redo is not None)
        self.redo_action.setText(f"Rétablir{NBSP}: {redo}" if redo else "Rétablir")

    def _refresh_placeholder(self) -> None:
        if self.vote_placeholder is None:
            return
        state = self._service.state
        current = state.current_item
        if current is None:
            self.vote_placeholder.setText("<b>VOTE</b><br>Aucun point en cours.")
            return
        attendance = state.attendance(current)
        self.vote_placeholder.setText(
            f"<b>VOTE — point {current}</b><br>{state.items[current].item.title}<br><br>"
            f"Votants {attendance.voters}<br><br>"
            "<i>Le panneau de saisie des votes n'est pas encore installé.</i>"
        )

    # ================================================================== notifications
    def _on_service_changed(self, change: Change) -> None:
        attendance = self._service.state.attendance()
        self.roster_model.apply_change(change, attendance)
        self.agenda_model.apply_change(change)
        self.banner.show_attendance(attendance, self._service.state)
        self._refresh_title()
        self._refresh_agenda()
        self._refresh_actions()
        self._refresh_placeholder()
        self._announce(change)
        member = self._flash_target(change)
        if member is not None:
            self.roster_model.flash(member)
        if change.full:
            self._restore_highlight()

    def _flash_target(self, change: Change) -> str | None:
        event = change.event
        if isinstance(event, Correction):
            target = self._original_of(event.target)
            return _event_member(target) if target is not None else None
        return _event_member(event)

    def _original_of(self, index: int) -> Event | None:
        """The act a correction (or a correction of a correction) is ultimately about."""
        events = self._service.events
        while 0 <= index < len(events) and isinstance(events[index], Correction):
            correction = events[index]
            assert isinstance(correction, Correction)
            index = correction.target
        return events[index] if 0 <= index < len(events) else None

    def _announce(self, change: Change) -> None:
        at = hhmm(change.event.at)
        if isinstance(change.event, Correction):
            original = self._original_of(change.event.target)
            what = self._service.describe(original) if original is not None else change.label
            if change.redo:
                text = f"Rétabli{NBSP}: {what} ({at}) · Ctrl+Z pour annuler"
            else:
                text = f"Annulé{NBSP}: {what} ({at}) · Ctrl+Maj+Z pour rétablir"
        else:
            text = f"Dernière action{NBSP}: {change.label} à {at} · Ctrl+Z pour annuler"
        if change.quorum_lost or change.quorum_regained:
            verdict = "quorum perdu" if change.quorum_lost else "quorum atteint"
            undo = "Ctrl+Maj+Z pour rétablir" if change.undo else "Ctrl+Z pour annuler"
            self.status_line.show_message(
                f"{change.label}{NBSP}: {verdict} ({at}) · {undo}", Tone.ALERT
            )
        else:
            self.status_line.show_message(text)

    def _announce_last_recorded(self) -> None:
        """On opening, say what the journal last recorded: nothing was lost."""
        label = self._service.undo_label()
        if label is None:
            self.status_line.show_message("Aucun acte enregistré pour cette séance.")
            return
        at = hhmm(self._service.state.last_at)
        self.status_line.show_message(
            f"Dernier acte enregistré{NBSP}: {label}"
            + (f" à {at}" if at else "")
            + " · Ctrl+Z pour annuler"
        )

    def _on_vote_panel_message(self, text: str, is_error: bool) -> None:
        self.status_line.show_message(text, Tone.ERROR if is_error else Tone.INFO)

    def show_error(self, message: str) -> None:
        self.status_line.show_message(message, Tone.ERROR)

    def _run(self, command: Callable[..., Change], *args: Any) -> Change | None:
        """Run a service command; a refusal goes to the status line, in red."""
        try:
            return command(*args)
        except DomainError as err:
            self.show_error(str(err))
            return None

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

    def _restore_highlight(self) -> None:
        if self._highlight_id is not None:
            self.highlight_member(self._highlight_id)

    def _on_roster_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        member_id = current.siblingAtColumn(0).data(MEMBER_ID_ROLE) if current.isValid() else None
        if isinstance(member_id, str):
            self._highlight_id = member_id

    def _on_roster_model_reset(self) -> None:
        self._update_spans()
        QTimer.singleShot(0, self._restore_highlight)

    def _on_search_text_changed(self, text: str) -> None:
        self.roster_proxy.set_query(text)
        self._update_spans()
        rows = self.roster_proxy.member_rows()
        if text.strip() and rows:
            self._highlight_proxy_row(rows[0])
        elif not text.strip():
            self._restore_highlight()

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
        self._on_present_triggered()
        self.search.selectAll()

    def _on_search_triggered(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _type_into_search(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.insert(text)

    # ================================================================== keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.roster:
                return self._roster_key(event)
            if watched is self.agenda.list and _is_typing(event):
                self._type_into_search(event.text())
                return True
            if watched is self.agenda.list and self._type_into_vote(event):
                return True
        return super().eventFilter(watched, event)

    def _roster_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        actions = {
            Qt.Key.Key_Return: self._on_present_triggered,
            Qt.Key.Key_Enter: self._on_present_triggered,
            Qt.Key.Key_D: self._on_leave_triggered,
            Qt.Key.Key_E: self._on_excuse_triggered,
            Qt.Key.Key_P: self._on_proxy_triggered,
            Qt.Key.Key_R: self._on_recuse_triggered,
        }
        slot = next((s for k, s in actions.items() if k.value == key), None)
        if slot is not None:
            slot()
            return True
        if key == Qt.Key.Key_Escape:
            self._on_search_triggered()
            return True
        if _is_typing(event):
            self._type_into_search(event.text())
            return True
        return self._type_into_vote(event)

    def _type_into_vote(self, event: QKeyEvent) -> bool:
        """A digit typed outside the search box starts the show-of-hands count (« Pour »)
        of the current item: digits fill the counts."""
        text = event.text()
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ) or not (len(text) == 1 and text.isdigit()):
            return False
        hands = getattr(self.vote_panel, "hands", None)
        if hands is None or not hands.isVisible() or not hands.isEnabled():
            return False
        hands.type_into_first(text)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_typing(event):  # typing anywhere (not consumed elsewhere) goes to search
            self._type_into_search(event.text())
            return
        if self._type_into_vote(event):
            return
        super().keyPressEvent(event)

    # ================================================================== member acts
    def _acted_member(self) -> str | None:
        member_id = self.highlighted_member()
        if member_id is None:
            self.show_error("Aucun membre sélectionné\u00a0: tapez les premières lettres d'un nom.")
        return member_id

    def _on_present_triggered(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._run(self._service.arrive, member_id)

    def _on_leave_triggered(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._run(self._service.leave, member_id)

    def _on_excuse_triggered(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._run(self._service.excuse, member_id)

    def _on_recuse_triggered(self) -> None:
        member_id = self._acted_member()
        if member_id is not None:
            self._run(self._service.recuse, member_id)

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

    def _on_proxy_triggered(self) -> None:
        giver_id = self._acted_member()
        if giver_id is None:
            return
        state = self._service.state
        giver = state.members.get(giver_id)
        if giver is None:
            return
        current = state.proxies.get(giver_id)
        if current is None:
            holders, refusal = valid_holders(state, giver_id)
            if not holders:
                self.show_error(
                    refusal
                    or f"Aucun membre présent ne peut porter le pouvoir de {giver.short_name}."
                )
                return
        else:
            holders = []
        dialog = self.make_proxy_dialog(giver, holders, state.name(current) if current else None)
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
        self, giver: Member, holders: list[tuple[Member, str]], current: str | None
    ) -> ProxyDialog:
        """Build the proxy dialog (a seam: tests drive the real dialog through it)."""
        return ProxyDialog(giver, holders, current, self)

    # ================================================================== agenda
    def _move_item(self, step: int) -> None:
        items = [it.id for it in self._service.session.items]
        if not items:
            return
        current = self._service.state.current_item
        if current is None:
            target = items[0] if step > 0 else items[-1]
        else:
            position = items.index(current) + step
            if not 0 <= position < len(items):
                self.show_error(
                    "Pas de point "
                    + ("suivant" if step > 0 else "précédent")
                    + " à l'ordre du jour."
                )
                return
            target = items[position]
        self._run(self._service.open_item, target)

    def _on_previous_item_triggered(self) -> None:
        self._move_item(-1)

    def _on_next_item_triggered(self) -> None:
        self._move_item(1)

    def _on_agenda_item_activated(self, item_id: str) -> None:
        if item_id != self._service.state.current_item:
            self._run(self._service.open_item, item_id)

    def _on_agenda_note_submitted(self, text: str) -> None:
        if self._run(self._service.note, self._service.state.current_item, text) is not None:
            self.agenda.note_edit.clear()

    def _on_note_triggered(self) -> None:
        self.agenda.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ================================================================== session acts
    def _on_open_session_triggered(self) -> None:
        self._run(self._service.open_session)

    def _on_suspend_triggered(self) -> None:
        self._run(self._service.suspend)

    def _on_resume_triggered(self) -> None:
        self._run(self._service.resume)

    def _on_close_session_triggered(self) -> None:
        answer = QMessageBox.question(
            self,
            "Clore la séance",
            f"Clore la séance à {hour(self._clock())}{NBSP}? Plus aucun acte ne pourra être "
            "enregistré (seule une correction restera possible).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(self._service.close_session)

    def _on_undo_triggered(self) -> None:
        self._run(self._service.undo)
        self._refresh_actions()  # the service updates its redo stack after notifying

    def _on_redo_triggered(self) -> None:
        self._run(self._service.redo)
        self._refresh_actions()

    def _on_fullscreen_triggered(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.fullscreen_action.setChecked(self.isFullScreen())

    def _on_clock_timer_timeout(self) -> None:
        self.clock_label.setText(self._clock().strftime("%H:%M:%S"))

    # ================================================================== files
    def _on_choose_triggered(self) -> None:
        from ui.session_chooser import SessionChooser

        chooser = SessionChooser(self._store, self)
        try:
            if chooser.exec() != SessionChooser.DialogCode.Accepted:
                return
            if chooser.file_path:
                self.file_requested.emit(chooser.file_path)
            elif chooser.session_id:
                self.session_requested.emit(chooser.session_id)
        finally:
            chooser.deleteLater()

    def _on_open_file_triggered(self) -> None:
        from ui.session_chooser import FILE_FILTER

        path, _ = QFileDialog.getOpenFileName(self, "Ouvrir un fichier", "", FILE_FILTER)
        if path:
            self.file_requested.emit(path)

    # ================================================================== preparation
    def _prep(self) -> Any:
        try:
            import ui.prep as prep
        except ImportError:
            QMessageBox.information(
                self,
                "Préparation",
                "Les écrans de préparation ne sont pas encore disponibles dans cette version.",
            )
            return None
        return prep

    def _after_preparation(self) -> None:
        """The assembly or the agenda may have changed: re-read them, redraw everything."""
        try:
            self._service.reload_session()
        except DomainError as err:
            self.show_error(str(err))
            return
        self.set_session(self._store, self._service)

    def _on_new_assembly_triggered(self) -> None:
        """Another assembly in this file (the first one of a secretary starting from the
        demo): its identity and rules, then its members, then its first session."""
        prep = self._prep()
        if prep is None:
            return
        assembly_id = prep.open_assembly_editor(self, self._store, None)
        if assembly_id is None:
            return
        prep.open_members_editor(self, self._store, assembly_id)
        session_id = prep.open_session_editor(self, self._store, assembly_id, None)
        if session_id:
            self.session_requested.emit(session_id)
        else:
            self.show_error(
                "Assemblée enregistrée, sans séance : créez-en une par "
                "Fichier › Changer de séance… › Nouvelle séance."
            )

    def _on_assembly_editor_triggered(self) -> None:
        prep = self._prep()
        if prep is not None:
            prep.open_assembly_editor(self, self._store, self._service.assembly.id)
            self._after_preparation()

    def _on_members_editor_triggered(self) -> None:
        prep = self._prep()
        if prep is not None:
            prep.open_members_editor(self, self._store, self._service.assembly.id)
            self._after_preparation()

    def _on_session_editor_triggered(self) -> None:
        prep = self._prep()
        if prep is None:
            return
        session_id = prep.open_session_editor(
            self, self._store, self._service.assembly.id, self._service.session.id
        )
        if session_id and session_id != self._service.session.id:
            self.session_requested.emit(session_id)
        elif session_id:
            self._after_preparation()

    def _on_new_session_triggered(self) -> None:
        prep = self._prep()
        if prep is None:
            return
        session_id = prep.open_session_editor(self, self._store, self._service.assembly.id, None)
        if session_id:
            self.session_requested.emit(session_id)

    # ================================================================== export
    def _on_export_triggered(self) -> None:
        if self._export_thread is not None:
            self.show_error("Un export est déjà en cours.")
            return
        try:
            from app.documents.export import precheck
        except ImportError:
            QMessageBox.information(
                self,
                "Exporter",
                "L'export des documents n'est pas encore disponible dans cette version.",
            )
            return
        out_dir = QFileDialog.getExistingDirectory(self, "Dossier où exporter les documents")
        if not out_dir:
            return
        self.start_export(Path(out_dir), precheck)

    def start_export(self, out_dir: Path, precheck: Callable[..., list[str]]) -> None:
        service = self._service
        events = list(service.events)
        state = replay(service.assembly, service.session, events)
        warnings = precheck(service.assembly, service.session, state)
        if warnings:
            answer = QMessageBox.warning(
                self,
                "Exporter les documents",
                "Avant d'exporter, vérifiez :\n\n"
                + "\n".join(f"• {w}" for w in warnings)
                + f"\n\nExporter quand même{NBSP}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        thread = ExportThread(
            service.assembly,
            service.session,
            state,
            events,
            out_dir,
            list(EXPORT_KINDS),
            self._store.fingerprint(service.session.id),
            self,
        )
        thread.progress.connect(self._on_export_thread_progress)
        thread.succeeded.connect(self._on_export_thread_succeeded)
        thread.failed.connect(self._on_export_thread_failed)
        thread.finished.connect(self._on_export_thread_finished)
        self._export_thread = thread
        self._export_dir = out_dir
        self.export_action.setEnabled(False)
        self.status_line.show_message(f"Export en cours vers «\u00a0{out_dir}\u00a0»…")
        thread.start()

    def _on_export_thread_progress(self, text: str) -> None:
        self.status_line.show_message(f"Export en cours{NBSP}: {text}")

    def _on_export_thread_succeeded(self, paths: list[str]) -> None:
        self.status_line.show_message(
            f"{len(paths)} document{'s' if len(paths) > 1 else ''} "
            f"exporté{'s' if len(paths) > 1 else ''} dans "
            f"«\u00a0{self._export_dir}\u00a0»."
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._export_dir)))

    def _on_export_thread_failed(self, message: str) -> None:
        self.show_error(message)

    def _on_export_thread_finished(self) -> None:
        if self._export_thread is not None:
            self._export_thread.deleteLater()
        self._export_thread = None
        self.export_action.setEnabled(True)

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._export_thread is not None:
            self._export_thread.wait()
        self.clock_timer.stop()
        self._service.unsubscribe(self._on_service_changed)
        super().closeEvent(event)


def _is_typing(event: QKeyEvent) -> bool:
    """A printable key without Ctrl/Alt: the secretary is typing a name."""
    if event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    ):
        return False
    text = event.text()
    return len(text) == 1 and (text.isalpha() or text in "-'")
