"""A synthetic assembly and a driver that plays a plausible, always valid session on it.

Used by the crash test (a small scripted session, replayed by a child process) and by the
benchmark (300 members, 60 items, about 5,000 events). The driver goes through
``SessionService`` like the live window does and only issues commands the rules accept:
it reads the current state before each command instead of catching refusals, so any
``DomainError`` it meets is a bug worth seeing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.assembly import Assembly, AssemblyKind, Item, Session
from app.domain.events import Choice, ClosedStatus
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import Phase
from app.services.session_service import SessionService
from app.services.store import Store

DAY = date(2026, 3, 12)
START = datetime(2026, 3, 12, 18, 30)
LAST_NAMES = (
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFÈVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MÜLLER",
    "FAURE",
    "ANDRÉ",
    "MERCIER",
)
FIRST_NAMES = (
    "Anne",
    "Jean",
    "Élise",
    "Luc",
    "Chloé",
    "Marc",
    "Inès",
    "Paul",
    "Léa",
    "Hugo",
    "Zoé",
    "Noël",
    "Maëlle",
    "René",
    "Agnès",
    "Loïc",
)


def build_assembly(
    titulars: int,
    substitutes: int = 0,
    groups: int = 0,
    *,
    rules: Rules | None = None,
    assembly_id: str = "A1",
) -> Assembly:
    """``titulars`` members in office (m1…), ``substitutes`` suppléants (s1… for m1…)."""
    members = []
    for i in range(1, titulars + 1):
        members.append(
            Member(
                id=f"m{i}",
                last_name=f"{LAST_NAMES[i % len(LAST_NAMES)]}-{i}",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                civility="Mme" if i % 2 else "M.",
                group=f"Commune n° {(i - 1) % groups + 1}" if groups else "",
                function="Président" if i == 1 else "",
                birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
            )
        )
    for i in range(1, substitutes + 1):
        titular = members[(i - 1) % titulars]
        members.append(
            Member(
                id=f"s{i}",
                last_name=f"SUPPLÉANT-{i}",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                civility="M." if i % 2 else "Mme",
                group=titular.group,
                substitute_for=titular.id,
                birth_date=date(1960 + i % 30, 1 + i % 12, 1),
            )
        )
    return Assembly(
        id=assembly_id,
        name="Comité syndical" if groups else "Conseil municipal",
        organisation="Syndicat mixte de l'Exemple" if groups else "Commune de Saint-Exemple",
        kind=AssemblyKind.COMITE_SYNDICAL if groups else AssemblyKind.CONSEIL_MUNICIPAL,
        siren="219900008",
        department="099",
        rules=rules or Rules(),
        members=tuple(members),
    )


def build_session(assembly: Assembly, items: int, *, session_id: str = "S1") -> Session:
    return Session(
        id=session_id,
        assembly_id=assembly.id,
        date=DAY,
        time="18:30",
        place="salle du conseil",
        convened_on=DAY - timedelta(days=6),
        president="m1",
        secretaries=("m2",),
        items=tuple(
            Item(
                id=f"2026-{i:03d}",
                title=f"Délibération n° {i} : objet de test",
                subject="7.1",
                actes_number=f"2026_{i:03d}",
                rapporteur="m1",
                preamble="Le rapporteur expose le projet.",
                visas=("Vu le code général des collectivités territoriales,",),
                articles=("DÉCIDE d'approuver le projet.",),
            )
            for i in range(1, items + 1)
        ),
    )


def create(store: Store, assembly: Assembly, session: Session) -> None:
    store.save_assembly(assembly)
    store.save_session(session)


class JournalClock:
    """Deterministic time: the n-th event of the journal happens 20 s × n after the start,
    so the same commands give the same events whether run at once or resumed."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.service: SessionService | None = None

    def __call__(self) -> datetime:
        n = len(self.service.events) if self.service is not None else 0
        return self.start + timedelta(seconds=20 * n)


def open_service(store: Store, session_id: str) -> SessionService:
    clock = JournalClock()
    service = SessionService(store, session_id, clock)
    clock.service = service
    return service


@dataclass
class Plan:
    """How busy the session is."""

    presence: float = 0.7  # share of titulars present at the opening
    excused: float = 0.08
    proxies: float = 0.6  # share of absent titulars who give a proxy
    substitutes: float = 0.5  # share of absent titulars with a suppléant who sits
    churn: int = 8  # attendance events per item
    recusals: int = 2  # recusals per item (upper bound)
    undo: float = 0.04  # chance that an attendance event is undone (Ctrl+Z)
    notes: float = 0.3
    postponed: float = 0.05


