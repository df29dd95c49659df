"""Write the samples of issue #14 into docs/samples/: the 2026 register of a scripted
year of three sessions (feuillets, closing feuillets, a decision under delegation, the
tables), rendered pages of it (PNG, with pdftoppm when installed), and the publication
pack (index.html and its PDFs).

    .venv/bin/python bench/make_register_samples.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.minutes_life import After, record_after  # noqa: E402
from app.services.publication import publish  # noqa: E402
from app.services.register import export_register, record_decision  # noqa: E402
from app.services.store import Store  # noqa: E402
from tests.integration.helpers.register_year import script_session, setup  # noqa: E402

TODAY = date(2026, 7, 1)


def build(out: Path) -> list[Path]:
    register_dir, pack_dir = out / "registre", out / "publication"
    for folder in (register_dir, pack_dir):
        shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "annee.sqlite")
        try:
            clock = setup(store)
            script_session(store, clock, "s1")
            clock.now = datetime(2026, 3, 3, 9)
            record_decision(
                store,
                "a1",
                number="D2026-01",
                decided_on=date(2026, 3, 2),
                title="Contrat d'entretien des espaces verts avec la société « Verte & Fils »",
                text=(
                    "Le maire de la commune de Saint-Exemple décide de signer le contrat "
                    "d'entretien des espaces verts pour un montant annuel de 12 400 € HT."
                ),
                delegation="délibération n° 2025-040 du 3 juillet 2025 (article L2122-22 4°)",
                clock=clock,
            )
            script_session(store, clock, "s2")
            script_session(store, clock, "s3")
            clock.now = datetime(2026, 7, 1, 9)
            record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
            result = export_register(store, "a1", 2026, register_dir, today=TODAY)
            publish(store, "a1", pack_dir, today=TODAY, clock=clock)
        finally:
            store.close()
    written = [*result.files, result.tables]
    if shutil.which("pdftoppm"):
        first, closing = result.files[0], result.files[0]
        pages = result.parts[0].feuillets
        for pdf, page, name in (
            (first, 1, "registre_feuillet_1"),
            (closing, pages, f"registre_feuillet_{pages}_cloture"),
            (result.files[1], 1, "registre_decision_par_delegation"),
            (result.tables, 1, "registre_tables"),
            (pack_dir / "proces-verbaux/proces-verbal_2026-02-05.pdf", 1, "publication_pv_arrete"),
        ):
            target = register_dir / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-singlefile",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    str(pdf),
                    str(target),
                ],
                check=True,
            )
            written.append(target.with_suffix(".png"))
    written += sorted(pack_dir.rglob("*"))
    return written


if __name__ == "__main__":
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    for path in build(out_dir):
        print(path)
