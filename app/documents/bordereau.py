"""Bordereau de télétransmission: one page per act, for the clerk to check what will be
typed into (or sent to) the operator's form before uploading: the act's fields under
their French labels, then each piece with its typology, size and SHA-256 fingerprint."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.documents.french import NBSP, escape_markup, markup, short_date
from app.documents.pdf import FONT_BOLD, LIGHT, RULE, TEXT_WIDTH, build_pdf, para
from app.domain.assembly import NATURES
from app.domain.transmission import PASTELL_NATURE, ActDossier, Piece

_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size}{NBSP}o"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f}{NBSP}ko"
    return f"{size / (1024 * 1024):.1f}{NBSP}Mo".replace(".", ",")


def bordereau_story(
    d: ActDossier,
    act: Piece,
    *,
    organisation: str,
    body: str,
    session_date: str,
    expected_id: str = "",
) -> list[Flowable]:
    fields = [
        ("Nature", f"{NATURES[d.nature]} ({d.nature}, code {PASTELL_NATURE[d.nature]})"),
        ("Numéro de l'acte", d.number),
        ("Objet", d.objet),
        ("Date de l'acte", short_date(d.decided_on)),
        ("Classification", " — ".join(p for p in (d.classification, d.classification_label) if p)),
        ("Typologie de l'acte", d.typology),
        ("Documents papier", "oui" if d.paper else "non"),
        ("Séance", f"{body} du {session_date}, point {d.item_id}"),
    ]
    if expected_id:
        fields.append(("Identifiant attendu", expected_id))
    rows = [
        [para(f"<b>{escape_markup(k)}</b>", "cell"), para(markup(v), "cell")] for k, v in fields
    ]
    story: list[Flowable] = [
        para(escape_markup(organisation.upper()), "organisation"),
        para("BORDEREAU DE TÉLÉTRANSMISSION", "title"),
        para(f"Acte n°{NBSP}{escape_markup(d.number)}", "subtitle"),
        Table(rows, colWidths=[TEXT_WIDTH * 0.27, TEXT_WIDTH * 0.73], style=_STYLE),
        para("Pièces", "heading"),
    ]
    pieces: list[list[object]] = [
        [para(h, "cell_bold") for h in ("Fichier", "Rôle", "Typologie", "Taille", "SHA-256")]
    ]
    for role, p in [("acte", act)] + [("annexe", a) for a in d.annexes]:
        pieces.append(
            [
                para(escape_markup(p.filename), "cell"),
                para(role, "cell"),
                para(escape_markup(p.typology), "cell"),
                para(_size(p.size), "cell"),
                para(f"<font size=6>{p.sha256[:32]}<br/>{p.sha256[32:]}</font>", "cell"),
            ]
        )
    style = TableStyle(
        list(_STYLE.getCommands())
        + [("BACKGROUND", (0, 0), (-1, 0), LIGHT), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)]
    )
    story.append(
        Table(
            pieces,
            colWidths=[TEXT_WIDTH * w for w in (0.30, 0.11, 0.13, 0.09, 0.37)],
            style=style,
            repeatRows=1,
        )
    )
    story.append(Spacer(1, 14))
    dots = "." * 28
    for line in (
        f"Vérifié le{NBSP}: {dots}",
        f"Par{NBSP}: {dots}",
        f"Transmis le{NBSP}: {dots}",
        f"Accusé de réception (identifiant){NBSP}: {dots}",
    ):
        story.append(para(line, "left"))
    return story


def build_bordereau(
    d: ActDossier,
    act: Piece,
    path: Path,
    *,
    organisation: str,
    body: str,
    session_date: str,
    expected_id: str = "",
) -> Path:
    story = bordereau_story(
        d,
        act,
        organisation=organisation,
        body=body,
        session_date=session_date,
        expected_id=expected_id,
    )
    return build_pdf(
        path,
        story,
        title=f"Bordereau de télétransmission — acte {d.number}",
        author=organisation,
        subject="Bordereau de télétransmission",
        footer=f"{organisation} — bordereau de l'acte {d.number}",
        keywords=d.number,
    )
