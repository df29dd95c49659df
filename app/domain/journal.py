"""Folding a journal that carries its own meaning: constitution, amendments, acts.

``fold`` reads only the journal: the first ``constituted`` event gives the assembly, the
rules (as values), the roster and the agenda the session was held under; each standing
``amended`` event replaces parts of it from that point on. The rule checks of the acts
stay in ``SessionState`` (``app/domain/state.py``); this module is the layer around them
that knows about constitutions, so both can change independently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.domain.assembly import Assembly, Session, Transmission
from app.domain.constitution import Constitution
from app.domain.errors import DomainError
from app.domain.events import Amended, Constituted, Correction, Event
from app.domain.state import (
    ItemRecord,
    SessionState,
    TimelineEntry,
    check_correction,
    effective_mask,
)


def constitution_of(events: list[Event]) -> Constitution | None:
    """The journal's constitution: its first ``constituted`` event (event 0, or the one a
    migration appended to an older journal, which applies from the start)."""
    for ev in events:
        if isinstance(ev, Constituted):
            return ev.constitution
    return None


def current_constitution(events: list[Event]) -> Constitution | None:
    """The constitution with every standing amendment applied, in journal order."""
    base = constitution_of(events)
    if base is None:
        return None
    mask = effective_mask(events)
    for ev, standing in zip(events, mask, strict=True):
        if standing and isinstance(ev, Amended):
            base = base.amended(ev.patch)
    return base


def begin(constitution: Constitution, transmissions: tuple[Transmission, ...] = ()) -> SessionState:
    """An empty state for a session held under ``constitution``."""
    session = replace(constitution.session, transmissions=transmissions)
    return SessionState(constitution.assembly, session)


def check(state: SessionState, event: Event, events: list[Event]) -> None:
    """Raise ``DomainError`` if ``event`` cannot follow ``events`` (folded into
    ``state``); change nothing. The acts are judged by ``SessionState.check``."""
    if isinstance(event, Constituted):
        if constitution_of(events) is not None:
            raise DomainError("La séance a déjà sa constitution : modifiez-la par un amendement.")
        return
    if isinstance(event, Amended):
        check_amendment(state, amended_constitution(state).amended(event.patch))
        return
    state.check(event)


def evolve(state: SessionState, event: Event, index: int) -> None:
    """Fold an event ``check`` accepted into ``state``."""
    if isinstance(event, Constituted):
        return
    if isinstance(event, Amended):
        item = state.current_item
        voted = bool(item and state.items[item].decided)
        amend(state, amended_constitution(state).amended(event.patch))
        # in the flow the minutes read, where their history of the session shows it
        state.timeline.append(TimelineEntry(index, event, item, voted))
        return
    state.apply(event, index)


def amended_constitution(state: SessionState) -> Constitution:
    return Constitution(state.assembly, replace(state.session, transmissions=()))


def check_amendment(state: SessionState, new: Constitution) -> None:
    """An amendment may not orphan what the journal already says: a member present,
    excused, giving or holding a proxy, an item opened or decided."""
    members = new.assembly.members_by_id()
    named = (
        set(state.present)
        | set(state.excused)
        | set(state.proxies)
        | set(state.proxies.values())
        | set(state.arrivals)
        | set(state.departures)
    )
    missing = sorted(m for m in named if m not in members)
    if missing:
        names = ", ".join(state.name(m) for m in missing)
        raise DomainError(
            f"Modification refusée : {names} figure(nt) déjà au journal de la séance et "
            "ne peu(ven)t pas quitter la liste des membres."
        )
    kept = {it.id for it in new.session.items}
    used = sorted(
        rec.item.id
        for rec in state.items.values()
        if rec.item.id not in kept
        and (rec.opened_index is not None or rec.decided or rec.recused or rec.notes)
    )
    if used:
        raise DomainError(
            "Modification refusée : "
            + ", ".join(f"« {i} »" for i in used)
            + " : point(s) déjà traité(s) au journal, qui doi(ven)t rester à l'ordre du jour."
        )
    if new.session.date != state.session.date:
        raise DomainError(
            "Modification refusée : la date d'une séance commencée ne change pas "
            "(elle détermine les membres en exercice et les règles en vigueur)."
        )


def amend(state: SessionState, new: Constitution) -> None:
    """Put ``new`` in force from now on; what was recorded before keeps its snapshots."""
    old_items = state.items
    state.assembly = new.assembly
    state.session = replace(new.session, transmissions=state.session.transmissions)
    state.rules = new.assembly.rules
    state.members = new.assembly.members_by_id()
    state.in_office = new.assembly.in_office(new.session.date)
    state._in_office_ids = frozenset(m.id for m in state.in_office)
    items: dict[str, ItemRecord] = {}
    for it in new.session.items:
        rec = old_items.get(it.id) or ItemRecord(it)
        rec.item = it
        items[it.id] = rec
    state.items = items


def fold(
    events: list[Event],
    *,
    transmissions: tuple[Transmission, ...] = (),
    prepared: tuple[Assembly, Session] | None = None,
) -> SessionState:
    """Fold a whole journal; a refused event raises ``DomainError`` located at its index.

    The constitution comes from the journal; ``prepared`` (the preparation tables) serves
    only a journal that has none (a session not begun, or a journal whose migration could
    not build one)."""
    mask = effective_mask(events)
    # a correction itself cancelled has no effect and is not checked (state.replay's rule)
    check_corrections(events, mask, range(len(events)))
    constitution = constitution_of(events)
    if constitution is not None:
        state = begin(constitution, transmissions)
    elif prepared is not None:
        assembly, session = prepared
        state = SessionState(assembly, replace(session, transmissions=transmissions))
    else:
        raise DomainError("Le journal de la séance ne contient pas sa constitution.")
    return fold_from(state, events, mask, 0)


def check_corrections(events: list[Event], mask: list[bool], indices: Iterable[int]) -> None:
    """The form of the standing corrections among ``indices`` (``mask`` is the journal's
    effective mask): each names an earlier standing event, never the constitution."""
    for i in indices:
        ev = events[i]
        if isinstance(ev, Correction) and mask[i]:
            try:
                check_correction(events, ev, i)
                if 0 <= ev.target < len(events) and isinstance(events[ev.target], Constituted):
                    raise DomainError("La constitution de la séance ne s'annule pas.")
            except DomainError as err:
                raise err.at_index(i) from None


def fold_from(
    state: SessionState, events: list[Event], mask: list[bool], start: int
) -> SessionState:
    """Fold ``events[start:]`` into ``state``, the fold of ``events[:start]`` under the
    same ``mask`` (a checkpoint): what ``fold`` does from there, checks included."""
    # what ``check`` reads of the journal: only a ``constituted`` event looks at it, and it
    # is skipped here (it was judged when appended), so the prefix need not be rebuilt
    seen: list[Event] = []
    for i in range(start, len(events)):
        ev = events[i]
        if not mask[i] or isinstance(ev, Correction):
            continue
        if isinstance(ev, Constituted):
            seen.append(ev)
            continue
        try:
            check(state, ev, seen)
        except DomainError as err:
            raise err.at_index(i) from None
        evolve(state, ev, i)
        seen.append(ev)
    return state
