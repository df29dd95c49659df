"""Pieces shared by the preparation dialogs: the red error label under a field, and a
dialog base class that saves with Ctrl+S and asks before dropping unsaved changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.services.wording import typography

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"  # said, not refused (dark amber, readable on white)


class FieldError(QLabel):
    """A red label placed under a field; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(typography(message))  # domain messages: French spacing before « : »
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.show_error("")

    @property
    def message(self) -> str:
        return self.text() if not self.isHidden() else ""


def with_error(field: QWidget, error: FieldError) -> QWidget:
    """The field with its error label just below it, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setFocusProxy(field)
    return box


ENTER_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


def tab_chain(widgets: list[QWidget]) -> None:
    """Tab visits ``widgets`` in this order; a button box stands for its buttons (a box
    itself takes no focus: ending a chain on it left « Enregistrer » out of reach)."""
    stops: list[QWidget] = []
    for widget in widgets:
        if isinstance(widget, QDialogButtonBox):
            stops.extend(_box_buttons(widget))
        else:
            stops.append(widget)
    for first, second in zip(stops, stops[1:], strict=False):
        QWidget.setTabOrder(first, second)


def _box_buttons(box: QDialogButtonBox) -> list[QWidget]:
    """The buttons of ``box`` left to right, as they are laid out."""
    buttons: list[QWidget] = list(box.buttons())
    return sorted(buttons, key=lambda b: (b.y(), b.x())) if box.isVisible() else buttons


def repair_buddies(window: QWidget) -> None:
    """A label's underlined letter gives the focus to its buddy only when the buddy itself
    takes the focus: a field wrapped with its error label (``with_error``) does not. Point
    such labels at the field itself."""
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or buddy.focusPolicy() != Qt.FocusPolicy.NoFocus:
            continue
        target = buddy
        while (proxy := target.focusProxy()) is not None:
            target = proxy
        if target is not buddy:
            label.setBuddy(target)


def enter_moves_on(dialog: QDialog, event: QKeyEvent) -> bool:
    """Entrée in an editor never triggers its default button (which would save and close
    with a sub-form or a correction still open): on a button it presses that button; in a
    single-line field it moves to the next field; anywhere else it does nothing. True when
    the key was handled this way (the caller then stops there)."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() not in ENTER_KEYS or mods != Qt.KeyboardModifier.NoModifier:
        return False
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not dialog:  # a sub-form opened by this key
        return True
    if isinstance(focus, QAbstractButton) and focus.isEnabled():
        focus.click()
    elif isinstance(focus, QLineEdit | QAbstractSpinBox | QComboBox) or (
        focus is not None and isinstance(focus.parent(), QComboBox | QAbstractSpinBox)
    ):
        dialog.focusNextChild()
    return True


class PrepDialog(QDialog):
    """A preparation dialog: edits a copy, writes it with one ``save_*`` call.

    Ctrl+S saves; Échap (or « Annuler ») closes, asking first when something changed.
    Subclasses implement :meth:`save` (return True when written) and call
    :meth:`mark_dirty` when the user changes something.
    """

    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty = False
        self._save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self._save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._save_shortcut.activated.connect(self._on_save_shortcut_activated)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_dirty(self, dirty: bool = True) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def save(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        repair_buddies(self)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if enter_moves_on(self, event):
            return
        super().keyPressEvent(event)

    def _on_save_shortcut_activated(self) -> None:
        self._on_save_requested()

    def _on_save_requested(self) -> None:
        if self.save():
            self.mark_dirty(False)
            self.accept()

    def reject(self) -> None:
        """Échap / Annuler: ask before losing changes."""
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Des modifications n'ont pas été enregistrées. Les abandonner\u00a0?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
