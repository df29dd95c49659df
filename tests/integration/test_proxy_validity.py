"""L2121-20: a proxy is given for the session; a new one at each session is lawful."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.services.session_service import SessionService
from app.services.store import Store
from tests.factories import assembly, session


def _session_on(store: Store, sid: str, day: date) -> None:
    store.save_session(replace(session(), id=sid, date=day))


def test_a_new_proxy_at_each_session_is_lawful(tmp_path):
    """DOMAIN.md (second round): the three-consecutive-sessions limit concerns one written
    proxy valid for several sessions; a new proxy at each session is lawful, no warning."""
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    days = [date(2026, m, 10) for m in (1, 2, 3, 4, 5)]
    for i, day in enumerate(days):
        _session_on(store, f"S{i}", day)

    def clock() -> datetime:
        return datetime(2026, 1, 1, 18, 0)

    for i in range(5):
        change = SessionService(store, f"S{i}", clock).give_proxy("m2", "m1")
        assert change.warnings == ()
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


def test_listeners_receive_the_warnings_of_a_command(tmp_path):
    from app.domain.events import ProxyGiven

    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    _session_on(store, "S0", date(2026, 3, 12))
    svc = SessionService(store, "S0", lambda: datetime(2026, 3, 12, 18, 0))
    heard: list[tuple[str, ...]] = []
    svc.subscribe(lambda change: heard.append(change.warnings))
    svc.execute(ProxyGiven(giver="m2", holder="m1"), ("à vérifier",))
    assert heard == [("à vérifier",)]
    store.close()
