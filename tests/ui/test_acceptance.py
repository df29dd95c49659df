"""Acceptance: a secretary prepares and runs a whole comité syndical from an empty database.

Everything goes through what a user has: the preparation dialogs (keys and buttons), the
live window (keys), the export action (Ctrl+Maj+E) and the command line. Modal prompts are
answered by stand-ins (monkeypatch), so nothing can block offscreen.

Set ``ACCEPTANCE_SHOTS=/some/dir`` to keep screenshots of the window at its key moments.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.domain.state import ItemStatus, Phase
from app.services.session_service import SessionService
from app.services.store import Store
from tests.ui.prep.helpers import replace_text, show_active, type_text
from ui.widgets.quorum_banner import Tone

CTRL = Qt.KeyboardModifier.ControlModifier
NBSP = "\u00a0"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

GROUPS = {
    "Saint-Exemple": [
        ("Mme", "MARTIN", "Anne", "Présidente"),
        ("M.", "DUPONT", "Marc", ""),
        ("Mme", "LEFÈVRE", "Hélène", ""),
        ("M.", "ROUX", "Paul", ""),
    ],
    "Villeneuve-sur-Exemple": [
        ("M.", "GARNIER", "Éric", "Vice-président"),
        ("Mme", "BLANC", "Sophie", ""),
        ("M.", "MOREAU", "Luc", ""),
        ("Mme", "FAURE", "Claire", ""),
    ],
    "Montexemple": [
        ("M.", "GIRARD", "Jean", ""),
        ("Mme", "BONNET", "Lucie", ""),
        ("M.", "CHEVALIER", "Denis", ""),
        ("Mme", "LAMBERT", "Nadia", ""),
    ],
}
SUBSTITUTES = [
    ("M.", "PERRIN", "Hugo", "Saint-Exemple", "ROUX"),
    ("Mme", "MERCIER", "Julie", "Montexemple", "GIRARD"),
]
ITEMS = [
    ("Approbation du procès-verbal de la séance du 5 février 2026", "5.2"),
    ("Budget primitif 2026 de l'eau potable", "7.1"),
    ("Tarifs de l'eau & de l'assainissement <2026>", "7.10"),
    ("Adhésion de la commune de Bourg-l'Exemple", "5.7"),
]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 12, 18, 20)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


class Answers:
    """What the stand-ins of the modal prompts answered, and were asked."""

    def __init__(self) -> None:
        self.directory = ""
        self.asked: list[str] = []


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    seen = Answers()

    def yes(parent: object, title: str, text: str, *args: object) -> object:
        seen.asked.append(text)
        return QMessageBox.StandardButton.Yes

    def directory(*args: object, **kwargs: object) -> str:
        return seen.directory

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(yes))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(directory))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    return seen


def shoot(window, name: str) -> None:
    where = os.environ.get("ACCEPTANCE_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(where) / f"{name}.png"))


def when_modal(kind: type, act: Callable[[object], None]) -> None:
    """Run ``act`` on the modal dialog of ``kind`` as soon as it is shown."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            dialog.activateWindow()  # its Ctrl+S shortcut needs an active window
            QApplication.processEvents()
            try:
                act(dialog)
            finally:  # a failed step must not leave a modal dialog blocking the test
                if dialog.isVisible():
                    dialog.done(0)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


# ---------------------------------------------------------------------- preparation
def create_assembly(qtbot, store: Store) -> str:
    from ui.prep import open_assembly_editor
    from ui.prep.assembly_editor import AssemblyEditor

    def fill(editor: AssemblyEditor) -> None:
        type_text(qtbot, editor.name_edit, "Comité syndical")
        type_text(
            qtbot, editor.organisation_edit, "Syndicat intercommunal des eaux du Val d'Exemple"
        )
        editor.kind_combo.setFocus()
        editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("Comité syndical"))
        type_text(qtbot, editor.siren_edit, "200 000 008")
        type_text(qtbot, editor.siret_edit, "20000000810008")
        type_text(qtbot, editor.department_edit, "099")
        assert not editor.weighted_check.isChecked()
        shoot(editor, "00a-assembly-editor")
        qtbot.keyClick(editor.department_edit, Qt.Key.Key_S, CTRL)
        assert not editor.isVisible(), [
            e.message
            for e in (editor.name_error, editor.siren_error, editor.siret_error, editor.rules_error)
        ]

    when_modal(AssemblyEditor, fill)
    assembly_id = open_assembly_editor(None, store, None)
    assert assembly_id is not None
    return assembly_id


