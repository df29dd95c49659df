"""The préfecture's acknowledgment back in: an ``ARActe`` message written here from the
ACTES schema's element names, or the identifier and date typed in, shows on the extract
and in the SCDL file (which the program's own validator accepts); refusals change nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.scdl import validate_scdl
from app.domain.errors import InputError
from app.services.acknowledgment import (
    ACTES_NS,
    acknowledgment,
    parse_aracte,
    record_acknowledgment,
)
from app.services.store import Store
from main import main
from tests.unit.documents.scenario import build_assembly, build_session, events

TODAY = date(2026, 4, 1)
IDENT = "099-219900008-20260312-2026_013-DE"


def aracte(ident: str = IDENT, received: str = "2026-03-16", internal: str | None = "") -> bytes:
    """An acknowledgment as the ACTES schema names it (actes:ARActe, actes:ActeRecu…);
    the internal number is the identifier's unless given (None: no ActeRecu)."""
    if internal == "":
        internal = ident.split("-")[3] if ident.count("-") == 4 else ""
    recu = ""
    if internal is not None:
        recu = (
            f'<actes:ActeRecu actes:CodeNatureActe="1" actes:Date="2026-03-12" '
            f'actes:NumeroInterne="{internal}">'
            '<actes:CodeMatiere1 actes:CodeMatiere="7"/>'
            '<actes:CodeMatiere2 actes:CodeMatiere="5"/>'
            "<actes:Objet>Subvention à l'association « Les Amis du patrimoine »</actes:Objet>"
            "<actes:ClassificationDateVersion>2025-01-01</actes:ClassificationDateVersion>"
            "</actes:ActeRecu>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<actes:ARActe xmlns:actes="{ACTES_NS}" actes:IDActe="{ident}" '
        f'actes:DateReception="{received}">{recu}'
        "<actes:ClassificationDateVersionEnCours>2025-01-01"
        "</actes:ClassificationDateVersionEnCours></actes:ARActe>"
    ).encode()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "seed.sqlite"
    store = Store.open(path)
    store.save_assembly_and_session(build_assembly(), build_session(), events())
    store.close()
    return path


def text_of(pdf: Path) -> str:
    raw = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    return re.sub(r"[\s\u00a0]+", " ", raw)


def test_an_aracte_shows_on_the_extract_and_in_the_scdl(db: Path, tmp_path: Path, capsys) -> None:
    xml = tmp_path / "ar.xml"
    xml.write_bytes(aracte())
    before = tmp_path / "before"
    assert main(["export", "--db", str(db), "--session", "s1", "--out", str(before)]) == 0
    assert "Reçu en préfecture le : 16 mars 2026" not in text_of(before / "extrait_2026-013.pdf")
    capsys.readouterr()

    assert main(["ack", str(xml), "--db", str(db), "--session", "s1"]) == 0
    assert capsys.readouterr().out.strip() == f"2026-013\t{IDENT}\t2026-03-16"
    out = tmp_path / "after"
    assert main(["export", "--db", str(db), "--session", "s1", "--out", str(out)]) == 0
    text = text_of(out / "extrait_2026-013.pdf")
    assert "Reçu en préfecture le : 16 mars 2026" in text
    assert f"ID : {IDENT}" in text
    scdl = out / "deliberations_scdl.csv"
    rows = {r["DELIB_ID"]: r for r in csv.DictReader(io.StringIO(scdl.read_text("utf-8")))}
    assert (rows["2026_013"]["PREF_ID"], rows["2026_013"]["PREF_DATE"]) == (
        "PREF099",
        "2026-03-16",
    )
    assert rows["2026_012"]["PREF_ID"] == ""  # not acknowledged
    assert validate_scdl(scdl) == []
    # the identifier survives a round trip through seance/1
    assert main(["export", "--db", str(db), "--session", "s1", "--out", str(out)]) == 0
    capsys.readouterr()
    assert (
        main(["export", "--db", str(db), "--session", "s1", "--out", str(out), "--only", "json"])
        == 0
    )
    assert IDENT in (out / "seance_2026-03-12.json").read_text("utf-8")


