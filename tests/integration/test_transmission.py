"""Dossiers de télétransmission: annex files in the session's file, the operators' checks
(each refusal), and the dossiers of the seed session and of the demo on real files."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.scdl import nomenclature
from app.domain.assembly import TYPOLOGY, Item
from app.domain.errors import InputError
from app.domain.transmission import MAX_ANNEX_BYTES, ActDossier, Piece, refusals
from app.services.annexes import add_annex, annex_content, list_annexes, set_annex_typology
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.store import Store
from app.services.transmission import TransmissionRefused, prepare, write_dossiers
from tests.unit.documents.scenario import build_assembly, build_session, events

AFTER = date(2026, 3, 20)


def pdf_bytes(text: str = "annexe", pad: int = 0) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n" + b"0" * pad + b"\n%%EOF\n"


@pytest.fixture
def seed(tmp_path):
    store = Store.open(tmp_path / "seed.sqlite")
    store.save_assembly_and_session(build_assembly(), build_session(), events())
    yield store
    store.close()


def check_manifest(folder: Path, today: date) -> dict:
    """Every field of the manifest against the operators' constraints."""
    m = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert m["flux"] == "actes-generique"
    assert m["acte_nature"] in {"1", "2", "3", "4", "5", "6"}
    assert re.fullmatch(r"[0-9A-Z_]{1,15}", m["numero_de_lacte"])
    assert folder.name == m["numero_de_lacte"]
    assert 0 < len(m["objet"]) <= 499 and "\n" not in m["objet"] and "\r" not in m["objet"]
    assert date.fromisoformat(m["date_de_lacte"]) <= today
    assert m["classification"] in nomenclature()
    assert isinstance(m["document_papier"], bool)
    assert TYPOLOGY.match(m["type_acte"])
    assert len(m["type_pj"]) == len(m["autre_document_attache"])
    assert all(TYPOLOGY.match(t) for t in m["type_pj"])
    assert (folder / m["arrete"]).read_bytes().startswith(b"%PDF-")
    pieces = [m["arrete"], *m["autre_document_attache"]]
    assert [p["filename"] for p in m["type_piece_fichier"]] == pieces
    for f in m["fichiers"]:
        content = (folder / f["filename"]).read_bytes()
        assert len(content) == f["taille"] <= MAX_ANNEX_BYTES
        assert hashlib.sha256(content).hexdigest() == f["sha256"]
    assert len(PdfReader(str(folder / "bordereau.pdf")).pages) == 1
    return m


# --------------------------------------------------------------------------- annexes


def test_annex_files_are_checked_and_kept_in_the_session_file(seed: Store) -> None:
    content = pdf_bytes("État 1259")
    a = add_annex(seed, "s1", "2026-012", "etat-1259.pdf", content, typology="22_AN")
    assert a.sha256 == hashlib.sha256(content).hexdigest() and a.position == 1
    assert annex_content(seed, "s1", "2026-012", "etat-1259.pdf") == content
    refusals_ = {
        "pas-un-pdf.pdf": (b"GIF89a...", "ce n'est pas un PDF"),
        "tronque.pdf": (b"%PDF-1.4\n1 0 obj", "%%EOF"),
        "texte.txt": (content, "seuls les fichiers PDF"),
        "../evasion.pdf": (content, "nom de fichier invalide"),
        "etat-1259.pdf": (content, "déjà une annexe"),
        "enorme.pdf": (pdf_bytes(pad=MAX_ANNEX_BYTES), "taille maximale d'une annexe"),
    }
    for name, (data, message) in refusals_.items():
        with pytest.raises(InputError, match=re.escape(message)):
            add_annex(seed, "s1", "2026-012", name, data)
    with pytest.raises(InputError, match="typologie « 22AN » invalide"):
        add_annex(seed, "s1", "2026-012", "autre.pdf", content, typology="22AN")
    with pytest.raises(InputError, match="absent de l'ordre du jour"):
        add_annex(seed, "s1", "9999", "autre.pdf", content)
    assert [x.filename for x in list_annexes(seed, "s1")] == ["etat-1259.pdf"]


