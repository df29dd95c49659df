"""The registre des délibérations (R2121-9, L2121-23): numbered feuillets.

Each *part* of the year's register (one session, or a batch of the maire's decisions
taken under delegation, R2122-7-1) is laid out on feuillets numbered from a given first
number; every feuillet bears the collectivity's name, the year and the session's date.
A session's part ends with its closing feuillet: the order numbers of the deliberations
taken, the members present, and signature places for the president and the secretaries
only (R2121-9 since 1 July 2022). The yearly tables (by date, by objet) are a separate
document that points to the feuillets.

The numbering itself (which part starts where, what was already issued) belongs to
``app.services.register``; this module only lays out what it is given.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.common import (
    article_markup,
    attendance_counts,
    body_name,
    full_name,
    opening_sentence,
    quorum_sentence,
    reconciliation_flowables,
    secretaries,
    short_name,
    vote_flowables,
)
from app.documents.french import (
    NBSP,
    definite,
    escape_markup,
    long_date,
    markup,
    of_phrase,
    of_phrase_upper,
    paragraphs,
    upper_first,
)
from app.documents.pdf import (
    FONT,
    FONT_BOLD,
    GREY,
    LIGHT,
    MARGIN,
    RULE,
    TEXT_WIDTH,
    para,
    register_fonts,
)
from app.domain.assembly import Assembly
from app.domain.projections import item_attendance
from app.domain.state import ItemRecord, SessionState
from app.domain.wording import join_names

PAGE_WIDTH, PAGE_HEIGHT = A4
HEADER_SIZE = 8.5
TOP_MARGIN = MARGIN + 1.9 * cm  # room for the feuillet's header (up to four lines)


@dataclass(frozen=True)
class Decision:
    """A decision of the maire (président) taken under delegation of the assembly."""

    number: str
    decided_on: date
    title: str
    text: str
    delegation: str  # the deliberation that gave the delegation, as typed


@dataclass(frozen=True)
class RenderedPart:
    """One part laid out: its bytes, its number of feuillets, and the feuillet on which
    each entry (deliberation or decision number) begins."""

    content: bytes
    feuillets: int
    anchors: dict[str, int]


@dataclass(frozen=True)
class TableEntry:
    """A line of the yearly tables."""

    day: date
    number: str
    title: str
    feuillet: int
    kind: str  # « Délibération » / « Décision »


def register_title(assembly: Assembly) -> str:
    return f"Registre des délibérations {of_phrase(body_name(assembly))}"


class _Anchor(Flowable):  # type: ignore[misc]
    """Takes no room; remembers the page on which it is drawn."""

    def __init__(self, key: str, anchors: dict[str, int]) -> None:
        super().__init__()
        self.key = key
        self.anchors = anchors
        self.width = self.height = 0

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.anchors.setdefault(self.key, self.canv.getPageNumber())


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``width`` (down to 5 pt)."""
    while size > 5 and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _render(
    story: Sequence[Flowable],
    *,
    heading: tuple[str, str],
    running: str,
    first_feuillet: int | None,
    title: str,
    author: str,
    created: datetime | None = None,
) -> tuple[bytes, int]:
    """Lay out ``story``; each page carries ``heading`` (organisation and register),
    ``running`` (the session) and « Feuillet n° N » counted from ``first_feuillet``
    (``None``: « Page N » — the tables are not feuillets)."""
    register_fonts()
    buffer = io.BytesIO()
    pages = [0]

    def decorate(canvas: Any, doc: Any) -> None:
        number = canvas.getPageNumber()
        pages[0] = max(pages[0], number)
        canvas.saveState()
        y = PAGE_HEIGHT - MARGIN * 0.85
        if first_feuillet is not None:
            label = f"Feuillet n°{NBSP}{first_feuillet + number - 1}"
        else:
            label = f"Page{NBSP}{number}"
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, y, label)
        room = TEXT_WIDTH - stringWidth(label, FONT_BOLD, 10) - 12
        # the organisation on at most two lines, then the register and the session
        size = HEADER_SIZE + 0.5
        lines = simpleSplit(heading[0], FONT_BOLD, size, room)
        while len(lines) > 2 and size > 6:
            size -= 0.5
            lines = simpleSplit(heading[0], FONT_BOLD, size, room)
        canvas.setFont(FONT_BOLD, size)
        for line in lines[:2]:
            canvas.drawString(MARGIN, y, line)
            y -= size + 2.5
        for text, font in ((heading[1], FONT), (running, FONT)):
            fitted = _fit(text, font, HEADER_SIZE, TEXT_WIDTH)
            canvas.setFont(font, fitted)
            canvas.setFillColor(GREY)
            canvas.drawString(MARGIN, y, text)
            y -= HEADER_SIZE + 2.5
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 4, PAGE_WIDTH - MARGIN, y + 4)
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject="Registre des délibérations",
        creator="Séance",
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
    doc.addPageTemplates([PageTemplate(id="feuillet", frames=[frame], onPage=decorate)])
    doc.build(list(story), canvasmaker=_canvas_maker(created))
    return buffer.getvalue(), pages[0]


