"""What is due after a session, and by when (pure; issue #14)."""

from __future__ import annotations

from datetime import date

from app.domain.deadlines import Duty, SessionFacts, add_months, deadlines

DAY = date(2026, 1, 31)


def facts(**kw: object) -> SessionFacts:
    base: dict[str, object] = {
        "session_id": "s1",
        "day": DAY,
        "closed": True,
        "intercommunal": False,
    }
    base.update(kw)
    return SessionFacts(**base)  # type: ignore[arg-type]


def test_a_session_not_closed_owes_nothing() -> None:
    assert deadlines([facts(closed=False)], date(2026, 3, 1)) == []


def test_the_list_is_due_within_a_week() -> None:
    (due,) = deadlines([facts()], date(2026, 2, 7))
    assert due.duty is Duty.LIST_PUBLISHED and due.due_on == date(2026, 2, 7)
    assert not due.overdue
    (late,) = deadlines([facts()], date(2026, 2, 8))
    assert late.overdue


def test_the_pv_is_due_within_a_week_of_its_arrete() -> None:
    due = deadlines([facts(minutes_arrete_on=date(2026, 3, 12))], date(2026, 3, 13))
    pv = [d for d in due if d.duty is Duty.MINUTES_PUBLISHED]
    assert [d.due_on for d in pv] == [date(2026, 3, 19)]


def test_epci_and_syndicats_send_list_and_pv_to_member_communes_within_a_month() -> None:
    due = deadlines(
        [facts(intercommunal=True, minutes_arrete_on=date(2026, 3, 31))], date(2026, 2, 1)
    )
    by_duty = {d.duty: d.due_on for d in due}
    assert by_duty[Duty.LIST_SENT] == date(2026, 2, 28)  # 31 January + one month
    assert by_duty[Duty.MINUTES_SENT] == date(2026, 4, 30)
    communes = deadlines([facts(minutes_arrete_on=date(2026, 3, 31))], date(2026, 2, 1))
    assert {d.duty for d in communes} == {Duty.LIST_PUBLISHED, Duty.MINUTES_PUBLISHED}


def test_what_is_done_is_no_longer_due() -> None:
    done = {Duty.LIST_PUBLISHED: date(2026, 2, 3)}
    assert deadlines([facts(done=done)], date(2026, 3, 1)) == []
    (shown,) = deadlines([facts(done=done)], date(2026, 3, 1), include_done=True)
    assert shown.done_on == date(2026, 2, 3) and not shown.overdue


def test_add_months_keeps_the_day_or_the_month_s_last() -> None:
    assert add_months(date(2026, 1, 15), 1) == date(2026, 2, 15)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 10), 1) == date(2027, 1, 10)


def test_soonest_first() -> None:
    due = deadlines(
        [facts(session_id="b", day=date(2026, 3, 1)), facts(session_id="a")], date(2026, 1, 31)
    )
    assert [d.session_id for d in due] == ["a", "b"]
