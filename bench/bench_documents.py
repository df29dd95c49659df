"""Benchmark: export the minutes and every extract of a 300-member, 60-item session.

The session is built through the domain fold (events replayed by ``replay``). Target:
minutes + all extracts in less than 5 s. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_documents.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.documents.export import export_documents  # noqa: E402
from app.domain.assembly import Assembly, AssemblyKind, Item, Session  # noqa: E402
from app.domain.events import (  # noqa: E402
    Arrived,
    Ballot,
    Event,
    Excused,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    Recused,
    SessionClosed,
    SessionOpened,
    VoteRecorded,
)
from app.domain.members import Member  # noqa: E402
from app.domain.rules import Rules  # noqa: E402
from app.domain.state import replay  # noqa: E402

MEMBERS = 300
ITEMS = 60
GROUPS = ("Commune A", "Commune B", "Commune C", "Commune D", "Commune E", "Commune F")


def build() -> tuple[Assembly, Session, list[Event]]:
    members = tuple(
        Member(
            id=f"m{i}",
            civility="Mme" if i % 2 else "M.",
            last_name=f"DÉLÉGUÉ{i}",
            first_name=f"Prénom{i}",
            group=GROUPS[i % len(GROUPS)],
        )
        for i in range(1, MEMBERS + 1)
    )
    assembly = Assembly(
        id="a",
        name="Conseil communautaire",
        organisation="Communauté de communes du Val d'Exemple",
        kind=AssemblyKind.CONSEIL_COMMUNAUTAIRE,
        siren="219900008",
        siret="21990000800018",
        department="099",
        rules=Rules(),
        members=members,
    )
    items = tuple(
        Item(
            id=f"2026-{n:03d}",
            title=f"Délibération numéro {n} : objet de test",
            subject="5.7",
            preamble="Exposé des motifs. " * 20,
            visas=("Vu le code général des collectivités territoriales,",),
            articles=("DÉCIDE d'approuver.", "AUTORISE le président à signer."),
        )
        for n in range(1, ITEMS + 1)
    )
    session = Session(
        id="s",
        assembly_id="a",
        date=date(2026, 3, 12),
        time="18:30",
        place="salle communautaire",
        convened_on=date(2026, 3, 6),
        president="m1",
        secretaries=("m2",),
        items=items,
    )
    t0 = datetime(2026, 3, 12, 18, 30)
    ev: list[Event] = [SessionOpened(at=t0)]
    present = list(range(1, 221))  # 220 present
    ev += [Arrived(member=f"m{i}", at=t0) for i in present]
    ev += [Excused(member=f"m{i}") for i in range(221, 261)]
    ev += [ProxyGiven(giver=f"m{i}", holder=f"m{i - 220}") for i in range(221, 271)]
    voters = 220 + 50
    for n, item in enumerate(items, start=1):
        at = datetime(2026, 3, 12, 18 + n // 30, (n * 2) % 60)
        ev.append(ItemOpened(item=item.id, at=at))
        ev.append(Note(item=item.id, text=f"Discussion du point {n}."))
        recused = 0
        if n % 7 == 0:
            ev.append(Recused(member=f"m{n + 100}", item=item.id))
            recused = 1
        if n == 30:
            ev.append(Left(member="m200", at=at))
            voters -= 1
        if n == 31:
            ev.append(Arrived(member="m200", at=at))
            voters += 1
        total = voters - recused
        ev.append(
            VoteRecorded(
                item=item.id,
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=total - 15,
                count_against=10,
                count_abstain=5,
                at=at,
            )
        )
    ev.append(SessionClosed(at=datetime(2026, 3, 12, 21, 0)))
    return assembly, session, ev


def _children_cpu() -> float:
    """CPU time of the finished worker processes (the extracts are built in parallel)."""
    try:
        import resource
    except ImportError:  # Windows: no worker processes either
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    assembly, session, events = build()
    t = time.perf_counter()
    state = replay(assembly, session, events)
    fold_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t = time.perf_counter()
        cpu = time.process_time() + _children_cpu()
        minutes = export_documents(assembly, session, state, out, ["minutes"])
        minutes_s = time.perf_counter() - t
        t = time.perf_counter()
        extracts = export_documents(assembly, session, state, out, ["extracts"])
        extracts_s = time.perf_counter() - t
        cpu_s = time.process_time() + _children_cpu() - cpu
        t = time.perf_counter()
        others = export_documents(assembly, session, state, out, ["attendance", "list", "scdl"])
        others_s = time.perf_counter() - t
        size = sum(p.stat().st_size for p in minutes + extracts) / 1e6
    total = minutes_s + extracts_s
    print(f"{MEMBERS} members, {ITEMS} items, {len(events)} events")
    print(f"fold (replay):            {fold_s:6.2f} s")
    print(f"minutes:                  {minutes_s:6.2f} s")
    print(
        f"{len(extracts)} extracts:              {extracts_s:6.2f} s "
        f"({extracts_s / len(extracts) * 1000:.0f} ms each)"
    )
    print(
        f"minutes + extracts:       {total:6.2f} s  (target < 5 s: "
        f"{'met' if total < 5 else 'MISSED'}), {size:.1f} MB"
    )
    print(
        f"  (CPU time, worker processes included: {cpu_s:.2f} s; "
        "wall time suffers on a busy machine)"
    )
    print(f"attendance, list, scdl:   {others_s:6.2f} s ({len(others)} files)")


if __name__ == "__main__":
    main()