def create_members(qtbot, store: Store, assembly_id: str) -> None:
    from ui.prep import open_members_editor
    from ui.prep.members_editor import MembersEditor

    def add(
        editor: MembersEditor,
        civility: str,
        last: str,
        first: str,
        group: str,
        function: str,
        titular: str | None,
    ) -> None:
        qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
        form = editor.member_dialog
        assert form is not None and form.isVisible()
        if titular:
            shoot(form, "00b-member-form")
        form.civility_combo.setCurrentIndex(form.civility_combo.findData(civility))
        type_text(qtbot, form.last_name_edit, last)
        type_text(qtbot, form.first_name_edit, first)
        type_text(qtbot, form.group_combo.lineEdit(), group)
        if function:
            type_text(qtbot, form.function_edit, function)
        if titular:
            form.titular_combo.setCurrentIndex(
                form.titular_combo.findText(titular, Qt.MatchFlag.MatchContains)
            )
            assert form.titular_combo.currentData() is not None
        qtbot.keyClick(form.last_name_edit, Qt.Key.Key_Return)
        assert editor.member_dialog is None

    def fill(editor: MembersEditor) -> None:
        editor.table.setFocus()
        for group, people in GROUPS.items():
            for civility, last, first, function in people:
                add(editor, civility, last, first, group, function, None)
        for civility, last, first, group, titular in SUBSTITUTES:
            add(editor, civility, last, first, group, "", titular)
        assert editor.summary_label.text() == "12 membre(s) en exercice · 2 suppléant(s)"
        shoot(editor, "00b-members-editor")
        qtbot.keyClick(editor.table, Qt.Key.Key_S, CTRL)
        assert not editor.isVisible(), editor.table_error.message

    when_modal(MembersEditor, fill)
    assert open_members_editor(None, store, assembly_id)


def create_session(qtbot, store: Store, assembly_id: str) -> str:
    from PySide6.QtCore import QDate

    from ui.prep import open_session_editor
    from ui.prep.session_editor import SessionEditor

    def fill(editor: SessionEditor) -> None:
        editor.date_edit.setDate(QDate(2026, 3, 12))
        replace_text(qtbot, editor.time_edit, "18h30")
        type_text(qtbot, editor.place_edit, "salle du comité, mairie de Saint-Exemple")
        editor.convened_edit.setDate(QDate(2026, 3, 6))
        editor.president_combo.setCurrentIndex(
            editor.president_combo.findText("MARTIN", Qt.MatchFlag.MatchContains)
        )
        for row in range(editor.secretaries_list.count()):
            if "BONNET" in editor.secretaries_list.item(row).text():
                editor.secretaries_list.item(row).setCheckState(Qt.CheckState.Checked)
        for n, (title, subject) in enumerate(ITEMS, start=1):
            qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)
            replace_text(qtbot, editor.number_edit, f"2026-{n:03d}")
            type_text(qtbot, editor.title_edit, title)
            editor.subject_combo.setCurrentIndex(editor.subject_combo.findData(subject))
            editor.rapporteur_combo.setCurrentIndex(
                editor.rapporteur_combo.findText("GARNIER", Qt.MatchFlag.MatchContains)
            )
            editor.preamble_edit.setFocus()
            type_text(qtbot, editor.preamble_edit, "Le rapporteur expose au comité le projet.")
            editor.visas_edit.setFocus()
            type_text(
                qtbot, editor.visas_edit, "Vu le code général des collectivités territoriales,"
            )
            editor.articles_edit.setFocus()
            type_text(
                qtbot,
                editor.articles_edit,
                "APPROUVE le projet présenté.\n"
                "AUTORISE la présidente à signer tout document s'y rapportant.",
            )
        shoot(editor, "00c-session-editor")
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, CTRL)
        assert not editor.isVisible(), editor.session_error.text()

    when_modal(SessionEditor, fill)
    session_id = open_session_editor(None, store, assembly_id, None)
    assert session_id is not None
    return session_id


# ---------------------------------------------------------------------- the live session
def act(qtbot, window, name: str, key: Qt.Key) -> None:
    """Type a few letters of ``name`` in the search box, then Entrée or Ctrl+``key`` there."""
    window.search.setFocus()
    window.search.clear()
    type_text(qtbot, window.search, name)
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(window.search, key)
    else:
        qtbot.keyClick(window.search, key, CTRL)


def member_id(service: SessionService, last_name: str) -> str:
    return next(m.id for m in service.assembly.members if m.last_name == last_name)


