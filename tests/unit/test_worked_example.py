"""The worked example of the rules (13 present of 23, proxies, a recusal), as a test."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Excused,
    ItemOpened,
    ProxyGiven,
    Recused,
    SessionOpened,
    VoteRecorded,
)
from app.domain.rules import Rules
from app.domain.state import ItemStatus
from tests.factories import assembly, fold, session


def worked_example(present: int = 13, **kw):
    """23 in office: m1..m<present> present, m19..m23 give proxies to m1..m5,
    m17-m18 excused, the rest absent."""
    events = [SessionOpened()]
    events += [Arrived(member=f"m{i}") for i in range(1, present + 1)]
    events += [Excused(member="m17"), Excused(member="m18")]
    events += [ProxyGiven(giver=f"m{18 + i}", holder=f"m{i}") for i in range(1, 6)]
    events += [ItemOpened(item="P4")]
    return events


def test_worked_example_quorum_and_voters():
    state = fold(worked_example())
    att = state.attendance("P4")
    q = att.quorum
    assert (q.in_office, q.present, q.represented, q.required, q.reached) == (23, 13, 5, 12, True)
    assert len(att.excused) == 2
    assert len(att.absent) == 23 - 13 - 2
    assert att.voters == 18


def test_worked_example_recusal_and_vote():
    events = worked_example() + [
        Recused(member="m6", item="P4"),
        VoteRecorded(
            item="P4", ballot=Ballot.SHOW_OF_HANDS, count_for=12, count_against=3, count_abstain=2
        ),
    ]
    state = fold(events)
    rec = state.items["P4"]
    assert rec.snapshot is not None and rec.snapshot.voters == 17
    assert rec.vote is not None
    assert rec.vote.tally.expressed == 15
    assert rec.status is ItemStatus.ADOPTED
    assert rec.vote.recused == ("m6",)


def test_eleven_present_is_not_quorum():
    events = worked_example(present=11)
    q = fold(events).attendance("P4").quorum
    assert (q.present, q.required, q.reached, q.missing) == (11, 12, False, 1)
    with pytest.raises(DomainError, match="Quorum non atteint"):
        fold(
            events
            + [
                VoteRecorded(
                    item="P4",
                    ballot=Ballot.SHOW_OF_HANDS,
                    count_for=16,
                    count_against=0,
                    count_abstain=0,
                )
            ]
        )


def test_second_convocation_deliberates_without_quorum():
    events = worked_example(present=11) + [
        VoteRecorded(
            item="P4", ballot=Ballot.SHOW_OF_HANDS, count_for=16, count_against=0, count_abstain=0
        )
    ]
    state = fold(events, sess=session(convocation=2))
    q = state.items["P4"].snapshot.quorum
    assert not q.reached and q.second_convocation and q.may_deliberate
    assert state.items["P4"].status is ItemStatus.ADOPTED


def test_covid_preset_third_and_two_proxies():
    rules = Rules.from_preset("covid_2020")
    asm = assembly(rules=rules)
    events = worked_example(present=8) + [
        Excused(member="m16"),
        ProxyGiven(giver="m16", holder="m1"),
    ]
    state = fold(events, asm=asm)
    q = state.attendance("P4").quorum
    assert q.required == 8 and q.reached
    assert state.held["m1"] == ["m19", "m16"]
    with pytest.raises(DomainError, match="2 au plus"):
        fold(events + [ProxyGiven(giver="m15", holder="m1")], asm=asm)
