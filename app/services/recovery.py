"""A broken journal is never a dead end.

A journal whose event k is refused by the rules on replay (edited outside Séance, written by
two instances before the lock belonged to the file) still opens: read only, « jusqu'à
l'événement k », with a French explanation naming the event. The summary and the documents
can be produced on that prefix (marked as such), and the secretary can append a correction
of the faulty event — the journal stays append-only — and go on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from app.domain.assembly import Assembly, Session
from app.domain.errors import DomainError
from app.domain.events import Correction, Event, decode_event, encode_event
from app.domain.state import SessionState
from app.domain.wording import describe_event
from app.services.records import fold_held
from app.services.store import Store

NBSP = "\u00a0"


@dataclass(frozen=True)
class Replayed:
    """The state of a session as far as its journal replays."""

    state: SessionState
    events: list[Event]  # every stored event
    broken_at: int | None = None  # index of the first event the rules refuse
    reason: str = ""  # the rules' refusal of that event (French)

    @property
    def usable(self) -> list[Event]:
        """The events the state is built on (all, or those before the faulty one)."""
        return self.events if self.broken_at is None else self.events[: self.broken_at]

    @property
    def partial_mark(self) -> str:
        """The mark printed on each page of documents built on a prefix ('' if whole)."""
        if self.broken_at is None:
            return ""
        k = self.broken_at
        return (
            f"Journal partiel{NBSP}: établi jusqu'à l'événement {k} (indices 0 à {k - 1}){NBSP};"
            f" l'événement d'indice {k} est refusé par les règles."
        )

    def explanation(self, name: Callable[[str], str] | None = None) -> str:
        """Why the session opens read-only, and what the secretary can do (French)."""
        if self.broken_at is None:
            return ""
        k = self.broken_at
        what = (
            describe_event(self.events[k], name or (lambda m: m), lambda i: f"point {i}")
            if k < len(self.events)
            else "illisible"
        )
        return (
            f"Le journal de cette séance ne se rejoue pas au-delà de l'événement {k}{NBSP}: "
            f"l'événement d'indice {k} ({what}) est refusé par les règles — {self.reason} "
            f"La séance s'ouvre en lecture seule jusqu'à l'événement {k}{NBSP}: le "
            f"résumé et les documents portent sur ses {k} premiers événements et le disent "
            "sur chaque page. Pour continuer à l'enregistrer, annulez l'événement fautif par "
            "une correction (elle s'ajoute au journal, qui n'est jamais réécrit)."
        )


def replay_tolerant(
    assembly: Assembly,
    session: Session,
    events: list[Event],
    unreadable: DomainError | None = None,
) -> Replayed:
    """Replay the journal; if event k is refused, replay the events before it.
    ``unreadable``: the journal's event ``len(events)`` could not even be decoded."""
    try:
        state = fold_held(events, assembly, session)
    except DomainError as err:
        k = err.index if err.index is not None else 0
        state = fold_held(events[:k], assembly, session)
        return Replayed(state, events, k, _sentence(err.message))
    if unreadable is not None:
        return Replayed(state, events, len(events), _sentence(unreadable.message))
    return Replayed(state, events)


def load_tolerant(store: Store, session_id: str) -> Replayed:
    """A session of ``store`` as far as its journal reads and replays."""
    session = store.load_session(session_id)
    assembly = store.load_assembly(session.assembly_id, on=session.date)
    events, unreadable = store.load_events_until_unreadable(session_id)
    return replay_tolerant(assembly, session, events, unreadable)


def correct_faulty(
    store: Store, session_id: str, target: int, reason: str, clock: Callable[[], datetime]
) -> int:
    """Append a correction cancelling event ``target`` if the whole journal then replays;
    return its index. Raises ``DomainError`` in French and writes nothing otherwise."""
    session = store.load_session(session_id)
    assembly = store.load_assembly(session.assembly_id, on=session.date)
    events = store.load_events(session_id)  # an unreadable event cannot be corrected
    if not 0 <= target < len(events):
        raise DomainError(f"Aucun événement d'indice {target} dans le journal de la séance.")
    reason = reason.strip() or "événement refusé par les règles à la relecture du journal"
    correction = decode_event(
        json.loads(
            json.dumps(
                encode_event(Correction(target=target, reason=reason, at=clock())),
                sort_keys=True,
            )
        )
    )
    try:
        fold_held(events + [correction], assembly, session)
    except DomainError as err:
        raise DomainError(
            f"Annuler l'événement d'indice {target} ne suffit pas{NBSP}: le journal ne se "
            f"rejouerait toujours pas ({err}). Rien n'a été enregistré."
        ) from None
    return store.append_event(session_id, correction)


@contextmanager
def partial_documents(mark: str) -> Iterator[None]:
    """While active (in this thread), every PDF page carries ``mark`` at its top."""
    from app.documents.pdf import PAGE_MARK

    token = PAGE_MARK.set(mark)
    try:
        yield
    finally:
        PAGE_MARK.reset(token)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
