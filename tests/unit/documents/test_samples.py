"""docs/samples/ holds what the program produces from the demo session, byte for byte:
the test fails when a change to the documents was not followed by
``.venv/bin/python bench/make_samples.py``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _make_samples():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "bench" / "make_samples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_samples_match_what_the_program_produces(tmp_path: Path) -> None:
    make_samples = _make_samples()
    fresh = {p.name: p.read_bytes() for p in make_samples.write_samples(tmp_path)}
    committed = {
        p.name: p.read_bytes()
        for p in (ROOT / "docs" / "samples").iterdir()
        if p.is_file() and make_samples.is_session_document(p.name)
    }
    assert sorted(committed) == sorted(fresh), "run bench/make_samples.py"
    drifted = [name for name in fresh if fresh[name] != committed[name]]
    assert drifted == [], f"run bench/make_samples.py: {drifted} changed"


def test_samples_are_those_of_the_demo() -> None:
    names = sorted(p.name for p in (ROOT / "docs" / "samples").iterdir())
    assert "proces-verbal_2026-03-12.pdf" in names and "deliberations_scdl.csv" in names
    assert sum(1 for n in names if n.startswith("extrait_")) == 3  # the items voted
