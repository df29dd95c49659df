"""The live window's states told without colour, and the guards of item 8 of issue #12:
banner SUSPENDUE / SÉANCE CLOSE with an icon, distinct shapes for excused and absent,
warnings on one line, a question before undoing a closure, Ctrl+Q everywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from app.domain.state import Phase
from ui.models.roster_model import SYMBOLS, StateKind
from ui.widgets.quorum_banner import Tone

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_banner_says_suspended_and_closed_with_an_icon(qtbot, window, monkeypatch):
    assert window.banner.icon.text() == "✔" and window.banner.tone is Tone.REACHED
    window.suspend_action.trigger()
    assert window.banner.text.startswith("SÉANCE SUSPENDUE · QUORUM ATTEINT")
    assert window.banner.icon.text() == "‖" and window.banner.tone is Tone.SUSPENDED
    window.resume_action.trigger()
    assert window.banner.text.startswith("QUORUM ATTEINT")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.close_session_action.trigger()
    assert window.banner.text.startswith("SÉANCE CLOSE · ")
    assert window.banner.icon.text() == "■"


def test_excused_and_absent_have_different_shapes():
    assert SYMBOLS[StateKind.EXCUSED] != SYMBOLS[StateKind.ABSENT]
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)


def test_many_proxy_warnings_take_one_line(qtbot, window, service, clock):
    # SCHMITT's proxy to LEROY (absent) warns already; four givers arrive in person
    for member in ("m19", "m20", "m21", "m22"):
        service.arrive(member)
    lines = window.banner.all_warnings
    assert len(lines) >= 2
    shown = window.banner.warnings.text()
    assert "\n" not in shown and "<br" not in shown
    assert f"et {len(lines) - 1} autres avertissements" in shown


def test_undoing_a_closure_asks_first(qtbot, window, service, monkeypatch):
    answers = [QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.close_session_action.trigger()
    assert service.state.phase is Phase.CLOSED
    answers.append(QMessageBox.StandardButton.No)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert service.state.phase is Phase.CLOSED  # « Non »: still closed
    assert "rouvrir" in asked[-1]
    answers.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert service.state.phase is not Phase.CLOSED


def test_ctrl_q_quits_under_every_key_scheme(window):
    assert QKeySequence("Ctrl+Q") in window.quit_action.shortcuts()


def test_size_and_splitters_are_remembered(qtbot, store, service, clock, tmp_path):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "seance.ini"), QSettings.Format.IniFormat)
    first = MainWindow(store, service, clock, settings=settings)
    qtbot.addWidget(first)
    first.resize(800, 610)  # the test screen is 800 × 800
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([180, 300, 320])
    sizes = first.splitter.sizes()
    first.close()
    again = MainWindow(store, service, clock, settings=settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (800, 610)
    assert again.splitter.sizes() == sizes
    again.close()


def test_qt_own_dialogs_speak_french(qapp):
    from PySide6.QtCore import QCoreApplication

    from ui.application import configure

    configure(qapp)
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_the_shared_attendance_follows_every_act(service):
    """The attendance computed once per act (window, room display, change) is never stale."""
    checks = [
        lambda: service.arrive("m15"),
        lambda: service.undo(),
        lambda: service.redo(),
        lambda: service.open_item("2026-015"),
        lambda: service.recuse("m9"),
        lambda: service.leave("m14"),
    ]
    for act in checks:
        act()
        assert service.attendance() == service.state.attendance()
