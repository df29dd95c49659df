"""A session's constitution: what it was held under, written as event 0 of its journal.

When a session begins, its assembly's identity, the rules in force on its date **as
explicit values**, the roster in force (groups, weights, suppléants, mandate start and end
dates), its agenda, president, secretaries and convocation are copied into its journal.
Replay reads only the journal: editing the assembly's tables, importing a roster or
changing a preset's values afterwards never re-judges a held session. A later change to
a begun session is an amendment (who, what, why) appended to the same journal.

This module also holds the codec of the pieces a constitution is made of (members, agenda
items, rules), shared by the ``seance/1`` interchange format.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.assembly import (
    PUBLICATION_MODES,
    Assembly,
    AssemblyKind,
    Auxiliary,
    Item,
    Majority,
    Session,
    lowered,
    siren_problem,
    siret_problem,
)
from app.domain.errors import InputError
from app.domain.members import Member
from app.domain.rules import Rules

MAX_LINE = 2_000  # a title, a number, a subject
MAX_TEXT = 100_000  # a preamble, an article
SESSION_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")


class Origin(StrEnum):
    """How a constitution came into a journal."""

    OPENING = "opening"  # written when the session began (its first event)
    MIGRATION = "migration"  # appended once to a journal recorded before constitutions
    IMPORT = "import"  # built from a seance/1 file's assembly and session sections


class Part(StrEnum):
    """The parts of a constitution an amendment may replace."""

    ASSEMBLY = "assembly"  # identity: name, organisation, kind, SIREN, SIRET, department
    RULES = "rules"
    MEMBERS = "members"
    SESSION = "session"  # date, time, place, convocation, president, secretaries
    AGENDA = "agenda"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Constitution:
    """The assembly (identity, rules, roster) and the session (header, agenda) as they
    stand for one session. ``session.transmissions`` stays empty: the transmissions to the
    préfecture are follow-up, not constitution."""

    assembly: Assembly
    session: Session
    origin: Origin = Origin.OPENING

    def amended(self, patch: Patch) -> Constitution:
        assembly, session = self.assembly, self.session
        if patch.assembly is not None:
            a = patch.assembly
            assembly = replace(
                assembly,
                name=a.name,
                organisation=a.organisation,
                kind=a.kind,
                siren=a.siren,
                siret=a.siret,
                department=a.department,
                publication=a.publication,
                town=a.town,
                population=a.population,
            )
        if patch.rules is not None:
            assembly = replace(assembly, rules=patch.rules)
        if patch.members is not None:
            assembly = replace(assembly, members=patch.members)
        if patch.session is not None:
            s = patch.session
            session = replace(
                session,
                date=s.date,
                time=s.time,
                place=s.place,
                convened_on=s.convened_on,
                convocation=s.convocation,
                failed_meeting_on=s.failed_meeting_on,
                president=s.president,
                secretaries=s.secretaries,
                auxiliaries=s.auxiliaries,
            )
        if patch.agenda is not None:
            session = replace(session, items=patch.agenda)
        out = replace(self, assembly=assembly, session=session)
        check_consistent(out.assembly, out.session)
        return out


@dataclass(frozen=True)
class Patch:
    """The parts an amendment replaces (``None``: unchanged)."""

    assembly: Assembly | None = None  # identity only (rules and members ignored)
    rules: Rules | None = None
    members: tuple[Member, ...] | None = None
    session: Session | None = None  # header only (items ignored)
    agenda: tuple[Item, ...] | None = None

    def __post_init__(self) -> None:
        # keep only what each part means, so that equal patches compare equal
        if self.assembly is not None:
            object.__setattr__(self, "assembly", replace(self.assembly, rules=Rules(), members=()))
        if self.session is not None:
            header = replace(self.session, assembly_id="", items=(), transmissions=())
            object.__setattr__(self, "session", header)

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(p for p in Part if getattr(self, p.value) is not None)

    @property
    def empty(self) -> bool:
        return not self.parts


IDENTITY_FIELDS = (
    "name",
    "organisation",
    "kind",
    "siren",
    "siret",
    "department",
    "publication",
    "town",
    "population",
)
HEADER_FIELDS = (
    "date",
    "time",
    "place",
    "convened_on",
    "convocation",
    "failed_meeting_on",
    "president",
    "secretaries",
    "auxiliaries",
)


def constitute(
    assembly: Assembly, session: Session, origin: Origin = Origin.OPENING
) -> Constitution:
    """The constitution of ``session`` from prepared values (rules already those in
    force on its date)."""
    check_consistent(assembly, session)
    return Constitution(
        replace(assembly, id=assembly.id),
        replace(session, transmissions=(), assembly_id=assembly.id),
        origin,
    )


def diff(old: Constitution, new: Constitution) -> Patch:
    """The parts of ``new`` that differ from ``old``."""
    a, b = old.assembly, new.assembly
    identity = IDENTITY_FIELDS
    header = HEADER_FIELDS
    s, t = old.session, new.session
    return Patch(
        assembly=b if any(getattr(a, k) != getattr(b, k) for k in identity) else None,
        rules=b.rules if a.rules != b.rules else None,
        members=b.members if a.members != b.members else None,
        session=t if any(getattr(s, k) != getattr(t, k) for k in header) else None,
        agenda=t.items if s.items != t.items else None,
    )


def check_consistent(assembly: Assembly, session: Session) -> None:
    """The roster and the session hold together; raises ``InputError`` in French."""
    check_roster(assembly.members)
    known = assembly.members_by_id()
    for who, member_id in [("président", session.president)] + [
        ("secrétaire", s) for s in session.secretaries
    ]:
        if member_id is not None and member_id not in known:
            raise InputError(f"séance, {who} : membre « {member_id} » inconnu de l'assemblée.")
    check_agenda(session.items)
    for it in session.items:
        if it.rapporteur is not None and it.rapporteur not in known:
            raise InputError(
                f"point « {it.id} », rapporteur : membre « {it.rapporteur} » inconnu de "
                "l'assemblée."
            )


def check_roster(members: tuple[Member, ...]) -> None:
    """Member ids unique, every suppléant attached to a titular of the roster."""
    dupes = sorted(i for i, n in Counter(m.id for m in members).items() if n > 1)
    if dupes:
        raise InputError(f"assemblée : identifiant de membre en double : {', '.join(dupes)}.")
    by_id = {m.id: m for m in members}
    for m in members:
        if m.substitute_for is not None:
            titular = by_id.get(m.substitute_for)
            if titular is None or titular.is_substitute:
                raise InputError(
                    f"membre « {m.id} » : suppléant d'un titulaire inconnu « {m.substitute_for} »."
                )
        if m.started_on and m.ended_on and m.ended_on < m.started_on:
            raise InputError(f"membre « {m.id} » : la fin de mandat précède son début.")


def check_agenda(items: tuple[Item, ...]) -> None:
    """Every item valid, numbers unique."""
    for it in items:
        it.validate()
    dupes = sorted(i for i, n in Counter(it.id for it in items).items() if n > 1)
    if dupes:
        raise InputError(f"séance : numéro de point en double : {', '.join(dupes)}.")


def check_session_id(session_id: str) -> str:
    """A session id: letters, digits, « . _ - », 64 characters at most."""
    if not SESSION_ID.match(session_id):
        raise InputError(
            f"identifiant de séance « {session_id} » invalide : lettres, chiffres, « . », "
            "« _ » ou « - », 64 caractères au plus."
        )
    return session_id


# --------------------------------------------------------------------------- codec


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def read_date(value: Any, field: str, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise InputError(f"champ « {field} » manquant.")
        return None
    if not isinstance(value, str):
        raise InputError(f"champ « {field} » : une date AAAA-MM-JJ est attendue.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"champ « {field} » : date « {value} » illisible (AAAA-MM-JJ).")


def read_text(obj: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise InputError(f"{where} : champ « {key} » manquant.")
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where} : « {key} » doit être une chaîne.")
    if required and not value.strip():
        raise InputError(f"{where} : « {key} » ne peut pas être vide.")
    if len(value) > MAX_TEXT:
        raise InputError(f"{where} : « {key} » est trop long.")
    return value


def read_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where} : un objet JSON est attendu.")
    return value


def member_to_dict(m: Member) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "civility": m.civility,
        "last_name": m.last_name,
        "first_name": m.first_name,
        "group": m.group,
        "function": m.function,
        "weight": m.weight,
        "substitute_for": m.substitute_for,
        "birth_date": _iso(m.birth_date),
    }
    if m.started_on:
        out["started_on"] = m.started_on.isoformat()
    if m.ended_on:
        out["ended_on"] = m.ended_on.isoformat()
    return out


def member_from_dict(data: Any, index: int) -> Member:
    where = f"membre n° {index + 1}"
    obj = read_object(data, where)
    member_id = obj.get("id")
    if not isinstance(member_id, str) or not member_id.strip():
        raise InputError(f"{where} : champ « id » manquant ou vide.")
    where = f"membre « {member_id} »"
    weight = obj.get("weight", 1)
    if weight is None:
        weight = 1
    if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
        raise InputError(f"{where} : « weight » doit être un entier positif.")
    substitute_for = obj.get("substitute_for")
    if substitute_for is not None and not isinstance(substitute_for, str):
        raise InputError(f"{where} : « substitute_for » doit être l'identifiant d'un membre.")
    return Member(
        id=member_id,
        last_name=read_text(obj, "last_name", where, True),
        first_name=read_text(obj, "first_name", where),
        civility=read_text(obj, "civility", where),
        group=read_text(obj, "group", where),
        function=read_text(obj, "function", where),
        weight=weight,
        substitute_for=substitute_for,
        birth_date=read_date(obj.get("birth_date"), f"{where}, birth_date"),
        started_on=read_date(obj.get("started_on"), f"{where}, started_on"),
        ended_on=read_date(obj.get("ended_on"), f"{where}, ended_on"),
    )


def members_from_list(raw: Any) -> tuple[Member, ...]:
    if not isinstance(raw, list) or not raw:
        raise InputError("assemblée : « members » doit être une liste non vide de membres.")
    members = tuple(member_from_dict(m, i) for i, m in enumerate(raw))
    check_roster(members)
    return members


def item_to_dict(it: Item) -> dict[str, Any]:
    """An item as in ``seance/1`` (null fields left out)."""
    out: dict[str, Any] = {"id": it.id, "title": it.title, "nature": it.nature}
    for key, value in (
        ("subject", it.subject),
        ("actes_number", it.actes_number),
        ("typology", it.typology),
        ("rapporteur", it.rapporteur),
        ("preamble", it.preamble),
    ):
        if value:
            out[key] = value
    for key, seq in (("visas", it.visas), ("articles", it.articles), ("annexes", it.annexes)):
        if seq:
            out[key] = list(seq)
    out["majority"] = it.majority.value
    if it.presided_apart:
        out["presided_apart"] = True
    return out


def item_from_dict(data: Any) -> Item:
    """Read an item of ``seance/1``; raises ``InputError`` in French."""
    if not isinstance(data, dict):
        raise InputError("un point de l'ordre du jour doit être un objet JSON.")
    # named by its id when it has one (never « None »)
    given_id = data.get("id")
    named = isinstance(given_id, (str, int)) and not isinstance(given_id, bool) and given_id != ""
    where = f"point « {given_id} »" if named else "point de l'ordre du jour sans numéro"

    def text(key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise InputError(f"point de l'ordre du jour : champ « {key} » manquant.")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"point de l'ordre du jour : « {key} » doit être une chaîne.")
        limit = MAX_TEXT if key == "preamble" else MAX_LINE
        if len(str(value)) > limit:
            raise InputError(
                f"{where} : « {key} » est trop long "
                f"({len(str(value))} caractères ; {limit} au plus)."
            )
        return str(value)

    def texts(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where} : « {key} » doit être une liste de chaînes.")
        if any(len(v) > MAX_TEXT for v in value) or len(value) > 1000:
            raise InputError(f"{where} : « {key} » est trop long.")
        return tuple(value)

    raw_majority = data.get("majority") or "absolute_expressed"
    try:
        majority = Majority(raw_majority)
    except ValueError:
        raise InputError(f"{where} : majorité « {raw_majority} » inconnue.")
    presided_apart = data.get("presided_apart") or False
    if not isinstance(presided_apart, bool):
        raise InputError(
            f"{where} : « presided_apart » vaut true ou false "
            "(compte administratif ou compte financier unique)."
        )
    item = Item(
        id=text("id", True),
        title=text("title", True),
        nature=text("nature") or "DE",
        subject=text("subject"),
        actes_number=text("actes_number"),
        rapporteur=text("rapporteur") or None,
        preamble=text("preamble"),
        visas=texts("visas"),
        articles=texts("articles"),
        annexes=texts("annexes"),
        majority=majority,
        typology=text("typology"),
        presided_apart=presided_apart,
    )
    item.validate()
    return item


def items_from_list(raw: Any) -> tuple[Item, ...]:
    if not isinstance(raw, list):
        raise InputError("séance : « items » doit être une liste.")
    items = []
    for i, data in enumerate(raw):
        try:
            items.append(item_from_dict(data))
        except InputError as err:
            raise InputError(f"point n° {i + 1} de l'ordre du jour : {err.message}")
    out = tuple(items)
    check_agenda(out)
    return out


def identity_from_dict(data: Any, assembly_id: str, *, keys: bool = True) -> Assembly:
    """The identity of an assembly (name, organisation, kind, SIREN, SIRET, department).
    ``keys``: check the SIREN and SIRET check digits (input); a journal already recorded
    is read back as it was written (digits only)."""
    obj = read_object(data, "assemblée")
    raw_kind = obj.get("kind") or "autre"
    try:
        kind = AssemblyKind(raw_kind)
    except ValueError:
        raise InputError(f"assemblée : nature « {raw_kind} » inconnue.")
    siren = read_text(obj, "siren", "assemblée")
    siret = read_text(obj, "siret", "assemblée")
    problem = (siren and siren_problem(siren, key=keys)) or (
        siret and siret_problem(siret, key=keys)
    )
    if problem:
        raise InputError(f"assemblée : {lowered(problem)}")
    publication = read_text(obj, "publication", "assemblée") or "electronic"
    if publication not in PUBLICATION_MODES:
        raise InputError(
            f"assemblée : publication « {publication} » inconnue (attendu : "
            f"{', '.join(PUBLICATION_MODES)})."
        )
    return Assembly(
        id=assembly_id,
        name=read_text(obj, "name", "assemblée", True),
        organisation=read_text(obj, "organisation", "assemblée", True),
        kind=kind,
        siren=siren,
        siret=siret,
        department=read_text(obj, "department", "assemblée"),
        publication=publication,
        town=read_text(obj, "town", "assemblée"),
        population=read_population(obj.get("population")),
    )


MAX_POPULATION = 100_000_000


def read_population(value: Any) -> int | None:
    """The ``population`` of an assembly: a whole number of inhabitants, or absent."""
    if value is None:
        return None
    if type(value) is not int or not 0 < value <= MAX_POPULATION:  # not true, 2.0 nor "900"
        raise InputError(
            f"assemblée : « population » est un nombre entier d'habitants (au moins 1), pas "
            f"« {json.dumps(value, ensure_ascii=False)} »."
        )
    return value


def auxiliaries_to_list(auxiliaries: tuple[Auxiliary, ...]) -> list[dict[str, str]]:
    return [
        {"name": a.name, **({"function": a.function} if a.function else {})} for a in auxiliaries
    ]


def auxiliaries_from_list(raw: Any) -> tuple[Auxiliary, ...]:
    """The auxiliary secretaries of a session (agents who are not members, L2121-15)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 20:
        raise InputError("séance : « auxiliaries » doit être une liste (20 au plus).")
    out = []
    for i, data in enumerate(raw):
        where = f"séance, secrétaire auxiliaire n° {i + 1}"
        obj = read_object(data, where)
        name = " ".join(read_text(obj, "name", where).split())
        function = " ".join(read_text(obj, "function", where).split())
        if not name:
            raise InputError(f"{where} : le nom (« name ») est obligatoire.")
        if len(name) > MAX_LINE or len(function) > MAX_LINE:
            raise InputError(f"{where} : nom ou fonction trop long.")
        out.append(Auxiliary(name=name, function=function))
    return tuple(out)


