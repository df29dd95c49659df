"""Shows the live window on a 1366×768 screen at a given scale factor and reports its
geometry as JSON (run in a subprocess: the scale factor and the screen are fixed when Qt
starts). Used by tests/ui/test_layout.py and docs/screenshots/make_screenshots.py.

    python tests/ui/layout_probe.py FACTOR OUT_DIR
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SCREEN = {"width": 1366, "height": 768}


def qt_environment(factor: float, config: Path) -> dict[str, str]:
    """The environment of a probe: offscreen, one 1366×768 screen, the scale factor."""
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        **SCREEN,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(factor)
    return env


def _rect(widget: Any, window: Any) -> list[int]:
    from PySide6.QtCore import QPoint

    top_left = widget.mapTo(window, QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _overlaps(window: Any) -> list[str]:
    """Visible sibling widgets placed by a layout whose rectangles intersect, and children
    that stick out of their parent (drawn over their neighbours or cut)."""
    from PySide6.QtWidgets import (
        QAbstractScrollArea,
        QMenuBar,
        QPushButton,
        QStackedWidget,
        QTabBar,
        QWidget,
    )

    found: list[str] = []

    def managed(w: QWidget) -> bool:
        parent = w.parentWidget()
        if parent is None or not w.isVisible() or w.isWindow() or w.width() <= 0:
            return False
        if isinstance(parent, QAbstractScrollArea | QTabBar | QStackedWidget | QMenuBar):
            return False
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            return False  # the viewport's children scroll
        return parent.layout() is not None and parent.layout().indexOf(w) >= 0

    def name(w: QWidget) -> str:
        text = w.objectName() or type(w).__name__
        label = getattr(w, "text", None)
        if callable(label):
            try:
                text += f" «{str(label())[:30]}»"
            except TypeError:
                pass
        return text

    for widget in window.findChildren(QPushButton) + window.findChildren(QTabBar):
        if widget.isVisible() and widget.width() < widget.minimumSizeHint().width():
            found.append(
                f"{name(widget)} coupé ({widget.width()} < {widget.minimumSizeHint().width()})"
            )
    for parent in [window, *window.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        children = [c for c in parent.findChildren(QWidget, options=Qt_direct()) if managed(c)]
        for i, a in enumerate(children):
            ga = a.geometry()
            if not parent.rect().contains(ga) and ga.intersected(parent.rect()) != ga:
                found.append(f"{name(a)} dépasse de {name(parent)}")
            for b in children[i + 1 :]:
                inter = ga.intersected(b.geometry())
                if inter.width() > 1 and inter.height() > 1:
                    found.append(f"{name(a)} chevauche {name(b)}")
    return found


def _tab_shown(bar: Any, index: int, window: Any) -> bool:
    """The tab lies inside its bar and inside the visible part of the vote panel."""
    from PySide6.QtCore import QRect

    tab = bar.tabRect(index)
    if not bar.rect().contains(tab):
        return False
    viewport = window.vote_frame.viewport()
    top_left = bar.mapTo(window, tab.topLeft())
    shown = QRect(viewport.mapTo(window, viewport.rect().topLeft()), viewport.size())
    return shown.contains(QRect(top_left, tab.size()))


def Qt_direct() -> Any:  # noqa: N802
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly


def probe(factor: float, out_dir: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from app.services.demo import ensure_demo
    from app.services.session_service import SessionService
    from app.services.store import Store
    from ui.application import configure, prepare_qt
    from ui.main_window import MainWindow
    from ui.vote_panel import ELECTION, PUBLIC, SECRET, SHOW_OF_HANDS
    from ui.widgets.screen import TITLE_BAR

    prepare_qt()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)

    def clock() -> datetime:
        return datetime(2026, 3, 12, 19, 21, 7)

    report: dict[str, Any] = {"factor": factor}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seance.sqlite")
        ensure_demo(store)
        service = SessionService(store, store.sessions()[0].id, clock)
        window = MainWindow(store, service, clock)
        window.show()
        for _ in range(5):
            app.processEvents()
        screen = window.screen().availableGeometry()
        report["screen"] = [screen.width(), screen.height()]
        report["window"] = [window.width(), window.height()]
        report["title_bar"] = TITLE_BAR
        report["minimum"] = [window.minimumWidth(), window.minimumHeight()]
        report["panels"] = {
            name: _rect(widget, window)
            for name, widget in {
                "title": window.title_label,
                "banner": window.banner,
                "agenda": window.agenda,
                "members": window.members,
                "vote": window.vote_frame,
                "status": window.status_line,
            }.items()
        }
        panel = window.vote_panel
        modes: dict[str, Any] = {}
        for mode, label in (
            (SHOW_OF_HANDS, "main-levee"),
            (PUBLIC, "public"),
            (SECRET, "secret"),
            (ELECTION, "election"),
        ):
            panel.set_mode(mode)
            for _ in range(3):
                app.processEvents()
            bar = panel.modes
            modes[label] = {
                "vote_scrolls": window.vote_frame.verticalScrollBar().isVisible(),
                "tabs_visible": all(_tab_shown(bar, i, window) for i in range(bar.count())),
                "overlaps": _overlaps(window),
            }
            if label in ("main-levee", "public"):
                path = out_dir / f"live-{int(factor * 100)}-{label}.png"
                window.grab().save(str(path))
        report["modes"] = modes
        window.close()
        store.close()
    return report


if __name__ == "__main__":
    result = probe(float(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(result))
