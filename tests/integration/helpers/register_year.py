"""A scripted year of three sessions of a conseil municipal, played through the service
API, with the approval of each PV at the next session (register, PV life, publication
tests and ``bench/make_register_samples.py``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.events import ClosedStatus
from app.domain.members import Member
from app.services.minutes_life import propose_approval
from app.services.session_service import SessionService
from app.services.store import Store

DAYS = {"s1": date(2026, 2, 5), "s2": date(2026, 4, 9), "s3": date(2026, 6, 25)}

NAMES = [
    ("Mme", "MARTIN", "Anne", "Maire"),
    ("M.", "BERNARD", "Luc", "Premier adjoint"),
    ("Mme", "DUBOIS", "Claire", ""),
    ("M.", "THOMAS", "Éric", ""),
    ("Mme", "ROBERT", "Inès", ""),
    ("M.", "RICHARD", "Paul", ""),
    ("Mme", "PETIT", "Léa", ""),
    ("M.", "DURAND", "Hugo", ""),
    ("Mme", "LEROY", "Zoé", ""),
]

AGENDA = {
    "s1": [
        ("2026-001", "Budget primitif 2026 de la commune"),
        ("2026-002", "Tarifs de la restauration scolaire"),
        ("2026-003", "Subvention à l'association « Les Amis du Patrimoine »"),
    ],
    "s2": [
        ("2026-004", "Compte administratif 2025"),
        ("2026-005", "Acquisition de la parcelle AB 112 & aménagement <parking>"),
    ],
    "s3": [
        ("2026-006", "Adhésion au groupement de commandes pour l'énergie"),
        ("2026-007", "Création d'un poste d'adjoint technique"),
        ("2026-008", "Dénomination de la place de l'Église"),
    ],
}

REMARK = "Mme DUBOIS demande que son intervention sur les tarifs figure au procès-verbal."


class Clock:
    """The secretary's clock, set by the script before each command."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 15, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def assembly(kind: AssemblyKind = AssemblyKind.CONSEIL_MUNICIPAL) -> Assembly:
    members = tuple(
        Member(
            id=f"m{i}",
            civility=civ,
            last_name=last,
            first_name=first,
            function=function,
            birth_date=date(1960 + i, 1 + i, 1 + i),
        )
        for i, (civ, last, first, function) in enumerate(NAMES, start=1)
    )
    return Assembly(
        id="a1",
        name="Conseil municipal",
        organisation="Commune de Saint-Exemple",
        kind=kind,
        siren="219900008",
        siret="21990000800018",
        department="099",
        members=members,
    )


def session(sid: str) -> Session:
    day = DAYS[sid]
    return Session(
        id=sid,
        assembly_id="a1",
        date=day,
        time="18:30",
        place="salle du conseil",
        convened_on=date(day.year, day.month, day.day - 4),
        president="m1",
        secretaries=("m7",),
        items=tuple(
            Item(
                id=num,
                title=title,
                subject="7.1",
                preamble=f"Madame le maire présente le rapport relatif à : {title}.",
                visas=("Vu le code général des collectivités territoriales,",),
                articles=(f"APPROUVE le projet : {title}.",),
            )
            for num, title in AGENDA[sid]
        ),
    )


def _at(clock: Clock, sid: str, hh: int, mm: int) -> None:
    day = DAYS[sid]
    clock.now = datetime(day.year, day.month, day.day, hh, mm)


def play(store: Store, sid: str, clock: Clock, *, remark: str | None = None) -> None:
    """Hold session ``sid``: everyone present but m8, excused with a proxy to m3, and m9,
    absent at s1 (present afterwards); every act adopted unanimously, the last of s3
    withdrawn; the PV approval first when the agenda has one, with ``remark`` noted on it."""
    service = SessionService(store, sid, clock)
    _at(clock, sid, 18, 30)
    absent = {"m8"} | ({"m9"} if sid == "s1" else set())
    present = [m.id for m in service.assembly.members if m.id not in absent]
    for m in present:
        service.arrive(m)
    service.excuse("m8")
    service.give_proxy("m8", "m3")
    _at(clock, sid, 18, 35)
    service.open_session()
    minute = 40
    for item in service.session.items:
        _at(clock, sid, 18 + minute // 60, minute % 60)
        service.open_item(item.id)
        if item.id.startswith("PV-") and remark:
            service.note(item.id, remark)
        if sid == "s3" and item.id == "2026-008":
            service.close_item(item.id, ClosedStatus.WITHDRAWN)
        else:
            service.record_unanimity(item.id)
        minute += 10
    _at(clock, sid, 18 + minute // 60, minute % 60)
    service.close_session()


def setup(store: Store, kind: AssemblyKind = AssemblyKind.CONSEIL_MUNICIPAL) -> Clock:
    clock = Clock()
    store.save_assembly(assembly(kind))
    for sid in DAYS:
        store.save_session(session(sid))
    return clock


def script_session(store: Store, clock: Clock, sid: str) -> None:
    """Play ``sid``; from the second session on, its first item approves the previous PV."""
    order = list(DAYS)
    n = order.index(sid)
    if n:
        propose_approval(store, sid, order[n - 1])
    play(store, sid, clock, remark=REMARK if sid == "s2" else None)


def script_year(store: Store) -> Clock:
    clock = setup(store)
    for sid in DAYS:
        script_session(store, clock, sid)
    return clock


__all__ = ["DAYS", "REMARK", "Clock", "replace", "script_session", "script_year", "setup"]
