"""L2121-20: the three-consecutive-sessions limit concerns one written proxy valid for
several sessions; a new proxy given at each session is lawful, so it is never flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.services.session_service import SessionService
from app.services.store import Store
from tests.factories import assembly, session


def _session_on(store: Store, sid: str, day: date) -> None:
    store.save_session(replace(session(), id=sid, date=day))


def test_a_new_proxy_at_each_of_four_consecutive_sessions_is_lawful(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    for i, m in enumerate((1, 2, 3, 4)):
        _session_on(store, f"S{i}", date(2026, m, 10))

    def clock() -> datetime:
        return datetime(2026, 1, 1, 18, 0)

    heard: list[str] = []
    for i in range(4):
        svc = SessionService(store, f"S{i}", clock)
        svc.subscribe(lambda change: heard.append(change.label))
        svc.give_proxy("m2", "m1")
        assert svc.state.proxies == {"m2": "m1"}  # recorded at the fourth session as well
    assert len(heard) == 4 and all("pouvoir" in label for label in heard), heard
    store.close()


def test_listeners_see_the_redo_label_as_soon_as_undo_is_announced(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    _session_on(store, "S0", date(2026, 3, 12))
    svc = SessionService(store, "S0", lambda: datetime(2026, 3, 12, 18, 0))
    svc.arrive("m3")
    seen: list[tuple[str | None, str | None]] = []
    svc.subscribe(lambda change: seen.append((svc.undo_label(), svc.redo_label())))
    svc.undo()
    svc.redo()
    assert seen == [(None, "arrivée de Mme NOM3"), ("arrivée de Mme NOM3", None)]
    store.close()
