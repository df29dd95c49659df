"""A realistic fictional session of the conseil municipal de Saint-Exemple, folded through
the domain: the documents' tests and ``bench/make_samples.py`` read it."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Majority, Session, Transmission
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ClosedStatus,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    Recused,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import SessionState, replay

DAY = date(2026, 3, 12)
MAJORITY = "Saint-Exemple ensemble"
OPPOSITION = "Saint-Exemple autrement"

TRICKY_NAME = 'DUPONT <b>&"'

_ROSTER = [
    # id, civility, last name, first name, function, group
    ("m1", "Mme", "MARTIN", "Anne", "Maire", MAJORITY),
    ("m2", "M.", "BERNARD", "Paul", "Premier adjoint", MAJORITY),
    ("m3", "Mme", "ROUSSEAU", "Claire", "Adjointe", MAJORITY),
    ("m4", "M.", "WIŚNIEWSKI", "Łukasz", "Adjoint", MAJORITY),
    ("m5", "Mme", "ŞAHİN", "Ayşe", "Adjointe", MAJORITY),
    ("m6", "M.", "LEFÈVRE", "Étienne", "Adjoint", MAJORITY),
    ("m7", "Mme", "ŒUVRARD", "Chloé", "", MAJORITY),
    ("m8", "M.", "GARCIA", "Hugo", "", MAJORITY),
    ("m9", "Mme", "PETIT", "Louise", "", MAJORITY),
    ("m10", "M.", "MOREAU", "Jules", "", MAJORITY),
    ("m11", "Mme", "FOURNIER", "Inès", "", MAJORITY),
    ("m12", "M.", "GIRARD", "Nathan", "", MAJORITY),
    ("m13", "Mme", "BONNET", "Camille", "", MAJORITY),
    ("m14", "M.", "DUPONT", "Lucas", "", OPPOSITION),
    ("m15", "Mme", "LAMBERT", "Sarah", "", OPPOSITION),
    ("m16", "M.", "FONTAINE", "Théo", "", OPPOSITION),
    ("m17", "Mme", "ROUX", "Emma", "", MAJORITY),
    ("m18", "M.", "VINCENT", "Louis", "", OPPOSITION),
    ("m19", "Mme", "MULLER", "Jeanne", "", MAJORITY),
    ("m20", "M.", "LEROY", "Gabriel", "", MAJORITY),
    ("m21", "Mme", "FAURE", "Léa", "", MAJORITY),
    ("m22", "M.", "ANDRÉ", "Raphaël", "", OPPOSITION),
    ("m23", "Mme", "MERCIER", "Zoé", "", OPPOSITION),
]


def build_assembly(*, tricky: bool = False) -> Assembly:
    members = []
    for i, (mid, civ, last, first, function, group) in enumerate(_ROSTER):
        if tricky and mid == "m14":
            last = TRICKY_NAME
        members.append(
            Member(
                id=mid,
                civility=civ,
                last_name=last,
                first_name=first,
                function=function,
                group=group,
                birth_date=date(1950 + i, 1 + i % 12, 1 + i % 27),
            )
        )
    return Assembly(
        id="a1",
        name="Conseil municipal",
        organisation="Commune de Saint-Exemple",
        kind=AssemblyKind.CONSEIL_MUNICIPAL,
        siren="219900008",
        siret="21990000800018",
        department="099",
        rules=Rules(),
        members=tuple(members),
    )


ITEMS = (
    Item(
        id="2026-011",
        title="Approbation du procès-verbal de la séance du 5 février 2026",
        subject="5.2",
        rapporteur="m1",
        preamble="Le procès-verbal de la séance du 5 février 2026 a été transmis à chaque "
        "conseiller avec la convocation.",
        visas=(
            "Vu le code général des collectivités territoriales, notamment son article L2121-15,",
        ),
        articles=("APPROUVE le procès-verbal de la séance du 5 février 2026.",),
    ),
    Item(
        id="2026-012",
        title="Vote des taux d'imposition 2026",
        subject="7.2",
        actes_number="2026_012",
        rapporteur="m2",
        preamble="Monsieur le premier adjoint rappelle que le budget primitif 2026 a été "
        "construit sans hausse de la fiscalité communale.\n\n"
        "Il est proposé de maintenir les taux votés en 2025 : taxe foncière sur les "
        "propriétés bâties 38,52 % ; taxe foncière sur les propriétés non bâties "
        "52,10 %.",
        visas=(
            "Vu le code général des collectivités territoriales,",
            "Vu le code général des impôts, notamment ses articles 1636 B sexies et 1639 A,",
            "Vu l'état 1259 notifié par les services fiscaux,",
        ),
        articles=(
            "DÉCIDE de maintenir pour 2026 les taux d'imposition votés en 2025.",
            "AUTORISE Madame le Maire à signer tout document relatif à la présente délibération.",
        ),
        annexes=("État 1259 COM",),
    ),
    Item(
        id="2026-013",
        title="Subvention à l'association « Les Amis du patrimoine »",
        subject="7.5",
        rapporteur="m3",
        preamble="L'association « Les Amis du patrimoine » sollicite une subvention de "
        "1 500 € pour la restauration du lavoir.",
        visas=(
            "Vu le code général des collectivités territoriales, notamment son article L2131-11,",
        ),
        articles=(
            "ATTRIBUE une subvention de 1 500 € à l'association « Les Amis du patrimoine ».",
            "DIT que les crédits sont inscrits au budget 2026.",
        ),
    ),
    Item(
        id="2026-014",
        title="Convention de mutualisation avec la communauté de communes",
        subject="5.7",
        rapporteur="m4",
        preamble="La communauté de communes propose une convention de mise à disposition "
        "du service commun d'instruction des autorisations d'urbanisme.",
        articles=(
            "APPROUVE la convention de mutualisation annexée.",
            "AUTORISE Madame le Maire à la signer.",
        ),
        annexes=("Projet de convention", "Tableau de répartition des coûts"),
    ),
    Item(
        id="2026-015",
        title="Dénomination de la place du marché",
        subject="9.1",
        rapporteur="m5",
        articles=("DÉCIDE de dénommer la place du marché « place Simone-Veil ».",),
    ),
    Item(
        id="2026-016",
        title="Désignation d'un délégué au syndicat des eaux",
        subject="5.3",
        rapporteur="m1",
        articles=("DÉSIGNE le délégué titulaire de la commune au syndicat des eaux.",),
    ),
    Item(
        id="2026-017",
        title="Acquisition de la parcelle AB 112",
        subject="3.1",
        rapporteur="m6",
        majority=Majority.ABSOLUTE_EXPRESSED,
    ),
)


def build_session() -> Session:
    return Session(
        id="s1",
        assembly_id="a1",
        date=DAY,
        time="18:30",
        place="salle du conseil, mairie",
        convened_on=date(2026, 3, 6),
        president="m1",
        secretaries=("m7",),
        items=ITEMS,
        transmissions=(
            Transmission(
                item="2026-012",
                sent_on=date(2026, 3, 13),
                received_on=date(2026, 3, 13),
                posted_on=date(2026, 3, 14),
            ),
        ),
    )


def at(hh: int, mm: int) -> datetime:
    return datetime(2026, 3, 12, hh, mm)


def events() -> list[Event]:
    """The journal: 12 present at the opening, m13 arrives during item 2 (after its vote),
    m12 leaves during item 4 (before its vote), a suspension, a recusal, a public ballot,
    a casting vote, an election and a withdrawn item."""
    ev: list[Event] = [SessionOpened(at=at(18, 34))]
    ev += [Arrived(member=f"m{i}", at=at(18, 34)) for i in range(1, 13)]
    ev += [
        Excused(member="m17"),
        Excused(member="m18"),
        Excused(member="m19"),
        Excused(member="m20"),
    ]
    ev += [
        ProxyGiven(giver="m19", holder="m1"),
        ProxyGiven(giver="m20", holder="m2"),
        ProxyGiven(giver="m21", holder="m3"),
        ProxyGiven(giver="m22", holder="m14"),
        ProxyGiven(giver="m23", holder="m4"),
    ]
    ev += [
        Note(
            item=None,
            text="Madame le Maire rend compte des décisions prises par "
            "délégation depuis la dernière séance.",
            at=at(18, 36),
        )
    ]
    # item 1: 12 present (m14 absent, so m22's proxy cannot be exercised), unanimous
    ev += [
        ItemOpened(item="2026-011", at=at(18, 38)),
        VoteRecorded(
            item="2026-011",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=16,
            count_against=0,
            count_abstain=0,
            at=at(18, 40),
        ),
    ]
    # item 2: m14 arrives before the vote; m13 arrives after it
    ev += [
        ItemOpened(item="2026-012", at=at(18, 41)),
        Arrived(member="m14", at=at(18, 45)),
        Note(
            item="2026-012",
            text="M. DUPONT regrette l'absence de baisse des taux : "
            "« la commune en a les moyens ». Madame le Maire "
            "répond que l'épargne brute reste < 10 % des recettes.",
        ),
        VoteRecorded(
            item="2026-012",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=14,
            count_against=4,
            count_abstain=0,
            at=at(18, 58),
        ),
        Arrived(member="m13", at=at(19, 2)),
    ]
    # item 3: M. LEFÈVRE recused, public ballot
    voting = [f"m{i}" for i in range(1, 24) if i not in (6, 15, 16, 17, 18)]
    choices = tuple(
        (m, Choice.AGAINST if m in ("m14", "m22") else Choice.ABSTAIN if m == "m23" else Choice.FOR)
        for m in voting
    )
    ev += [
        ItemOpened(item="2026-013", at=at(19, 5)),
        Recused(member="m6", item="2026-013"),
        VoteRecorded(item="2026-013", ballot=Ballot.PUBLIC, choices=choices, at=at(19, 15)),
    ]
    # item 4: suspension, then m12 leaves before the vote
    ev += [
        ItemOpened(item="2026-014", at=at(19, 16)),
        SessionSuspended(at=at(19, 20)),
        SessionResumed(at=at(19, 31)),
        Left(member="m12", at=at(19, 40)),
        VoteRecorded(
            item="2026-014",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=13,
            count_against=3,
            count_abstain=2,
            at=at(19, 44),
        ),
    ]
    # item 5: a tie, the president's casting vote
    ev += [
        ItemOpened(item="2026-015", at=at(19, 46)),
        VoteRecorded(
            item="2026-015",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=8,
            count_against=8,
            count_abstain=2,
            president_vote=Choice.FOR,
            at=at(19, 55),
        ),
    ]
    # item 6: election, first round
    ev += [
        ItemOpened(item="2026-016", at=at(19, 57)),
        ElectionRound(
            item="2026-016",
            round=1,
            votes=(("m8", 12), ("m15", 5)),
            blank=1,
            spoilt=0,
            at=at(20, 5),
        ),
    ]
    # item 7: withdrawn
    ev += [
        ItemOpened(item="2026-017", at=at(20, 6)),
        ItemClosed(item="2026-017", status=ClosedStatus.WITHDRAWN, at=at(20, 7)),
        SessionClosed(at=at(20, 15)),
    ]
    return ev


def build_state(*, tricky: bool = False) -> SessionState:
    return replay(build_assembly(tricky=tricky), build_session(), events())
