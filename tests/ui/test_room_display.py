"""The room display, driven through the main window on the demo session: its texts after
each act, the secretary's modes, and never a name during or after a secret ballot."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.domain.errors import DomainError
from app.domain.events import Choice, RecordingStarted
from app.domain.script import president_script
from app.services.session_service import SessionService
from ui.room_display import Mode, RoomDisplay, paginate, projector_screen, room_content

N = "\u00a0"


def names_of(service: SessionService) -> list[str]:
    """Every way a member could be named: « M. BLANC », « BLANC », « Étienne »."""
    out: list[str] = []
    for m in service.assembly.members:
        out += [m.short_name, m.last_name]
        if m.first_name:
            out.append(m.first_name)
    return out


def assert_no_name(texts: list[str], service: SessionService) -> None:
    for text in texts:
        for name in names_of(service):
            assert name not in text, f"{name!r} shown on the room display: {text!r}"


def shown(window) -> str:
    display = window.room.display
    assert display is not None and display.isVisible()
    return "\n".join(display.visible_texts())


@pytest.fixture
def room(window, qtbot):
    """The main window with its room display open (F8)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need an active window
    qtbot.keyClick(window.search, Qt.Key.Key_F8)
    display = window.room.display
    assert isinstance(display, RoomDisplay)
    qtbot.waitExposed(display)
    qtbot.wait(20)
    qtbot.waitUntil(window.isActiveWindow)  # the keyboard stays with the secretary
    return window


def test_f8_opens_a_normal_window_with_one_screen_and_closes_it(room, qtbot) -> None:
    display = room.room.display
    assert len(QGuiApplication.screens()) == 1
    assert display.isVisible() and not display.isFullScreen()
    assert not display.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert room.room.actions["display"].isChecked()
    qtbot.keyClick(room.search, Qt.Key.Key_F8)
    assert not display.isVisible()
    assert not room.room.actions["display"].isChecked()


def test_texts_after_each_act(room, qtbot, service: SessionService, clock) -> None:
    text = shown(room)
    assert f"Conseil municipal — Commune de Saint-Exemple · séance du 12{N}mars{N}2026" in text
    assert "✔ QUORUM ATTEINT" in text
    assert "Présents 13 · Représentés 4 · Requis 12 sur 23" in text
    assert "Point 2026-014\nVote des taux d'imposition 2026" in text
    assert "VOTE EN COURS" not in text

    qtbot.keyClick(room.search, Qt.Key.Key_F7)  # the secretary calls the vote
    text = shown(room)
    assert "● VOTE EN COURS" in text and "Votants 17" in text

    service.record_show_of_hands("2026-014", 14, 2, 1)
    text = shown(room)
    assert "VOTE EN COURS" not in text
    assert "✔ ADOPTÉ" in text
    assert "Pour 14 · Contre 2 · Abstention 1" in text
    assert (
        f"Adopté à la majorité absolue des suffrages exprimés{N}: 14{N}pour, 2{N}contre, "
        f"1{N}abstention." in text
    )

    service.open_item("2026-015")
    text = shown(room)
    assert "Point 2026-015\nAdhésion au syndicat mixte de la vallée de l'Exemple" in text
    assert "ADOPTÉ" not in text and "Pour 14" not in text

    for member in ("m2", "m3", "m4", "m5", "m7", "m8"):
        service.leave(member)
    text = shown(room)
    assert "✖ QUORUM NON ATTEINT" in text
    assert "Présents 7 · Représentés 1 · Requis 12 sur 23 · manque 5 (présents)" in text

    service.suspend()
    text = shown(room)
    assert f"‖ SÉANCE SUSPENDUE depuis 19{N}h{N}20" in text

    for member in ("m2", "m3", "m4", "m5", "m7", "m8"):
        service.arrive(member)
    service.resume()
    text = shown(room)
    assert "✔ QUORUM ATTEINT" in text and "SUSPENDUE" not in text

    service.close_session()
    assert f"■ SÉANCE LEVÉE à 19{N}h{N}20" in shown(room)


def test_public_ballot_shows_names_by_choice(room, service: SessionService) -> None:
    voters = service.state.attendance().voting_members
    choices = [(m, Choice.AGAINST if m == "m13" else Choice.FOR) for m in voters]
    service.record_public("2026-014", choices)
    text = shown(room)
    assert "Pour (16)" in text and "Contre (1)" in text
    assert "Mme LAMBERT" in text  # m13, against
    assert "Abstention (" not in text  # no abstention: no empty heading
    for m in voters:
        assert service.name(m) in text


