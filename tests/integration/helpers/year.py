"""A scripted year of sessions, played through the service API (attendance record tests
and ``bench/make_acts_samples.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from app.domain.assembly import Item, Session
from app.services.session_service import SessionService
from app.services.store import Store


class Clock:
    """The secretary's clock, set by the script before each command."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1)

    def __call__(self) -> datetime:
        return self.now


def _session(sid: str, day: date) -> Session:
    return Session(
        id=sid,
        assembly_id="a1",
        date=day,
        time="18:00",
        president="m1",
        secretaries=("m2",),
        items=(Item(id=f"{sid}-1", title="Premier point"), Item(id=f"{sid}-2", title="Second")),
    )


def script_year(store: Store, others: Sequence[str] = ()) -> None:
    """Three sessions in 2026, one in 2027 and one convened in 2026 but never held, for
    members m1..m9 and a suppléant s3 of m3; ``others`` arrive at each opening and stay."""
    clock = Clock()
    days = {
        "s1": date(2026, 2, 5),
        "s2": date(2026, 6, 11),
        "s3": date(2026, 11, 19),
        "s4": date(2027, 1, 14),
        "s5": date(2026, 12, 10),
    }
    for sid, day in days.items():
        store.save_session(_session(sid, day))

    def run(sid: str, steps: list[tuple[str, str, tuple[str, ...]]]) -> None:
        service = SessionService(store, sid, clock)
        day = days[sid]
        for hhmm, command, args in steps:
            hh, mm = map(int, hhmm.split(":"))
            clock.now = datetime(day.year, day.month, day.day, hh, mm)
            if command == "undo":
                service.undo()
            elif command == "unanimity":
                service.record_unanimity(args[0])
            else:
                getattr(service, command)(*args)

    run(
        "s1",
        [
            ("18:00", "open_session", ()),
            *[("18:00", "arrive", (f"m{i}",)) for i in range(1, 7)],
            *[("18:00", "arrive", (o,)) for o in others],
            ("18:01", "excuse", ("m8",)),
            ("18:01", "give_proxy", ("m8", "m1")),
            ("18:05", "arrive", ("m9",)),  # a mistake, undone at once
            ("18:06", "undo", ()),
            ("18:20", "arrive", ("m7",)),
            ("18:25", "open_item", ("s1-1",)),
            ("19:00", "suspend", ()),
            ("19:10", "leave", ("m3",)),  # leaves during the suspension
            ("19:15", "resume", ()),
            ("19:20", "unanimity", ("s1-1",)),
            ("19:30", "arrive", ("m3",)),
            ("20:00", "close_session", ()),
        ],
    )
    run(
        "s2",
        [
            ("18:25", "arrive", ("m1",)),  # before the opening: counts from 18:30
            ("18:30", "open_session", ()),
            *[("18:30", "arrive", (f"m{i}",)) for i in (2, 4, 5, 6, 7, 8)],
            *[("18:30", "arrive", (o,)) for o in others],
            ("18:30", "arrive", ("s3", "m3")),
            ("18:31", "excuse", ("m9",)),
            ("18:40", "open_item", ("s2-1",)),
            ("18:50", "unanimity", ("s2-1",)),
            ("19:00", "leave", ("m2",)),
            ("19:00", "give_proxy", ("m2", "m4")),
            ("19:05", "open_item", ("s2-2",)),
            ("19:20", "unanimity", ("s2-2",)),
            ("19:45", "leave", ("s3",)),
            ("20:30", "close_session", ()),
        ],
    )
    run(
        "s3",
        [
            ("17:55", "arrive", ("m5",)),
            ("18:00", "open_session", ()),
            *[("18:00", "arrive", (f"m{i}",)) for i in (1, 2, 3, 4, 8)],
            *[("18:00", "arrive", (o,)) for o in others],
            ("18:02", "excuse", ("m7",)),
            ("18:02", "give_proxy", ("m7", "m9")),  # holder absent: cannot be exercised
            ("18:10", "open_item", ("s3-1",)),
            ("18:30", "unanimity", ("s3-1",)),
            ("18:31", "leave", ("m4",)),
            ("18:47", "arrive", ("m4",)),
            ("19:12", "close_session", ()),
        ],
    )
    run(
        "s4",
        [
            ("18:00", "open_session", ()),
            ("18:00", "arrive", ("m6",)),
            ("19:00", "close_session", ()),
        ],
    )
