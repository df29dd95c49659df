"""The status line: the last recorded act and its time, or a refusal in red."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from app.services.wording import typography


class Tone(Enum):
    INFO = "info"
    ALERT = "alert"  # the quorum changed colour
    ERROR = "error"  # a refusal from the rules


STYLES = {
    Tone.INFO: "color: palette(window-text); background: transparent;",
    Tone.ALERT: "color: #7a1c14; background: #fde7c2; font-weight: bold;",
    Tone.ERROR: "color: #ffffff; background: #b3261e; font-weight: bold;",
}


class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.setMargin(6)
        self.tone = Tone.INFO
        self.show_message("Prêt.")

    def show_message(self, text: str, tone: Tone = Tone.INFO) -> None:
        if tone is not self.tone or not self.styleSheet():  # restyling costs a repolish
            self.setStyleSheet(f"#statusLine {{ {STYLES[tone]} }}")
        self.tone = tone
        # the rules' messages come from the domain: French spacing before « : ; ? ! »
        self.setText(typography(text))

    @property
    def is_error(self) -> bool:
        return self.tone is Tone.ERROR
