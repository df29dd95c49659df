"""The seed session folded through the domain: the comité syndical of 28 November 2018
that adopted deliberation 2018-27 (20 delegates, 12 present, 6 represented, 2 excused)."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Session, Transmission
from app.domain.events import (
    Arrived,
    Ballot,
    Event,
    Excused,
    ItemOpened,
    ProxyGiven,
    SessionClosed,
    SessionOpened,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.state import SessionState, replay
from tests.unit.documents.seed_text import ARTICLES, EXPOSE, VISAS

REGION = "Conseil régional des Hauts de France"
NORD = "Département du Nord"
PDC = "Département du Pas-de-Calais"

ROSTER = [
    # id, civility, last, first, group, presence (P present, E excused), holder
    ("c1", "M.", "BAREGE", "Charles", REGION, "E", "c5"),
    ("c2", "M.", "BERTIN", "Nicolas", REGION, "P", None),
    ("c3", "M.", "CASTIGLIONE", "Salvatore", REGION, "E", "c8"),
    ("c4", "M.", "COULON", "Christophe", REGION, "P", None),
    ("c5", "Mme", "DEFOSSE", "Annie", REGION, "P", None),
    ("c6", "M.", "DELBAR", "Guillaume", REGION, "P", None),
    ("c7", "M.", "FIGOUREUX", "André", REGION, "E", "c4"),
    ("c8", "M.", "JOUVENEL", "Anthony", REGION, "P", None),
    ("c9", "M.", "PHILIPPE", "Gérard", REGION, "E", "c2"),
    ("c10", "Mme", "ENGRAND", "Christine", REGION, "E", None),
    ("c11", "Mme", "FILLEUL", "Martine", NORD, "E", None),
    ("c12", "M.", "GOSSET", "Jean-Marc", NORD, "P", None),
    ("c13", "M.", "HIRAUX", "Mickaël", NORD, "P", None),
    ("c14", "M.", "MONNET", "Luc", NORD, "P", None),
    ("c15", "Mme", "VANPEENE", "Anne", NORD, "P", None),
    ("c16", "M.", "DELANNOY", "Alain", PDC, "E", "c18"),
    ("c17", "M.", "DISSAUX", "Jean-Claude", PDC, "P", None),
    ("c18", "Mme", "MESSEANNE-GROBELNY", "Bénédicte", PDC, "P", None),
    ("c19", "Mme", "MULOT-FRISCOURT", "Maïté", PDC, "P", None),
    ("c20", "M.", "PRUDHOMME", "Claude", PDC, "E", "c17"),
]

TITLE = (
    "Délibération portant sur l'adhésion au groupement de commandes relatif à la mise en "
    "œuvre, la maintenance et l'hébergement d'un environnement numérique de travail sur "
    "le territoire des Hauts de France"
)


def seed_state() -> SessionState:
    members = tuple(
        Member(
            id=mid,
            civility=civ,
            last_name=last,
            first_name=first,
            group=group,
            function="Président du Syndicat mixte" if mid == "c4" else "",
        )
        for mid, civ, last, first, group, _, _ in ROSTER
    )
    assembly = Assembly(
        id="smo",
        name="Comité syndical",
        organisation="Syndicat mixte ouvert « Nord-Pas-de-Calais numérique »",
        kind=AssemblyKind.COMITE_SYNDICAL,
        siren="200039386",
        siret="20003938600004",
        department="59",
        members=members,
        town="Lille",
    )
    item = Item(
        id="2018-27",
        title=TITLE,
        subject="1.1",
        actes_number="2018_27_2",
        preamble="\n\n".join(EXPOSE),
        visas=VISAS,
        articles=ARTICLES,
        annexes=("convention de groupement de commandes",),
    )
    session = Session(
        id="s2018",
        assembly_id="smo",
        date=date(2018, 11, 28),
        place="dans les locaux du Conseil régional des Hauts de France à Lille",
        convened_on=date(2018, 11, 22),
        president="c4",
        secretaries=("c15",),
        items=(item,),
        transmissions=(
            Transmission(
                item="2018-27", sent_on=date(2018, 11, 29), received_on=date(2018, 11, 29)
            ),
        ),
    )

    def at(hh: int, mm: int) -> datetime:
        return datetime(2018, 11, 28, hh, mm)

    events: list[Event] = [SessionOpened(at=at(10, 0))]
    events += [Arrived(member=r[0], at=at(10, 0)) for r in ROSTER if r[5] == "P"]
    events += [Excused(member=r[0]) for r in ROSTER if r[5] == "E"]
    events += [ProxyGiven(giver=r[0], holder=r[6]) for r in ROSTER if r[6]]
    events += [
        ItemOpened(item="2018-27", at=at(10, 5)),
        VoteRecorded(
            item="2018-27",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=14,
            count_against=0,
            count_abstain=4,
            at=at(10, 40),
        ),
        SessionClosed(at=at(11, 0)),
    ]
    return replay(assembly, session, events)
