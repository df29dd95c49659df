"""The assembly, its sessions and their agenda items."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from app.domain.errors import InputError
from app.domain.members import Member
from app.domain.rules import Rules

PUBLICATION_MODES = ("electronic", "affichage")


class AssemblyKind(Enum):
    CONSEIL_MUNICIPAL = "conseil_municipal"
    CONSEIL_COMMUNAUTAIRE = "conseil_communautaire"
    COMITE_SYNDICAL = "comite_syndical"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental"
    CONSEIL_REGIONAL = "conseil_regional"
    COMMISSION_PERMANENTE = "commission_permanente"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    AssemblyKind.CONSEIL_MUNICIPAL: "Conseil municipal",
    AssemblyKind.CONSEIL_COMMUNAUTAIRE: "Conseil communautaire",
    AssemblyKind.COMITE_SYNDICAL: "Comité syndical",
    AssemblyKind.CONSEIL_DEPARTEMENTAL: "Conseil départemental",
    AssemblyKind.CONSEIL_REGIONAL: "Conseil régional",
    AssemblyKind.COMMISSION_PERMANENTE: "Commission permanente",
    AssemblyKind.AUTRE: "Autre assemblée",
}


class Majority(Enum):
    """The majority an item requires (docs/FORMAT.md, item « majority »)."""

    ABSOLUTE_EXPRESSED = "absolute_expressed"
    TWO_THIRDS_EXPRESSED = "two_thirds_expressed"
    ABSOLUTE_MEMBERS_IN_OFFICE = "absolute_members_in_office"

    @property
    def label(self) -> str:
        return {
            Majority.ABSOLUTE_EXPRESSED: "majorité absolue des suffrages exprimés",
            Majority.TWO_THIRDS_EXPRESSED: "majorité des deux tiers des suffrages exprimés",
            Majority.ABSOLUTE_MEMBERS_IN_OFFICE: "majorité absolue des membres en exercice",
        }[self]


NATURES = {
    "DE": "Délibération",
    "AR": "Arrêté réglementaire",
    "AI": "Arrêté individuel",
    "CC": "Contrat, convention",
    "BF": "Document budgétaire et financier",
    "AU": "Autre",
}

ACTES_NUMBER = re.compile(r"^[0-9A-Z_]{1,15}$")
# « typologie » of a piece sent through @ctes (act or annex): « 99_DE », « 22_AN »…
TYPOLOGY = re.compile(r"^[0-9]{2}_[0-9A-Z]{2}$")
# the act's typology when none is given, for the natures whose code is certain
DEFAULT_TYPOLOGY = {"DE": "99_DE", "AR": "99_AR", "AI": "99_AI"}


def luhn_ok(digits: str) -> bool:
    """Luhn key of a SIREN (9 digits) or SIRET (14 digits)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def siren_problem(siren: str, *, key: bool = True) -> str | None:
    """Why ``siren`` is not a SIREN, in French (None when it is one): 9 digits whose Luhn
    key is right (``key=False``: the digits only, for a SIREN already recorded). The one
    check of the assembly editor, the seance/1 codec and the roster importer."""
    if len(siren) != 9 or not siren.isdigit():
        return f"Le SIREN compte 9 chiffres (« {siren} » : {_characters(siren)})."
    if key and not luhn_ok(siren):
        return (
            f"Le SIREN « {siren} » est invalide\u00a0: sa clé de contrôle ne correspond pas "
            "(vérifiez les chiffres)."
        )
    return None


def siret_problem(siret: str, siren: str = "", *, key: bool = True) -> str | None:
    """Why ``siret`` is not a SIRET (of ``siren`` when given), in French; None when it is:
    14 digits, a right Luhn key (La Poste's establishments: the sum of the digits is a
    multiple of 5), beginning with the SIREN."""
    if len(siret) != 14 or not siret.isdigit():
        return f"Le SIRET compte 14 chiffres (« {siret} » : {_characters(siret)})."
    if key and not _siret_key_ok(siret):
        return (
            f"Le SIRET « {siret} » est invalide\u00a0: sa clé de contrôle ne correspond pas "
            "(vérifiez les chiffres)."
        )
    if siren and not siret.startswith(siren):
        return f"Le SIRET doit commencer par le SIREN ({siren})."
    return None


def lowered(sentence: str) -> str:
    """A sentence continued after a colon: « Le SIREN… » → « le SIREN… »."""
    return sentence[:1].lower() + sentence[1:]


def _characters(text: str) -> str:
    return f"{len(text)} caractère{'s' if len(text) > 1 else ''}"


def _siret_key_ok(siret: str) -> bool:
    if siret.startswith("356000000"):  # La Poste: sum of digits divisible by 5
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret)


def siren_ok(siren: str) -> bool:
    """A SIREN: 9 digits and a valid Luhn key."""
    return siren_problem(siren) is None


def siret_ok(siret: str) -> bool:
    """A SIRET: 14 digits and a valid Luhn key (La Poste's establishments excepted)."""
    return siret_problem(siret) is None


