"""Votes (L2121-20, L2121-21): tallies, majorities, ties and the casting vote, ballots."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.assembly import Majority
from app.domain.errors import DomainError, InputError
from app.domain.events import (
    Arrived,
    Ballot,
    Choice,
    ClosedStatus,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    ProxyGiven,
    Recused,
    SessionOpened,
    VoteRecorded,
    decode_event,
)
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import ItemStatus
from app.domain.votes import Tally, check_total, decide, needed_for
from tests.factories import assembly, fold, session

FOR, AGAINST, ABSTAIN = Choice.FOR, Choice.AGAINST, Choice.ABSTAIN


def opened(n: int = 13, *, proxies: int = 0, item: str = "P1") -> list:
    """m1..mN present (m1 presides); m23, m22, … give proxies to m2, m3, …"""
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, n + 1)]
    events += [ProxyGiven(giver=f"m{23 - k}", holder=f"m{k + 2}") for k in range(proxies)]
    return events + [ItemOpened(item=item)]


def hands(
    f: int, a: int = 0, ab: int = 0, *, president: Choice | None = None, item: str = "P1"
) -> VoteRecorded:
    return VoteRecorded(
        item=item,
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=f,
        count_against=a,
        count_abstain=ab,
        president_vote=president,
    )


def secret(f: int, a: int, blank: int = 0, spoilt: int = 0, item: str = "P1") -> VoteRecorded:
    return VoteRecorded(
        item=item, ballot=Ballot.SECRET, count_for=f, count_against=a, blank=blank, spoilt=spoilt
    )


def public(
    choices: dict[str, Choice], *, president: Choice | None = None, item: str = "P1"
) -> VoteRecorded:
    return VoteRecorded(
        item=item, ballot=Ballot.PUBLIC, choices=tuple(choices.items()), president_vote=president
    )


def result(events, **kw):
    state = fold(events, **kw)
    return state.items["P1"]


# ---------------------------------------------------------------- simple majority
def test_adopted_when_for_exceeds_against():
    rec = result(opened() + [hands(7, 6)])
    assert rec.status is ItemStatus.ADOPTED
    assert (rec.vote.needed, rec.vote.tally.expressed) == (7, 13)
    assert not rec.vote.tie and not rec.vote.casting_vote_used


def test_rejected_when_against_exceeds_for():
    rec = result(opened() + [hands(6, 7)])
    assert rec.status is ItemStatus.REJECTED and not rec.vote.adopted


def test_abstentions_are_not_counted():
    rec = result(opened() + [hands(2, 1, 10)])
    assert rec.vote.adopted and rec.vote.tally.expressed == 3 and rec.vote.needed == 2
    rec = result(opened() + [hands(1, 2, 10)])
    assert not rec.vote.adopted


def test_everybody_abstaining_rejects_without_tie():
    rec = result(opened() + [hands(0, 0, 13)])
    assert not rec.vote.adopted and not rec.vote.tie


def test_unanimity_flags():
    rec = result(opened() + [hands(13)])
    assert rec.vote.unanimous and not rec.vote.unanimous_expressed
    rec = result(opened() + [hands(10, 0, 3)])
    assert rec.vote.unanimous_expressed and not rec.vote.unanimous


# ---------------------------------------------------------------- ties
def test_tie_with_casting_vote_for_adopts():
    rec = result(opened(12) + [hands(6, 6, president=FOR)])
    assert rec.vote.adopted and rec.vote.tie and rec.vote.casting_vote_used
    assert rec.vote.president_vote is FOR


def test_tie_with_casting_vote_against_rejects():
    rec = result(opened(12) + [hands(6, 6, president=AGAINST)])
    assert not rec.vote.adopted and rec.vote.tie and rec.vote.casting_vote_used


def test_tie_without_president_vote_rejects():
    rec = result(opened(12) + [hands(6, 6)])
    assert not rec.vote.adopted and rec.vote.tie and not rec.vote.casting_vote_used


def test_tie_with_president_abstaining_rejects():
    rec = result(opened(13) + [hands(6, 6, 1, president=ABSTAIN)])
    assert not rec.vote.adopted and rec.vote.tie and not rec.vote.casting_vote_used


def test_tie_when_rules_have_no_casting_vote_rejects():
    asm = assembly(rules=Rules(casting_vote=False))
    rec = result(opened(12) + [hands(6, 6, president=FOR)], asm=asm)
    assert not rec.vote.adopted and not rec.vote.casting_vote_used


def test_president_absent_cannot_cast_a_vote():
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(2, 14)]
    events.append(ItemOpened(item="P1"))
    with pytest.raises(DomainError, match="La présidente, Mme NOM1, est absente"):
        fold(events + [hands(6, 6, president=FOR)])
    rec = result(events + [hands(6, 6)])
    assert not rec.vote.adopted and not rec.vote.casting_vote_used


def test_president_recused_cannot_cast_a_vote():
    events = opened(13) + [Recused(member="m1", item="P1")]
    with pytest.raises(DomainError, match="La présidente, Mme NOM1, ne prend pas part à ce vote"):
        fold(events + [hands(6, 6, president=FOR)])


def test_no_president_named_cannot_cast_a_vote():
    with pytest.raises(DomainError, match="Aucun président n'est désigné"):
        fold(opened(12) + [hands(6, 6, president=FOR)], sess=session(president=None))


def test_secret_tie_rejects():
    rec = result(opened(13) + [secret(6, 6, blank=1)])
    assert not rec.vote.adopted and rec.vote.tie and not rec.vote.casting_vote_used


def test_secret_ballot_does_not_use_a_casting_vote_even_if_given():
    tally = Tally(Ballot.SECRET, 12, 6, 6)
    res = decide(
        tally,
        Majority.ABSOLUTE_EXPRESSED,
        in_office=23,
        casting_vote_allowed=True,
        president_vote=FOR,
    )
    assert not res.adopted and not res.casting_vote_used


def test_public_tie_uses_the_president_choice():
    choices = {f"m{i}": FOR for i in range(1, 7)} | {f"m{i}": AGAINST for i in range(7, 13)}
    rec = result(opened(12) + [public(choices)])
    assert rec.vote.adopted and rec.vote.casting_vote_used and rec.vote.president_vote is FOR
    choices["m1"], choices["m12"] = AGAINST, FOR
    rec = result(opened(12) + [public(choices)])
    assert not rec.vote.adopted and rec.vote.casting_vote_used


def test_public_president_vote_must_match_his_choice():
    choices = {f"m{i}": FOR for i in range(1, 7)} | {f"m{i}": AGAINST for i in range(7, 13)}
    with pytest.raises(DomainError, match="ne correspond pas à son choix nominatif"):
        fold(opened(12) + [public(choices, president=AGAINST)])


def test_public_vote_with_the_president_represented():
    """A president who left and gave a proxy has no casting vote, but the vote stands."""
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 14)]
    events += [Left(member="m1"), ProxyGiven(giver="m1", holder="m2"), ItemOpened(item="P1")]
    choices = {f"m{i}": FOR for i in range(2, 9)} | {f"m{i}": AGAINST for i in range(9, 14)}
    choices |= {"m1": FOR}  # the represented president's own choice, under his name
    rec = result(events + [public(choices)])  # 8 for, 5 against
    assert rec.vote.adopted and rec.vote.tally.count_for == 8
    assert dict(rec.vote.choices)["m1"] is FOR
    # an exact tie with a represented president: no casting vote, a tie rejects
    tie = {f"m{i}": FOR for i in range(2, 8)} | {f"m{i}": AGAINST for i in range(8, 14)}
    tie |= {"m1": ABSTAIN}
    rec = result(events + [public(tie)])
    assert rec.vote.tie and not rec.vote.adopted and not rec.vote.casting_vote_used


# ---------------------------------------------------------------- other majorities
@pytest.mark.parametrize(
    ("f", "a", "adopted"),
    [
        (10, 5, True),
        (9, 5, False),
        (8, 4, True),
        (7, 4, False),
        (2, 1, True),
        (1, 1, False),
        (1, 0, True),
        (0, 0, False),
        (10, 6, False),
        (11, 5, True),
    ],
)
def test_two_thirds_of_expressed(f, a, adopted):
    n = f + a
    events = opened(max(n, 12))
    rec = result(
        events + [hands(f, a, max(n, 12) - n)], sess=session(majority=Majority.TWO_THIRDS_EXPRESSED)
    )
    assert rec.vote.adopted is adopted
    assert rec.vote.majority is Majority.TWO_THIRDS_EXPRESSED


def test_two_thirds_needed():
    assert needed_for(Majority.TWO_THIRDS_EXPRESSED, 15, 23) == 10
    assert needed_for(Majority.TWO_THIRDS_EXPRESSED, 14, 23) == 10
    assert needed_for(Majority.TWO_THIRDS_EXPRESSED, 12, 23) == 8
    assert needed_for(Majority.TWO_THIRDS_EXPRESSED, 0, 23) == 1


def test_two_thirds_tie_ignores_the_casting_vote():
    rec = result(
        opened(12) + [hands(6, 6, president=FOR)],
        sess=session(majority=Majority.TWO_THIRDS_EXPRESSED),
    )
    assert not rec.vote.adopted and not rec.vote.casting_vote_used


def test_absolute_majority_of_members_in_office():
    sess = session(majority=Majority.ABSOLUTE_MEMBERS_IN_OFFICE)
    rec = result(opened(18) + [hands(12, 0, 6)], sess=sess)
    assert rec.vote.adopted and rec.vote.needed == 12
    rec = result(opened(18) + [hands(11, 0, 7)], sess=sess)
    assert not rec.vote.adopted and rec.vote.needed == 12


def test_absolute_majority_of_members_in_office_counts_weights():
    weights = [5, 1, 1, 1, 1]  # 9 in office → 5 needed
    asm = assembly(5, rules=Rules(preset="custom", weighted=True), weights=weights)
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 6)]
    events.append(ItemOpened(item="P1"))
    sess = session(majority=Majority.ABSOLUTE_MEMBERS_IN_OFFICE)
    rec = result(events + [hands(5, 0, 4)], asm=asm, sess=sess)
    assert rec.vote.adopted and rec.vote.needed == 5
    rec = result(events + [hands(4, 0, 5)], asm=asm, sess=sess)
    assert not rec.vote.adopted


# ---------------------------------------------------------------- weighted tallies
def weighted_events():
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in (1, 2, 3)]
    events += [ProxyGiven(giver="m5", holder="m2"), ItemOpened(item="P1")]
    return events


WEIGHTED = dict(
    asm=assembly(5, rules=Rules(preset="custom", weighted=True), weights=[4, 1, 2, 1, 3])
)


def test_weighted_voters_and_show_of_hands():
    state = fold(weighted_events(), **WEIGHTED)
    assert state.attendance("P1").voters == 4 + 1 + 2 + 3
    rec = result(weighted_events() + [hands(4, 6)], **WEIGHTED)
    assert not rec.vote.adopted and rec.vote.tally.voters == 10
    with pytest.raises(DomainError, match="10 votants mais 4 voix saisies"):
        fold(weighted_events() + [hands(3, 1)], **WEIGHTED)


def test_weighted_public_ballot_sums_weights():
    # m1 (4) for; m2 (1) and m5 (3, through m2) against; m3 (2) for → 6 for, 4 against
    rec = result(
        weighted_events() + [public({"m1": FOR, "m2": AGAINST, "m3": FOR, "m5": AGAINST})],
        **WEIGHTED,
    )
    t = rec.vote.tally
    assert (t.count_for, t.count_against, t.count_abstain) == (6, 4, 0) and rec.vote.adopted
    # the giver's own choice overrides his holder's
    rec = result(
        weighted_events() + [public({"m1": AGAINST, "m2": AGAINST, "m3": FOR, "m5": FOR})],
        **WEIGHTED,
    )
    t = rec.vote.tally
    assert (t.count_for, t.count_against) == (5, 5) and not rec.vote.adopted


# ---------------------------------------------------------------- totals
def test_totals_not_matching_voters_say_which_number_is_off():
    events = opened(13, proxies=5) + [Recused(member="m7", item="P1")]
    with pytest.raises(DomainError) as info:
        fold(events + [hands(12, 3, 1)])
    assert str(info.value).endswith(
        "17 votants mais 16 voix saisies (12 pour + 3 contre + 1 abstention) : il manque 1 voix."
    )
    with pytest.raises(
        DomainError,
        match=r"17 votants mais 18 voix saisies .* : 1 voix de "
        "trop",
    ):
        fold(events + [hands(12, 3, 3)])
    fold(events + [hands(12, 3, 2)])


def test_eighteen_voters_seventeen_votes():
    with pytest.raises(DomainError, match="18 votants mais 17 voix saisies"):
        fold(opened(13, proxies=5) + [hands(12, 3, 2)])


def test_secret_totals_include_blank_and_spoilt():
    with pytest.raises(
        DomainError,
        match=r"13 votants mais 12 voix saisies \(5 pour \+ 5 contre "
        r"\+ 1 blanc \+ 1 nul\)",
    ):
        fold(opened(13) + [secret(5, 5, 1, 1)])
    rec = result(opened(13) + [secret(6, 5, 1, 1)])
    assert rec.vote.adopted and rec.vote.tally.expressed == 11


def test_check_total_on_its_own():
    check_total(Tally(Ballot.SHOW_OF_HANDS, 3, 1, 1, 1))
    with pytest.raises(DomainError, match="3 votants mais 2 voix saisies"):
        check_total(Tally(Ballot.SHOW_OF_HANDS, 3, 1, 1))


def test_blank_ballots_only_in_secret_ballots():
    bad = VoteRecorded(
        item="P1",
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=12,
        count_against=0,
        count_abstain=0,
        blank=1,
    )
    with pytest.raises(DomainError, match="seulement au scrutin secret"):
        fold(opened(13) + [bad])


# ---------------------------------------------------------------- when a vote is possible
def test_vote_without_quorum_at_first_convocation_is_refused():
    with pytest.raises(DomainError, match="Quorum non atteint .* l'assemblée ne peut pas voter"):
        fold(opened(11, proxies=5) + [hands(16)])


def test_vote_on_an_item_already_voted_is_refused():
    with pytest.raises(
        DomainError,
        match="Le point « P1 » est déjà adopté : pour changer le "
        r"vote, annulez d'abord celui qui est enregistré",
    ):
        fold(opened() + [hands(13), hands(13)])
    with pytest.raises(DomainError, match="déjà rejeté"):
        fold(opened() + [hands(0, 13), hands(13)])


def test_vote_on_an_unknown_item_is_refused():
    with pytest.raises(DomainError, match="Point « P9 » absent de l'ordre du jour"):
        fold(opened() + [hands(13, item="P9")])


def test_recusal_after_the_vote_is_refused():
    with pytest.raises(DomainError, match="déjà enregistré : corrigez-le d'abord"):
        fold(opened() + [hands(13), Recused(member="m2", item="P1")])


def test_recusal_on_an_unknown_item_is_refused():
    with pytest.raises(DomainError, match="Point « P9 » absent de l'ordre du jour"):
        fold(opened() + [Recused(member="m2", item="P9")])


def test_recusal_twice_is_refused():
    with pytest.raises(DomainError, match="ne prend déjà pas part au vote"):
        fold(opened() + [Recused(member="m2", item="P1"), Recused(member="m2", item="P1")])


def test_recused_members_and_the_proxies_they_hold_are_excluded():
    events = opened(13, proxies=5) + [
        Recused(member="m2", item="P1"),
        Recused(member="m8", item="P1"),
    ]
    att = fold(events).attendance("P1")
    # m2 is recused and holds m23's proxy; m8 is recused
    assert att.voters == 18 - 3
    assert att.recused == ("m2", "m8")
    rec = result(events + [hands(10, 3, 2)])
    assert rec.vote.recused == ("m2", "m8") and rec.snapshot.voters == 15


# ---------------------------------------------------------------- public ballot
def everyone(choice: Choice, n: int = 13) -> dict[str, Choice]:
    return {f"m{i}": choice for i in range(1, n + 1)}


def test_public_ballot_records_every_voter():
    choices = everyone(FOR) | {"m4": AGAINST, "m5": ABSTAIN}
    rec = result(opened() + [public(choices)])
    assert rec.vote.adopted
    assert rec.vote.names(AGAINST) == ("m4",) and rec.vote.names(ABSTAIN) == ("m5",)
    assert len(rec.vote.choices) == 13


def test_public_choice_for_someone_absent_not_represented_is_refused():
    with pytest.raises(
        DomainError, match="M. NOM20 est absent et non représenté : pas de choix possible"
    ):
        fold(opened() + [public(everyone(FOR) | {"m20": FOR})])


def test_public_choice_for_someone_whose_holder_left_is_refused():
    events = opened(13, proxies=1) + [Left(member="m2")]
    with pytest.raises(DomainError, match="Mme NOM23 .* pas de choix possible"):
        fold(events + [public({"m23": FOR} | everyone(FOR))])


def test_public_choice_for_a_recused_member_is_refused():
    events = opened() + [Recused(member="m4", item="P1")]
    with pytest.raises(DomainError, match="M. NOM4 ne prend pas part au vote : pas de choix"):
        fold(events + [public(everyone(FOR))])
    choices = everyone(FOR)
    del choices["m4"]
    rec = result(events + [public(choices)])
    assert rec.vote.recused == ("m4",) and rec.vote.tally.voters == 12


def test_public_represented_member_is_never_copied_from_his_holder():
    """Issue #11: d gives a proxy to b, choices for a, b, c only → refused, never copied."""
    events = opened(13, proxies=2)  # m23 → m2, m22 → m3
    choices = everyone(FOR) | {"m2": AGAINST}
    with pytest.raises(
        DomainError,
        match="choix manquant pour M. NOM22, représenté par Mme NOM3 : indiquez son choix",
    ):
        fold(events + [public(choices)])
    rec = result(events + [public(choices | {"m23": AGAINST, "m22": FOR})])
    resolved = dict(rec.vote.choices)
    assert resolved["m23"] is AGAINST and resolved["m22"] is FOR
    assert (rec.vote.tally.count_for, rec.vote.tally.count_against) == (13, 2)
    rec = result(events + [public(choices | {"m23": ABSTAIN, "m22": FOR})])
    assert dict(rec.vote.choices)["m23"] is ABSTAIN
    assert (rec.vote.tally.count_against, rec.vote.tally.count_abstain) == (1, 1)


