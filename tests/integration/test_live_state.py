"""The live state handed to screens is read-only (issue 10, item 4): a screen reads what
the service folded, and only commands change it."""

from __future__ import annotations

import random

import pytest

from app.domain.events import Note
from app.domain.state import ItemRecord, SessionState
from app.services.session_service import LiveState, ReadOnlyError
from app.services.store import Store
from tests.integration.helpers.workload import (
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)


@pytest.fixture
def service(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    assembly = build_assembly(20, 4, 2)
    create(store, assembly, build_session(assembly, 4))
    svc = open_service(store, "S1")
    SessionDriver(svc, random.Random(5), Plan(churn=4, undo=0.1)).run(close=False)
    yield svc
    store.close()


def test_screens_read_what_the_service_folded(service):
    view, live = service.state, service._state
    assert isinstance(view, LiveState) and isinstance(view, SessionState)
    assert view.attendance() == live.attendance()
    assert view.present == live.present and set(view.present) == live.present
    assert dict(view.proxies) == live.proxies
    assert {k: list(v) for k, v in view.held.items()} == live.held
    assert view.current_item == live.current_item and view.phase is live.phase
    assert view.name("m1") == live.name("m1")
    rec = view.items["2026-001"]
    assert isinstance(rec, ItemRecord)
    assert rec == live.items["2026-001"] and rec.status is live.items["2026-001"].status
    assert list(view.timeline) == live.timeline
    # the view follows the service: the next act is seen without asking again
    count = live.count
    service.note(None, "Suspension de séance demandée.")
    assert service.state.count == count + 1 == service._state.count


def test_a_screen_cannot_change_the_live_state(service):
    view, live = service.state, service._state
    present, phase = set(live.present), live.phase
    with pytest.raises(ReadOnlyError):
        view.phase = None
    with pytest.raises(ReadOnlyError):
        view.current_item = "2026-002"
    with pytest.raises(ReadOnlyError):
        del view.present
    with pytest.raises(AttributeError):
        view.present.add("m2")
    with pytest.raises(TypeError):
        view.proxies["m2"] = "m3"
    with pytest.raises(AttributeError):
        view.held.setdefault("m2", []).append("m3")
    with pytest.raises((AttributeError, TypeError)):
        next(iter(view.held.values())).append("m3")
    with pytest.raises(ReadOnlyError):
        view.items["2026-001"].status = None
    with pytest.raises(AttributeError):
        view.items["2026-001"].notes.append("texte ajouté par un écran")
    with pytest.raises(ReadOnlyError):
        view.apply(Note(item=None, text="par-dessous le service"), 10_000)
    assert live.present == present and live.phase is phase
    assert "texte ajouté par un écran" not in live.items["2026-001"].notes


def test_set_algebra_on_the_view_gives_the_same_sets_as_the_live_state(service):
    """``present - withdrawn`` read by a screen must be the set itself, iterable again and
    again: wrapping the operation's generator read as empty the second time."""
    view, live = service.state, service._state
    some = set(list(live.present)[:2])
    for got, want in (
        (view.present - some, live.present - some),
        (view.present & some, live.present & some),
        (view.present | {"m999"}, live.present | {"m999"}),
        (some - view.present, some - live.present),
    ):
        assert set(got) == want and set(got) == want  # read twice
        assert all(m in got for m in want) and len(got) == len(want)