def identity_to_dict(a: Assembly) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "organisation": a.organisation,
        "kind": a.kind.value,
        "siren": a.siren or None,
        "siret": a.siret or None,
        "department": a.department or None,
        "publication": a.publication,
        "town": a.town or None,
        # left out when not given: constitutions recorded before it read back the same
        **({"population": a.population} if a.population is not None else {}),
    }


def header_to_dict(s: Session) -> dict[str, Any]:
    return {
        "id": s.id,
        "date": s.date.isoformat(),
        "time": s.time,
        "place": s.place or None,
        "convened_on": _iso(s.convened_on),
        "convocation": s.convocation,
        "failed_meeting_on": _iso(s.failed_meeting_on),
        "president": s.president,
        "secretaries": list(s.secretaries),
        **({"auxiliaries": auxiliaries_to_list(s.auxiliaries)} if s.auxiliaries else {}),
    }


def is_hhmm(value: str) -> bool:
    parts = value.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


def header_from_dict(data: Any, session_id: str, assembly_id: str) -> Session:
    """The header of a session (no agenda): date, time, place, convocation, president,
    secretaries. Member references are checked against the roster by the caller."""
    obj = read_object(data, "séance")
    day = read_date(obj.get("date"), "session.date", required=True)
    assert day is not None
    time = obj.get("time")
    if time is not None and (not isinstance(time, str) or not is_hhmm(time)):
        raise InputError(f"séance : heure « {time} » illisible (HH:MM).")
    convocation = obj.get("convocation", 1)
    if convocation is None:
        convocation = 1
    if type(convocation) is not int or convocation not in (1, 2):  # not 0, true nor 2.0
        raise InputError(
            f"séance : « convocation » vaut 1 ou 2 (entier), pas « {json.dumps(convocation)} »."
        )
    convened_on = read_date(obj.get("convened_on"), "session.convened_on")
    president = obj.get("president")
    if president is not None and not isinstance(president, str):
        raise InputError("séance : « president » doit être l'identifiant d'un membre.")
    secretaries = obj.get("secretaries") or []
    if not isinstance(secretaries, list) or not all(isinstance(s, str) for s in secretaries):
        raise InputError("séance : « secretaries » doit être une liste de membres.")
    return Session(
        id=session_id,
        assembly_id=assembly_id,
        date=day,
        time=time,
        place=read_text(obj, "place", "séance"),
        convened_on=convened_on,
        convocation=convocation,
        failed_meeting_on=read_date(obj.get("failed_meeting_on"), "session.failed_meeting_on"),
        president=president,
        secretaries=tuple(secretaries),
        auxiliaries=auxiliaries_from_list(obj.get("auxiliaries")),
    )