def _canvas_maker(created: datetime | None) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    class RegisterCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", FONT)
            super().__init__(*args, **kwargs)
            if created is not None:
                stamp = f"D:{created:%Y%m%d%H%M%S}"
                self._doc.info._dateFormatter = lambda *_: stamp

    return RegisterCanvas


def _heading(assembly: Assembly, year: int) -> tuple[str, str]:
    return assembly.organisation, f"{register_title(assembly)} — année {year}"


# --------------------------------------------------------------------------- a session


def present_members(state: SessionState) -> list[str]:
    """Everyone who sat at some point of the session (titulars and suppléants), in the
    order of the tableau."""
    order = {m.id: n for n, m in enumerate(state.assembly.members)}
    sat = set(state.arrivals)
    return sorted(sat, key=lambda m: (order.get(m, len(order)), m))


def _deliberation(state: SessionState, rec: ItemRecord, anchors: dict[str, int]) -> list[Flowable]:
    item = rec.item
    body = definite(body_name(state.assembly))
    att = item_attendance(state, rec)
    out: list[Flowable] = [
        # the anchor, the number and the object on one page: the entry's feuillet is the
        # one where its number is printed
        KeepTogether(
            [
                _Anchor(item.id, anchors),
                para(f"Délibération n°{NBSP}{escape_markup(item.id)}", "item"),
                para(f"<b>Objet{NBSP}:</b> {markup(item.title)}", "object"),
            ]
        ),
        para(attendance_counts(state, att), "small"),
        para(markup(quorum_sentence(state, att.quorum)), "body"),
        *reconciliation_flowables(state, rec, att),
    ]
    if item.rapporteur:
        out.append(
            para(
                f"<b>Rapporteur{NBSP}:</b> {escape_markup(short_name(state, item.rapporteur))}",
                "left",
            )
        )
    for text in paragraphs(item.preamble):
        out.append(para(markup(text), "body"))
    for visa in item.visas:
        out.append(para(markup(visa), "body"))
    if item.articles:
        out.append(
            para(f"{escape_markup(upper_first(body))}, après en avoir délibéré{NBSP}:", "lead")
        )
        for number, article in enumerate(item.articles, start=1):
            out.append(para(article_markup(number, article), "body"))
    out.append(KeepTogether(vote_flowables(state, rec)))
    return out


