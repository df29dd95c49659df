"""Saves the screenshots of the live window shown in the README (offscreen, fixed clock).

Run with ``.venv/bin/python docs/screenshots/make_screenshots.py``; it writes, next to
itself, ``live-quorum-reached.png`` (the demo session as it opens),
``live-quorum-lost.png`` (after two departures typed in the search box) and
``session-chooser.png``. Each shot is a fresh database in a temporary directory, at
1366 × 768, the smallest screen the window is designed for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from anywhere
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402, TID251
from PySide6.QtTest import QTest  # noqa: E402, TID251
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402, TID251

from app.services.demo import ensure_demo  # noqa: E402
from app.services.session_service import SessionService  # noqa: E402
from app.services.store import Store  # noqa: E402
from ui.application import configure  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.session_chooser import SessionChooser  # noqa: E402

OUT = Path(__file__).resolve().parent
SIZE = (1366, 768)


def clock() -> datetime:
    return datetime(2026, 3, 12, 19, 21, 7)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str, app: QApplication) -> Path:
    settle(app)
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"impossible d'écrire {path}")
    print(path)
    return path


def live_window(store: Store) -> MainWindow:
    service = SessionService(store, store.sessions()[0].id, clock)
    window = MainWindow(store, service, clock)
    window.resize(*SIZE)
    window.show()
    window.activateWindow()  # the acts are window shortcuts (Ctrl+D…): an active window
    QTest.qWaitForWindowActive(window)
    return window


def type_and_press(window: MainWindow, text: str, key: Qt.Key) -> None:
    """Type a name in the search box, then Entrée (arrival) or Ctrl+``key`` (an act)."""
    window.search.setFocus()
    window.search.clear()
    QTest.keyClicks(window.search, text)
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        QTest.keyClick(window.search, key)
    else:
        QTest.keyClick(window.search, key, Qt.KeyboardModifier.ControlModifier)


def scaled_shots() -> None:
    """The window on a 1366×768 screen at 100 % and 125 % (one process per factor, as Qt
    fixes the scale at start-up): ``live-100-*.png``, ``live-125-*.png``."""
    import subprocess

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from layout_probe import qt_environment

    for factor in (1.0, 1.25):
        with tempfile.TemporaryDirectory() as tmp:
            env = qt_environment(factor, Path(tmp) / "screen.json")
            probe = ROOT / "tests" / "ui" / "layout_probe.py"
            subprocess.run([sys.executable, str(probe), str(factor), str(OUT)], env=env, check=True)
        for shot in sorted(OUT.glob(f"live-{int(factor * 100)}-*.png")):
            print(shot)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seance.sqlite")
        ensure_demo(store)
        window = live_window(store)
        type_and_press(window, "rousseau", Qt.Key.Key_Return)  # the row flashes once
        window.search.clear()  # the whole roster, the highlight stays on ROUSSEAU
        window.search.setFocus()
        save(window, "live-quorum-reached.png", app)
        window.close()
        chooser = SessionChooser(store)
        chooser.show()
        save(chooser, "session-chooser.png", app)
        chooser.close()
        store.close()

        store = Store.open(Path(tmp) / "lost.sqlite")
        ensure_demo(store)
        window = live_window(store)
        type_and_press(window, "fontaine", Qt.Key.Key_D)
        type_and_press(window, "lambert", Qt.Key.Key_D)  # 11 present, 12 required
        window.search.clear()
        window.search.setFocus()
        save(window, "live-quorum-lost.png", app)
        window.close()
        store.close()
    scaled_shots()


if __name__ == "__main__":
    main()
