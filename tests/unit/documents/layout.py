"""Layout checks on a produced PDF, from the text positions pypdf reads back.

``text_runs`` lists every run of text with its page, baseline, font size and width
(measured with the font the PDF names); ``layout_problems`` reports, in words, two runs
whose boxes overlap and any run that leaves the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents.pdf import register_fonts

ASCENT = 0.74  # of the font size, above the baseline (capitals and accents of DejaVu Sans)
DESCENT = 0.2  # below the baseline


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float  # baseline
    size: float
    width: float
    text: str

    @property
    def top(self) -> float:
        return self.y + ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.y - DESCENT * self.size

    @property
    def right(self) -> float:
        return self.x + self.width


def _font_name(font_dict: Any) -> str:
    base = str(font_dict.get("/BaseFont", "/Helvetica")) if font_dict else "/Helvetica"
    return base.lstrip("/").split("+")[-1]


def _width(text: str, font: str, size: float) -> float:
    register_fonts()
    try:
        return float(stringWidth(text, font, size))
    except KeyError:
        return float(stringWidth(text, "Helvetica", size))


def text_runs(path: Path) -> list[Run]:
    """The text of each line as drawn: fragments that pypdf reports at the same position
    (a bold word inside a line) are joined into one run."""
    reader = PdfReader(str(path))
    runs: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):
        pieces: list[tuple[tuple[float, float], float, str, float]] = []

        def visit(
            text: str, cm: Any, tm: Any, font_dict: Any, size: float, pieces: list[Any] = pieces
        ) -> None:
            clean = text.replace("\n", "")
            if not clean.strip() or abs(tm[1]) > 1e-6 or abs(cm[1]) > 1e-6:
                return  # nothing, or the rotated « PROJET » mark across the page
            scale = abs(tm[3] * cm[3]) or 1.0
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            real = size * scale
            pieces.append(
                (
                    (round(x, 1), round(y, 1)),
                    real,
                    clean,
                    _width(clean, _font_name(font_dict), real),
                )
            )  # noqa: E501

        page.extract_text(visitor_text=visit)
        merged: dict[tuple[float, float], list[Any]] = {}
        order: list[tuple[float, float]] = []
        for pos, size, text, width in pieces:
            if pos in merged:
                entry = merged[pos]
                entry[0] = max(entry[0], size)
                entry[1] += text
                entry[2] += width
            else:
                merged[pos] = [size, text, width]
                order.append(pos)
        for pos in order:
            size, text, width = merged[pos]
            runs.append(Run(number, pos[0], pos[1], size, width, text))
    return runs


def page_size(path: Path) -> tuple[float, float]:
    box = PdfReader(str(path)).pages[0].mediabox
    return float(box.width), float(box.height)


def layout_problems(path: Path, *, margin: float = 14.0) -> list[str]:
    """Overlapping runs and runs outside the page (``margin`` points from each edge)."""
    width, height = page_size(path)
    runs = text_runs(path)
    problems: list[str] = []
    for r in runs:
        if r.x < margin or r.right > width - margin or r.bottom < margin or r.top > height - margin:
            problems.append(f"page {r.page}: « {r.text} » sort de la page ({r.x:.0f}, {r.y:.0f})")
    by_page: dict[int, list[Run]] = {}
    for r in runs:
        by_page.setdefault(r.page, []).append(r)
    tol = 0.3
    for page, page_runs in by_page.items():
        page_runs.sort(key=lambda r: (-r.y, r.x))
        for i, a in enumerate(page_runs):
            for b in page_runs[i + 1 :]:
                if b.top < a.bottom - 20:
                    break  # sorted by baseline: nothing further down can touch a
                if (
                    a.x < b.right - tol
                    and b.x < a.right - tol
                    and a.bottom < b.top - tol
                    and b.bottom < a.top - tol
                ):
                    problems.append(
                        f"page {page}: « {a.text} » ({a.x:.0f}, {a.y:.0f}) chevauche "
                        f"« {b.text} » ({b.x:.0f}, {b.y:.0f})"
                    )
    return problems


def words_intact(text: str, name: str) -> bool:
    """No line end cuts a word of ``name`` (split at spaces and after hyphens): a line
    never ends with the beginning of such a word while the next line starts with the rest
    (« … DE LA TO » / « UR-D'AUVERGNE »)."""
    lines = [re.sub(r"[\s\u00a0]+", " ", line).strip() for line in text.splitlines()]
    parts = [p for p in re.split(r"[\s\u00a0]+|(?<=-)", name) if len(p) > 1]
    for first, second in zip(lines, lines[1:], strict=False):
        for part in parts:
            for k in range(1, len(part)):
                if first.endswith(part[:k]) and second.startswith(part[k:]):
                    head = first[: len(first) - k]
                    if not head or head[-1] in " -'(":
                        return False
    return True
