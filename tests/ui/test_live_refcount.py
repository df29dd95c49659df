"""PySide6 6.12.0 on Python 3.11 dropped a reference to True at every Signal.emit() and to
None at every empty QVariant, aborting the interpreter after a few thousand acts in the
live window. pyproject.toml excludes that release; this test fails on such a binding."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal


class _Emitter(QObject):
    fired = Signal(str, bool)


def test_signals_and_empty_data_keep_the_singletons_reference_counts():
    emitter = _Emitter()
    received: list[bool] = []
    sink = _Sink(received)
    emitter.fired.connect(sink.take)
    model = QStringListModel(["a"])
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(2_000):
        emitter.fired.emit("x", True)
        assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert len(received) == 2_000
    received.clear()
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50


class _Sink:
    def __init__(self, store: list[bool]) -> None:
        self.store = store

    def take(self, _text: str, flag: bool) -> None:
        self.store.append(flag)