class SessionDriver:
    """Plays a whole session through the service, issuing only valid commands."""

    def __init__(
        self, service: SessionService, rng: random.Random, plan: Plan | None = None
    ) -> None:
        self.s = service
        self.rng = rng
        self.plan = plan or Plan()
        self.titulars = [m.id for m in service.state.in_office]
        self.substitutes = [m for m in service.assembly.members if m.substitute_for]

    # ------------------------------------------------------------------ views of the state
    @property
    def st(self):  # noqa: ANN201 - the live SessionState
        return self.s.state

    def _absent_titulars(self) -> list[str]:
        st = self.st
        return [m for m in self.titulars if m not in st.present and m not in st.seat_substitute]

    def _can_hold(self, holder: str) -> bool:
        return len(self.st.held.get(holder, [])) < self.st.rules.max_proxies_per_holder

    # ------------------------------------------------------------------ atomic actions
    def arrive(self) -> bool:
        absent = self._absent_titulars()
        if not absent:
            return False
        self.s.arrive(self.rng.choice(absent))
        return True

    def leave(self) -> bool:
        present = sorted(self.st.present)
        if len(present) <= 1:
            return False
        self.s.leave(self.rng.choice(present))
        return True

    def excuse(self) -> bool:
        st = self.st
        options = [m for m in self.titulars if m not in st.present and m not in st.excused]
        if not options:
            return False
        self.s.excuse(self.rng.choice(options))
        return True

    def give_proxy(self) -> bool:
        st = self.st
        givers = [m for m in self._absent_titulars() if m not in st.proxies]
        holders = [m for m in sorted(st.present) if m in st._in_office_ids and self._can_hold(m)]
        if not givers or not holders:
            return False
        self.s.give_proxy(self.rng.choice(givers), self.rng.choice(holders))
        return True

    def revoke_proxy(self) -> bool:
        givers = sorted(self.st.proxies)
        if not givers:
            return False
        self.s.revoke_proxy(self.rng.choice(givers))
        return True

    def substitute_sits(self) -> bool:
        st = self.st
        options = [
            m
            for m in self.substitutes
            if m.id not in st.present
            and m.substitute_for not in st.present
            and m.substitute_for not in st.seat_substitute
            and m.substitute_for not in st.proxies
        ]
        if not options:
            return False
        m = self.rng.choice(options)
        self.s.arrive(m.id, for_titular=m.substitute_for)
        return True

    def churn_once(self) -> None:
        # the room breathes around its planned occupancy instead of drifting full or empty
        seated = sum(1 for m in self.titulars if self.st.seat_present(m))
        filling = seated < self.plan.presence * len(self.titulars)
        actions = [
            self.arrive if filling else self.leave,
            self.arrive,
            self.leave,
            self.excuse,
            self.give_proxy,
            self.give_proxy,
            self.revoke_proxy,
            self.substitute_sits,
        ]
        self.rng.shuffle(actions)
        for action in actions:
            if action():
                if self.rng.random() < self.plan.undo:
                    self.s.undo()
                return

    # ------------------------------------------------------------------ phases
    def opening(self) -> None:
        p = self.plan
        self.s.open_session()
        for m in self.titulars:
            r = self.rng.random()
            if r < p.presence:
                self.s.arrive(m)
            elif r < p.presence + p.excused:
                self.s.excuse(m)
        for sub in self.substitutes:
            st = self.st
            t = sub.substitute_for
            if (
                t not in st.present
                and t not in st.seat_substitute
                and self.rng.random() < p.substitutes
            ):
                self.s.arrive(sub.id, for_titular=t)
        for m in self._absent_titulars():
            if self.rng.random() < p.proxies:
                holders = [
                    h
                    for h in sorted(self.st.present)
                    if h in self.st._in_office_ids and self._can_hold(h)
                ]
                if holders:
                    self.s.give_proxy(m, self.rng.choice(holders))

    def ensure_quorum(self) -> None:
        while not self.st.attendance().quorum.may_deliberate:
            self.s.arrive(self._absent_titulars()[0])

    def vote(self, item_id: str) -> None:
        self.ensure_quorum()
        att = self.st.attendance(item_id)
        voters = att.voters
        r = self.rng.random()
        if r < 0.1:
            self.s.record_unanimity(item_id)
        elif r < 0.25:
            choices = [
                (seat.member, self.rng.choice(list(Choice))) for seat in att.seats if seat.voting
            ]
            self.s.record_public(item_id, choices)
        elif r < 0.3:
            cut = sorted(self.rng.randint(0, voters) for _ in range(3))
            self.s.record_secret(item_id, cut[0], cut[1] - cut[0], cut[2] - cut[1], voters - cut[2])
        else:
            against = self.rng.randint(0, voters // 3)
            abstain = self.rng.randint(0, (voters - against) // 4)
            self.s.record_show_of_hands(item_id, voters - against - abstain, against, abstain)

    def item(self, item_id: str) -> None:
        p = self.plan
        self.s.open_item(item_id)
        for _ in range(p.churn):
            self.churn_once()
        if self.rng.random() < p.notes:
            self.s.note(item_id, "Le rapporteur présente le projet ; débat sur le calendrier.")
        for m in self.rng.sample(self.titulars, self.rng.randint(0, p.recusals)):
            self.s.recuse(m, item_id)
        if self.rng.random() < p.postponed:
            self.s.close_item(item_id, ClosedStatus.POSTPONED)
        else:
            self.vote(item_id)
        if self.st.phase is Phase.OPEN and self.rng.random() < 0.05:
            self.s.suspend()
            self.s.resume()

    def run(self, *, close: bool = True) -> None:
        self.opening()
        for it in self.s.session.items:
            self.item(it.id)
        if close:
            self.s.close_session()