def _signature_cells(state: SessionState) -> list[list[Flowable]]:
    """The president and the secretaries — not every member (rule before July 2022)."""
    cells: list[list[Flowable]] = []
    pres = state.members.get(state.session.president or "")
    title = "La présidente de séance" if pres and pres.is_feminine else "Le président de séance"
    cells.append(
        [para(f"<b>{title}</b>", "signature")]
        + ([para(escape_markup(pres.formal_name), "signature")] if pres else [])
    )
    secs = secretaries(state)
    for sec in secs:
        label = "La secrétaire de séance" if sec.is_feminine else "Le secrétaire de séance"
        cells.append(
            [
                para(f"<b>{label}</b>", "signature"),
                para(escape_markup(sec.formal_name), "signature"),
            ]
        )
    if not secs:
        cells.append([para("<b>Le secrétaire de séance</b>", "signature")])
    for c in cells:
        c.append(Spacer(1, 2.4 * cm))
    return cells


def closing_story(
    state: SessionState, numbers: Sequence[str], present: Sequence[str]
) -> list[Flowable]:
    """The closing feuillet of a session (R2121-9)."""
    session = state.session
    body = body_name(state.assembly)
    taken = join_names([f"n°{NBSP}{n}" for n in numbers]) if numbers else "aucune"
    names = [full_name(state, state.members[m]) for m in present if m in state.members]
    story: list[Flowable] = [
        para("CLÔTURE DE LA SÉANCE", "title"),
        para(
            markup(f"Séance {of_phrase(body)} du {long_date(session.date)}"),
            "subtitle",
        ),
        para(
            f"<b>Délibérations prises au cours de la séance ({len(numbers)}){NBSP}:</b> "
            f"{escape_markup(taken)}.",
            "left",
        ),
        para(
            f"<b>Membres présents ({len(names)}){NBSP}:</b> {escape_markup(join_names(names))}.",
            "left",
        ),
        Spacer(1, 8),
    ]
    cells = _signature_cells(state)
    per_row = 2
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    if len(rows[-1]) < per_row:
        rows[-1] = rows[-1] + [[]] * (per_row - len(rows[-1]))
    story.append(
        Table(
            rows,
            colWidths=[TEXT_WIDTH / per_row] * per_row,
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )
    )
    return story


def render_session_part(
    state: SessionState,
    records: Sequence[ItemRecord],
    *,
    year: int,
    first_feuillet: int,
) -> RenderedPart:
    """The feuillets of one session: its deliberations in order, then its closing
    feuillet (on a feuillet of its own)."""
    assembly, session = state.assembly, state.session
    anchors: dict[str, int] = {}
    story: list[Flowable] = [
        para(
            f"SÉANCE {escape_markup(of_phrase_upper(body_name(assembly)))} "
            f"DU {escape_markup(long_date(session.date).upper())}",
            "title",
        ),
        para(markup(opening_sentence(state)), "body"),
    ]
    for rec in records:
        story += _deliberation(state, rec, anchors)
    story.append(PageBreak())
    story += closing_story(state, [r.item.id for r in records], present_members(state))
    content, pages = _render(
        story,
        heading=_heading(assembly, year),
        running=f"Séance du {long_date(session.date)}",
        first_feuillet=first_feuillet,
        title=f"{register_title(assembly)} — séance du {long_date(session.date)}",
        author=assembly.organisation,
        created=state.closed_at,
    )
    return RenderedPart(content, pages, {k: first_feuillet + v - 1 for k, v in anchors.items()})


