"""Costs of the documents that must stay linear in the roster, checked without timing:
the rows handed to reportlab's tables are counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus.tables import Table

from app.documents.attendance_sheet import build_attendance_sheet
from app.documents.common import grouped
from tests.unit.documents.stress import stress_state


def _rows_handed_to_reportlab(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, members: int
) -> tuple[int, int, int]:
    """(rows in every table built, rows in the tables reportlab had to measure, pages)
    for the attendance sheet of ``members`` members."""
    built, measured = [0], [0]
    original = Table.__init__

    def counting(self: Table, data: Any, *args: Any, **kwargs: Any) -> None:
        built[0] += len(data)
        heights = kwargs.get("rowHeights")
        if heights is None or None in heights:
            measured[0] += len(data)
        original(self, data, *args, **kwargs)

    monkeypatch.setattr(Table, "__init__", counting)
    path = build_attendance_sheet(stress_state(members), tmp_path / f"sheet-{members}.pdf")
    monkeypatch.undo()
    return built[0], measured[0], len(PdfReader(path).pages)


def test_the_attendance_sheet_measures_each_row_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Measuring the rest of the table again at every page break made the sheet quadratic
    in its members (26 s at 1,000 members, 218 s at 3,000): each row is now measured once,
    and each page draws a table of that page's rows only."""
    small = _rows_handed_to_reportlab(monkeypatch, tmp_path, 150)
    large = _rows_handed_to_reportlab(monkeypatch, tmp_path, 300)
    for members, (built, measured, pages) in ((150, small), (300, large)):
        assert pages >= 8, "the sheet must run to several pages for the count to mean anything"
        # the roster, one group heading per group, one « (suite) » heading and one column
        # header per page: measured once, drawn once
        groups = len(grouped(list(stress_state(members).in_office)))
        entries = members + groups + 2 * pages
        assert measured <= entries, (members, measured, entries)
        assert built <= 2 * entries, (members, built, entries)
    assert large[0] <= 2.2 * small[0]
    assert large[1] <= 2.2 * small[1]
