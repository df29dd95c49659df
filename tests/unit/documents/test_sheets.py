"""Attendance sheet and list of deliberations."""

from __future__ import annotations

from pathlib import Path

from app.documents.attendance_sheet import build_attendance_sheet
from app.documents.deliberations_list import build_deliberations_list
from app.domain.state import replay
from tests.unit.documents.conftest import flat, pdf_text
from tests.unit.documents.scenario import build_assembly, build_session


def test_blank_attendance_sheet_before_the_session(tmp_path: Path) -> None:
    state = replay(build_assembly(), build_session(), [])
    text = flat(pdf_text(build_attendance_sheet(state, tmp_path / "e.pdf")))
    assert "FEUILLE D'ÉMARGEMENT" in text
    assert "Séance du conseil municipal du jeudi 12 mars 2026 à 18 h 30" in text
    assert "Membre Pouvoir donné à Signature" in text
    assert "Présence" not in text and "Présent" not in text
    for name in ("Mme MARTIN Anne", "M. WIŚNIEWSKI Łukasz", "Mme MERCIER Zoé"):
        assert name in text
    assert "Feuille établie avant la séance" in text


def test_filled_attendance_sheet_after_the_session(texts: dict[str, str]) -> None:
    text = flat(texts["emargement_2026-03-12.pdf"])
    assert "Membre Présence Pouvoir donné à Signature" in text
    assert "Mme MARTIN Anne Maire Présente (arrivée à 18 h 34)" in text
    assert "M. GIRARD Nathan Présent (arrivé à 18 h 34, parti à 19 h 40)" in text
    assert "Mme BONNET Camille Présente (arrivée à 19 h 02)" in text
    assert "Mme MULLER Jeanne Excusée Mme MARTIN" in text
    assert "Mme FAURE Léa Absente Mme ROUSSEAU" in text
    assert "Membres en exercice : 23 — venus en séance : 14 — pouvoirs donnés : 5" in text
    assert text.index("Saint-Exemple ensemble") < text.index("Saint-Exemple autrement")


def test_list_of_deliberations(texts: dict[str, str]) -> None:
    text = flat(texts["liste-deliberations_2026-03-12.pdf"])
    assert "LISTE DES DÉLIBÉRATIONS EXAMINÉES" in text
    assert "(article L2121-25 du code général des collectivités territoriales)" in text
    assert (
        "2026-011 Approbation du procès-verbal de la séance du 5 février 2026 Adoptée à "
        "l'unanimité 16 pour, 0 contre, 0 abstention"
    ) in text
    assert (
        "2026-012 Vote des taux d'imposition 2026 Adoptée 14 pour, 4 contre, 0 abstention" in text
    )
    assert "1 membre ne prenant pas part au vote" in text
    # an election is not « Adoptée »: it names who is elected, in the right gender
    assert (
        "2026-016 Désignation d'un délégué au syndicat des eaux Élection M. GARCIA, élu au "
        "1er tour (12 voix)" in text
    )
    assert "2026-017 Acquisition de la parcelle AB 112 Retirée" in text
    assert "Publiée sur le site internet le" in text and "Affichée le" not in text
    assert "La Maire, Madame Anne MARTIN" in text
    assert "Page 1 / 1" in text


def test_rejected_and_byte_identical(tmp_path: Path) -> None:
    from app.domain.events import Arrived, Ballot, ItemOpened, SessionOpened, VoteRecorded
    from tests.factories import fold

    state = fold(
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 13)]
        + [
            ItemOpened(item="P1"),
            VoteRecorded(
                item="P1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=3,
                count_against=9,
                count_abstain=0,
            ),
        ]
    )
    a = build_deliberations_list(state, tmp_path / "a.pdf")
    b = build_deliberations_list(state, tmp_path / "b.pdf")
    assert a.read_bytes() == b.read_bytes()
    text = flat(pdf_text(a))
    assert "P1 Point 1 Rejetée 3 pour, 9 contre, 0 abstention" in text
    assert "P2 Point 2 Non examinée" in text
