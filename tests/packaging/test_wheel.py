"""The wheel is the program: built, installed in a fresh virtual environment outside the
work tree, it exports the demo with its own resources and starts its interface.

Needs the package index (a fresh environment installs PySide6, reportlab…) and a few
minutes: marked ``packaging``, deselected by default, run by .ci/run (``-m packaging``)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.packaging.checks import ROOT, assert_demo_documents, load_build_script

pytestmark = pytest.mark.packaging


def run(args: list[str], cwd: Path, timeout: float = 900) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_wheel_installs_and_runs_outside_the_tree(tmp_path: Path) -> None:
    assert ROOT not in tmp_path.parents
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)], tmp_path)
    (wheel,) = wheels.glob("seance-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", str(wheel)], tmp_path)

    # The installed modules and resources are the wheel's, not the work tree's.
    where = run(
        [
            str(python),
            "-c",
            "import app, resources; from app.resources import resource_path; "
            "print(app.__file__); print(resource_path('demo', 'demo.json'))",
        ],
        tmp_path,
    ).split()
    for path in where:
        assert Path(path).is_relative_to(env_dir), where
    demo = Path(where[1])
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert (demo.parents[1] / "fonts" / font).exists()

    work = tmp_path / "user"
    work.mkdir()
    figures = load_build_script().check_program(env_dir / "bin" / "seance", demo, work)
    assert "proces-verbal_2026-03-12.pdf" in figures["documents"]
    assert_demo_documents(work / "documents")
    # and the installed program validates its own CSV with its own schema copy
    check = run(
        [
            str(python),
            "-c",
            "import sys; from pathlib import Path; from app.documents.scdl import validate_scdl; "
            "print(validate_scdl(Path(sys.argv[1])))",
            str(work / "documents" / "deliberations_scdl.csv"),
        ],
        tmp_path,
    )
    assert check.strip() == "[]"
