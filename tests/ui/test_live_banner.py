"""The quorum banner's wording: reached, not reached, no condition; proxy warnings."""

from __future__ import annotations

from app.domain.events import Arrived, Excused, ProxyGiven
from app.domain.rules import Rules
from tests import factories
from ui.widgets.quorum_banner import QuorumBanner, Tone, banner_text, proxy_warnings, quorum_tone


def test_quorum_reached(qtbot):
    state = factories.fold([Arrived(member=f"m{i}") for i in range(1, 14)])
    attendance = state.attendance()
    assert quorum_tone(attendance) is Tone.REACHED
    assert banner_text(attendance) == (
        "QUORUM ATTEINT · Présents 13 · Représentés 0 · Votants 13 · requis 12 / 23"
    )


def test_quorum_not_reached_says_how_many_are_missing(qtbot):
    state = factories.fold([Arrived(member=f"m{i}") for i in range(1, 11)])
    assert banner_text(state.attendance()) == (
        "QUORUM NON ATTEINT · manque 2 présents · Présents 10 · Représentés 0 · Votants 10 · "
        "requis 12 / 23"
    )
    banner = QuorumBanner()
    qtbot.addWidget(banner)
    banner.show_attendance(state.attendance(), state)
    assert banner.tone is Tone.NOT_REACHED
    assert "#b3261e" in banner.styleSheet()


def test_proxies_counting_for_quorum_are_named(qtbot):
    events = [Arrived(member=f"m{i}") for i in range(1, 11)] + [
        Excused(member="m20"),
        ProxyGiven(giver="m20", holder="m1"),
    ]
    state = factories.fold(events, asm=factories.assembly(rules=Rules(quorum_counts_proxies=True)))
    text = banner_text(state.attendance())
    assert text.startswith(
        "QUORUM NON ATTEINT · manque 1 présent ou représenté · Présents 10 "
        "· Représentés 1 · Votants 11"
    )


def test_weighted_quorum_misses_voices_not_members(qtbot):
    """Weights counted in the quorum: what is missing is « voix », as the vote's refusal
    says (never « manque 3 présents » for three voices)."""
    asm = factories.assembly(rules=Rules(weighted=True, quorum_weighted=True), weights=[2] * 23)
    state = factories.fold([Arrived(member=f"m{i}") for i in range(1, 11)], asm=asm)
    banner = QuorumBanner()
    qtbot.addWidget(banner)
    banner.show_attendance(state.attendance(), state)
    q = state.attendance().quorum
    assert q.missing == 4
    assert banner.text.startswith("QUORUM NON ATTEINT · manque 4 voix · Présents 20")


def test_second_convocation_is_grey_without_condition(qtbot):
    state = factories.fold([Arrived(member="m1")], sess=factories.session(convocation=2))
    attendance = state.attendance()
    assert quorum_tone(attendance) is Tone.NO_CONDITION
    assert banner_text(attendance).startswith("SÉANCE SANS CONDITION DE QUORUM")


def test_warnings_about_inactive_and_unexercisable_proxies():
    events = [
        Excused(member="m2"),
        ProxyGiven(giver="m2", holder="m4"),
        Arrived(member="m3"),
        Excused(member="m5"),
        ProxyGiven(giver="m5", holder="m3"),
        Arrived(member="m5"),
    ]
    state = factories.fold(events)
    assert proxy_warnings(state.attendance(), state) == [
        "⚠ Pouvoir de M. NOM2 à M. NOM4 non exercé\u00a0: M. NOM4 est absent.",
        "⚠ Pouvoir de Mme NOM5 à Mme NOM3 inactif\u00a0: Mme NOM5 est présente et vote elle-même.",
    ]
