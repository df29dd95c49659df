"""A session of the third round's cases, folded from its own journal (constitution
first): the compte administratif presided by an elected member while the maire withdraws,
a recused holder whose proxy is lost, an election by list, an amendment of the agenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.constitution import Constitution, Patch
from app.domain.events import (
    Amended,
    Arrived,
    Ballot,
    Constituted,
    Event,
    Excused,
    ItemOpened,
    ListElectionRound,
    Note,
    PresidencyTaken,
    ProxyGiven,
    Recused,
    SessionClosed,
    SessionOpened,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.journal import fold
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import SessionState

DAY = date(2026, 6, 25)

_ROSTER = [
    # id, civility, last, first, function
    ("m1", "Mme", "MARTIN", "Anne", "Maire"),
    ("m2", "M.", "BERNARD", "Paul", "Premier adjoint"),
    ("m3", "Mme", "ROUSSEAU", "Claire", "Adjointe"),
    ("m4", "M.", "GARCIA", "Hugo", "Adjoint"),
    ("m5", "Mme", "PETIT", "Louise", ""),
    ("m6", "M.", "MOREAU", "Jules", ""),
    ("m7", "Mme", "FOURNIER", "Inès", ""),
    ("m8", "M.", "GIRARD", "Nathan", ""),
    ("m9", "Mme", "BONNET", "Camille", ""),
    ("m10", "M.", "DUPONT", "Lucas", ""),
    ("m11", "Mme", "LAMBERT", "Sarah", ""),
]


def t(hh: int, mm: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hh, mm)


def third_assembly(kind: AssemblyKind = AssemblyKind.CONSEIL_MUNICIPAL) -> Assembly:
    members = tuple(
        Member(
            id=mid,
            civility=civ,
            last_name=last,
            first_name=first,
            function=function,
            birth_date=date(1950 + i, 1 + i % 12, 1 + i),
        )
        for i, (mid, civ, last, first, function) in enumerate(_ROSTER)
    )
    return Assembly(
        id="a3",
        name="Conseil municipal",
        organisation="Commune de Saint-Exemple",
        kind=kind,
        siren="219900008",
        siret="21990000800018",
        department="099",
        town="Saint-Exemple",
        rules=Rules(),
        members=members,
    )


ITEMS = (
    Item(
        id="2026-040",
        title="Compte administratif 2025",
        subject="7.1",
        rapporteur="m2",
        articles=("APPROUVE le compte administratif 2025.",),
    ),
    Item(
        id="2026-041",
        title="Subvention à l'association sportive",
        subject="7.5",
        articles=("ATTRIBUE une subvention de 1 500 euros.",),
    ),
    Item(
        id="2026-042",
        title="Élection des adjoints",
        subject="5.1",
        nature="DE",
    ),
)


def third_session(**changes: object) -> Session:
    base = Session(
        id="s3",
        assembly_id="a3",
        date=DAY,
        time="18:30",
        place="salle du conseil",
        convened_on=date(2026, 6, 19),
        president="m1",
        secretaries=("m5",),
        items=ITEMS,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def third_journal(asm: Assembly, sess: Session) -> list[Event]:
    everyone = [m.id for m in asm.members if m.id not in ("m10", "m11")]
    events: list[Event] = [Constituted(at=None, constitution=Constitution(asm, sess))]
    events += [Arrived(at=t(18, 25), member=m) for m in everyone]
    events += [
        Excused(at=t(18, 26), member="m10"),
        ProxyGiven(at=t(18, 26), giver="m10", holder="m8"),
        Excused(at=t(18, 27), member="m11"),
        SessionOpened(at=t(18, 30)),
        # the compte administratif: M. BERNARD elected to preside, the maire withdraws
        ItemOpened(at=t(18, 35), item="2026-040"),
        Note(at=t(18, 40), item="2026-040", text="Présentation du compte par M. BERNARD."),
        PresidencyTaken(at=t(18, 50), member="m2"),
        WithdrawnFromVote(at=t(18, 51), member="m1", item="2026-040"),
        VoteRecorded(
            at=t(18, 55),
            item="2026-040",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=9,
            count_against=0,
            count_abstain=0,
        ),
        PresidencyTaken(at=t(18, 57), member="m1"),
        # the holder of M. DUPONT's proxy is interested: the proxy is lost for this item
        ItemOpened(at=t(19, 0), item="2026-041"),
        Recused(at=t(19, 1), member="m8", item="2026-041"),
        Recused(at=t(19, 1), member="m9", item="2026-041"),
        VoteRecorded(
            at=t(19, 5),
            item="2026-041",
            ballot=Ballot.SHOW_OF_HANDS,
            count_for=7,
            count_against=0,
            count_abstain=0,
        ),
        # the agenda amended during the session
        Amended(
            at=t(19, 10),
            by="Mme MARTIN",
            reason="coquille dans l'objet du point 2026-042",
            patch=Patch(
                agenda=(
                    *ITEMS[:2],
                    replace(ITEMS[2], title="Élection des adjoints au maire"),
                )
            ),
        ),
        ItemOpened(at=t(19, 15), item="2026-042"),
        ListElectionRound(
            at=t(19, 30),
            item="2026-042",
            round=1,
            lists=(
                ("Liste BERNARD", ("m2", "m3", "m4"), 7),
                ("Liste PETIT", ("m5", "m6", "m7"), 2),
            ),
            blank=1,
            spoilt=0,
        ),
        SessionClosed(at=t(20, 0)),
    ]
    return events


def third_state(
    kind: AssemblyKind = AssemblyKind.CONSEIL_MUNICIPAL, **changes: object
) -> SessionState:
    asm, sess = third_assembly(kind), third_session(**changes)
    return fold(third_journal(asm, sess))
