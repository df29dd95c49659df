"""Hand-written builders for tests: assemblies, sessions and journals in a few lines."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Majority, Session
from app.domain.events import Event
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import SessionState, replay

DAY = date(2026, 3, 12)


def members(n: int, *, groups: int = 0, weights: list[int] | None = None) -> tuple[Member, ...]:
    """m1..mN, civility alternating, optional groups and weights."""
    out = []
    for i in range(1, n + 1):
        out.append(
            Member(
                id=f"m{i}",
                last_name=f"NOM{i}",
                first_name=f"Prénom{i}",
                civility="Mme" if i % 2 else "M.",
                group=f"Groupe {(i - 1) % groups + 1}" if groups else "",
                weight=weights[i - 1] if weights else 1,
                birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
            )
        )
    return tuple(out)


def assembly(
    n: int = 23,
    *,
    rules: Rules | None = None,
    extra: tuple[Member, ...] = (),
    weights: list[int] | None = None,
) -> Assembly:
    return Assembly(
        id="a1",
        name="Conseil municipal",
        organisation="Commune de Saint-Exemple",
        kind=AssemblyKind.CONSEIL_MUNICIPAL,
        siren="219900008",
        siret="21990000800018",
        department="099",
        rules=rules or Rules(),
        members=members(n, weights=weights) + extra,
    )


def session(
    items: int = 5,
    *,
    convocation: int = 1,
    president: str | None = "m1",
    majority: Majority = Majority.ABSOLUTE_EXPRESSED,
) -> Session:
    return Session(
        id="s1",
        assembly_id="a1",
        date=DAY,
        time="18:30",
        place="salle du conseil",
        convened_on=date(2026, 3, 6),
        convocation=convocation,
        president=president,
        secretaries=("m7",),
        items=tuple(
            Item(id=f"P{i}", title=f"Point {i}", majority=majority) for i in range(1, items + 1)
        ),
    )


def at(hh: int, mm: int) -> datetime:
    return datetime(2026, 3, 12, hh, mm)


def fold(
    events: list[Event], *, asm: Assembly | None = None, sess: Session | None = None
) -> SessionState:
    return replay(asm or assembly(), sess or session(), events)