# --------------------------------------------------------------------------- the seed session


def test_dossiers_of_the_seed_session(seed: Store, tmp_path: Path) -> None:
    add_annex(seed, "s1", "2026-012", "etat-1259.pdf", pdf_bytes(), typology="22_AN")
    folders = write_dossiers(seed, "s1", tmp_path / "actes", today=AFTER)
    state = prepare(seed, "s1", today=AFTER).state
    voted = [r.item.act_number for r in state.item_records() if r.vote or r.elected]
    assert [f.name for f in folders] == voted
    for folder in folders:
        check_manifest(folder, AFTER)
    m = json.loads((tmp_path / "actes" / "2026_012" / "manifest.json").read_text("utf-8"))
    assert m["acte_nature"] == "1" and m["type_acte"] == "99_DE"
    assert m["objet"] == "Vote des taux d'imposition 2026"
    assert m["classification"] == "7.2" and m["date_de_lacte"] == "2026-03-12"
    assert m["autre_document_attache"] == ["01_etat-1259.pdf"] and m["type_pj"] == ["22_AN"]
    text = PdfReader(str(tmp_path / "actes" / "2026_012" / "2026_012.pdf")).pages[0]
    assert "EXTRAIT DU REGISTRE" in text.extract_text()
    bordereau = " ".join(
        PdfReader(str(folders[1] / "bordereau.pdf")).pages[0].extract_text().split()
    )
    assert "BORDEREAU DE TÉLÉTRANSMISSION" in bordereau and "22_AN" in bordereau


def test_a_refusal_writes_nothing(seed: Store, tmp_path: Path) -> None:
    add_annex(seed, "s1", "2026-012", "etat-1259.pdf", pdf_bytes())  # no typology yet
    out = tmp_path / "actes"
    with pytest.raises(TransmissionRefused) as err:
        write_dossiers(seed, "s1", out, today=AFTER)
    assert "annexe « 01_etat-1259.pdf » : typologie manquante" in str(err.value)
    assert not out.exists()
    set_annex_typology(seed, "s1", "2026-012", "etat-1259.pdf", "22_AN")
    assert write_dossiers(seed, "s1", out, today=AFTER)


def test_the_session_date_in_the_future_is_refused(seed: Store, tmp_path: Path) -> None:
    with pytest.raises(TransmissionRefused, match=r"12/03/2026\) est dans le futur"):
        write_dossiers(seed, "s1", tmp_path / "x", today=date(2026, 3, 11))
    assert not (tmp_path / "x").exists()


def test_a_number_used_by_another_session_is_refused(seed: Store, tmp_path: Path) -> None:
    other = replace(build_session(), id="s0", time="09:00", transmissions=())
    seed.save_session(other)  # the same agenda, not deliberated there: numbers still free
    assert write_dossiers(seed, "s1", tmp_path / "ok", today=AFTER)
    for event in events():  # deliberated there too: the numbers are taken
        seed.append_event("s0", event)
    with pytest.raises(TransmissionRefused, match=r"numéro déjà utilisé \(séance du 12/03/2026"):
        write_dossiers(seed, "s1", tmp_path / "x", today=AFTER)
    assert not (tmp_path / "x").exists()


# --------------------------------------------------------------------------- the demo


