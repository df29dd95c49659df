"""Make Qt unimportable in every Python process started with this folder on PYTHONPATH.

.ci/run runs tests/unit and tests/integration this way: the core (app/, the CLI) must work
on a machine without PySide6, not only avoid ``import PySide6`` in its own text.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

BLOCKED = ("PySide6", "shiboken6", "pytestqt")


class QtBlocker(MetaPathFinder):
    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"{fullname} is blocked: this run proves the core works without Qt",
                name=fullname,
            )
        return None


sys.meta_path.insert(0, QtBlocker())
