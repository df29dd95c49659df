"""Benchmark: read a national RNE file (conseillers municipaux) and keep one commune.

Generates a file of 500,000 rows with the real header in a temporary directory, then
times ``parse_roster(data, commune=...)`` (the target is « well under 5 s »), the refusal
of the same file without ``commune=`` and ``rne_collectivities``. Prints the figures; no
assertion. Run with ``.venv/bin/python bench/bench_rne.py [ROWS] [--iso] [--quoted]``
(``--quoted`` quotes every field, which takes the slower path of the csv module).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from app.domain.errors import InputError  # noqa: E402
from app.services.roster import parse_roster, rne_collectivities  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The real header, as in the sample that the tests read.
HEADER = (ROOT / "tests" / "data" / "rne-cm-sample.csv").read_text("utf-8").splitlines()[0]
LAST = [
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "RICHARD",
    "PETIT",
    "DURAND",
    "LEFÈVRE",
    "MOREAU",
    "SIMON",
    "LAURENT",
    "MICHEL",
    "GARCIA",
    "DAVID",
    "BERTRAND",
]
FIRST_F = ["Anne", "Marie", "Élodie", "Sophie", "Claire", "Nathalie", "Isabelle", "Chloé"]
FIRST_M = ["Jean", "Pierre", "Michel", "André", "Philippe", "Éric", "Luc", "Jérôme"]
FUNCTIONS = ["Maire", "1er adjoint au Maire", "2ème adjoint au Maire", "3ème adjoint au Maire"]
TARGET = "01900"  # outside the generated codes; also asked as « 1900 »


def generate(path: Path, rows: int, *, iso: bool, quoted: bool = False) -> None:
    """A national-like cm file: communes of 10 to 19 councillors until ``rows`` rows."""
    rng = random.Random(1)
    lines = [HEADER]
    commune, target_at = 0, max(1, rows // 30)  # the target about the middle of the file
    while len(lines) <= rows:
        commune += 1
        department = f"{commune % 95 + 1:02d}"  # then a unique 3-digit number in it
        code = f"{department}{commune // 95 + 1:03d}" if commune != target_at else TARGET
        name = f"Commune-{commune}"
        for rank in range(rng.randint(10, 19)):
            female = rng.random() < 0.45
            year, month, day = rng.randint(1940, 2002), rng.randint(1, 12), rng.randint(1, 28)
            born = f"{year}-{month:02d}-{day:02d}" if iso else f"{day:02d}/{month:02d}/{year}"
            fields = [
                department,
                f"Département {department}",
                "",
                "",
                code,
                name,
                rng.choice(LAST),
                rng.choice(FIRST_F if female else FIRST_M),
                "F" if female else "M",
                born,
                "23",
                "Cadres de la fonction publique",
                "2020-05-23" if iso else "23/05/2020",
                FUNCTIONS[rank] if rank < len(FUNCTIONS) else "",
                "2020-05-23" if iso and rank < len(FUNCTIONS) else "",
                "FRA",
            ]
            lines.append(";".join(f'"{f}"' if quoted else f for f in fields))
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 500_000
    iso, quoted = "--iso" in sys.argv, "--quoted" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "elus-conseillers-municipaux-cm.csv"
        generate(path, rows, iso=iso, quoted=quoted)
        size = path.stat().st_size / 1e6
        print(
            f"{rows} rows, {size:.1f} MB, dates {'AAAA-MM-JJ' if iso else 'JJ/MM/AAAA'}"
            f"{', every field quoted' if quoted else ''}"
        )

        began = time.perf_counter()
        parsed = parse_roster(path.read_bytes(), commune=TARGET)
        elapsed = time.perf_counter() - began
        print(
            f"parse_roster(commune={TARGET!r}): {elapsed:.2f} s, "
            f"{len(parsed.members)} members, {len(parsed.rejected)} rejected"
        )

        began = time.perf_counter()
        parse_roster(path.read_bytes(), commune=TARGET.lstrip("0"))
        elapsed = time.perf_counter() - began
        print(f"same, read again, commune={TARGET.lstrip('0')!r}: {elapsed:.2f} s")

        began = time.perf_counter()
        try:
            parse_roster(path.read_bytes())
        except InputError as error:
            print(
                f"without commune: refused in {time.perf_counter() - began:.2f} s "
                f"({error.message[:80]}…)"
            )

        began = time.perf_counter()
        found = rne_collectivities(path.read_bytes())
        print(f"rne_collectivities: {len(found)} communes in {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