def test_public_missing_choice_is_refused():
    choices = everyone(FOR)
    del choices["m7"]
    with pytest.raises(DomainError, match="Scrutin public : choix manquant pour Mme NOM7"):
        fold(opened() + [public(choices)])


def test_public_choice_of_an_unknown_member_is_refused():
    with pytest.raises(DomainError, match="« x » inconnu"):
        fold(opened() + [public(everyone(FOR) | {"x": FOR})])


def test_public_choice_through_a_sitting_substitute():
    s3 = Member(id="s3", last_name="SUPPLÉANT", civility="M.", substitute_for="m3")
    asm = assembly(extra=(s3,))
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 13) if i != 3]
    events += [Arrived(member="s3"), ItemOpened(item="P1")]
    choices = {f"m{i}": FOR for i in range(1, 13) if i != 3} | {"s3": AGAINST}
    rec = result(events + [public(choices)], asm=asm)
    assert dict(rec.vote.choices)["m3"] is AGAINST
    with pytest.raises(DomainError, match="Deux choix pour Mme NOM3"):
        fold(events + [public(choices | {"m3": FOR})], asm=asm)


def test_secret_ballot_with_names_is_refused():
    with pytest.raises(InputError, match="un scrutin secret ne peut pas comporter de noms"):
        decode_event(
            {
                "type": "vote_recorded",
                "item": "P1",
                "ballot": "secret",
                "for": 13,
                "against": 0,
                "choices": {"m1": "for"},
            }
        )
    named = VoteRecorded(
        item="P1", ballot=Ballot.SECRET, count_for=13, count_against=0, choices=(("m1", FOR),)
    )
    with pytest.raises(DomainError, match="Un scrutin secret ne peut pas comporter de noms"):
        fold(opened() + [named])


