"""Finding a member by what the secretary types: tokens in any order, over the surname,
the first name, the group and the function, without accents, case, civility or
punctuation (« lefe chri », « chri lefe », « ndiaye », « saint just » all find them).

``NameTypeahead`` gives the same search to combos and lists whose entries start with
« M. » or « Mme »: typing « dup » picks « M. DUPONT Marc »."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget

CIVILITY = re.compile(r"^\s*(m\.|mme|mlle|m)\s+", re.IGNORECASE)


def normalise(text: str) -> str:
    """Folded: no accents, no case, « - » as a space, no apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("-", " ").replace("'", "").replace("\u2019", "")
    return " ".join(plain.split())


def tokens(query: str) -> list[str]:
    return normalise(query).split()


def matches(query: str, *fields: str) -> bool:
    """Every token of ``query`` is found in one of ``fields`` (any order)."""
    words = tokens(query)
    if not words:
        return True
    haystack = " " + " ".join(normalise(f) for f in fields if f)
    return all(word in haystack for word in words)


def starts(query: str, *fields: str) -> bool:
    """Every token starts a word of ``fields``: the better match when several match."""
    words = tokens(query)
    haystack = " " + " ".join(normalise(f) for f in fields if f)
    return bool(words) and all(f" {word}" in haystack for word in words)


def without_civility(label: str) -> str:
    return CIVILITY.sub("", label)


class NameTypeahead(QObject):
    """Typing in a combo or a list picks the first entry whose name (civility aside)
    matches what was typed in the last second; Entrée may confirm it (``on_enter``)."""

    def __init__(
        self,
        widget: QComboBox | QListWidget,
        on_enter: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._on_enter = on_enter
        self._typed = ""
        self._clock = QElapsedTimer()
        widget.installEventFilter(self)

    @property
    def typed(self) -> str:
        return self._typed

    def _labels(self) -> list[str]:
        widget = self._widget
        if isinstance(widget, QComboBox):
            return [widget.itemText(i) for i in range(widget.count())]
        return [widget.item(i).text() for i in range(widget.count())]

    def _select(self, row: int) -> None:
        widget = self._widget
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(row)
        else:
            widget.setCurrentRow(row)

    def _current(self) -> int:
        widget = self._widget
        return widget.currentIndex() if isinstance(widget, QComboBox) else widget.currentRow()

    def find(self, query: str) -> int:
        labels = [without_civility(label) for label in self._labels()]
        for test in (starts, matches):
            for row, label in enumerate(labels):
                if test(query, label):
                    return row
        return -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._on_enter:
            self._typed = ""
            self._on_enter(self._current())
            return True
        text = event.text()
        if event.key() == Qt.Key.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
        elif len(text) == 1 and (text.isalnum() or text in "-'"):  # Space still ticks
            if not self._clock.isValid() or self._clock.elapsed() > max(
                QApplication.keyboardInputInterval(), 1000
            ):
                self._typed = ""
            self._typed += text
        else:
            return False
        self._clock.start()
        row = self.find(self._typed)
        if row >= 0:
            self._select(row)
        return True
