"""Reopening a long session from the checkpoint stored beside its journal (issue 17):
the same state as a replay, and a checkpoint that is not the journal's is ignored."""

from __future__ import annotations

import hashlib
import os
import pickle
import random
from datetime import date

import pytest

from app.domain.assembly import Transmission
from app.domain.events import Note
from app.domain.journal import PrefixMask
from app.services import checkpoints
from app.services.records import fold_held
from app.services.store import Store
from tests.integration.helpers.workload import (
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)


def _view(state: object) -> dict[str, object]:
    return {k: v for k, v in vars(state).items() if k not in ("_checked", "_proj")}


@pytest.fixture
def path(tmp_path):
    """A file holding a session played then closed (its checkpoint written at close)."""
    path = tmp_path / "db.sqlite"
    store = Store.open(path)
    assembly = build_assembly(24, 5, 3)
    create(store, assembly, build_session(assembly, 5))
    service = open_service(store, "S1")
    SessionDriver(service, random.Random(11), Plan(churn=6, undo=0.1)).run(close=False)
    service.note(None, "Le rapporteur présente le bilan.")
    service.leave(sorted(service.state.present)[0])
    store.close()
    return path


def _reopen(path):
    store = Store.open(path)
    service = open_service(store, "S1")
    return store, service


def _replayed(store, service):
    return fold_held(store.load_events("S1"), *service._prepared)


def test_a_closed_file_reopens_from_its_checkpoint_with_the_state_a_replay_gives(path):
    store, service = _reopen(path)
    assert service.restored
    assert service.events == store.load_events("S1")
    assert vars(service._prefix) == vars(PrefixMask.of(service.events))
    assert _view(service._state) == _view(_replayed(store, service))
    assert service.state.attendance() == service._state.recomputed_attendance()
    # the session goes on from the restored state, undo included
    service.note(None, "Reprise après réouverture.")
    service.undo()
    assert _view(service._state) == _view(_replayed(store, service))
    store.close()
    store, service = _reopen(path)  # the checkpoint written at this close is the new one
    assert service.restored
    assert len(service.events) == len(store.load_events("S1"))
    store.close()


def test_a_journal_extended_by_another_path_is_replayed(path):
    store = Store.open(path)
    store.append_event("S1", Note(item=None, text="Ajout par un autre chemin."))
    store.close()  # no service: the checkpoint still covers one event fewer
    store, service = _reopen(path)
    assert not service.restored
    assert service.events[-1] == Note(item=None, text="Ajout par un autre chemin.")
    assert _view(service._state) == _view(_replayed(store, service))
    store.close()


def _tamper(path, sql: str, params: list[object]) -> None:
    store = Store.open(path)
    conn = store.db.conn
    conn.execute("DROP TRIGGER IF EXISTS events_no_update")
    conn.execute(sql, params)
    store.close()


def test_a_tampered_checkpoint_row_is_ignored(path):
    store = Store.open(path)
    events, head, digest, blob = store.read_checkpoint("S1")
    store.close()
    # the state changed (everybody left), its digest kept: the digest no longer matches
    fmt, events_, state, earlier, mask = pickle.loads(blob)
    state.present.clear()
    forged = pickle.dumps((fmt, events_, state, earlier, mask))
    _tamper(path, "UPDATE session_checkpoints SET state = ?", [forged])
    store, service = _reopen(path)
    assert not service.restored
    store.before_close.clear()
    store.close()
    # another head hash (as if written for another journal)
    _tamper(path, "UPDATE session_checkpoints SET state = ?, head_hash = ?", [blob, "0" * 64])
    store, service = _reopen(path)
    assert not service.restored
    assert _view(service._state) == _view(_replayed(store, service))
    store.close()


def test_a_tampered_journal_row_is_replayed_not_covered_by_the_checkpoint(path):
    store = Store.open(path)
    seq = store.db.execute(
        "SELECT seq FROM events WHERE session_id = 'S1' AND type = 'note' "
        "AND payload LIKE '%bilan%'"
    ).fetchone()[0]
    payload = store.db.execute(
        "SELECT payload FROM events WHERE session_id = 'S1' AND seq = ?", [seq]
    ).fetchone()[0]
    store.close()
    forged = payload.replace("Le rapporteur", "Le président")
    assert forged != payload
    _tamper(path, "UPDATE events SET payload = ? WHERE seq = ?", [forged, seq])
    store, service = _reopen(path)
    assert not service.restored  # the head hash recomputed from the content moved
    assert "Le président" in repr(service.events[seq])
    store.close()


def test_the_preparation_tables_follow_up_moves_the_checkpoint_aside(path):
    store = Store.open(path)
    item = store.load_session("S1").items[0].id
    store.set_transmission("S1", Transmission(item=item, sent_on=date(2026, 3, 3)))
    store.close()
    store, service = _reopen(path)
    assert not service.restored
    assert service.session.transmissions == store.load_session("S1").transmissions
    store.close()


def test_a_forged_checkpoint_cannot_run_code(path, tmp_path):
    """A checkpoint forged with a valid digest still builds only the domain's values."""
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    store = Store.open(path)
    count, head, _, _ = store.read_checkpoint("S1")
    prepared = store.load_session("S1")
    blob = pickle.dumps((checkpoints.FORMAT, [Evil()], None, {}, None))
    digest = checkpoints._digest(head, count, prepared, blob)
    assert digest != hashlib.sha256(blob).hexdigest()
    store.write_checkpoint("S1", count, head, digest, blob)
    store.close()
    store = Store.open(path)
    assert checkpoints.restore(store, "S1", prepared) is None
    assert not marker.exists()
    store.close()


@pytest.mark.parametrize("from_checkpoint", [True, False])
def test_ctrl_z_after_reopening_folds_from_a_checkpoint_not_from_the_start(path, from_checkpoint):
    if not from_checkpoint:  # the stored checkpoint removed: the reopening replays
        store = Store.open(path)
        store.db.execute("DELETE FROM session_checkpoints")
        store.close()
    store, service = _reopen(path)
    assert service.restored is from_checkpoint
    n = len(service.events)
    assert any(n - 256 <= k < n for k in service._checkpoints), sorted(service._checkpoints)

    def no_replay(*args, **kwargs):
        raise AssertionError("folded from the start")

    service._fold = no_replay
    service.undo()
    service.redo()
    assert _view(service._state) == _view(_replayed(store, service))
    store.close()


@pytest.mark.parametrize(
    "raw",
    [
        b"cos\nsystem\n.",  # anything outside the domain
        b"capp.domain.state\nreplay\n.",  # a domain function, not a value
        b"capp.domain.state\nSessionState.__class__\n.",  # an attribute of a class
    ],
)
def test_the_checkpoint_reader_builds_only_domain_values(raw):
    import io

    with pytest.raises(pickle.UnpicklingError):
        checkpoints._DomainUnpickler(io.BytesIO(raw)).load()
