"""Annex files in ``seance/1``: embedded as base64 or by a path next to the JSON on
import, embedded on export; refused in French, with nothing written."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.services.annexes import annex_content, list_annexes
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.store import Store
from main import main

PDF = b"%PDF-1.4\n% etat 1259\n%%EOF\n"


def demo_with(tmp_path: Path, annex_files: list[dict]) -> Path:
    doc = json.loads(DEMO_FILE.read_text("utf-8"))
    doc["session"]["items"][1]["annex_files"] = annex_files
    path = tmp_path / "seance.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_base64_and_path_next_to_the_json(tmp_path: Path) -> None:
    (tmp_path / "annexes").mkdir()
    (tmp_path / "annexes" / "plan.pdf").write_bytes(PDF + b"plan")
    path = demo_with(
        tmp_path,
        [
            {"filename": "etat.pdf", "typology": "22_AN", "title": "État 1259",
             "content_base64": base64.b64encode(PDF).decode()},
            {"path": "annexes/plan.pdf", "typology": "22_AN"},
        ],
    )  # fmt: skip
    store = Store.open(tmp_path / "s.sqlite")
    try:
        sid = import_file(store, path)
        item = store.load_session(sid).items[1].id
        files = list_annexes(store, sid, item)
        assert [(a.filename, a.typology, a.title) for a in files] == [
            ("etat.pdf", "22_AN", "État 1259"),
            ("plan.pdf", "22_AN", "plan"),
        ]
        assert annex_content(store, sid, item, "plan.pdf") == PDF + b"plan"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("annex", "message"),
    [
        ({"path": "../dehors.pdf"}, "doit se trouver à côté du fichier JSON"),
        ({"path": "absent.pdf"}, "introuvable"),
        ({"filename": "a.pdf", "content_base64": "%%%"}, "n'est pas du base64"),
        ({"filename": "a.pdf", "content_base64": base64.b64encode(b"GIF89a").decode()},
         "ce n'est pas un PDF"),
        ({"filename": "a.pdf"}, "soit « content_base64 », soit « path »"),
        ({"filename": "a.pdf", "typology": "AN", "content_base64": base64.b64encode(PDF).decode()},
         "typologie « AN » invalide"),
    ],
)  # fmt: skip
def test_refusals_write_nothing(tmp_path: Path, annex: dict, message: str) -> None:
    (tmp_path / "dehors.pdf").write_bytes(PDF)
    inner = tmp_path / "json"
    inner.mkdir()
    path = demo_with(inner, [annex])
    store = Store.open(tmp_path / "s.sqlite")
    try:
        with pytest.raises(InputError, match=message):
            import_file(store, path)
        assert store.sessions() == []
    finally:
        store.close()


def test_export_embeds_the_annexes_and_the_round_trip_keeps_them(tmp_path: Path, capsys) -> None:
    path = demo_with(
        tmp_path,
        [{"filename": "etat.pdf", "typology": "22_AN",
          "content_base64": base64.b64encode(PDF).decode()}],
    )  # fmt: skip
    db = tmp_path / "s.sqlite"
    assert main(["import", str(path), "--db", str(db)]) == 0
    sid = capsys.readouterr().out.strip()
    out = tmp_path / "out"
    assert (
        main(["export", "--db", str(db), "--session", sid, "--out", str(out), "--only", "json"])
        == 0
    )
    exported = out / f"seance_{sid[:10]}.json"
    doc = json.loads(exported.read_text("utf-8"))
    files = doc["session"]["items"][1]["annex_files"]
    assert base64.b64decode(files[0]["content_base64"]) == PDF
    capsys.readouterr()
    db2 = tmp_path / "t.sqlite"
    assert main(["import", str(exported), "--db", str(db2)]) == 0
    sid2 = capsys.readouterr().out.strip()
    store = Store.open(db2)
    try:
        assert [a.filename for a in list_annexes(store, sid2)] == ["etat.pdf"]
    finally:
        store.close()
