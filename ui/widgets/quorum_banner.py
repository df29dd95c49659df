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

from app.services.types import Attendance, Phase, ProxyState, SessionState
from ui.widgets.text import NBSP


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


def banner_text(attendance: Attendance) -> str:
    """« QUORUM ATTEINT · Présents 13 · Représentés 5 · Votants 18 · requis 12 / 23 »."""
    q = attendance.quorum
    figures = f"Présents {q.present} · Représentés {q.represented} · Votants {attendance.voters}"
    if attendance.recused:
        figures += f" ({len(attendance.recused)}{NBSP}NPPV)"
    tone = quorum_tone(attendance)
    if tone is Tone.NO_CONDITION:
        return f"SÉANCE SANS CONDITION DE QUORUM (2e convocation) · {figures}"
    required = f"requis {q.required} / {q.in_office}"
    if tone is Tone.REACHED:
        return f"QUORUM ATTEINT · {figures} · {required}"
    if q.counts_proxies:
        unit = "présent ou représenté" if q.missing < 2 else "présents ou représentés"
    else:
        unit = "présent" if q.missing < 2 else "présents"
    return f"QUORUM NON ATTEINT · manque {q.missing} {unit} · {figures} · {required}"


def proxy_warnings(attendance: Attendance, state: SessionState) -> list[str]:
    """One French line per proxy that is inactive or cannot be exercised."""
    lines = []
    name = state.name
    for giver, holder, proxy_state in attendance.proxy_warnings:
        if proxy_state is ProxyState.GIVER_PRESENT:
            e, pronoun = _gender(state, giver)
            lines.append(
                f"⚠ Pouvoir de {name(giver)} à {name(holder)} inactif{NBSP}: "
                f"{name(giver)} est présent{e} et vote {pronoun}-même."
            )
        else:
            e, _ = _gender(state, holder)
            lines.append(
                f"⚠ Pouvoir de {name(giver)} à {name(holder)} non exercé{NBSP}: "
                f"{name(holder)} est absent{e}."
            )
    return lines


def _gender(state: SessionState, member_id: str) -> tuple[str, str]:
    member = state.members.get(member_id)
    feminine = member is not None and member.is_feminine
    return ("e", "elle") if feminine else ("", "lui")


def session_prefix(state: SessionState) -> tuple[Tone | None, str]:
    """A suspended or closed session is said before the quorum."""
    if state.phase is Phase.SUSPENDED:
        return Tone.SUSPENDED, "SÉANCE SUSPENDUE · "
    if state.phase is Phase.CLOSED:
        return Tone.CLOSED, "SÉANCE CLOSE · "
    return None, ""


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
        self.headline.setText(prefix + banner_text(attendance))
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
    rest = len(lines) - 1
    more = f"et {rest} autre{'s' if rest > 1 else ''} avertissement{'s' if rest > 1 else ''}"
    return f'{first} · <a href="#warnings" style="color: white;">{more}…</a>'
