"""Extracts of the register, read back as a reader would."""

from __future__ import annotations

from pathlib import Path

from app.documents.extract import actes_id, build_extract, department_code
from app.domain.events import (
    Arrived,
    Ballot,
    Excused,
    ItemOpened,
    ProxyGiven,
    Recused,
    SessionOpened,
    VoteRecorded,
)
from app.domain.state import SessionState
from tests.factories import assembly, fold, session
from tests.unit.documents.conftest import attendance_rows, flat, pdf_text
from tests.unit.documents.scenario import TRICKY_NAME, build_assembly, build_session


def test_heading_object_and_date_in_words(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-012.pdf"])
    assert "DÉLIBÉRATION 2026-012" in text
    assert "COMMUNE DE SAINT-EXEMPLE" in text
    assert "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL" in text
    assert "Objet : VOTE DES TAUX D'IMPOSITION 2026" in text
    assert (
        "Le douze mars deux mille vingt-six à dix-huit heures trente, le conseil municipal "
        "de la commune de Saint-Exemple s'est réuni (salle du conseil, mairie), sur "
        "convocation en date du six mars deux mille vingt-six, sous la présidence de "
        "Madame Anne MARTIN, Maire."
    ) in text
    assert "Secrétaire de séance : Mme ŒUVRARD" in text


def _rows(texts: dict[str, str], item: str) -> dict[str, tuple[str, str]]:
    return attendance_rows(texts[f"extrait_{item}.pdf"])


def _row(rows: dict[str, tuple[str, str]], name: str) -> tuple[str, str]:
    matches = [v for k, v in rows.items() if k.startswith(name)]
    assert len(matches) == 1, (name, list(rows))
    return matches[0]


def test_every_member_in_office_has_one_row(texts: dict[str, str]) -> None:
    rows = _rows(texts, "2026-012")
    assert len(rows) == 23


def test_attendance_as_it_stood_for_each_item(texts: dict[str, str]) -> None:
    # Mme BONNET arrives after the vote of item 2: absent in 1 and 2, present in 3
    assert _row(_rows(texts, "2026-011"), "Mme BONNET Camille")[0] == "Absent"
    assert _row(_rows(texts, "2026-012"), "Mme BONNET Camille")[0] == "Absent"
    assert _row(_rows(texts, "2026-013"), "Mme BONNET Camille")[0] == "Présent"
    # M. DUPONT arrives during item 2, before its vote
    dupont = f"M. {TRICKY_NAME} Lucas"
    assert _row(_rows(texts, "2026-011"), dupont)[0] == "Absent"
    assert _row(_rows(texts, "2026-012"), dupont)[0] == "Présent"
    # M. GIRARD leaves before the vote of item 4
    assert _row(_rows(texts, "2026-013"), "M. GIRARD Nathan")[0] == "Présent"
    assert _row(_rows(texts, "2026-014"), "M. GIRARD Nathan")[0] == "Absent"
    # excused members stay excused
    assert _row(_rows(texts, "2026-014"), "Mme ROUX Emma")[0] == "Excusé"


def test_holder_beside_each_giver(texts: dict[str, str]) -> None:
    rows = _rows(texts, "2026-012")
    assert _row(rows, "Mme MULLER Jeanne") == ("Excusé", "Mme MARTIN")
    assert _row(rows, "M. LEROY Gabriel") == ("Excusé", "M. BERNARD")
    assert _row(rows, "Mme FAURE Léa") == ("Absent", "Mme ROUSSEAU")
    assert _row(rows, "Mme MERCIER Zoé") == ("Absent", "M. WIŚNIEWSKI")
    assert _row(rows, "M. ANDRÉ Raphaël") == ("Absent", f"M. {TRICKY_NAME}")
    assert _row(rows, "Mme MARTIN Anne") == ("Présent", "")


def test_proxy_that_cannot_be_exercised_is_flagged(texts: dict[str, str]) -> None:
    # item 1: M. ANDRÉ's holder M. DUPONT has not arrived yet
    text = flat(texts["extrait_2026-011.pdf"])
    assert "(non exercé, porteur absent)" in text


def test_groups_head_their_members(texts: dict[str, str]) -> None:
    text = texts["extrait_2026-012.pdf"]
    assert text.index("Saint-Exemple ensemble") < text.index("Mme MARTIN Anne")
    assert text.index("Saint-Exemple autrement") < text.index("M. FONTAINE Théo")
    assert text.index("Mme FAURE Léa") < text.index("Saint-Exemple autrement")


def test_quorum_sentence(texts: dict[str, str]) -> None:
    assert (
        "Le quorum étant atteint (12 présents sur 23 membres en exercice), le conseil "
        "municipal peut valablement délibérer."
    ) in flat(texts["extrait_2026-011.pdf"])
    assert "(14 présents sur 23 membres en exercice)" in flat(texts["extrait_2026-013.pdf"])


def test_texts_articles_and_annexes(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-012.pdf"])
    assert "Rapporteur : M. BERNARD" in text
    assert "Vu le code général des impôts" in text
    assert "Le conseil municipal," in text
    assert "Article 1 : DÉCIDE de maintenir pour 2026" in text
    assert "Article 2 : AUTORISE Madame le Maire" in text
    assert "Annexe : État 1259 COM" in text
    assert text.index("Vu le code") < text.index("Article 1") < text.index("Adopté par")


def test_figures_and_outcome(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-012.pdf"])
    assert "Adopté par :" in text
    assert "Voix pour 14" in text and "Voix contre 4" in text and "Abstentions 0" in text
    assert "Nombre d'élus participant au vote 18" in text
    assert (
        "Adopté à la majorité absolue des suffrages exprimés : 14 pour, 4 contre, 0 abstention."
    ) in text


def test_unanimity(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-011.pdf"])
    assert "Adopté à l'unanimité par :" in text
    assert "Adopté à l'unanimité : 16 pour, 0 contre, 0 abstention." in text


def test_recused_and_public_ballot_names(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-013.pdf"])
    assert "Ne prend pas part au vote M. LEFÈVRE" in text
    assert "M. LEFÈVRE ne prend pas part au vote." in text
    assert "Vote au scrutin public." in text
    assert f"Ont voté contre : M. {TRICKY_NAME} et M. ANDRÉ (pouvoir à M. {TRICKY_NAME})" in text
    assert "Se sont abstenus : Mme MERCIER (pouvoir à M. WIŚNIEWSKI)" in text
    voted_for = text.split("Ont voté pour :")[1].split("Ont voté contre")[0]
    assert "Mme MARTIN" in voted_for and "M. LEFÈVRE" not in voted_for


def test_casting_vote(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-015.pdf"])
    assert "Adopté, la voix de la présidente étant prépondérante : 8 pour, 8 contre" in text
    assert "voix du président" not in text
    assert "la voix de la présidente, qui a voté pour, est prépondérante" in text


def test_election(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-016.pdf"])
    assert "Premier tour de scrutin" in text
    assert "M. GARCIA : 12 voix" in text and "Mme LAMBERT : 5 voix" in text
    assert "Majorité absolue : 9" in text
    assert "Résultat : M. GARCIA, élu au 1er tour (12 voix)." in text


def test_transmission_block_and_actes_id(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-012.pdf"])
    assert "Envoyé en préfecture le : 13 mars 2026" in text
    assert "Reçu en préfecture le : 13 mars 2026" in text
    # electronic publication is the rule since 1 July 2022 (L2131-1)
    assert "Publié le : 14 mars 2026" in text and "Affiché le" not in text
    assert "ID : 099-219900008-20260312-2026_012-DE" in text
    # unknown dates are left to fill in by hand; the id is built from the item id
    other = flat(texts["extrait_2026-014.pdf"])
    assert "Envoyé en préfecture le : ....." in other
    assert "ID : 099-219900008-20260312-2026_014-DE" in other


def test_certified_by_the_president(texts: dict[str, str]) -> None:
    text = flat(texts["extrait_2026-012.pdf"])
    assert "Pour extrait conforme, La Maire, Madame Anne MARTIN" in text


def test_names_print_as_typed(texts: dict[str, str]) -> None:
    text = texts["extrait_2026-012.pdf"]
    for name in (
        'M. DUPONT <b>&" Lucas',
        "M. WIŚNIEWSKI Łukasz",
        "Mme ŞAHİN Ayşe",
        "Mme ŒUVRARD Chloé",
        "M. LEFÈVRE Étienne",
    ):
        assert name in text


def test_byte_identical(tmp_path: Path, tricky_state: SessionState) -> None:
    a = build_extract(tricky_state, "2026-013", tmp_path / "a.pdf").read_bytes()
    b = build_extract(tricky_state, "2026-013", tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_actes_id_parts() -> None:
    asm, sess = build_assembly(), build_session()
    assert actes_id(asm, sess, sess.items[1]) == "099-219900008-20260312-2026_012-DE"
    assert department_code("99") == "099" and department_code("2a") == "02A"
    assert department_code("974") == "974"


def test_worked_example_of_domain_md(tmp_path: Path) -> None:
    """The worked example: 13 present of 23, 5 proxies, 2 excused, one recused, 12/3/2 → adopted."""
    events = [SessionOpened()]
    events += [Arrived(member=f"m{i}") for i in range(1, 14)]
    events += [Excused(member="m17"), Excused(member="m18")]
    events += [ProxyGiven(giver=f"m{18 + i}", holder=f"m{i}") for i in range(1, 6)]
    events += [
        ItemOpened(item="P4"),
        Recused(member="m6", item="P4"),
        VoteRecorded(
            item="P4", ballot=Ballot.SHOW_OF_HANDS, count_for=12, count_against=3, count_abstain=2
        ),
    ]
    state = fold(events)
    text = pdf_text(build_extract(state, "P4", tmp_path / "p4.pdf"))
    rows = attendance_rows(text)
    assert len(rows) == 23  # no groups: one plain table
    assert _row(rows, "Mme NOM19 Prénom19") == ("Absent", "Mme NOM1")
    assert _row(rows, "Mme NOM17 Prénom17")[0] == "Excusé"
    text = flat(text)
    assert "Le quorum étant atteint (13 présents sur 23 membres en exercice)" in text
    assert "Nombre d'élus participant au vote 17" in text
    assert "Ne prend pas part au vote M. NOM6" in text
    assert "12 pour, 3 contre, 2 abstentions ; M. NOM6 ne prend pas part au vote." in text


def test_second_convocation_sentence(tmp_path: Path) -> None:
    events = (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 10)]
        + [
            ItemOpened(item="P1"),
            VoteRecorded(
                item="P1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=9,
                count_against=0,
                count_abstain=0,
            ),
        ]
    )
    state = fold(events, sess=session(convocation=2))
    text = flat(pdf_text(build_extract(state, "P1", tmp_path / "p1.pdf")))
    assert (
        "Le conseil municipal, convoqué une seconde fois faute de quorum à la précédente "
        "réunion, délibère valablement sans condition de quorum (9 présents sur 23 membres "
        "en exercice, article L2121-17 du CGCT)."
    ) in text
    assert ") (" not in text
    assert "quorum étant atteint" not in text


def test_without_president(tmp_path: Path) -> None:
    events = (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 13)]
        + [
            ItemOpened(item="P1"),
            VoteRecorded(
                item="P1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
        ]
    )
    state = fold(events, asm=assembly(), sess=session(president=None))
    text = flat(pdf_text(build_extract(state, "P1", tmp_path / "p1.pdf")))
    assert "sous la présidence" not in text
    assert "Pour extrait conforme, Le président de séance," in text
