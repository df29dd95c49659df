"""The registre des délibérations over a scripted year of three sessions (issue #14)."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import InputError
from app.services.register import export_register, record_decision
from app.services.store import Store
from tests.integration.helpers.register_year import (
    AGENDA,
    Clock,
    script_session,
    script_year,
    setup,
)


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def feuillet_numbers(texts: list[str]) -> list[int]:
    out = []
    for t in texts:
        found = re.findall(r"Feuillet n°\s*(\d+)", t)
        assert len(found) == 1, t[:200]
        out.append(int(found[0]))
    return out


@pytest.fixture
def store() -> Store:
    return Store.open(None)


def decision(store: Store, clock: Clock, number: str, day: date, title: str) -> None:
    record_decision(
        store,
        "a1",
        number=number,
        decided_on=day,
        title=title,
        text="Le maire décide de signer le contrat.",
        delegation="délibération n° 2025-040 du 3 juillet 2025 (article L2122-22 4°)",
        clock=clock,
    )


def test_a_year_gives_feuillets_numbered_without_gaps(store: Store, tmp_path: Path) -> None:
    clock = script_year(store)
    result = export_register(store, "a1", 2026, tmp_path, today=date(2026, 7, 1))
    numbers: list[int] = []
    for part, path in zip(result.parts, result.files, strict=True):
        texts = pages_text(path.read_bytes())
        assert len(texts) == part.feuillets
        numbers += feuillet_numbers(texts)
        for text in texts:  # the collectivity and the session on every feuillet
            assert "Commune de Saint-Exemple" in text
            assert "année 2026" in text
    assert numbers == list(range(1, len(numbers) + 1))
    assert [p.part for p in result.parts] == ["session:s1", "session:s2", "session:s3"]
    assert clock.now.year == 2026


def test_each_session_has_its_deliberations_in_order_and_a_closing_feuillet(
    store: Store, tmp_path: Path
) -> None:
    script_year(store)
    result = export_register(store, "a1", 2026, tmp_path, today=date(2026, 7, 1))
    expected_numbers = {
        "s1": ["2026-001", "2026-002", "2026-003"],
        "s2": ["2026-004", "2026-005"],
        "s3": ["2026-006", "2026-007"],  # 2026-008 withdrawn: not a deliberation
    }
    day_text = {"s1": "5 février 2026", "s2": "9 avril 2026", "s3": "25 juin 2026"}
    for part, path in zip(result.parts, result.files, strict=True):
        sid = part.part.split(":")[1]
        texts = pages_text(path.read_bytes())
        assert all(day_text[sid] in t for t in texts)
        body = "\n".join(texts[:-1])
        positions = [body.index(f"Délibération n° {n}") for n in expected_numbers[sid]]
        assert positions == sorted(positions)
        assert "Approbation du procès-verbal" not in body  # not an act of the register
        closing = texts[-1]
        assert "CLÔTURE DE LA SÉANCE" in closing
        taken = re.search(r"prises au cours de la séance \((\d+)\)", closing)
        assert taken and int(taken.group(1)) == len(expected_numbers[sid])
        for n in expected_numbers[sid]:
            assert f"n° {n}" in closing
        assert "2026-008" not in closing
        present = closing.split("Membres présents")[1].split("séance")[0]
        for name in ("MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT"):
            assert name in present
        assert "DURAND" not in present  # excused, represented
        assert ("LEROY" in present) is (sid != "s1")  # absent at the first session only
        # signature places for the president and the secretary, not every member
        assert closing.count("de séance") == 2
        assert "La présidente de séance" in closing and "La secrétaire de séance" in closing


def test_tables_by_date_and_by_objet(store: Store, tmp_path: Path) -> None:
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    decision(store, clock, "D2026-01", date(2026, 3, 2), "Contrat d'entretien des espaces verts")
    result = export_register(store, "a1", 2026, tmp_path, today=date(2026, 7, 1))
    by_date = [e.number for e in sorted(result.entries, key=lambda e: (e.day, e.feuillet))]
    assert by_date[:4] == ["2026-001", "2026-002", "2026-003", "D2026-01"]
    text = "\n".join(pages_text(result.tables.read_bytes()))
    chrono, by_objet = text.split("Table par objet")
    assert "Table chronologique" in chrono
    order = [chrono.index(n) for n in by_date]
    assert order == sorted(order)
    titles = [t for _, t in AGENDA["s1"] + AGENDA["s2"] + AGENDA["s3"]][:7]
    titles.append("Contrat d'entretien des espaces verts")
    keys = [by_objet.index(t.split()[0]) for t in sorted(titles, key=str.casefold)]
    assert keys == sorted(keys)
    # every entry points to the feuillet where it begins
    feuillet = {e.number: e.feuillet for e in result.entries}
    for part, path in zip(result.parts, result.files, strict=True):
        for n, page in enumerate(pages_text(path.read_bytes())):
            for number, f in feuillet.items():
                if f == part.first_feuillet + n and part.part.startswith("session"):
                    if number.startswith("2026-") and number in part.anchors:
                        assert f"n° {number}" in page


def test_numbering_is_stable_and_later_sessions_continue(store: Store, tmp_path: Path) -> None:
    clock = setup(store)
    script_session(store, clock, "s1")
    first = export_register(store, "a1", 2026, tmp_path / "a", today=date(2026, 2, 6))
    s1_bytes = first.files[0].read_bytes()
    again = export_register(store, "a1", 2026, tmp_path / "b", today=date(2026, 2, 7))
    assert again.newly_issued == ()
    assert [f.read_bytes() for f in again.files] == [s1_bytes]
    script_session(store, clock, "s2")
    # a decision dated between two sessions not yet issued is placed between them
    clock.now = datetime(2026, 4, 20, 9)
    decision(store, clock, "D2026-01", date(2026, 3, 2), "Contrat d'entretien")
    script_session(store, clock, "s3")
    later = export_register(store, "a1", 2026, tmp_path / "c", today=date(2026, 7, 1))
    assert later.files[0].read_bytes() == s1_bytes
    assert [p.part for p in later.parts] == [
        "session:s1",
        "decisions:D2026-01",
        "session:s2",
        "session:s3",
    ]
    assert later.parts[1].first_feuillet == first.parts[0].last_feuillet + 1
    mid = export_register(store, "a1", 2026, tmp_path / "d", today=date(2026, 7, 2))
    assert [p.first_feuillet for p in mid.parts] == [p.first_feuillet for p in later.parts]
    assert [f.read_bytes() for f in mid.files] == [f.read_bytes() for f in later.files]
    # a decision entered late, dated before sessions already issued: it follows them,
    # it never renumbers printed feuillets
    clock.now = datetime(2026, 7, 3, 9)
    decision(store, clock, "D2026-02", date(2026, 3, 5), "Contrat de maintenance")
    last = export_register(store, "a1", 2026, tmp_path / "e", today=date(2026, 7, 3))
    assert [p.part for p in last.parts][-2:] == ["session:s3", "decisions:D2026-02"]
    assert [f.read_bytes() for f in last.files[:-1]] == [f.read_bytes() for f in later.files]
    numbers: list[int] = []
    for path in last.files:
        numbers += feuillet_numbers(pages_text(path.read_bytes()))
    assert numbers == list(range(1, len(numbers) + 1))


def test_issued_feuillets_cannot_be_edited(store: Store, tmp_path: Path) -> None:
    script_year(store)
    export_register(store, "a1", 2026, tmp_path, today=date(2026, 7, 1))
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE register_parts SET first_feuillet = 9")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM register_parts")


def test_open_sessions_and_other_years_stay_out(store: Store, tmp_path: Path) -> None:
    clock = setup(store)
    script_session(store, clock, "s1")
    result = export_register(store, "a1", 2026, tmp_path, today=date(2026, 3, 1))
    assert [p.part for p in result.parts] == ["session:s1"]  # s2, s3 not held yet
    assert export_register(store, "a1", 2025, tmp_path / "x", today=date(2026, 3, 1)).parts == ()


def test_a_decision_is_checked_before_it_is_entered(store: Store) -> None:
    clock = setup(store)
    clock.now = datetime(2026, 3, 10, 9)
    decision(store, clock, "D1", date(2026, 3, 2), "Contrat")
    refusals = [
        ("D1", date(2026, 3, 2), "Autre", "déjà inscrite"),
        ("D 2", date(2026, 3, 2), "Autre", "invalide"),
        ("D3", date(2026, 3, 11), "Autre", "à venir"),
        ("D4", date(2026, 3, 2), "  ", "obligatoire"),
    ]
    for number, day, title, message in refusals:
        with pytest.raises(InputError, match=message):
            decision(store, clock, number, day, title)
    with pytest.raises(InputError, match="délégation"):
        record_decision(
            store, "a1", number="D5", decided_on=day, title="x", delegation=" ", clock=clock
        )
    count = store.db.execute("SELECT count(*) FROM delegated_decisions").fetchone()[0]
    assert count == 1


def test_a_session_with_an_item_left_without_result_is_not_issued(
    store: Store, tmp_path: Path
) -> None:
    from app.services.session_service import SessionService

    clock = setup(store)
    script_session(store, clock, "s1")
    service = SessionService(store, "s2", clock)
    clock.now = datetime(2026, 4, 9, 18, 30)
    for m in ("m1", "m2", "m3", "m4", "m5", "m6", "m7"):
        service.arrive(m)
    service.open_session()
    service.open_item("2026-004")
    service.record_unanimity("2026-004")
    service.close_session()  # 2026-005 never decided
    with pytest.raises(InputError, match="2026-005.*n'a pas de résultat"):
        export_register(store, "a1", 2026, tmp_path, today=date(2026, 4, 10))
    assert store.db.execute("SELECT count(*) FROM register_parts").fetchone()[0] == 0
    assert not list(tmp_path.glob("*.pdf"))
