"""Benchmark of importing a large ``seance/1`` file (issue 17).

    .venv/bin/python bench/bench_import.py [--members N]

It writes the ``seance/1`` document of an assembly of N members (N/5 of them suppléants)
and a 60-item agenda, then times, on a fresh file, parsing it (``load_file``) and the
whole import (``import_file``: parsing, checks, the tables written in one transaction).
Prints the figures; a benchmark, not a test. The default is the largest roster a file
may hold (``MAX_MEMBERS``, 5,000: a bigger one is refused before any member is read);
issue 17 asked for a 16,000-member file in ≤ 1 s, before that limit existed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere

from app.services.interchange import export_document, import_file, load_file  # noqa: E402
from app.services.store import Store  # noqa: E402
from tests.integration.helpers.workload import build_assembly, build_session  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import d'un fichier seance/1 volumineux.")
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    titulars = args.members - args.members // 5
    assembly = build_assembly(titulars, args.members // 5, max(1, titulars // 25))
    session = build_session(assembly, 60)
    with tempfile.TemporaryDirectory(prefix="seance-import-") as tmp:
        work = Path(tmp)
        source = work / "seance.json"
        source.write_text(
            json.dumps(export_document(assembly, session, []), ensure_ascii=False),
            encoding="utf-8",
        )
        parse_times, import_times = [], []
        for n in range(args.repeat):
            start = time.perf_counter()
            load_file(source)
            parse_times.append(time.perf_counter() - start)
            store = Store.open(work / f"import-{n}.sqlite")
            start = time.perf_counter()
            import_file(store, source)
            import_times.append(time.perf_counter() - start)
            store.close()
        size = source.stat().st_size / 2**20
    print(f"fichier seance/1 : {len(assembly.members)} membres, {size:.1f} Mo")
    print(f"lecture et contrôles (médiane) : {statistics.median(parse_times):.3f} s")
    print(f"import complet (médiane)       : {statistics.median(import_times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
