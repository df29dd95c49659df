"""Stress rosters for the layout tests: long names, long functions, long organisation
and group names, homonyms, a member who leaves and comes back, a suppléant, weights, and
a 300-member assembly. Every session is folded through the domain."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Session, Transmission
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ElectionRound,
    Event,
    Excused,
    ItemOpened,
    Left,
    ListElectionRound,
    PresidencyTaken,
    ProxyGiven,
    Recused,
    SessionClosed,
    SessionOpened,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import SessionState, replay

DAY = date(2026, 6, 18)
ORG_60 = "Syndicat intercommunal pour le gaz et l'électricité en Île-de-France"
ORG_LONG = (
    "Syndicat mixte ouvert pour l'aménagement numérique, la transition énergétique et "
    "la mobilité durable des territoires ruraux et périurbains du Nord-Pas-de-Calais"
)
LONG_NAME = "D'ALEMBERT DE LA TOUR-D'AUVERGNE"
LONG_GROUP = (
    "Communauté d'agglomération de Saint-Quentin-en-Yvelines, de la vallée de "
    "Chevreuse et des plateaux environnants"
)
LONG_FUNCTION = "Conseillère déléguée à la transition écologique et aux solidarités territoriales"

_SPECIAL = [
    # id, civility, last, first, function, group, birth year
    ("s1", "Mme", "ROUSSEL", "Marie", "Présidente", "Région", 1961),
    ("s2", "Mme", LONG_NAME, "Marie-Hélène-Françoise", "1re vice-présidente", "Région", 1958),
    ("s3", "M.", "MÜLLER", "Jörg", "2e vice-président", "Région", 1970),
    ("s4", "M.", "COULON", "Christophe", "", "Région", 1966),
    ("s5", "Mme", "COULON", "Anne", "", LONG_GROUP, 1972),
    ("s6", "M.", "DURAND", "Jean", "", LONG_GROUP, 1960),
    ("s7", "M.", "DURAND", "Jean", "", LONG_GROUP, 1975),
    ("s8", "Mme", "WIŚNIEWSKA-ŞAHİN", "Łucja", LONG_FUNCTION, LONG_GROUP, 1980),
    ("s9", "M.", "OUEDRAOGO-FITZGERALD DE MONTMORENCY", "Jean-Baptiste", "", "Département", 1955),
]


def _members(count: int, *, weighted: bool) -> list[Member]:
    members = [
        Member(
            id=mid,
            civility=civ,
            last_name=last,
            first_name=first,
            function=function,
            group=group,
            weight=(3 if i % 3 == 0 else 1) if weighted else 1,
            birth_date=date(year, 1 + i % 12, 1 + i % 27),
        )
        for i, (mid, civ, last, first, function, group, year) in enumerate(_SPECIAL)
    ]
    groups = ("Région", "Département", LONG_GROUP, "Communes du bassin minier")
    for i in range(len(members), count):
        members.append(
            Member(
                id=f"x{i}",
                civility="Mme" if i % 2 else "M.",
                last_name=f"DÉLÉGUÉ-{i:03d}",
                first_name="Élisabeth" if i % 2 else "Gérard",
                function="Conseiller municipal délégué" if i % 7 == 0 else "",
                group=groups[i % len(groups)],
                weight=(2 if i % 5 == 0 else 1) if weighted else 1,
                birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 27),
            )
        )
    # a suppléant of the long-named member
    members.append(
        Member(
            id="sub2",
            civility="M.",
            last_name="BERTRAND-VANDERMEERSCH",
            first_name="Pierre-Emmanuel",
            group="Région",
            substitute_for="s3",
        )
    )
    return members


def _items() -> tuple[Item, ...]:
    long_articles = tuple(
        f"DÉCIDE de la mesure n° {n} relative à l'organisation du service public de la "
        "distribution d'électricité et de gaz sur l'ensemble du territoire syndical, "
        "dans les conditions fixées par la convention annexée."
        for n in range(1, 6)
    )
    return (
        Item(
            id="2026-101",
            title="Adhésion au groupement de commandes relatif à la fourniture d'électricité "
            "et de services associés pour les bâtiments des collectivités membres",
            subject="1.1",
            rapporteur="s2",
            preamble="Exposé des motifs.\n\n" + " ".join(["Le contexte est rappelé."] * 40),
            visas=("Vu le code général des collectivités territoriales,",),
            articles=long_articles,
            annexes=("Convention constitutive du groupement de commandes",),
        ),
        Item(
            id="2026-102",
            title="Attribution d'une subvention exceptionnelle",
            subject="7.5",
            rapporteur="s4",
            articles=("ATTRIBUE une subvention de 10 000 € à l'association.",),
        ),
        Item(
            id="2026-103",
            title="Désignation du représentant au conseil d'administration",
            subject="5.3",
            rapporteur="s1",
            articles=("DÉSIGNE son représentant.",),
        ),
        Item(
            id="2026-104",
            title="Élection des vice-présidents",
            subject="5.1",
            rapporteur="s1",
        ),
    )


def _at(hh: int, mm: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hh, mm)


def stress_state(
    count: int = 40, *, organisation: str = ORG_60, weighted: bool = False
) -> SessionState:
    members = _members(count, weighted=weighted)
    titulars = [m for m in members if not m.is_substitute]
    assembly = Assembly(
        id="stress",
        name="Comité syndical",
        organisation=organisation,
        kind=AssemblyKind.COMITE_SYNDICAL,
        siren="200039386",
        siret="20003938600004",
        department="59",
        rules=Rules(weighted=weighted, quorum_weighted=weighted),
        members=tuple(members),
    )
    session = Session(
        id="s",
        assembly_id="stress",
        date=DAY,
        time="18:00",
        place="dans les locaux du Conseil régional des Hauts-de-France à Lille",
        convened_on=date(2026, 6, 11),
        president="s1",
        secretaries=("s5", "s9"),
        items=_items(),
        transmissions=(
            Transmission(
                item="2026-101",
                sent_on=date(2026, 6, 19),
                received_on=date(2026, 6, 19),
                posted_on=date(2026, 6, 20),
            ),
        ),
    )
    absent = {m.id for m in titulars[len(titulars) * 3 // 4 :]}
    givers = sorted(absent)[: max(2, len(absent) // 3)]
    present = [m.id for m in titulars if m.id not in absent and m.id != "s3"]
    ev: list[Event] = [SessionOpened(at=_at(18, 2))]
    ev += [Arrived(member=mid, at=_at(18, 2)) for mid in present]
    ev.append(Arrived(member="sub2", at=_at(18, 3)))  # sits for M. MÜLLER
    ev += [Excused(member=g) for g in givers]
    holders = ["s2", "s4", "s5", "s6", "s7"]
    ev += [ProxyGiven(giver=g, holder=holders[n % len(holders)]) for n, g in enumerate(givers[:5])]
    ev += [ItemOpened(item="2026-101", at=_at(18, 10))]
    ev += [Left(member="s6", at=_at(18, 20)), Arrived(member="s6", at=_at(18, 33))]
    voters = replay(assembly, session, ev).attendance("2026-101").voting_members
    choices = tuple(
        (m, Choice.AGAINST if n % 9 == 0 else Choice.ABSTAIN if n % 11 == 0 else Choice.FOR)
        for n, m in enumerate(voters)
    )
    ev.append(VoteRecorded(item="2026-101", ballot=Ballot.PUBLIC, choices=choices, at=_at(18, 40)))
    ev += [ItemOpened(item="2026-102", at=_at(18, 45))]
    # the long-named 1re vice-présidente presides, the présidente withdraws, and the holder
    # of a proxy is interested: the presidency, withdrawal and lost-proxy sentences
    ev += [
        PresidencyTaken(member="s2", at=_at(18, 46)),
        WithdrawnFromVote(member="s1", item="2026-102", at=_at(18, 46)),
        Recused(member="s4", item="2026-102", at=_at(18, 47)),
    ]
    n_voters = replay(assembly, session, ev).attendance("2026-102").voters
    ev.append(
        VoteRecorded(
            item="2026-102",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=2,
            count_against=n_voters - 2,
            count_abstain=0,
            at=_at(18, 50),
        )
    )
    ev += [
        PresidencyTaken(member="s1", at=_at(18, 52)),
        ItemOpened(item="2026-103", at=_at(18, 55)),
    ]
    state = replay(assembly, session, ev)
    n = state.attendance("2026-103").voters
    each = (n - 2) // 2  # a tie: nobody reaches the absolute majority
    ev.append(
        ElectionRound(
            item="2026-103",
            round=1,
            votes=(("s1", each), ("s4", each)),
            blank=n - 2 * each,
            spoilt=0,
            at=_at(19, 0),
        )
    )
    ev.append(
        ElectionRound(
            item="2026-103",
            round=2,
            votes=(("s1", n - 4), ("s4", 4)),
            blank=0,
            spoilt=0,
            at=_at(19, 10),
        )
    )
    ev.append(ItemOpened(item="2026-104", at=_at(19, 12)))
    n = replay(assembly, session, ev).attendance("2026-104").voters
    ev.append(
        ListElectionRound(
            item="2026-104",
            round=1,
            lists=(
                (
                    f"Liste {LONG_NAME} pour un territoire solidaire et durable",
                    ("s2", "s9", "s8"),
                    n - 3,
                ),
                ("Liste COULON", ("s4", "s5"), 2),
            ),
            blank=1,
            at=_at(19, 20),
        )
    )
    ev.append(SessionClosed(at=_at(19, 30)))
    return replay(assembly, session, ev)
