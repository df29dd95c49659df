"""The session service: commands from the screens become validated, stored events.

Every command is checked against the rules, appended to the journal (one transaction),
folded into the state, and only then announced to listeners with a ``Change`` that says
what changed (Anki-style), so each screen refreshes exactly what it shows.
Undo and redo are correction events: the journal keeps everything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain.assembly import Assembly, Session
from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ClosedStatus,
    Correction,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    decode_event,
    encode_event,
)
from app.domain.state import (
    Attendance,
    SessionState,
    check_correction,
    effective_mask,
    replay,
)
from app.domain.wording import describe_event
from app.services.store import Store

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Change:
    """What one command changed: the screens refresh from this and nothing else."""

    event: Event
    index: int
    label: str  # French, for the status line: « arrivée de Mme MARTIN »
    members: frozenset[str] = field(default_factory=frozenset)  # seats whose state changed
    items: frozenset[str] = field(default_factory=frozenset)
    quorum_changed: bool = False
    quorum_lost: bool = False
    quorum_regained: bool = False
    full: bool = False  # undo/redo: everything may have changed
    warnings: tuple[str, ...] = ()  # accepted, but worth a look (French)
    undo: bool = False
    redo: bool = False


Listener = Callable[[Change], None]


def as_stored(event: Event) -> Event:
    """The event as the journal keeps it (instants to the second, keys sorted): what is
    folded live is exactly what a reopening reads back, and an event the codec cannot read
    back is refused before it is written."""
    try:
        return decode_event(json.loads(json.dumps(encode_event(event), sort_keys=True)))
    except DomainError as err:  # the codec's messages are fragments: make it a sentence
        raise DomainError(err.message[:1].upper() + err.message[1:]) from None


class SessionService:
    """Use cases of the live session, on one session of one store."""

    def __init__(self, store: Store, session_id: str, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.session: Session = store.load_session(session_id)
        self.assembly: Assembly = store.load_assembly(self.session.assembly_id)
        self.events: list[Event] = store.load_events(session_id)
        self.state: SessionState = replay(self.assembly, self.session, self.events)
        self._listeners: list[Listener] = []
        self._redo: list[int] = []  # indices of corrections made by undo, latest last

    # ------------------------------------------------------------------ plumbing
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def name(self, member_id: str) -> str:
        return self.state.name(member_id)

    def item_label(self, item_id: str) -> str:
        return f"point {item_id}"

    def describe(self, event: Event) -> str:
        if isinstance(event, Correction) and 0 <= event.target < len(self.events):
            target = self.events[event.target]
            return f"annulation : {describe_event(target, self.name, self.item_label)}"
        return describe_event(event, self.name, self.item_label)

    def reload_session(self) -> None:
        """Re-read the session's definition (agenda, transmissions) after an edit."""
        self.session = self.store.load_session(self.session.id)
        self.assembly = self.store.load_assembly(self.session.assembly_id)
        self.state = replay(self.assembly, self.session, self.events)

    # ------------------------------------------------------------------ executing
    def execute(self, event: Event, warnings: tuple[str, ...] = ()) -> Change:
        """Validate, store, fold, notify. Raises ``DomainError`` and changes nothing.
        ``warnings`` (accepted, but worth a look) travel with the change to listeners."""
        if event.at is None:
            # the clock stamps events recorded live; a session entered on another day (or a
            # clock behind the journal) leaves the time unknown rather than a false one
            now = self.clock()
            if self.state.instant_fits(now):
                event = replace(event, at=now)
        event = as_stored(event)
        before = self.state.attendance()
        self.state.check(event)
        index = self.store.append_event(self.session.id, event)
        self.events.append(event)
        self.state.apply(event, index)
        self._redo.clear()
        change = self._change(event, index, before, self.state.attendance())
        if warnings:
            change = replace(change, warnings=warnings)
        self._notify(change)
        return change

    def _change(
        self,
        event: Event,
        index: int,
        before: Attendance,
        after: Attendance,
        *,
        full: bool = False,
        undo: bool = False,
        redo: bool = False,
    ) -> Change:
        members = frozenset(
            a.member for a, b in zip(before.seats, after.seats, strict=True) if a != b
        )
        items = frozenset(
            i for i in (getattr(event, "item", None), before.item, after.item) if isinstance(i, str)
        )
        was, now = before.quorum.reached, after.quorum.reached
        return Change(
            event=event,
            index=index,
            label=self.describe(event),
            members=members,
            items=items,
            quorum_changed=before.quorum != after.quorum,
            quorum_lost=was and not now,
            quorum_regained=now and not was,
            full=full,
            undo=undo,
            redo=redo,
        )

    # ------------------------------------------------------------------ undo / redo
    def _undo_target(self) -> int | None:
        mask = effective_mask(self.events)
        for i in range(len(self.events) - 1, -1, -1):
            if mask[i] and not isinstance(self.events[i], Correction):
                return i
        return None

    def undo_label(self) -> str | None:
        """« arrivée de Mme MARTIN »: what Ctrl+Z would cancel, or None."""
        target = self._undo_target()
        return None if target is None else self.describe(self.events[target])

    def redo_label(self) -> str | None:
        if not self._redo:
            return None
        correction = self.events[self._redo[-1]]
        assert isinstance(correction, Correction)
        return self.describe(self.events[correction.target])

    def undo(self) -> Change:
        target = self._undo_target()
        if target is None:
            raise DomainError("Rien à annuler.")
        return self.correct(target, "annulation (Ctrl+Z)", undo=True)

    def redo(self) -> Change:
        if not self._redo:
            raise DomainError("Rien à rétablir.")
        return self.correct(self._redo[-1], "rétablissement (Ctrl+Maj+Z)", redo=True)

    def correct(
        self, target: int, reason: str, *, undo: bool = False, redo: bool = False
    ) -> Change:
        """Cancel event ``target`` with a correction, if the rest of the journal still holds."""
        if not 0 <= target < len(self.events):
            raise DomainError(f"Aucun événement d'indice {target} dans le journal de la séance.")
        correction = as_stored(Correction(target=target, reason=reason, at=self.clock()))
        assert isinstance(correction, Correction)
        check_correction(self.events + [correction], correction, len(self.events))
        candidate = self.events + [correction]
        try:
            new_state = replay(self.assembly, self.session, candidate)
        except DomainError as err:
            raise DomainError(
                f"Impossible d'annuler « {self.describe(self.events[target])} » : "
                f"la suite du journal ne tiendrait plus ({err.message})"
            )
        before = self.state.attendance()
        index = self.store.append_event(self.session.id, correction)
        self.events.append(correction)
        self.state = new_state
        # the redo stack is settled before listeners ask for redo_label()
        if undo:
            self._redo.append(index)
        elif redo:
            self._redo.pop()
        else:
            self._redo.clear()
        change = self._change(
            correction, index, before, self.state.attendance(), full=True, undo=undo, redo=redo
        )
        self._notify(change)
        return change

    # ------------------------------------------------------------------ commands
    def open_session(self) -> Change:
        return self.execute(SessionOpened())

    def suspend(self) -> Change:
        return self.execute(SessionSuspended())

    def resume(self) -> Change:
        return self.execute(SessionResumed())

    def close_session(self) -> Change:
        return self.execute(SessionClosed())

    def arrive(self, member_id: str, for_titular: str | None = None) -> Change:
        return self.execute(Arrived(member=member_id, for_titular=for_titular))

    def leave(self, member_id: str) -> Change:
        return self.execute(Left(member=member_id))

    def excuse(self, member_id: str) -> Change:
        return self.execute(Excused(member=member_id))

    def give_proxy(self, giver: str, holder: str) -> Change:
        # L2121-20: the three-consecutive-sessions limit concerns one written proxy valid for
        # several sessions; a proxy recorded here is given for this session, which is lawful
        # at every session (départements, régions: one meeting only, L3121-16, L4132-15)
        return self.execute(ProxyGiven(giver=giver, holder=holder))

    def revoke_proxy(self, giver: str) -> Change:
        return self.execute(ProxyRevoked(giver=giver))

    def open_item(self, item_id: str) -> Change:
        return self.execute(ItemOpened(item=item_id))

    def recuse(
        self, member_id: str, item_id: str | None = None, kind: RecusalKind = RecusalKind.INTEREST
    ) -> Change:
        item = item_id or self.state.current_item
        if item is None:
            raise DomainError(
                "Aucun point en cours : choisissez d'abord le point à l'ordre du jour."
            )
        return self.execute(Recused(member=member_id, item=item, kind=kind))

    def record_show_of_hands(
        self,
        item_id: str,
        count_for: int,
        count_against: int,
        count_abstain: int,
        president_vote: Choice | None = None,
    ) -> Change:
        return self.execute(
            VoteRecorded(
                item=item_id,
                ballot=Ballot.SHOW_OF_HANDS,
                count_for=count_for,
                count_against=count_against,
                count_abstain=count_abstain,
                president_vote=president_vote,
            )
        )

    def record_unanimity(self, item_id: str) -> Change:
        voters = self.state.attendance(item_id).voters
        return self.record_show_of_hands(item_id, voters, 0, 0)

    def record_public(self, item_id: str, choices: Iterable[tuple[str, Choice]]) -> Change:
        return self.execute(
            VoteRecorded(item=item_id, ballot=Ballot.PUBLIC, choices=tuple(choices))
        )

    def record_secret(
        self, item_id: str, count_for: int, count_against: int, blank: int, spoilt: int
    ) -> Change:
        return self.execute(
            VoteRecorded(
                item=item_id,
                ballot=Ballot.SECRET,
                count_for=count_for,
                count_against=count_against,
                blank=blank,
                spoilt=spoilt,
            )
        )

    def record_election_round(
        self, item_id: str, round_no: int, votes: dict[str, int], blank: int = 0, spoilt: int = 0
    ) -> Change:
        return self.execute(
            ElectionRound(
                item=item_id, round=round_no, votes=tuple(votes.items()), blank=blank, spoilt=spoilt
            )
        )

    def close_item(self, item_id: str, status: ClosedStatus) -> Change:
        return self.execute(ItemClosed(item=item_id, status=status))

    def note(self, item_id: str | None, text: str) -> Change:
        return self.execute(Note(item=item_id, text=text))
