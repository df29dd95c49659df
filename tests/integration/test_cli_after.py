"""`seance register`, `decision`, `pv`, `publish`, `deadlines` (issue #14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.store import Store
from main import main
from tests.integration.helpers.register_year import script_year


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "year.sqlite"
    store = Store.open(path)
    script_year(store)
    store.close()
    return str(path)


def test_register_then_publish_then_deadlines(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["register", "--db", db, "--year", "2026", "--out", str(tmp_path / "r")], capsys
    )
    assert code == 0
    assert "feuillets 1-" in out and "(nouveaux)" in out and "registre_2026_tables.pdf" in out
    code, out, _ = run(
        ["register", "--db", db, "--year", "2026", "--out", str(tmp_path / "r")], capsys
    )
    assert code == 0 and "(nouveaux)" not in out
    code, out, _ = run(["pv", "etat", "--db", db, "--session", "s1"], capsys)
    assert code == 0 and "arrêté le 2026-04-09" in out and "observation" in out
    code, out, _ = run(
        ["pv", "signer", "--db", db, "--session", "s1", "--date", "2026-04-10"], capsys
    )
    assert code == 0 and "signé" in out
    code, out, _ = run(["publish", "--db", db, "--out", str(tmp_path / "pack")], capsys)
    assert code == 0 and (tmp_path / "pack" / "index.html").exists()
    assert "proces-verbal_2026-02-05.pdf" in out
    code, out, _ = run(["deadlines", "--db", db, "--date", "2026-04-20"], capsys)
    assert code == 0 and "séance du jeudi 9" in out


def test_bad_input_is_refused_in_french_and_changes_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["pv", "signer", "--db", db, "--session", "s3", "--date", "2026-07-01"], capsys
    )
    assert code == 2 and "n'est pas encore arrêté" in err
    code, _, err = run(["register", "--db", db, "--year", "deux", "--out", str(tmp_path)], capsys)
    assert code == 2 and "une année est attendue" in err
    code, _, err = run(
        [
            "decision",
            "--db",
            db,
            "--number",
            "D 1",
            "--date",
            "2026-03-02",
            "--objet",
            "x",
            "--delegation",
            "délibération n° 1",
        ],
        capsys,
    )
    assert code == 2 and "invalide" in err
    store = Store.open(db)
    try:
        assert store.db.execute("SELECT count(*) FROM after_session").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM delegated_decisions").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM register_parts").fetchone()[0] == 0
    finally:
        store.close()


def test_a_decision_goes_to_the_register(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            "decision",
            "--db",
            db,
            "--number",
            "D2026-01",
            "--date",
            "2026-03-02",
            "--objet",
            "Contrat d'entretien",
            "--delegation",
            "délibération n° 2025-040",
        ],
        capsys,
    )
    assert code == 0 and "D2026-01" in out
    code, out, _ = run(
        ["register", "--db", db, "--year", "2026", "--out", str(tmp_path / "r")], capsys
    )
    assert code == 0 and "decisions.pdf" in out


def test_pv_approuver_proposes_the_pending_approval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.integration.helpers.register_year import script_session, setup

    path = tmp_path / "half.sqlite"
    store = Store.open(path)
    clock = setup(store)
    script_session(store, clock, "s1")
    store.close()
    code, out, _ = run(["pv", "approuver", "--db", str(path), "--session", "s2"], capsys)
    assert code == 0 and out.startswith("PV-20260205\tApprobation du procès-verbal")
    code, _, err = run(["pv", "approuver", "--db", str(path), "--session", "s2"], capsys)
    assert code == 2 and "aucun procès-verbal en attente" in err


def test_export_prints_the_pv_as_projet_until_arrete_then_final(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    def pv(session: str) -> str:
        out = tmp_path / session
        code, _, _ = run(
            ["export", "--db", db, "--session", session, "--only", "minutes", "--out", str(out)],
            capsys,
        )
        assert code == 0
        (path,) = out.glob("proces-verbal_*.pdf")
        return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages).replace("\xa0", " ")

    final = pv("s1")  # arrêté on 9 April
    assert "Procès-verbal arrêté lors de la séance du jeudi 9 avril 2026" in final
    assert "PROJET" not in final
    draft = pv("s3")  # closed, not yet arrêté: still a projet
    assert "PROJET" in draft and "arrêté lors de la séance" not in draft


def test_the_after_session_tables_are_added_to_an_older_file(tmp_path: Path) -> None:
    from tests.integration.helpers.old_schema import create_file

    path = tmp_path / "old.sqlite"
    create_file(path, 2)
    store = Store.open(path)
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master").fetchall()}
    store.close()
    assert {"register_parts", "delegated_decisions", "minutes_approvals", "after_session"} <= (
        tables
    )
    Store.open(path).close()  # and a second opening finds them there
