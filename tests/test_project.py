"""Project-level guarantees: layering and the README's contract."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_app_never_imports_qt_or_ui():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                if root in ("PySide6", "shiboken6", "ui"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Démarrer")
    section = readme[start : readme.index("\n## ", start + 1)]
    commands = re.findall(r"```sh\n(.+?)\n```", section)
    assert len(commands) == 2
    install_run, tests = commands
    assert "seance" in install_run and "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
