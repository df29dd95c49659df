"""The refcount guard keeps the interpreter alive through thousands of signals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal

from ui.widgets.refcount_guard import RESERVE, protect_singletons


class _Emitter(QObject):
    fired = Signal(str)


def test_many_emits_and_empty_data_do_not_exhaust_the_singletons():
    protect_singletons()
    emitter = _Emitter()
    model = QStringListModel(["a"])
    for _ in range(20_000):  # far beyond the ~5,000 references CPython 3.11 starts with
        emitter.fired.emit("x")
        assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    if sys.version_info < (3, 12):
        assert sys.getrefcount(True) > RESERVE // 2
        assert sys.getrefcount(None) > RESERVE // 2
