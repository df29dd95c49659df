"""Hostile input on the command line: every bad file gives a clear French message, exit
code 2, no traceback, and leaves the database exactly as it was (dump before == after).

Covers malformed and truncated JSON, events naming unknown members or items, wrong types,
huge strings, duplicate ids, roster CSVs with wrong separators or encodings, empty files,
directories instead of files, a read-only database and files that are not SQLite.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.store import Store
from main import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def db(tmp_path) -> Path:
    """A database holding the demo session."""
    path = tmp_path / "seance.sqlite"
    store = Store.open(path)
    import_file(store, DEMO_FILE)
    store.close()
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def refused(args: list[str], capsys, *needles: str) -> str:
    """Run the command line; it must exit 2 with a French message holding ``needles``."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err
    assert err.startswith("seance : "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


def write_json(tmp_path: Path, doc: object, name: str = "seance.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def demo_with(edit) -> dict:
    doc = copy.deepcopy(DEMO)
    edit(doc)
    return doc


def insert_event(event: dict, at: int = 3):
    def edit(doc: dict) -> None:
        doc["session"]["events"].insert(at, event)

    return edit


def set_path(path: tuple, value: object):
    def edit(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


# --------------------------------------------------------------------------- JSON files

RAW_FILES = [
    pytest.param(
        b'{"format": "seance/1", "assembly": {,}}',
        ("n'est pas un JSON valide", "ligne 1"),
        id="malformed",
    ),
    pytest.param(
        DEMO_FILE.read_bytes()[: len(DEMO_FILE.read_bytes()) // 2],
        ("n'est pas un JSON valide",),
        id="truncated-half",
    ),
    pytest.param(DEMO_FILE.read_bytes()[:-2], ("n'est pas un JSON valide",), id="truncated-end"),
    pytest.param(b"", ("est vide",), id="empty"),
    pytest.param(b" \n\t\n", ("est vide",), id="blank"),
    pytest.param('{"format": "seance/1", "x": "élu"}'.encode("cp1252"), ("UTF-8",), id="cp1252"),
    pytest.param(b"\x00\x01\x02\xff" * 64, ("UTF-8",), id="binary"),
    pytest.param(b"[]", ("un objet JSON est attendu",), id="array"),
    pytest.param(b'"seance/1"', ("un objet JSON est attendu",), id="string"),
    pytest.param(
        b"[" * 100_000 + b"]" * 100_000, ("imbriqué trop profondément",), id="deep-nesting"
    ),
    pytest.param(b'{"format": "seance/2"}', ("seance/1",), id="wrong-format"),
]


@pytest.mark.parametrize("content, needles", RAW_FILES)
def test_broken_json_is_refused_and_writes_nothing(tmp_path, db, capsys, content, needles):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = dump(db)
    refused(["import", bad, "--db", db], capsys, *needles)
    assert dump(db) == before
    refused(["summary", bad], capsys, *needles)


DOCUMENTS = [
    # events naming what does not exist: the message gives the index and the rule
    pytest.param(
        insert_event({"type": "arrived", "member": "m999"}),
        ("indice 3", "« m999 » inconnu"),
        id="unknown-member",
    ),
    pytest.param(
        insert_event({"type": "proxy_given", "from": "m22", "to": "inconnu"}),
        ("indice 3", "« inconnu » inconnu"),
        id="proxy-to-unknown",
    ),
    pytest.param(
        insert_event({"type": "item_opened", "item": "2099-999"}),
        ("indice 3", "« 2099-999 » absent de l'ordre du jour"),
        id="unknown-item",
    ),
    pytest.param(
        insert_event({"type": "recused", "member": "m2", "item": "nope"}),
        ("indice 3", "absent de l'ordre du jour"),
        id="recusal-unknown-item",
    ),
    pytest.param(
        insert_event({"type": "exploded"}),
        ("indice 3", "« exploded » inconnu"),
        id="unknown-event-type",
    ),
    pytest.param(
        insert_event({"type": "arrived", "member": "m2", "for": "m3"}, at=1),
        ("indice 1",),
        id="for-on-a-titular",
    ),
    # wrong types
    pytest.param(
        insert_event({"type": "arrived", "member": 12}),
        ("indice 3", "chaîne non vide"),
        id="member-as-number",
    ),
    pytest.param(insert_event(42), ("indice 3", "objet JSON"), id="event-as-number"),
    pytest.param(
        insert_event({"type": "arrived", "member": "m2", "at": 1234}),
        ("indice 3", "instant"),
        id="instant-as-number",
    ),
    pytest.param(
        insert_event({"type": "arrived", "member": "m2", "at": "hier soir"}),
        ("indice 3", "« hier soir » illisible"),
        id="instant-unreadable",
    ),
    pytest.param(
        insert_event(
            {
                "type": "vote_recorded",
                "item": "2026-014",
                "ballot": "show_of_hands",
                "for": "douze",
                "against": 0,
            }
        ),
        ("indice 3", "nombre entier"),
        id="count-as-text",
    ),
    pytest.param(
        insert_event(
            {
                "type": "vote_recorded",
                "item": "2026-014",
                "ballot": "show_of_hands",
                "for": -3,
                "against": 0,
            }
        ),
        ("indice 3", "nombre entier positif"),
        id="negative-count",
    ),
    pytest.param(
        insert_event(
            {
                "type": "vote_recorded",
                "item": "2026-014",
                "ballot": "show_of_hands",
                "for": True,
                "against": 0,
            }
        ),
        ("indice 3", "nombre entier"),
        id="count-as-boolean",
    ),
    pytest.param(
        set_path(("assembly", "members"), "tous"), ("liste non vide",), id="members-not-a-list"
    ),
    pytest.param(
        set_path(("assembly", "members", 0, "weight"), "2"),
        ("entier positif",),
        id="weight-as-text",
    ),
    pytest.param(
        set_path(("session", "date"), 20260312), ("date AAAA-MM-JJ",), id="date-as-number"
    ),
    pytest.param(
        set_path(("session", "date"), "12/03/2026"),
        ("« 12/03/2026 » illisible",),
        id="date-french-format",
    ),
    pytest.param(
        set_path(("session", "events"), {"0": "x"}),
        ("doit être une liste",),
        id="events-not-a-list",
    ),
    pytest.param(
        set_path(("assembly", "rules"), {"preset": "monarchie"}),
        ("« monarchie » inconnu",),
        id="unknown-preset",
    ),
    pytest.param(set_path(("session", "convocation"), 3), ("1 ou 2",), id="convocation-3"),
    # huge strings
    pytest.param(
        insert_event({"type": "note", "item": "2026-014", "text": "x" * 200_001}),
        ("indice 3", "trop long"),
        id="huge-note",
    ),
    pytest.param(
        set_path(("assembly", "members", 0, "last_name"), "N" * 200_000),
        ("trop long",),
        id="huge-name",
    ),
    pytest.param(
        set_path(("assembly", "name"), "C" * 1_000_000), ("trop long",), id="huge-assembly-name"
    ),
    # duplicate ids
    pytest.param(
        lambda doc: doc["assembly"]["members"].append(dict(doc["assembly"]["members"][1])),
        ("en double", "m2"),
        id="duplicate-member",
    ),
    pytest.param(
        lambda doc: doc["session"]["items"].append(dict(doc["session"]["items"][0])),
        ("en double",),
        id="duplicate-item",
    ),
    # a rule broken deep in the journal: a vote whose totals are off
    pytest.param(
        lambda doc: next(
            e for e in doc["session"]["events"] if e["type"] == "vote_recorded"
        ).update({"for": 1}),
        ("votants", "il manque"),
        id="wrong-vote-total",
    ),
]


@pytest.mark.parametrize("edit, needles", DOCUMENTS)
def test_invalid_document_is_refused_and_writes_nothing(tmp_path, db, capsys, edit, needles):
    bad = write_json(tmp_path, demo_with(edit))
    before = dump(db)
    refused(["import", bad, "--db", db], capsys, *needles)
    assert dump(db) == before


def test_invalid_document_into_a_new_file_creates_no_session(tmp_path, capsys):
    bad = write_json(tmp_path, demo_with(insert_event({"type": "arrived", "member": "zz"})))
    fresh = tmp_path / "nouvelle.sqlite"
    refused(["import", bad, "--db", fresh], capsys, "inconnu")
    if fresh.exists():  # the schema may be there, but no assembly, session or event
        store = Store.open(fresh)
        assert store.assemblies() == [] and store.sessions() == []
        store.close()


def test_huge_item_title_is_refused(tmp_path, db, capsys):
    bad = write_json(
        tmp_path, demo_with(set_path(("session", "items", 0, "title"), "T" * 2_000_000))
    )
    before = dump(db)
    refused(["import", bad, "--db", db], capsys, "trop long")
    assert dump(db) == before


# --------------------------------------------------------------------------- paths


def test_directory_instead_of_a_file(tmp_path, db, capsys):
    folder = tmp_path / "dossier.json"
    folder.mkdir()
    before = dump(db)
    refused(["import", folder, "--db", db], capsys, "est un dossier")
    assert dump(db) == before
    refused(["verify", "--db", tmp_path], capsys, "est un dossier")
    refused(["summary", "--db", tmp_path], capsys, "est un dossier")


def test_missing_files_are_named_and_not_created(tmp_path, capsys):
    missing = tmp_path / "absent.sqlite"
    refused(["verify", "--db", missing], capsys, "n'existe pas")
    refused(["summary", "--db", missing], capsys, "n'existe pas")
    refused(["roster", "--db", missing], capsys, "n'existe pas")
    assert not missing.exists()
    refused(["import", tmp_path / "absent.json", "--db", missing], capsys, "n'existe pas")


NOT_SQLITE = [
    pytest.param(
        b"Ceci n'est pas une base.\n" * 200, "n'est pas une base de données Séance", id="text"
    ),
    pytest.param(
        json.dumps(DEMO).encode(), "n'est pas une base de données Séance", id="json-as-db"
    ),
    pytest.param(
        b"%PDF-1.4\n" + bytes(range(256)) * 20, "n'est pas une base de données Séance", id="pdf"
    ),
    pytest.param(
        b"SQLite format 3\x00" + bytes(range(256)) * 40,
        "illisible comme base SQLite",
        id="corrupt-sqlite",
    ),
]


@pytest.mark.parametrize("content, needle", NOT_SQLITE)
def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path, capsys, content, needle):
    fake = tmp_path / "seance.sqlite"
    fake.write_bytes(content)
    for args in (
        ["import", DEMO_FILE, "--db", fake],
        ["verify", "--db", fake],
        ["summary", "--db", fake],
        ["roster", "--db", fake],
        ["export", "--db", fake, "--out", tmp_path / "out"],
    ):
        refused(args, capsys, needle)
    assert fake.read_bytes() == content
    assert not (tmp_path / "seance.sqlite-wal").exists()
    assert not (tmp_path / "out").exists()


def test_another_applications_sqlite_database_is_left_alone(tmp_path, capsys):
    other = tmp_path / "comptabilite.sqlite"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE factures (id INTEGER PRIMARY KEY, montant REAL)")
        conn.execute("INSERT INTO factures VALUES (1, 99.5)")
    conn.close()
    before = dump(other)
    refused(["import", DEMO_FILE, "--db", other], capsys, "Séance")
    assert dump(other) == before


def make_read_only(path: Path) -> None:
    """chmod, and for root (who ignores mode bits) the immutable attribute; skip if the
    file system cannot make it read-only for this user."""
    path.chmod(0o444 if path.is_file() else 0o555)
    if os.access(path, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if os.access(path, os.W_OK):
        undo_read_only(path)
        pytest.skip(
            "running as root on a file system without the immutable attribute: "
            "nothing can make this file read-only"
        )


def undo_read_only(path: Path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644 if path.is_file() else 0o755)


def test_read_only_database_is_refused_untouched(db, capsys):
    before = dump(db)
    content = db.read_bytes()
    make_read_only(db)
    try:
        assert not os.access(db, os.W_OK)
        refused(["import", DEMO_FILE, "--db", db], capsys, "en lecture seule")
        # an archive on a read-only medium can still be verified, summarised, exported
        assert main(["verify", "--db", str(db)]) == 0
        assert "Journal intègre" in capsys.readouterr().out
        assert db.read_bytes() == content
    finally:
        undo_read_only(db)
    assert dump(db) == before


def test_read_only_folder_for_a_new_database(tmp_path, capsys):
    folder = tmp_path / "protégé"
    folder.mkdir()
    make_read_only(folder)
    try:
        refused(
            ["import", DEMO_FILE, "--db", folder / "seance.sqlite"], capsys, "Impossible de créer"
        )
        assert list(folder.iterdir()) == []
    finally:
        undo_read_only(folder)


# --------------------------------------------------------------------------- roster CSV

ROSTERS = [
    pytest.param(b"", ("est vide",), id="empty"),
    pytest.param(b"civilite,nom,prenom,groupe,fonction\n", ("aucun membre",), id="header-only"),
    pytest.param(
        b"civilite|nom|prenom|groupe|fonction\nMme|MARTIN|Anne||Maire\n",
        ("En-tête inconnu",),
        id="pipe-separator",
    ),
    pytest.param(
        b"civilite,nom,prenom,groupe,fonction\nMme;MARTIN;Anne;;Maire\nM.;DURAND;Luc;;\n",
        ("Ligne 2", "nombre de colonnes"),
        id="mixed-separators",
    ),
    pytest.param(b"\x00\x9f\xff\xfe\x81" * 300, ("Encodage du fichier non reconnu",), id="binary"),
    pytest.param(
        b"civilite;nom;prenom;groupe;fonction;poids\nMme;MARTIN;Anne;;Maire;deux\nM.;;Luc;;;1\n",
        ("poids invalide", "nom manquant"),
        id="bad-rows",
    ),
    pytest.param(b"foo,bar,baz\n1,2,3\n", ("En-tête inconnu",), id="unknown-header"),
    pytest.param(json.dumps(DEMO).encode(), ("En-tête",), id="json-instead-of-csv"),
]


@pytest.mark.parametrize("content, needles", ROSTERS)
def test_bad_roster_csv_is_refused_and_writes_nothing(tmp_path, db, capsys, content, needles):
    csv = tmp_path / "membres.csv"
    csv.write_bytes(content)
    before = dump(db)
    code = main(["roster-import", str(csv), "--db", str(db)])
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err and captured.out == ""
    for needle in needles:
        assert needle in captured.err, captured.err
    assert dump(db) == before


def test_roster_directory_or_missing_file(tmp_path, db, capsys):
    before = dump(db)
    folder = tmp_path / "membres.csv"
    folder.mkdir()
    refused(["roster-import", folder, "--db", db], capsys, "est un dossier")
    refused(["roster-import", tmp_path / "absent.csv", "--db", db], capsys, "n'existe pas")
    assert dump(db) == before


def test_roster_with_a_huge_field_is_refused(tmp_path, db, capsys):
    csv = tmp_path / "membres.csv"
    csv.write_text(
        "civilite,nom,prenom,groupe,fonction\nMme," + "X" * 300_000 + ",Anne,,\n", encoding="utf-8"
    )
    before = dump(db)
    code = main(["roster-import", str(csv), "--db", str(db)])
    capsys.readouterr()
    assert code == 2
    assert dump(db) == before


# --------------------------------------------------------------------------- subprocess


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_through_a_real_process(tmp_path, db):
    truncated = tmp_path / "coupé.json"
    truncated.write_bytes(DEMO_FILE.read_bytes()[:1000])
    before = dump(db)
    result = run_cli("import", truncated, "--db", db)
    assert result.returncode == 2
    assert result.stderr.startswith("seance : ") and "n'est pas un JSON valide" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert dump(db) == before

    fake = tmp_path / "faux.sqlite"
    fake.write_bytes(b"pas une base" * 100)
    result = run_cli("verify", "--db", fake)
    assert result.returncode == 2
    assert "n'est pas une base de données Séance" in result.stderr
    assert "Traceback" not in result.stderr
    assert fake.read_bytes() == b"pas une base" * 100
