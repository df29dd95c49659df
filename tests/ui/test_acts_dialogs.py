"""Menu Actes: the dialogs over the transmission, acknowledgment and attendance record
services, driven like a person would (offscreen)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate

from app.services.store import Store
from ui.acts_dialogs import (
    AcknowledgmentDialog,
    AnnexesDialog,
    AttendanceRecordDialog,
    TransmitDialog,
)

TODAY = date(2026, 3, 12)


def test_the_actes_menu(window) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    actions = [a.text() for a in menus["&Actes"].actions()]
    assert actions == [
        "Annexes des points…",
        "Dossiers de télétransmission…",
        "Accusé de réception…",
        "Relevé d'assiduité…",
    ]


def test_attendance_record_dialog(qtbot, store: Store, session_id: str, tmp_path: Path) -> None:
    assembly_id = store.load_session(session_id).assembly_id
    dialog = AttendanceRecordDialog(store, assembly_id, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "1 séance tenue sur la période."
    assert dialog.model.rowCount() == len(store.load_assembly(assembly_id).in_office(TODAY))
    dialog.start.setDate(QDate(2026, 3, 13))
    assert "antérieur" in dialog.error.text() and not dialog.export_button.isEnabled()
    dialog.start.setDate(QDate(2026, 1, 1))
    paths = dialog.export_to(tmp_path / "releve")
    assert [p.suffix for p in paths] == [".pdf", ".csv", ".csv"]
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "assiduite.png"))


def test_transmit_dialog_lists_refusals_and_writes_when_clean(
    qtbot, store: Store, session_id: str, tmp_path: Path
) -> None:
    dialog = TransmitDialog(store, session_id, date(2026, 3, 20))
    qtbot.addWidget(dialog)
    refusals = [dialog.refusals.item(i).text() for i in range(dialog.refusals.count())]
    assert any("typologie de l'acte manquante" in r for r in refusals)
    assert not dialog.write_button.isEnabled()
    assert dialog.write_to(tmp_path / "x") == [] and "rien n'a été écrit" in dialog.status.text()
    assert not (tmp_path / "x").exists()


def test_acknowledgment_dialog(qtbot, store: Store, session_id: str) -> None:
    session = store.load_session(session_id)
    items = [(it.id, it.title) for it in session.items]
    dialog = AcknowledgmentDialog(store, session_id, TODAY, items)
    qtbot.addWidget(dialog)
    first = session.items[0]
    ident = f"099-219900008-{session.date:%Y%m%d}-{first.act_number}-{first.nature}"
    dialog.identifier.setText("n'importe quoi")
    assert not dialog.record_typed() and "mal formé" in dialog.status.text()
    dialog.identifier.setText(ident)
    assert dialog.record_typed(), dialog.status.text()
    t = store.load_session(session_id).transmission(first.id)
    assert t is not None and t.actes_id == ident and t.received_on == TODAY


def test_annexes_dialog(qtbot, store: Store, session_id: str, tmp_path: Path) -> None:
    session = store.load_session(session_id)
    dialog = AnnexesDialog(store, session_id, [(it.id, it.title) for it in session.items])
    qtbot.addWidget(dialog)
    good = tmp_path / "etat-1259.pdf"
    good.write_bytes(b"%PDF-1.4\n% etat\n%%EOF\n")
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    assert not dialog.add_file(bad) and "ce n'est pas un PDF" in dialog.status.text()
    assert dialog.add_file(good)
    assert dialog.files.count() == 1 and "typologie à saisir" in dialog.files.item(0).text()
    dialog.typology.setText("22-AN")
    dialog.files.setCurrentRow(0)
    assert not dialog.set_typology() and "invalide" in dialog.status.text()
    dialog.typology.setText("22_AN")
    assert dialog.set_typology()
    assert "22_AN" in dialog.files.item(0).text()
    dialog.item.setCurrentIndex(1)
    assert dialog.files.count() == 0  # another item's annexes
