"""The register of the year: which feuillets each part occupies, and what was issued.

A *part* is a closed session (its deliberations and closing feuillet) or a batch of the
maire's decisions under delegation (R2122-7-1). Parts are numbered continuously for the
year (R2121-9). Exporting the register *issues* every part not yet issued: its feuillet
numbers and its very bytes are recorded (table ``register_parts``, append-only), so a
re-export writes the same pages with the same numbers, and a later session continues the
numbering after the last issued feuillet, never renumbering anything already printed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.documents.export import precheck
from app.documents.french import long_date
from app.documents.register import (
    Decision,
    RenderedPart,
    TableEntry,
    render_decisions_part,
    render_session_part,
    render_tables,
)
from app.domain.assembly import Assembly
from app.domain.errors import InputError
from app.domain.projections import is_deliberation
from app.domain.state import ItemRecord, ItemStatus, SessionState
from app.services.store import Store

Clock = Callable[[], datetime]
DECISION_NUMBER = re.compile(r"^[0-9A-Za-z_-]{1,15}$")
MAX_LINE = 2_000  # an objet, the delegating deliberation
MAX_TEXT = 100_000  # the decision's text


@dataclass(frozen=True)
class IssuedPart:
    """A part of the register as issued: where it sits and what it printed."""

    position: int
    part: str  # « session:ID » or « decisions:NUM,NUM… »
    first_feuillet: int
    feuillets: int
    sha256: str
    issued_on: date
    content: bytes
    anchors: dict[str, int]

    @property
    def last_feuillet(self) -> int:
        return self.first_feuillet + self.feuillets - 1


@dataclass(frozen=True)
class RegisterExport:
    """What ``export_register`` wrote."""

    parts: tuple[IssuedPart, ...]
    files: tuple[Path, ...]
    tables: Path
    entries: tuple[TableEntry, ...]
    newly_issued: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # the documents' pre-export check, for the new parts


# --------------------------------------------------------------------------- decisions


def record_decision(
    store: Store,
    assembly_id: str,
    *,
    number: str,
    decided_on: date,
    title: str,
    text: str = "",
    delegation: str,
    clock: Clock,
) -> Decision:
    """Enter a decision of the maire (président) taken under delegation; it goes to the
    register (R2122-7-1). Entries are final: a wrong one is corrected by a new decision."""
    store.load_assembly(assembly_id)  # a clear refusal for an unknown assembly
    number, title, delegation = number.strip(), " ".join(title.split()), delegation.strip()
    if not DECISION_NUMBER.match(number):
        raise InputError(
            f"Numéro de décision « {number} » invalide\u00a0: 1 à 15 caractères parmi "
            "chiffres, lettres, « - » et « _ »."
        )
    if not title:
        raise InputError("L'objet de la décision est obligatoire.")
    if not delegation:
        raise InputError(
            "Indiquez la délibération qui a donné délégation (ex. « délibération "
            "n° 2026-003 du 12 mars 2026, article L2122-22 4° »)."
        )
    if len(title) > MAX_LINE or len(delegation) > MAX_LINE or len(text) > MAX_TEXT:
        raise InputError("Le texte de la décision est trop long.")
    if decided_on > clock().date():
        raise InputError(f"La décision n° {number} ne peut pas être datée d'un jour à venir.")
    taken = store.db.execute(
        "SELECT 1 FROM delegated_decisions WHERE assembly_id = ? AND number = ?",
        (assembly_id, number),
    ).fetchone()
    if taken:
        raise InputError(f"Une décision n° {number} est déjà inscrite au registre.")
    with store.transaction():
        store.db.execute(
            "INSERT INTO delegated_decisions (id, assembly_id, number, decided_on, title, "
            "text, delegation, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                f"{assembly_id}:{number}",
                assembly_id,
                number,
                decided_on.isoformat(),
                title,
                text,
                delegation,
                clock().isoformat(),
            ),
        )
    return Decision(number, decided_on, title, text, delegation)


def decisions(store: Store, assembly_id: str, year: int | None = None) -> list[Decision]:
    """The decisions entered, in date order (then number)."""
    rows = store.db.execute(
        "SELECT number, decided_on, title, text, delegation FROM delegated_decisions "
        "WHERE assembly_id = ? ORDER BY decided_on, number",
        (assembly_id,),
    ).fetchall()
    out = [Decision(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4]) for r in rows]
    return [d for d in out if year is None or d.decided_on.year == year]


# --------------------------------------------------------------------------- sessions


def approval_items(store: Store, session_id: str) -> set[str]:
    """Items of ``session_id`` that approve an earlier PV (not acts of the register)."""
    rows = store.db.execute(
        "SELECT item_id FROM minutes_approvals WHERE session_id = ?", (session_id,)
    ).fetchall()
    return {r[0] for r in rows}


def session_state(store: Store, session_id: str) -> SessionState:
    """A session folded from its journal: the one place where this module and the PV's
    life, the deadlines and the publication read a session (when each journal carries its
    constitution, it is ``app.services.records.load_record(...).state``: it is now)."""
    from app.services.records import load_record

    return load_record(store, session_id).state


def register_records(store: Store, state: SessionState) -> list[ItemRecord]:
    """The deliberations a session puts in the register, in the order of the agenda:
    items decided by a vote or an election, the approval of a PV excepted."""
    skip = approval_items(store, state.session.id)
    return [r for r in state.item_records() if is_deliberation(r) and r.item.id not in skip]


def closed_sessions(store: Store, assembly_id: str, year: int) -> list[SessionState]:
    """The sessions of the year that are closed, in date order."""
    out = []
    for info in store.sessions(assembly_id):
        session = store.load_session(info.id)
        if session.date.year != year:
            continue
        state = session_state(store, info.id)
        if state.closed_at is not None:
            out.append(state)
    out.sort(key=lambda s: (s.session.date, s.session.time or "", s.session.id))
    return out


# --------------------------------------------------------------------------- issuing


def issued_parts(store: Store, assembly_id: str, year: int) -> list[IssuedPart]:
    rows = store.db.execute(
        "SELECT position, part, first_feuillet, feuillets, sha256, issued_on, content "
        "FROM register_parts WHERE assembly_id = ? AND year = ? ORDER BY position",
        (assembly_id, year),
    ).fetchall()
    return [
        IssuedPart(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), bytes(r[6]), {})
        for r in rows
    ]


def _decisions_key(batch: list[Decision]) -> str:
    return "decisions:" + ",".join(d.number for d in batch)


def _plan(
    store: Store, assembly_id: str, year: int, issued: list[IssuedPart]
) -> list[tuple[str, SessionState | list[Decision]]]:
    """The parts not yet issued, in date order: each closed session, and before it the
    decisions dated up to its day that no issued part holds."""
    done = {p.part for p in issued}
    in_issued = {
        n for p in issued if p.part.startswith("decisions:") for n in p.part[10:].split(",")
    }
    pending = [d for d in decisions(store, assembly_id, year) if d.number not in in_issued]
    plan: list[tuple[str, SessionState | list[Decision]]] = []
    for state in closed_sessions(store, assembly_id, year):
        key = f"session:{state.session.id}"
        if key in done:
            continue
        before = [d for d in pending if d.decided_on <= state.session.date]
        if before:
            plan.append((_decisions_key(before), before))
            pending = [d for d in pending if d not in before]
        plan.append((key, state))
    if pending:
        plan.append((_decisions_key(pending), pending))
    return plan


def issue_problems(store: Store, state: SessionState) -> list[str]:
    """Why a session's feuillets cannot be issued yet (they are final once printed): an
    item without result would be missing from the register, and the closing feuillet
    needs the president and the secretaries. The documents' pre-export check runs too."""
    when = long_date(state.session.date)
    return [f"Séance du {when}\u00a0: {w}" for w in precheck_blocking(state)]


