"""Issue #11: a refused ``seance import`` creates nothing — no database, no lock file, no
folder — when the target path does not exist yet."""

from __future__ import annotations

import json

import pytest

from app.services.demo import DEMO_FILE
from main import main


def demo_with(**session_changes):
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    data["session"].update(session_changes)
    return data


@pytest.mark.parametrize(
    "content",
    [
        b"{ pas du json",
        json.dumps(demo_with(convocation=0)).encode(),
        json.dumps(demo_with(convened_on="2026-04-01")).encode(),
        json.dumps(
            demo_with(events=[{"type": "arrived", "member": "zz", "at": "2026-03-12T18:00"}])
        ).encode(),
    ],
    ids=["malformed", "convocation-0", "convened-after", "unknown-member"],
)
def test_refused_import_to_a_new_path_creates_nothing(tmp_path, capsys, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    folder = tmp_path / "nouveau"
    target = folder / "base.sqlite"
    assert main(["import", str(bad), "--db", str(target)]) == 2
    assert capsys.readouterr().err.strip()
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
