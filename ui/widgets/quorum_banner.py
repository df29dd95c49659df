"""The quorum banner: the largest text on screen, green, red or grey, always visible.

Colour is never alone: an icon (✔ reached, ✖ not reached, ◆ no condition, ‖ suspended,
■ closed) stands beside the text; a suspended or closed session says so first. Proxy
warnings take one line (« … et N autres ») whose link opens the whole list."""

from __future__ import annotations

import html
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.services.live_view import (
    Refusal,
    more_warnings,
    proxy_warning_lines,
    quorum_headline,
    session_blocker,
)
from app.services.live_view import session_prefix as prefix_of
from app.services.types import Attendance, SessionState


class Tone(Enum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    NO_CONDITION = "no_condition"
    SUSPENDED = "suspended"
    CLOSED = "closed"


STYLES = {
    Tone.REACHED: ("#17803d", "#ffffff"),
    Tone.NOT_REACHED: ("#b3261e", "#ffffff"),
    Tone.NO_CONDITION: ("#5f6368", "#ffffff"),
    Tone.SUSPENDED: ("#8a5a00", "#ffffff"),
    Tone.CLOSED: ("#3c4043", "#ffffff"),
}

ICONS = {
    Tone.REACHED: "✔",
    Tone.NOT_REACHED: "✖",
    Tone.NO_CONDITION: "◆",
    Tone.SUSPENDED: "‖",
    Tone.CLOSED: "■",
}


def quorum_tone(attendance: Attendance) -> Tone:
    q = attendance.quorum
    if q.second_convocation:
        return Tone.NO_CONDITION
    return Tone.REACHED if q.reached else Tone.NOT_REACHED


def banner_text(attendance: Attendance, *, weighted: bool = False) -> str:
    """« QUORUM ATTEINT · Présents 13 · Représentés 5 · Votants 18 · requis 12 / 23 »
    (``weighted``: the quorum counts weights)."""
    return quorum_headline(attendance, weighted=weighted)


def proxy_warnings(attendance: Attendance, state: SessionState) -> list[str]:
    """One French line per proxy that is inactive or cannot be exercised."""
    return proxy_warning_lines(attendance, state.members)


# the session's phase that stops every vote (the core's blocker) gives its own tone
SESSION_TONES = {
    Refusal.VOTE_SESSION_SUSPENDED: Tone.SUSPENDED,
    Refusal.VOTE_SESSION_CLOSED: Tone.CLOSED,
}


def session_prefix(state: SessionState) -> tuple[Tone | None, str]:
    """A suspended or closed session is said before the quorum."""
    blocker = session_blocker(state)
    tone = SESSION_TONES.get(blocker.code) if blocker is not None else None
    return tone, prefix_of(blocker)


class QuorumBanner(QFrame):
    """Shows the quorum of the current item and warnings about proxies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quorumBanner")
        self.tone = Tone.NO_CONDITION
        self.quorum_tone = Tone.NO_CONDITION
        self.all_warnings: list[str] = []
        self.icon = QLabel(self)
        self.icon.setObjectName("quorumIcon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.headline = QLabel(self)
        self.headline.setObjectName("quorumHeadline")
        self.headline.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.headline.setFont(font)
        self.icon.setFont(font)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("quorumWarnings")
        self.warnings.setWordWrap(False)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.linkActivated.connect(self._on_warnings_link_activated)
        self.warnings.hide()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.headline)
        text.addWidget(self.warnings)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(10)
        layout.addWidget(self.icon)
        layout.addLayout(text, 1)

    def show_attendance(self, attendance: Attendance, state: SessionState) -> None:
        self.quorum_tone = quorum_tone(attendance)
        session_tone, prefix = session_prefix(state)
        tone = session_tone or self.quorum_tone
        weighted = state.rules.quorum_weighted
        self.headline.setText(prefix + banner_text(attendance, weighted=weighted))
        self.icon.setText(ICONS[tone])
        lines = proxy_warnings(attendance, state)
        self.all_warnings = lines
        self.warnings.setText(_capped(lines))
        self.warnings.setToolTip("\n".join(lines))
        self.warnings.setVisible(bool(lines))
        if tone is not self.tone or not self.styleSheet():  # restyling costs a repolish
            background, foreground = STYLES[tone]
            self.setStyleSheet(
                f"#quorumBanner {{ background: {background}; "
                f"border-radius: 4px; }}"
                f"#quorumBanner QLabel {{ color: {foreground}; }}"
            )
        self.tone = tone

    @property
    def text(self) -> str:
        return self.headline.text()

    def _on_warnings_link_activated(self, _link: str) -> None:
        QMessageBox.information(self, "Pouvoirs à vérifier", "\n".join(self.all_warnings))


def _capped(lines: list[str]) -> str:
    """One line: the first warning, then « et N autres » as a link to the whole list."""
    if not lines:
        return ""
    first = html.escape(lines[0])
    if len(lines) == 1:
        return first
    more = more_warnings(len(lines) - 1)
    return f'{first} · <a href="#warnings" style="color: white;">{more}…</a>'
