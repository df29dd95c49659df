"""reportlab plumbing shared by the PDF documents: fonts, styles, page template with
« Page 2 / 7 » footers, and a reproducible build (same input → same bytes)."""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
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
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    _registered = True


register_fonts()  # styles and Paragraphs need the fonts before any document is built


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "spaceAfter": 4}
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body", alignment=TA_JUSTIFY),
    "left": _style("left", alignment=TA_LEFT),
    "lead": _style("lead", alignment=TA_LEFT, keepWithNext=1),
    "list": _style("list", alignment=TA_LEFT),
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


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that knows the page count when it draws the footers (« Page 2 / 7 »)."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

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
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY)
        y = MARGIN / 2
        self.drawString(MARGIN, y, self.footer_left)
        self.drawRightString(
            PAGE_WIDTH - MARGIN, y, f"Page{NBSP}{self._pageNumber}{NBSP}/{NBSP}{total}"
        )
        if mark := PAGE_MARK.get():
            self.setFillColor(colors.HexColor("#b00020"))
            self.drawString(MARGIN, PAGE_HEIGHT - MARGIN * 0.45, mark)
        self.restoreState()


def _canvas_class(footer: str) -> type[NumberedCanvas]:
    return type("FooterCanvas", (NumberedCanvas,), {"footer_left": footer})


def build_pdf(
    path: Path,
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer: str,
    keywords: str = "",
) -> Path:
    """Lay out ``story`` on A4 pages and write ``path``, reproducibly (reportlab
    ``invariant``: fixed dates and document id)."""
    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
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
    doc.build(list(story), canvasmaker=_canvas_class(footer))
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
