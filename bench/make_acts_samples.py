"""Write the samples of issue #15 into docs/samples/: the attendance record of a scripted
year (PDF and CSV) and the transmission dossiers of the documents' scenario session.

    .venv/bin/python bench/make_acts_samples.py [OUT_DIR]
"""

from __future__ import annotations

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
from app.services.attendance_record import load_attendance_record  # noqa: E402
from app.services.store import Store  # noqa: E402
from tests.integration.helpers.year import script_year  # noqa: E402
from tests.unit.documents.scenario import build_assembly  # noqa: E402


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


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    for path in attendance_samples(out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
