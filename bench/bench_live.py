"""Benchmark: an arrival on a 300-member session, from ``service.arrive()`` to the roster
and the banner of the live window updated (target: under 20 ms, issue #12).

Builds a real SQLite file (WAL, ``synchronous=FULL``) with 300 members in 10 groups and a
real ``MainWindow`` (offscreen unless a display is asked for), then records arrivals one by
one. For each it times: the journal append alone (``Store.append_event``), and the whole
path ``service.arrive()`` → listeners (roster ``dataChanged``, banner text) → pending paint
events processed. Prints the figures; no assertion.
Run with ``.venv/bin/python bench/bench_live.py [ARRIVALS]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.assembly import Assembly, AssemblyKind, Item, Session  # noqa: E402
from app.domain.events import SessionOpened  # noqa: E402
from app.domain.members import Member  # noqa: E402
from app.domain.rules import Rules  # noqa: E402
from app.services.session_service import SessionService  # noqa: E402
from app.services.store import Store  # noqa: E402
from ui.application import configure  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

MEMBERS = 300


def clock() -> datetime:
    return datetime(2026, 3, 12, 19, 0)


def build(store: Store) -> str:
    members = tuple(
        Member(
            id=f"m{i}",
            last_name=f"NOM{i:03d}",
            first_name=f"Prénom{i}",
            civility="Mme" if i % 2 else "M.",
            group=f"Groupe {(i - 1) % 10 + 1}",
            birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
        )
        for i in range(1, MEMBERS + 1)
    )
    assembly = Assembly(
        id="A1",
        name="Conseil régional",
        organisation="Région Exemple",
        kind=AssemblyKind.CONSEIL_REGIONAL,
        rules=Rules(),
        members=members,
    )
    session = Session(
        id="S1",
        assembly_id="A1",
        date=date(2026, 3, 12),
        time="18:30",
        president="m1",
        secretaries=("m2",),
        items=tuple(Item(id=f"P{i}", title=f"Point {i}") for i in range(1, 6)),
    )
    store.save_assembly_and_session(assembly, session, [SessionOpened(at=clock())])
    return session.id


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1]
    return (
        f"médiane {statistics.median(values) * 1000:6.2f} ms · p95 {p95 * 1000:6.2f} ms · "
        f"max {values[-1] * 1000:6.2f} ms"
    )


def main() -> None:
    arrivals = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite")
        session_id = build(store)
        service = SessionService(store, session_id, clock)
        window = MainWindow(store, service, clock)
        window.resize(1366, 740)
        window.show()
        app.processEvents()

        total: list[float] = []
        ui_only: list[float] = []
        banners: list[str] = []
        for i in range(1, arrivals + 1):
            t0 = time.perf_counter()
            change = service.arrive(f"m{i}")  # journal append, fold, listeners (roster, banner)
            t1 = time.perf_counter()
            app.processEvents()  # the repaint of the changed rows and of the banner
            t2 = time.perf_counter()
            total.append(t2 - t0)
            assert f"m{i}" in change.members
            banners.append(window.banner.text)
            ui_only.append(t2 - t1)
        append: list[float] = []
        from app.domain.events import Note

        for _ in range(50):
            t0 = time.perf_counter()
            store.append_event(session_id, Note(item=None, text="mesure", at=clock()))
            append.append(time.perf_counter() - t0)
        window.close()
        store.close()
    print(f"Séance de {MEMBERS} membres, {arrivals} arrivées enregistrées une à une")
    print(f"  service.arrive() → liste et bandeau à jour (peints) : {ms(total)}")
    print(f"  dont peinture (processEvents)                      : {ms(ui_only)}")
    print(f"  écriture seule d'un événement (SQLite, FULL)        : {ms(append)}")
    print(f"  bandeau après la dernière arrivée : {banners[-1]}")
    verdict = "OK" if statistics.median(total) < 0.020 else "TROP LENT"
    print(f"  objectif < 20 ms (médiane) : {verdict}")


if __name__ == "__main__":
    main()
