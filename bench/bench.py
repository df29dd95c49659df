"""Benchmark of a large session: 300 members in office, 60 items, about 5,000 events.

Run from the repository root (the one command of README.md « Performances »):

    .venv/bin/python bench/bench.py [--quick] [--members N] [--events M] [--seed N]
                                    [--json FILE] [--keep DIR] [--no-gui] [--no-documents]

``--quick`` plays a small session (100 members, 15 items) with one GUI start instead of
three: it checks in well under a minute that every part of the benchmark still runs (CI
runs it); its figures are not compared with the targets, which are for 300 members.
``--members N --events M`` plays a session of N titulars (N/5 suppléants, N/25 groups)
and about M events (the attendance churn per item is derived from M); its figures are
compared with the targets only at the default size.

Each run first measures the durable-commit floor on the same disk (one small row
inserted and committed with ``synchronous=FULL`` in WAL mode, as the journal does), and
gives the act, Ctrl+Z and reopening figures also as ratios to it: the machine is shared
and noisy, ratios taken in one run compare across runs.

It builds a comité syndical of 300 titulars in 12 groups with 60 suppléants and an
agenda of 60 items, then plays a whole session on a real SQLite file through
``SessionService`` — arrivals, departures, apologies, proxies given and revoked,
suppléants sitting, recusals, votes (show of hands, public, secret, unanimity), notes,
a few Ctrl+Z — with the same driver as the crash test; every command is valid and none
is caught. It then prints, as a table and as JSON:

- one event appended and projected: ``SessionService.execute`` (check, durable append
  with ``synchronous=FULL``, fold, change set) plus the ``attendance()`` a screen reads
  on the notification, median and p99 over every act of the session (thousands);
- Ctrl+Z on the full journal: the last act undone then redone, several times, at the end;
- reopening the file as the window does (``Store.open`` + ``SessionService``: from the
  checkpoint of the fold written when the file closed, verified against the journal),
  and the full replay that ``seance verify`` and the documents do (``load_record``);
- writing the minutes, all the extracts, the attendance sheet, the list and the SCDL CSV
  (``app.documents.export.export_documents``);
- peak memory (maximum resident set size of the process, of its largest child — the
  extracts' worker processes —, and the Python heap while replaying);
- the GUI's start, from spawning ``python`` to the first painted main window (offscreen).

``--documents-together`` times the minutes and the extracts in one export, as
``seance export`` writes them; ``--scale-table`` runs every size of issue 17 and prints
the table of ``docs/performance.md`` (``bench/bench_scale.py``).

Figures are this machine's; ``docs/performance.md`` records them with the date.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere

from app.domain.events import Event  # noqa: E402
from app.services.session_service import Change, SessionService  # noqa: E402
from app.services.store import Store  # noqa: E402
from tests.integration.helpers.workload import (  # noqa: E402
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)


@dataclass(frozen=True)
class Scale:
    """The size of the session played. A new command-line option (``--members N``,
    ``--events M``…) only has to derive another ``Scale`` in ``scale_from``."""

    titulars: int
    substitutes: int
    groups: int
    items: int
    plan: Plan
    reopen_repeat: int = 5
    gui_repeat: int = 3
    judged: bool = True  # compare the figures with TARGETS (they are for the full size)


FULL = Scale(
    titulars=300, substitutes=60, groups=12, items=60, plan=Plan(churn=70, recusals=4, undo=0.01)
)
QUICK = replace(
    FULL,
    titulars=100,
    substitutes=20,
    groups=5,
    items=15,
    plan=Plan(churn=30, recusals=3, undo=0.02),
    reopen_repeat=2,
    gui_repeat=1,
    judged=False,
)
TARGETS = {  # issue 7, « Done when »
    "append_p99_ms": ("un événement appliqué et projeté (p99)", 5.0, "ms"),
    "reopen_replay_ms": ("réouverture et rejeu", 300.0, "ms"),
    "minutes_extracts_s": ("procès-verbal et tous les extraits", 5.0, "s"),
    "gui_first_paint_s": ("lancement jusqu'à la première fenêtre peinte", 1.5, "s"),
    "peak_rss_mb": ("mémoire maximale (processus du banc)", 300.0, "Mo"),
}


def scale_of(members: int, events: int) -> Scale:
    """A session of ``members`` titulars and about ``events`` events: the opening records
    about one event per titular; the rest is attendance churn spread over the items."""
    items = FULL.items
    opening = int(members * 1.15) + 2
    churn = max(1, round((events - opening) / items) - 5)
    return replace(
        FULL,
        titulars=members,
        substitutes=members // 5,
        groups=max(1, members // 25),
        plan=replace(FULL.plan, churn=churn),
        reopen_repeat=3,
        judged=members == FULL.titulars and abs(events - 5000) <= 500,
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


# --------------------------------------------------------------------------- floor


def durable_floor(work: Path, repeat: int = 400) -> dict[str, Any]:
    """The cost of one durable commit on this disk, measured now: a row of the size of an
    event inserted and committed (WAL, ``synchronous=FULL``), as ``Store`` does."""
    import sqlite3

    path = work / "floor.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (seq INTEGER PRIMARY KEY, payload TEXT)")
    payload = "x" * 300
    times = []
    for seq in range(repeat):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?)", [seq, payload])
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    for name in ("floor.sqlite", "floor.sqlite-wal", "floor.sqlite-shm"):
        (work / name).unlink(missing_ok=True)
    return {
        "floor_median_ms": ms(statistics.median(times)),
        "floor_p99_ms": ms(percentile(times, 99)),
    }


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    """Figures as multiples of the durable-commit floor measured in the same run."""
    floor = results["floor_median_ms"]
    keys = ("append_median_ms", "append_p99_ms", "undo_end_median_ms", "reopen_replay_ms")
    return {
        f"{key[:-3]}_x_floor": round(results[key] / floor, 1)
        for key in keys
        if isinstance(results.get(key), int | float) and floor
    }


# --------------------------------------------------------------------------- generation


def generate(path: Path, seed: int, scale: Scale) -> dict[str, Any]:
    """Play the session on ``path``; time every event appended through ``execute``."""
    store = Store.open(path)
    assembly = build_assembly(scale.titulars, scale.substitutes, scale.groups)
    session = build_session(assembly, scale.items)
    create(store, assembly, session)
    service = open_service(store, session.id)
    append_times: list[float] = []
    undo_times: list[float] = []
    vote_times: list[float] = []
    execute = service.execute
    correct = service.correct

    # Same signature as SessionService.execute, which the service's own methods call.
    def timed_execute(event: Event) -> Change:
        start = time.perf_counter()
        change = execute(event)
        service.state.attendance()  # what the live window reads on the notification
        elapsed = time.perf_counter() - start
        append_times.append(elapsed)
        if event.type == "vote_recorded":
            vote_times.append(elapsed)
        return change

    def timed_correct(target: int, reason: str, **flags: bool) -> Change:
        start = time.perf_counter()
        change = correct(target, reason, **flags)
        service.state.attendance()
        undo_times.append(time.perf_counter() - start)
        return change

    service.execute = timed_execute  # type: ignore[method-assign]
    service.correct = timed_correct  # type: ignore[method-assign]
    started = time.perf_counter()
    # The session stays open (the secretary reopens it live), so the GUI starts on it.
    SessionDriver(service, random.Random(seed), scale.plan).run(close=False)
    duration = time.perf_counter() - started
    # Ctrl+Z on the whole journal: undo the last act, then redo it (a correction of the
    # correction), a few times; each costs what the secretary waits for at the end
    end_undo: list[float] = []
    end_redo: list[float] = []
    for _ in range(10):
        start = time.perf_counter()
        service.undo()
        service.state.attendance()
        end_undo.append(time.perf_counter() - start)
        start = time.perf_counter()
        service.redo()
        service.state.attendance()
        end_redo.append(time.perf_counter() - start)
    kinds = Counter(e.type for e in service.events)
    att = service.state.attendance()
    start = time.perf_counter()
    store.close()  # the session's checkpoint is written as the file closes
    closing = time.perf_counter() - start
    return {
        "close_with_checkpoint_ms": ms(closing),
        "session_id": session.id,
        "events": len(service.events),
        "event_types": dict(kinds.most_common()),
        "generation_s": round(duration, 2),
        "append_median_ms": ms(statistics.median(append_times)),
        "append_p99_ms": ms(percentile(append_times, 99)),
        "append_max_ms": ms(max(append_times)),
        "appends_timed": len(append_times),
        "vote_median_ms": ms(statistics.median(vote_times)),
        "undo_median_ms": ms(statistics.median(undo_times)) if undo_times else None,
        "undo_max_ms": ms(max(undo_times)) if undo_times else None,
        "undo_end_median_ms": ms(statistics.median(end_undo)),
        "redo_end_median_ms": ms(statistics.median(end_redo)),
        "final_present": att.quorum.present,
        "final_represented": att.quorum.represented,
        "members_in_office": att.quorum.in_office,
        "items": scale.items,
        "members": scale.titulars,
    }


# --------------------------------------------------------------------------- reopen


def reopen(path: Path, session_id: str, repeat: int = 5) -> dict[str, Any]:
    """Reopening as the window does (from the stored checkpoint when it is the
    journal's), and the full replay that ``seance verify`` and the documents do."""
    from app.services.records import load_record

    times = []
    restored = []
    for _ in range(repeat):
        start = time.perf_counter()
        store = Store.open(path, create=False)
        service = SessionService(store, session_id, time_now)
        service.state.attendance()
        times.append(time.perf_counter() - start)
        restored.append(service.restored)
        store.close()
    replays = []
    for _ in range(repeat):
        start = time.perf_counter()
        store = Store.open(path, create=False, access="read")
        load_record(store, session_id)
        replays.append(time.perf_counter() - start)
        store.close()
    tracemalloc.start()
    store = Store.open(path, create=False)
    SessionService(store, session_id, time_now)
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    store.close()
    return {
        "reopen_replay_ms": ms(statistics.median(times)),
        "reopen_replay_max_ms": ms(max(times)),
        "reopen_from_checkpoint": all(restored),
        "full_replay_ms": ms(statistics.median(replays)),
        "replay_heap_peak_mb": round(heap_peak / 2**20, 1),
    }


def time_now():  # noqa: ANN201 - a clock for services that append nothing here
    from datetime import datetime

    return datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------- documents


def export(path: Path, session_id: str, out_dir: Path, together: bool = False) -> dict[str, Any]:
    """Each kind of document alone; with ``together``, the minutes and the extracts in
    one export, as ``seance export`` writes them (the extracts in worker processes while
    this one builds the minutes), then the others."""
    from app.documents.export import export_documents
    from app.services.records import load_record

    store = Store.open(path, create=False, access="read")
    record = load_record(store, session_id)  # the export replays the whole journal
    fingerprint = store.fingerprint(session_id)
    store.close()
    figures: dict[str, Any] = {}
    files = 0
    groups = [["minutes", "extracts"]] if together else [["minutes"], ["extracts"]]
    for kinds in [*groups, ["attendance"], ["list"], ["scdl"]]:
        start = time.perf_counter()
        written = export_documents(
            record.assembly,
            record.session,
            record.state,
            out_dir / "-".join(kinds),
            kinds,
            fingerprint=fingerprint,
        )
        figures[f"{'_'.join(kinds)}_s"] = round(time.perf_counter() - start, 3)
        files += len(written)
        if "minutes" in kinds:
            minutes = [p for p in written if p.name.startswith("proces-verbal")]
            figures["minutes_kb"] = round(sum(p.stat().st_size for p in minutes) / 1024)
        if "extracts" in kinds:
            figures["extract_pages"] = _pages([p for p in written if p.name.startswith("extrait")])
    if not together:
        figures["minutes_extracts_s"] = round(figures["minutes_s"] + figures["extracts_s"], 3)
    figures["all_documents_s"] = round(
        sum(figures[f"{'_'.join(kinds)}_s"] for kinds in [*groups, ["attendance"], ["list"]])
        + figures["scdl_s"],
        3,
    )
    figures["files"] = files
    return figures


def _pages(extracts: list[Path]) -> float | None:
    """The median number of pages of the extracts (None without pypdf)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    counts = [len(PdfReader(p).pages) for p in extracts]
    return statistics.median(counts) if counts else None


# --------------------------------------------------------------------------- GUI

GUI_CHILD = r"""
import json, resource, sys, time
started_wall = time.time()
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from datetime import datetime
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
import ui.application as ua
t_imports = time.perf_counter()
marks = {}

class PaintSpy(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in marks and event.type() == QEvent.Type.Paint:
            window = getattr(obj, "window", None)
            if window is not None and window() is target.get("window"):
                marks["paint"] = time.perf_counter()
                marks["paint_wall"] = time.time()
                QTimer.singleShot(0, done)  # after the whole first paint pass
        return False

def done():
    marks["painted"] = time.perf_counter()
    marks["painted_wall"] = time.time()
    QApplication.instance().quit()

target = {}
clock = lambda: datetime.now().replace(microsecond=0)
if hasattr(ua, "SeanceApplication"):
    ua.prepare_qt()
    app = QApplication(["seance"])
    ua.configure(app)
    spy = PaintSpy()
    app.installEventFilter(spy)
    controller = ua.SeanceApplication(clock)
    target["window"] = None
    code = controller.start(Path(sys.argv[2]))
    target["window"] = controller.window
    what = "fenêtre principale (MainWindow) sur la séance générée par le banc"
    if code is not None:
        print(json.dumps({"error": f"exit code {code}"}))
        sys.exit(0)
else:  # the live window is not there yet: the placeholder window that run() shows
    app = QApplication(["seance"])
    spy = PaintSpy()
    app.installEventFilter(spy)
    label = QLabel("Séance")
    label.resize(800, 600)
    target["window"] = label
    label.show()
    what = "fenêtre provisoire (la fenêtre de séance n'existe pas encore)"
t_window = time.perf_counter()
QTimer.singleShot(15000, app.quit)
app.exec()
print(json.dumps({"what": what, "imports_s": t_imports - t0, "window_built_s": t_window - t0,
                  "started_wall": started_wall, "painted_wall": marks.get("painted_wall"),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
if hasattr(ua, "SeanceApplication"):
    controller.shutdown()
"""


def gui(path: Path, repeat: int = 3) -> dict[str, Any]:
    """Spawn the GUI ``repeat`` times; keep the median run. The child prints the wall-clock
    instant of its first painted window; the parent subtracts the instant it spawned it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = []
    for _ in range(repeat):
        spawned = time.time()
        proc = subprocess.run(
            [sys.executable, "-c", GUI_CHILD, str(ROOT), str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            cwd=ROOT,
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            return {"gui": f"n/a (code {proc.returncode} : {proc.stderr.strip()[-300:]})"}
        data = json.loads(lines[-1])
        if "error" in data or data["painted_wall"] is None:
            return {"gui": f"n/a ({data.get('error', 'aucune peinture')})"}
        data["first_paint_s"] = data["painted_wall"] - spawned
        data["interpreter_s"] = data["started_wall"] - spawned
        runs.append(data)
    data = sorted(runs, key=lambda r: r["first_paint_s"])[len(runs) // 2]
    return {
        "gui_what": data["what"],
        "gui_interpreter_start_s": round(data["interpreter_s"], 3),
        "gui_imports_s": round(data["imports_s"], 3),
        "gui_window_built_s": round(data["window_built_s"], 3),
        "gui_first_paint_s": round(data["first_paint_s"], 3),
        "gui_first_paint_runs_s": [round(r["first_paint_s"], 3) for r in runs],
        "gui_maxrss_mb": round(data["maxrss_mb"], 1),
    }


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def table(results: dict[str, Any], judged: bool = True) -> str:
    def x(key: str) -> str:
        ratio = results.get(f"{key[:-3]}_x_floor")
        return f" (× {ratio:g})" if ratio is not None else ""

    rows = [
        (
            "Séance générée",
            f"{results['events']} événements, {results['members_in_office']} "
            f"membres en exercice, {results['items']} points",
            "",
        ),
        (
            "Plancher : une écriture durable",
            f"{results['floor_median_ms']:.2f} ms (p99 {results['floor_p99_ms']:.2f} ms)",
            "",
        ),
        (
            "Un événement (médiane)",
            f"{results['append_median_ms']:.2f} ms{x('append_median_ms')}",
            "",
        ),
        (
            f"Un événement (p99 sur {results['appends_timed']})",
            f"{results['append_p99_ms']:.2f} ms{x('append_p99_ms')}",
            "append_p99_ms",
        ),
        ("Un vote (médiane)", f"{results['vote_median_ms']:.2f} ms", ""),
        ("Ctrl+Z en cours de séance (médiane)", f"{results['undo_median_ms']} ms", ""),
        (
            "Ctrl+Z en fin de journal (médiane)",
            f"{results['undo_end_median_ms']:.2f} ms{x('undo_end_median_ms')}",
            "",
        ),
        ("Rétablir en fin de journal (médiane)", f"{results['redo_end_median_ms']:.2f} ms", ""),
        (
            "Réouverture"
            + (" (point de reprise)" if results.get("reopen_from_checkpoint") else " et rejeu"),
            f"{results['reopen_replay_ms']:.1f} ms{x('reopen_replay_ms')}",
            "reopen_replay_ms",
        ),
        ("Rejeu complet (vérification, export)", f"{results['full_replay_ms']:.1f} ms", ""),
    ]
    if "minutes_extracts_s" in results:
        if "minutes_s" in results:
            rows += [
                ("Procès-verbal", f"{results['minutes_s']:.2f} s", ""),
                ("Extraits (tous)", f"{results['extracts_s']:.2f} s", ""),
            ]
        rows += [
            (
                "PV et tous les extraits",
                f"{results['minutes_extracts_s']:.2f} s",
                "minutes_extracts_s",
            ),
            (
                "Émargement, liste",
                f"{results['attendance_s']:.2f} s, {results['list_s']:.2f} s",
                "",
            ),
            ("Export SCDL", f"{results['scdl_s']:.3f} s", ""),
        ]
    else:
        rows.append(("Documents", "n/a", ""))
    if "gui_first_paint_s" in results:
        rows.append(
            (
                "Lancement → 1re fenêtre peinte",
                f"{results['gui_first_paint_s']:.2f} s",
                "gui_first_paint_s",
            )
        )
    else:
        rows.append(("Lancement de l'interface", "n/a", ""))
    rows += [
        ("Mémoire maximale (RSS)", f"{results['peak_rss_mb']:.0f} Mo", "peak_rss_mb"),
        ("Mémoire maximale d'un processus fils", f"{results['peak_rss_children_mb']:.0f} Mo", ""),
        ("Tas Python au rejeu", f"{results['replay_heap_peak_mb']:.1f} Mo", ""),
    ]
    width = max(len(r[0]) for r in rows)
    lines = []
    for label, value, key in rows:
        verdict = ""
        if key and judged:
            limit, unit = TARGETS[key][1], TARGETS[key][2]
            ok = results[key] < limit
            verdict = f"{'OK' if ok else 'MANQUÉ'} (cible < {limit:g} {unit})"
        lines.append(f"{label.ljust(width)}  {value:<30} {verdict}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de Séance (300 membres).")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="petite séance (100 membres, 15 points) : vérifie en moins d'une minute que le banc "
        "tourne, sans comparer aux cibles",
    )
    parser.add_argument("--members", type=int, help="titulaires en exercice (défaut : 300)")
    parser.add_argument("--events", type=int, help="événements de la séance, environ (5 000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="écrire aussi les résultats dans ce fichier")
    parser.add_argument("--keep", help="garder la base et les documents dans ce dossier")
    parser.add_argument("--no-gui", action="store_true", help="ne pas mesurer l'interface")
    parser.add_argument("--no-documents", action="store_true", help="ne pas mesurer les documents")
    parser.add_argument(
        "--documents-together",
        action="store_true",
        help="le PV et les extraits en un seul export, comme « seance export »",
    )
    parser.add_argument(
        "--scale-table",
        action="store_true",
        help="toutes les tailles de l'issue 17 (un processus chacune), l'import et les "
        "pouvoirs : le tableau de docs/performance.md",
    )
    args = parser.parse_args(argv)
    if args.scale_table:
        from bench_scale import scale_table

        return scale_table(args.seed)
    scale = scale_from(args)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="seance-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.sqlite"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        results: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": machine(),
            "seed": args.seed,
        }
        results.update(durable_floor(work))
        print("génération de la séance…", file=sys.stderr)
        results.update(generate(db, args.seed, scale))
        print("réouverture…", file=sys.stderr)
        results.update(reopen(db, results["session_id"], scale.reopen_repeat))
        results.update(ratios(results))
        if not args.no_documents:
            print("documents…", file=sys.stderr)
            results.update(
                export(db, results["session_id"], work / "documents", args.documents_together)
            )
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        # the extracts' worker processes (and any other child) — before the GUI's
        results["peak_rss_children_mb"] = round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        )
        if not args.no_gui:
            print("interface…", file=sys.stderr)
            results.update(gui(db, scale.gui_repeat))
        results["bench_total_s"] = round(time.perf_counter() - started, 1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results, scale.judged))
    if not scale.judged:
        print(
            "(taille autre que 300 membres × 5 000 événements : chiffres non comparés aux cibles)"
        )
    print(f"(banc complet en {results['bench_total_s']} s)")
    text = json.dumps(results, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    missing = [k for k, v in results.items() if isinstance(v, str) and v.startswith("n/a")]
    if missing:  # a part that could not be measured is a broken benchmark, not a figure
        print(f"échec du banc : {', '.join(missing)} non mesuré", file=sys.stderr)
        return 1
    return 0


def scale_from(args: argparse.Namespace) -> Scale:
    """The session size the options ask for."""
    if args.members is None and args.events is None:
        return QUICK if args.quick else FULL
    base = QUICK if args.quick else FULL
    members = args.members if args.members is not None else base.titulars
    events = args.events if args.events is not None else (600 if args.quick else 5000)
    return scale_of(members, events)


if __name__ == "__main__":
    sys.exit(main())
