"""A 300-member assembly with real French names (accents, apostrophes, hyphens), for the
keyboard tests: the names of the issue (LEFÈVRE, DUMAS, ROUSSEL, BOYER, PERRIN, GAUTHIER)
among them."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.events import Arrived, Event, ItemOpened, ProxyGiven, SessionOpened
from app.domain.members import Member
from app.domain.rules import Rules
from app.services.store import Store

SURNAMES = (
    "LEFÈVRE DUMAS ROUSSEL BOYER PERRIN GAUTHIER MARTIN BERNARD THOMAS PETIT ROBERT RICHARD "
    "DURAND DUBOIS MOREAU LAURENT SIMON MICHEL GARCIA DAVID BERTRAND ROUX VINCENT FOURNIER "
    "MOREL GIRARD ANDRÉ MERCIER BLANC GUÉRIN MULLER HENRY ROUSSEAU NICOLAS MATHIEU CLÉMENT "
    "GAILLARD MEYER BARBIER ARNAUD DENIS MARCHAND DUPUIS HÉBERT N'DIAYE SAINT-JUST BÉNARD "
    "CHÂTELAIN ÉMERY FRANÇOIS LEMAÎTRE NOËL COLIN VIDAL CARON PICARD ROGER FABRE AUBERT LEGRAND"
).split()
FIRST_NAMES = (
    "Claire Éric Ségolène Jean-Pierre Zoé Hélène Noël Anaïs François Cécile Jérôme Léa "
    "Maëlle Benoît Agnès Rémi Inès Hugo Odile Étienne"
).split()
FUNCTIONS = ("Président", "1er vice-président", "Trésorière", "Délégué communautaire", "")


def roster_300() -> tuple[Member, ...]:
    members: list[Member] = []
    for i in range(300):
        last = SURNAMES[i % len(SURNAMES)]
        first = FIRST_NAMES[(i * 7 + i // len(SURNAMES)) % len(FIRST_NAMES)]
        members.append(
            Member(
                id=f"m{i + 1}",
                last_name=last,
                first_name=first,
                civility="Mme" if i % 2 == 0 else "M.",
                group=f"Commune {(i // 30) + 1:02d}",
                function=FUNCTIONS[i % 37] if i % 37 < len(FUNCTIONS) else "",
                birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
            )
        )
    return tuple(members)


def build_300(store: Store, at: datetime) -> str:
    """A 300-member comité open at ``at``: two thirds present, item 1 open, GAUTHIER (m6,
    absent) has given his proxy to LEFÈVRE (m1, present)."""
    members = roster_300()
    assembly = Assembly(
        id="A300",
        name="Comité syndical",
        organisation="Syndicat des eaux",
        kind=AssemblyKind.COMITE_SYNDICAL,
        rules=Rules(),
        members=members,
    )
    session = Session(
        id="S300",
        assembly_id="A300",
        date=date(2026, 3, 12),
        time="18:30",
        president="m1",
        secretaries=("m2",),
        items=tuple(Item(id=f"2026-{i:03d}", title=f"Point {i}") for i in range(1, 6)),
    )
    events: list[Event] = [SessionOpened(at=at)]
    events += [Arrived(member=m.id, at=at) for i, m in enumerate(members) if i % 3 != 2]
    events.append(ProxyGiven(giver="m6", holder="m1", at=at))
    events.append(ItemOpened(item="2026-001", at=at))
    store.save_assembly_and_session(assembly, session, events)
    return session.id
