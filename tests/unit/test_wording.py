"""The outcome sentences, checked word for word (non-breaking spaces included)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.assembly import Majority
from app.domain.elections import round_result
from app.domain.events import Ballot, Choice
from app.domain.votes import Tally, decide
from app.domain.wording import (
    election_sentence,
    join_names,
    ordinal,
    outcome_sentence,
    plural,
    recused_clause,
)

N = "\u00a0"  # the non-breaking space French typography puts before « : » and « ; »

NAMES = {"m2": "M. DUPONT", "m5": "Mme GARNIER", "m9": "M. ROUX", "m18": "M. LEROY"}
FEMININE = {"m5"}


def name(member_id: str) -> str:
    return NAMES[member_id]


def feminine(member_id: str) -> bool:
    return member_id in FEMININE


def hands(
    for_: int,
    against: int,
    abstain: int,
    *,
    voters: int | None = None,
    majority: Majority = Majority.ABSOLUTE_EXPRESSED,
    president: Choice | None = None,
    recused: tuple[str, ...] = (),
    in_office: int = 23,
):
    total = for_ + against + abstain
    tally = Tally(
        Ballot.SHOW_OF_HANDS, voters if voters is not None else total, for_, against, abstain
    )
    return decide(
        tally,
        majority,
        in_office=in_office,
        casting_vote_allowed=True,
        president_vote=president,
        recused=recused,
    )


def secret(for_: int, against: int, blank: int, spoilt: int, *, president: Choice | None = None):
    tally = Tally(Ballot.SECRET, for_ + against + blank + spoilt, for_, against, 0, blank, spoilt)
    return decide(
        tally,
        Majority.ABSOLUTE_EXPRESSED,
        in_office=23,
        casting_vote_allowed=True,
        president_vote=president,
    )


# ---------------------------------------------------------------------- votes


def test_adopted_by_absolute_majority_with_a_recused_member():
    result = hands(12, 3, 2, recused=("m2",))
    assert outcome_sentence(result, name) == (
        f"Adopté à la majorité absolue des suffrages exprimés{N}: 12 pour, 3 contre, "
        f"2 abstentions{N}; M. DUPONT ne prend pas part au vote."
    )


def test_unanimity():
    assert outcome_sentence(hands(17, 0, 0), name) == (
        f"Adopté à l'unanimité{N}: 17 pour, 0 contre, 0 abstention."
    )


def test_unanimity_of_expressed_votes_with_abstentions():
    assert outcome_sentence(hands(15, 0, 2), name) == (
        f"Adopté à l'unanimité des suffrages exprimés{N}: 15 pour, 0 contre, 2 abstentions."
    )


def test_one_abstention_is_singular():
    assert outcome_sentence(hands(15, 0, 1), name) == (
        f"Adopté à l'unanimité des suffrages exprimés{N}: 15 pour, 0 contre, 1 abstention."
    )


def test_rejected():
    assert outcome_sentence(hands(5, 10, 2), name) == (
        f"Rejeté{N}: 5 pour, 10 contre, 2 abstentions."
    )


def test_tie_with_casting_vote_for_adopts():
    result = hands(8, 8, 1, president=Choice.FOR)
    assert result.casting_vote_used
    assert outcome_sentence(result, name) == (
        f"Adopté, la voix du président étant prépondérante{N}: 8 pour, 8 contre, 1 abstention."
    )


def test_tie_with_casting_vote_of_a_woman_presiding():
    result = hands(8, 8, 1, president=Choice.FOR)
    assert outcome_sentence(result, name, feminine_president=True) == (
        f"Adopté, la voix de la présidente étant prépondérante{N}: 8 pour, 8 contre, 1 abstention."
    )


def test_tie_with_casting_vote_against_rejects():
    result = hands(8, 8, 1, president=Choice.AGAINST)
    assert outcome_sentence(result, name) == (
        f"Rejeté, la voix du président étant prépondérante{N}: 8 pour, 8 contre, 1 abstention."
    )


@pytest.mark.parametrize("president", [None, Choice.ABSTAIN])
def test_tie_without_casting_vote_rejects(president):
    result = hands(8, 8, 1, president=president)
    assert not result.casting_vote_used
    assert outcome_sentence(result, name) == (
        f"Rejeté, faute de majorité (partage égal des voix){N}: 8 pour, 8 contre, 1 abstention."
    )


def test_secret_tie_rejects_even_with_the_president_for():
    result = secret(8, 8, 1, 0, president=Choice.FOR)
    assert outcome_sentence(result, name) == (
        f"Rejeté au scrutin secret, faute de majorité (partage égal des voix){N}: 8 pour, "
        "8 contre, 1 bulletin blanc, 0 bulletin nul."
    )


def test_secret_ballot_with_blank_and_spoilt_ballots():
    assert outcome_sentence(secret(10, 4, 2, 1), name) == (
        f"Adopté au scrutin secret à la majorité absolue des suffrages exprimés{N}: 10 pour, "
        "4 contre, 2 bulletins blancs, 1 bulletin nul."
    )


def test_two_thirds_majority_reached_at_the_boundary():
    result = hands(10, 5, 2, majority=Majority.TWO_THIRDS_EXPRESSED)
    assert result.needed == 10
    assert outcome_sentence(result, name) == (
        f"Adopté à la majorité des deux tiers des suffrages exprimés{N}: 10 pour, 5 contre, "
        "2 abstentions."
    )


def test_two_thirds_majority_not_reached():
    result = hands(9, 6, 2, majority=Majority.TWO_THIRDS_EXPRESSED)
    assert outcome_sentence(result, name) == (
        "Rejeté, la majorité des deux tiers des suffrages exprimés (10 voix) n'étant pas "
        f"atteinte{N}: 9 pour, 6 contre, 2 abstentions."
    )


def test_absolute_majority_of_members_in_office_not_reached():
    result = hands(11, 2, 4, majority=Majority.ABSOLUTE_MEMBERS_IN_OFFICE)
    assert outcome_sentence(result, name) == (
        "Rejeté, la majorité absolue des membres en exercice (12 voix) n'étant pas "
        f"atteinte{N}: 11 pour, 2 contre, 4 abstentions."
    )


def test_two_recused_members():
    result = hands(12, 3, 1, recused=("m2", "m5"))
    assert outcome_sentence(result, name) == (
        f"Adopté à la majorité absolue des suffrages exprimés{N}: 12 pour, 3 contre, "
        f"1 abstention{N}; M. DUPONT et Mme GARNIER ne prennent pas part au vote."
    )


def test_three_recused_members():
    result = hands(17, 0, 0, recused=("m2", "m5", "m9"))
    assert outcome_sentence(result, name) == (
        f"Adopté à l'unanimité{N}: 17 pour, 0 contre, 0 abstention{N}; M. DUPONT, "
        "Mme GARNIER et M. ROUX ne prennent pas part au vote."
    )


# ---------------------------------------------------------------------- pieces


def test_plural_follows_french_rule_for_zero_and_one():
    assert [plural(n, "abstention") for n in (0, 1, 2)] == [
        "0 abstention",
        "1 abstention",
        "2 abstentions",
    ]
    assert plural(3, "bulletin nul", "bulletins nuls") == "3 bulletins nuls"


def test_join_names_and_recused_clause():
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "C"]) == "A, B et C"
    assert recused_clause([]) == ""
    assert recused_clause(["M. A"]) == "M. A ne prend pas part au vote"


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3)] == ["1er", "2e", "3e"]


# ---------------------------------------------------------------------- elections


def test_elected_at_the_second_round():
    rnd = round_result(2, {"m5": 9, "m18": 6}, 1, 1, {})
    assert election_sentence(rnd, name, feminine) == (
        "Mme GARNIER est élue au 2e tour avec 9 voix sur 15 suffrages exprimés."
    )


def test_elected_at_the_first_round_masculine():
    rnd = round_result(1, {"m5": 4, "m18": 11}, 2, 0, {})
    assert election_sentence(rnd, name, feminine) == (
        "M. LEROY est élu au 1er tour avec 11 voix sur 15 suffrages exprimés."
    )


def test_no_absolute_majority_calls_for_another_round():
    rnd = round_result(1, {"m5": 7, "m18": 7}, 3, 0, {})
    assert election_sentence(rnd, name, feminine) == (
        f"Aucun candidat n'obtient la majorité absolue (8 voix) au 1er tour{N}: un 2e tour "
        "est nécessaire."
    )


def test_third_round_tie_goes_to_the_oldest():
    births = {"m5": date(1955, 6, 6), "m18": date(1968, 7, 19)}
    rnd = round_result(3, {"m5": 7, "m18": 7}, 1, 0, births)
    assert election_sentence(rnd, name, feminine) == (
        "Mme GARNIER est élue au 3e tour, au bénéfice de l'âge, avec 7 voix sur "
        "14 suffrages exprimés."
    )
