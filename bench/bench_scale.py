"""The table of issue 17, in one run: ``bench/bench.py --scale-table``.

Each size of the issue's table (300 × 5,000, 300 × 20,000, 300 × 50,000, 1,000 × 5,000,
3,000 × 5,000) is played by ``bench.py --members N --events M --no-gui
--documents-together`` in a process of its own (so that each peak memory is its own),
after which this process times the import of a ``seance/1`` file of 16,000 members (and
of 5,000, the most a file may hold) and giving a proxy in a file holding ten years of
sessions against the same in a new file. Prints the Markdown rows of
``docs/performance.md`` and the JSON of every part.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = ((300, 5_000), (300, 20_000), (300, 50_000), (1_000, 5_000), (3_000, 5_000))


def _size(members: int, events: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="seance-scale-") as tmp:
        out = Path(tmp) / "figures.json"
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("bench.py")),
                f"--members={members}",
                f"--events={events}",
                f"--seed={seed}",
                "--no-gui",
                "--documents-together",
                f"--json={out}",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if proc.returncode != 0 or not out.exists():
            return {"error": proc.stderr.strip()[-500:]}
        figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        figures["wall_s"] = round(time.perf_counter() - started, 1)
        return figures


def import_figures(members: int, repeat: int = 3) -> dict[str, Any]:
    """Import of a ``seance/1`` file of ``members`` members into a new file (median)."""
    from app.services.interchange import export_document, import_file
    from app.services.store import Store
    from tests.integration.helpers.workload import build_assembly, build_session

    titulars = members - members // 5
    assembly = build_assembly(titulars, members // 5, max(1, titulars // 25))
    session = build_session(assembly, 60)
    times, outcome = [], "importé"
    with tempfile.TemporaryDirectory(prefix="seance-import-") as tmp:
        source = Path(tmp) / "seance.json"
        source.write_text(
            json.dumps(export_document(assembly, session, []), ensure_ascii=False),
            encoding="utf-8",
        )
        for n in range(repeat):
            store = Store.open(Path(tmp) / f"import-{n}.sqlite")
            start = time.perf_counter()
            try:
                import_file(store, source)
            except Exception as err:  # noqa: BLE001 - a refusal is a figure here
                outcome = f"refusé : {err}"
            times.append(time.perf_counter() - start)
            store.close()
        size = source.stat().st_size / 2**20
    return {
        "members": len(assembly.members),
        "file_mb": round(size, 1),
        "import_s": round(statistics.median(times), 3),
        "outcome": outcome,
    }


def proxy_figures(years: int = 10, per_year: int = 10, repeat: int = 40) -> dict[str, Any]:
    """Giving (and revoking) a proxy in a new file and in a file holding ``years`` ×
    ``per_year`` earlier sessions of the same 300-member assembly, each with its journal."""
    from app.services.store import Store
    from tests.integration.helpers.workload import (
        build_assembly,
        build_session,
        create,
        open_service,
    )

    assembly = build_assembly(300, 60, 12)

    def timed(store: Store, session_id: str) -> float:
        create(store, assembly, build_session(assembly, 5, session_id=session_id))
        service = open_service(store, session_id)
        service.open_session()
        for m in ("m1", "m2", "m3", "m4"):
            service.arrive(m)
        times = []
        for k in range(repeat):
            giver = f"m{10 + k}"
            start = time.perf_counter()
            service.give_proxy(giver, "m2")
            times.append(time.perf_counter() - start)
            service.revoke_proxy(giver)
        return statistics.median(times)

    with tempfile.TemporaryDirectory(prefix="seance-proxy-") as tmp:
        fresh = Store.open(Path(tmp) / "new.sqlite")
        new_file = timed(fresh, "NEW")
        fresh.close()
        store = Store.open(Path(tmp) / "history.sqlite")
        rng = random.Random(3)
        events = 0
        for n in range(years * per_year):
            session_id = f"H{n:03d}"
            create(store, assembly, build_session(assembly, 3, session_id=session_id))
            service = open_service(store, session_id)
            service.open_session()
            present = rng.sample([f"m{i}" for i in range(1, 301)], 12)
            for m in present:
                service.arrive(m)
            for giver, holder in (("m290", present[0]), ("m291", present[1])):
                if giver not in present:
                    service.give_proxy(giver, holder)
            service.close_session()
            events += len(service.events)
        history = timed(store, "NOW")
        store.close()
    return {
        "sessions_before": years * per_year,
        "events_before": events,
        "proxy_new_file_ms": round(new_file * 1000, 3),
        "proxy_ten_years_ms": round(history * 1000, 3),
    }


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def scale_table(seed: int = 7) -> int:
    started = time.strftime("%Y-%m-%d %H:%M")
    loads = {"start": _load()}
    sizes = {}
    for members, events in SIZES:
        print(f"{members} × {events}…", file=sys.stderr)
        sizes[f"{members}x{events}"] = _size(members, events, seed)
        loads[f"{members}x{events}"] = _load()
    print("import…", file=sys.stderr)
    imports = [import_figures(16_000), import_figures(5_000)]
    print("pouvoirs…", file=sys.stderr)
    proxies = proxy_figures()
    loads["end"] = _load()
    rows = [
        "| members × events | durable commit (floor, p50) | act applied + projected, p50 "
        "| p99 (acts) | Ctrl+Z at the end | reopen (checkpoint) | full replay "
        "| PV + all extracts | pages per extract | peak RSS (process / worker) | load after |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, f in sizes.items():
        if "error" in f:
            rows.append(f"| {key} | échec : {f['error']} |")
            continue
        rows.append(
            f"| {f['members']:,} × {f['events']:,} | {f['floor_median_ms']:.2f} ms "
            f"| {f['append_median_ms']:.2f} ms (× {f.get('append_median_x_floor', 0):g}) "
            f"| {f['append_p99_ms']:.2f} ms (× {f.get('append_p99_x_floor', 0):g}) "
            f"({f['appends_timed']:,}) "
            f"| {f['undo_end_median_ms']:.1f} ms "
            f"| {f['reopen_replay_ms']:.0f} ms{'' if f['reopen_from_checkpoint'] else ' (rejeu)'} "
            f"| {f['full_replay_ms']:.0f} ms "
            f"| {f['minutes_extracts_s']:.2f} s | {f['extract_pages']} "
            f"| {f['peak_rss_mb']:.0f} / {f['peak_rss_children_mb']:.0f} MB | {loads[key]} |"
        )
    print(
        f"Run of {started} (load average at the start {loads['start']}, at the end {loads['end']})"
    )
    print("\n".join(rows))
    for imp in imports:
        print(
            f"import seance/1 : {imp['members']:,} members ({imp['file_mb']} MB) — "
            f"{imp['import_s']:.3f} s, {imp['outcome']}"
        )
    print(
        f"proxy given: new file {proxies['proxy_new_file_ms']:.2f} ms, file of "
        f"{proxies['sessions_before']} earlier sessions ({proxies['events_before']:,} events) "
        f"{proxies['proxy_ten_years_ms']:.2f} ms (medians)"
    )
    print(json.dumps({"sizes": sizes, "imports": imports, "proxies": proxies, "loads": loads}))
    return 0 if all("error" not in f for f in sizes.values()) else 1


if __name__ == "__main__":
    sys.exit(scale_table(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