def test_a_comite_syndical_prepared_and_held_from_an_empty_database(qtbot, tmp_path, answers):
    from ui.main_window import MainWindow
    from ui.proxy_dialog import ProxyDialog

    db_path = tmp_path / "syndicat.sqlite"
    store = Store.open(db_path)
    clock = Clock()
    assert store.assemblies() == [] and store.sessions() == []

    assembly_id = create_assembly(qtbot, store)
    create_members(qtbot, store, assembly_id)
    session_id = create_session(qtbot, store, assembly_id)
    assembly = store.load_assembly(assembly_id)
    assert len([m for m in assembly.members if not m.is_substitute]) == 12
    assert assembly.siren == "200000008" and assembly.department == "099"

    service = SessionService(store, session_id, clock)
    window = MainWindow(store, service, clock)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    show_active(qtbot, window)
    window.search.setFocus()
    shoot(window, "01-not-opened")
    assert window.agenda.notes_history.placeholderText() == "Aucune note pour la séance."
    ids = {m.last_name: m.id for m in assembly.members}

    # --- arrivals, a suppléant for his titular, an apology with a proxy
    for name in ("martin", "dupont", "lefevre", "garnier", "blanc", "bonnet"):
        act(qtbot, window, name, Qt.Key.Key_Return)
        clock.tick(1)
    act(qtbot, window, "perrin", Qt.Key.Key_Return)
    assert ids["PERRIN"] in service.state.present
    assert service.state.seat_substitute.get(ids["ROUX"]) == ids["PERRIN"]
    act(qtbot, window, "faure", Qt.Key.Key_E)
    act(qtbot, window, "moreau", Qt.Key.Key_E)

    def give_to_blanc(dialog: ProxyDialog) -> None:
        type_text(qtbot, dialog.filter, "blanc")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    when_modal(ProxyDialog, give_to_blanc)
    act(qtbot, window, "faure", Qt.Key.Key_P)
    assert service.state.proxies[ids["FAURE"]] == ids["BLANC"]
    with qtbot.waitActive(window):  # the offscreen platform does not reactivate it
        window.activateWindow()
    assert window.search.hasFocus()  # the keyboard is back in the search box…
    assert window.search.selectedText() == "faure"  # … and the next name replaces the old
    assert window.banner.tone is Tone.REACHED
    assert "Présents 7" in window.banner.text and "Représentés 1" in window.banner.text
    assert "requis 7 / 12" in window.banner.text
    window.search.clear()
    shoot(window, "02-arrivals")

    # --- the session opens
    clock.tick(5)
    qtbot.keyClick(window.search, Qt.Key.Key_O, CTRL_SHIFT)
    assert service.state.phase is Phase.OPEN
    assert "ouverte à 18" in window.title_label.text()

    # --- item 1: unanimity
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-001"
    assert window.agenda.notes_history.placeholderText() == "Aucune note pour ce point."
    qtbot.keyClick(window.search, Qt.Key.Key_U, CTRL)
    record = service.state.items["2026-001"]
    assert record.status is ItemStatus.ADOPTED and record.vote.unanimous
    assert "unanimité" in window.status_line.text()

    # --- item 2: one member does not take part; counted vote
    clock.tick(10)
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-002"
    act(qtbot, window, "dupont", Qt.Key.Key_R)
    attendance = service.state.attendance("2026-002")
    assert attendance.voters == 7  # 7 present + 1 represented − 1 recused
    window.agenda.note_edit.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL)
    assert window.agenda.note_edit.hasFocus()
    type_text(
        qtbot,
        window.agenda.note_edit,
        "M. GARNIER présente le budget ; questions sur le prix du m³ « eau brute ».",
    )
    qtbot.keyClick(window.agenda.note_edit, Qt.Key.Key_Return, CTRL)
    assert service.state.items["2026-002"].notes
    qtbot.keyClick(window.search, Qt.Key.Key_F6)
    focused = window.focusWidget()
    assert focused is not None and window.vote_panel.isAncestorOf(focused)
    qtbot.keyClicks(focused, "5")
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    qtbot.keyClicks(window.focusWidget(), "1")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(window.focusWidget(), "1")
    shoot(window, "03-item2-counts")
    preview = window.vote_panel.preview  # its last line was cut at 1366×768
    assert preview.text().endswith(f"DUPONT ne prend pas part au vote.{NBSP}»")
    assert preview.height() >= preview.heightForWidth(preview.width())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    record = service.state.items["2026-002"]
    assert record.status is ItemStatus.ADOPTED
    assert (
        record.vote.tally.count_for,
        record.vote.tally.count_against,
        record.vote.tally.count_abstain,
    ) == (5, 1, 1)

    # --- a departure loses the quorum: the banner says so, the vote is refused
    clock.tick(7)
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-003"
    act(qtbot, window, "lefevre", Qt.Key.Key_D)
    assert window.banner.tone is Tone.NOT_REACHED
    assert window.banner.text.startswith("QUORUM NON ATTEINT · manque 1 présent")
    assert "quorum perdu" in window.status_line.text()
    shoot(window, "04-quorum-lost")
    events_before = len(store.load_events(session_id))
    qtbot.keyClick(window.search, Qt.Key.Key_U, CTRL)
    assert len(store.load_events(session_id)) == events_before
    assert window.status_line.is_error and "quorum" in window.status_line.text().lower()

    # --- an arrival brings it back
    clock.tick(2)
    act(qtbot, window, "chevalier", Qt.Key.Key_Return)
    assert window.banner.tone is Tone.REACHED
    assert "quorum" in window.status_line.text().lower()

    # --- item 3: public roll-call, one against, one abstention
    from ui.vote_panel import PUBLIC

    panel = window.vote_panel
    panel.set_mode(PUBLIC)
    panel.focus_entry()
    for name, key in (("garn", Qt.Key.Key_Minus), ("bonn", Qt.Key.Key_0)):
        type_text(qtbot, panel.rollcall_search, name)
        qtbot.keyClick(panel.rollcall_search, Qt.Key.Key_Return)
        assert panel.rollcall_view.hasFocus()
        qtbot.keyClick(panel.rollcall_view, key)
    shoot(window, "05-rollcall")
    rollcall = panel.rollcall
    row = next(
        r for r in range(rollcall.rowCount()) if "PERRIN" in str(rollcall.index(r, 0).data())
    )
    label = rollcall.index(row, 0).data()
    assert label == "M. PERRIN Hugo (suppl. de M. ROUX)"  # was cut: « (suppl. de M. ROU… »
    assert rollcall.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == label
    view = panel.rollcall_view
    assert view.fontMetrics().horizontalAdvance(label) < view.columnWidth(0)
    qtbot.keyClick(panel.rollcall_search, Qt.Key.Key_Return)
    record = service.state.items["2026-003"]
    assert record.status is ItemStatus.ADOPTED, window.status_line.text()
    choices = dict(record.vote.choices)
    assert choices[ids["GARNIER"]].value == "against"

    # --- item 4: postponed
    clock.tick(3)
    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert service.state.current_item == "2026-004"
    vote_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Vote")
    assert window.postpone_action in vote_menu.actions()  # reachable without the mouse
    window.postpone_action.trigger()
    assert service.state.items["2026-004"].status is ItemStatus.POSTPONED

    # --- close the session
    clock.tick(4)
    qtbot.keyClick(window.search, Qt.Key.Key_F, CTRL_SHIFT)
    assert service.state.phase is Phase.CLOSED
    shoot(window, "06-closed")

    # --- export from the window (Ctrl+Maj+E) and from the command line
    out = tmp_path / "documents"
    out.mkdir()
    answers.directory = str(out)
    shown: list[str] = []
    window.status_line.show_message = lambda text, *args: shown.append(text)  # a record
    qtbot.keyClick(window.search, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window._export_thread is None, timeout=20000)
    del window.status_line.show_message
    exported = sorted(p.name for p in out.iterdir())
    # asked only to confirm the closing: a clean session exports without any warning
    assert len(answers.asked) == 1 and answers.asked[0].startswith(
        f"Clore la séance à 18{NBSP}h{NBSP}57{NBSP}?"
    )
    assert shown[-1].startswith(f"{len(exported)} documents exportés dans"), shown
    assert f"Export en cours{NBSP}: document {len(exported)} sur {len(exported)}" in shown
    assert any(name.endswith(".csv") for name in exported)
    assert sum(name.endswith(".pdf") for name in exported) >= 6  # 3 extracts + PV + sheet + list
    from tests.unit.documents.conftest import flat, pdf_text

    minutes = flat(pdf_text(out / "proces-verbal_2026-03-12.pdf"))
    assert "M. PERRIN (suppléant de M. ROUX)" in minutes  # who voted at the roll-call
    assert "Ont voté contre : M. GARNIER" in minutes and "Se sont abstenus : Mme BONNET" in minutes
    assert "Mme LEFÈVRE quitte la séance à 18 h 48, avant le vote du point 3." in minutes
    assert "Point 4 — 2026-004 : Adhésion" in minutes  # postponed: not a délibération
    assert "L'examen du point est ajourné." in minutes
    keep = os.environ.get("ACCEPTANCE_SHOTS")
    store.close()

    import main

    cli_out = tmp_path / "cli"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        code = main.main(
            ["export", "--db", str(db_path), "--session", session_id, "--out", str(cli_out)]
        )
    assert code == 0, buffer.getvalue()
    assert sorted(p.name for p in cli_out.iterdir()) == exported
    for name in exported:  # same journal, same documents, byte for byte
        assert (cli_out / name).read_bytes() == (out / name).read_bytes(), name
    if keep:
        import shutil

        shutil.copytree(out, Path(keep) / "documents", dirs_exist_ok=True)