@dataclass(frozen=True)
class Assembly:
    """An organe délibérant: its identity, its rules and its members."""

    id: str
    name: str
    organisation: str
    kind: AssemblyKind = AssemblyKind.AUTRE
    siren: str = ""
    siret: str = ""
    department: str = ""
    rules: Rules = field(default_factory=Rules)
    members: tuple[Member, ...] = ()
    # how acts are made public (L2131-1): "electronic" (the rule since 1 July 2022) or
    # "affichage" (communes under 3 500 inhabitants that chose it)
    publication: str = "electronic"
    town: str = ""  # where the acts are signed (« Fait à … »)
    # the commune's population (for an EPCI or a syndicat: its largest member commune's),
    # which sets the convocation delay (L2121-11, L2121-12); None: not given
    population: int | None = None

    def member(self, member_id: str) -> Member | None:
        for m in self.members:
            if m.id == member_id:
                return m
        return None

    def members_by_id(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    def in_office(self, day: date) -> tuple[Member, ...]:
        """Members in office on ``day``: titulars whose mandate runs (suppléants excluded)."""
        return tuple(m for m in self.members if m.in_office_on(day))

    def substitutes_of(self, titular_id: str) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.substitute_for == titular_id)


MAX_ITEM_ID = 15


def item_id_problem(item_id: str) -> str | None:
    """Why ``item_id`` cannot number an agenda item, in French (None when it can): not
    empty, 15 characters at most. The one check of the item codec and the session editor
    (session ids: ``app.domain.constitution.check_session_id``)."""
    if not item_id.strip():
        return "Le numéro du point est obligatoire."
    if len(item_id) > MAX_ITEM_ID:
        return (
            f"Le numéro « {item_id} » compte {len(item_id)} caractères\u00a0: "
            f"{MAX_ITEM_ID} au plus."
        )
    return None


@dataclass(frozen=True)
class Item:
    """A point of the agenda; most end in a vote."""

    id: str
    title: str
    nature: str = "DE"
    subject: str = ""
    actes_number: str = ""
    rapporteur: str | None = None
    preamble: str = ""
    visas: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    annexes: tuple[str, ...] = ()
    majority: Majority = Majority.ABSOLUTE_EXPRESSED
    typology: str = ""  # @ctes « typologie » of the act; default from the nature
    # compte administratif or compte financier unique (L2121-14): the assembly elects a
    # president for this item and the maire withdraws for its vote
    presided_apart: bool = False

    @property
    def act_typology(self) -> str:
        """The typology sent with the act: the explicit one, else the nature's default."""
        return self.typology or DEFAULT_TYPOLOGY.get(self.nature, "")

    @property
    def act_number(self) -> str:
        """The number sent to @ctes: the explicit one, else the id made compliant."""
        if self.actes_number:
            return self.actes_number
        return re.sub(r"[^0-9A-Z_]", "_", self.id.upper())[:15]

    def validate(self) -> None:
        problem = item_id_problem(self.id)
        if problem:
            raise InputError(f"Point de l'ordre du jour : {lowered(problem)}")
        if not self.title.strip():
            raise InputError(f"Point « {self.id} » : l'objet (titre) est obligatoire.")
        if self.actes_number and not ACTES_NUMBER.match(self.actes_number):
            raise InputError(
                f"Point « {self.id} » : le numéro d'acte « {self.actes_number} » doit compter "
                "au plus 15 caractères parmi 0-9, A-Z et « _ »."
            )
        if self.typology and not TYPOLOGY.match(self.typology):
            raise InputError(
                f"Point « {self.id} » : typologie « {self.typology} » invalide "
                "(attendu deux chiffres, « _ » et deux lettres ou chiffres, ex. « 99_DE »)."
            )
        if self.nature not in NATURES:
            raise InputError(
                f"Point « {self.id} » : nature « {self.nature} » inconnue "
                f"(attendu : {', '.join(NATURES)})."
            )


@dataclass(frozen=True)
class Transmission:
    """Transmission of an act to the préfecture, and its posting."""

    item: str
    sent_on: date | None = None
    received_on: date | None = None
    posted_on: date | None = None
    actes_id: str = ""  # the identifier the préfecture's acknowledgment gave the act


@dataclass(frozen=True)
class Auxiliary:
    """A secretary who is not a member (an agent, L2121-15): named, never votes."""

    name: str
    function: str = ""

    @property
    def label(self) -> str:
        """« Mme Claire PETIT, directrice générale des services »."""
        return f"{self.name}, {self.function}" if self.function else self.name


@dataclass(frozen=True)
class Session:
    """One meeting of the assembly."""

    id: str
    assembly_id: str
    date: dt.date
    time: str | None = None  # "HH:MM"
    place: str = ""
    convened_on: dt.date | None = None
    convocation: int = 1  # 2: reconvened after a failed quorum, no quorum needed
    failed_meeting_on: dt.date | None = None  # second convocation: the meeting without quorum
    president: str | None = None
    secretaries: tuple[str, ...] = ()
    auxiliaries: tuple[Auxiliary, ...] = ()  # secretaries who are not members (L2121-15)
    items: tuple[Item, ...] = ()
    transmissions: tuple[Transmission, ...] = ()

    @property
    def second_convocation(self) -> bool:
        return self.convocation == 2

    def item(self, item_id: str) -> Item | None:
        for it in self.items:
            if it.id == item_id:
                return it
        return None

    def transmission(self, item_id: str) -> Transmission | None:
        for t in self.transmissions:
            if t.item == item_id:
                return t
        return None
