"""The standalone folder (PyInstaller) runs without Python: built by packaging/build.py, it
answers --help, exports the demo (PDFs with DejaVu embedded, a valid SCDL CSV) and starts
its interface offscreen, with no virtual environment or Python on PATH.

Takes a few minutes: marked ``packaging``, deselected by default, run by .ci/run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.checks import assert_demo_documents, load_build_script

pytestmark = pytest.mark.packaging


def test_standalone_folder_runs_without_python(tmp_path: Path) -> None:
    build = load_build_script()
    folder = build.build(tmp_path / "dist")
    assert not list(folder.rglob("tests/*")), "the test suite does not ship"
    work = tmp_path / "user"
    work.mkdir()
    figures = build.check(folder, work)
    print(figures)  # size and times, in the CI log
    assert_demo_documents(work / "documents")
