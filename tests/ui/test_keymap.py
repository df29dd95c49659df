"""The keyboard map (issue #12, item 5): every underlined letter unique in its window and
working, menus reachable while an item is open, Tab reaching every field and button.
Walked automatically over every window (tests/ui/keymap.py)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from app.domain.members import Member
from tests.ui import keymap
from tests.ui.prep.helpers import show_active

ALT = Qt.KeyboardModifier.AltModifier


def build_assembly_editor(store):
    from ui.prep.assembly_editor import AssemblyEditor

    editor = AssemblyEditor(store, store.assemblies()[0].id)
    return editor, editor.name_edit


def build_members_editor(store):
    from ui.prep.members_editor import MembersEditor

    editor = MembersEditor(store, store.assemblies()[0].id)
    return editor, editor.table


def build_member_form(store):
    from ui.prep.member_dialog import MemberDialog

    members = list(store.assemblies()[0].members)
    form = MemberDialog(members[0], members[1:], "m99", None, weighted=True)
    return form, form.civility_combo


def build_session_editor(store):
    from ui.prep.session_editor import SessionEditor

    editor = SessionEditor(store, store.assemblies()[0].id, store.sessions()[0].id, subjects=[])
    return editor, editor.date_edit


def build_proxy_dialog(store):
    from ui.proxy_dialog import ProxyDialog

    giver = Member(id="g", last_name="ROUX", first_name="Paul", birth_date=date(1960, 1, 1))
    holder = Member(id="h", last_name="BLANC", first_name="Éric", birth_date=date(1961, 1, 1))
    dialog = ProxyDialog(giver, [(holder, "")], None)
    return dialog, dialog.filter


def build_session_chooser(store):
    from ui.session_chooser import SessionChooser

    chooser = SessionChooser(store)
    return chooser, chooser.view


def build_import_preview(store):
    from tests.ui.prep.conftest import DATA
    from ui.prep.roster_import import RosterImportDialog

    path = DATA / "roster-plain.csv"
    dialog = RosterImportDialog(path, path.read_bytes(), (), "", None)
    dialog.start()
    dialog.wait_parsed = True
    return dialog, dialog.members_view


WINDOWS = {
    "assembly editor": build_assembly_editor,
    "members editor": build_members_editor,
    "member form": build_member_form,
    "session editor": build_session_editor,
    "proxy dialog": build_proxy_dialog,
    "session chooser": build_session_chooser,
    "import preview": build_import_preview,
}


def settle(qtbot, window) -> None:
    if getattr(window, "wait_parsed", False):
        qtbot.waitUntil(lambda: not window.busy and window.parsed is not None)
        window.rejected_view.selectRow(0)  # a line being corrected: every field enabled


@pytest.mark.parametrize("name", list(WINDOWS))
def test_underlined_letters_are_unique_and_work(qtbot, store, name):
    window, _first = WINDOWS[name](store)
    show_active(qtbot, window)
    settle(qtbot, window)
    assert keymap.duplicates(window) == {}
    assert keymap.dead_labels(window) == []
    assert keymap.press_label_mnemonics(qtbot, window) == []


@pytest.mark.parametrize("name", list(WINDOWS))
def test_tab_reaches_every_field_and_button(qtbot, store, name):
    window, first = WINDOWS[name](store)
    show_active(qtbot, window)
    settle(qtbot, window)
    assert keymap.unreached(qtbot, window, first) == []


def test_the_live_window_mnemonics_are_unique(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.service.state.current_item is not None  # an item is open
    assert keymap.duplicates(window) == {}
    assert keymap.dead_labels(window) == []


@pytest.mark.parametrize(
    ("letter", "title"), [("s", "&Séance"), ("m", "&Membre"), ("p", "&Préparation")]
)
def test_menus_stay_reachable_while_an_item_is_open(qtbot, window, letter, title):
    window.activateWindow()
    qtbot.waitActive(window)
    panel = window.vote_panel
    mode = panel.mode
    qtbot.keyClick(window.search, letter, ALT)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QMenu) and popup.title() == title
    assert panel.mode == mode  # the vote tabs did not take the letter
    popup.close()


def test_tab_reaches_the_live_window_panels(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    assert keymap.unreached(qtbot, window, window.search) == []
