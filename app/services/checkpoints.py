"""The folded state of a session's journal, kept beside it to reopen a long session fast.

Reopening a session of 20,000 events folds every one of them (every rule checked); a
checkpoint is that fold, written when the file closes, so the window can open without
folding again. It is a cache and nothing more:

- it holds only what replaying the journal rebuilds (the decoded events and their fold);
- it is trusted only when its digest chains it to the journal's head hash, recomputed
  from the events' content (never read from the stored hash column), to the number of
  events, to the follow-up the preparation tables give (transmissions, typology) and to
  the code that folded it: a journal extended or edited by another path, a checkpoint
  row edited, another version of Séance, and the session is replayed in full;
- it is read back by an unpickler that builds only the domain's values (frozen
  dataclasses, enums, dates), never an arbitrary callable;
- ``seance verify`` and the documents never read it: they replay the journal.
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from app.domain.assembly import Session
from app.domain.events import Constituted, Event
from app.domain.journal import PrefixMask
from app.domain.state import SessionState
from app.services.store import Store

FORMAT = 3  # of the pickled (format, events, state, earlier states, mask)

# what a checkpoint may contain besides the domain's own classes
_ALLOWED = {
    "builtins": {"set", "frozenset", "dict", "list", "tuple"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "fractions": {"Fraction"},
    "decimal": {"Decimal"},
    "collections": {"OrderedDict", "Counter"},
}


class _DomainUnpickler(pickle.Unpickler):
    """Builds the domain's values only: a forged checkpoint cannot call anything else."""

    def find_class(self, module: str, name: str) -> Any:
        if "." in name:  # no attribute of a class (its metaclass, its methods…)
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a checkpoint")
        if module.startswith("app.domain.") or name in _ALLOWED.get(module, ()):
            found = super().find_class(module, name)
            if module.startswith("app.domain.") and not isinstance(found, type):
                raise pickle.UnpicklingError(f"{module}.{name} is not a class")
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a checkpoint")


@cache
def code_key() -> str:
    """The fold's code: a checkpoint written by another version of it is not read."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}".encode())
    domain = Path(__file__).resolve().parents[1] / "domain"
    sources = sorted(domain.glob("*.py"))
    if not sources:  # a frozen build without sources: its version names its code
        try:
            digest.update(f"frozen {metadata.version('seance')}".encode())
        except metadata.PackageNotFoundError:
            digest.update(b"frozen")
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _follow_up_key(prepared: Session) -> str:
    """What the tables add to a fold (see ``records.fold_held``)."""
    typology = tuple((it.id, it.typology) for it in prepared.items)
    return hashlib.sha256(repr((prepared.transmissions, typology)).encode()).hexdigest()


def _digest(head: str, count: int, prepared: Session, blob: bytes) -> str:
    digest = hashlib.sha256(f"{code_key()}|{_follow_up_key(prepared)}|{head}|{count}|".encode())
    digest.update(blob)
    return digest.hexdigest()


def _head(store: Store, session_id: str) -> tuple[int, str] | None:
    """The number of events and the head hash recomputed from their content."""
    if session_id in store.event_limits:
        return None  # a partial view of a journal: no checkpoint
    chain = store.chain(session_id)
    return (len(chain), chain[-1]) if chain else None


def save(
    store: Store,
    session_id: str,
    events: list[Event],
    state: SessionState,
    prepared: Session,
    earlier: dict[int, SessionState] | None = None,
    mask: PrefixMask | None = None,
) -> bool:
    """Write the checkpoint of ``state``, the fold of ``events`` (the whole journal as
    stored now), with ``earlier`` folds of its prefixes (n → fold of ``events[:n]``, kept
    to undo without replaying); False when there is nothing to keep or the journal is not
    that one. ``mask`` is the journal's (``PrefixMask.of(events)``), kept to save its
    computation."""
    if store.read_only is not None or not events or not isinstance(events[0], Constituted):
        return False
    head = _head(store, session_id)
    if head is None or head[0] != len(events):
        return False
    # one pickle: the values the states share (events, snapshots) are written once
    mask = mask if mask is not None else PrefixMask.of(events)
    blob = pickle.dumps(
        (FORMAT, events, state, earlier or {}, mask), protocol=pickle.HIGHEST_PROTOCOL
    )
    store.write_checkpoint(
        session_id, head[0], head[1], _digest(head[1], head[0], prepared, blob), blob
    )
    return True


def restore(
    store: Store, session_id: str, prepared: Session
) -> tuple[list[Event], SessionState, dict[int, SessionState], PrefixMask] | None:
    """The journal's events, their fold and the earlier folds kept with it, from the
    checkpoint, if it is the journal's as it stands; None otherwise (then replay)."""
    row = store.read_checkpoint(session_id)
    if row is None:
        return None
    count, head_hash, digest, blob = row
    head = _head(store, session_id)
    if head is None or head != (count, head_hash):
        return None
    if _digest(head_hash, count, prepared, blob) != digest:
        return None
    collecting = gc.isenabled()
    gc.disable()  # a hundred thousand small values at once: no collection in between
    try:
        loaded = _DomainUnpickler(io.BytesIO(blob)).load()
    except Exception:  # a checkpoint that cannot be read is only ignored
        return None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(loaded, tuple) and len(loaded) == 5 and loaded[0] == FORMAT):
        return None
    _, events, state, earlier, mask = loaded
    if not (isinstance(events, list) and len(events) == count and isinstance(state, SessionState)):
        return None
    if not isinstance(earlier, dict) or not all(
        isinstance(n, int) and 0 < n <= count and isinstance(cp, SessionState)
        for n, cp in earlier.items()
    ):
        return None
    if not (isinstance(mask, PrefixMask) and len(mask.standing) == count):
        return None
    return events, state, earlier, mask
