"""The register and the pack's PDFs pass the documents' no-overlap check; the register
also for a long organisation name, a large assembly with long names and long objets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.members import Member
from app.services.minutes_life import After, record_after
from app.services.publication import publish
from app.services.register import export_register, record_decision
from app.services.store import Store
from tests.integration.helpers.register_year import (
    DAYS,
    Clock,
    assembly,
    script_session,
    script_year,
    session,
)

layout = pytest.importorskip("tests.unit.documents.layout")  # the documents' checker

ORG = (
    "Syndicat intercommunal à vocation multiple pour l'aménagement, l'entretien et la "
    "valorisation des rivières du bassin versant de la Haute-Vallée de Saint-Exemple"
)
LONG_TITLE = (
    "Approbation de la convention de partenariat pluriannuelle relative au financement, à "
    "la réalisation et au suivi des travaux de restauration hydromorphologique des cours "
    "d'eau et de leurs annexes humides (tranche conditionnelle n° 3)"
)


def members(n: int) -> tuple[Member, ...]:
    return tuple(
        Member(
            id=f"m{i}",
            civility="Mme" if i % 2 else "M.",
            last_name=f"DE LA TOUR-D'AUVERGNE-LAURAGUAIS{i}",
            first_name="Marie-Bernadette-Éléonore",
            function="Présidente" if i == 1 else "",
        )
        for i in range(1, n + 1)
    )


def test_no_overlap_in_the_register_of_a_large_assembly(tmp_path: Path) -> None:
    store = Store.open(None)
    base = replace(assembly(), organisation=ORG, members=members(45))
    store.save_assembly(base)
    clock = Clock()
    for sid in DAYS:
        s = session(sid)
        long_items = tuple(replace(it, title=f"{LONG_TITLE} — {it.id}") for it in s.items)
        store.save_session(replace(s, items=long_items))
    script_session(store, clock, "s1")
    script_session(store, clock, "s2")
    clock.now = datetime(2026, 7, 1, 9)
    record_decision(
        store,
        "a1",
        number="D2026-01",
        decided_on=date(2026, 3, 2),
        title=LONG_TITLE,
        text=LONG_TITLE * 3,
        delegation=LONG_TITLE,
        clock=clock,
    )
    result = export_register(store, "a1", 2026, tmp_path / "r", today=date(2026, 7, 1))
    pdfs = sorted((tmp_path / "r").glob("*.pdf"))
    assert len(pdfs) == 4 and result.tables in pdfs
    problems = {pdf.name: layout.layout_problems(pdf) for pdf in pdfs}
    assert {name: p[:2] for name, p in problems.items() if p} == {}


def test_no_overlap_in_the_publication_pack(tmp_path: Path) -> None:
    """The pack's PDFs are the documents' own, with the R2131-1 mentions added."""
    store = Store.open(None)
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
    publish(store, "a1", tmp_path, today=date(2026, 7, 1), clock=clock)
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert len(pdfs) == 11
    problems = {pdf.name: layout.layout_problems(pdf) for pdf in pdfs}
    assert {name: p[:2] for name, p in problems.items() if p} == {}
