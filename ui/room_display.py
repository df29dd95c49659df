"""The room display: a second, read-only window for the projector, and the president's
script beside the vote panel.

What the room sees is built by ``app.services.room.room_content`` (no Qt) from the
service's state — which holds committed acts only, so nothing the secretary is still
typing ever reaches the screen. ``RoomDisplay`` draws it in very large type (the main
line is 7 % of the window's height), white on black, every state given by an icon and
words as well as a colour.
``RoomController`` ties them to the main window: the « Salle » menu and its keys, the
notifications of the service, the script panel and its copy key, the recording mark.

Never a name during or after a secret ballot: the display shows its totals only (not even
who did not take part); an election shows its candidates, never a voter.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenuBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.room import (
    Attendance,
    DomainError,
    Mode,
    RoomContent,
    Script,
    Tone,
    current_attendance,
    ends_vote,
    is_pending,
    mark_recording,
    president_script,
    room_content,
)
from app.services.session_service import Change, SessionService
from app.services.wording import NBSP

T = TypeVar("T")

__all__ = [
    "Mode",
    "RoomController",
    "RoomDisplay",
    "ScriptPanel",
    "paginate",
    "projector_screen",
    "room_content",
]


# background, text: every pair has a contrast ratio of at least 7:1
COLOURS = {
    Tone.GOOD: ("#0b5d27", "#ffffff"),
    Tone.BAD: ("#9b1c1c", "#ffffff"),
    Tone.WAIT: ("#ffc928", "#000000"),
    Tone.NEUTRAL: ("#3c4043", "#ffffff"),
}


# ====================================================================== the window


def projector_screen(screens: Sequence[T], main_screen: T | None) -> T | None:
    """The screen for the room: the first one that is not the secretary's, if any."""
    others = [s for s in screens if s is not main_screen]
    return others[0] if others else None


def _colour(widget: QWidget, background: str, text: str) -> None:
    """Fill ``widget`` with ``background``; its labels write in ``text``."""
    palette = widget.palette()
    if (
        widget.autoFillBackground()
        and palette.color(QPalette.ColorRole.Window).name() == background
        and palette.color(QPalette.ColorRole.WindowText).name() == text
    ):
        return
    palette.setColor(QPalette.ColorRole.Window, QColor(background))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def paginate(
    blocks: tuple[tuple[str, tuple[str, ...]], ...], metrics: QFontMetrics, width: int, rows: int
) -> list[list[tuple[bool, str]]]:
    """Lay the names of each choice out in lines of ``width`` pixels (« Mme A · M. B … »)
    and cut the lines into pages of ``rows`` lines; (is_heading, text) per line. A heading
    is repeated, « (suite) », at the top of a page that continues its names."""
    separator = "   ·   "
    gap = metrics.horizontalAdvance(separator)
    lines: list[tuple[bool, str, str]] = []  # is_heading, text, heading it belongs to
    for title, names in blocks:
        lines.append((True, title, title))
        current: list[str] = []
        used = 0
        for name in names:
            name = name.replace(" ", NBSP)
            advance = metrics.horizontalAdvance(name)  # each name measured once
            if current and used + gap + advance > width:
                lines.append((False, separator.join(current), title))
                current, used = [], 0
            used += (gap if current else 0) + advance
            current.append(name)
        if current:
            lines.append((False, separator.join(current), title))
    rows = max(rows, 3)
    pages: list[list[tuple[bool, str]]] = []
    page: list[tuple[bool, str]] = []
    for is_heading, text, owner in lines:
        if len(page) >= rows or (is_heading and len(page) >= rows - 1):
            pages.append(page)
            page = [] if is_heading else [(True, f"{owner} (suite)")]
        page.append((is_heading, text))
    if page:
        pages.append(page)
    return pages