def precheck_blocking(state: SessionState) -> list[str]:
    out: list[str] = []
    session = state.session
    if session.president is None or state.assembly.member(session.president) is None:
        out.append("aucun président de séance membre de l'assemblée n'est indiqué.")
    if not session.secretaries:
        out.append("aucun secrétaire de séance n'est désigné (article L2121-15).")
    for rec in state.item_records():
        if rec.status is ItemStatus.PENDING:
            out.append(
                f"le point « {rec.item.id} » ({rec.item.title}) n'a pas de résultat "
                "(ni vote, ni retrait, ni ajournement)."
            )
    return out


def _render_part(
    store: Store,
    assembly: Assembly,
    year: int,
    what: SessionState | list[Decision],
    first: int,
) -> RenderedPart:
    if isinstance(what, SessionState):
        return render_session_part(
            what, register_records(store, what), year=year, first_feuillet=first
        )
    return render_decisions_part(assembly, what, year=year, first_feuillet=first)


def _rerender(
    store: Store, assembly: Assembly, year: int, part: IssuedPart, by_number: dict[str, Decision]
) -> RenderedPart | None:
    """An issued part laid out again, only to find where its entries begin (the tables);
    the bytes written are always the recorded ones."""
    if part.part.startswith("session:"):
        session_id = part.part[8:]
        what: SessionState | list[Decision] = session_state(store, session_id)
    else:
        what = [by_number[n] for n in part.part[10:].split(",") if n in by_number]
        if not what:
            return None
    return _render_part(store, assembly, year, what, part.first_feuillet)