def test_secret_ballot_with_a_president_vote_is_refused():
    named = VoteRecorded(
        item="P1", ballot=Ballot.SECRET, count_for=6, count_against=6, blank=1, president_vote=FOR
    )
    with pytest.raises(DomainError, match="scrutin secret"):
        fold(opened() + [named])


# ---------------------------------------------------------------- items without vote
@pytest.mark.parametrize(
    ("status", "expected", "said"),
    [
        (ClosedStatus.WITHDRAWN, ItemStatus.WITHDRAWN, "retiré"),
        (ClosedStatus.POSTPONED, ItemStatus.POSTPONED, "ajourné"),
        # never « est déjà information »
        (ClosedStatus.INFORMATION, ItemStatus.INFORMATION, r"clos \(point d'information\)"),
    ],
)
def test_closed_items(status, expected, said):
    events = opened() + [ItemClosed(item="P1", status=status)]
    rec = result(events)
    assert rec.status is expected and rec.decided and rec.vote is None
    assert rec.snapshot is not None and rec.snapshot.quorum.present == 13
    with pytest.raises(DomainError, match=f"Le point « P1 » est déjà {said} :"):
        fold(events + [hands(13)])
    with pytest.raises(DomainError, match="déjà"):
        fold(events + [ItemClosed(item="P1", status=ClosedStatus.POSTPONED)])


