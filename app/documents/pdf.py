"""reportlab plumbing shared by the PDF documents: fonts, styles, page template with
« Page 2 / 7 » footers, and a reproducible build (same input → same bytes)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
    tables,
)

from app.documents.french import NBSP
from app.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

CHECKED = "\u2611"  # ☑
CELL_SIZE = 8.5  # table text
UNCHECKED = "\u2610"  # ☐

MARGIN = 2 * cm
PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = colors.HexColor("#555555")
# Printed at the top of every page while set: documents built on a journal that replays only
# in part say so on each page (set by app.services.recovery.partial_documents).
PAGE_MARK: ContextVar[str] = ContextVar("PAGE_MARK", default="")
LIGHT = colors.HexColor("#e8e8e8")
RULE = colors.HexColor("#999999")

_registered = False


class _TTFont(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font, with a fast path for text whose characters all have
    their code in the first subset of the document already (nearly every string after
    the first page): one ``str.translate`` instead of reportlab's loop over the
    characters, which was a seventh of the build of a large extract. The bytes are those
    of ``TTFont.splitString``; any other text goes through it."""

    def splitString(  # noqa: N802 - reportlab's name
        self, text: Any, doc: Any, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None and text and isinstance(text, str):
            assignments: dict[int, int] = state.assignments
            cache = getattr(state, "_first_subset", None)
            if cache is None or cache[0] != len(assignments):
                codes = {code: n for code, n in assignments.items() if n < 256}
                codes.pop(0xA0, None)
                if 32 in codes:
                    codes[0xA0] = codes[32]  # reportlab maps a no-break space to a space
                cache = (len(assignments), frozenset(map(chr, codes)), codes)
                state._first_subset = cache
            if cache[1].issuperset(text):
                return [(0, text.translate(cache[2]).encode("latin-1"))]
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result


def register_fonts() -> None:
    """Register DejaVu Sans (shipped in resources/fonts) once per process."""
    global _registered
    if _registered:
        return
    files = {
        FONT: "DejaVuSans.ttf",
        FONT_BOLD: "DejaVuSans-Bold.ttf",
        FONT_ITALIC: "DejaVuSans-Oblique.ttf",
        FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    }
    for name, filename in files.items():
        pdfmetrics.registerFont(_TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    # table cells default to Helvetica, a font the PDF would list without embedding it
    tables.CellStyle.fontname = FONT
    _registered = True


register_fonts()  # styles and Paragraphs need the fonts before any document is built


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "bulletFontName": FONT,
        "fontSize": 9.5,
        "leading": 13,
        "spaceAfter": 4,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body", alignment=TA_JUSTIFY),
    "left": _style("left", alignment=TA_LEFT),
    "lead": _style("lead", alignment=TA_LEFT, keepWithNext=1),
    "list": _style("list", alignment=TA_LEFT),
    "compact": _style("compact", fontSize=8, leading=10, alignment=TA_LEFT, spaceAfter=4),
    "small": _style("small", fontSize=8, leading=10, textColor=GREY, spaceAfter=2),
    "cell": _style("cell", fontSize=8.5, leading=10.5, spaceAfter=0),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5, spaceAfter=0),
    "cell_center": _style(
        "cell_center", fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_CENTER
    ),
    "box": _style("box", fontSize=11, leading=12, spaceAfter=0, alignment=TA_CENTER),
    "number": _style(
        "number", fontName=FONT_BOLD, fontSize=11, leading=14, alignment=TA_RIGHT, spaceAfter=6
    ),
    "organisation": _style(
        "organisation",
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        alignment=TA_CENTER,
        spaceAfter=2,
    ),
    "title": _style(
        "title", fontName=FONT_BOLD, fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=4
    ),
    "subtitle": _style("subtitle", fontSize=10, leading=13, alignment=TA_CENTER, spaceAfter=10),
    "object": _style(
        "object", fontSize=10, leading=13.5, spaceBefore=6, spaceAfter=10, alignment=TA_LEFT
    ),
    "heading": _style(
        "heading",
        fontName=FONT_BOLD,
        fontSize=10.5,
        leading=14,
        spaceBefore=10,
        spaceAfter=4,
        keepWithNext=1,
    ),
    "heading_free": _style(
        "heading_free", fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=10, spaceAfter=4
    ),
    "subheading_free": _style(
        "subheading_free", fontName=FONT_BOLD, fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=3
    ),
    "subheading": _style(
        "subheading",
        fontName=FONT_BOLD,
        fontSize=9.5,
        leading=13,
        spaceBefore=6,
        spaceAfter=3,
        keepWithNext=1,
    ),
    "item": _style(
        "item",
        fontName=FONT_BOLD,
        fontSize=10.5,
        leading=14,
        spaceBefore=14,
        spaceAfter=4,
        keepWithNext=1,
        borderPadding=(3, 0, 3, 0),
    ),
    "center": _style("center", alignment=TA_CENTER),
    "signature": _style("signature", alignment=TA_LEFT, spaceAfter=2),
    "bullet": _style("bullet", alignment=TA_LEFT, leftIndent=12, bulletIndent=2),
    "numbered": _style("numbered", alignment=TA_LEFT, leftIndent=20, bulletIndent=2),
}


