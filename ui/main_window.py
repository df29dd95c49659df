"""The live session window: the screen the secretary lives in for three hours.

Layout: a title line with a clock, the quorum banner, then the agenda (left), the
member search and roster (centre, ``ui.roster_panel``), the vote panel (right,
``ui.vote_panel``), and a status line that says what was last recorded — or, in red, why
the rules refused it (``ui.announcer``, the window's one voice). The Fichier › Exporter and
Préparation menus live in ``ui.controllers``.

Every act goes through the ``SessionService`` (which stores it before anyone is told);
this window only turns keys into commands and ``Change`` notifications into repaints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import (
    ClosedStatus,
    DrawLots,
    EndClosedDoors,
    WaiveSecretBallot,
    WithdrawFromVote,
)
from app.services.session_service import Change, SessionService
from app.services.store import Store
from app.services.types import DomainError, Phase
from ui.announcer import Announcer
from ui.controllers.export import ExportController
from ui.controllers.preparation import PreparationController
from ui.models.agenda_model import AgendaModel
from ui.room_display import RoomController
from ui.roster_panel import RosterPanel, is_typing
from ui.storage_guard import choose_auto_backup, save_copy
from ui.widgets.agenda_panel import AgendaPanel
from ui.widgets.quorum_banner import QuorumBanner
from ui.widgets.screen import TITLE_BAR, fit_to_screen
from ui.widgets.status_line import StatusLine
from ui.widgets.text import NBSP, hour, long_date

if TYPE_CHECKING:
    from ui.vote_panel import VotePanel

Clock = Callable[[], datetime]


class MainWindow(QMainWindow):
    """The live window on one session; ``set_service`` switches to another one."""

    session_requested = Signal(str)  # the secretary chose another session of this store
    file_requested = Signal(str)  # … or another file (.sqlite to open, .json to import)

    def __init__(
        self,
        store: Store,
        service: SessionService,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings  # where the window's size and splitters are remembered
        self._store = store
        self._service = service
        self._clock = clock
        self._action_slots: list[tuple[QAction, Callable[[], Any]]] = []
        self._shown_once = False
        # the room display listens first: the projector shows an act before this window
        # rebuilds its panels (ui/room_display.py)
        self.room = RoomController(self._service, self)
        self._build_widgets()
        self.announcer = Announcer(self.status_line, lambda: self._service)
        self._build_actions()
        self.exporter = ExportController(self, self._context, self.announcer, self.export_action)
        self.preparation = PreparationController(self, self._context, self.announcer)
        self._connect_signals()
        self._service.subscribe(self._on_service_changed)
        self._refresh_all()
        self.announcer.last_recorded()
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """Sizes computed from the screen: the window fits it (1366×768 at 100 %, 125 %,
        150 %), the vote panel keeps its width (every vote tab visible), the agenda and
        the roster share the rest."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width = available.width() if available is not None else 1366
        height = (available.height() if available is not None else 768) - TITLE_BAR
        self.setMinimumSize(min(1000, width), min(600, height))
        fit_to_screen(self, 1366, 740)
        self._fit_vote_width()
        self._fit_splitter()

    def _fit_splitter(self) -> None:
        """Agenda, roster and vote panel in the proportions of the designed 1366 pixels;
        the vote panel never narrower than its tabs."""
        width = self.width()
        vote = max(self.vote_frame.minimumWidth(), 330 * width // 1366)
        agenda = max(160, 250 * width // 1366)
        self.splitter.setSizes([agenda, max(300, width - agenda - vote), vote])

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:  # sized by the caller or the screen: fit the panels once
            self._shown_once = True
            self._fit_splitter()
            self._restore_layout()
        super().showEvent(event)

    def _fit_vote_width(self) -> None:
        """The scroll area around the vote panel is never narrower than the panel (its
        tabs, its count boxes): it only ever scrolls vertically."""
        self.vote_body.ensurePolished()
        needed = self.vote_body.minimumSizeHint().width()
        scrollbar = self.vote_frame.verticalScrollBar().sizeHint().width()
        self.vote_frame.setMinimumWidth(needed + scrollbar + 2 * self.vote_frame.frameWidth())

    def _context(self) -> tuple[Store, SessionService]:
        return self._store, self._service

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

        self.members = RosterPanel(
            self._service, self._run, self.show_error, self._type_into_vote, central
        )
        # the panel's widgets, under the names the rest of the window (and tests) use
        self.search = self.members.search
        self.roster = self.members.roster
        self.roster_model = self.members.roster_model
        self.roster_proxy = self.members.roster_proxy

        # The vote panel scrolls only when the screen is too short for it (1366×768 at
        # 125 % and more): it is never squeezed into overlapping its own widgets.
        self.vote_frame = QScrollArea(central)
        self.vote_frame.setObjectName("voteFrame")
        self.vote_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.vote_frame.setWidgetResizable(True)
        self.vote_frame.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.vote_body = QWidget(self.vote_frame)
        self.vote_body.setObjectName("voteBody")
        self.vote_frame.setWidget(self.vote_body)
        self.vote_layout = QVBoxLayout(self.vote_body)
        self.vote_layout.setContentsMargins(6, 6, 6, 6)
        self.vote_panel: VotePanel | None = None
        self.vote_placeholder: QLabel | None = None
        self._make_vote_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.agenda)
        self.splitter.addWidget(self.members)
        self.splitter.addWidget(self.vote_frame)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([250, 786, 330])  # refitted to the screen by _fit_to_screen

        # what the window proposes about who presides (an absent president, a compte
        # administratif): ui/presidency_dialogs.py
        self.proposal = QLabel(central)
        self.proposal.setObjectName("presidencyProposal")
        self.proposal.setWordWrap(True)
        self.proposal.setStyleSheet(
            "background: #fff4ce; color: #3d3000; padding: 3px 6px; border-radius: 3px;"
        )
        self.proposal.hide()
        self.act_dialog: QDialog | None = None

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
        layout.addWidget(self.proposal)
        layout.addWidget(self.status_line)

        self.agenda.list.installEventFilter(self)

    def _make_vote_panel(self) -> None:
        """The vote panel (another module); a placeholder until it exists."""
        for widget in (self.vote_panel, self.vote_placeholder):
            if widget is not None:
                self.vote_layout.removeWidget(widget)
                widget.deleteLater()
        self.vote_panel = self.vote_placeholder = None
        try:
            from ui.vote_panel import VotePanel
        except ImportError:  # pragma: no cover - the panel ships with the window
            self.vote_placeholder = QLabel(self.vote_body)
            self.vote_placeholder.setObjectName("votePlaceholder")
            self.vote_placeholder.setWordWrap(True)
            self.vote_placeholder.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.vote_layout.addWidget(self.vote_placeholder)
            return
        self.vote_panel = VotePanel(self._service, self.vote_body)
        self.vote_layout.addWidget(self.vote_panel)
        if hasattr(self, "splitter"):
            self._fit_vote_width()

    def _connect_vote_panel(self) -> None:
        """The vote panel is rebuilt for each session: its connection is made here."""
        if self.vote_panel is not None:
            self.vote_panel.message.connect(self.announcer.message)

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
            "Exporter les documents…", self._on_export_triggered, "Ctrl+Shift+E"
        )
        self.backup_action = self._action(
            "Enregistrer une copie…", lambda: save_copy(self, self._store)
        )
        self.auto_backup_action = self._action(
            "Copie automatique après chaque vote…", lambda: choose_auto_backup(self)
        )
        # Ctrl+Q under every key scheme (the standard Quit key is empty under Windows')
        self.quit_action = self._action("Quitter", self.close, "Ctrl+Q")
        for action in (
            self.choose_action,
            self.open_file_action,
            self.export_action,
            self.backup_action,
            self.auto_backup_action,
        ):
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
        session_menu.addSeparator()
        self.presidency_action = self._action(
            "Présidence…", self._on_presidency_triggered, "Ctrl+Shift+P"
        )
        self.closed_doors_action = self._action(
            "Huis clos…", self._on_closed_doors_triggered, "Ctrl+Shift+H"
        )
        session_menu.addAction(self.presidency_action)
        session_menu.addAction(self.closed_doors_action)

        member_menu = bar.addMenu("&Membre")
        self.present_action = self._action(
            "Présent", self._on_present_triggered, menu_shortcut_text="Entrée"
        )
        # Letters typed anywhere only search: the acts are deliberate Ctrl+letter keys on
        # the highlighted member (docs/KEYBOARD.md).
        self.leave_action = self._action("Départ", self._on_leave_triggered, "Ctrl+D")
        self.excuse_action = self._action("Excusé", self._on_excuse_triggered, "Ctrl+E")
        self.proxy_action = self._action("Pouvoir…", self._on_proxy_triggered, "Ctrl+P")
        self.recuse_action = self._action(
            "Ne prend pas part au vote du point en cours", self._on_recuse_triggered, "Ctrl+R"
        )
        self.withdraw_member_action = self._action(
            "Se retire pour le vote du point en cours",
            self._on_withdraw_member_triggered,
            "Ctrl+Shift+W",
        )
        for action in (
            self.present_action,
            self.leave_action,
            self.excuse_action,
            self.proxy_action,
            self.recuse_action,
            self.withdraw_member_action,
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
        self.ballot_request_action = self._action(
            "Demande de scrutin public ou secret…",
            self._on_ballot_request_triggered,
            "Ctrl+Shift+B",
        )
        self.waive_secret_action = self._action(
            "Renonciation unanime au scrutin secret (nomination)",
            self._on_waive_secret_triggered,
            "Ctrl+Shift+U",
        )
        self.appoint_action = self._action(
            "Nomination sans vote (candidat unique)…", self._on_appoint_triggered, "Ctrl+Shift+N"
        )
        self.lots_action = self._action("Tirage au sort…", self._on_lots_triggered, "Ctrl+Shift+T")
        self.list_election_action = self._action(
            "Élection par liste…", self._on_list_election_triggered, "Ctrl+Shift+L"
        )
        for action in (
            self.ballot_request_action,
            self.waive_secret_action,
            self.appoint_action,
            self.list_election_action,
            self.lots_action,
        ):
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

        acts_menu = bar.addMenu("&Actes")  # issue #15: ui/acts_dialogs.py
        self.transmit_action = self._action(
            "Dossiers de télétransmission…", self._on_transmit_triggered
        )
        self.ack_action = self._action("Accusé de réception…", self._on_ack_triggered)
        self.attendance_record_action = self._action(
            "Relevé d'assiduité…", self._on_attendance_record_triggered
        )
        self.annexes_action = self._action("Annexes des points…", self._on_annexes_triggered)
        for action in (
            self.annexes_action,
            self.transmit_action,
            self.ack_action,
            self.attendance_record_action,
        ):
            acts_menu.addAction(action)

        view_menu = bar.addMenu("Affic&hage")  # Alt+H: Alt+A is « Actes »
        self.fullscreen_action = self._action("Plein écran", self._on_fullscreen_triggered, "F11")
        self.fullscreen_action.setCheckable(True)
        view_menu.addAction(self.fullscreen_action)

        self.room.install_menu(bar)  # the room display and the president's script
        self.vote_focus_action.triggered.connect(self.room.call_vote)  # F6: « Vote en cours »
        self.room.attach(self.members.layout())

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
        self.agenda.item_activated.connect(self._on_agenda_item_activated)
        self.agenda.note_submitted.connect(self._on_agenda_note_submitted)
        self.preparation.session_requested.connect(self.session_requested)
        self.preparation.reloaded.connect(self._on_preparation_reloaded)

    # ================================================================== session
    @property
    def service(self) -> SessionService:
        return self._service

    @property
    def store(self) -> Store:
        return self._store

    @property
    def _export_thread(self) -> Any:
        return self.exporter.running

    def set_session(self, store: Store, service: SessionService) -> None:
        """Show another session (possibly of another store)."""
        self._service.unsubscribe(self._on_service_changed)
        self._store = store
        self._service = service
        self.room.set_service(service)
        self._service.subscribe(self._on_service_changed)
        self.members.set_service(service)
        self.agenda_model.set_service(service)
        self._make_vote_panel()
        self._connect_vote_panel()
        self._refresh_all()
        self.announcer.last_recorded()

    # ================================================================== refreshing
    def _refresh_all(self) -> None:
        self.members.fit_columns()
        self.members.update_spans()
        attendance = self._service.state.attendance()
        self.banner.show_attendance(attendance, self._service.state)
        self._refresh_title()
        self._refresh_agenda()
        self._refresh_actions()
        self._refresh_placeholder()
        self._refresh_proposal()
        self._on_clock_timer_timeout()
        self.members.restore_highlight()

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
        self.closed_doors_action.setText(
            "Lever le huis clos" if self._service.state.in_camera else "Huis clos…"
        )
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
        attendance = self._service.attendance()  # the one the change was computed with
        self.members.apply_change(change, attendance)
        self.agenda_model.apply_change(change)
        self.banner.show_attendance(attendance, self._service.state)
        self._refresh_title()
        self._refresh_agenda()
        self._refresh_actions()
        self._refresh_placeholder()
        self._refresh_proposal()
        self.announcer.change(change)
        member = self._flash_target(change)
        if member is not None:
            self.roster_model.flash(member)
        if change.full:
            self.members.restore_highlight()

    def _flash_target(self, change: Change) -> str | None:
        return change.subject

    def show_error(self, message: str) -> None:
        self.announcer.error(message)

    def _run(self, command: Callable[..., Change], *args: Any) -> Change | None:
        """Run a service command; a refusal goes to the status line, in red."""
        try:
            return command(*args)
        except DomainError as err:
            self.show_error(str(err))
            return None

    # ================================================================== highlight
    def highlighted_member(self) -> str | None:
        return self.members.highlighted_member()

    def highlight_member(self, member_id: str) -> None:
        self.members.highlight_member(member_id)

    def _on_search_triggered(self) -> None:
        self.members.focus_search()

    # ================================================================== keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.agenda.list and is_typing(event):
                self.members.type_into_search(event.text())
                return True
            if watched is self.agenda.list and self._type_into_vote(event):
                return True
        return super().eventFilter(watched, event)

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
        if is_typing(event):  # typing anywhere (not consumed elsewhere) goes to search
            self.members.type_into_search(event.text())
            return
        if self._type_into_vote(event):
            return
        super().keyPressEvent(event)

    # ================================================================== member acts
    def _on_present_triggered(self) -> None:
        self.members.present()

    def _on_leave_triggered(self) -> None:
        self.members.leave()

    def _on_excuse_triggered(self) -> None:
        self.members.excuse()

    def _on_proxy_triggered(self) -> None:
        self.members.proxy()

    def _on_recuse_triggered(self) -> None:
        self.members.recuse()

    def _on_withdraw_member_triggered(self) -> None:
        """Ctrl+Maj+W: the highlighted member withdraws for the vote of the item under
        discussion (the maire at the compte administratif, L2121-14)."""
        member_id = self.highlighted_member()
        if member_id is None:
            self.show_error("Aucun membre sélectionné\u00a0: tapez les premières lettres d'un nom.")
        else:
            self._run(self._service.handle, WithdrawFromVote(member_id))
        self.members.focus_search()

    # ================================================================== presidency
    def _refresh_proposal(self) -> None:
        from ui.presidency_dialogs import presidency_proposal

        open_now = self._service.state.phase is Phase.OPEN
        text = presidency_proposal(self._service) if open_now else None
        self.proposal.setText(text or "")
        self.proposal.setVisible(text is not None)

    def _open_act_dialog(self, dialog: QDialog) -> None:
        """Window-modal, opened without blocking; the keyboard returns to the search box
        when it closes, whatever happened."""
        self.act_dialog = dialog
        dialog.finished.connect(self._on_act_dialog_finished)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()  # the keyboard goes to the dialog, never stays in the roster

    def _on_act_dialog_finished(self, _result: int) -> None:
        dialog, self.act_dialog = self.act_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.activateWindow()
        self.members.focus_search()

    def _current_item_or_error(self) -> str | None:
        current = self._service.state.current_item
        if current is None:
            self.show_error("Aucun point en cours\u00a0: ouvrez d'abord le point (PgSuiv).")
            self.members.focus_search()
        return current

    def _on_presidency_triggered(self) -> None:
        from ui.presidency_dialogs import PresidencyDialog

        self._open_act_dialog(PresidencyDialog(self._service, self))

    def _on_closed_doors_triggered(self) -> None:
        if self._service.state.in_camera:  # the same key lifts it
            self._session_act(lambda: self._service.handle(EndClosedDoors()))
            return
        from ui.presidency_dialogs import ClosedDoorsDialog

        self._open_act_dialog(ClosedDoorsDialog(self._service, self))

    def _on_ballot_request_triggered(self) -> None:
        from ui.presidency_dialogs import BallotRequestDialog

        item = self._current_item_or_error()
        if item is not None:
            self._open_act_dialog(BallotRequestDialog(self._service, item, self))

    def _on_waive_secret_triggered(self) -> None:
        item = self._current_item_or_error()
        if item is not None:
            self._session_act(lambda: self._service.handle(WaiveSecretBallot(item)))

    def _election_entry(self) -> list[tuple[str, int]]:
        """The candidates of the election entry with their ballots as typed."""
        election = getattr(self.vote_panel, "election", None)
        if election is None:
            return []
        out = []
        for member_id in election.candidates():
            box = election.spin_of(member_id)
            out.append((member_id, box.value() if box is not None else 0))
        return out

    def _on_appoint_triggered(self) -> None:
        from ui.presidency_dialogs import appoint_dialog

        item = self._current_item_or_error()
        if item is None:
            return
        entry = self._election_entry()
        proposed = entry[0][0] if len(entry) == 1 else None
        self._open_act_dialog(appoint_dialog(self._service, item, proposed, self))

    def _on_lots_triggered(self) -> None:
        from ui.presidency_dialogs import ChooseMemberDialog, lots_dialog

        item = self._current_item_or_error()
        if item is None:
            return
        rec = self._service.state.items[item]
        if rec.list_rounds:  # an election by list: the lot designates a list
            lists = [name for name, _ in rec.list_rounds[-1].candidates]
            self._open_act_dialog(
                ChooseMemberDialog(
                    self._service,
                    "Tirage au sort",
                    f"Point {item}\u00a0: égalité entre listes de même âge moyen. L'assemblée "
                    "tire au sort\u00a0; choisissez la liste que le sort a désignée.",
                    [(name, f"Liste « {name} »") for name in lists],
                    lambda name: DrawLots(item, name),
                    "Enregistrer le tirage",
                    parent=self,
                )
            )
            return
        entry = self._election_entry()
        top = max((n for _, n in entry), default=0)
        tied = [m for m, n in entry if n == top and top > 0]
        if len(tied) < 2:
            tied = [m for m, _ in entry] or [
                m for m, _ in (rec.rounds[-1].votes if rec.rounds else ())
            ]
        if not tied:
            self.show_error(
                "Aucun candidat à départager\u00a0: saisissez d'abord les voix du tour dans "
                "l'onglet Élection (F6)."
            )
            self.members.focus_search()
            return
        self._open_act_dialog(lots_dialog(self._service, item, tied, self))

    def _on_list_election_triggered(self) -> None:
        from ui.presidency_dialogs import ListElectionDialog

        item = self._current_item_or_error()
        if item is not None:
            self._open_act_dialog(ListElectionDialog(self._service, item, self))

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
    def _session_act(self, command: Callable[..., Change]) -> None:
        """An act on the session is an act too: the keyboard goes back to the search box
        with its text selected, so the next name typed starts a new search."""
        self._run(command)
        self.members.focus_search()

    def _on_open_session_triggered(self) -> None:
        self._session_act(self._service.open_session)

    def _on_suspend_triggered(self) -> None:
        self._session_act(self._service.suspend)

    def _on_resume_triggered(self) -> None:
        self._session_act(self._service.resume)

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
            self._session_act(self._service.close_session)

    def _on_undo_triggered(self) -> None:
        if self._service.state.phase is Phase.CLOSED:  # the last act is the closure
            answer = QMessageBox.question(
                self,
                "Rouvrir la séance",
                f"La séance est close. Annuler la clôture et la rouvrir{NBSP}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
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
    def _on_preparation_reloaded(self) -> None:
        self.set_session(self._store, self._service)

    def _on_new_assembly_triggered(self) -> None:
        self.preparation.new_assembly()

    def _on_assembly_editor_triggered(self) -> None:
        self.preparation.edit_assembly()

    def _on_members_editor_triggered(self) -> None:
        self.preparation.edit_members()

    def _on_session_editor_triggered(self) -> None:
        self.preparation.edit_session()

    def _on_new_session_triggered(self) -> None:
        self.preparation.new_session()

    # ================================================================== actes (issue #15)
    def _on_annexes_triggered(self) -> None:
        from ui.acts_dialogs import AnnexesDialog

        items = [(it.id, f"{it.id} — {it.title}") for it in self._service.session.items]
        AnnexesDialog(self._store, self._service.session.id, items, self).exec()

    def _on_transmit_triggered(self) -> None:
        from ui.acts_dialogs import TransmitDialog

        TransmitDialog(self._store, self._service.session.id, self._clock().date(), self).exec()

    def _on_ack_triggered(self) -> None:
        from ui.acts_dialogs import AcknowledgmentDialog

        items = [(it.id, f"{it.id} — {it.title}") for it in self._service.session.items]
        dialog = AcknowledgmentDialog(
            self._store, self._service.session.id, self._clock().date(), items, self
        )
        dialog.exec()
        if dialog.recorded:
            self._service.reload_session()

    def _on_attendance_record_triggered(self) -> None:
        from ui.acts_dialogs import AttendanceRecordDialog

        AttendanceRecordDialog(
            self._store, self._service.session.assembly_id, self._clock().date(), self
        ).exec()

    # ================================================================== export
    def _on_export_triggered(self) -> None:
        self.exporter.trigger()

    def start_export(self, out_dir: Path, precheck: Callable[..., list[str]]) -> None:
        self.exporter.start(out_dir, precheck)

    # ================================================================== closing
    def _restore_layout(self) -> None:
        """The size and the splitters the secretary left last time (kept inside the
        screen, the vote panel never narrower than its tabs)."""
        if self._settings is None:
            return
        geometry = self._settings.value("live/geometry")
        splitter = self._settings.value("live/splitter")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            available = self.screen().availableGeometry()
            if self.width() > available.width() or self.height() > available.height():
                fit_to_screen(self, available.width(), available.height())
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("live/geometry", self.saveGeometry())
        self._settings.setValue("live/splitter", self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_layout()
        self.exporter.wait()
        self.clock_timer.stop()
        self.room.shutdown()
        self._service.unsubscribe(self._on_service_changed)
        super().closeEvent(event)
