"""List of the deliberations examined (L2121-25): number, title, result
and figures of every item, posted and published within a week."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.documents.common import (
    body_name,
    elected_list_phrase,
    elected_phrase,
    plain_short_name,
    president_title,
    reconciliation_sentence,
    status_word,
)
from app.documents.french import (
    NBSP,
    definite,
    escape_markup,
    long_date,
    lower_first,
    markup,
    short_date,
)
from app.documents.pdf import FONT_BOLD, LIGHT, RULE, TEXT_WIDTH, build_pdf, para
from app.domain.assembly import AssemblyKind
from app.domain.projections import is_deliberation
from app.domain.state import ItemRecord, ItemStatus, SessionState
from app.domain.wording import figures, ordinal, plural

COMMUNAL_LAW = (
    AssemblyKind.CONSEIL_MUNICIPAL,
    AssemblyKind.CONSEIL_COMMUNAUTAIRE,
    AssemblyKind.COMITE_SYNDICAL,
)


def result_label(rec: ItemRecord) -> str:
    """« Adoptée à l'unanimité », « Rejetée », « Retirée »… (a deliberation: feminine);
    an election reads « Élection » (nobody adopts a person), « Sans élu » before a winner;
    a single candidate appointed without a vote, « Nomination sans vote »."""
    if rec.appointed is not None and not rec.rounds:
        return "Nomination sans vote"
    if (
        (rec.rounds or rec.list_rounds)
        and rec.status is not ItemStatus.WITHDRAWN
        and rec.status is not ItemStatus.POSTPONED
    ):
        elected = rec.elected is not None or rec.elected_list is not None
        return "Élection" if elected else "Élection sans élu"
    label = status_word(rec.status).capitalize()
    if rec.vote is not None and rec.vote.adopted and rec.vote.unanimous:
        label += " à l'unanimité"
    return label


def result_figures(state: SessionState, rec: ItemRecord) -> str:
    if rec.appointed is not None and not rec.rounds:
        m = state.members.get(rec.appointed)
        e = "e" if m is not None and m.is_feminine else ""
        return f"{plain_short_name(state, rec.appointed)}, seul{e} candidat{e}"
    if rec.vote is not None:
        text = figures(rec.vote)
        if rec.vote.recused:
            text += f" ; {plural(len(rec.vote.recused), 'membre')} ne prenant pas part au vote"
        if rec.snapshot is not None:  # each term of the voters' count (present + …)
            text += f" ; {lower_first(reconciliation_sentence(state, rec.snapshot))}"
        return text
    if rec.list_rounds:
        last_list = rec.list_rounds[-1]
        if last_list.elected:
            return elected_list_phrase(state, last_list)
        return f"{ordinal(last_list.round)} tour sans élu"
    if rec.rounds:
        last = rec.rounds[-1]
        if last.elected:
            return elected_phrase(state, last)
        return f"{ordinal(last.round)} tour sans élu"
    return ""


def list_story(state: SessionState) -> list[Flowable]:
    assembly, session = state.assembly, state.session
    law = (
        " (article L2121-25 du code général des collectivités territoriales)"
        if assembly.kind in COMMUNAL_LAW
        else ""
    )
    story: list[Flowable] = [
        para(escape_markup(assembly.organisation.upper()), "organisation"),
        para("LISTE DES DÉLIBÉRATIONS EXAMINÉES", "title"),
        para(
            markup(
                f"par {definite(body_name(assembly))} en sa séance du "
                f"{long_date(session.date)}{law}"
            ),
            "subtitle",
        ),
    ]
    rows: list[list[object]] = [
        [para(h, "cell_bold") for h in ("N°", "Objet", "Résultat", "Votes")]
    ]
    for rec in state.item_records():
        status_style = (
            "cell_bold" if rec.status in (ItemStatus.ADOPTED, ItemStatus.REJECTED) else "cell"
        )
        rows.append(
            [
                para(escape_markup(rec.item.id), "cell"),
                para(markup(rec.item.title), "cell"),
                para(escape_markup(result_label(rec)), status_style),
                para(markup(result_figures(state, rec)), "cell"),
            ]
        )
    story.append(
        Table(
            rows,
            colWidths=[TEXT_WIDTH * w for w in (0.12, 0.46, 0.17, 0.25)],
            repeatRows=1,
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            ),
        )
    )
    decided = sum(1 for r in state.item_records() if is_deliberation(r))
    story.append(Spacer(1, 4))
    story.append(
        para(
            f"{plural(len(session.items), 'point')} à l'ordre du jour, "
            f"{plural(decided, 'délibération')} "
            f"{'votées' if decided > 1 else 'votée'}.",
            "small",
        )
    )
    story.append(Spacer(1, 14))
    dots = "." * 28
    if assembly.publication == "affichage":
        story.append(para(f"Affichée le{NBSP}: {dots}", "left"))
    else:
        story.append(para(f"Publiée sur le site internet le{NBSP}: {dots}", "left"))
    story.append(Spacer(1, 10))
    pres = state.members.get(session.president or "")
    sign: list[Flowable] = [para(escape_markup(president_title(state)), "signature")]
    if pres is not None:
        sign.append(para(escape_markup(pres.formal_name), "signature"))
    story.append(Table([[sign]], colWidths=[TEXT_WIDTH * 0.45], hAlign="RIGHT"))
    return story


def build_deliberations_list(state: SessionState, path: Path) -> Path:
    assembly, session = state.assembly, state.session
    return build_pdf(
        path,
        list_story(state),
        title=f"Liste des délibérations — séance du {short_date(session.date)}",
        author=assembly.organisation,
        subject=f"Liste des délibérations examinées par {definite(body_name(assembly))} "
        f"en sa séance du {short_date(session.date)}",
        footer=f"{assembly.organisation} — liste des délibérations du {short_date(session.date)}",
        created=state.closed_at or state.last_at,
    )
