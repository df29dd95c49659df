"""L2121-20: a proxy given for a fourth consecutive session is flagged (a warning)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.services.session_service import SessionService
from app.services.store import Store
from tests.factories import assembly, session


def _session_on(store: Store, sid: str, day: date) -> None:
    store.save_session(replace(session(), id=sid, date=day))


def test_fourth_consecutive_proxy_is_warned_third_is_not(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    days = [date(2026, m, 10) for m in (1, 2, 3, 4)]
    for i, day in enumerate(days):
        _session_on(store, f"S{i}", day)

    def clock() -> datetime:
        return datetime(2026, 1, 1, 18, 0)

    for i in range(3):
        svc = SessionService(store, f"S{i}", clock)
        change = svc.give_proxy("m2", "m1")
        assert change.warnings == ()
    fourth = SessionService(store, "S3", clock).give_proxy("m2", "m1")
    assert len(fourth.warnings) == 1 and "trois séances" in fourth.warnings[0]
    # another giver with no history: no warning
    assert SessionService(store, "S3", clock).give_proxy("m4", "m3").warnings == ()
    store.close()


def test_undone_proxy_does_not_count(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    for i, m in enumerate((1, 2, 3, 4)):
        _session_on(store, f"S{i}", date(2026, m, 10))

    def clock() -> datetime:
        return datetime(2026, 1, 1, 18, 0)

    for i in range(3):
        svc = SessionService(store, f"S{i}", clock)
        svc.give_proxy("m2", "m1")
        if i == 1:
            svc.undo()
    assert SessionService(store, "S3", clock).give_proxy("m2", "m1").warnings == ()
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


def test_listeners_receive_the_proxy_warning(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    store.save_assembly(assembly())
    for i, m in enumerate((1, 2, 3, 4)):
        _session_on(store, f"S{i}", date(2026, m, 10))

    def clock() -> datetime:
        return datetime(2026, 1, 1, 18, 0)

    for i in range(3):
        SessionService(store, f"S{i}", clock).give_proxy("m2", "m1")
    svc = SessionService(store, "S3", clock)
    heard: list[tuple[str, ...]] = []
    svc.subscribe(lambda change: heard.append(change.warnings))
    svc.give_proxy("m2", "m1")
    assert len(heard) == 1 and "trois séances" in heard[0][0]
    store.close()
