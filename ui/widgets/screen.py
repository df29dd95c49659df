"""Windows sized for the secretary's laptop: nothing may fall below a 1366×768 screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 40  # what the window manager's title bar takes above a window (pixels)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less so that it fits, title bar
    included, on the available part of its screen (on a 1366×768 laptop the buttons at the
    bottom of a dialog must stay visible)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width())
        height = min(height, available.height() - TITLE_BAR)
    window.resize(width, height)