def test_closing_a_voted_item_is_refused():
    with pytest.raises(DomainError, match="Le point « P1 » est déjà adopté"):
        fold(opened() + [hands(13), ItemClosed(item="P1", status=ClosedStatus.WITHDRAWN)])


# ---------------------------------------------------------------- properties
SCENE = st.tuples(
    st.integers(min_value=12, max_value=23),  # present: m1..mN
    st.integers(min_value=0, max_value=6),  # proxies from the absent
    st.integers(min_value=0, max_value=3),  # recused among m2..m4
)


def scene_events(present: int, proxies: int, recused: int) -> list:
    proxies = min(proxies, 23 - present)
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, present + 1)]
    events += [Excused(member=f"m{23 - k}") for k in range(proxies)]
    events += [ProxyGiven(giver=f"m{23 - k}", holder=f"m{k + 1}") for k in range(proxies)]
    events.append(ItemOpened(item="P1"))
    events += [Recused(member=f"m{k + 2}", item="P1") for k in range(recused)]
    return events


@settings(max_examples=60, deadline=None)
@given(SCENE, st.data())
def test_show_of_hands_totals_equal_voters(scene, data):
    events = scene_events(*scene)
    voters = fold(events).attendance("P1").voters
    f = data.draw(st.integers(0, voters))
    a = data.draw(st.integers(0, voters - f))
    rec = result(events + [hands(f, a, voters - f - a)])
    t = rec.vote.tally
    assert t.count_for + t.count_against + t.count_abstain == t.voters == voters
    assert rec.vote.adopted is (f > a)


