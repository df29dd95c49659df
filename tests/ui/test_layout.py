"""The live window on a 1366×768 laptop at 100 %, 125 % and 150 % (issue #12, item 4).

Each factor runs in its own process (Qt reads QT_SCALE_FACTOR and the offscreen screen at
start-up): the window must fit the screen, title bar included, every panel inside it,
nothing drawn over anything (siblings overlapping, children sticking out, buttons or tabs
cut), every vote tab visible; the vote panel may scroll only when the screen is really too
short for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.layout_probe import qt_environment

PROBE = Path(__file__).with_name("layout_probe.py")


def run_probe(factor: float, tmp_path: Path) -> dict:
    env = qt_environment(factor, tmp_path / "screen.json")
    result = subprocess.run(
        [sys.executable, str(PROBE), str(factor), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("factor", [1.0, 1.25, 1.5])
def test_the_live_window_fits_a_1366x768_screen(factor, tmp_path):
    report = run_probe(factor, tmp_path)
    screen_w, screen_h = report["screen"]
    assert screen_w == round(1366 / factor) or abs(screen_w - 1366 / factor) <= 1
    width, height = report["window"]
    assert width <= screen_w
    assert height + report["title_bar"] <= screen_h  # the title bar too
    assert report["minimum"][0] <= screen_w
    assert report["minimum"][1] + report["title_bar"] <= screen_h
    for name, (x, y, w, h) in report["panels"].items():
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, name
        assert w > 0 and h > 0, name
    for mode, seen in report["modes"].items():
        assert seen["tabs_visible"], f"{mode}: a vote tab is hidden at {factor}"
        assert seen["overlaps"] == [], f"{mode} at {factor}: {seen['overlaps']}"
    if factor == 1.0:  # the designed size: nothing scrolls
        assert not any(seen["vote_scrolls"] for seen in report["modes"].values())
    if factor <= 1.25:  # the everyday show of hands needs no scrolling either
        assert not report["modes"]["main-levee"]["vote_scrolls"]
    shots = sorted(p.name for p in tmp_path.glob("live-*.png"))
    assert len(shots) == 2  # looked at by hand: docs/screenshots/live-100-*.png, 125
