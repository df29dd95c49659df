"""Write the samples of issue #15 into docs/samples/: the attendance record of a scripted
year (PDF and CSV) and the transmission dossiers of the documents' scenario session.

    .venv/bin/python bench/make_acts_samples.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.documents.attendance_record import export_attendance_record  # noqa: E402
from app.domain.assembly import AssemblyKind  # noqa: E402
from app.domain.members import Member  # noqa: E402
from app.services.annexes import add_annex  # noqa: E402
from app.services.attendance_record import load_attendance_record  # noqa: E402
from app.services.store import Store  # noqa: E402
from app.services.transmission import write_dossiers  # noqa: E402
from tests.integration.helpers.year import script_year  # noqa: E402
from tests.unit.documents.scenario import build_assembly, build_session, events  # noqa: E402


def attendance_samples(out: Path) -> list[Path]:
    base = build_assembly()
    substitute = Member(
        id="s3",
        civility="M.",
        last_name="CHEVALIER",
        first_name="Marc",
        substitute_for="m3",
        group=base.members[2].group,
    )
    assembly = replace(
        base,
        name="Comité syndical",
        organisation="Syndicat intercommunal des eaux de Saint-Exemple",
        kind=AssemblyKind.COMITE_SYNDICAL,
        members=base.members + (substitute,),
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "annee.sqlite")
        try:
            store.save_assembly(assembly)
            script_year(store, others=[f"m{i}" for i in range(10, 24)])
            record = load_attendance_record(store, "a1", date(2026, 1, 1), date(2026, 12, 31))
        finally:
            store.close()
    return export_attendance_record(record, out)


def transmission_samples(out: Path) -> list[Path]:
    """The dossier of the scenario's item 2026-012 (taux d'imposition), with its annex."""
    annex = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seance.sqlite")
        try:
            store.save_assembly_and_session(build_assembly(), build_session(), events())
            add_annex(store, "s1", "2026-012", "etat-1259-COM.pdf", annex, typology="22_AN")
            folders = write_dossiers(store, "s1", Path(tmp) / "out", today=date(2026, 3, 13))
            target = out / "teletransmission"
            if target.exists():
                shutil.rmtree(target)
            keep = next(f for f in folders if f.name == "2026_012")
            shutil.copytree(keep, target / keep.name)
        finally:
            store.close()
    return sorted((target / "2026_012").iterdir())


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    for path in attendance_samples(out) + transmission_samples(out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