@settings(max_examples=60, deadline=None)
@given(SCENE, st.data())
def test_public_totals_equal_voters_and_order_does_not_matter(scene, data):
    events = scene_events(*scene)
    att = fold(events).attendance("P1")
    voting = list(att.voting_members)
    # every voter, in person or by proxy, gets an explicit choice (never copied)
    explicit = {member: data.draw(st.sampled_from(list(Choice))) for member in voting}
    order = data.draw(st.permutations(list(explicit.items())))
    first = result(
        events + [VoteRecorded(item="P1", ballot=Ballot.PUBLIC, choices=tuple(explicit.items()))]
    ).vote
    second = result(
        events + [VoteRecorded(item="P1", ballot=Ballot.PUBLIC, choices=tuple(order))]
    ).vote
    t = first.tally
    assert t.count_for + t.count_against + t.count_abstain == t.voters == att.voters
    assert (second.tally, second.adopted, second.casting_vote_used) == (
        t,
        first.adopted,
        first.casting_vote_used,
    )
    assert dict(second.choices) == dict(first.choices)


def test_president_vote_must_be_among_the_counts():
    with pytest.raises(
        DomainError,
        match=r"Le vote de la présidente \(pour\) ne figure pas "
        r"dans les nombres saisis \(0 pour\)",
    ):
        fold(opened(12) + [hands(0, 12, president=FOR)])
    with pytest.raises(DomainError, match=r"\(abstention\) ne figure pas"):
        fold(opened(12) + [hands(6, 6, president=ABSTAIN)])
    rec = result(opened(12) + [hands(12, president=FOR)])
    assert rec.vote.adopted and not rec.vote.casting_vote_used
