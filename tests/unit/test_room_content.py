"""The room display's read model (no Qt): what the room sees at every step of the seed
session played with a secret ballot, and never a name once that ballot is called."""

from __future__ import annotations

from app.domain.events import Ballot, Event, VoteRecorded
from app.domain.script import president_script
from app.domain.state import replay
from app.services.room import Mode, Tone, room_content
from tests.unit.documents import scenario

SECRET_ITEM = "2026-014"


def secret_journal() -> list[Event]:
    """The seed session, its item 2026-014 voted by secret ballot (m6 stands aside)."""
    from app.domain.events import Recused

    events: list[Event] = []
    for ev in scenario.events():
        if isinstance(ev, VoteRecorded) and ev.item == SECRET_ITEM:
            events.append(Recused(member="m6", item=SECRET_ITEM, at=ev.at))
            events.append(
                VoteRecorded(
                    item=SECRET_ITEM,
                    ballot=Ballot.SECRET,
                    count_for=11,
                    count_against=4,
                    blank=1,
                    spoilt=1,
                    at=ev.at,
                )
            )
        else:
            events.append(ev)
    return events


def names() -> list[str]:
    out: list[str] = []
    for m in scenario.build_assembly().members:
        out += [m.short_name, m.last_name, m.first_name]
    return out


def test_no_name_from_the_call_of_a_secret_ballot_to_the_next_item() -> None:
    events = secret_journal()
    assembly, session = scenario.build_assembly(), scenario.build_session()
    vote_index = next(
        i for i, e in enumerate(events) if isinstance(e, VoteRecorded) and e.item == SECRET_ITEM
    )
    checked = 0
    for count in range(vote_index - 1, len(events) + 1):
        state = replay(assembly, session, events[:count])
        if state.current_item != SECRET_ITEM:
            break
        for mode in Mode:
            content = room_content(
                state,
                mode,
                vote_called=True,
                script=president_script(state, vote_called=True),
            )
            for text in content.texts():
                for name in names():
                    assert name not in text, (count, mode, text)
            checked += 1
    assert checked >= 2 * len(Mode)  # called, then recorded
    state = replay(assembly, session, events[: vote_index + 1])
    content = room_content(state)
    assert content.status == "✔ ADOPTÉ"
    assert content.counts == "Pour 11 · Contre 4 · Blancs 1 · Nuls 1"
    assert content.sentence == (
        "Adopté au scrutin secret à la majorité absolue des suffrages exprimés\u00a0: "
        "11\u00a0pour, 4\u00a0contre, 1\u00a0bulletin blanc, 1\u00a0bulletin nul."
    )
    assert content.choices == ()


def test_the_same_state_in_a_public_ballot_names_the_voters_by_choice() -> None:
    state = scenario.build_state()
    content = room_content(replay(state.assembly, state.session, scenario.events()[:33]))
    headings = [title for title, _ in content.choices]
    assert headings == ["Pour (15)", "Contre (2)", "Abstention (1)"]
    against = dict(content.choices)["Contre (2)"]
    assert against == ("M. DUPONT", "M. ANDRÉ")


def test_quorum_words_and_tones() -> None:
    assembly, session = scenario.build_assembly(), scenario.build_session()
    events = scenario.events()
    opened = room_content(replay(assembly, session, events[:1]))
    assert (opened.quorum_tone, opened.quorum) == (Tone.BAD, "✖ QUORUM NON ATTEINT")
    reached = room_content(replay(assembly, session, events[:13]))
    assert (reached.quorum_tone, reached.quorum) == (Tone.GOOD, "✔ QUORUM ATTEINT")
    suspended = room_content(replay(assembly, session, events[:35]))
    assert suspended.quorum_tone is Tone.WAIT
    assert suspended.quorum == "‖ SÉANCE SUSPENDUE depuis 19\u00a0h\u00a020"
    closed = room_content(replay(assembly, session, events))
    assert closed.quorum == "■ SÉANCE LEVÉE à 20\u00a0h\u00a015"


def test_before_the_opening_and_at_a_second_convocation() -> None:
    from dataclasses import replace

    assembly, session = scenario.build_assembly(), scenario.build_session()
    before = room_content(replay(assembly, session, []))
    assert before.heading.endswith("séance du 12\u00a0mars\u00a02026 · non ouverte")
    assert before.item == "" and before.status == ""
    second = replace(session, convocation=2)
    content = room_content(replay(assembly, second, scenario.events()[:3]))
    assert (content.quorum_tone, content.quorum) == (Tone.NEUTRAL, "● SANS CONDITION DE QUORUM")
    assert content.quorum_figures.endswith("· 2e convocation")


def test_withdrawn_item_and_frozen_slides() -> None:
    state = replay(scenario.build_assembly(), scenario.build_session(), scenario.events()[:45])
    content = room_content(state)
    assert (content.status, content.status_tone) == ("↷ POINT RETIRÉ", Tone.NEUTRAL)
    slide = room_content(state, Mode.SUSPENSION)
    assert slide.slide == "‖ Suspension de séance" and slide.item == ""
    agenda = room_content(state, Mode.AGENDA)
    assert agenda.agenda[-1] == "↷ 2026-017 — Acquisition de la parcelle AB 112 (retiré)"
    assert agenda.agenda[5] == "✔ 2026-016 — Désignation d'un délégué au syndicat des eaux (adopté)"
    assert room_content(state, Mode.BLANK).texts() == []
