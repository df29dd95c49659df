"""French date fields (issue #12, item 3): typed dates read as typed, Tab never trapped, an
empty optional date a clear state."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.prep.helpers import replace_text, type_text
from tests.ui.prep.test_session_editor import make_editor
from ui.widgets.date_edit import read_french_date

TAB = Qt.Key.Key_Tab


@pytest.mark.parametrize(
    "typed", ["24/11/2026", "24112026", "24 11 26", "24-11-2026", "241126", "2026-11-24"]
)
def test_the_convocation_date_reads_what_is_typed(qtbot, store, prompts, typed):
    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    editor.convened_edit.setFocus()
    type_text(qtbot, editor.convened_edit, typed)
    qtbot.keyClick(editor.convened_edit, TAB)
    assert editor.convened_edit.value() == date(2026, 11, 24)
    assert editor.convened_edit.text() == "24/11/2026"
    assert QApplication.focusWidget() is not editor.convened_edit  # Tab moved on


def test_an_empty_convocation_date_is_a_clear_state_and_tab_leaves_it(qtbot, store, prompts):
    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    assert editor.convened_edit.text() == ""  # no « non renseignée » text in the field
    assert "non renseignée" in editor.convened_edit.placeholderText()
    editor.convened_edit.setFocus()
    qtbot.keyClick(editor.convened_edit, TAB)
    assert QApplication.focusWidget() is not editor.convened_edit
    assert editor.convened_edit.value() is None and editor.convened_edit.error == ""


def test_ctrl_a_then_a_new_date_replaces_the_session_date(qtbot, store, prompts):
    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    editor.date_edit.setFocus()
    replace_text(qtbot, editor.date_edit, "03/12/2026")
    qtbot.keyClick(editor.date_edit, TAB)
    assert editor.date_edit.value() == date(2026, 12, 3)  # not 30/12/2026


def test_an_impossible_date_is_said_and_not_saved_but_tab_still_leaves(qtbot, store, prompts):
    editor = make_editor(qtbot, store, store.assemblies()[0].id)
    editor.convened_edit.setFocus()
    type_text(qtbot, editor.convened_edit, "31/02/2026")
    qtbot.keyClick(editor.convened_edit, TAB)
    assert QApplication.focusWidget() is not editor.convened_edit
    assert editor.convened_edit.text() == "31/02/2026"  # what was typed stays, to correct
    assert "Date impossible" in editor.convened_edit.error
    assert editor.validate() is None
    assert "Date impossible" in editor.convened_error.message


def test_two_digit_years_fall_within_twenty_years_ahead():
    today = date(2026, 11, 30)
    assert read_french_date("02/04/61", today) == date(1961, 4, 2)
    assert read_french_date("24 11 26", today) == date(2026, 11, 24)
    assert read_french_date("", today) is None
    with pytest.raises(ValueError, match="Date illisible"):
        read_french_date("24 novembre", today)
