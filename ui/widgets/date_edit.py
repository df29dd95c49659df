"""A French date field: typed as people type dates, never trapping Tab.

« 24/11/2026 », « 24112026 », « 24 11 26 », « 24-11-26 », « 24.11.2026 » and ISO
« 2026-11-24 » are read alike; on leaving the field (Tab, Entrée, a click elsewhere) a
readable date is shown as « 24/11/2026 ». An optional date left empty is a clear state (its
placeholder says so), not text in the field. An unreadable date keeps what was typed, is
framed in red and explained by ``error``; the field can be left anyway.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

Day = date  # the type, under a name the ``date()`` method does not shadow

INVALID_STYLE = "QLineEdit { border: 2px solid #b3261e; }"


def read_french_date(text: str, today: date | None = None) -> date | None:
    """The date in ``text``; None when empty; ValueError (French) when unreadable."""
    text = text.strip()
    if not text:
        return None
    parts = re.findall(r"\d+", text)
    if re.search(r"[^\d\s/.\-]", text) or not parts:
        raise ValueError(f"Date illisible\u00a0: «\u00a0{text}\u00a0» (jj/mm/aaaa).")
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) == 8:
            parts = [digits[:2], digits[2:4], digits[4:]]
        elif len(digits) == 6:
            parts = [digits[:2], digits[2:4], digits[4:]]
        else:
            raise ValueError(f"Date illisible\u00a0: «\u00a0{text}\u00a0» (jj/mm/aaaa).")
    if len(parts) != 3:
        raise ValueError(f"Date illisible\u00a0: «\u00a0{text}\u00a0» (jj/mm/aaaa).")
    if len(parts[0]) == 4:  # ISO: 2026-11-24
        parts = [parts[2], parts[1], parts[0]]
    day, month, year = (int(p) for p in parts)
    if len(parts[2]) <= 2:  # « 26 » is 2026, « 61 » is 1961: within twenty years ahead
        now = (today or date.today()).year
        century = now // 100 * 100
        year += century if century + year <= now + 20 else century - 100
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"Date impossible\u00a0: «\u00a0{text}\u00a0» (jour {day}, mois {month})."
        ) from None


class FrenchDateEdit(QLineEdit):
    """A date typed in French; ``date()`` / ``setDate()`` as a ``QDateEdit`` has them (a null
    ``QDate`` for an empty optional date)."""

    dateChanged = Signal(QDate)

    def __init__(
        self, optional: bool = False, empty_text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setPlaceholderText(
            empty_text or ("jj/mm/aaaa (facultative)" if optional else "jj/mm/aaaa")
        )
        self.setClearButtonEnabled(optional)
        self._value: Day | None = None
        self.error = ""
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(self._on_text_edited)

    def value(self) -> Day | None:
        return self._value

    def date(self) -> QDate:
        day = self._value
        return QDate(day.year, day.month, day.day) if day else QDate()

    def setDate(self, day: QDate | Day | None) -> None:  # noqa: N802 - Qt's name
        if isinstance(day, QDate):
            value = Day(day.year(), day.month(), day.day()) if day.isValid() else None
        else:
            value = day
        self.setText(value.strftime("%d/%m/%Y") if value else "")
        self._set_value(value, "")

    def _set_value(self, value: Day | None, error: str) -> None:
        self.error = error
        self.setStyleSheet(INVALID_STYLE if error else "")
        self.setToolTip(error)
        if value != self._value:
            self._value = value
            self.dateChanged.emit(self.date())

    def _read(self) -> None:
        try:
            value = read_french_date(self.text())
        except ValueError as err:
            self._set_value(None, str(err))
            return
        if value is None and not self.optional:
            self._set_value(None, "Date obligatoire (jj/mm/aaaa).")
            return
        self._set_value(value, "")

    def _on_text_edited(self, _text: str) -> None:
        self._read()  # the value follows the typing; the text is tidied on leaving

    def _on_editing_finished(self) -> None:
        self._read()
        if self._value is not None and not self.error:
            tidy = self._value.strftime("%d/%m/%Y")
            if self.text() != tidy:
                self.setText(tidy)
