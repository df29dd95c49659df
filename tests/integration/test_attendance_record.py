"""The attendance record of a scripted year of three sessions, built through the service
API on a real SQLite file, against figures computed here independently from the raw
events: presence is sampled minute by minute (the service folds intervals)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from app.domain.errors import InputError
from app.domain.events import Correction, Event
from app.domain.members import Member
from app.services.attendance_record import (
    Situation,
    load_attendance_record,
)
from app.services.store import Store
from tests.factories import assembly
from tests.integration.helpers.year import script_year

S3 = Member(id="s3", last_name="SUPPLÉANT", first_name="Jean", civility="M.", substitute_for="m3")
N = 9
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "annee.sqlite")
    s.save_assembly(assembly(N, extra=(S3,)))
    script_year(s)
    yield s
    s.close()


# --------------------------------------------------------------------------- the oracle


def _standing(events: list[Event]) -> list[Event]:
    cancelled = {e.target for e in events if isinstance(e, Correction)}
    return [e for i, e in enumerate(events) if i not in cancelled and not isinstance(e, Correction)]


def oracle(events: list[Event]) -> tuple[int, dict[str, int]]:
    """(sitting minutes, minutes present per person), sampling each minute of the day:
    a minute counts when the session sits (opened, not suspended, not closed) and the
    person is in the room at its start."""
    standing = _standing(events)
    first = min(e.at for e in standing if e.at is not None)
    day_start = first.replace(hour=0, minute=0)
    sitting = 0
    present: dict[str, int] = {}
    for minute in range(24 * 60):
        t = day_start + timedelta(minutes=minute)
        opened = suspended = closed = False
        room: set[str] = set()
        for e in standing:
            assert e.at is not None
            if e.at > t:
                break
            if e.type == "session_opened":
                opened = True
            elif e.type == "session_suspended":
                suspended = True
            elif e.type == "session_resumed":
                suspended = False
            elif e.type == "session_closed":
                closed = True
            elif e.type == "arrived":
                room.add(e.member)  # type: ignore[attr-defined]
            elif e.type == "left":
                room.discard(e.member)  # type: ignore[attr-defined]
        if opened and not suspended and not closed:
            sitting += 1
            for person in room:
                present[person] = present.get(person, 0) + 1
    return sitting, present


# --------------------------------------------------------------------------- tests


def test_minutes_match_the_raw_events(store: Store) -> None:
    record = load_attendance_record(store, "a1", *YEAR)
    assert [s.session.id for s in record.sessions] == ["s1", "s2", "s3"]  # s4 in 2027, s5 not held
    for held in record.sessions:
        sitting, present = oracle(store.load_events(held.session.id))
        assert held.sitting_minutes == sitting
        for line in held.lines:
            assert line.minutes_present == present.get(line.member_id, 0), (
                held.session.id,
                line.member_id,
            )
            whole = present.get(line.member_id, 0) == sitting
            if line.situation is Situation.WHOLE:
                assert whole
            elif line.situation is Situation.PART:
                assert 0 < present[line.member_id] < sitting


def test_hand_checked_figures(store: Store) -> None:
    record = load_attendance_record(store, "a1", *YEAR)
    s1, s2, s3 = record.sessions
    # s1: 18:00-20:00 minus a 15-minute suspension
    assert (s1.sitting_minutes, s2.sitting_minutes, s3.sitting_minutes) == (105, 120, 72)
    assert record.line("s1", "m3").situation is Situation.PART  # type: ignore[union-attr]
    assert record.line("s1", "m3").minutes_present == 60 + 30  # type: ignore[union-attr]
    assert record.line("s1", "m7").minutes_present == 85  # type: ignore[union-attr]
    assert record.line("s1", "m8").represented_by == ("m1",)  # type: ignore[union-attr]
    assert record.line("s1", "m9").situation is Situation.ABSENT  # type: ignore[union-attr]
    # s2: the suppléant sat for m3 until 19:45; m2 left at 19:00 and gave a proxy
    m3 = record.line("s2", "m3")
    assert m3 is not None and m3.situation is Situation.REPRESENTED
    assert m3.represented_by == ("s3",) and m3.minutes_present == 0
    s3_line = record.line("s2", "s3")
    assert s3_line is not None and s3_line.substitute and s3_line.situation is Situation.PART
    assert s3_line.minutes_present == 75
    m2 = record.line("s2", "m2")
    assert m2 is not None and m2.situation is Situation.PART and m2.minutes_present == 30
    assert m2.represented_by == ("m4",)
    assert record.line("s2", "m1").situation is Situation.WHOLE  # type: ignore[union-attr]
    # s3: m5 came before the opening; m7's holder never came: excused, not represented
    assert record.line("s3", "m5").situation is Situation.WHOLE  # type: ignore[union-attr]
    assert record.line("s3", "m7").situation is Situation.EXCUSED  # type: ignore[union-attr]
    assert record.line("s3", "m4").minutes_present == 72 - 16  # type: ignore[union-attr]


def test_situations_partition_the_members_convened(store: Store) -> None:
    record = load_attendance_record(store, "a1", *YEAR)
    for held in record.sessions:
        assert held.convened == N
        assert sum(held.count(s) for s in Situation) == N
    for t in record.totals:
        if not t.substitute:
            assert t.convened == 3
            assert t.whole + t.part + t.represented + t.excused + t.absent == 3


def test_totals_over_the_year(store: Store) -> None:
    """Each member's totals are the sum of the per-session figures of the oracle."""
    record = load_attendance_record(store, "a1", *YEAR)
    expected: dict[str, int] = {}
    sitting_total = 0
    for sid in ("s1", "s2", "s3"):
        sitting, present = oracle(store.load_events(sid))
        sitting_total += sitting
        for person, minutes in present.items():
            expected[person] = expected.get(person, 0) + minutes
    for t in record.totals:
        assert t.minutes_present == expected.get(t.member.id, 0), t.member.id
        if not t.substitute:
            assert t.sitting_minutes == sitting_total
    m9 = record.totals_of("m9")
    assert (m9.absent, m9.excused, m9.whole, m9.minutes_present) == (2, 1, 0, 0)
    s3 = record.totals_of("s3")
    assert (s3.convened, s3.sat, s3.part, s3.minutes_present) == (0, 1, 1, 75)
    assert s3.sitting_minutes == 120  # only the session he sat
    m8 = record.totals_of("m8")
    assert (m8.represented, m8.whole, m8.represented_by) == (1, 2, (("m1", 1),))