def render_decisions_part(
    assembly: Assembly, decisions: Sequence[Decision], *, year: int, first_feuillet: int
) -> RenderedPart:
    """The maire's decisions taken under delegation (R2122-7-1), in date order."""
    anchors: dict[str, int] = {}
    first, last = decisions[0].decided_on, decisions[-1].decided_on
    span = long_date(first) if first == last else f"{long_date(first)} au {long_date(last)}"
    story: list[Flowable] = [
        para("DÉCISIONS PRISES PAR DÉLÉGATION", "title"),
        para(
            markup(
                f"en application de l'article L2122-22 du code général des collectivités "
                f"territoriales (article R2122-7-1) — du {span}"
            ),
            "subtitle",
        ),
    ]
    for d in decisions:
        block: list[Flowable] = [
            _Anchor(d.number, anchors),
            para(
                f"Décision n°{NBSP}{escape_markup(d.number)} "
                f"du {escape_markup(long_date(d.decided_on))}",
                "item",
            ),
            para(f"<b>Objet{NBSP}:</b> {markup(d.title)}", "object"),
            para(f"<b>Délégation{NBSP}:</b> {markup(d.delegation)}", "left"),
        ]
        block += [para(markup(t), "body") for t in paragraphs(d.text)]
        story += block
    noon = datetime(last.year, last.month, last.day, 12)
    content, pages = _render(
        story,
        heading=_heading(assembly, year),
        running=f"Décisions prises par délégation — {span}",
        first_feuillet=first_feuillet,
        title=f"{register_title(assembly)} — décisions prises par délégation",
        author=assembly.organisation,
        created=noon,
    )
    return RenderedPart(content, pages, {k: first_feuillet + v - 1 for k, v in anchors.items()})


# --------------------------------------------------------------------------- the tables


def objet_key(title: str) -> str:
    """Sort key of an objet: accents and case ignored."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return " ".join(text.split())


def _table(rows: list[list[Flowable]]) -> Table:
    widths = [TEXT_WIDTH * w for w in (0.17, 0.14, 0.55, 0.14)]
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )


def _rows(entries: Sequence[TableEntry], first: str) -> list[list[Flowable]]:
    header = [first, "N°", "Objet", "Feuillet"]
    rows: list[list[Flowable]] = [[para(h, "cell_bold") for h in header]]
    for e in entries:
        cells = [
            escape_markup(e.day.strftime("%d/%m/%Y")),
            escape_markup(e.number),
            f"{escape_markup(e.kind)}{NBSP}: {markup(e.title)}",
            str(e.feuillet),
        ]
        if first == "Objet":
            cells = [cells[2], cells[1], escape_markup(e.day.strftime("%d/%m/%Y")), cells[3]]
        rows.append([para(c, "cell") for c in cells])
    return rows


def render_tables(assembly: Assembly, year: int, entries: Sequence[TableEntry]) -> bytes:
    """Table chronologique and table par objet of the year's register."""
    by_date = sorted(entries, key=lambda e: (e.day, e.feuillet, e.number))
    by_objet = sorted(entries, key=lambda e: (objet_key(e.title), e.day, e.number))
    story: list[Flowable] = [
        para(escape_markup(assembly.organisation.upper()), "organisation"),
        para(f"TABLES DU REGISTRE — ANNÉE {year}", "title"),
        para(markup(register_title(assembly)), "subtitle"),
        para("Table chronologique", "heading"),
    ]
    if by_date:
        story.append(_table(_rows(by_date, "Date")))
    else:
        story.append(para("Aucune délibération ni décision inscrite.", "left"))
    story.append(PageBreak())
    story.append(para("Table par objet", "heading"))
    if by_objet:
        objet_rows = _rows(by_objet, "Objet")
        objet_rows[0] = [para(h, "cell_bold") for h in ("Objet", "N°", "Date", "Feuillet")]
        table = Table(
            objet_rows,
            colWidths=[TEXT_WIDTH * w for w in (0.55, 0.14, 0.17, 0.14)],
            repeatRows=1,
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            ),
        )
        story.append(table)
    last = max((e.day for e in entries), default=date(year, 1, 1))
    content, _ = _render(
        story,
        heading=_heading(assembly, year),
        running=f"Tables de l'année {year}",
        first_feuillet=None,
        title=f"{register_title(assembly)} — tables {year}",
        author=assembly.organisation,
        created=datetime(last.year, last.month, last.day, 12),
    )
    return content


__all__ = [
    "Decision",
    "RenderedPart",
    "TableEntry",
    "closing_story",
    "present_members",
    "render_decisions_part",
    "render_session_part",
    "render_tables",
]
