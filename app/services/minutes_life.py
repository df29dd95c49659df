"""The PV's life after its session: projet → arrêté → signé → publié (L2121-15).

Nothing here edits a past session. The PV is *arrêté* by a vote at a later session: the
item « Approbation du procès-verbal de la séance du … » added to that session's agenda
before it begins (``propose_approval``, linked in ``minutes_approvals``); its adoption in
that session's journal, and the notes taken on it (the remarks), make the PV arrêté on
that session's date. Signing and online publication, and for the liste des délibérations
its publication and sending, are appended to the ``after_session`` journal
(append-only): ``record_after``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from typing import Any

from app.documents.french import long_date, short_date
from app.domain.assembly import Item
from app.domain.errors import InputError
from app.domain.state import ItemStatus
from app.services.register import session_state
from app.services.store import Store

Clock = Callable[[], datetime]


class After(Enum):
    """What the ``after_session`` journal records about a session."""

    MINUTES_SIGNED = "minutes_signed"
    MINUTES_PUBLISHED = "minutes_published"
    LIST_PUBLISHED = "list_published"
    LIST_SENT = "list_sent"  # EPCI, syndicat: to the councillors of member communes
    MINUTES_SENT = "minutes_sent"
    FILE_PUBLISHED = "file_published"  # one file of the publication pack (data: its name)

    @property
    def label(self) -> str:
        return {
            After.MINUTES_SIGNED: "procès-verbal signé",
            After.MINUTES_PUBLISHED: "procès-verbal publié",
            After.LIST_PUBLISHED: "liste des délibérations publiée",
            After.LIST_SENT: "liste des délibérations transmise aux conseillers municipaux",
            After.MINUTES_SENT: "procès-verbal transmis aux conseillers municipaux",
            After.FILE_PUBLISHED: "document publié",
        }[self]


class MinutesStage(Enum):
    PROJET = "projet"
    ARRETE = "arrêté"
    SIGNE = "signé"
    PUBLIE = "publié"


@dataclass(frozen=True)
class Approval:
    """Where and when a PV was arrêté, and the remarks noted on its approval."""

    session_id: str  # the later session
    item_id: str
    on: date
    remarks: tuple[str, ...]


@dataclass(frozen=True)
class MinutesStatus:
    session_id: str
    approval: Approval | None
    signed_on: date | None
    published_on: date | None
    after: dict[After, date]

    @property
    def stage(self) -> MinutesStage:
        if self.published_on:
            return MinutesStage.PUBLIE
        if self.signed_on:
            return MinutesStage.SIGNE
        if self.approval:
            return MinutesStage.ARRETE
        return MinutesStage.PROJET

    @property
    def is_draft(self) -> bool:
        """The PV carries the « PROJET » mark until it is arrêté."""
        return self.approval is None


def approval_title(day: date) -> str:
    return f"Approbation du procès-verbal de la séance du {short_date(day)}"


def propose_approval(store: Store, session_id: str, approved_id: str) -> Item:
    """Put « Approbation du procès-verbal de la séance du … » first on the agenda of
    ``session_id``, which must be a later session of the same assembly, not yet begun."""
    session = store.load_session(session_id)
    earlier = store.load_session(approved_id)
    if earlier.assembly_id != session.assembly_id:
        raise InputError("Le procès-verbal à approuver est celui d'une autre assemblée.")
    if earlier.date >= session.date:
        raise InputError(
            f"Le procès-verbal de la séance du {long_date(earlier.date)} s'approuve lors "
            "d'une séance ultérieure."
        )
    if session_state(store, approved_id).closed_at is None:
        raise InputError(
            f"La séance du {long_date(earlier.date)} n'est pas close\u00a0: son procès-verbal "
            "ne peut pas encore être approuvé."
        )
    if store.load_events(session_id):
        raise InputError(
            f"La séance du {long_date(session.date)} a commencé\u00a0: son ordre du jour ne se "
            "modifie plus."
        )
    linked = store.db.execute(
        "SELECT session_id FROM minutes_approvals WHERE approves = ?", (approved_id,)
    ).fetchall()
    if linked:
        raise InputError(
            f"L'approbation du procès-verbal de la séance du {long_date(earlier.date)} est "
            "déjà inscrite à l'ordre du jour d'une séance."
        )
    item_id = f"PV-{earlier.date:%Y%m%d}"
    if session.item(item_id) is not None:
        raise InputError(f"Le point « {item_id} » existe déjà.")
    # ACTES 5.2 « Fonctionnement des assemblées »: classified like the other acts
    item = Item(id=item_id, title=approval_title(earlier.date), nature="AU", subject="5.2")
    with store.transaction():
        store._write_session(replace(session, items=(item, *session.items)))
        store.db.execute(
            "INSERT INTO minutes_approvals (session_id, item_id, approves) VALUES (?, ?, ?)",
            (session_id, item_id, approved_id),
        )
    return item


def pending_approval(store: Store, session_id: str) -> str | None:
    """The PV the preparation of ``session_id`` should propose to approve: that of the
    latest earlier closed session of the assembly, when its approval is not yet on an
    agenda (None otherwise)."""
    session = store.load_session(session_id)
    earlier = [
        s
        for s in (store.load_session(i.id) for i in store.sessions(session.assembly_id))
        if s.date < session.date
    ]
    for s in sorted(earlier, key=lambda s: (s.date, s.time or ""), reverse=True):
        if session_state(store, s.id).closed_at is None:
            continue
        linked = store.db.execute(
            "SELECT 1 FROM minutes_approvals WHERE approves = ?", (s.id,)
        ).fetchone()
        return None if linked else s.id
    return None


def approval_of(store: Store, approved_id: str) -> Approval | None:
    """The vote that arrêté the PV of ``approved_id``, read from the later session's
    journal: the approval item adopted (the notes on it are the remarks)."""
    rows = store.db.execute(
        "SELECT session_id, item_id FROM minutes_approvals WHERE approves = ?", (approved_id,)
    ).fetchall()
    for later_id, item_id in rows:
        state = session_state(store, later_id)
        rec = state.items.get(item_id)
        if rec is not None and rec.status is ItemStatus.ADOPTED:
            return Approval(later_id, item_id, state.session.date, tuple(rec.notes))
    return None


def approves(store: Store, session_id: str) -> dict[str, str]:
    """item id → the session whose PV that item approves."""
    rows = store.db.execute(
        "SELECT item_id, approves FROM minutes_approvals WHERE session_id = ?", (session_id,)
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def minutes_export_options(store: Store, session_id: str) -> dict[str, Any]:
    """What the export pipeline needs to print the PV at its stage: « PROJET » until it
    is arrêté, then the PV as arrêté with the remarks (keyword arguments of
    ``export_documents``)."""
    approval = approval_of(store, session_id)
    return {
        "minutes_draft": approval is None,
        "minutes_approval": (approval.on, approval.remarks) if approval else None,
    }


def after_log(store: Store, session_id: str) -> dict[After, date]:
    rows = store.db.execute(
        "SELECT kind, on_date FROM after_session WHERE session_id = ? ORDER BY seq",
        (session_id,),
    ).fetchall()
    out: dict[After, date] = {}
    for kind, on in rows:
        out.setdefault(After(kind), date.fromisoformat(on))
    return out


def minutes_status(store: Store, session_id: str) -> MinutesStatus:
    store.load_session(session_id)
    log = after_log(store, session_id)
    return MinutesStatus(
        session_id,
        approval_of(store, session_id),
        log.get(After.MINUTES_SIGNED),
        log.get(After.MINUTES_PUBLISHED),
        log,
    )


def record_after(
    store: Store,
    session_id: str,
    what: After,
    on: date,
    *,
    clock: Clock,
    data: dict[str, str] | None = None,
) -> MinutesStatus:
    """Append one fact to the ``after_session`` journal, after checking it follows:
    the session is closed; a PV is signed once arrêté, published once signed; no date
    before the step it follows, none in the future; each fact once."""
    session = store.load_session(session_id)
    state = session_state(store, session_id)
    when = long_date(session.date)
    if state.closed_at is None:
        raise InputError(f"La séance du {when} n'est pas close.")
    if on > clock().date():
        raise InputError(f"La date du {long_date(on)} est à venir.")
    if on < session.date:
        raise InputError(f"La date du {long_date(on)} précède la séance du {when}.")
    status = minutes_status(store, session_id)
    if what in status.after and what is not After.FILE_PUBLISHED:
        raise InputError(
            f"Séance du {when}\u00a0: {what.label} le {long_date(status.after[what])}, "
            "déjà inscrit."
        )
    if what in (After.MINUTES_SIGNED, After.MINUTES_SENT, After.MINUTES_PUBLISHED):
        if status.approval is None:
            raise InputError(
                f"Le procès-verbal de la séance du {when} n'est pas encore arrêté\u00a0: il l'est "
                "par le vote de son approbation lors d'une séance suivante."
            )
        if on < status.approval.on:
            raise InputError(
                f"Le procès-verbal a été arrêté le {long_date(status.approval.on)}\u00a0: la date "
                f"du {long_date(on)} la précède."
            )
    if what is After.MINUTES_PUBLISHED:
        if status.signed_on is None:
            raise InputError(
                f"Le procès-verbal de la séance du {when} doit être signé avant sa publication."
            )
        if on < status.signed_on:
            raise InputError(
                f"Le procès-verbal a été signé le {long_date(status.signed_on)}\u00a0: il ne peut "
                f"pas avoir été publié le {long_date(on)}."
            )
    with store.transaction():
        append_after(store, session_id, what, on, clock, data)
    return minutes_status(store, session_id)


def append_after(
    store: Store,
    session_id: str,
    what: After,
    on: date,
    clock: Clock,
    data: dict[str, str] | None,
) -> None:
    """One row of the ``after_session`` journal (inside the caller's transaction)."""
    store.db.execute(
        "INSERT INTO after_session (session_id, kind, on_date, data, recorded_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            session_id,
            what.value,
            on.isoformat(),
            json.dumps(data or {}, sort_keys=True, ensure_ascii=False),
            clock().isoformat(),
        ),
    )


def published_files(store: Store, session_id: str) -> dict[str, tuple[date, dict[str, str]]]:
    """File name in the pack → (date of online publication, what it is)."""
    rows = store.db.execute(
        "SELECT on_date, data FROM after_session WHERE session_id = ? AND kind = ? ORDER BY seq",
        (session_id, After.FILE_PUBLISHED.value),
    ).fetchall()
    out: dict[str, tuple[date, dict[str, str]]] = {}
    for on, data in rows:
        info = json.loads(data)
        out.setdefault(info["file"], (date.fromisoformat(on), info))
    return out


__all__ = [
    "After",
    "Approval",
    "MinutesStage",
    "MinutesStatus",
    "after_log",
    "approval_of",
    "approval_title",
    "minutes_export_options",
    "minutes_status",
    "pending_approval",
    "propose_approval",
    "record_after",
]
