"""A guard against a reference-counting bug of PySide6 6.12 on CPython < 3.12.

With PySide6 6.12.0 on Python 3.11, every ``Signal.emit()`` called from Python drops one
reference to ``True`` and every invalid ``QVariant`` handed back to Python (a model's
``index.data()`` that is ``None``) drops one reference to ``None``. After a few thousand
acts the interpreter aborts (« Fatal Python error: bool_dealloc / none_dealloc »), which
would close the window in the middle of a session (nothing is lost — the journal is
written first — but the secretary must restart). Since Python 3.12 these singletons are
immortal and the bug is harmless; before that we make them practically immortal by
adding a large count of references once, at start-up. See ``bench/bench_live.py`` and
``tests/ui/test_live_refcount.py``, which reproduce the drop.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40  # far more references than a session could ever lose


def protect_singletons() -> bool:
    """Make ``None``, ``True`` and ``False`` practically immortal; True if it was needed."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(sys, "_seance_singletons_protected", False):
        return True
    for singleton in (None, True, False):
        # CPython < 3.12: ob_refcnt is the object's first field, at id(object).
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    sys._seance_singletons_protected = True  # type: ignore[attr-defined]
    return True
