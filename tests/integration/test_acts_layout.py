"""The documents of the télétransmission and the attendance record pass the same layout
check as the others: no two lines overlap, nothing leaves the page, no word is cut."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from tests.unit.documents import layout

ROOT = Path(__file__).resolve().parents[2]


def _samples_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "acts_samples", ROOT / "bench" / "make_acts_samples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_attendance_record_and_transmission_documents_lay_out_cleanly(tmp_path: Path) -> None:
    script = _samples_script()
    written = script.attendance_samples(tmp_path) + script.transmission_samples(tmp_path)
    annex = "01_etat-1259-COM.pdf"  # the annex the script adds: a file of the user's, not ours
    pdfs = [p for p in written if p.suffix == ".pdf" and p.name != annex]
    names = {p.name for p in pdfs}
    assert any(n.startswith("assiduite_") for n in names), names
    assert "bordereau.pdf" in names, names
    problems = {p.name: layout.layout_problems(p) for p in pdfs}
    assert all(not found for found in problems.values()), problems
