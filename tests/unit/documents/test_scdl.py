"""SCDL « Délibérations » CSV: columns, values and the schema's checks."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from app.documents.scdl import (
    COLUMNS,
    nomenclature,
    scdl_rows,
    scdl_text,
    schema,
    subject,
    validate_scdl,
)
from app.domain.assembly import siret_ok
from app.domain.state import SessionState
from app.resources import resource_path

SCDL_SCHEMA_SHA256 = "40ced78fb0764938fae1c4ebdb64c83dd0fb8cf3dbc2971046b6f04de30df0a5"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_columns_follow_the_schema() -> None:
    assert len(COLUMNS) == 17
    assert list(COLUMNS) == [f["name"] for f in schema()["fields"]]
    # The copy in resources/ is the published schema v2.1.4, byte for byte.
    copy = resource_path("scdl-deliberations-schema.json").read_bytes()
    assert hashlib.sha256(copy).hexdigest() == SCDL_SCHEMA_SHA256
    assert schema()["version"] == "2.1.4"


def test_nomenclature_copy_and_names() -> None:
    assert resource_path("actes-nomenclature.csv").exists()
    assert len(nomenclature()) == 57
    s57 = subject("5.7")
    assert s57 is not None
    assert s57.scdl_name == "institutions et vie politique/intercommunalité"
    s15 = subject("1.5")
    assert s15 is not None
    assert s15.scdl_name == "commande publique/transactions protocole d'accord transactionnel"
    for s in nomenclature().values():
        name = s.scdl_name
        assert name == name.lower() and "," not in name and "(" not in name
        assert " /" not in name and "/ " not in name and name.count("/") == 1


def test_one_row_per_deliberation_voted(exported: dict[str, Path]) -> None:
    path = exported["deliberations_scdl.csv"]
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == ",".join(COLUMNS)
    rows = _read(path)
    assert [r["DELIB_ID"] for r in rows] == [
        "2026_011",
        "2026_012",
        "2026_013",
        "2026_014",
        "2026_015",
        "2026_016",
    ]  # not the withdrawn one
    by_id = {r["DELIB_ID"]: r for r in rows}
    r = by_id["2026_012"]
    assert r["COLL_NOM"] == "Commune de Saint-Exemple"
    assert r["COLL_SIRET"] == "21990000800018" and siret_ok(r["COLL_SIRET"])
    assert r["DELIB_DATE"] == "2026-03-12"
    assert r["DELIB_MATIERE_CODE"] == "7.2"
    assert r["DELIB_MATIERE_NOM"] == "finances locales/fiscalité"
    assert r["DELIB_OBJET"] == "Vote des taux d'imposition 2026"
    assert r["PREF_DATE"] == "2026-03-13"
    assert (
        r["VOTE_EFFECTIF"],
        r["VOTE_REEL"],
        r["VOTE_POUR"],
        r["VOTE_CONTRE"],
        r["VOTE_ABSTENTION"],
    ) == ("18", "18", "14", "4", "0")
    # the recused member is out of the voters
    r13 = by_id["2026_013"]
    assert (r13["VOTE_EFFECTIF"], r13["VOTE_REEL"]) == ("18", "18")
    assert int(r13["VOTE_POUR"]) + int(r13["VOTE_CONTRE"]) + int(r13["VOTE_ABSTENTION"]) == 18
    # an election has no for/against figures: the vote columns stay empty together
    election = by_id["2026_016"]
    assert all(election[c] == "" for c in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR"))


def test_exported_csv_passes_the_schema(exported: dict[str, Path]) -> None:
    assert validate_scdl(exported["deliberations_scdl.csv"]) == []


def test_secret_ballot_real_voters_exclude_blank(tricky_state: SessionState) -> None:
    for row in scdl_rows(tricky_state):
        if row["VOTE_REEL"]:
            total = sum(int(row[c]) for c in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"))
            assert int(row["VOTE_REEL"]) == total <= int(row["VOTE_EFFECTIF"])


def _csv_with(state: SessionState, **changes: str) -> str:
    rows = scdl_rows(state)
    rows[0].update(changes)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"COLL_SIRET": "21990000800019"}, "n'est pas un SIRET valide"),
        ({"COLL_SIRET": "2199000080001"}, "ne respecte pas le format attendu"),
        ({"COLL_NOM": ""}, "COLL_NOM : valeur obligatoire manquante"),
        ({"DELIB_DATE": "12/03/2026"}, "n'est pas une date AAAA-MM-JJ valide"),
        (
            {"PREF_DATE": "2026-03-11"},
            "PREF_DATE (« 2026-03-11 ») doit être supérieur ou égal à DELIB_DATE",
        ),
        ({"VOTE_REEL": "15"}, "VOTE_REEL vaut 15 mais VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION"),
        ({"VOTE_EFFECTIF": "10"}, "VOTE_EFFECTIF (« 10 ») doit être supérieur ou égal à VOTE_REEL"),
        ({"VOTE_CONTRE": ""}, "se remplissent ensemble (VOTE_CONTRE vide)"),
        ({"VOTE_POUR": "seize"}, "n'est pas un nombre entier"),
        ({"DELIB_MATIERE_CODE": "5,2"}, "ne respecte pas le format attendu"),
        ({"DELIB_MATIERE_CODE": "5.42"}, "n'existe pas dans la nomenclature ACTES"),
        (
            {"DELIB_MATIERE_NOM": "Institutions et vie politique / Fonctionnement des assemblées"},
            "minuscules, sans virgule ni parenthèse",
        ),
        ({"DELIB_MATIERE_NOM": "finances locales/fiscalité"}, "ne correspond pas au code 5.2"),
        ({"BUDGET_ANNEE": "2026/2028", "BUDGET_NOM": "Budget principal"}, "intervalle d'années"),
        ({"BUDGET_ANNEE": "2026"}, "se remplissent ensemble (BUDGET_NOM vide)"),
        ({"DELIB_URL": "pas une adresse"}, "n'est pas une adresse (URI) valide"),
    ],
)
def test_validation_errors(
    tricky_state: SessionState, changes: dict[str, str], expected: str
) -> None:
    errors = validate_scdl(_csv_with(tricky_state, **changes))
    assert any(expected in e for e in errors), errors
    assert all(e.startswith("Ligne 2") for e in errors), errors


def test_valid_optional_values(tricky_state: SessionState) -> None:
    text = _csv_with(
        tricky_state,
        BUDGET_ANNEE="2026",
        BUDGET_NOM="Budget principal",
        PREF_ID="PREF099",
        PREF_DATE="2026-03-12",
        DELIB_URL="https://www.saint-exemple.fr/deliberations/2026_011.pdf",
    )
    assert validate_scdl(text) == []


def test_header_and_shape(tricky_state: SessionState) -> None:
    text = scdl_text(tricky_state)
    swapped = text.replace("COLL_NOM,COLL_SIRET", "COLL_SIRET,COLL_NOM", 1)
    assert validate_scdl(swapped)[0].startswith("En-tête : 17 colonnes attendues")
    lines = text.splitlines()
    short = "\n".join([lines[0], lines[1].rsplit(",", 1)[0]])
    assert validate_scdl(short) == ["Ligne 2 : 16 colonnes au lieu de 17."]
    assert validate_scdl("") == ["Fichier vide : la ligne d'en-tête est attendue."]
    assert validate_scdl("\ufeff" + text) == []


def test_titles_with_commas_and_quotes_round_trip(tricky_state: SessionState) -> None:
    text = _csv_with(tricky_state, DELIB_OBJET='Travaux, voirie et « réseaux » "secs"')
    assert validate_scdl(text) == []
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["DELIB_OBJET"] == 'Travaux, voirie et « réseaux » "secs"'
