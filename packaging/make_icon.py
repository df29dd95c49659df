"""Render ``resources/seance.svg`` to the PNG (Linux desktop entry, window icon) and the ICO
(Windows executable) next to it. Run once after editing the SVG; the results are committed.

    .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(RESOURCES / "seance.svg"))
    if not renderer.isValid():
        print("seance.svg illisible", file=sys.stderr)
        return 1
    if not render(renderer, 256).save(str(RESOURCES / "seance.png")):
        return 1
    if not render(renderer, 256).save(str(RESOURCES / "seance.ico")):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