FOOTER_SIZE = 7.5
FOOTER_GAP = 14  # between the footer's text and the page number


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word, separator before it): words end at spaces and after hyphens; a non-breaking
    space glues words (« M.\u00a0COULON ») unless the group is wider than any line."""
    out: list[tuple[str, str]] = []
    for n, chunk in enumerate(re.split(r" +", text.strip())):
        parts = re.findall(r"[^-]+-*|-+", chunk) or [chunk]
        for k, part in enumerate(parts):
            out.append((part, " " if n and not k else ""))
    return out


def fit_lines(text: str, width: float, font: str = FONT, size: float = CELL_SIZE) -> list[str]:
    """``text`` broken into lines no wider than ``width``, only between words or after a
    hyphen (« TOUR- / D'AUVERGNE »), never inside a word. A word wider than ``width`` on
    its own keeps a line of its own (the caller picks a smaller size, see ``fit_size``)."""
    pieces: list[tuple[str, str]] = []
    for word, sep in _tokens(text):
        if NBSP in word and stringWidth(word, font, size) > width:
            subs = word.split(NBSP)
            pieces.append((subs[0], sep))
            pieces += [(w, NBSP) for w in subs[1:]]
        else:
            pieces.append((word, sep))
    if not pieces:
        return [""]
    lines: list[str] = []
    current = ""
    for word, sep in pieces:
        candidate = f"{current}{sep if current else ''}{word}"
        if not current or stringWidth(candidate, font, size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def fit_size(text: str, width: float, font: str = FONT, size: float = CELL_SIZE) -> float:
    """The largest size (down to 5.5 pt) at which every word of ``text`` fits ``width``."""
    words = re.findall(r"[^\s\u00a0-]+-*", text) or [""]
    while size > 5.5 and max(stringWidth(w, font, size) for w in words) > width:
        size -= 0.5
    return size


def wrapped(text: str, width: float, font: str = FONT, size: float = CELL_SIZE) -> str:
    """A plain table cell: ``text`` on as many lines as it needs (« \\n » between them)."""
    return "\n".join(fit_lines(text, width, font, size))


def footer_lines(text: str, width: float, size: float = FOOTER_SIZE) -> list[str]:
    """The footer on one line, else two; the second ends with « … » if still too long."""
    if stringWidth(text, FONT, size) <= width:
        return [text]
    lines = fit_lines(text, width, FONT, size)
    if len(lines) <= 2 and all(stringWidth(line, FONT, size) <= width for line in lines):
        return lines
    first = lines[0]
    while stringWidth(first, FONT, size) > width:
        first = first[:-2] + "…"
    rest = text[len(lines[0]) :].strip(" \u00a0")
    if stringWidth(rest, FONT, size) > width:
        while rest and stringWidth(rest + "…", FONT, size) > width:
            rest = rest[:-1]
        rest = rest.rstrip(" ,\u00a0—") + "…"
    return [first, rest]


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that knows the page count when it draws the footers (« Page 2 / 7 »),
    and marks every page « PROJET » when the document is a draft."""

    footer_left = ""
    draft = False
    created: datetime | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = FONT  # no Helvetica in the font resources
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        if self.created is not None:
            stamp = f"D:{self.created:%Y%m%d%H%M%S}"
            self._doc.info._dateFormatter = lambda *_: stamp

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        self.saveState()
        if self.draft:
            self.setFont(FONT_BOLD, 72)
            self.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.3))
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(45)
            self.drawCentredString(0, -24, "PROJET")
            self.rotate(-45)
            self.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillColor(GREY)
        y = MARGIN / 2
        number = f"Page{NBSP}{self._pageNumber}{NBSP}/{NBSP}{total}"
        if self.draft:
            number = f"PROJET — {number}"
        room = TEXT_WIDTH - stringWidth(number, FONT, FOOTER_SIZE) - FOOTER_GAP
        lines = footer_lines(self.footer_left, room)
        for n, line in enumerate(lines):
            self.drawString(MARGIN, y - n * (FOOTER_SIZE + 1.5), line)
        self.drawRightString(PAGE_WIDTH - MARGIN, y, number)
        if mark := PAGE_MARK.get():
            self.setFillColor(colors.HexColor("#b00020"))
            self.drawString(MARGIN, PAGE_HEIGHT - MARGIN * 0.45, mark)
        self.restoreState()


