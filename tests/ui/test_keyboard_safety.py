"""Typing a name never acts on anyone (issue #12, item 1).

Letters only ever search; the acts are Entrée (arrival) and Ctrl+D/E/P/R on the highlighted
match; after any act, and after the proxy dialog closes, the keyboard is back in the search
box with its text selected. Keys are sent, one by one, to whichever widget has the focus —
as a keyboard would.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.events import Arrived, Event, Left, ProxyRevoked, Recused
from app.services.session_service import SessionService
from app.services.store import Store
from tests.ui.conftest import NOW, FixedClock
from tests.ui.rosters import build_300
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


class ModalWatch:
    """Presses Entrée in any modal dialog that opens (as a secretary still typing would),
    and remembers its title: typing a name must never open one."""

    def __init__(self, qtbot) -> None:
        self.opened: list[str] = []
        self._qtbot = qtbot
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            self.opened.append(dialog.windowTitle())
            target = QApplication.focusWidget() or dialog
            self._qtbot.keyClick(target, Qt.Key.Key_Return)

    def stop(self) -> None:
        self._timer.stop()


def focused(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def type_keys(qtbot, window: MainWindow, text: str) -> None:
    """Each character to the widget that has the focus at that moment (with its real text:
    ``qtbot.keyClick`` would mangle « É »)."""
    for char in text:
        upper = char.upper()
        key = ord(upper) if len(upper) == 1 else ord(char)
        QTest.sendKeyEvent(
            QTest.KeyAction.Click,
            focused(window),
            Qt.Key(key),
            char,
            Qt.KeyboardModifier.NoModifier,
        )


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(window), key, modifier)


@pytest.fixture
def big(qtbot, tmp_path) -> Iterator[tuple[MainWindow, SessionService, ModalWatch]]:
    clock = FixedClock()
    store = Store.open(tmp_path / "big.sqlite")
    session_id = build_300(store, NOW)
    service = SessionService(store, session_id, clock)
    window = MainWindow(store, service, clock)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.setFocus()
    watch = ModalWatch(qtbot)
    yield window, service, watch
    watch.stop()
    window.close()
    store.close()


def new_events(service: SessionService, before: int) -> list[Event]:
    return list(service.events[before:])


def highlight_then_tab(qtbot, window: MainWindow, query: str) -> None:
    window.search.setFocus()
    window.search.selectAll()
    type_keys(qtbot, window, query)
    press(qtbot, window, Qt.Key.Key_Tab)  # the keyboard moves to the roster
    assert window.roster.hasFocus()


# ---------------------------------------------------------------- the reproductions
def test_dumas_typed_in_the_roster_records_no_departure_of_lefevre(qtbot, big):
    window, service, watch = big
    highlight_then_tab(qtbot, window, "lefevre claire")
    assert window.highlighted_member() == "m1"
    before = len(service.events)
    type_keys(qtbot, window, "dumas")
    assert new_events(service, before) == []
    assert "m1" in service.state.present
    assert window.search.text() == "dumas"  # a new search, not « lefevre claired… »
    assert window.search.hasFocus()
    assert service.state.members[window.highlighted_member()].last_name == "DUMAS"
    assert watch.opened == []


def test_dumas_after_a_departure_starts_a_new_search(qtbot, big):
    window, service, watch = big
    window.search.setFocus()
    type_keys(qtbot, window, "lefevre claire")
    before = len(service.events)
    press(qtbot, window, Qt.Key.Key_D, CTRL)  # the deliberate act
    assert new_events(service, before) == [Left(member="m1", at=NOW)]
    assert window.search.hasFocus() and window.search.selectedText() == "lefevre claire"
    type_keys(qtbot, window, "dumas")
    assert len(service.events) == before + 1  # nothing more
    assert window.search.text() == "dumas"  # not « lefevre clairedumas »


def test_roussel_typed_in_the_roster_records_no_recusal_of_boyer(qtbot, big):
    window, service, watch = big
    boyer = next(m.id for m in service.state.in_office if m.last_name == "BOYER")
    highlight_then_tab(qtbot, window, service.state.members[boyer].full_name.split(" ", 1)[1])
    assert window.highlighted_member() == boyer
    before = len(service.events)
    type_keys(qtbot, window, "roussel")
    assert new_events(service, before) == []
    assert boyer not in service.state.items["2026-001"].recused
    assert window.search.text() == "roussel"
    press(qtbot, window, Qt.Key.Key_R, CTRL)  # now the deliberate recusal, of ROUSSEL
    recorded = new_events(service, before)
    assert [type(e) for e in recorded] in ([], [Recused])  # ROUSSEL may not be sitting
    assert all(service.state.members[e.member].last_name == "ROUSSEL" for e in recorded)


def test_perrin_typed_in_the_roster_opens_no_proxy_dialog(qtbot, big):
    window, service, watch = big
    highlight_then_tab(qtbot, window, "gauthier")
    assert window.highlighted_member() == "m6"
    before = len(service.events)
    type_keys(qtbot, window, "perrin")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.wait(60)  # let the watch see any dialog
    assert watch.opened == []
    assert service.state.proxies.get("m6") == "m1"  # GAUTHIER's proxy stands
    assert not any(isinstance(e, ProxyRevoked) for e in new_events(service, before))
    recorded = new_events(service, before)
    assert all(isinstance(e, Arrived) for e in recorded)
    assert all(service.state.members[e.member].last_name == "PERRIN" for e in recorded)


def test_focus_and_selection_return_to_the_search_after_the_proxy_dialog(qtbot, big):
    window, service, watch = big
    watch.stop()
    window.search.setFocus()
    type_keys(qtbot, window, "gauthier")

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    press(qtbot, window, Qt.Key.Key_P, CTRL)
    assert service.state.proxies.get("m6") == "m1"
    assert window.focusWidget() is window.search
    qtbot.waitUntil(window.search.hasFocus)  # the window is active again
    assert window.search.selectedText() == "gauthier"


def test_slash_in_the_search_box_selects_instead_of_typing(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "lefe")
    window.search.deselect()
    qtbot.keyClick(window.search, Qt.Key.Key_Slash)
    assert window.search.text() == "lefe" and window.search.selectedText() == "lefe"


# ---------------------------------------------------------------- the property
def unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


ACTS = ("none", "present", "leave", "excuse", "recuse", "proxy_cancel")
FOCUS = ("search", "roster", "agenda", "window")


def do_act(qtbot, window: MainWindow, act: str) -> None:
    keys = {
        "present": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        "leave": (Qt.Key.Key_D, CTRL),
        "excuse": (Qt.Key.Key_E, CTRL),
        "recuse": (Qt.Key.Key_R, CTRL),
        "proxy_cancel": (Qt.Key.Key_P, CTRL),
    }
    if act == "none":
        return
    if act == "proxy_cancel":

        def cancel() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None:
                qtbot.keyClick(dialog, Qt.Key.Key_Escape)

        QTimer.singleShot(0, cancel)
    press(qtbot, window, *keys[act])


def put_focus(window: MainWindow, where: str) -> None:
    if where == "roster":
        window.roster.setFocus()
    elif where == "agenda":
        window.agenda.list.setFocus()
    elif where == "window":
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()


def check_typing_a_name(qtbot, window, service, watch, data) -> None:
    members = [m for m in service.state.in_office]
    member = data.draw(st.sampled_from(members), label="member")
    act = data.draw(st.sampled_from(ACTS), label="act before")
    where = data.draw(st.sampled_from(FOCUS), label="focus")
    full = f"{member.last_name} {member.first_name}"
    whole = data.draw(st.booleans(), label="whole name")
    text = full if whole else full[: data.draw(st.integers(1, len(full)), label="prefix")]
    case = data.draw(st.sampled_from(("lower", "upper", "as is")), label="case")
    text = text.lower() if case == "lower" else text.upper() if case == "upper" else text
    if data.draw(st.booleans(), label="without accents"):
        text = unaccent(text)

    do_act(qtbot, window, act)
    if act == "proxy_cancel":
        qtbot.waitUntil(window.search.hasFocus)
    if act != "none":  # after any act, the keyboard is back in the search box, text selected
        assert window.search.hasFocus()
        assert window.search.selectedText() == window.search.text()
    put_focus(window, where)
    before = len(service.events)
    type_keys(qtbot, window, text)
    assert new_events(service, before) == [], f"typing {text!r} recorded an act"
    assert watch.opened == [], f"typing {text!r} opened {watch.opened}"
    assert window.search.text() == text  # the name typed, and nothing else, is searched
    highlighted = window.highlighted_member()
    press(qtbot, window, Qt.Key.Key_Return)
    recorded = new_events(service, before)
    assert len(recorded) <= 1
    for event in recorded:
        assert event == Arrived(member=highlighted, at=event.at)
    if whole and highlighted is not None:
        assert highlighted == member.id  # the whole name finds exactly the intended member
    assert watch.opened == []


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(data=st.data())
def test_typing_any_demo_name_records_nothing_but_what_entree_confirms(qtbot, window, data):
    watch = ModalWatch(qtbot)
    try:
        window.activateWindow()
        check_typing_a_name(qtbot, window, window.service, watch, data)
    finally:
        watch.stop()


@PROPERTY
@given(data=st.data())
def test_typing_any_name_of_300_records_nothing_but_what_entree_confirms(qtbot, big, data):
    window, service, watch = big
    check_typing_a_name(qtbot, window, service, watch, data)


# ---------------------------------------------------------------- no destructive default
def test_a_second_entree_in_the_proxy_dialog_does_not_revoke(qtbot, big):
    window, service, watch = big
    watch.stop()
    window.search.setFocus()
    type_keys(qtbot, window, "gauthier")
    seen: list[str] = []

    def entree() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        if QApplication.activeModalWidget() is dialog:  # never hang the suite
            dialog.reject()

    QTimer.singleShot(0, entree)
    press(qtbot, window, Qt.Key.Key_P, CTRL)
    assert seen  # the dialog did open
    assert service.state.proxies.get("m6") == "m1"  # GAUTHIER's proxy stands


def test_alt_r_in_the_proxy_dialog_revokes(qtbot, big):
    window, service, watch = big
    watch.stop()
    window.search.setFocus()
    type_keys(qtbot, window, "gauthier")

    def alt_r() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.activateWindow()  # the offscreen platform does not activate it
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(
            dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier
        )  # the mnemonic « animates » the click: it lands ~100 ms later

        def give_up() -> None:  # never hang the suite
            if QApplication.activeModalWidget() is dialog:
                dialog.reject()

        QTimer.singleShot(2000, give_up)

    QTimer.singleShot(0, alt_r)
    press(qtbot, window, Qt.Key.Key_P, CTRL)
    assert "m6" not in service.state.proxies


# ---------------------------------------------------------------- focus in the vote panel
VOTE_FOCUS = ("hands_box", "against_box", "unanimity", "rollcall")


def put_vote_focus(window: MainWindow, where: str) -> None:
    from ui.vote_panel import PUBLIC, SHOW_OF_HANDS

    panel = window.vote_panel
    if where == "rollcall":
        panel.set_mode(PUBLIC)
        panel.rollcall_view.setFocus()
        panel.rollcall_view.setCurrentIndex(panel.rollcall.index(0, 0))
        return
    panel.set_mode(SHOW_OF_HANDS)
    target = {
        "hands_box": panel.hands.box("for"),
        "against_box": panel.hands.box("against"),
        "unanimity": panel.unanimity_button,
    }[where]
    target.setFocus()


def check_typing_in_the_vote_panel(qtbot, window, service, watch, data) -> None:
    member = data.draw(st.sampled_from(list(service.state.in_office)), label="member")
    where = data.draw(st.sampled_from(VOTE_FOCUS), label="focus")
    full = f"{member.last_name} {member.first_name}"
    text = full[: data.draw(st.integers(1, len(full)), label="prefix")]
    case = data.draw(st.sampled_from(("lower", "upper", "as is")), label="case")
    text = text.lower() if case == "lower" else text.upper() if case == "upper" else text
    put_vote_focus(window, where)
    choices = window.vote_panel.rollcall.choices()
    before = len(service.events)
    type_keys(qtbot, window, text)
    assert new_events(service, before) == [], f"typing {text!r} in {where} recorded an act"
    assert watch.opened == [], f"typing {text!r} in {where} opened {watch.opened}"
    assert window.vote_panel.rollcall.choices() == choices, f"{text!r} set a roll-call choice"


@PROPERTY
@given(data=st.data())
def test_typing_a_name_in_the_vote_panel_records_nothing(qtbot, big, data):
    window, service, watch = big
    check_typing_in_the_vote_panel(qtbot, window, service, watch, data)


def test_ursula_typed_on_the_show_of_hands_page_records_no_unanimity(qtbot, big):
    window, service, watch = big
    put_vote_focus(window, "hands_box")
    before = len(service.events)
    type_keys(qtbot, window, "u")
    assert new_events(service, before) == []


def test_perrin_typed_in_the_roll_call_list_sets_no_choice(qtbot, big):
    window, service, watch = big
    put_vote_focus(window, "rollcall")
    choices = window.vote_panel.rollcall.choices()
    type_keys(qtbot, window, "perrin")
    assert window.vote_panel.rollcall.choices() == choices
    assert window.vote_panel.rollcall_search.text() == "perrin"


@pytest.mark.parametrize(
    ("key", "event_type"),
    [(Qt.Key.Key_S, "SessionSuspended"), (Qt.Key.Key_F, "SessionClosed")],
)
def test_a_session_act_by_key_leaves_the_next_name_starting_a_new_search(
    qtbot, window, service, monkeypatch, key, event_type
):
    """Suspending (Ctrl+Maj+S) or closing (Ctrl+Maj+F, confirmed) the session is an act
    too: the keyboard is back in the search box with its text selected, so the next name
    typed replaces « bonn » instead of making « bonnfaur »."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.setFocus()
    type_keys(qtbot, window, "bonn")
    before = len(service.events)
    press(qtbot, window, key, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [type(e).__name__ for e in new_events(service, before)] == [event_type]
    assert window.search.hasFocus() and window.search.selectedText() == "bonn"
    type_keys(qtbot, window, "faur")
    assert len(service.events) == before + 1
    assert window.search.text() == "faur"


def test_the_roll_call_search_takes_tokens_in_any_order(qtbot, big):
    from ui.vote_panel import PUBLIC

    window, service, watch = big
    panel = window.vote_panel
    panel.set_mode(PUBLIC)
    panel.rollcall_search.setFocus()
    panel.rollcall_view.setCurrentIndex(panel.rollcall.index(0, 0))
    type_keys(qtbot, window, "lefe 03")  # surname and group (« Commune 03 »)
    row = panel.rollcall_view.currentIndex().row()
    member = service.state.members[panel.rollcall.member_at(row)]
    assert (member.last_name, member.first_name) == ("LEFÈVRE", "Éric")
