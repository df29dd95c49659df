"""Extract of the register of deliberations: one PDF per deliberation (DOCUMENTS.md §1).

The attendance printed is the one frozen with the item's vote (``ItemRecord.snapshot``),
so a member who arrived during item 2 is absent in the extract of item 1 and present in
the extract of item 3.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents.common import (
    article_markup,
    attendance_counts,
    attendance_table,
    body_name,
    opening_sentence,
    president_title,
    quorum_sentence,
    secretaries,
    short_name,
    vote_flowables,
)
from app.documents.french import (
    NBSP,
    definite,
    escape_markup,
    markup,
    of_phrase_upper,
    paragraphs,
    short_date,
    upper_first,
)
from app.documents.pdf import RULE, TEXT_WIDTH, build_pdf, bullet, heading_before_long, para
from app.domain.assembly import Assembly, Item, Session
from app.domain.state import ItemRecord, SessionState
from app.domain.wording import join_names


def department_code(department: str) -> str:
    """The department on 3 characters, as @ctes wants it: « 99 » → « 099 », « 2A » → « 02A »."""
    dep = department.strip().upper()
    return dep.rjust(3, "0") if dep else ""


def actes_id(assembly: Assembly, session: Session, item: Item) -> str | None:
    """« 099-219900008-20260312-2026_014-DE »; None when the department or SIREN is unknown."""
    dep = department_code(assembly.department)
    siren = assembly.siren.strip()
    if not dep or not siren:
        return None
    return f"{dep}-{siren}-{session.date:%Y%m%d}-{item.act_number}-{item.nature}"


def _header(state: SessionState, item: Item) -> list[Flowable]:
    assembly = state.assembly
    out: list[Flowable] = [
        para(f"DÉLIBÉRATION {escape_markup(item.id)}", "number"),
        para(escape_markup(assembly.organisation.upper()), "organisation"),
        para(
            "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS "
            f"{escape_markup(of_phrase_upper(body_name(assembly)))}",
            "title",
        ),
        para(f"Séance du {short_date(state.session.date)}", "subtitle"),
        para(f"<b>Objet{NBSP}:</b> <b>{markup(item.title.upper())}</b>", "object"),
    ]
    return out


def _transmission(state: SessionState, item: Item) -> Table:
    t = state.session.transmission(item.id)
    blank = "." * 28

    def when(value: object) -> str:
        return short_date(value) if value else blank  # type: ignore[arg-type]

    # the identifier the préfecture acknowledged wins over the one computed here
    ident = (t.actes_id if t else "") or actes_id(state.assembly, state.session, item)
    rows = [
        [para(f"Envoyé en préfecture le{NBSP}: {when(t.sent_on if t else None)}", "cell")],
        [para(f"Reçu en préfecture le{NBSP}: {when(t.received_on if t else None)}", "cell")],
        [para(f"Affiché le{NBSP}: {when(t.posted_on if t else None)}", "cell")],
        [para(f"ID{NBSP}: {escape_markup(ident) if ident else blank}", "cell")],
    ]
    return Table(
        rows,
        colWidths=[TEXT_WIDTH * 0.5],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        ),
    )


def _signature(state: SessionState) -> Table:
    pres = state.members.get(state.session.president or "")
    lines = [
        para("Pour extrait conforme,", "signature"),
        para(escape_markup(president_title(state)), "signature"),
    ]
    if pres is not None:
        lines.append(para(escape_markup(pres.formal_name), "signature"))
    lines.append(Spacer(1, 2.2 * 28.35))
    return Table(
        [[lines]],
        colWidths=[TEXT_WIDTH * 0.45],
        hAlign="RIGHT",
        style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]),
    )


def extract_story(state: SessionState, rec: ItemRecord) -> list[Flowable]:
    """The flowables of one extract, top to bottom as DOCUMENTS.md §1 lists them."""
    item = rec.item
    att = rec.snapshot if rec.snapshot is not None else state.attendance(item.id)
    body = definite(body_name(state.assembly))
    story = _header(state, item)
    story.append(para(markup(opening_sentence(state)), "body"))
    secs = secretaries(state)
    if secs:
        label = "Secrétaires de séance" if len(secs) > 1 else "Secrétaire de séance"
        story.append(
            para(
                f"{label}{NBSP}: {escape_markup(join_names([m.short_name for m in secs]))}", "left"
            )
        )
    story += heading_before_long(
        "Membres en exercice et présences lors du vote de cette délibération", "subheading_free"
    )
    story.append(attendance_table(state, att))
    story.append(Spacer(1, 4))
    story.append(para(attendance_counts(att), "small"))
    story.append(Spacer(1, 3))
    story.append(para(markup(quorum_sentence(state, att.quorum)), "body"))

    if item.rapporteur:
        story.append(
            para(
                f"<b>Rapporteur{NBSP}:</b> {escape_markup(short_name(state, item.rapporteur))}",
                "left",
            )
        )
    for text in paragraphs(item.preamble):
        story.append(para(markup(text), "body"))
    for visa in item.visas:
        story.append(para(markup(visa), "body"))
    story.append(Spacer(1, 4))
    story.append(para(f"<b>{escape_markup(upper_first(body))},</b>", "lead"))
    if item.articles:
        story.append(para("après en avoir délibéré,", "lead"))
        for number, article in enumerate(item.articles, start=1):
            story.append(para(article_markup(number, article), "body"))

    story.append(KeepTogether(vote_flowables(state, rec)))
    if item.annexes:
        story.append(para("Annexes", "subheading"))
        for annex in item.annexes:
            story.append(bullet(markup(annex)))
    story.append(Spacer(1, 10))
    story.append(
        KeepTogether(
            [
                Table(
                    [[_transmission(state, item), _signature(state)]],
                    colWidths=[TEXT_WIDTH * 0.52, TEXT_WIDTH * 0.48],
                    style=TableStyle(
                        [
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ]
                    ),
                ),
            ]
        )
    )
    return story


def build_extract(state: SessionState, item_id: str, path: Path) -> Path:
    """Write the extract of ``item_id`` to ``path``."""
    rec = state.items[item_id]
    assembly = state.assembly
    title = f"Délibération {rec.item.id} — {rec.item.title}"
    footer = f"{assembly.organisation} — délibération {rec.item.id}"
    return build_pdf(
        path,
        extract_story(state, rec),
        title=title,
        author=assembly.organisation,
        subject="Extrait du registre des délibérations",
        footer=footer,
        keywords=rec.item.act_number,
    )
