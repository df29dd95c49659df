"""The « À faire » view: what each session still owes, read from the store.

The facts come from the journals (closed? arrêté when?) and the ``after_session``
journal (what was done when); ``app.domain.deadlines`` decides what is due.
"""

from __future__ import annotations

from datetime import date

from app.documents.french import long_date
from app.domain.assembly import AssemblyKind
from app.domain.deadlines import Due, Duty, SessionFacts, deadlines
from app.services.minutes_life import After, after_log, approval_of
from app.services.register import session_state
from app.services.store import Store

INTERCOMMUNAL = (AssemblyKind.CONSEIL_COMMUNAUTAIRE, AssemblyKind.COMITE_SYNDICAL)
_DUTY_OF = {
    After.LIST_PUBLISHED: Duty.LIST_PUBLISHED,
    After.MINUTES_PUBLISHED: Duty.MINUTES_PUBLISHED,
    After.LIST_SENT: Duty.LIST_SENT,
    After.MINUTES_SENT: Duty.MINUTES_SENT,
}


def session_facts(store: Store, session_id: str) -> SessionFacts:
    state = session_state(store, session_id)
    approval = approval_of(store, session_id)
    log = after_log(store, session_id)
    return SessionFacts(
        session_id=session_id,
        day=state.session.date,
        closed=state.closed_at is not None,
        intercommunal=state.assembly.kind in INTERCOMMUNAL,
        minutes_arrete_on=approval.on if approval else None,
        done={_DUTY_OF[k]: v for k, v in log.items() if k in _DUTY_OF},
    )


def due(
    store: Store, today: date, *, assembly_id: str | None = None, include_done: bool = False
) -> list[Due]:
    """What the sessions (of one assembly, or all) still owe, soonest first."""
    facts = [session_facts(store, info.id) for info in store.sessions(assembly_id)]
    return deadlines(facts, today, include_done=include_done)


def due_by_session(store: Store, today: date) -> dict[str, list[Due]]:
    out: dict[str, list[Due]] = {}
    for d in due(store, today):
        out.setdefault(d.session_id, []).append(d)
    return out


def describe(d: Due, today: date) -> str:
    """« Publier la liste des délibérations (séance du 5 février 2026) : avant le
    12 février 2026 — en retard » in French, article cited."""
    when = f"le {long_date(d.due_on)}"
    if d.done_on is not None:
        state = f"fait le {long_date(d.done_on)}"
    elif d.overdue:
        late = (today - d.due_on).days
        state = f"EN RETARD de {late} jour{'s' if late > 1 else ''}"
    elif d.due_on == today:
        state = "aujourd'hui"
    else:
        left = (d.due_on - today).days
        state = f"dans {left} jour{'s' if left > 1 else ''}"
    return (
        f"{d.duty.label} (séance du {long_date(d.session_day)}, {d.duty.article})\u00a0: "
        f"au plus tard {when} — {state}"
    )


__all__ = ["INTERCOMMUNAL", "describe", "due", "due_by_session", "session_facts"]