def test_never_a_name_during_or_after_a_secret_ballot(room, qtbot, service) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # script
    assert room.room.script_on_display
    service.recuse("m2")  # someone stands aside: not named either
    qtbot.keyClick(room.search, Qt.Key.Key_F7)
    texts = room.room.display.visible_texts()
    assert "● VOTE EN COURS" in "\n".join(texts)
    assert_no_name(texts, service)
    voters = service.state.attendance().voters
    service.record_secret("2026-014", voters - 5, 3, 1, 1)
    texts = room.room.display.visible_texts()
    joined = "\n".join(texts)
    assert "✔ ADOPTÉ" in joined
    assert f"Pour {voters - 5} · Contre 3 · Blancs 1 · Nuls 1" in joined
    assert "au scrutin secret" in joined
    assert_no_name(texts, service)
    assert_no_name(room.room.content().texts(), service)
    for mode in (Mode.AGENDA, Mode.SUSPENSION, Mode.AUTO):
        room.room.set_mode(mode)
        assert_no_name(room.room.display.visible_texts(), service)
    service.arrive("m6") if "m6" not in service.state.present else None
    assert_no_name(room.room.display.visible_texts(), service)
    # the next item's announcement may name its rapporteur again
    service.open_item("2026-015")
    assert "M. ROUX" in shown(room)


def test_election_rounds_and_the_elected(room, service: SessionService) -> None:
    voters = service.state.attendance().voters
    service.record_election_round("2026-014", 1, {"m3": 8, "m13": 8}, blank=voters - 16)
    text = shown(room)
    assert "↻ PAS D'ÉLU AU 1ER TOUR" in text
    assert "Candidat\n1er tour" in text or "Candidat 1er tour" in text.replace("\t", " ")
    room.room.call_vote()  # the second round is called
    text = shown(room)
    assert "● VOTE EN COURS — 2e tour" in text
    assert "Mme LAMBERT" in text  # the candidates of the first round stay on screen
    service.record_election_round("2026-014", 2, {"m3": 10, "m13": 7}, blank=voters - 17)
    text = shown(room)
    assert f"✔ ÉLUE{N}: Mme LEFÈVRE" in text
    assert f"Mme LEFÈVRE est élue au 2e tour avec 10{N}voix sur 17{N}suffrages exprimés." in text
    assert "Mme LEFÈVRE ✔" in text and "Mme LAMBERT" in text