def test_the_period_filters_sessions_and_members(store: Store) -> None:
    record = load_attendance_record(store, "a1", date(2026, 6, 1), date(2026, 6, 30))
    assert [s.session.id for s in record.sessions] == ["s2"]
    spring = load_attendance_record(store, "a1", date(2026, 3, 1), date(2026, 5, 31))
    assert spring.sessions == () and all(t.convened == 0 for t in spring.totals)


def test_a_member_whose_mandate_ended_is_not_convened_afterwards(store: Store) -> None:
    """The end of mandate is entered on 1 December; a session held on 3 December does not
    convene him; the sessions held before keep their roster (their journals say so)."""
    from app.services.session_service import SessionService
    from tests.integration.helpers.year import _session

    a = store.load_assembly("a1")
    members = tuple(
        replace(m, ended_on=date(2026, 12, 1)) if m.id == "m6" else m for m in a.members
    )
    store.save_assembly(replace(a, members=members))
    store.save_session(_session("s6", date(2026, 12, 3)))
    service = SessionService(store, "s6", lambda: datetime(2026, 12, 3, 18, 0))
    service.open_session()
    service.arrive("m1")
    record = load_attendance_record(store, "a1", *YEAR)
    assert record.totals_of("m6").convened == 3  # s1, s2, s3: not s6
    assert record.sessions[-1].session.id == "s6" and record.sessions[-1].convened == N - 1


