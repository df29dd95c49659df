"""Every document, for stress rosters, read back with pypdf: no two lines of text
overlap, nothing leaves the page, names break only between words or after a hyphen,
group headings are repeated on continuation pages, footers never touch the page number."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.export import export_documents
from app.domain.state import SessionState, replay
from tests.unit.documents.conftest import flat, pdf_text
from tests.unit.documents.layout import layout_problems, text_runs, words_intact
from tests.unit.documents.stress import (
    LONG_GROUP,
    LONG_NAME,
    ORG_60,
    ORG_LONG,
    stress_state,
)

CASES = {
    "long-names": {"count": 40},
    "long-organisation-weighted": {"count": 40, "organisation": ORG_LONG, "weighted": True},
    "300-members": {"count": 300},
}


@pytest.fixture(scope="module")
def stress_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out: dict[str, dict[str, Path]] = {}
    for case, kwargs in CASES.items():
        state = stress_state(**kwargs)  # type: ignore[arg-type]
        folder = tmp_path_factory.mktemp(case)
        paths = export_documents(state.assembly, state.session, state, folder)
        blank = replay(state.assembly, state.session, [])
        paths += export_documents(
            blank.assembly, blank.session, blank, folder / "blank", ["attendance"]
        )
        out[case] = {
            (p.parent.name + "/" if p.parent.name == "blank" else "") + p.name: p
            for p in paths
            if p.suffix == ".pdf"
        }
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_no_overlap_and_nothing_off_the_page(
    stress_docs: dict[str, dict[str, Path]], case: str
) -> None:
    docs = stress_docs[case]
    assert len(docs) == 8  # 4 extracts, minutes, sheet (filled and blank), list
    for name, path in docs.items():
        assert layout_problems(path) == [], name


def test_the_checker_sees_an_overlap(tmp_path: Path) -> None:
    """The helper itself: two strings drawn on top of each other are reported."""
    from reportlab.pdfgen.canvas import Canvas

    from app.documents.pdf import FONT

    canvas = Canvas(str(tmp_path / "x.pdf"))
    canvas.setFont(FONT, 10)
    canvas.drawString(100, 500, "Présidente")
    canvas.drawString(100, 495, "Mme D'ALEMBERT")
    canvas.drawString(580, 300, "hors de la page")
    canvas.save()
    problems = layout_problems(tmp_path / "x.pdf")
    assert any("chevauche" in p for p in problems)
    assert any("sort de la page" in p for p in problems)


def test_attendance_sheet_rows_grow_and_names_break_between_words(
    stress_docs: dict[str, dict[str, Path]],
) -> None:
    for case in CASES:
        path = stress_docs[case]["emargement_2026-06-18.pdf"]
        text = pdf_text(path)
        for name in (LONG_NAME, "Marie-Hélène-Françoise", "OUEDRAOGO-FITZGERALD DE MONTMORENCY"):
            assert words_intact(text, name), (case, name)
        assert "Jörg" in text and "1re vice-présidente" in text


def test_group_headings_repeat_on_continuation_pages(
    stress_docs: dict[str, dict[str, Path]],
) -> None:
    path = stress_docs["300-members"]["emargement_2026-06-18.pdf"]
    runs = text_runs(path)
    pages = max(r.page for r in runs)
    assert pages > 3
    for page in range(2, pages + 1):
        first = [r for r in runs if r.page == page]
        top = sorted(first, key=lambda r: -r.y)
        # the column header, then a group heading (« … (suite) » when it continues)
        assert top[0].text == "Membre", page
        heading = next(r for r in top[1:] if r.x < 80)
        assert heading.text.startswith(("Région", "Département", "Communes", "Communauté")), (
            page,
            heading.text,
        )
    text = flat(pdf_text(path))
    assert "(suite)" in text


def test_a_member_who_comes_back(stress_docs: dict[str, dict[str, Path]]) -> None:
    sheet = flat(pdf_text(stress_docs["long-names"]["emargement_2026-06-18.pdf"]))
    assert "Présent (arrivé à 18 h 02, parti à 18 h 20, revenu à 18 h 33)" in sheet
    assert "arrivé à 18 h 33" not in sheet
    minutes = flat(pdf_text(stress_docs["long-names"]["proces-verbal_2026-06-18.pdf"]))
    assert "M. DURAND Jean (1960) quitte la séance à 18 h 20" in minutes
    assert "M. DURAND Jean (1960) revient à 18 h 33" in minutes


@pytest.mark.parametrize("organisation", [ORG_60, ORG_LONG])
def test_footer_stays_clear_of_the_page_number(
    stress_docs: dict[str, dict[str, Path]], organisation: str
) -> None:
    case = "long-names" if organisation == ORG_60 else "long-organisation-weighted"
    for path in stress_docs[case].values():
        runs = text_runs(path)
        numbers = [r for r in runs if r.text.replace("\u00a0", " ").startswith("Page ")]
        assert numbers
        for number in numbers:
            footer = [r for r in runs if r.page == number.page and r.y < 40 and r is not number]
            assert footer
            assert all(r.right < number.x - 5 for r in footer), [r.text for r in footer]


def test_group_heading_long_name_wraps(stress_docs: dict[str, dict[str, Path]]) -> None:
    text = pdf_text(stress_docs["long-names"]["extrait_2026-101.pdf"])
    assert words_intact(text, LONG_GROUP)


def _vote_and_last_article_pages(path: Path) -> tuple[int, int]:
    runs = text_runs(path)
    last = max(r.page for r in runs if r.text.startswith("Article 5"))
    vote = min(r.page for r in runs if r.text.startswith("Adopté par"))
    return last, vote


def test_results_stay_with_their_articles(tmp_path: Path) -> None:
    """Whatever the length of the report, the vote is on the page of the last article."""
    from dataclasses import replace

    base = stress_state(20)
    checked = 0
    for words in range(0, 400, 23):
        session = base.session
        items = list(session.items)
        items[0] = replace(items[0], preamble=" ".join(["Le contexte est rappelé."] * words))
        state = replay(base.assembly, replace(session, items=tuple(items)), _journal(base))
        path = export_documents(
            state.assembly, state.session, state, tmp_path / str(words), ["extracts"]
        )[0]
        last, vote = _vote_and_last_article_pages(path)
        assert last == vote, words
        checked += 1
    assert checked > 10


def _journal(state: SessionState) -> list:  # type: ignore[type-arg]
    return [entry.event for entry in state.timeline]