def test_typed_identifier_and_date(db: Path, capsys) -> None:
    code = main(
        ["ack", "--db", str(db), "--session", "s1", "--item", "2026-012",
         "--id", "099-219900008-20260312-2026_012-DE", "--date", "13/03/2026"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    store = Store.open(db)
    try:
        t = store.load_session("s1").transmission("2026-012")
    finally:
        store.close()
    assert t is not None and t.actes_id == "099-219900008-20260312-2026_012-DE"
    assert t.received_on == date(2026, 3, 13)
    assert t.sent_on == date(2026, 3, 13) and t.posted_on == date(2026, 3, 14)  # kept


def refused(db: Path, ack_bytes: bytes | None = None, **typed: str) -> str:
    store = Store.open(db)
    try:
        before = store.load_session("s1").transmissions
        with pytest.raises(InputError) as err:
            ack = (
                parse_aracte(ack_bytes)
                if ack_bytes is not None
                else acknowledgment(typed["ident"], date.fromisoformat(typed["received"]))
            )
            record_acknowledgment(store, "s1", ack, today=TODAY, item_id=typed.get("item"))
        assert store.load_session("s1").transmissions == before  # nothing changed
    finally:
        store.close()
    return err.value.message


@pytest.mark.parametrize(
    ("ack", "message"),
    [
        (aracte(ident="099-219900008-20260312-2099_999-DE"), "acte inconnu"),
        (aracte(ident="099-219900008-20260312-2026_017-DE"), "retiré) : acte inconnu"),
        (aracte(ident="099-219900008-20260305-2026_013-DE"), "acte inconnu dans cette séance"),
        (aracte(received="2026-03-11"), "reçu le 11/03/2026, avant la séance du 12/03/2026"),
        (aracte(received="2026-05-01"), "dans le futur"),
        (aracte(ident="099-200000000-20260312-2026_013-DE"), "SIREN « 200000000 »"),
        (aracte(ident="099-219900008-20260312-2026_013-AI"), "nature « AI »"),
        (aracte(ident="99-219900008-20260312-2026_013-DE"), "mal formé"),
        (aracte(internal="2026_014"), "numéro interne « 2026_014 »"),
        (aracte().replace(b' actes:DateReception="2026-03-16"', b""), "actes:DateReception"),
        (aracte(received="16/03/2026"), "date de réception « 16/03/2026 » illisible"),
        (b"<actes:ARActe", "XML invalide"),
        (b'<?xml version="1.0"?><ARActe IDActe="x"/>', "« actes:ARActe » attendu"),
        (
            b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
            "DOCTYPE/ENTITY interdites",
        ),
    ],
)
def test_refusals(db: Path, ack: bytes, message: str) -> None:
    assert message in refused(db, ack)


def test_typed_refusals(db: Path) -> None:
    assert "mal formé" in refused(db, ident="2026_013", received="2026-03-16")
    assert "le point « 2026-012 » a le numéro d'acte « 2026_012 »" in refused(
        db, ident=IDENT, received="2026-03-16", item="2026-012"
    )
    assert "absent de l'ordre du jour" in refused(
        db, ident=IDENT, received="2026-03-16", item="9999"
    )


def test_a_second_identifier_for_the_same_act_is_refused(db: Path) -> None:
    store = Store.open(db)
    try:
        record_acknowledgment(store, "s1", parse_aracte(aracte()), today=TODAY)
        again = record_acknowledgment(store, "s1", parse_aracte(aracte()), today=TODAY)
        assert again.actes_id == IDENT  # the same message twice is harmless
    finally:
        store.close()
    other = aracte(ident="098-219900008-20260312-2026_013-DE")
    assert f"déjà été acquitté sous l'identifiant « {IDENT} »" in refused(db, other)


def test_cli_refusal_exit_code(db: Path, tmp_path: Path, capsys) -> None:
    xml = tmp_path / "ar.xml"
    xml.write_bytes(aracte(received="2026-03-01"))
    assert main(["ack", str(xml), "--db", str(db), "--session", "s1"]) == 2
    assert "avant la séance" in capsys.readouterr().err
    assert main(["ack", "--db", str(db), "--session", "s1"]) == 2
    assert "indiquez le fichier ARActe" in capsys.readouterr().err


def test_the_acknowledged_identifier_is_printed_even_when_it_cannot_be_computed(
    db: Path, tmp_path: Path, capsys
) -> None:
    """Without the department, the program cannot compute the identifier: the extract
    prints dots until the préfecture's acknowledgment gives it."""
    from dataclasses import replace

    store = Store.open(db)
    try:
        store.save_assembly(replace(store.load_assembly("a1"), department=""))
        # a begun session keeps the identity of its constitution: amend it (issue #10)
        from app.domain.constitution import Patch
        from app.services.session_service import SessionService

        service = SessionService(store, "s1", lambda: datetime(2026, 3, 12, 23, 0))
        identity = replace(service.assembly, department="")
        service.amend(Patch(assembly=identity), "le secrétariat", "département inconnu")
        record_acknowledgment(store, "s1", parse_aracte(aracte()), today=TODAY)
    finally:
        store.close()
    out = tmp_path / "out"
    assert main(["export", "--db", str(db), "--session", "s1", "--out", str(out)]) == 0
    assert f"ID : {IDENT}" in text_of(out / "extrait_2026-013.pdf")
    assert f"ID : {IDENT}" not in text_of(out / "extrait_2026-012.pdf")
    assert "ID : ....." in text_of(out / "extrait_2026-012.pdf")