def test_modes_are_chosen_with_keys(room, qtbot, service: SessionService) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert room.room.mode is Mode.SUSPENSION
    assert "‖ Suspension de séance" in shown(room)
    assert "Point 2026-014" not in shown(room)
    service.record_show_of_hands("2026-014", 17, 0, 0)  # frozen: the slide stays
    assert "ADOPTÉ" not in shown(room)
    qtbot.keyClick(room.search, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    text = shown(room)
    assert "Ordre du jour" in text
    assert "✔ 2026-014 — Vote des taux d'imposition 2026 (adopté)" in text
    assert "· 2026-015 — Adhésion au syndicat mixte de la vallée de l'Exemple (à venir)" in text
    qtbot.keyClick(room.search, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert room.room.display.visible_texts() == []  # a black screen
    qtbot.keyClick(room.search, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert "✔ ADOPTÉ" in shown(room)
    assert room.room.actions["auto"].isChecked() and not room.room.actions["blank"].isChecked()


def test_an_entry_still_being_typed_never_reaches_the_room(room, qtbot) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_F6)
    before = shown(room)
    assert "● VOTE EN COURS" in before  # the vote is called: no figure yet
    qtbot.keyClicks(room.focusWidget(), "9")
    qtbot.keyClick(room.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(room.focusWidget(), "5")
    qtbot.keyClick(room.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(room.focusWidget(), "3")
    assert shown(room) == before
    assert "Pour" not in shown(room)


def test_a_refused_act_changes_nothing(room, service: SessionService) -> None:
    before = shown(room)
    with pytest.raises(DomainError):
        service.record_show_of_hands("2026-014", 1, 1, 1)  # 3 voices for 17 voters
    assert shown(room) == before


def test_main_line_is_at_least_5_percent_of_the_screen(room) -> None:
    display = room.room.display
    display.resize(1920, 1080)
    for label in (display.quorum_label, display.status_label):
        assert label.font().pixelSize() >= 0.05 * 1080
    assert display.quorum_label.font().bold()


def test_long_public_lists_are_paged(room, service: SessionService) -> None:
    display = room.room.display
    display.resize(1920, 1080)
    voters = service.state.attendance().voting_members
    service.record_public("2026-014", [(m, Choice.FOR) for m in voters])
    assert len(display.pages) == 1  # 17 names fit on one page at 1080 lines
    names = tuple(f"M. NOM{i:03d}" for i in range(300))
    many = replace(display.content, choices=(("Pour (300)", names),))
    display.show_content(many)
    assert len(display.pages) > 1
    first = shown(room)
    assert f"page 1/{len(display.pages)}" in first
    display.next_page()
    second = shown(room)
    assert "Pour (300) (suite)" in second and second != first
    seen = ""
    for _ in display.pages:
        seen += shown(room)
        display.next_page()
    for name in names:
        assert name in seen
    assert display.page_timer.isActive()


def test_paginate_keeps_headings_and_cuts_pages() -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont())
    names = tuple(f"M. NOM{i}" for i in range(40))
    pages = paginate((("Pour (40)", names), ("Contre (1)", ("Mme X",))), metrics, 200, 4)
    assert pages[0][0] == (True, "Pour (40)")
    assert all(len(p) <= 4 for p in pages)
    assert pages[1][0] == (True, "Pour (40) (suite)")
    flat = " ".join(t for p in pages for h, t in p if not h)
    for name in names:
        assert name.replace(" ", N) in flat
    assert (True, "Contre (1)") in [line for p in pages for line in p]


def test_script_panel_follows_the_acts_and_copies(room, qtbot, service) -> None:
    panel = room.room.script_panel
    assert panel.now_label.text() == (
        f"Point 2026-014{N}: Vote des taux d'imposition 2026. "
        "La parole est à M. DUPONT, rapporteur."
    )
    assert panel.then_label.text().startswith(f"Ensuite{N}: Je mets aux voix le point 2026-014")
    service.record_show_of_hands("2026-014", 14, 2, 1)
    expected = president_script(service.state).now.text
    assert panel.now_label.text() == expected
    qtbot.keyClick(
        room.search,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().text() == expected
    assert "Texte du président copié" in room.status_line.text()


def test_script_on_the_room_display(room, qtbot, service) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert "La parole est à M. DUPONT, rapporteur." in shown(room)
    qtbot.keyClick(room.search, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert "La parole est à M. DUPONT" not in shown(room)


def test_recording_mark_is_a_journal_event(room, qtbot, service, clock) -> None:
    clock.now = datetime(2026, 3, 12, 19, 21, 5)
    qtbot.keyClick(
        room.search,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    last = service.events[-1]
    assert isinstance(last, RecordingStarted)
    assert last.at == clock.now
    assert "enregistrement démarré" in room.status_line.text()
    stored = service.store.load_events(service.session.id)[-1]
    assert stored == last


def test_room_content_is_plain_data(service: SessionService) -> None:
    content = room_content(service.state, Mode.BLANK)
    assert content.texts() == []


def test_projector_screen_is_another_screen_than_the_secretarys() -> None:
    assert projector_screen(["laptop"], "laptop") is None
    assert projector_screen(["laptop", "hdmi"], "laptop") == "hdmi"
    assert projector_screen(["hdmi", "laptop"], "laptop") == "hdmi"
    assert projector_screen(["a", "b", "c"], "b") == "a"


def test_the_proclamation_is_not_repeated_as_the_script(room, qtbot, service) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    service.record_show_of_hands("2026-014", 14, 2, 1)
    content = room.room.content()
    assert content.sentence and content.script == ""
    assert shown(room).count("Adopté à la majorité absolue") == 1


def test_closing_the_room_window_unchecks_its_menu_entry(room, qtbot) -> None:
    display = room.room.display
    display.close()  # the window manager's close button, in a rehearsal on one screen
    assert not display.isVisible()
    assert not room.room.actions["display"].isChecked()
    qtbot.keyClick(room.search, Qt.Key.Key_F8)
    assert display.isVisible() and room.room.actions["display"].isChecked()


def test_f6_to_enter_the_vote_shows_vote_in_progress(room, qtbot, service) -> None:
    qtbot.keyClick(room.search, Qt.Key.Key_F6)
    assert "● VOTE EN COURS" in shown(room)
    qtbot.keyClick(room.focusWidget(), Qt.Key.Key_F6)  # again: still in progress
    assert "● VOTE EN COURS" in shown(room)
    service.record_unanimity("2026-014")
    assert "VOTE EN COURS" not in shown(room) and "✔ ADOPTÉ" in shown(room)
    service.open_item("2026-015")
    assert "VOTE EN COURS" not in shown(room)