class RoomDisplay(QWidget):
    """The projector window. Call ``show_content``; it pages long lists of names by itself."""

    PAGE_SECONDS = 8
    hidden = Signal()  # closed by the window manager, or hidden by the secretary

    def __init__(self, parent: QWidget | None = None) -> None:
        # a window of its own that never takes the keyboard from the secretary's window
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("roomDisplay")
        self.setWindowTitle("Séance — écran de la salle")
        self.setAutoFillBackground(True)
        # palettes, not style sheets: a style sheet re-polishes every label shown or
        # hidden, which costs tens of milliseconds on each act
        _colour(self, "#000000", "#ffffff")
        self.content: RoomContent | None = None
        self.pages: list[list[tuple[bool, str]]] = []
        self.page = 0
        self.paints = 0  # paint events of the window and its labels (for the latency bench)
        self.painted_at = 0.0  # perf_counter() when the last content was painted
        self.page_timer = QTimer(self)
        self.page_timer.setInterval(self.PAGE_SECONDS * 1000)
        self.page_timer.timeout.connect(self.next_page)

        self.heading_label = self._label("roomHeading")
        self.quorum_frame = QFrame(self)
        self.quorum_frame.setObjectName("roomQuorum")
        self.quorum_label = self._label("roomQuorumState", self.quorum_frame)
        self.quorum_figures_label = self._label("roomQuorumFigures", self.quorum_frame)
        quorum_layout = QVBoxLayout(self.quorum_frame)
        quorum_layout.addWidget(self.quorum_label)
        quorum_layout.addWidget(self.quorum_figures_label)
        self.item_label = self._label("roomItem")
        self.item_title_label = self._label("roomItemTitle")
        self.status_frame = QFrame(self)
        self.status_frame.setObjectName("roomStatus")
        self.status_label = self._label("roomStatusText", self.status_frame)
        status_layout = QVBoxLayout(self.status_frame)
        status_layout.addWidget(self.status_label)
        self.counts_label = self._label("roomCounts")
        self.sentence_label = self._label("roomSentence")
        self.names_label = self._label("roomNames")
        self.names_label.setTextFormat(Qt.TextFormat.RichText)
        self.page_label = self._label("roomPage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.election_label = self._label("roomElection")
        self.election_label.setTextFormat(Qt.TextFormat.RichText)
        self.slide_label = self._label("roomSlide")
        self.slide_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.agenda_label = self._label("roomAgenda")
        self.script_label = self._label("roomScript")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(12)
        for widget in (
            self.heading_label,
            self.quorum_frame,
            self.item_label,
            self.item_title_label,
            self.status_frame,
            self.counts_label,
            self.sentence_label,
            self.names_label,
            self.page_label,
            self.election_label,
            self.slide_label,
            self.agenda_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.script_label)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)
        self.resize(960, 540)

    def _label(self, name: str, parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent or self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    # ------------------------------------------------------------------ sizes
    def font_sizes(self) -> dict[str, int]:
        """Pixel sizes from the window's height: the main line is 7 % of it."""
        h = max(self.height(), 200)
        return {
            "main": round(h * 0.07),
            "title": round(h * 0.05),
            "text": round(h * 0.036),
            "small": round(h * 0.028),
        }

    def _apply_fonts(self) -> None:
        sizes = self.font_sizes()
        for label, size, bold in (
            (self.heading_label, "small", False),
            (self.quorum_label, "main", True),
            (self.quorum_figures_label, "text", False),
            (self.item_label, "text", True),
            (self.item_title_label, "title", True),
            (self.status_label, "main", True),
            (self.counts_label, "title", True),
            (self.sentence_label, "text", False),
            (self.names_label, "small", False),
            (self.page_label, "small", False),
            (self.election_label, "text", False),
            (self.slide_label, "main", True),
            (self.agenda_label, "text", False),
            (self.script_label, "text", False),
        ):
            font = QFont(label.font())
            font.setPixelSize(sizes[size])
            font.setBold(bold)
            if label is self.script_label:
                font.setItalic(True)
            label.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()
        if self.content is not None:
            self._layout_names()
            self._show_page()

    def event(self, event: QEvent) -> bool:
        # should a window manager activate it anyway (a click on the projector's screen),
        # the keyboard goes back to the secretary's window at once
        if event.type() == QEvent.Type.WindowActivate:
            parent = self.parentWidget()
            if parent is not None:
                parent.activateWindow()
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1  # counted for the latency bench: a label was repainted
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.page_timer.stop()
        self.hidden.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.paints += 1

    # ------------------------------------------------------------------ content
    def show_content(self, content: RoomContent) -> None:
        if content == self.content:
            return
        same_names = self.content is not None and self.content.choices == content.choices
        self.content = content
        c = content
        self._set(self.heading_label, c.heading)
        self._set(self.quorum_label, c.quorum)
        self._set(self.quorum_figures_label, c.quorum_figures)
        self._show(self.quorum_frame, bool(c.quorum))
        self._paint_frame(self.quorum_frame, "roomQuorum", c.quorum_tone if c.quorum else None)
        self._set(self.item_label, c.item)
        self._set(self.item_title_label, c.item_title)
        self._set(self.status_label, c.status)
        self._show(self.status_frame, bool(c.status))
        self._paint_frame(self.status_frame, "roomStatus", c.status_tone)
        self._set(self.counts_label, c.counts)
        self._set(self.sentence_label, c.sentence)
        self._set(self.slide_label, c.slide)
        self._set(self.agenda_label, "\n".join(c.agenda))
        self._set(self.script_label, c.script)
        self._set_election(c.election)
        if not same_names:
            self.page = 0
        self._layout_names()
        self._show_page()
        if self.isVisible():
            # paint now, before the main window's own listeners run: the room sees the
            # act as soon as it is stored
            layout = self.layout()
            if layout is not None:
                layout.activate()
            # only the labels that changed are repainted (all of it if Qt has no update
            # pending for this window yet)
            paints = self.paints
            QCoreApplication.sendPostedEvents(self, QEvent.Type.UpdateRequest)
            if self.paints == paints:
                self.repaint()
            self.painted_at = time.perf_counter()

    def _set(self, label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
        self._show(label, bool(text))

    def _show(self, widget: QWidget, visible: bool) -> None:
        if widget.isVisibleTo(self) != visible:
            widget.setVisible(visible)

    def _paint_frame(self, frame: QFrame, name: str, tone: Tone | None) -> None:
        background, colour = COLOURS[tone] if tone is not None else ("#000000", "#ffffff")
        _colour(frame, background, colour)

    def _set_election(self, rows: tuple[tuple[str, ...], ...]) -> None:
        if not rows:
            self._set(self.election_label, "")
            return
        cells = []
        for n, row in enumerate(rows):
            tag = "th" if n == 0 else "td"
            align = ("left", "right")
            cells.append(
                "<tr>"
                + "".join(
                    f"<{tag} style='padding: 4px 28px; text-align: {align[i > 0]}'>"
                    f"{html.escape(cell)}</{tag}>"
                    for i, cell in enumerate(row)
                )
                + "</tr>"
            )
        text = f"<table cellspacing='0'>{''.join(cells)}</table>"
        if self.election_label.text() != text:
            self.election_label.setText(text)
        self._show(self.election_label, True)

    def _layout_names(self) -> None:
        content = self.content
        if content is None or not content.choices:
            self.pages = []
            return
        metrics = QFontMetrics(self.names_label.font())
        width = max(self.width() - 100, 200)
        rows = int(self.height() * 0.36 / max(metrics.lineSpacing(), 1))
        self.pages = paginate(content.choices, metrics, width, rows)
        self.page = min(self.page, len(self.pages) - 1)

    def _show_page(self) -> None:
        if not self.pages:
            self._set(self.names_label, "")
            self._set(self.page_label, "")
            self.page_timer.stop()
            return
        lines = []
        for is_heading, text in self.pages[self.page]:
            escaped = html.escape(text)
            lines.append(f"<b>{escaped}</b>" if is_heading else escaped)
        text = "<br>".join(lines)
        if self.names_label.text() != text:
            self.names_label.setText(text)
        self._show(self.names_label, True)
        many = len(self.pages) > 1
        self._set(self.page_label, f"page {self.page + 1}/{len(self.pages)}" if many else "")
        if many and not self.page_timer.isActive():
            self.page_timer.start()
        elif not many:
            self.page_timer.stop()

    def next_page(self) -> None:
        if self.pages:
            self.page = (self.page + 1) % len(self.pages)
            self._show_page()

    def visible_texts(self) -> list[str]:
        """The texts of the visible labels (rich text reduced to its words)."""
        out = []
        for label in self.findChildren(QLabel):
            if label.isVisibleTo(self) and label.text():
                text = label.text()
                if label.textFormat() is Qt.TextFormat.RichText:
                    from PySide6.QtGui import QTextDocument

                    doc = QTextDocument()
                    doc.setHtml(text)
                    text = doc.toPlainText()
                out.append(text)
        return out

    def place(self) -> None:
        """Full screen on a second screen when there is one; else a normal window."""
        parent = self.parentWidget()
        main_screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        target = projector_screen(QGuiApplication.screens(), main_screen)
        if target is not None:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
            self.show()


# ====================================================================== the script panel


class ScriptPanel(QFrame):
    """Beside the vote panel: the sentence the president reads now, and what comes next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#scriptPanel { background: #fff8e1; } QLabel { color: #000000; }")
        self.heading_label = QLabel(self)
        self.heading_label.setObjectName("scriptHeading")
        self.heading_label.setWordWrap(True)
        self.now_label = QLabel(self)
        self.now_label.setObjectName("scriptNow")
        self.now_label.setWordWrap(True)
        self.now_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.now_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.now_label.setFont(font)
        self.then_label = QLabel(self)
        self.then_label.setObjectName("scriptThen")
        self.then_label.setWordWrap(True)
        self.copy_button = QPushButton("Copier (Ctrl+Maj+C)", self)
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        top.addWidget(self.heading_label, 1)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        layout.addWidget(self.now_label)
        layout.addWidget(self.then_label)
        self.script: Script | None = None

    def show_script(self, script: Script) -> None:
        if script == self.script:
            return
        self.script = script
        self.heading_label.setText(f"<b>À LIRE</b> — {html.escape(script.now.heading)}")
        self.now_label.setText(script.now.text)
        if script.then is not None:
            self.then_label.setText(f"Ensuite{NBSP}: {script.then.text}")
            self.then_label.show()
        else:
            self.then_label.clear()
            self.then_label.hide()


# ====================================================================== the controller


class RoomController(QObject):
    """The room display and the script panel of one main window, on its service."""

    def __init__(self, service: SessionService, window: QWidget) -> None:
        super().__init__(window)
        self._service = service
        self._window = window
        self.mode = Mode.AUTO
        self.vote_called_for: str | None = None
        self.script_on_display = False
        self.display: RoomDisplay | None = None
        self.script_panel = ScriptPanel(window)
        self.script_panel.copy_button.clicked.connect(self.copy_script)
        self.actions: dict[str, QAction] = {}
        self._service.subscribe(self._on_service_changed)
        self.refresh()

    # ------------------------------------------------------------------ wiring
    def install_menu(self, bar: QMenuBar) -> None:
        """The « Salle » menu; its keys work from anywhere in the main window."""
        menu = bar.addMenu("Sa&lle")  # Alt+L: A, S are taken
        entries: list[tuple[str, str, Callable[[], None], str | None]] = [
            ("display", "Afficher l'écran de la salle", self.toggle_display, "F8"),
            ("auto", Mode.AUTO.label, lambda: self.set_mode(Mode.AUTO), "Ctrl+1"),
            (
                "suspension",
                Mode.SUSPENSION.label,
                lambda: self.set_mode(Mode.SUSPENSION),
                "Ctrl+2",
            ),
            ("agenda", Mode.AGENDA.label, lambda: self.set_mode(Mode.AGENDA), "Ctrl+3"),
            ("blank", Mode.BLANK.label, lambda: self.set_mode(Mode.BLANK), "Ctrl+4"),
            (
                "script",
                "Texte du président sur l'écran de la salle",
                self.toggle_script_on_display,
                "Ctrl+5",
            ),
            ("vote", "Mise aux voix (« Vote en cours »)", self.toggle_vote_called, "F7"),
            ("copy", "Copier le texte du président", self.copy_script, "Ctrl+Shift+C"),
            (
                "record",
                "Enregistrement démarré (repère des chapitres)",
                self.mark_recording,
                "Ctrl+Shift+M",
            ),
        ]
        for key, text, slot, shortcut in entries:
            action = QAction(text, self._window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self._window.addAction(action)
            self.actions[key] = action
            menu.addAction(action)
            if key in ("display", "script"):
                menu.addSeparator()
        for key in ("display", "auto", "suspension", "agenda", "blank", "script", "vote"):
            self.actions[key].setCheckable(True)
        self._sync_actions()

    def attach(self, layout: QLayout | None) -> None:
        """Put the script panel at the end of ``layout`` (the column beside the vote panel)."""
        if layout is None:
            return
        layout.removeWidget(self.script_panel)
        layout.addWidget(self.script_panel)

    def set_service(self, service: SessionService) -> None:
        self._service.unsubscribe(self._on_service_changed)
        self._service = service
        self._service.subscribe(self._on_service_changed)
        self.vote_called_for = None
        self.refresh()

    def shutdown(self) -> None:
        self._service.unsubscribe(self._on_service_changed)
        if self.display is not None:
            self.display.page_timer.stop()
            self.display.close()

    # ------------------------------------------------------------------ state
    @property
    def vote_called(self) -> bool:
        current = self._service.state.current_item
        return current == self.vote_called_for and is_pending(self._service, current)

    def script(self, attendance: Attendance | None = None) -> Script:
        state = self._service.state
        return president_script(state, vote_called=self.vote_called, attendance=attendance)

    def content(
        self, script: Script | None = None, attendance: Attendance | None = None
    ) -> RoomContent:
        state = self._service.state
        if self.script_on_display and script is None:
            script = self.script(attendance)
        return room_content(
            state,
            self.mode,
            vote_called=self.vote_called,
            script=script if self.script_on_display else None,
            attendance=attendance,
        )

    def refresh(self) -> None:
        attendance = current_attendance(self._service)  # once for the script and the room
        script = self.script(attendance)
        if self.display is not None and self.display.isVisible():  # the room first
            self.display.show_content(self.content(script, attendance))
        self.script_panel.show_script(script)

    def _on_service_changed(self, change: Change) -> None:
        if ends_vote(change) or change.full:  # a new round must be called again
            self.vote_called_for = None
            self._sync_actions()
        self.refresh()

    def _sync_actions(self) -> None:
        if not self.actions:
            return
        for mode in Mode:
            self.actions[mode.value].setChecked(self.mode is mode)
        self.actions["display"].setChecked(self.display is not None and self.display.isVisible())
        self.actions["script"].setChecked(self.script_on_display)
        self.actions["vote"].setChecked(self.vote_called)

    # ------------------------------------------------------------------ commands
    def toggle_display(self) -> None:
        if self.display is None:
            self.display = RoomDisplay(self._window)
            self.display.hidden.connect(self._sync_actions)
        if self.display.isVisible():
            self.display.page_timer.stop()
            self.display.hide()
        else:
            self.display.place()
            self.display.show_content(self.content())
        self._sync_actions()

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.refresh()
        self._sync_actions()
        self._say(f"Écran de la salle{NBSP}: {mode.label.lower()}.")

    def toggle_script_on_display(self) -> None:
        self.script_on_display = not self.script_on_display
        self.refresh()
        self._sync_actions()

    def toggle_vote_called(self) -> None:
        current = self._service.state.current_item
        if self.vote_called:
            self.vote_called_for = None
        elif not is_pending(self._service, current):
            self._say("Aucun point en attente de vote.", error=True)
            self._sync_actions()
            return
        else:
            self.vote_called_for = current
        self.refresh()
        self._sync_actions()

    def call_vote(self) -> None:
        """The secretary starts entering the vote (F6): the room sees « Vote en cours »."""
        current = self._service.state.current_item
        if not self.vote_called and is_pending(self._service, current):
            self.vote_called_for = current
            self.refresh()
            self._sync_actions()

    def copy_script(self) -> None:
        text = self.script().now.text
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self._say(f"Texte du président copié{NBSP}: « {text[:60]}{'…' if len(text) > 60 else ''} »")

    def mark_recording(self) -> None:
        try:
            mark_recording(self._service)
        except DomainError as err:
            self._say(str(err), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        window = self._window
        if error and hasattr(window, "show_error"):
            window.show_error(text)
        elif hasattr(window, "status_line"):
            window.status_line.show_message(text)