def _canvas_class(footer: str, *, draft: bool, created: datetime | None) -> type[NumberedCanvas]:
    return type(
        "FooterCanvas",
        (NumberedCanvas,),
        {"footer_left": footer, "draft": draft, "created": created},
    )


def build_pdf(
    path: Path,
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer: str,
    keywords: str = "",
    created: datetime | None = None,
    draft: bool = False,
) -> Path:
    """Lay out ``story`` on A4 pages and write ``path``, reproducibly (reportlab
    ``invariant``: fixed document id). ``created`` (the session's closing time) is the
    creation date written in the metadata, so that the same session gives the same bytes;
    ``draft`` marks every page « PROJET »."""
    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    title, subject, author = (" ".join(t.split()) for t in (title, subject, author))
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN * 0.85,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="Séance",
        keywords=keywords,
        invariant=1,
        lang="fr-FR",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=_canvas_class(footer, draft=draft, created=created))
    return path


def para(text_markup: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup that is already escaped."""
    return Paragraph(text_markup, STYLES[style])


def box(checked: bool) -> Paragraph:
    return Paragraph(CHECKED if checked else UNCHECKED, STYLES["box"])


def bullet(text_markup: str) -> Paragraph:
    """A bulleted line (« • »)."""
    return Paragraph(text_markup, STYLES["bullet"], bulletText="•")


def numbered(number: int, text_markup: str) -> Paragraph:
    """A numbered line (« 1. »), the number hanging in the margin."""
    return Paragraph(text_markup, STYLES["numbered"], bulletText=f"{number}.")


class Box(str):
    """The text of a checkbox cell (« ☑ » or « ☐ ») in a ``BoxTable``."""


BOX_ON = Box(CHECKED)
BOX_OFF = Box(UNCHECKED)


class BoxTable(Table):  # type: ignore[misc]
    """A Table that writes its checkbox cells as one PDF text operator each, centred.

    An extract of a 300-member assembly has 900 boxes; drawn as ordinary cells, each
    opens its own text object and is measured again, which made up most of the build
    time. The boxes stay in reading order in the content stream."""

    text_size = CELL_SIZE
    text_leading = CELL_SIZE + 2

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        if not isinstance(cellval, Box):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        font = pdfmetrics.getFont(cellstyle.fontname)
        key = (str(cellval), cellstyle.fontname, cellstyle.fontsize)
        cache: dict[tuple[str, str, float], tuple[str, float]] = self.__dict__.setdefault(
            "_box_ops", {}
        )
        if key not in cache:
            parts = []
            for subset, encoded in font.splitString(str(cellval), canv._doc):
                name = font.getSubsetInternalName(subset, canv._doc)
                parts.append(f"{name} {fp_str(cellstyle.fontsize)} Tf ({canv._escape(encoded)}) Tj")
            width = font.stringWidth(str(cellval), cellstyle.fontsize)
            cache[key] = (" ".join(parts), width)
        ops, width = cache[key]
        current = getattr(self, "_curcellstyle", None)
        if current is None or current.color != cellstyle.color:
            canv.setFillColor(cellstyle.color)
            self._curcellstyle = None
        colpos, rowpos = pos
        colwidth, rowheight = size
        x = colpos + (colwidth - width) / 2
        # on the baseline of the row's text (the name), so that text extraction reads
        # « name ☑ ☐ ☐ holder » as one line
        y = (
            rowpos
            + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + self.text_leading) / 2
            - self.text_size
        )
        canv._code.append(f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm {ops} ET")


def heading_before_long(text_markup: str, style: str = "heading_free") -> list[Flowable]:
    """A heading followed by a long, splittable block (a 300-row table, a list of names):
    a new page only when less than 3 cm remain, instead of keeping heading and block
    together (which would push the whole block to the next page)."""
    return [CondPageBreak(3 * cm), Paragraph(text_markup, STYLES[style])]


GroupRow = tuple[str, str]  # ("group", heading)
MemberRow = tuple[str, list[Any], str | None]  # ("row", cells, heading of its group)


class GroupedTable(Flowable):  # type: ignore[misc]
    """A table of members in groups that splits across pages by itself: the column
    header is repeated on every page and, when a group continues on the next page, its
    heading too (« Région (suite) »). Rows take the height of their content (cells
    are plain strings, already broken into lines by ``wrapped``).

    ``entries`` holds ("group", heading) and ("row", cells, heading) tuples in order."""

    def __init__(
        self,
        header: list[Any],
        entries: list[Any],
        col_widths: list[float],
        style: list[tuple[Any, ...]],
        *,
        group_style: Callable[[int], list[tuple[Any, ...]]],
        heading_cell: Callable[[str], Any],
        heights: list[float | None] | None = None,
        table_class: type[Table] = Table,
    ) -> None:
        super().__init__()
        self.header = header
        self.entries = entries
        self.col_widths = col_widths
        self.style = style
        self.group_style = group_style
        self.heading_cell = heading_cell
        self.heights = heights  # header first, then one per entry (None: to measure)
        self.table_class = table_class
        self._drawn: Table | None = None
        self._size: tuple[float, float] | None = None
        self.hAlign = "LEFT"

    def _rows(self, entries: Sequence[Any]) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        n_cols = len(self.col_widths)
        rows: list[list[Any]] = [self.header]
        style = list(self.style)
        for entry in entries:
            if entry[0] == "group":
                r = len(rows)
                rows.append([self.heading_cell(entry[1])] + [""] * (n_cols - 1))
                style += self.group_style(r)
            else:
                rows.append(entry[1])
        return rows, style

    def _table(self, entries: Sequence[Any], heights: list[float] | None) -> Table:
        rows, style = self._rows(entries)
        return self.table_class(
            rows,
            colWidths=self.col_widths,
            rowHeights=heights,
            style=TableStyle(style),
            hAlign="LEFT",
        )

    def _measure(self, avail_width: float, avail_height: float) -> list[float]:
        """The height of the header and of every entry. Only the rows not measured yet go
        through reportlab (in one table with the header): a part split off keeps the
        heights measured for the whole table, so that each row is measured once however
        many pages the table runs to — measuring the rest of the table again at every
        page break made a large attendance sheet quadratic in its members."""
        heights = self.heights or [None] * (len(self.entries) + 1)
        if None not in heights:
            return cast(list[float], heights)
        missing = [k for k, h in enumerate(heights[1:], start=1) if h is None]
        table = self._table([self.entries[k - 1] for k in missing], None)
        table.wrap(avail_width, avail_height)
        measured = list(table._rowHeights)
        heights = list(heights)
        heights[0] = measured[0]
        for k, h in zip(missing, measured[1:], strict=True):
            heights[k] = h
        if len(missing) == len(self.entries):
            self._drawn = table  # the whole table was measured: draw that one
        self.heights = heights
        return cast(list[float], heights)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._size is not None:  # every row measured: the size is known
            self.width, self.height = self._size
            return self._size
        heights = self._measure(avail_width, avail_height)
        height = c = 0.0
        for h in reversed(heights):  # summed as reportlab's Table sums (compensated)
            y = h - c
            t = height + y
            c = (t - height) - y
            height = t
        width = 0.0
        for w in self.col_widths:
            width += w
        self.width, self.height = width, height
        self._size = (width, height)
        return self._size

    def draw(self) -> None:
        if self._drawn is None:
            self._drawn = self._table(self.entries, self._measure(self.width, self.height))
            self._drawn.wrap(self.width, self.height)  # heights known: nothing measured
        self._drawn.drawOn(self.canv, 0, 0)

    def _part(self, entries: list[Any], heights: list[float | None]) -> GroupedTable:
        return GroupedTable(
            self.header,
            entries,
            self.col_widths,
            self.style,
            group_style=self.group_style,
            heading_cell=self.heading_cell,
            heights=heights,
            table_class=self.table_class,
        )

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        heights = self.heights or []
        used: float = heights[0] or 0.0
        fit = 0
        for h in heights[1:]:
            if used + (h or 0) > avail_height:
                break
            used += h or 0
            fit += 1
        if fit >= len(self.entries):
            return [self]
        while fit and self.entries[fit - 1][0] == "group":
            fit -= 1  # never end a page on a group heading
        if fit == 0:
            return []
        rest = self.entries[fit:]
        rest_heights: list[float | None] = [heights[0], *heights[fit + 1 :]]
        first = rest[0]
        if first[0] == "row" and first[2] is not None:
            rest = [("group", f"{first[2]} (suite)"), *rest]
            rest_heights.insert(1, None)
        return [
            self._part(self.entries[:fit], [heights[0], *heights[1 : fit + 1]]),
            self._part(rest, rest_heights),
        ]


Atom = tuple[str, str]  # (text, font name): never split across lines
_LINES_CACHE: dict[tuple[tuple[Atom, ...], float, float], list[list[Atom]]] = {}
_ATOM_WIDTHS: dict[float, dict[Atom, float]] = {}  # by size: the same names in every extract


class FlowingAtoms(Flowable):  # type: ignore[misc]
    """Flowing text made of unbreakable atoms (« Mme MARTIN, »), each in its font, broken
    into lines between atoms and split across pages between lines.

    The compact attendance of a large assembly is the same list of 300 names for most
    items: its line breaks are computed once per width and reused, where a Paragraph
    would parse and break the whole text again in every extract."""

    def __init__(
        self,
        atoms: Sequence[Atom],
        *,
        size: float = 8,
        leading: float = 10,
        space_after: float = 4,
        lines: list[list[Atom]] | None = None,
    ) -> None:
        super().__init__()
        self.atoms = tuple(atoms)
        self.size = size
        self.leading = leading
        self.space_after = space_after
        self.lines = lines

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.space_after

    def _break(self, width: float) -> list[list[Atom]]:
        key = (self.atoms, width, self.size)
        cached = _LINES_CACHE.get(key)
        if cached is not None:
            return cached
        space = stringWidth(" ", FONT, self.size)
        lines: list[list[Atom]] = []
        line: list[Atom] = []
        used = 0.0
        widths = _ATOM_WIDTHS.setdefault(self.size, {})
        if len(widths) > 50_000:
            widths.clear()
        for atom in self.atoms:
            w = widths.get(atom)
            if w is None:
                w = widths[atom] = stringWidth(atom[0], atom[1], self.size)
            extra = w + (space if line else 0.0)
            if line and used + extra > width:
                lines.append(line)
                line, used = [atom], w
            else:
                line.append(atom)
                used += extra
        if line:
            lines.append(line)
        if len(_LINES_CACHE) > 64:
            _LINES_CACHE.clear()
        _LINES_CACHE[key] = lines
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.lines is None:
            self.lines = self._break(avail_width)
        self.width = avail_width
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self.lines is not None
        fit = int(avail_height // self.leading)
        if fit <= 0:
            return []
        if fit >= len(self.lines):
            return [self]
        kw = {"size": self.size, "leading": self.leading}
        return [
            FlowingAtoms(self.atoms, space_after=0, lines=self.lines[:fit], **kw),
            FlowingAtoms(self.atoms, space_after=self.space_after, lines=self.lines[fit:], **kw),
        ]

    def draw(self) -> None:
        """The lines as one PDF text object: the operators reportlab's text object writes
        for ``setTextOrigin``, ``setFont`` and ``textOut`` of each run of one font, the
        same bytes, without measuring each run again (``textOut`` advances its cursor by
        the run's width, which nothing here reads)."""
        assert self.lines is not None
        canv = self.canv
        doc, escape = canv._doc, canv._escape
        size = fp_str(self.size)
        tf = f"{size} Tf {fp_str(self.size * 1.2)} TL"  # setFont's default leading
        code = ["BT", f"1 0 0 1 {fp_str(0, 0)} Tm"]
        y = self.height - self.size
        for line in self.lines:
            code.append(f"1 0 0 1 {fp_str(0, y)} Tm")
            runs: list[list[str]] = []  # [font, text] of consecutive atoms in one font
            for n, (chunk, font) in enumerate(line):
                piece = (" " if n else "") + chunk
                if runs and runs[-1][0] == font:
                    runs[-1][1] += piece
                else:
                    runs.append([font, piece])
            for font_name, chunk in runs:
                font = pdfmetrics.getFont(font_name)
                ops: list[str] = []
                current = -1  # setFont forgets the subset
                for subset, encoded in font.splitString(chunk, doc):
                    if subset != current:
                        ops.append(f"{font.getSubsetInternalName(subset, doc)} {tf}")
                        current = subset
                    ops.append(f"({escape(encoded)}) Tj")
                code.append(" ".join(ops))
            y -= self.leading
        code.append("ET")
        canv._code.append(" ".join(code))
