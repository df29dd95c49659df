"""The minutes of a busy session stay readable: when members come and go many times
during one stretch of an item, the stretch gets one sentence (« 37 arrivées, 12
départs… ») and the names go to an annex; a quiet stretch keeps its sentences in place.
The journal is played by the workload driver, through the service, as the live window
records it."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from app.documents.minutes import MOVES_INLINE, build_minutes, opening_attendance
from app.domain.events import Arrived, ItemOpened, Left, ProxyGiven
from app.domain.state import SessionState, replay
from app.services.records import load_record
from app.services.store import Store
from tests.integration.helpers.workload import (
    Plan,
    SessionDriver,
    build_assembly,
    build_session,
    create,
    open_service,
)
from tests.unit.documents.conftest import flat, pdf_text


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> tuple[SessionState, str]:
    folder = tmp_path_factory.mktemp("busy")
    store = Store.open(folder / "busy.sqlite")
    try:
        asm = build_assembly(80)
        sess = build_session(asm, 4)
        create(store, asm, sess)
        service = open_service(store, sess.id)
        # churn 40 before each vote: far above the summary threshold
        SessionDriver(service, random.Random(11), Plan(churn=40, undo=0.0, postponed=0)).run()
        state = load_record(store, sess.id).state
    finally:
        store.close()
    text = flat(pdf_text(build_minutes(state, folder / "pv.pdf")))
    text = re.sub(r"Commune de Saint-Exemple — [^—]*?Page \d+ / \d+ ?", "", text)
    return state, text


def _stretch(state: SessionState, item: str, voted: bool) -> Counter[str]:
    return Counter(
        type(e.event).__name__
        for e in state.timeline
        if e.item == item
        and e.item_voted == voted
        and isinstance(e.event, (Arrived, Left, ProxyGiven))
    )


def test_a_busy_stretch_is_summarised_with_the_names_in_an_annex(
    busy: tuple[SessionState, str],
) -> None:
    state, text = busy
    moves = _stretch(state, "2026-001", False)
    assert sum(moves.values()) > MOVES_INLINE
    body, annex = text.split("Annexe — arrivées, départs et pouvoirs en cours de séance")
    summary = re.search(r"Avant le vote du point 1 : ([^()]*) \(noms en annexe\)\.", body)
    assert summary, body[:3000]
    said = summary.group(1)
    arrivals = moves["Arrived"]
    assert f"{arrivals} arrivée{'s' if arrivals > 1 else ''}" in said
    assert f"{moves['Left']} départ" in said
    # no sentence per movement in that stretch's place…
    point1 = body.split("Point 1 —")[1].split("Point 2 —")[0]
    assert " quitte la séance à " not in point1 and " arrive à " not in point1
    # …the annex names each member who arrived, once
    block = annex.split("Avant le vote du point 1")[1].split("Avant le vote du point 2")[0]
    listed = block.split(f"Arrivées ({arrivals}) :")[1].split("Départs")[0]
    first = next(
        e.event
        for e in state.timeline
        if e.item == "2026-001" and not e.item_voted and isinstance(e.event, Arrived)
    )
    name = state.members[first.member].short_name
    assert name in listed


def test_a_quiet_stretch_keeps_its_sentences(tmp_path: Path) -> None:
    from tests.unit.documents.scenario import build_state

    text = flat(pdf_text(build_minutes(build_state(), tmp_path / "pv.pdf")))
    assert "(noms en annexe)" not in text and "Annexe —" not in text
    assert " quitte la séance à " in text


def test_the_opening_attendance_is_the_fold_of_the_journal_before_the_first_item(
    busy: tuple[SessionState, str],
) -> None:
    state, _ = busy
    before = []
    for entry in state.timeline:
        if isinstance(entry.event, ItemOpened):
            break
        before.append(entry.event)
    again = replay(state.assembly, state.session, before).attendance(None)
    # the same seats, quorum and counts; dated when the first item was opened
    assert replace(opening_attendance(state), at=None) == replace(again, at=None)