def patch_to_dict(patch: Patch) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if patch.assembly is not None:
        out[Part.ASSEMBLY.value] = identity_to_dict(patch.assembly)
    if patch.rules is not None:
        out[Part.RULES.value] = patch.rules.to_values()
    if patch.members is not None:
        out[Part.MEMBERS.value] = [member_to_dict(m) for m in patch.members]
    if patch.session is not None:
        out[Part.SESSION.value] = header_to_dict(patch.session)
    if patch.agenda is not None:
        out[Part.AGENDA.value] = [item_to_dict(it) for it in patch.agenda]
    return out


def patch_from_dict(data: Any, *, complete: bool = False) -> Patch:
    """Read the parts of a constitution (``complete``: every part required)."""
    obj = read_object(data, "constitution")
    unknown = sorted(set(obj) - {p.value for p in Part} - {"origin"})
    if unknown:
        raise InputError(f"constitution : partie(s) inconnue(s) : {', '.join(unknown)}.")
    if complete:
        missing = [p.value for p in Part if p.value not in obj]
        if missing:
            raise InputError(f"constitution : partie(s) manquante(s) : {', '.join(missing)}.")
    assembly = session = None
    if Part.ASSEMBLY.value in obj:
        raw = read_object(obj[Part.ASSEMBLY.value], "assemblée")
        assembly = identity_from_dict(raw, read_text(raw, "id", "assemblée", True), keys=False)
    if Part.SESSION.value in obj:
        raw = read_object(obj[Part.SESSION.value], "séance")
        session = header_from_dict(raw, check_session_id(read_text(raw, "id", "séance", True)), "")
    return Patch(
        assembly=assembly,
        rules=Rules.from_values(obj[Part.RULES.value]) if Part.RULES.value in obj else None,
        members=members_from_list(obj[Part.MEMBERS.value]) if Part.MEMBERS.value in obj else None,
        session=session,
        agenda=items_from_list(obj[Part.AGENDA.value]) if Part.AGENDA.value in obj else None,
    )


def constitution_to_dict(c: Constitution) -> dict[str, Any]:
    out = patch_to_dict(
        Patch(c.assembly, c.assembly.rules, c.assembly.members, c.session, c.session.items)
    )
    out["origin"] = c.origin.value
    return out


def constitution_from_dict(data: Any) -> Constitution:
    patch = patch_from_dict(data, complete=True)
    assert patch.assembly and patch.rules and patch.session
    assert patch.members is not None and patch.agenda is not None
    raw_origin = read_object(data, "constitution").get("origin") or Origin.OPENING.value
    try:
        origin = Origin(raw_origin)
    except ValueError:
        raise InputError(f"constitution : origine « {raw_origin} » inconnue.")
    assembly = replace(patch.assembly, rules=patch.rules, members=patch.members)
    session = replace(patch.session, assembly_id=assembly.id, items=patch.agenda)
    check_consistent(assembly, session)
    return Constitution(assembly, session, origin)
