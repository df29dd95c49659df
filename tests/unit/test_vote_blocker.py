"""What blocks a vote has one home, ``SessionState.vote_blocker``: one test per blocking
reason, each checking that recording a vote is refused with that very refusal (code and
sentence), and that the screens (vote panel, quorum banner) are handed the same answer."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError, Refusal, Refused
from app.domain.events import (
    Arrived,
    Ballot,
    ClosedStatus,
    Event,
    ItemClosed,
    ItemOpened,
    Left,
    ProxyGiven,
    SessionClosed,
    SessionOpened,
    SessionSuspended,
    VoteRecorded,
)
from app.domain.rules import Rules
from app.domain.state import SessionState
from app.services.live_view import session_blocker, vote_blocker
from tests.factories import assembly, fold, session

PRESENT_13 = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 14)]


def unanimity(state: SessionState, item: str) -> VoteRecorded:
    voters = state.attendance(item).voters
    return VoteRecorded(item=item, ballot=Ballot.SHOW_OF_HANDS, count_for=voters, count_against=0)


def refused_vote(state: SessionState, item: str) -> Refused:
    with pytest.raises(DomainError) as caught:
        state.check(unanimity(state, item))
    assert isinstance(caught.value, Refused)
    return caught.value


def blocked(events: list[Event], item: str | None, code: Refusal, **kwargs: object) -> str:
    """The blocker of a vote on ``item`` has ``code``, and recording that vote is refused
    with the same code and sentence (when ``item`` names one)."""
    state = fold(events, **kwargs)  # type: ignore[arg-type]
    blocker = vote_blocker(state, item)
    assert blocker is not None and blocker.code is code, blocker
    if item is not None and code is not Refusal.VOTE_SESSION_CLOSED:
        refusal = refused_vote(state, item)
        assert (refusal.code, refusal.message) == (blocker.code, blocker.message)
    return blocker.message


def test_nothing_blocks_an_open_item_with_its_quorum():
    state = fold(PRESENT_13 + [ItemOpened(item="P1")])
    assert vote_blocker(state) is None and vote_blocker(state, "P1") is None
    state.check(unanimity(state, "P1"))  # accepted


def test_session_not_opened():
    message = blocked([Arrived(member="m1")], "P1", Refusal.VOTE_SESSION_NOT_OPENED)
    assert message == "La séance n'est pas ouverte : aucun vote possible."


def test_session_suspended():
    events = PRESENT_13 + [ItemOpened(item="P1"), SessionSuspended()]
    message = blocked(events, "P1", Refusal.VOTE_SESSION_SUSPENDED)
    assert message == "La séance est suspendue : reprenez-la avant de voter."


def test_session_closed():
    events = PRESENT_13 + [ItemOpened(item="P1"), SessionClosed()]
    state = fold(events)
    message = blocked(events, "P1", Refusal.VOTE_SESSION_CLOSED)
    assert message == "La séance est close : aucun vote possible."
    with pytest.raises(DomainError, match="La séance est close"):
        state.check(unanimity(state, "P1"))


def test_no_item_open():
    message = blocked(PRESENT_13, "P2", Refusal.NO_ITEM_OPEN)
    assert message == "Aucun point n'est ouvert : ouvrez le point « P2 » avant son vote."
    message = blocked(PRESENT_13, None, Refusal.NO_ITEM_OPEN)
    assert "ouvrez un point de l'ordre du jour" in message


def test_another_item_is_open():
    message = blocked(PRESENT_13 + [ItemOpened(item="P1")], "P2", Refusal.OTHER_ITEM_OPEN)
    assert message == (
        "Le point en cours est le point « P1 » : ouvrez le point « P2 » avant "
        "d'enregistrer son vote."
    )


def test_item_already_decided():
    events = PRESENT_13 + [ItemOpened(item="P1")]
    voted = events + [unanimity(fold(events), "P1")]
    message = blocked(voted, "P1", Refusal.VOTE_ITEM_DECIDED)
    assert message.startswith("Le point « P1 » est déjà adopté : pour changer le vote")
    postponed = events + [ItemClosed(item="P1", status=ClosedStatus.POSTPONED)]
    assert "est déjà ajourné" in blocked(postponed, "P1", Refusal.VOTE_ITEM_DECIDED)


def test_unknown_item():
    state = fold(PRESENT_13)
    with pytest.raises(Refused) as caught:
        vote_blocker(state, "P9")
    assert caught.value.code is Refusal.UNKNOWN_ITEM


def test_no_quorum_counts_what_the_rules_count():
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 11)]
    events += [ItemOpened(item="P1")]
    message = blocked(events, "P1", Refusal.NO_QUORUM)
    assert message == (
        "Quorum non atteint (10 présents, 12 requis, manque 2) : l'assemblée ne peut pas voter."
    )
    # proxies counted: the unit says so (the vote panel used to say « présents » alone)
    counted = assembly(rules=Rules(quorum_counts_proxies=True))
    with_proxy = events[:-1] + [ProxyGiven(giver="m20", holder="m2"), ItemOpened(item="P1")]
    message = blocked(with_proxy, "P1", Refusal.NO_QUORUM, asm=counted)
    assert message.startswith("Quorum non atteint (11 présents ou représentés, 12 requis")


def test_second_convocation_has_no_quorum_condition():
    events = [SessionOpened(), Arrived(member="m1"), ItemOpened(item="P1")]
    state = fold(events, sess=session(convocation=2))
    assert vote_blocker(state) is None


def test_session_blocker_is_the_phase_part_of_the_vote_blocker():
    assert session_blocker(fold([])).code is Refusal.VOTE_SESSION_NOT_OPENED  # type: ignore[union-attr]
    state = fold(PRESENT_13 + [Left(member="m5")])
    assert session_blocker(state) is None
    assert vote_blocker(state).code is Refusal.NO_ITEM_OPEN  # type: ignore[union-attr]
    suspended = fold(PRESENT_13 + [SessionSuspended()])
    assert session_blocker(suspended).code is Refusal.VOTE_SESSION_SUSPENDED  # type: ignore[union-attr]
