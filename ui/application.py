"""Builds the QApplication and the main window on a database (called by main.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.domain.errors import DomainError
from app.services.demo import ensure_demo
from app.services.store import Store


def run(db_path: Path, clock: Callable[[], datetime]) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        store = Store.open(db_path)
    except DomainError as err:
        QMessageBox.critical(None, "Séance", str(err))
        return 2
    ensure_demo(store)
    label = QLabel(f"Séance — {db_path}")
    label.resize(800, 600)
    label.show()
    code = app.exec()
    store.close()
    return int(code)
