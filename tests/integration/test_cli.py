"""The command line of docs/FORMAT.md, end to end on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import DEMO_FILE
from main import main

ROOT = Path(__file__).resolve().parents[2]


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_then_export_json_round_trip(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    code, out, err = run(["import", str(DEMO_FILE), "--db", str(db)], capsys)
    assert code == 0, err
    session_id = out.strip()
    code, out, err = run(
        [
            "export",
            "--db",
            str(db),
            "--session",
            session_id,
            "--out",
            str(tmp_path / "out"),
            "--only",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    exported = json.loads(Path(out.strip()).read_text(encoding="utf-8"))
    original = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    # equivalent: same assembly, items, events once both are normalised through the codec
    from app.services.interchange import export_document, parse_document

    a = parse_document(original)
    b = parse_document(exported)
    assert export_document(a.assembly, a.session, a.events) == export_document(
        b.assembly, b.session, b.events
    )
    # the journal gained its constitution on import (the file predates them): appended
    *acts, constituted = exported["session"]["events"]
    assert acts == original["session"]["events"]
    assert constituted["type"] == "constituted"
    assert constituted["constitution"]["origin"] == "import"


def test_summary_prints_quorum_per_item(capsys):
    code, out, err = run(["summary", str(DEMO_FILE)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["members_in_office"] == 23
    first = data["items"][0]
    assert first["quorum"] == {
        "in_office": 23,
        "present": 13,
        "represented": 4,
        "required": 12,
        "reached": True,
    }
    assert first["status"] == "adopted"
    assert first["vote"]["voters"] == 17


def test_invalid_event_names_its_index_and_writes_nothing(tmp_path, capsys):
    doc = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    doc["session"]["events"].insert(3, {"type": "proxy_given", "from": "m2", "to": "m2"})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    code, out, err = run(["import", str(bad), "--db", str(db)], capsys)
    assert code == 2
    assert "indice 3" in err and "lui-même" in err
    from app.services.store import Store

    store = Store.open(db)
    assert store.sessions() == [] and store.assemblies() == []
    store.close()


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"", "vide"),
        (b"{not json", "JSON valide"),
        (b'{"format": "autre"}', "seance/1"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_malformed_files_are_refused_in_french(tmp_path, capsys, content, needle):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run(["summary", str(bad)], capsys)
    assert code == 2 and needle in err


def test_console_script_entry_point_runs(tmp_path):
    """`python main.py summary` works as a subprocess (what the `seance` script runs)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "summary", str(DEMO_FILE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["session_date"] == "2026-03-12"


def test_second_instance_is_refused(tmp_path):
    from app.services.store import Store, StoreError

    db = tmp_path / "s.sqlite"
    first = Store.open(db)
    with pytest.raises(StoreError, match="déjà ouvert"):
        Store.open(db)
    first.close()
    Store.open(db).close()
    assert shutil.which  # keep import used


def test_demo_exports_without_times_out_of_order(tmp_path, capsys):
    """The demo a newcomer exports first: its arrivals are in chronological order, so no
    « Heures dans le désordre » warning (only what the unfinished demo really lacks)."""
    code, out, err = run(["export", str(DEMO_FILE), "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err
    assert "désordre" not in err
    assert "clôture de la séance n'est pas enregistrée" in err


def test_malformed_json_is_explained_in_french(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "seance/1", ', encoding="utf-8")
    code, out, err = run(["summary", str(bad)], capsys)
    assert code == 2
    assert "ligne 1, colonne 24\u00a0: nom de propriété entre guillemets droits attendu" in err
    assert "Expecting" not in err


def test_argument_errors_and_usage_are_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["correct", "--db", "x.sqlite", "--event", "abc"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --event : valeur invalide : 'abc' (un nombre est attendu)" in err
    assert "invalid int" not in err
    for command in ("import", "export", "transmit", "register", "pv"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        usage = capsys.readouterr().out
        assert "--db FICHIER" in usage and "DB_CMD" not in usage, command


def test_an_output_folder_that_cannot_exist_is_refused_in_french(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    assert run(["import", str(DEMO_FILE), "--db", str(db)], capsys)[0] == 0
    blocker = tmp_path / "un-fichier"
    blocker.write_text("", encoding="utf-8")
    code, out, err = run(["publish", "--db", str(db), "--out", str(blocker / "site")], capsys)
    assert code == 2
    assert "un fichier porte déjà ce nom de dossier" in err
    assert "Not a directory" not in err


def test_import_warns_of_a_short_convocation_and_still_imports(tmp_path, capsys):
    """L2121-11: 3 jours francs for a commune under 3 500 inhabitants (population unknown:
    the smaller communes' rule); a shorter delay is lawful in urgency, so it is said on
    import, never refused."""
    data = json.loads(Path(DEMO_FILE).read_text(encoding="utf-8"))
    assert data["session"]["date"] == "2026-03-12"
    data["session"]["convened_on"] = "2026-03-10"  # one jour franc: the 11th
    short = tmp_path / "short.json"
    short.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(["import", str(short), "--db", str(tmp_path / "s.sqlite")], capsys)
    assert code == 0, err
    assert out.strip()
    assert "avertissement : Convocation du 10/03/2026 : 1 jour franc avant la séance" in err
    assert "3 requis" in err and "L2121-11" in err
    # the demo's own delay (6 March for the 12th: 5 jours francs) says nothing
    code, out, err = run(["import", str(DEMO_FILE), "--db", str(tmp_path / "d.sqlite")], capsys)
    assert code == 0 and "Convocation" not in err
