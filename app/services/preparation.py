"""Preparation use cases, shared by the GUI and the command line: saving an assembly, a
roster, a session; importing a roster file.

The preparation tables serve the sessions that have not begun. A begun session is held
under the constitution written into its journal: saving the assembly or importing a roster
never changes it; saving a begun session's header or agenda appends an amendment (who,
what, why) to its journal, refused with a French message when the journal could no longer
account for what it already records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.domain.assembly import Assembly, Auxiliary, Session
from app.domain.constitution import (
    HEADER_FIELDS,
    MAX_POPULATION,
    Patch,
    auxiliaries_from_list,
    check_roster,
    check_session_id,
)
from app.domain.convocation import check_second_convocation, convocation_warnings
from app.domain.errors import DomainError, InputError
from app.domain.events import Amended
from app.domain.journal import constitution_of, current_constitution, fold
from app.domain.members import Member
from app.services.roster import RejectedLine, RosterParse
from app.services.store import Store

PREPARATION = "le secrétariat (préparation)"


def journal_conflict(store: Store, assembly: Assembly) -> str | None:
    """Why ``assembly`` (new rules or roster) cannot be saved, in French; None when it can.

    Begun sessions keep the constitution written in their journal, so only a journal that
    has none (recorded before constitutions, and whose migration could not build one) is
    still read with the tables and must keep replaying."""
    for info in store.sessions(assembly.id):
        if not info.events:
            continue
        events = store.load_events(info.id)
        if constitution_of(events) is not None:
            continue
        session = store.load_session(info.id)
        try:
            fold(events, prepared=(assembly, session))
        except DomainError as err:
            return (
                f"Enregistrement impossible : le journal de la séance du "
                f"{info.date.strftime('%d/%m/%Y')} ne s'accorde plus avec ces "
                f"modifications ({err})."
            )
    return None


def save_assembly(store: Store, assembly: Assembly) -> None:
    """Save an assembly (identity, rules, roster) for the sessions to come; begun sessions
    keep their constitution. Raises ``DomainError`` in French and changes nothing."""
    check_roster(assembly.members)
    conflict = journal_conflict(store, assembly)
    if conflict:
        raise DomainError(conflict)
    store.save_assembly(assembly)


def save_session(
    store: Store, session: Session, *, by: str = PREPARATION, reason: str = ""
) -> Amended | None:
    """Save a session's header and agenda. A session not begun is prepared in the tables;
    a begun one also gets an amendment in its journal (returned), in the same transaction.
    Raises ``DomainError`` in French and changes nothing."""
    check_session_id(session.id)
    check_second_convocation(session.convocation, session.failed_meeting_on, session.date)
    events = store.load_events(session.id) if store.begun(session.id) else []
    held = current_constitution(events)
    if held is None:
        if events:  # a journal without constitution: it must still replay on the tables
            assembly = store.load_assembly(session.assembly_id, session.date)
            fold(events, prepared=(assembly, session))
        store.save_session(session)
        return None
    patch = Patch(
        session=session if _header(session) != _header(held.session) else None,
        agenda=session.items if session.items != held.session.items else None,
    )
    if patch.empty:
        store.save_session(session)
        return None
    amendment = Amended(
        by=by,
        reason=reason.strip() or _default_reason(patch),
        patch=patch,
    )
    fold([*events, amendment])  # refuses what would orphan the journal's records
    store.save_session(session, amendment)
    return amendment


def parse_population(text: str) -> int | None:
    """A population typed in a field (« 12 000 »), or None when empty; raises
    ``InputError`` in French."""
    digits = "".join(text.split()).replace(".", "")
    if not digits:
        return None
    if not digits.isdigit() or not 0 < int(digits) <= MAX_POPULATION:
        raise InputError("La population est un nombre entier d'habitants (au moins 1), ou rien.")
    return int(digits)


def parse_auxiliaries(text: str) -> tuple[Auxiliary, ...]:
    """The auxiliary secretaries typed one per line, « name, function » (L2121-15)."""
    lines = [line.split(",", 1) for line in text.splitlines() if line.strip()]
    return auxiliaries_from_list(
        [{"name": parts[0], "function": parts[1] if len(parts) > 1 else ""} for parts in lines]
    )


def _header(s: Session) -> tuple[object, ...]:
    return tuple(getattr(s, k) for k in HEADER_FIELDS)


def _default_reason(patch: Patch) -> str:
    if patch.agenda is not None and patch.session is not None:
        return "modification de l'en-tête et de l'ordre du jour dans la préparation"
    if patch.agenda is not None:
        return "modification de l'ordre du jour dans la préparation"
    return "modification de l'en-tête de la séance dans la préparation"


# --------------------------------------------------------------------------- roster import


@dataclass(frozen=True)
class RosterImport:
    """The members added to an assembly, and the lines of the file that gave none."""

    assembly_id: str
    added: tuple[Member, ...]
    rejected: tuple[RejectedLine, ...]


def import_roster(store: Store, parsed: RosterParse, assembly_id: str | None) -> RosterImport:
    """Add the members of a roster file read by ``parse_roster`` (plain CSV or RNE) to an
    assembly, with fresh ids. The assembly's tables serve the sessions to come; a begun
    session keeps the roster of its constitution. Raises ``InputError`` in French and
    changes nothing when no line is usable."""
    if not parsed.members:
        raise InputError("aucune ligne utilisable : rien n'a été importé.")
    target = assembly_for(store, assembly_id, create=True)
    assembly = store.load_assembly(target)
    taken = {m.id for m in assembly.members} | store.members_in_journals(target)
    added = renumber(parsed.members, taken)
    save_assembly(store, replace(assembly, members=assembly.members + added))
    return RosterImport(target, added, parsed.rejected)


def member_number(member_id: str) -> int:
    """The N of an id « mN » (0 for any other id)."""
    match = re.fullmatch(r"m(\d+)", member_id)
    return int(match.group(1)) if match else 0


def renumber(members: Sequence[Member], taken: Iterable[str]) -> tuple[Member, ...]:
    """Give imported members fresh ids « mN » after the roster's and the journals' ids,
    keeping suppléant links (the GUI's import and the command line's)."""
    taken = set(taken)
    n = max((member_number(t) for t in taken), default=0) + 1
    mapping: dict[str, str] = {}
    for m in members:
        while f"m{n}" in taken:
            n += 1
        mapping[m.id] = f"m{n}"
        taken.add(f"m{n}")
    return tuple(
        replace(
            m,
            id=mapping[m.id],
            substitute_for=mapping.get(m.substitute_for, m.substitute_for)
            if m.substitute_for
            else None,
        )
        for m in members
    )


def assembly_for(store: Store, assembly_id: str | None, *, create: bool) -> str:
    """The assembly meant: the one named, the only one of the file, or (``create``) a new
    one in an empty file. Raises ``InputError`` naming the choices otherwise."""
    if assembly_id:
        store.load_assembly(assembly_id)
        return assembly_id
    assemblies = store.assemblies()
    if len(assemblies) == 1:
        return assemblies[0].id
    if not assemblies and create:
        new = Assembly(
            id=store.next_id("assemblies", "A"), name="Assemblée", organisation="Organisation"
        )
        store.save_assembly(new)
        return new.id
    ids = ", ".join(f"{a.id} ({a.organisation})" for a in assemblies) or "aucune"
    raise InputError(f"précisez --assembly (assemblées de la base : {ids}).")


__all__ = [
    "PREPARATION",
    "RosterImport",
    "assembly_for",
    "check_second_convocation",
    "convocation_warnings",
    "import_roster",
    "journal_conflict",
    "member_number",
    "parse_auxiliaries",
    "parse_population",
    "renumber",
    "save_assembly",
    "save_session",
]
