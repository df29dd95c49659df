"""The session service: commands from the screens become validated, stored events.

Every command is checked against the rules, appended to the journal (one transaction),
folded into the state, and only then announced to listeners with a ``Change`` that says
what changed (Anki-style), so each screen refreshes exactly what it shows.
Undo and redo are correction events: the journal keeps everything. A correction is
folded from the nearest checkpoint before what it changes (copies of the folded state
kept in memory every ``CHECKPOINT_EVERY`` events), not from the start: undoing the last
act costs about what recording one does. Checkpoints are only ever the fold of the
journal's own prefix: the journal stays the only truth.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.domain.assembly import Assembly, Session
from app.domain.commands import (
    Amend,
    Arrive,
    CloseItem,
    CloseSession,
    Command,
    Correct,
    Excuse,
    GiveProxy,
    Leave,
    OpenItem,
    OpenSession,
    RecordElectionRound,
    RecordPublic,
    RecordSecret,
    RecordShowOfHands,
    RecordUnanimity,
    Recuse,
    Redo,
    ResumeSession,
    RevokeProxy,
    SuspendSession,
    TakeNote,
    Undo,
    decide,
)
from app.domain.constitution import Patch
from app.domain.elections import RoundResult
from app.domain.errors import DomainError
from app.domain.events import (
    Amended,
    Arrived,
    Choice,
    ClosedStatus,
    Constituted,
    Correction,
    ElectionRound,
    Event,
    Excused,
    Left,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    VoteRecorded,
    decode_event,
    encode_event,
)
from app.domain.journal import PrefixMask, check, check_corrections, evolve, fold_from
from app.domain.members import Member
from app.domain.state import (
    Attendance,
    ItemRecord,
    SessionState,
    check_correction,
)
from app.domain.votes import VoteResult
from app.domain.wording import describe_event
from app.services import checkpoints
from app.services.export import ExportJob, job_from_record
from app.services.records import SessionRecord, fold_held, follow_up
from app.services.store import Store

Clock = Callable[[], datetime]

CHECKPOINT_EVERY = 64  # events between two checkpoints near the end of the journal
DENSE_SPAN = 1024  # … over the last events; further back, one every DENSE_SPAN events
KEPT_SPAN = 256  # the checkpoints over the last events are stored with the fold's


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
    undo: bool = False
    redo: bool = False
    # the member the act is about (for a correction: the act it ultimately cancels or
    # restores), and, for a correction, the label of that act
    subject: str | None = None
    corrected: str | None = None

    @property
    def is_correction(self) -> bool:
        return isinstance(self.event, Correction)


def act_member(event: Event) -> str | None:
    """The member an act is about (the row a screen flashes)."""
    if isinstance(event, Arrived | Left | Excused | Recused):
        return event.member
    if isinstance(event, ProxyGiven | ProxyRevoked):
        return event.giver
    return None


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
        self._session_id = session_id
        self._prepared = self._read_tables()
        # a long session reopens from its stored checkpoint when it is this journal's
        restored = checkpoints.restore(store, session_id, self._prepared[1])
        self.restored = restored is not None  # the fold came from the checkpoint
        kept: dict[int, SessionState] = {}
        mask: PrefixMask | None = None
        if restored is None:
            self.events: list[Event] = store.load_events(session_id)
            self._state: SessionState = self._fold(self.events, kept)
        else:
            self.events, self._state, kept, mask = restored
        self._state.project()  # each act updates only the seats it touches
        self._saved = len(self.events) if restored else 0  # journal length checkpointed
        store.before_close[session_id] = self.save_checkpoint
        self._view: LiveState | None = None
        self._listeners: list[Listener] = []
        self._redo: list[int] = []  # indices of corrections made by undo, latest last
        self._prefix = PrefixMask()  # effective_mask(self.events), kept up to date
        self._checkpoints: dict[int, SessionState] = {}  # n -> fold of events[:n]
        # (state, journal length, current item) → its attendance, see attendance()
        self._attendance: tuple[tuple[int, int, str | None], Attendance] | None = None
        self._folded_whole(kept, mask)

    def save_checkpoint(self) -> bool:
        """Store the fold of the journal beside it (done when the file closes), so that
        the next opening need not fold every event; True when written."""
        if len(self.events) == self._saved:
            return False
        # with the last in-memory checkpoints, so that Ctrl+Z after reopening is cheap
        recent = {n: cp for n, cp in self._checkpoints.items() if n >= len(self.events) - KEPT_SPAN}
        written = checkpoints.save(
            self.store,
            self._session_id,
            self.events,
            self._state,
            self._prepared[1],
            recent,
            self._prefix,
        )
        if written:
            self._saved = len(self.events)
        return written

    def _read_tables(self) -> tuple[Assembly, Session]:
        session = self.store.load_session(self._session_id)
        return self.store.load_assembly(session.assembly_id, on=session.date), session

    @property
    def state(self) -> SessionState:
        """The live state, read-only (``LiveState``): screens read it, commands change it."""
        view = self._view
        if view is None or object.__getattribute__(view, "_wrapped") is not self._state:
            view = self._view = LiveState(self._state)
        return view

    @property
    def session(self) -> Session:
        """The session as held: its constitution (amended) once begun, else as prepared."""
        return self._state.session

    @property
    def assembly(self) -> Assembly:
        """The assembly the session is held under (roster and rules of its constitution)."""
        return self._state.assembly

    @property
    def begun(self) -> bool:
        return bool(self.events)

    def _fold(
        self, events: list[Event], kept: dict[int, SessionState] | None = None
    ) -> SessionState:
        """The fold of the whole of ``events``; with ``kept``, copies of the prefixes'
        folds are put there as checkpoints (as ``_keep_checkpoint`` would have kept)."""
        keep = None
        if kept is not None:
            total = len(events)

            def keep(n: int, state: SessionState) -> None:
                if n % CHECKPOINT_EVERY == 0 and (n >= total - DENSE_SPAN or n % DENSE_SPAN == 0):
                    kept[n] = state.copy()

        state = fold_held(events, *self._prepared, keep)
        state.project()  # the live state: each act updates only the seats it touches
        return state

    @property
    def _mask(self) -> list[bool]:
        """Which events of the journal stand (``effective_mask(self.events)``)."""
        return self._prefix.standing

    # ------------------------------------------------------------------ checkpoints
    def _folded_whole(self, kept: dict[int, SessionState], mask: PrefixMask | None = None) -> None:
        """``self._state`` was just folded from the whole journal (``kept``: the
        checkpoints copied on the way; ``mask``: the journal's, when already known):
        start over."""
        self._prefix = mask if mask is not None else PrefixMask.of(self.events)
        self._checkpoints = kept
        self._keep_checkpoint()

    def _appended(self, event: Event) -> None:
        """An act (not a correction) was appended and folded into ``self._state``."""
        self.events.append(event)
        self._prefix.append(event)  # nothing after it yet: it stands
        self._keep_checkpoint()

    def _keep_checkpoint(self) -> None:
        n = len(self.events)
        if n == 0 or n % CHECKPOINT_EVERY:
            return
        self._checkpoints[n] = self._state.copy()
        # dense over the last DENSE_SPAN events, sparse before: memory stays modest
        for old in [c for c in self._checkpoints if c < n - DENSE_SPAN and c % DENSE_SPAN]:
            del self._checkpoints[old]

    def _earliest_changed(self, events: list[Event], target: int) -> int:
        """The first index whose standing a correction of ``target`` may change: the
        act at the end of its chain of corrections (a redo restores it)."""
        index = target
        while isinstance(events[index], Correction):
            ev = events[index]
            assert isinstance(ev, Correction)
            index = ev.target
        return index

    def _refold(
        self, candidate: list[Event], target: int, kept: dict[int, SessionState]
    ) -> tuple[SessionState, PrefixMask, int]:
        """The state of ``candidate`` (the journal and a new correction of ``target``,
        whose form is checked), folded from the nearest checkpoint before what the
        correction changes (from the start when there is none: the checkpoints copied
        on the way go to ``kept``); the candidate's mask; the first index it changes."""
        prefix = self._prefix.copy()
        prefix.append(candidate[-1])  # flips only the chain of corrections behind it
        mask = prefix.standing
        earliest = self._earliest_changed(candidate, target)
        # corrections standing again (cancelling a correction of a correction) are
        # judged as a full fold judges them; the new one was judged by the caller
        restored = [
            i
            for i in range(earliest, len(self.events))
            if mask[i] and not self._mask[i] and isinstance(candidate[i], Correction)
        ]
        check_corrections(candidate, mask, restored)
        if isinstance(candidate[target], Constituted):
            check_corrections(candidate, mask, [len(candidate) - 1])
        start = max((c for c in self._checkpoints if c <= earliest), default=None)
        if start is None:
            return self._fold(candidate, kept), prefix, earliest
        state = fold_from(self._checkpoints[start].copy(), candidate, mask, start)
        follow_up(state, self._prepared[1])
        state.project()  # a checkpoint copied during a fold has no projection yet
        return state, prefix, earliest

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
        return self._state.name(member_id)

    def item_label(self, item_id: str) -> str:
        return f"point {item_id}"

    def describe(self, event: Event) -> str:
        if isinstance(event, Correction) and 0 <= event.target < len(self.events):
            target = self.events[event.target]
            return f"annulation : {describe_event(target, self.name, self.item_label)}"
        return describe_event(event, self.name, self.item_label)

    def reload_session(self) -> None:
        """Re-read after a preparation edit: a session not begun takes the tables as
        they are; a begun one keeps its constitution and amendments (only the
        transmissions to the préfecture come from the tables)."""
        self.events = self.store.load_events(self._session_id)
        self._prepared = self._read_tables()
        kept: dict[int, SessionState] = {}
        self._state = self._fold(self.events, kept)
        self._folded_whole(kept)

    # ------------------------------------------------------------------ executing
    def attendance(self) -> Attendance:
        """The attendance now (current item), computed once per state of the journal: the
        change, the live window and the room display read the same one (300 members:
        each computation costs milliseconds, an arrival must stay under 20 ms)."""
        key = (id(self._state), len(self.events), self._state.current_item)
        cached = self._attendance
        if cached is None or cached[0] != key:
            cached = (key, self._state.attendance())
            self._attendance = cached
        return cached[1]

    def execute(self, event: Event) -> Change:
        """Validate, store, fold, notify. Raises ``DomainError`` and changes nothing."""
        if event.at is None:
            # the clock stamps events recorded live; a session entered on another day (or a
            # clock behind the journal) leaves the time unknown rather than a false one
            now = self.clock()
            if self._state.instant_fits(now):
                event = replace(event, at=now)
        event = as_stored(event)
        before = self.attendance()
        check(self._state, event, self.events)
        if isinstance(event, Constituted):
            index = self.store.append_event(self._session_id, event)
            self.events.append(event)
            kept: dict[int, SessionState] = {}
            self._state = self._fold(self.events, kept)
            self._folded_whole(kept)
            change = self._change(event, index, before, self._state.attendance(), full=True)
            self._redo.clear()
            self._notify(change)
            return change
        if not self.events:
            # the session begins: its constitution is written first, in the same transaction
            constituted = as_stored(
                Constituted(
                    constitution=self.store.prepared_constitution(self._session_id), at=event.at
                )
            )
            assert isinstance(constituted, Constituted)
            state = self._fold([constituted])
            check(state, event, [constituted])
            _, index = self.store.append_events(self._session_id, [constituted, event])
            self._state = state
            self._appended(constituted)
        else:
            index = self.store.append_event(self._session_id, event)
        evolve(self._state, event, index)
        self._appended(event)
        self._redo.clear()
        change = self._change(
            event, index, before, self.attendance(), full=isinstance(event, Amended)
        )
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
        changed = None if full else self._state.changed_seats()
        if changed is not None:  # an act: the seats it touched, from the projection
            members = changed
        elif len(before.seats) == len(after.seats):
            members = frozenset(
                a.member for a, b in zip(before.seats, after.seats, strict=True) if a != b
            )
        else:  # an amended roster: every seat may have moved
            members = frozenset(s.member for s in (*before.seats, *after.seats))
        items = frozenset(
            i for i in (getattr(event, "item", None), before.item, after.item) if isinstance(i, str)
        )
        was, now = before.quorum.reached, after.quorum.reached
        subject, corrected = act_member(event), None
        if isinstance(event, Correction):
            original = self.original_of(event.target)
            if original is not None:
                subject, corrected = act_member(original), self.describe(original)
        return Change(
            subject=subject,
            corrected=corrected,
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

    def original_of(self, index: int) -> Event | None:
        """The act a correction (or a correction of a correction) is ultimately about."""
        events = self.events
        while 0 <= index < len(events) and isinstance(events[index], Correction):
            correction = events[index]
            assert isinstance(correction, Correction)
            index = correction.target
        return events[index] if 0 <= index < len(events) else None

    # ------------------------------------------------------------------ undo / redo
    def _undo_target(self) -> int | None:
        mask = self._mask
        for i in range(len(self.events) - 1, -1, -1):
            if mask[i] and not isinstance(self.events[i], (Correction, Constituted)):
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
        check_correction(self.events, correction, len(self.events), self._mask)
        candidate = self.events + [correction]
        try:
            kept: dict[int, SessionState] = {}
            new_state, prefix, earliest = self._refold(candidate, target, kept)
        except DomainError as err:
            raise DomainError(
                f"Impossible d'annuler « {self.describe(self.events[target])} » : "
                f"la suite du journal ne tiendrait plus ({err.message})"
            )
        before = self._state.attendance()
        index = self.store.append_event(self._session_id, correction)
        self.events.append(correction)
        self._state = new_state
        self._prefix = prefix
        for stale in [c for c in self._checkpoints if c > earliest]:
            del self._checkpoints[stale]  # they folded what the correction changed
        self._checkpoints.update(kept)
        self._keep_checkpoint()
        # the redo stack is settled before listeners ask for redo_label()
        if undo:
            self._redo.append(index)
        elif redo:
            self._redo.pop()
        else:
            self._redo.clear()
        change = self._change(
            correction, index, before, self._state.attendance(), full=True, undo=undo, redo=redo
        )
        self._notify(change)
        return change

    # ------------------------------------------------------------------ commands
    def handle(self, command: Command) -> Change:
        """Carry out ``command``: decided, judged by the rules, stored, folded, announced.
        Raises ``DomainError`` (French) and changes nothing when it is refused."""
        match command:
            case Undo():
                return self.undo()
            case Redo():
                return self.redo()
            case Correct(target, reason):
                return self.correct(target, reason)
            case Amend() if not self.events:
                raise DomainError(
                    "La séance n'a pas commencé : modifiez-la dans la préparation, sans amendement."
                )
        event = decide(self._state, command)
        return self.execute(event)

    def preview(self, command: Command) -> Preview:
        """What ``command`` would do now, without storing anything: the result of a vote or
        of an election round; raises ``DomainError`` (French) when it would be refused."""
        if isinstance(command, Undo | Redo | Correct):
            raise DomainError("Aperçu impossible pour une correction du journal.")
        event = decide(self._state, command)
        if isinstance(event, VoteRecorded):
            return Preview(event=event, vote=self._state.preview_vote(event))
        if isinstance(event, ElectionRound):
            return Preview(event=event, round=self._state.preview_round(event))
        check(self._state, as_stored(replace(event, at=self._state.last_at)), self.events)
        return Preview(event=event)

    def refusal(self, command: Command) -> str | None:
        """Why ``command`` would be refused now (French), or None."""
        try:
            self.preview(command)
        except DomainError as err:
            return err.message
        return None

    def amend(self, patch: Patch, by: str, reason: str) -> Change:
        """Change the constitution of this begun session from now on (who, what, why)."""
        return self.handle(Amend(patch, by, reason))

    def open_session(self) -> Change:
        return self.handle(OpenSession())

    def suspend(self) -> Change:
        return self.handle(SuspendSession())

    def resume(self) -> Change:
        return self.handle(ResumeSession())

    def close_session(self) -> Change:
        return self.handle(CloseSession())

    def arrive(self, member_id: str, for_titular: str | None = None) -> Change:
        return self.handle(Arrive(member_id, for_titular))

    def leave(self, member_id: str) -> Change:
        return self.handle(Leave(member_id))

    def excuse(self, member_id: str) -> Change:
        return self.handle(Excuse(member_id))

    def give_proxy(self, giver: str, holder: str) -> Change:
        return self.handle(GiveProxy(giver, holder))

    def revoke_proxy(self, giver: str) -> Change:
        return self.handle(RevokeProxy(giver))

    def open_item(self, item_id: str) -> Change:
        return self.handle(OpenItem(item_id))

    def recuse(
        self, member_id: str, item_id: str | None = None, kind: RecusalKind = RecusalKind.INTEREST
    ) -> Change:
        return self.handle(Recuse(member_id, item_id, kind))

    def record_show_of_hands(
        self,
        item_id: str,
        count_for: int,
        count_against: int,
        count_abstain: int,
        president_vote: Choice | None = None,
    ) -> Change:
        return self.handle(
            RecordShowOfHands(item_id, count_for, count_against, count_abstain, president_vote)
        )

    def record_unanimity(self, item_id: str) -> Change:
        return self.handle(RecordUnanimity(item_id))

    def record_public(self, item_id: str, choices: Iterable[tuple[str, Choice]]) -> Change:
        return self.handle(RecordPublic(item_id, tuple(choices)))

    def record_secret(
        self, item_id: str, count_for: int, count_against: int, blank: int, spoilt: int
    ) -> Change:
        return self.handle(RecordSecret(item_id, count_for, count_against, blank, spoilt))

    def record_election_round(
        self, item_id: str, round_no: int, votes: dict[str, int], blank: int = 0, spoilt: int = 0
    ) -> Change:
        return self.handle(
            RecordElectionRound(item_id, round_no, tuple(votes.items()), blank, spoilt)
        )

    def close_item(self, item_id: str, status: ClosedStatus) -> Change:
        return self.handle(CloseItem(item_id, status))

    def note(self, item_id: str | None, text: str) -> Change:
        return self.handle(TakeNote(item_id, text))

    # ------------------------------------------------------------------ read-only views
    def export_job(self) -> ExportJob:
        """The session as it stands, with a state of its own (the live one goes on) and
        the journal's fingerprint: what the export pipeline writes."""
        events = list(self.events)
        record = SessionRecord(self.assembly, self.session, events, self._fold(events))
        return job_from_record(record, self.store, with_json=True)

    def proxy_holders(self, giver: str) -> tuple[list[tuple[Member, str]], str | None]:
        """Members present in person who may hold ``giver``'s proxy, with a short note
        (« porte déjà 1 pouvoir sur 2 »); and the rules' message when nobody may."""
        state = self._state
        holders: list[tuple[Member, str]] = []
        refusal: str | None = None
        limit = state.rules.max_proxies_per_holder
        for member in state.in_office:
            if member.id == giver or member.id not in state.present:
                continue
            why = self.refusal(GiveProxy(giver, member.id))
            if why is not None:
                refusal = refusal or why
                continue
            carried = len(state.held.get(member.id, []))
            note = (
                f"porte déjà {carried} pouvoir{'s' if carried > 1 else ''} sur {limit}"
                if carried
                else ""
            )
            holders.append((member, note))
        return holders, refusal

    def journal_items(self) -> set[str]:
        """Items the journal names (they cannot leave the agenda)."""
        return {it for ev in self.events if isinstance(it := getattr(ev, "item", None), str)}


# --------------------------------------------------------------------------- read-only view


class ReadOnlyError(AttributeError):
    """A screen tried to change the live state: only the service changes it."""


def _frozen(value: object) -> object:
    """``value`` as screens may see it: containers become read-only views (no copy),
    records become read-only records; frozen values pass as they are."""
    if isinstance(value, dict):
        return _FrozenMapping(value)
    if isinstance(value, set):
        return _FrozenSet(value)
    if isinstance(value, list):
        return _FrozenSequence(value)
    if isinstance(value, ItemRecord) and not isinstance(value, ReadOnlyRecord):
        return ReadOnlyRecord(value)
    return value


class _FrozenMapping(Mapping[Any, Any]):
    __slots__ = ("_data",)

    def __init__(self, data: dict[Any, Any]) -> None:
        self._data = data

    def __getitem__(self, key: Any) -> Any:
        return _frozen(self._data[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __repr__(self) -> str:
        return f"read-only {self._data!r}"


class _FrozenSet(AbstractSet[Any]):
    __slots__ = ("_data",)

    def __init__(self, data: set[Any]) -> None:
        self._data = data

    def __contains__(self, value: object) -> bool:
        return value in self._data

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"read-only {self._data!r}"

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> frozenset[Any]:
        # set algebra on a view (``present - withdrawn``) gives a plain frozen set; the
        # default would wrap the generator itself, which reads as empty once iterated
        return frozenset(it)


class _FrozenSequence(Sequence[Any]):
    __slots__ = ("_data",)

    def __init__(self, data: list[Any]) -> None:
        self._data = data

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(_frozen(v) for v in self._data[index])
        return _frozen(self._data[index])

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"read-only {self._data!r}"


class _ReadOnly:
    """Reads go to the wrapped object, through ``_frozen``; writes raise."""

    def __setattr__(self, name: str, value: object) -> None:
        raise ReadOnlyError(f"état de séance en lecture seule : « {name} » ne se modifie pas")

    def __delattr__(self, name: str) -> None:
        raise ReadOnlyError(f"état de séance en lecture seule : « {name} » ne se supprime pas")


class ReadOnlyRecord(_ReadOnly, ItemRecord):
    """An ``ItemRecord`` a screen reads: same attributes, read-only."""

    def __init__(self, record: ItemRecord) -> None:
        object.__setattr__(self, "_wrapped", record)

    def __getattribute__(self, name: str) -> Any:
        if name in _OWN:
            return object.__getattribute__(self, name)
        record = object.__getattribute__(self, "_wrapped")
        value = getattr(record, name)
        return value if callable(value) and name != "copy" else _frozen(value)

    def __eq__(self, other: object) -> bool:
        wrapped = object.__getattribute__(self, "_wrapped")
        if isinstance(other, ReadOnlyRecord):
            other = object.__getattribute__(other, "_wrapped")
        return bool(wrapped == other)

    __hash__ = None  # type: ignore[assignment]


class LiveState(_ReadOnly, SessionState):
    """The live state as screens see it: ``SessionState``'s read API (attributes,
    ``attendance()``, ``name()``…) on the service's state, with every container read-only
    and every record read-only; any assignment raises ``ReadOnlyError``. Only the
    service changes the state, through commands."""

    def __init__(self, state: SessionState) -> None:
        object.__setattr__(self, "_wrapped", state)

    def __getattribute__(self, name: str) -> Any:
        if name in _OWN:
            return object.__getattribute__(self, name)
        if name in _MUTATORS:
            raise ReadOnlyError(
                f"état de séance en lecture seule : « {name} » est réservé au service"
            )
        state = object.__getattribute__(self, "_wrapped")
        value = getattr(state, name)
        if callable(value) and not isinstance(value, type):
            return _frozen_result(value)
        return _frozen(value)


_OWN = frozenset(
    {"_wrapped", "__class__", "__setattr__", "__delattr__", "__eq__", "__hash__", "__dict__"}
)
_MUTATORS = frozenset({"apply"})


def _frozen_result(method: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return _frozen(method(*args, **kwargs))

    return call


@dataclass(frozen=True)
class Preview:
    """What a command would do: its event, and the result of a vote or a round."""

    event: Event
    vote: VoteResult | None = None
    round: RoundResult | None = None
