"""Elections of persons: absolute majority in rounds 1-2, relative in round 3, age at a tie."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.elections import round_result
from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    ClosedStatus,
    ElectionRound,
    ItemClosed,
    ItemOpened,
    SessionOpened,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.state import ItemStatus
from tests.factories import assembly, fold, members


def roster():
    """m1..m21 from the factory; m22 born 1950, m23 born 1980, m24 with no birth date."""
    ms = members(21) + (
        Member(id="m22", last_name="ANCIEN", civility="M.", birth_date=date(1950, 5, 1)),
        Member(id="m23", last_name="CADET", civility="Mme", birth_date=date(1980, 5, 1)),
        Member(id="m24", last_name="SANSDATE", civility="M."),
    )
    return assembly(0, extra=ms)


def opened(n: int = 20) -> list:
    return (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, n + 1)]
        + [ItemOpened(item="P1")]
    )


def rnd(no: int, votes: dict[str, int], blank: int = 0, spoilt: int = 0) -> ElectionRound:
    return ElectionRound(
        item="P1", round=no, votes=tuple(votes.items()), blank=blank, spoilt=spoilt
    )


def record(events):
    return fold(events, asm=roster()).items["P1"]


def test_absolute_majority_elects_at_the_first_round():
    rec = record(opened() + [rnd(1, {"m22": 11, "m23": 7}, blank=1, spoilt=1)])
    r = rec.rounds[0]
    assert (r.expressed, r.needed, r.elected, r.by_age) == (18, 10, "m22", False)
    assert rec.elected == "m22" and rec.status is ItemStatus.ADOPTED
    assert rec.snapshot is not None and rec.snapshot.voters == 20


def test_blank_and_spoilt_are_not_expressed():
    # 9 of 17 expressed is an absolute majority even though 9 of 20 ballots is not
    rec = record(opened() + [rnd(1, {"m22": 9, "m23": 8}, blank=2, spoilt=1)])
    assert rec.rounds[0].needed == 9 and rec.elected == "m22"


def test_no_absolute_majority_at_rounds_one_and_two():
    events = opened() + [rnd(1, {"m22": 9, "m23": 9, "m1": 2})]
    rec = record(events)
    assert rec.elected is None and rec.status is ItemStatus.PENDING
    events.append(rnd(2, {"m22": 10, "m23": 10}))
    rec = record(events)
    assert rec.elected is None and len(rec.rounds) == 2
    rec = record(events + [rnd(3, {"m22": 9, "m23": 8, "m1": 3})])
    r = rec.rounds[2]
    assert (r.needed, r.elected, r.by_age) == (None, "m22", False)  # relative majority


def test_absolute_majority_at_round_two():
    events = opened() + [rnd(1, {"m22": 9, "m23": 9, "m1": 2}), rnd(2, {"m23": 11, "m22": 9})]
    rec = record(events)
    assert rec.elected == "m23" and rec.rounds[1].needed == 11


def test_exactly_half_is_not_an_absolute_majority():
    rec = record(opened() + [rnd(1, {"m22": 10, "m23": 10})])
    assert rec.elected is None
    r = round_result(1, {"a": 10, "b": 9, "c": 1}, 0, 0, {})
    assert r.elected is None and r.needed == 11


def test_tie_at_round_three_goes_to_the_oldest():
    events = opened() + [rnd(1, {"m22": 10, "m23": 10}), rnd(2, {"m22": 10, "m23": 10})]
    rec = record(events + [rnd(3, {"m23": 10, "m22": 10})])
    r = rec.rounds[2]
    assert r.elected == "m22" and r.by_age
    assert rec.status is ItemStatus.ADOPTED


def test_age_tie_break_with_a_missing_birth_date_is_refused():
    events = opened() + [rnd(1, {"m22": 10, "m24": 10}), rnd(2, {"m22": 10, "m24": 10})]
    with pytest.raises(DomainError, match="la date de naissance de M. SANSDATE est nécessaire"):
        record(events + [rnd(3, {"m22": 10, "m24": 10})])
    # a missing date does not matter when there is no tie
    assert record(events + [rnd(3, {"m22": 11, "m24": 9})]).elected == "m22"


def test_rounds_out_of_order_are_refused():
    with pytest.raises(DomainError, match="le tour attendu est le tour n° 1"):
        record(opened() + [rnd(2, {"m22": 20})])
    with pytest.raises(DomainError, match="le tour attendu est le tour n° 2"):
        record(opened() + [rnd(1, {"m22": 10, "m23": 10}), rnd(3, {"m22": 20})])
    with pytest.raises(DomainError, match="le tour attendu est le tour n° 2"):
        record(opened() + [rnd(1, {"m22": 10, "m23": 10}), rnd(1, {"m22": 20})])


def test_no_round_after_someone_is_elected():
    with pytest.raises(DomainError, match="déjà adopté"):
        record(opened() + [rnd(1, {"m22": 20}), rnd(2, {"m22": 20})])


def test_total_not_matching_voters_is_refused():
    with pytest.raises(DomainError, match="20 votants mais 19 bulletins saisis"):
        record(opened() + [rnd(1, {"m22": 10, "m23": 8}, blank=1)])
    with pytest.raises(DomainError, match="20 votants mais 21 bulletins saisis"):
        record(opened() + [rnd(1, {"m22": 10, "m23": 8}, blank=2, spoilt=1)])


def test_unknown_candidate_is_refused():
    with pytest.raises(DomainError, match="« x » inconnu"):
        record(opened() + [rnd(1, {"x": 20})])


def test_election_needs_quorum_and_an_open_session():
    with pytest.raises(DomainError, match="Quorum non atteint"):
        record(opened(5) + [rnd(1, {"m22": 5})])
    with pytest.raises(DomainError, match="n'est pas ouverte"):
        record([rnd(1, {"m22": 5})])


def test_election_in_progress_cannot_become_a_vote_but_can_be_withdrawn_or_postponed():
    """Issue #11: an election can be withdrawn or postponed between rounds."""
    events = opened() + [rnd(1, {"m22": 10, "m23": 10})]
    with pytest.raises(DomainError, match="est une élection en cours"):
        record(
            events + [VoteRecorded(item="P1", ballot=Ballot.SECRET, count_for=20, count_against=0)]
        )
    for status in (ClosedStatus.POSTPONED, ClosedStatus.WITHDRAWN):
        rec = record(events + [ItemClosed(item="P1", status=status)])
        assert rec.status.value == status.value and len(rec.rounds) == 1
    with pytest.raises(DomainError, match="déjà adopté"):
        record(
            opened() + [rnd(1, {"m22": 20}), ItemClosed(item="P1", status=ClosedStatus.POSTPONED)]
        )


