"""A session as its journal tells it: the one way to read a held session back.

A begun session is read from its journal alone (constitution, amendments, acts); the
preparation tables serve only sessions not begun (and the transmissions to the
préfecture, which are follow-up rather than constitution).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.assembly import Assembly, Session
from app.domain.events import Event
from app.domain.journal import Keep, fold
from app.domain.state import SessionState
from app.services.store import Store


@dataclass(frozen=True)
class SessionRecord:
    """A session, its journal and the state folded from it. ``assembly`` and
    ``session`` are those the state was folded under (the journal's constitution with
    its amendments, once the session has begun)."""

    assembly: Assembly
    session: Session
    events: list[Event]
    state: SessionState


def record_of(
    events: list[Event], prepared_assembly: Assembly, prepared_session: Session
) -> SessionRecord:
    """Fold ``events``; the prepared values serve only a journal with no constitution."""
    state = fold_held(events, prepared_assembly, prepared_session)
    return SessionRecord(state.assembly, state.session, events, state)


def fold_held(
    events: list[Event],
    prepared_assembly: Assembly,
    prepared_session: Session,
    keep: Keep | None = None,
) -> SessionState:
    """The state of a session from its journal, with the follow-up the tables hold after
    it (transmissions to the préfecture, the acts' typology for @ctes): follow-up is
    not constitution, it does not change how the session was judged."""
    state = fold(
        events,
        transmissions=prepared_session.transmissions,
        prepared=(prepared_assembly, prepared_session),
        keep=keep,  # the live session copies some prefixes' folds as checkpoints
    )
    follow_up(state, prepared_session)
    return state


def follow_up(state: SessionState, prepared_session: Session) -> None:
    """Give the folded ``state`` the acts' typology the tables hold now (idempotent)."""
    tables = {it.id: it for it in prepared_session.items}
    items = []
    for it in state.session.items:
        prepared = tables.get(it.id)
        if prepared is not None and prepared.typology != it.typology:
            it = replace(it, typology=prepared.typology)
            state.items[it.id].item = it
        items.append(it)
    if tuple(items) != state.session.items:
        state.session = replace(state.session, items=tuple(items))


def load_record(store: Store, session_id: str) -> SessionRecord:
    """Read ``session_id`` from ``store``: its journal, folded."""
    session = store.load_session(session_id)
    assembly = store.load_assembly(session.assembly_id, on=session.date)
    events = store.load_events(session_id)
    return record_of(events, assembly, session)
