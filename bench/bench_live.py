"""Benchmark: an arrival on a 300-member session, from ``service.arrive()`` to the roster
and the banner of the live window updated (target: under 50 ms); then, with the room
display open at 1920×1080, from an act recorded to the room display repainted (target:
under 100 ms): departures, and votes by show of hands, public ballot (300 names, paged)
and secret ballot.

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
        items=tuple(Item(id=f"P{i}", title=f"Point {i}") for i in range(1, 31)),
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
        room, room_only = measure_room(app, window, service)
        window.close()
        store.close()
    print(f"Séance de {MEMBERS} membres, {arrivals} arrivées enregistrées une à une")
    print(f"  service.arrive() → liste et bandeau à jour (peints) : {ms(total)}")
    print(f"  dont peinture (processEvents)                      : {ms(ui_only)}")
    print(f"  écriture seule d'un événement (SQLite, FULL)        : {ms(append)}")
    print(f"  bandeau après la dernière arrivée : {banners[-1]}")
    verdict = "OK" if statistics.median(total) < 0.050 else "TROP LENT"
    print(f"  objectif < 50 ms (médiane) : {verdict}")
    print("Écran de la salle (1920×1080), de l'acte enregistré à l'écran repeint :")
    for label, values in room.items():
        print(f"  {label:<38}: {ms(values)}")
        print(f"    {'dont écran de la salle seul':<36}: {ms(room_only[label])}")
    worst = max(max(v) for v in room.values())  # the whole path, service included
    verdict = "OK" if worst < 0.100 else "TROP LENT"
    print(f"  objectif < 100 ms (maximum, chaque acte) : {verdict} ({worst * 1000:.1f} ms)")


def measure_room(
    app: QApplication, window: MainWindow, service: SessionService
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Open the room display and time act → room display repainted, per kind of act."""
    from app.domain.events import Choice

    window.room.toggle_display()
    display = window.room.display
    assert display is not None
    display.resize(1920, 1080)
    app.processEvents()
    out: dict[str, list[float]] = {}
    share: dict[str, list[float]] = {}  # from the room's listener called to it repainted
    refresh = window.room.refresh
    started = [0.0]

    def timed_refresh() -> None:
        started[0] = time.perf_counter()
        refresh()

    window.room.refresh = timed_refresh  # type: ignore[method-assign]

    def timed(label: str, act: object) -> None:
        paints = display.paints
        t0 = time.perf_counter()
        act()  # type: ignore[operator]  # stored, folded, listeners told: the room repaints
        app.processEvents()  # the main window's repaint, before the next act
        if display.paints == paints or display.painted_at < t0:
            raise SystemExit(f"écran de la salle non repeint après : {label}")
        out.setdefault(label, []).append(display.painted_at - t0)
        share.setdefault(label, []).append(display.painted_at - started[0])

    for i in range(1, 101):
        timed("départ (quorum, chiffres)", lambda i=i: service.leave(f"m{i}"))
    for i in range(1, 101):
        timed("arrivée (quorum, chiffres)", lambda i=i: service.arrive(f"m{i}"))
    items = [it.id for it in service.session.items]
    for n, item in enumerate(items):
        timed("passage au point suivant", lambda item=item: service.open_item(item))
        voters = service.state.attendance(item).voting_members
        if n % 3 == 0:
            choices = [
                (m, Choice.AGAINST if k % 4 == 0 else Choice.FOR) for k, m in enumerate(voters)
            ]
            timed(
                "scrutin public (300 noms, paginés)",
                lambda item=item, choices=choices: service.record_public(item, choices),
            )
        elif n % 3 == 1:
            v = len(voters)
            timed(
                "vote à main levée",
                lambda v=v, item=item: service.record_show_of_hands(item, v - 3, 2, 1),
            )
        else:
            v = len(voters)
            timed(
                "scrutin secret", lambda v=v, item=item: service.record_secret(item, v - 4, 2, 1, 1)
            )
    return out, share


if __name__ == "__main__":
    main()