def part_file_name(year: int, part: IssuedPart, store: Store) -> str:
    span = f"{part.first_feuillet:04d}-{part.last_feuillet:04d}"
    if part.part.startswith("session:"):
        day = store.load_session(part.part[8:]).date.isoformat()
        return f"registre_{year}_feuillets_{span}_seance_{day}.pdf"
    return f"registre_{year}_feuillets_{span}_decisions.pdf"


def export_register(
    store: Store, assembly_id: str, year: int, out_dir: Path, *, today: date
) -> RegisterExport:
    """Issue the parts not yet issued (recording their feuillets), then write every part
    of the year (issued bytes, unchanged) and the tables by date and by objet."""
    if not 1900 <= year <= 2200:
        raise InputError(f"Année « {year} » invalide.")
    assembly = store.load_assembly(assembly_id)
    issued = issued_parts(store, assembly_id, year)
    plan = _plan(store, assembly_id, year, issued)
    problems = [
        p for _, what in plan if isinstance(what, SessionState) for p in issue_problems(store, what)
    ]
    if problems:
        raise InputError(
            "Les feuillets du registre ne sont pas édités (ils sont définitifs une fois "
            "imprimés)\u00a0:\n" + "\n".join(f"– {p}" for p in problems)
        )
    warnings = [
        f"Séance du {long_date(what.session.date)}\u00a0: {w}"
        for _, what in plan
        if isinstance(what, SessionState)
        for w in precheck(what.assembly, what.session, what)
    ]
    next_feuillet = issued[-1].last_feuillet + 1 if issued else 1
    position = issued[-1].position + 1 if issued else 1
    fresh: list[IssuedPart] = []
    for key, what in plan:
        rendered = _render_part(store, assembly, year, what, next_feuillet)
        fresh.append(
            IssuedPart(
                position,
                key,
                next_feuillet,
                rendered.feuillets,
                hashlib.sha256(rendered.content).hexdigest(),
                today,
                rendered.content,
                rendered.anchors,
            )
        )
        next_feuillet += rendered.feuillets
        position += 1
    if fresh:
        with store.transaction():
            for p in fresh:
                store.db.execute(
                    "INSERT INTO register_parts (assembly_id, year, position, part, "
                    "first_feuillet, feuillets, sha256, issued_on, content) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        assembly_id,
                        year,
                        p.position,
                        p.part,
                        p.first_feuillet,
                        p.feuillets,
                        p.sha256,
                        p.issued_on.isoformat(),
                        p.content,
                    ),
                )
    by_number = {d.number: d for d in decisions(store, assembly_id, year)}
    parts: list[IssuedPart] = []
    for p in issued:
        again = _rerender(store, assembly, year, p, by_number)
        anchors = again.anchors if again and again.feuillets == p.feuillets else {}
        parts.append(
            IssuedPart(
                p.position,
                p.part,
                p.first_feuillet,
                p.feuillets,
                p.sha256,
                p.issued_on,
                p.content,
                anchors,
            )
        )
    parts += fresh
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    entries: list[TableEntry] = []
    for p in parts:
        path = out_dir / part_file_name(year, p, store)
        path.write_bytes(p.content)
        files.append(path)
        entries += _entries(store, p, by_number)
    tables = out_dir / f"registre_{year}_tables.pdf"
    tables.write_bytes(render_tables(assembly, year, entries))
    return RegisterExport(
        tuple(parts),
        tuple(files),
        tables,
        tuple(entries),
        tuple(p.part for p in fresh),
        tuple(warnings),
    )


def _entries(store: Store, part: IssuedPart, by_number: dict[str, Decision]) -> list[TableEntry]:
    out: list[TableEntry] = []
    if part.part.startswith("session:"):
        state = session_state(store, part.part[8:])
        for rec in register_records(store, state):
            out.append(
                TableEntry(
                    state.session.date,
                    rec.item.id,
                    rec.item.title,
                    part.anchors.get(rec.item.id, part.first_feuillet),
                    "Délibération",
                )
            )
        return out
    for number in part.part[10:].split(","):
        d = by_number.get(number)
        if d is not None:
            out.append(
                TableEntry(
                    d.decided_on,
                    d.number,
                    d.title,
                    part.anchors.get(d.number, part.first_feuillet),
                    "Décision",
                )
            )
    return out


__all__ = [
    "IssuedPart",
    "RegisterExport",
    "closed_sessions",
    "decisions",
    "export_register",
    "issued_parts",
    "record_decision",
    "register_records",
]