def test_round_result_on_its_own():
    with pytest.raises(DomainError, match="seuls trois tours"):
        round_result(4, {"a": 1}, 0, 0, {})
    r = round_result(3, {"a": 0, "b": 0}, 5, 0, {})
    assert r.elected is None and r.total == 5
    r = round_result(
        3,
        {"a": 4, "b": 4, "c": 4},
        0,
        0,
        {"a": date(1970, 1, 1), "b": date(1960, 6, 1), "c": date(1960, 7, 1)},
    )
    assert (r.elected, r.by_age) == ("b", True)
    assert r.votes[0][1] == 4


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 20), min_size=1),
    st.integers(1, 3),
    st.data(),
)
def test_the_order_of_candidates_does_not_matter(votes, round_no, data):
    births = {
        "a": date(1960, 1, 1),
        "b": date(1955, 1, 1),
        "c": date(1970, 1, 1),
        "d": date(1955, 6, 1),
    }
    shuffled = dict(data.draw(st.permutations(list(votes.items()))))
    first = round_result(round_no, votes, 1, 0, births)
    second = round_result(round_no, shuffled, 1, 0, births)
    assert first == second
    if first.elected is not None:
        top = max(votes.values())
        assert votes[first.elected] == top
        if round_no < 3:
            assert top * 2 > sum(votes.values())
