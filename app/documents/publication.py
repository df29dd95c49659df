"""Documents of the publication pack (L2131-1, R2131-1) and the final PV.

Every published PDF ends with the mentions R2131-1 requires: the prénom, nom and qualité
of its author and the date of its publication online. The final PV (arrêté) prints « Procès-
verbal arrêté lors de la séance du … » and the remarks made on its approval, and carries
no « PROJET » mark. ``write_index`` writes the pack's static, script-free French page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.documents.common import member_of
from app.documents.deliberations_list import list_story
from app.documents.extract import extract_metadata, extract_story
from app.documents.french import NBSP, escape_markup, long_date, markup, short_date
from app.documents.minutes import minutes_story
from app.documents.pdf import build_pdf, para
from app.domain.state import ItemRecord, SessionState


@dataclass(frozen=True)
class Author:
    """The author of a published act (R2131-1): prénom, nom, qualité."""

    first_name: str
    last_name: str
    quality: str

    @property
    def text(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return f"{name}, {self.quality}" if self.quality else name


def author_of(state: SessionState) -> Author:
    """The session's president: the act's author."""
    m = member_of(state, state.session.president)
    if m is None:
        return Author("", "", "président de séance")
    quality = m.function or ("présidente de séance" if m.is_feminine else "président de séance")
    return Author(m.first_name, m.last_name, quality[:1].lower() + quality[1:])


def mention_text(author: Author, published_on: date) -> str:
    return (
        f"Publié sous forme électronique le {long_date(published_on)} "
        f"(articles L2131-1 et R2131-1 du code général des collectivités territoriales). "
        f"Auteur{NBSP}: {author.text}."
    )


def with_mention(story: list[Flowable], author: Author, published_on: date) -> list[Flowable]:
    """The story with the R2131-1 mentions under its first line (the organisation), where
    a reader of the page online sees them first."""
    mention = para(markup(mention_text(author, published_on)), "small")
    return [story[0], mention, Spacer(1, 6), *story[1:]]


def approval_text(approved_on: date) -> str:
    return f"Procès-verbal arrêté lors de la séance du {long_date(approved_on)}."


def final_minutes_story(
    state: SessionState,
    approved_on: date,
    remarks: Sequence[str],
    *,
    fingerprint: str | None = None,
) -> list[Flowable]:
    """The PV as arrêté: the approval and its remarks come right after the title."""
    story = minutes_story(state, fingerprint=fingerprint)
    block: list[Flowable] = [para(f"<b>{markup(approval_text(approved_on))}</b>", "center")]
    if remarks:
        block.append(para(f"Observations formulées lors de son approbation{NBSP}:", "lead"))
        block += [para(f"— {markup(r)}", "left") for r in remarks]
    else:
        block.append(para("Aucune observation n'a été formulée lors de son approbation.", "left"))
    block.append(Spacer(1, 6))
    return [*story[:3], KeepTogether(block), *story[3:]]


def build_final_minutes(
    state: SessionState,
    path: Path,
    *,
    approved_on: date,
    remarks: Sequence[str],
    published: tuple[Author, date] | None = None,
    fingerprint: str | None = None,
) -> Path:
    """The PV arrêté (no PROJET mark), with the publication mentions when published."""
    assembly, session = state.assembly, state.session
    story = final_minutes_story(state, approved_on, remarks, fingerprint=fingerprint)
    if published:
        story = with_mention(story, *published)
    return build_pdf(
        path,
        story,
        title=f"Procès-verbal de la séance du {short_date(session.date)}",
        author=assembly.organisation,
        subject="Procès-verbal de séance arrêté",
        footer=(
            f"{assembly.organisation} — procès-verbal de la séance du "
            f"{short_date(session.date)}, arrêté le {short_date(approved_on)}"
        ),
        created=state.closed_at or state.last_at,
        draft=False,
    )


def build_published_act(
    state: SessionState, rec: ItemRecord, path: Path, author: Author, published_on: date
) -> Path:
    """The extract of the act as published: the extract's own metadata, its author."""
    metadata = {**extract_metadata(state, rec), "author": author.text}
    return build_pdf(
        path,
        with_mention(extract_story(state, rec), author, published_on),
        **metadata,  # type: ignore[arg-type]
    )


