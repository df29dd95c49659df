"""Minutes of the session (procès-verbal), read back."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from app.documents.minutes import build_minutes, opening_attendance
from app.domain.events import Arrived, ItemOpened, SessionOpened
from app.domain.state import SessionState
from tests.factories import fold
from tests.unit.documents.conftest import flat, pdf_text
from tests.unit.documents.scenario import TRICKY_NAME

PV = "proces-verbal_2026-03-12.pdf"


def test_page_numbers(exported: dict[str, Path], texts: dict[str, str]) -> None:
    pages = len(PdfReader(str(exported[PV])).pages)
    assert pages >= 2
    found = re.findall(r"Page (\d+) / (\d+)", texts[PV])
    assert found == [(str(n), str(pages)) for n in range(1, pages + 1)]


def test_header_opening_president_and_secretary(texts: dict[str, str]) -> None:
    text = flat(texts[PV])
    assert "PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL" in text
    assert "du jeudi 12 mars 2026" in text
    assert "Le douze mars deux mille vingt-six à dix-huit heures trente" in text
    assert "La séance est ouverte à 18 h 34." in text
    assert "Présidence : Madame Anne MARTIN, Maire" in text
    assert (
        "Mme ŒUVRARD Chloé est désignée secrétaire de séance (article L2121-15 du CGCT)."
    ) in text


def test_attendance_at_the_opening(texts: dict[str, str], tricky_state: SessionState) -> None:
    att = opening_attendance(tricky_state)
    assert len(att.present) == 12 and len(att.represented) == 4
    text = flat(texts[PV])
    assert "Présents (12) : Mme MARTIN Anne, M. BERNARD Paul" in text
    # présents + excusés + absents = en exercice; the represented are counted inside
    assert (
        "Excusés (4 dont 2 représentés) : Mme ROUX Emma, M. VINCENT Louis, Mme MULLER "
        "Jeanne (pouvoir à Mme MARTIN) et M. LEROY Gabriel (pouvoir à M. BERNARD)"
    ) in text
    assert f"Absents (7 dont 2 représentés) : Mme BONNET Camille, M. {TRICKY_NAME} Lucas" in text
    assert (f"Pouvoirs non exercés (porteur absent) : de M. ANDRÉ à M. {TRICKY_NAME}") in text
    assert (
        "Le quorum étant atteint (12 présents sur 23 membres en exercice), le conseil "
        "municipal peut valablement délibérer."
    ) in text


def test_agenda_and_items_in_order(texts: dict[str, str]) -> None:
    text = flat(texts[PV])
    assert "Ordre du jour" in text
    positions = [text.index(f"Point {n} — délibération 2026-01{n}") for n in range(1, 7)]
    positions.append(text.index("Point 7 — 2026-017"))  # withdrawn: no délibération
    assert positions == sorted(positions)
    assert "délibération 2026-017" not in text
    assert "Communications Madame le Maire rend compte des décisions" in text


def test_arrivals_and_departures_in_the_flow(texts: dict[str, str]) -> None:
    text = flat(texts[PV])
    arrive = f"M. {TRICKY_NAME} arrive à 18 h 45, avant le vote du point 2."
    bonnet = "Mme BONNET arrive à 19 h 02, après le vote du point 2."
    girard = "M. GIRARD quitte la séance à 19 h 40, avant le vote du point 4."
    for sentence in (arrive, bonnet, girard):
        assert sentence in text
    item2, item3 = text.index("Point 2 —"), text.index("Point 3 —")
    assert item2 < text.index(arrive) < text.index("Adopté par", item2) < text.index(bonnet) < item3
    item4, item5 = text.index("Point 4 —"), text.index("Point 5 —")
    assert item4 < text.index(girard) < item5
    assert "La séance est suspendue à 19 h 20." in text
    assert "La séance reprend à 19 h 31." in text


def test_item_content(texts: dict[str, str]) -> None:
    text = flat(texts[PV])
    assert (
        "Débats M. DUPONT regrette l'absence de baisse des taux : « la commune en a les moyens »."
    ) in text
    assert "l'épargne brute reste < 10 % des recettes." in text
    assert "M. LEFÈVRE ne prend pas part au vote (conseiller intéressé" in text
    assert "Le scrutin public ayant été demandé" in text
    assert "Ont voté pour : Mme MARTIN" in text
    assert (
        "Adopté à la majorité absolue des suffrages exprimés : 13 pour, 3 contre, 2 abstentions."
    ) in text
    assert "Le quorum étant atteint (13 présents sur 23 membres en exercice)" in text
    assert "Il est procédé à l'élection au scrutin secret." in text
    assert "Le point est retiré de l'ordre du jour." in text


def test_closing_signatures_and_fingerprint(texts: dict[str, str]) -> None:
    text = flat(texts[PV])
    assert "L'ordre du jour étant épuisé, la séance est levée à 20 h 15." in text
    assert "La présidente de séance, Madame Anne MARTIN" in text
    assert "La secrétaire de séance, Madame Chloé ŒUVRARD" in text
    assert "Empreinte du journal : sha256:" + "0f" * 32 in text
    assert text.index("levée à 20 h 15") < text.index("Empreinte du journal")


def test_without_fingerprint_nothing_is_printed(tmp_path: Path, tricky_state: SessionState) -> None:
    text = pdf_text(build_minutes(tricky_state, tmp_path / "pv.pdf"))
    assert "Empreinte" not in text


def test_byte_identical(tmp_path: Path, tricky_state: SessionState) -> None:
    a = build_minutes(tricky_state, tmp_path / "a.pdf", fingerprint="x").read_bytes()
    b = build_minutes(tricky_state, tmp_path / "b.pdf", fingerprint="x").read_bytes()
    assert a == b


def test_session_still_open(tmp_path: Path) -> None:
    state = fold([SessionOpened(), Arrived(member="m1"), ItemOpened(item="P1")])
    text = flat(pdf_text(build_minutes(state, tmp_path / "pv.pdf")))
    assert "Aucune décision n'a été enregistrée sur ce point." in text
    assert "L'heure de clôture de la séance n'a pas été enregistrée." in text
    assert "Le quorum n'est pas atteint (1 présent sur 23 membres en exercice, 12 requis" in text


def test_recusal_sentence_agrees_with_the_member() -> None:
    """« Mme X ne prend pas part au vote (conseillère intéressée…) », not « conseiller
    intéressé » — and the same for the representative of the collectivity (L1111-6)."""
    from app.documents.minutes import movement_sentence
    from app.domain.events import RecusalKind, Recused

    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 10)]
    events += [
        ItemOpened(item="P1"),
        Recused(member="m1", item="P1"),
        Recused(member="m2", item="P1"),
        Recused(member="m3", item="P1", kind=RecusalKind.L1111_6),
        Recused(member="m4", item="P1", kind=RecusalKind.L1111_6),
    ]
    state = fold(events)
    sentences = [
        movement_sentence(state, entry, {"P1": 1})
        for entry in state.timeline
        if isinstance(entry.event, Recused)
    ]
    assert [s.split(" (", 1)[1] for s in sentences] == [
        "conseillère intéressée, article L2131-11 du CGCT).",
        "conseiller intéressé, article L2131-11 du CGCT).",
        "représentante de la collectivité au sein de l'organisme concerné, article "
        "L1111-6 du CGCT).",
        "représentant de la collectivité au sein de l'organisme concerné, article "
        "L1111-6 du CGCT).",
    ]