def test_a_mandate_ended_afterwards_does_not_change_a_held_session(store: Store) -> None:
    """N at a past session never changes (issue #10): the roster is in its journal."""
    before = load_attendance_record(store, "a1", *YEAR)
    a = store.load_assembly("a1")
    members = tuple(replace(m, ended_on=date(2026, 7, 1)) if m.id == "m6" else m for m in a.members)
    store.save_assembly(replace(a, members=members))
    after = load_attendance_record(store, "a1", *YEAR)
    assert after.totals_of("m6").convened == before.totals_of("m6").convened == 3
    assert after.sessions[2].convened == N


def test_an_inverted_period_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="antérieur"):
        load_attendance_record(store, "a1", date(2026, 12, 31), date(2026, 1, 1))


# --------------------------------------------------------------------------- exports


def test_csv_and_pdf_show_the_record(store: Store, tmp_path) -> None:
    import csv
    import io

    from pypdf import PdfReader

    from app.documents.attendance_record import export_attendance_record

    record = load_attendance_record(store, "a1", *YEAR)
    pdf, totals, lines = export_attendance_record(record, tmp_path)
    rows = list(csv.DictReader(io.StringIO(totals.read_text("utf-8-sig")), delimiter=";"))
    by_id = {r["membre_id"]: r for r in rows}
    for t in record.totals:
        assert int(by_id[t.member.id]["minutes_presence"]) == t.minutes_present
    assert by_id["m8"]["represente_par"] == "Mme NOM1 (1)"
    assert by_id["s3"]["seances_convoquees"] == "" and by_id["s3"]["seances_siegees"] == "1"
    per_session = list(csv.DictReader(io.StringIO(lines.read_text("utf-8-sig")), delimiter=";"))
    assert len(per_session) == 3 * N + 1  # the suppléant's own line
    m3 = next(r for r in per_session if r["seance_id"] == "s1" and r["membre_id"] == "m3")
    assert (m3["situation"], m3["minutes_presence"], m3["minutes_de_seance"]) == (
        "partial",
        "90",
        "105",
    )
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    text = text.replace("\u00a0", " ")
    assert "RELEVÉ D'ASSIDUITÉ DES MEMBRES" in text
    assert "du 1er janvier 2026 au 31 décembre 2026" in text
    assert "Séance du 5 février 2026, de 18 h à 20 h — 1 h 45 de séance" in text
    assert "représenté par Mme NOM1 (1)" in text
    assert "article L2123-24-2" in text
    assert (
        "9 membres convoqués : 5 présents toute la séance, 2 présents en partie, "
        "1 représenté, 1 absent." in text
    )
    again = export_attendance_record(record, tmp_path / "again")[0]
    assert again.read_bytes() == pdf.read_bytes()