def build_published_list(
    state: SessionState, path: Path, author: Author, published_on: date
) -> Path:
    assembly, session = state.assembly, state.session
    return build_pdf(
        path,
        with_mention(list_story(state), author, published_on),
        title=f"Liste des délibérations — séance du {short_date(session.date)}",
        author=author.text,
        subject="Liste des délibérations examinées",
        footer=f"{assembly.organisation} — liste des délibérations du {short_date(session.date)}",
        created=state.closed_at or state.last_at,
    )


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class IndexAct:
    number: str
    title: str
    result: str
    href: str
    published_on: date


@dataclass(frozen=True)
class IndexSession:
    day: date
    acts: tuple[IndexAct, ...]
    list_href: str
    list_published_on: date
    minutes_href: str | None
    minutes_published_on: date | None
    minutes_arrete_on: date | None
    author: Author


def _e(text: str) -> str:
    return html.escape(text, quote=True)


CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto;
  max-width: 48rem; padding: 1rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem; border-bottom: 1px solid #ccc; }
a { color: #0645ad; } a:focus { outline: 3px solid #ffbf47; }
.mention { font-size: .9rem; color: #333; }
@media (max-width: 36rem) {
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; left: -9999px; }
  td { border: 0; padding: .1rem 0; } tr { border-bottom: 1px solid #ccc; padding: .5rem 0; }
  td::before { content: attr(data-label) "\\00a0: "; font-weight: bold; }
}
""".strip()


def render_index(organisation: str, body: str, sessions: Sequence[IndexSession]) -> str:
    """The pack's index.html: French, no script, one section per session, newest first."""
    title = f"Actes publiés — {organisation}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f"<p>Délibérations {_e(body)}, listes des délibérations et procès-verbaux, publiés "
        "sous forme électronique en application des articles L2131-1 et R2131-1 du code "
        "général des collectivités territoriales.</p>",
        "</header>",
        "<main>",
    ]
    if not sessions:
        out.append("<p>Aucun acte publié pour l'instant.</p>")
    for s in sorted(sessions, key=lambda s: s.day, reverse=True):
        anchor = f"seance-{s.day.isoformat()}"
        out += [
            f'<section aria-labelledby="{anchor}">',
            f'<h2 id="{anchor}">Séance du {_e(long_date(s.day))}</h2>',
            "<ul>",
            f'<li><a href="{_e(s.list_href)}">Liste des délibérations examinées</a> '
            f'(PDF) — <span class="mention">publiée le {_e(long_date(s.list_published_on))}'
            "</span></li>",
        ]
        if s.minutes_href and s.minutes_published_on and s.minutes_arrete_on:
            out.append(
                f'<li><a href="{_e(s.minutes_href)}">Procès-verbal de la séance</a> (PDF), '
                f"arrêté lors de la séance du {_e(long_date(s.minutes_arrete_on))} — "
                f'<span class="mention">publié le {_e(long_date(s.minutes_published_on))}'
                "</span></li>"
            )
        else:
            out.append(f"<li>Procès-verbal{NBSP}: pas encore arrêté et signé.</li>")
        out.append("</ul>")
        if s.acts:
            out += [
                "<table>",
                f"<caption>Délibérations de la séance du {_e(long_date(s.day))}</caption>",
                '<thead><tr><th scope="col">N°</th><th scope="col">Date</th>'
                '<th scope="col">Objet</th><th scope="col">Résultat</th>'
                '<th scope="col">Publication</th></tr></thead>',
                "<tbody>",
            ]
            for a in s.acts:
                out.append(
                    "<tr>"
                    f'<td data-label="N°">{_e(a.number)}</td>'
                    f'<td data-label="Date">{_e(long_date(s.day))}</td>'
                    f'<td data-label="Objet"><a href="{_e(a.href)}">{_e(a.title)}</a> (PDF)</td>'
                    f'<td data-label="Résultat">{_e(a.result)}</td>'
                    f'<td data-label="Publication">le {_e(long_date(a.published_on))}</td>'
                    "</tr>"
                )
            out += ["</tbody>", "</table>"]
        out += [
            f'<p class="mention">Auteur des actes{NBSP}: {_e(s.author.text)}.</p>',
            "</section>",
        ]
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


__all__ = [
    "Author",
    "IndexAct",
    "IndexSession",
    "approval_text",
    "author_of",
    "build_final_minutes",
    "build_published_act",
    "build_published_list",
    "escape_markup",
    "final_minutes_story",
    "mention_text",
    "render_index",
]
