"""Extract of the register of deliberations: one PDF per deliberation.

The attendance printed is the one frozen with the item's vote (``ItemRecord.snapshot``),
so a member who arrived during item 2 is absent in the extract of item 1 and present in
the extract of item 3.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents.common import (
    COMPACT_ABOVE,
    article_markup,
    attendance_counts,
    attendance_table,
    body_name,
    compact_attendance,
    decision_block,
    opening_sentence,
    president_title,
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
    lower_first,
    markup,
    of_phrase,
    of_phrase_upper,
    paragraphs,
    short_date,
    upper_first,
)
from app.documents.pdf import RULE, TEXT_WIDTH, build_pdf, bullet, heading_before_long, para
from app.domain.assembly import Assembly, Item, Session
from app.domain.projections import item_attendance
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


def publication_label(assembly: Assembly) -> str:
    """« Publié le » (electronic publication, the rule since 1 July 2022, L2131-1) or
    « Affiché le » (communes under 3 500 inhabitants that chose posting)."""
    return "Affiché le" if assembly.publication == "affichage" else "Publié le"


def _transmission(state: SessionState, item: Item) -> Table:
    t = state.session.transmission(item.id)
    blank = "." * 28

    def when(value: object) -> str:
        return short_date(value) if value else blank  # type: ignore[arg-type]

    # the identifier the préfecture acknowledged wins over the one computed here
    ident = (t.actes_id if t else "") or actes_id(state.assembly, state.session, item)
    published = publication_label(state.assembly)
    rows = [
        [para(f"Envoyé en préfecture le{NBSP}: {when(t.sent_on if t else None)}", "cell")],
        [para(f"Reçu en préfecture le{NBSP}: {when(t.received_on if t else None)}", "cell")],
        [para(f"{published}{NBSP}: {when(t.posted_on if t else None)}", "cell")],
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


def done_at(state: SessionState) -> str:
    """« Fait à Saint-Exemple, le 12 mars 2026 » (dots when the town is not known)."""
    town = state.assembly.town.strip() or "." * 24
    return f"Fait à {town}, le {short_date(state.session.date)}"


def _signature_cell(lines: list[str]) -> list[Flowable]:
    cell: list[Flowable] = [para(escape_markup(line), "signature") for line in lines]
    cell.append(Spacer(1, 1.8 * 28.35))
    return cell


def signatures(state: SessionState) -> list[Flowable]:
    """« Fait à …, le … », then the president's and each secretary's place to sign
    (L2121-23: the délibération is signed by the president and the secretary)."""
    pres = state.members.get(state.session.president or "")
    cells = [
        _signature_cell(
            ["Pour extrait conforme,", president_title(state)]
            + ([pres.formal_name] if pres is not None else [])
        )
    ]
    for sec in secretaries(state):
        title = "La secrétaire de séance," if sec.is_feminine else "Le secrétaire de séance,"
        cells.append(_signature_cell([title, sec.formal_name]))
    if not state.session.secretaries:
        cells.append(_signature_cell(["Le secrétaire de séance,"]))
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) < 2:
        rows[-1] = [*rows[-1], []]
    return [
        para(escape_markup(done_at(state)), "left"),
        Table(
            rows,
            colWidths=[TEXT_WIDTH / 2] * 2,
            style=TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
            ),
        ),
    ]


def executory(state: SessionState, item: Item) -> Flowable | None:
    """« Certifié exécutoire » once the act is both received in préfecture and published
    (L2131-1); None before."""
    t = state.session.transmission(item.id)
    if t is None or t.received_on is None or t.posted_on is None:
        return None
    made_public = "l'affichage" if state.assembly.publication == "affichage" else "la publication"
    title = president_title(state).rstrip(",")
    text = (
        f"Certifié exécutoire par {lower_first(title)}, compte tenu de la réception en "
        f"préfecture le {short_date(t.received_on)} et de {made_public} le "
        f"{short_date(t.posted_on)}."
    )
    return para(escape_markup(text), "small")


def extract_story(
    state: SessionState, rec: ItemRecord, *, fingerprint: str | None = None
) -> list[Flowable]:
    """The flowables of one extract, top to bottom; ``fingerprint`` (the journal's digest
    the minutes print, which ``seance verify --fingerprint`` accepts) at the end."""
    item = rec.item
    att = item_attendance(state, rec)
    body = definite(body_name(state.assembly))
    story = _header(state, item)
    story.append(para(markup(opening_sentence(state)), "body"))
    secs = secretaries(state)
    if secs:
        label = "Secrétaires de séance" if len(secs) > 1 else "Secrétaire de séance"
        names = join_names([short_name(state, m.id) for m in secs])
        story.append(para(f"{label}{NBSP}: {escape_markup(names)}", "left"))
    story += heading_before_long(
        "Membres en exercice et présences lors du vote de cette délibération", "subheading_free"
    )
    if len(att.seats) > COMPACT_ABOVE:
        story += compact_attendance(state, att)
    else:
        story.append(attendance_table(state, att))
    story.append(Spacer(1, 4))
    story.append(para(attendance_counts(state, att), "small"))
    story.append(Spacer(1, 3))
    story.append(para(markup(quorum_sentence(state, att.quorum)), "body"))
    story += reconciliation_flowables(state, rec, att)

    if item.rapporteur:
        story.append(
            para(
                f"<b>Rapporteur{NBSP}:</b> {escape_markup(short_name(state, item.rapporteur))}",
                "left",
            )
        )
    for text in paragraphs(item.preamble):
        story.append(para(markup(text), "body"))
    adopted = rec.vote is None or rec.vote.adopted
    story.append(Spacer(1, 4))
    opening: list[Flowable] = []
    if not adopted:
        opening.append(para(f"<b>Projet soumis au vote{NBSP}:</b>", "lead"))
    opening.append(para(f"<b>{escape_markup(upper_first(body))},</b>", "lead"))
    articles = [para(article_markup(n, a), "body") for n, a in enumerate(item.articles, 1)]
    lead = [para("après en avoir délibéré,", "lead")] if articles and adopted else []
    if item.visas:
        story += opening
        story += [para(markup(visa), "body") for visa in item.visas[:-1]]
        lead = [para(markup(item.visas[-1]), "body"), *lead]
    else:
        lead = opening + lead
    story += decision_block(lead, articles, vote_flowables(state, rec))
    if item.annexes:
        label = "Annexes" if len(item.annexes) > 1 else "Annexe"
        if len(item.annexes) == 1:
            story.append(para(f"<b>{label}{NBSP}:</b> {markup(item.annexes[0])}", "left"))
        else:
            story.append(para(label, "subheading"))
            for annex in item.annexes:
                story.append(bullet(markup(annex)))
    story.append(Spacer(1, 10))
    closing: list[Flowable] = [_transmission(state, item), Spacer(1, 8)]
    closing += signatures(state)
    certified = executory(state, item)
    if certified is not None:
        closing.append(certified)
    story.append(KeepTogether(closing))
    if fingerprint:
        story.append(Spacer(1, 6))
        story.append(para(f"Empreinte du journal{NBSP}: {escape_markup(fingerprint)}", "small"))
    return story


def extract_metadata(state: SessionState, rec: ItemRecord) -> dict[str, object]:
    assembly = state.assembly
    return {
        "title": f"Délibération {rec.item.id} — {rec.item.title}",
        "author": assembly.organisation,
        "subject": f"Extrait du registre des délibérations "
        f"{of_phrase(body_name(assembly))} — séance du {short_date(state.session.date)}",
        "footer": f"{assembly.organisation} — délibération {rec.item.id}",
        "keywords": rec.item.act_number,
        "created": state.closed_at or state.last_at,
    }


def build_extract(
    state: SessionState, item_id: str, path: Path, *, fingerprint: str | None = None
) -> Path:
    """Write the extract of ``item_id`` to ``path`` (with the journal's ``fingerprint``
    at the end, when given)."""
    rec = state.items[item_id]
    story = extract_story(state, rec, fingerprint=fingerprint)
    return build_pdf(path, story, **extract_metadata(state, rec))  # type: ignore[arg-type]
