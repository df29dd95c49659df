"""Walks a window's keyboard map as a user would: every underlined letter (labels with
their buddy, buttons, tabs, group boxes, menus) and the Tab chain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

MNEMONIC = re.compile(r"&([^&\s])")


def letter_of(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


@dataclass
class Mnemonic:
    letter: str
    text: str
    widget: QWidget
    target: QWidget | None  # what should get the focus (a label's buddy)


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isEnabled()


def mnemonics(window: QWidget) -> list[Mnemonic]:
    found: list[Mnemonic] = []
    for label in window.findChildren(QLabel):
        rich = label.textFormat() == Qt.TextFormat.RichText or "<" in label.text()
        letter = None if rich else letter_of(label.text())  # « &#x27; » is no mnemonic
        if letter and shown(label, window):
            found.append(Mnemonic(letter, label.text(), label, label.buddy()))
    for button in window.findChildren(QAbstractButton):
        letter = letter_of(button.text())
        if letter and shown(button, window):
            found.append(Mnemonic(letter, button.text(), button, button))
    for box in window.findChildren(QGroupBox):
        letter = letter_of(box.title())
        if letter and shown(box, window):
            found.append(Mnemonic(letter, box.title(), box, box))
    for bar in window.findChildren(QTabBar):
        if not shown(bar, window):
            continue
        for i in range(bar.count()):
            letter = letter_of(bar.tabText(i))
            if letter and bar.isTabEnabled(i):
                found.append(Mnemonic(letter, bar.tabText(i), bar, bar))
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            letter = letter_of(action.text())
            if letter:
                found.append(Mnemonic(letter, action.text(), window.menuBar(), None))
    return found


def duplicates(window: QWidget) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for m in mnemonics(window):
        by_letter.setdefault(m.letter, []).append(m.text)
    return {k: v for k, v in by_letter.items() if len(v) > 1}


def focus_target(widget: QWidget) -> QWidget:
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def dead_labels(window: QWidget) -> list[str]:
    """Labels whose underlined letter leads nowhere (no buddy, or a buddy that cannot
    take the focus)."""
    dead = []
    for m in mnemonics(window):
        if not isinstance(m.widget, QLabel):
            continue
        # Qt gives the focus to a label's buddy only if the buddy itself takes it
        if m.target is None or m.target.focusPolicy() == Qt.FocusPolicy.NoFocus:
            dead.append(m.text)
    return dead


def press_label_mnemonics(qtbot, window: QWidget) -> list[str]:
    """Alt+letter for every label: the focus must land on its buddy. The failures."""
    failures = []
    for m in mnemonics(window):
        if not isinstance(m.widget, QLabel) or m.target is None:
            continue
        window.activateWindow()
        QTest.sendKeyEvent(  # with its real text: QTest.keyClick would mangle « é »
            QTest.KeyAction.Click,
            QApplication.focusWidget() or window,
            Qt.Key(ord(m.letter.upper())),
            m.letter,
            Qt.KeyboardModifier.AltModifier,
        )
        focus = QApplication.focusWidget()
        target = focus_target(m.target)
        if focus is not target and not (focus is not None and target.isAncestorOf(focus)):
            failures.append(f"{m.text} → {type(focus).__name__ if focus else None}")
    return failures


INPUTS = (
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractButton,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)


def tab_stops(window: QWidget) -> list[QWidget]:
    """Every field and button of ``window`` that Tab should reach."""
    stops = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not shown(widget, window):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) or isinstance(
            parent.parentWidget() if parent else None, QAbstractItemView
        ):
            continue  # the line edit inside a combo, an editor inside a view
        if isinstance(widget, QTabBar):
            continue
        stops.append(widget)
    return stops


def walk_tab_chain(qtbot, window: QWidget, start: QWidget, limit: int = 200) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back (or stops moving)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    first = QApplication.focusWidget()
    seen: list[QWidget] = [first] if first is not None else []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None or focus is first:
            break
        if seen and focus is seen[-1]:
            break  # Tab trapped
        if focus in seen:
            break
        seen.append(focus)
    return seen


def unreached(qtbot, window: QWidget, start: QWidget) -> list[str]:
    chain = walk_tab_chain(qtbot, window, start)
    missing = []
    for stop in tab_stops(window):
        if stop not in chain:
            text = getattr(stop, "text", None)
            label = text() if callable(text) else ""
            missing.append(f"{type(stop).__name__} {stop.objectName()} {label}".strip())
    return missing
