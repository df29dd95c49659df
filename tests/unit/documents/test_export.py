"""Export of the documents and the pre-export check."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.documents.export import KINDS, export_documents, precheck, safe_name
from app.domain.assembly import Item
from app.domain.events import (
    Arrived,
    Ballot,
    ItemOpened,
    Left,
    ProxyGiven,
    SessionOpened,
    VoteRecorded,
)
from app.domain.state import SessionState, replay
from tests.factories import assembly, fold, session
from tests.unit.documents.scenario import build_assembly, build_session, events


def test_all_kinds_and_file_names(exported: dict[str, Path]) -> None:
    assert sorted(exported) == sorted(
        [f"extrait_2026-01{n}.pdf" for n in range(1, 7)]
        + [
            "proces-verbal_2026-03-12.pdf",
            "emargement_2026-03-12.pdf",
            "liste-deliberations_2026-03-12.pdf",
            "deliberations_scdl.csv",
            "chapitres_2026-03-12.vtt",
            "chapitres_2026-03-12.txt",
        ]
    )
    for path in exported.values():
        assert path.exists() and path.stat().st_size > 0
        if path.suffix == ".pdf":
            assert path.read_bytes().startswith(b"%PDF-")
    assert KINDS == ("extracts", "minutes", "attendance", "list", "scdl", "chapters")


def test_selected_kinds_and_progress(tmp_path: Path, tricky_state: SessionState) -> None:
    s = tricky_state
    calls: list[tuple[int, int]] = []
    paths = export_documents(
        s.assembly,
        s.session,
        s,
        tmp_path / "out",
        ["scdl", "list"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert [p.name for p in paths] == [
        "deliberations_scdl.csv",
        "liste-deliberations_2026-03-12.pdf",
    ]
    assert calls == [(1, 2), (2, 2)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


def test_json_is_left_to_the_command_line(tmp_path: Path, tricky_state: SessionState) -> None:
    s = tricky_state
    assert export_documents(s.assembly, s.session, s, tmp_path, ["json"]) == []
    with pytest.raises(ValueError, match="inconnu : pdf"):
        export_documents(s.assembly, s.session, s, tmp_path, ["pdf"])


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = tmp_path / "1"
    second = tmp_path / "2"
    for out in (first, second):
        state = replay(build_assembly(tricky=True), build_session(), events())
        export_documents(state.assembly, state.session, state, out, fingerprint="abc")
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_file_names_are_sanitized(tmp_path: Path) -> None:
    assert safe_name("2026/014 bis") == "2026_014_bis"
    assert safe_name("../../etc") == "etc"
    assert safe_name("Délib n°3") == "Delib_n3"
    assert safe_name("///") == "sans-nom"
    items = (Item(id="A/1", title="Un"), Item(id="A:1", title="Deux"))
    sess = replace(session(), items=items)
    state = fold(
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 13)]
        + [ItemOpened(item=it.id) for it in items[:1]]
        + [
            VoteRecorded(
                item="A/1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
            ItemOpened(item="A:1"),
            VoteRecorded(
                item="A:1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
        ],
        sess=sess,
    )
    paths = export_documents(state.assembly, sess, state, tmp_path, ["extracts"])
    assert [p.name for p in paths] == ["extrait_A_1.pdf", "extrait_A_1-2.pdf"]
    assert all(p.parent == tmp_path for p in paths)


def plain(warnings: list[str]) -> list[str]:
    """The warnings with their non-breaking spaces read as plain ones."""
    return [w.replace("\u00a0", " ") for w in warnings]


def test_precheck_warnings_have_french_spacing(tricky_state: SessionState) -> None:
    s = tricky_state
    warnings = precheck(s.assembly, s.session, s)
    assert warnings and warnings[0].startswith("Point «\u00a02026-011\u00a0» (")
    assert "février 2026)\u00a0: le pouvoir" in warnings[0]


def test_precheck_of_a_clean_session_mentions_only_the_idle_proxy(
    tricky_state: SessionState,
) -> None:
    s = tricky_state
    warnings = plain(precheck(s.assembly, s.session, s))
    assert warnings == [
        "Point « 2026-011 » (Approbation du procès-verbal de la séance du 5 février 2026) : "
        "le pouvoir de M. ANDRÉ à M. DUPONT <b>&\" n'a pas pu être exercé, le porteur étant "
        "absent au moment du vote."
    ]


def test_precheck_warnings() -> None:
    asm = replace(assembly(), siret="21990000800019")
    items = (
        Item(id="P1", title="Budget", subject="7.1"),
        Item(id="P2", title="Sans code"),
        Item(id="P3", title="Code inconnu", subject="12.4"),
        Item(id="P4", title="Jamais voté", subject="7.1"),
    )
    sess = replace(session(president=None), secretaries=(), items=items)
    ev = (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 14)]
        + [
            ProxyGiven(giver="m20", holder="m13"),
            Left(member="m13"),
            ItemOpened(item="P1"),
            VoteRecorded(
                item="P1",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
            ItemOpened(item="P2"),
            VoteRecorded(
                item="P2",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
            ItemOpened(item="P3"),
            VoteRecorded(
                item="P3",
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=12,
                count_against=0,
                count_abstain=0,
            ),
        ]
    )
    state = replay(asm, sess, ev)
    warnings = plain(precheck(asm, sess, state))
    joined = "\n".join(warnings)
    assert "Aucun président de séance n'est indiqué." in warnings
    assert "Aucun secrétaire de séance n'est désigné (article L2121-15 du CGCT)." in warnings
    assert "La clôture de la séance n'est pas enregistrée." in warnings
    assert "Point « P4 » (Jamais voté) : aucun résultat enregistré" in joined
    assert (
        "Point « P1 » (Budget) : le pouvoir de M. NOM20 à Mme NOM13 n'a pas pu être exercé"
    ) in joined
    assert "Point « P2 » (Sans code) : code matière ACTES manquant" in joined
    assert "Point « P3 » (Code inconnu) : code matière ACTES « 12.4 » inconnu" in joined
    assert "SIRET « 21990000800019 » invalide (14 chiffres et clé de Luhn)" in joined
    missing = plain(precheck(replace(asm, siret="", siren=""), sess, state))
    assert "SIRET de la collectivité manquant (fichier SCDL)." in missing
    assert any("identifiant @ctes" in w for w in missing)


def test_precheck_quorum_lost_at_a_vote() -> None:
    """The domain refuses such a vote; a journal written by an older version could hold
    one, and the documents must not hide it."""
    s = fold(
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
    rec = s.items["P1"]
    assert rec.snapshot is not None
    quorum = replace(rec.snapshot.quorum, present=5, reached=False)
    rec.snapshot = replace(rec.snapshot, quorum=quorum)
    joined = "\n".join(plain(precheck(s.assembly, s.session, s)))
    assert (
        "Point « P1 » (Point 1) : vote enregistré alors que le quorum n'était pas atteint "
        "(5 présents, 12 requis)." in joined
    )


def test_extracts_in_worker_processes_are_the_same_files(tmp_path: Path) -> None:
    """Built in parallel processes or here, the documents are byte-identical, returned and
    counted in the same order."""
    from tests.unit.documents.stress import stress_state

    state = stress_state(40)
    seen: list[tuple[int, int]] = []
    one = export_documents(state.assembly, state.session, state, tmp_path / "one", processes=1)
    two = export_documents(
        state.assembly,
        state.session,
        state,
        tmp_path / "two",
        processes=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [p.name for p in one] == [p.name for p in two]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))
    assert seen == [(n, len(two)) for n in range(1, len(two) + 1)]