def test_dossiers_of_the_demo(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite")
    try:
        sid = import_file(store, DEMO_FILE)
        prepared = prepare(store, sid, today=AFTER)
        # the demo's budget item (BF) and convention (CC) have no typology: no default
        assert any("typologie de l'acte manquante" in r for r in prepared.refusals)
        session = store.load_session(sid)
        typologies = {"BF": "99_BU", "CC": "99_CO"}
        items = tuple(replace(it, typology=typologies.get(it.nature, "")) for it in session.items)
        store.save_session(replace(session, items=items))
        folders = write_dossiers(store, sid, tmp_path / "demo", today=AFTER, paper=True)
    finally:
        store.close()
    assert folders
    for folder in folders:
        m = check_manifest(folder, AFTER)
        assert m["document_papier"] is True


# --------------------------------------------------------------------------- each refusal


def dossier(**kw: object) -> ActDossier:
    base: dict[str, object] = dict(
        item_id="P1",
        number="2026_001",
        nature="DE",
        objet="Objet",
        decided_on=date(2026, 3, 12),
        classification="7.2",
        classification_label="Fiscalité",
        typology="99_DE",
        paper=False,
        annexes=(Piece("01_a.pdf", "22_AN", 1000),),
    )
    base.update(kw)
    return ActDossier(**base)  # type: ignore[arg-type]


def check(*dossiers: ActDossier, used: dict[str, str] | None = None) -> list[str]:
    return refusals(
        dossiers, today=AFTER, used_elsewhere=used or {}, known_subjects=nomenclature().keys()
    )


def test_a_valid_dossier_passes() -> None:
    assert check(dossier()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "2026-001"}, "de 1 à 15 caractères parmi 0-9, A-Z et « _ »"),
        ({"number": "a2026"}, "de 1 à 15 caractères"),
        ({"number": "2026_0000000001"[:15] + "X"}, "de 1 à 15 caractères"),
        ({"number": ""}, "de 1 à 15 caractères"),
        ({"objet": "x" * 500}, "l'objet compte 500 caractères ; 499 au plus"),
        ({"objet": "Première ligne\nseconde"}, "retour à la ligne"),
        ({"objet": "Première ligne\rseconde"}, "retour à la ligne"),
        ({"decided_on": date(2026, 3, 21)}, "est dans le futur"),
        ({"classification": ""}, "classification (code matière ACTES) manquante"),
        ({"classification": "9.9.9"}, "absente de la nomenclature"),
        ({"typology": ""}, "typologie de l'acte manquante"),
        ({"typology": "DE"}, "typologie de l'acte « DE » invalide"),
        ({"annexes": (Piece("01_a.pdf", "", 10),)}, "typologie manquante"),
        ({"annexes": (Piece("01_a.pdf", "22-AN", 10),)}, "typologie « 22-AN » invalide"),
        (
            {"annexes": (Piece("01_a.pdf", "22_AN", MAX_ANNEX_BYTES + 1),)},
            "20,1 Mo, au-delà de la taille maximale d'une annexe (20 Mo)",
        ),
        (
            {"annexes": tuple(Piece(f"{i}.pdf", "22_AN", MAX_ANNEX_BYTES) for i in range(8))},
            "au-delà de 150 Mo par acte",
        ),
    ],
)
def test_each_refusal(changes: dict[str, object], message: str) -> None:
    reasons = [r.replace("\u00a0", " ") for r in check(dossier(**changes))]
    assert len(reasons) == 1 and message in reasons[0], reasons


def test_a_number_used_twice_or_elsewhere() -> None:
    reasons = check(dossier(), dossier(item_id="P2"))
    assert reasons == ["Acte « 2026_001 » (point P2) : numéro déjà utilisé par le point P1."]
    reasons = check(dossier(), used={"2026_001": "séance du 05/02/2026, point P9"})
    assert reasons == [
        "Acte « 2026_001 » (point P1) : numéro déjà utilisé (séance du 05/02/2026, point P9)."
    ]


def test_the_act_typology_defaults_only_where_the_code_is_certain() -> None:
    assert Item(id="1", title="t").act_typology == "99_DE"
    assert Item(id="1", title="t", nature="AI").act_typology == "99_AI"
    assert Item(id="1", title="t", nature="CC").act_typology == ""
    assert Item(id="1", title="t", nature="CC", typology="99_CO").act_typology == "99_CO"
    with pytest.raises(InputError, match="typologie « 99-DE » invalide"):
        Item(id="1", title="t", typology="99-DE").validate()


def test_cli_transmit(seed: Store, tmp_path: Path, capsys) -> None:
    from main import main

    db = seed.path
    seed.close()
    code = main(["transmit", "--db", str(db), "--session", "s1", "--out", str(tmp_path / "o")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert (tmp_path / "o" / "2026_012" / "manifest.json").exists()
    code = main(["transmit", "--db", str(db), "--session", "nope", "--out", str(tmp_path / "p")])
    assert code == 2 and "introuvable" in capsys.readouterr().err