def test_cli_assiduite(store: Store, tmp_path, capsys) -> None:
    from main import main

    db = store.path
    store.close()
    out = tmp_path / "releve"
    code = main(
        [
            "assiduite",
            "--db",
            str(db),
            "--from",
            "01/01/2026",
            "--to",
            "2026-12-31",
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert sorted(p.name for p in out.iterdir()) == [
        "assiduite_2026-01-01_2026-12-31.pdf",
        "assiduite_2026-01-01_2026-12-31_seances.csv",
        "assiduite_2026-01-01_2026-12-31_totaux.csv",
    ]
    code = main(
        [
            "assiduite",
            "--db",
            str(db),
            "--from",
            "2026-13-01",
            "--to",
            "2026-12-31",
            "--out",
            str(tmp_path / "x"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 2 and "date « 2026-13-01 » illisible" in captured.err
    assert not (tmp_path / "x").exists()


def test_a_visit_before_the_opening_is_not_presence() -> None:
    from app.domain.attendance_record import attendance_record
    from app.domain.events import Arrived, Left, SessionClosed, SessionOpened
    from tests.factories import session

    def at(hh: int, mm: int) -> datetime:
        return datetime(2026, 3, 12, hh, mm)

    journal: list[Event] = [
        Arrived(member="m2", at=at(17, 50)),
        Left(member="m2", at=at(17, 55)),
        Arrived(member="s3", at=at(17, 55)),  # journals go forward in time
        Left(member="s3", at=at(17, 56)),
        SessionOpened(at=at(18, 0)),
        Arrived(member="m1", at=at(18, 0)),
        SessionClosed(at=at(19, 0)),
    ]
    a = assembly(3, extra=(S3,))
    record = attendance_record(a, [(session(), journal)], *YEAR)
    assert record.line("s1", "s3") is None  # the suppléant never sat
    assert record.line("s1", "m3").situation is Situation.ABSENT  # type: ignore[union-attr]
    assert record.line("s1", "m2").situation is Situation.ABSENT  # type: ignore[union-attr]
    assert record.line("s1", "m1").situation is Situation.WHOLE  # type: ignore[union-attr]
    assert record.sessions[0].sitting_minutes == 60


# --------------------------------------------------------------------------- random sessions


def sweep(events: list[Event]) -> tuple[float, dict[str, float], set[str]]:
    """(sitting seconds, seconds present per person, people ever in the sitting), by a
    sweep over the standing events in journal order: between two instants, the state is
    the one left by the events at or before the first."""
    standing = [e for e in _standing(events) if e.at is not None]
    sitting = 0.0
    present: dict[str, float] = {}
    room: set[str] = set()
    opened = suspended = closed = False
    for e, nxt in zip(standing, standing[1:] + [None], strict=True):
        if e.type == "session_opened":
            opened = True
        elif e.type == "session_suspended":
            suspended = True
        elif e.type == "session_resumed":
            suspended = False
        elif e.type == "session_closed":
            closed = True
        elif e.type == "arrived":
            room.add(e.member)  # type: ignore[attr-defined]
        elif e.type == "left":
            room.discard(e.member)  # type: ignore[attr-defined]
        if nxt is None:
            break
        span = (nxt.at - e.at).total_seconds()  # type: ignore[operator]
        if opened and not suspended and not closed and span > 0:
            sitting += span
            for person in room:
                present[person] = present.get(person, 0.0) + span
    return sitting, present, {p for p, s in present.items() if s > 0}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sessions_against_a_sweep(seed: int) -> None:
    import random

    from app.domain.attendance_record import attendance_record
    from tests.integration.helpers.workload import (
        Plan,
        SessionDriver,
        build_assembly,
        build_session,
        create,
        open_service,
    )

    a = build_assembly(25, substitutes=5)
    s = build_session(a, 6)
    store = Store.open(None)
    try:
        create(store, a, s)
        service = open_service(store, s.id)
        SessionDriver(service, random.Random(seed), Plan(churn=10, undo=0.1)).run()
        events = list(service.events)
    finally:
        store.close()
    record = attendance_record(a, [(s, events)], date(2026, 1, 1), date(2026, 12, 31))
    held = record.sessions[0]
    sitting, present, sat = sweep(events)
    assert held.sitting_minutes == int(sitting // 60)
    assert held.convened == 25 and sum(held.count(x) for x in Situation) == 25
    for line in held.lines:
        seconds = present.get(line.member_id, 0.0)
        assert line.minutes_present == int(seconds // 60), line
        if line.situation is Situation.WHOLE:
            assert seconds == sitting
        elif line.situation is Situation.PART:
            assert 0 < seconds < sitting
        else:
            assert line.member_id not in sat
    substitutes_who_sat = {m.id for m in a.members if m.substitute_for} & sat
    assert {ln.member_id for ln in held.lines if ln.substitute} == substitutes_who_sat
