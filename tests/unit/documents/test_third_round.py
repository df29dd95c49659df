"""Issue 11 (second round) and 10 in the documents, read back from the produced files:
who presided each item and who withdrew (L2121-14), each term of the voters' count and
the proxies lost to a recused holder, elections by list, the amendments in the PV's
history, the journal's fingerprint on the extracts, the « de plein droit » second meeting
of départements and régions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.documents.deliberations_list import build_deliberations_list
from app.documents.export import export_documents
from app.documents.extract import build_extract
from app.documents.minutes import build_minutes
from app.documents.scdl import scdl_rows
from app.domain.assembly import AssemblyKind
from app.domain.state import SessionState
from tests.unit.documents.conftest import flat, pdf_text
from tests.unit.documents.third_round import third_state

FINGERPRINT = "sha256:" + "ab" * 32


def _text(path: Path) -> str:
    """The text on one line, page footers dropped."""
    text = flat(pdf_text(path))
    return re.sub(r"Commune de Saint-Exemple — [^—]*?Page \d+ / \d+ ?", "", text)


@pytest.fixture(scope="module")
def state() -> SessionState:
    return third_state()


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, state: SessionState) -> dict[str, str]:
    out = tmp_path_factory.mktemp("third")
    paths = export_documents(
        state.assembly, state.session, state, out, fingerprint=FINGERPRINT, processes=1
    )
    return {p.name: (_text(p) if p.suffix == ".pdf" else p.read_text()) for p in paths}


def _item(minutes: str, number: int) -> str:
    part = minutes.split(f"Point {number} —")[1]
    return part.split(f"Point {number + 1} —")[0]


# --------------------------------------------------------------------------- who presides


def test_the_compte_administratif_names_its_president_and_the_maires_withdrawal(
    docs: dict[str, str],
) -> None:
    presided = (
        "Le vote a lieu sous la présidence de M. BERNARD Paul, premier adjoint, élu "
        "président de séance pour ce point (article L2121-14 du CGCT)."
    )
    withdrew = "Mme MARTIN Anne, maire, s'est retirée au moment du vote."
    for text in (_item(docs["proces-verbal_2026-06-25.pdf"], 1), docs["extrait_2026-040.pdf"]):
        assert presided in text and withdrew in text
        # the maire is not counted present for that vote, and the terms say so
        assert "Absents : 1 dont 1 retirée pour le vote" in text
        assert "8 présents + 1 représenté − 0 ne prenant pas part au vote = 9 votants." in text
    assert "Mme MARTIN Anne (s'est retirée au moment du vote)" in docs["extrait_2026-040.pdf"]
    minutes = docs["proces-verbal_2026-06-25.pdf"]
    assert "M. BERNARD préside la séance à 18 h 50, avant le vote du point 1." in minutes
    assert "Mme MARTIN reprend la présidence de la séance à 18 h 57, après le vote du point 1." in (
        minutes
    )


def test_an_item_presided_by_the_session_president_says_nothing_more(
    docs: dict[str, str],
) -> None:
    for text in (_item(docs["proces-verbal_2026-06-25.pdf"], 2), docs["extrait_2026-041.pdf"]):
        assert "sous la présidence de M." not in text and "s'est retiré" not in text


def test_a_replacement_president_is_named_without_l2121_14(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.domain.events import PresidencyTaken
    from app.domain.journal import fold
    from tests.unit.documents.third_round import third_assembly, third_journal, third_session

    asm, sess = third_assembly(), third_session()
    # after the compte administratif, Mme ROUSSEAU presides instead of the maire
    events = [
        replace(e, member="m3") if isinstance(e, PresidencyTaken) and e.member == "m1" else e
        for e in third_journal(asm, sess)
    ]
    state = fold(events)
    text = _text(build_extract(state, "2026-041", tmp_path / "x.pdf"))
    assert "Le vote a lieu sous la présidence de Mme ROUSSEAU Claire, adjointe." in text
    assert "élue présidente" not in text and "L2121-14" not in text


# --------------------------------------------------------------------------- reconciliation


def test_every_term_of_the_voters_count_and_the_lost_proxy_are_printed(
    docs: dict[str, str],
) -> None:
    terms = (
        "Décompte des votants : 9 présents + 1 représenté − 3 ne prenant pas part au vote "
        "= 7 votants."
    )
    lost = "Le pouvoir de M. DUPONT à M. GIRARD, qui ne prend pas part au vote, n'est pas exercé."
    for text in (_item(docs["proces-verbal_2026-06-25.pdf"], 2), docs["extrait_2026-041.pdf"]):
        assert terms in text and lost in text
        assert "Votants : 7" in text
    assert (
        "M. DUPONT Lucas ☐ ☐ ☑ M. GIRARD (ne prend pas part au vote : non exercé)"
        in (docs["extrait_2026-041.pdf"])
    )
    # the list of deliberations prints figures: it prints the terms too
    listing = docs["liste-deliberations_2026-06-25.pdf"]
    assert (
        "décompte des votants : 9 présents + 1 représenté − 3 ne prenant pas part au vote "
        "= 7 votants." in listing
    )


def test_the_printed_terms_add_up(state: SessionState) -> None:
    for rec in state.item_records():
        snap = rec.snapshot
        assert snap is not None and snap.reconciles


# --------------------------------------------------------------------------- list election


def test_an_election_by_list_names_the_list_and_its_members_in_order(
    docs: dict[str, str], state: SessionState
) -> None:
    members = (
        "Sont élus, dans l'ordre de la liste : M. BERNARD Paul, Mme ROUSSEAU Claire et "
        "M. GARCIA Hugo."
    )
    for text in (_item(docs["proces-verbal_2026-06-25.pdf"], 3), docs["extrait_2026-042.pdf"]):
        assert "« Liste BERNARD » (M. BERNARD, Mme ROUSSEAU et M. GARCIA) : 7 voix" in text
        assert "Résultat : la liste « Liste BERNARD » est élue au 1er tour (7 voix)." in text
        assert members in text
        assert "Majorité absolue : 5" in text
    assert "Point 3 — délibération 2026-042" in docs["proces-verbal_2026-06-25.pdf"]
    assert (
        "« Liste BERNARD », élue au 1er tour (7 voix) : M. BERNARD, Mme ROUSSEAU et M. GARCIA"
        in docs["liste-deliberations_2026-06-25.pdf"]
    )
    assert "2026_042" in [row["DELIB_ID"] for row in scdl_rows(state)]
    chapters = re.sub(r"\s+", " ", docs["chapitres_2026-06-25.txt"])
    assert "Élection du point 2026-042, 1er tour : liste « Liste BERNARD » élue" in chapters


# --------------------------------------------------------------------------- amendments


def test_the_amendments_are_in_the_minutes_history(docs: dict[str, str]) -> None:
    minutes = docs["proces-verbal_2026-06-25.pdf"]
    history = minutes.split("Modifications apportées à la séance")[1]
    assert (
        "Modification de la séance (ordre du jour) à 19 h 10, après le vote du point 2, par "
        "Mme MARTIN. Motif : coquille dans l'objet du point 2026-042." in history
    )
    assert "Élection des adjoints au maire" in minutes  # the amended title is used


def test_no_history_section_without_amendment(tmp_path: Path) -> None:
    from tests.unit.documents.scenario import build_state

    text = _text(build_minutes(build_state(), tmp_path / "pv.pdf"))
    assert "Modifications apportées" not in text


# --------------------------------------------------------------------------- fingerprint


def test_each_extract_prints_the_fingerprint_the_minutes_print(docs: dict[str, str]) -> None:
    line = f"Empreinte du journal : {FINGERPRINT}"
    assert line in docs["proces-verbal_2026-06-25.pdf"]
    for name in ("extrait_2026-040.pdf", "extrait_2026-041.pdf", "extrait_2026-042.pdf"):
        assert line in docs[name], name


def test_seance_verify_accepts_an_extracts_fingerprint(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from app.services.demo import DEMO_FILE
    from app.services.interchange import import_file
    from app.services.store import Store
    from main import main

    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    session_id = import_file(store, DEMO_FILE)
    store.close()
    out = tmp_path / "docs"
    args = ["export", "--db", str(path), "--session", session_id, "--out", str(out)]
    assert main([*args, "--only", "extracts"]) == 0
    extract = sorted(out.glob("extrait_*.pdf"))[0]
    text = re.sub(r"\s+", "", pdf_text(extract))
    found = re.search(r"Empreintedujournal:?([0-9a-f]{64})\((\d+)événements?\)", text)
    assert found, text[-300:]
    capsys.readouterr()
    assert main(["verify", "--db", str(path), "--fingerprint", found.group(1)]) == 0
    assert main(["verify", "--db", str(path), "--fingerprint", "0" * 64]) != 0


# --------------------------------------------------------------------------- second meeting


@pytest.mark.parametrize(
    ("kind", "article", "body"),
    [
        (AssemblyKind.CONSEIL_DEPARTEMENTAL, "L3121-14", "Le conseil départemental, réuni"),
        (AssemblyKind.CONSEIL_REGIONAL, "L4132-13", "Le conseil régional, réuni"),
    ],
)
def test_departements_and_regions_meet_again_of_right_three_days_later(
    tmp_path: Path, kind: AssemblyKind, article: str, body: str
) -> None:
    from datetime import date

    state = third_state(kind, convocation=2, failed_meeting_on=date(2026, 6, 22))
    state.assembly = state.assembly.__class__(**{**state.assembly.__dict__, "name": kind.label})
    minutes = _text(build_minutes(state, tmp_path / "pv.pdf"))
    assert (
        "Le quorum n'ayant pas été atteint à la réunion du vingt-deux juin deux mille "
        "vingt-six, la présente séance se tient de plein droit trois jours plus tard, sans "
        f"nouvelle convocation (article {article} du CGCT)." in minutes
    )
    extract = _text(build_extract(state, "2026-041", tmp_path / "x.pdf"))
    assert (
        f"{body} de plein droit trois jours plus tard faute de quorum à la réunion du "
        "vingt-deux juin deux mille vingt-six, délibère valablement sans condition de "
        f"quorum (9 présents sur 11 membres en exercice, article {article} du CGCT)."
    ) in extract
    assert "convoqué une seconde fois" not in extract + minutes


def test_communes_keep_their_second_convocation(tmp_path: Path) -> None:
    from datetime import date

    state = third_state(convocation=2, failed_meeting_on=date(2026, 6, 22))
    minutes = _text(build_minutes(state, tmp_path / "pv.pdf"))
    assert "La présente séance se tient sur seconde convocation" in minutes
    assert "de plein droit" not in minutes
    listing = _text(build_deliberations_list(state, tmp_path / "l.pdf"))
    assert "Élection" in listing


# --------------------------------------------------------------------------- appointment


def test_a_single_candidate_appointed_without_a_vote_is_said(tmp_path: Path) -> None:
    from app.domain.events import Appointed, ListElectionRound
    from app.domain.journal import fold
    from tests.unit.documents.third_round import third_assembly, third_journal, third_session

    asm, sess = third_assembly(), third_session()
    events = [
        Appointed(at=e.at, item=e.item, member="m3") if isinstance(e, ListElectionRound) else e
        for e in third_journal(asm, sess)
    ]
    state = fold(events)
    sentence = (
        "Seule candidate au poste, Mme ROUSSEAU est nommée sans vote (article L2121-21 du CGCT)."
    )
    assert sentence in _item(_text(build_minutes(state, tmp_path / "pv.pdf")), 3)
    assert sentence in _text(build_extract(state, "2026-042", tmp_path / "x.pdf"))
    listing = _text(build_deliberations_list(state, tmp_path / "l.pdf"))
    assert "Nomination sans vote Mme ROUSSEAU, seule candidate" in listing


# --------------------------------------------------------------------------- debate notes


def test_the_items_voted_without_a_debate_note_are_listed(state: SessionState) -> None:
    from app.documents.export import missing_debate_notes

    found = [re.sub(r"\s+", " ", w) for w in missing_debate_notes(state)]
    assert found == [
        "Point « 2026-041 » (Subvention à l'association sportive) : aucune note de débat "
        "n'a été saisie ; le procès-verbal portera « Débats : aucune observation. »",
        "Point « 2026-042 » (Élection des adjoints au maire) : aucune note de débat n'a "
        "été saisie ; le procès-verbal portera « Débats : aucune observation. »",
    ]  # 2026-040 has its note


def test_a_president_replaced_from_the_start_presides_the_whole_minutes(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.documents.export import precheck
    from app.domain.events import (
        Arrived,
        ListElectionRound,
        PresidencyTaken,
        SessionOpened,
        VoteRecorded,
        WithdrawnFromVote,
    )
    from app.domain.journal import fold
    from tests.unit.documents.third_round import third_assembly, third_journal, third_session

    asm, sess = third_assembly(), third_session()
    events = []
    for e in third_journal(asm, sess):
        if isinstance(e, (PresidencyTaken, WithdrawnFromVote)) or (
            isinstance(e, Arrived) and e.member == "m1"
        ):
            continue  # the maire never comes
        if isinstance(e, VoteRecorded) and e.item == "2026-041":
            e = replace(e, count_for=6)
        if isinstance(e, ListElectionRound):
            e = replace(e, blank=0)
        events.append(e)
        if isinstance(e, SessionOpened):  # the premier adjoint replaces her (L2122-17)
            events.append(PresidencyTaken(at=e.at, member="m2"))
    state = fold(events)
    minutes = _text(build_minutes(state, tmp_path / "pv.pdf"))
    assert "sous la présidence de Monsieur Paul BERNARD, Premier adjoint." in minutes
    assert "Présidence : Monsieur Paul BERNARD, Premier adjoint" in minutes
    assert "Le vote a lieu sous la présidence" not in minutes
    assert "Le président de séance, Monsieur Paul BERNARD" in minutes
    assert "M. BERNARD préside la séance à 18 h 30." in minutes
    extract = _text(build_extract(state, "2026-040", tmp_path / "x.pdf"))
    assert "sous la présidence de Monsieur Paul BERNARD, Premier adjoint." in extract
    assert not [w for w in precheck(state.assembly, state.session, state) if "siégé" in w]


def test_a_woman_elected_to_preside_and_weighted_terms(tmp_path: Path) -> None:
    from tests.unit.documents.stress import LONG_NAME, stress_state

    state = stress_state(40, weighted=True)
    snap = state.items["2026-102"].snapshot
    assert snap is not None and snap.not_taking_part > 0
    text = _text(build_extract(state, "2026-102", tmp_path / "x.pdf"))
    assert (
        f"Le vote a lieu sous la présidence de Mme {LONG_NAME} Marie-Hélène-Françoise, 1re "
        "vice-présidente, élue présidente de séance pour ce point (article L2121-14 du CGCT)."
    ) in text
    assert "Mme ROUSSEL Marie, présidente, s'est retirée au moment du vote." in text
    assert (
        f"Décompte des voix : {snap.present_voices} voix présentes + "
        f"{snap.represented_voices} voix représentées − {snap.not_taking_part} voix ne "
        f"prenant pas part au vote = {snap.voters} voix des votants."
    ) in text
    assert snap.present_voices + snap.represented_voices - snap.not_taking_part == snap.voters
