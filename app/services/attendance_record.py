"""The attendance record of an assembly over a period, read from a store (the fold itself
is pure: ``app.domain.attendance_record``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.attendance_record import (
    AttendanceRecord,
    MemberTotals,
    SessionHeld,
    SessionLine,
    Situation,
    attendance_record,
)
from app.services.store import Store

__all__ = [
    "AttendanceRecord",
    "MemberTotals",
    "SessionHeld",
    "SessionLine",
    "Situation",
    "attendance_record",
    "load_attendance_record",
    "write_attendance_record",
]


def load_attendance_record(
    store: Store, assembly_id: str, start: date, end: date
) -> AttendanceRecord:
    """The record of one assembly of a store over ``[start, end]``."""
    assembly = store.load_assembly(assembly_id)
    journals = []
    for info in store.sessions(assembly_id):
        if start <= info.date <= end:
            journals.append((store.load_session(info.id), store.load_events(info.id)))
    return attendance_record(assembly, journals, start, end)


def write_attendance_record(record: AttendanceRecord, out_dir: Path) -> list[Path]:
    """Write the record's PDF and its two CSV files into ``out_dir``; return their paths."""
    from app.documents.attendance_record import export_attendance_record

    return export_attendance_record(record, out_dir)
