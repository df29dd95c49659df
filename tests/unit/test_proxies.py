"""Proxies (L2121-20): who may give, who may hold, how many, and when they count."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Excused,
    ItemOpened,
    Left,
    ProxyGiven,
    ProxyRevoked,
    Recused,
    SessionOpened,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import ProxyState
from tests.factories import assembly, fold

S3 = Member(id="s3", last_name="SUPPLÉANT", civility="M.", substitute_for="m3")


def opened(*present: int) -> list:
    return [SessionOpened()] + [Arrived(member=f"m{i}") for i in present]


def test_effective_proxy_represents_the_giver():
    state = fold(opened(1, 2) + [ProxyGiven(giver="m5", holder="m1")])
    att = state.attendance()
    giver, holder = att.seat("m5"), att.seat("m1")
    assert giver.proxy_holder == "m1" and giver.proxy_state is ProxyState.EFFECTIVE
    assert giver.represented and giver.voting
    assert holder.holds_for == ("m5",)
    assert att.represented == (("m5", "m1"),)
    assert att.quorum.represented == 1
    assert att.voters == 3
    assert att.proxy_warnings == ()


def test_proxy_to_oneself_is_refused():
    with pytest.raises(DomainError, match="Mme NOM5 ne peut pas se donner pouvoir à elle-même"):
        fold(opened(1) + [ProxyGiven(giver="m5", holder="m5")])
    with pytest.raises(DomainError, match="lui-même"):
        fold(opened(1) + [ProxyGiven(giver="m4", holder="m4")])


def test_proxy_to_a_non_member_is_refused():
    with pytest.raises(DomainError, match="« inconnu » inconnu de l'assemblée"):
        fold(opened(1) + [ProxyGiven(giver="m5", holder="inconnu")])


def test_proxy_to_a_substitute_is_refused():
    with pytest.raises(
        DomainError,
        match="M. SUPPLÉANT n'est pas membre en exercice : il ne peut pas recevoir de pouvoir",
    ):
        fold(
            opened(1) + [Arrived(member="s3"), ProxyGiven(giver="m5", holder="s3")],
            asm=assembly(extra=(S3,)),
        )


def test_proxy_from_a_member_whose_substitute_sits_is_refused():
    with pytest.raises(DomainError, match="Mme NOM3 est suppléée par M. SUPPLÉANT"):
        fold(
            opened(1) + [Arrived(member="s3"), ProxyGiven(giver="m3", holder="m1")],
            asm=assembly(extra=(S3,)),
        )


def test_holder_carries_one_proxy_by_default():
    events = opened(1) + [ProxyGiven(giver="m5", holder="m1")]
    with pytest.raises(
        DomainError,
        match=r"Mme NOM1 porte déjà 1 pouvoir \(de Mme NOM5\) : "
        "1 au plus par porteur",
    ):
        fold(events + [ProxyGiven(giver="m6", holder="m1")])
    # another holder is fine
    fold(events + [ProxyGiven(giver="m6", holder="m2")])


def test_holder_carries_two_proxies_under_covid():
    asm = assembly(rules=Rules.from_preset("covid_2020"))
    events = opened(1) + [ProxyGiven(giver="m5", holder="m1"), ProxyGiven(giver="m6", holder="m1")]
    state = fold(events, asm=asm)
    assert state.attendance().seat("m1").holds_for == ("m5", "m6")
    assert state.attendance().voters == 3
    with pytest.raises(
        DomainError,
        match=r"porte déjà 2 pouvoirs \(de Mme NOM5 et M. NOM6\) : "
        "2 au plus",
    ):
        fold(events + [ProxyGiven(giver="m7", holder="m1")], asm=asm)


def test_zero_proxies_means_forbidden():
    asm = assembly(rules=Rules(max_proxies_per_holder=0))
    with pytest.raises(DomainError, match="n'admettent pas de pouvoir"):
        fold(opened(1) + [ProxyGiven(giver="m5", holder="m1")], asm=asm)


def test_revoked_proxy_frees_the_holder():
    state = fold(
        opened(1)
        + [
            ProxyGiven(giver="m5", holder="m1"),
            ProxyRevoked(giver="m5"),
            ProxyGiven(giver="m6", holder="m1"),
        ]
    )
    att = state.attendance()
    assert att.seat("m1").holds_for == ("m6",)
    assert att.seat("m5").proxy_holder is None and not att.seat("m5").voting
    assert state.proxies == {"m6": "m1"}


def test_proxy_from_a_present_member_is_refused():
    with pytest.raises(
        DomainError, match="Mme NOM5 est présente : un membre présent ne donne pas pouvoir"
    ):
        fold(opened(1, 5) + [ProxyGiven(giver="m5", holder="m1")])


def test_second_proxy_from_the_same_giver_is_refused():
    with pytest.raises(
        DomainError, match="Mme NOM5 a déjà donné pouvoir à Mme NOM1 : révoquez-le d'abord"
    ):
        fold(
            opened(1, 2)
            + [ProxyGiven(giver="m5", holder="m1"), ProxyGiven(giver="m5", holder="m2")]
        )


def test_revoking_a_proxy_that_does_not_exist_is_refused():
    with pytest.raises(DomainError, match="Mme NOM5 n'a pas donné de pouvoir : rien à révoquer"):
        fold(opened(1) + [ProxyRevoked(giver="m5")])
    with pytest.raises(DomainError, match="rien à révoquer"):
        fold(
            opened(1)
            + [
                ProxyGiven(giver="m5", holder="m1"),
                ProxyRevoked(giver="m5"),
                ProxyRevoked(giver="m5"),
            ]
        )


def test_excused_member_may_give_a_proxy():
    state = fold(opened(1) + [Excused(member="m5"), ProxyGiven(giver="m5", holder="m1")])
    seat = state.attendance().seat("m5")
    assert seat.represented and seat.presence.value == "excused"


def test_proxy_is_inactive_while_its_giver_is_present_and_active_again_when_he_leaves():
    events = opened(1) + [ProxyGiven(giver="m5", holder="m1"), Arrived(member="m5")]
    att = fold(events).attendance()
    seat = att.seat("m5")
    assert seat.proxy_state is ProxyState.GIVER_PRESENT and not seat.represented
    assert seat.voting and seat.in_person
    assert att.voters == 2  # m5 votes himself, once
    assert att.quorum.represented == 0
    assert att.proxy_warnings == (("m5", "m1", ProxyState.GIVER_PRESENT),)
    att = fold(events + [Left(member="m5")]).attendance()
    assert att.seat("m5").proxy_state is ProxyState.EFFECTIVE
    assert att.voters == 2 and att.proxy_warnings == ()


def test_proxy_whose_holder_leaves_cannot_be_exercised():
    events = opened(1, 2) + [ProxyGiven(giver="m5", holder="m1"), Left(member="m1")]
    att = fold(events).attendance()
    seat = att.seat("m5")
    assert seat.proxy_state is ProxyState.HOLDER_ABSENT
    assert not seat.represented and not seat.voting
    assert att.voters == 1
    assert att.quorum.represented == 0
    assert att.proxy_warnings == (("m5", "m1", ProxyState.HOLDER_ABSENT),)
    # the proxy still exists: the holder coming back exercises it again
    att = fold(events + [Arrived(member="m1")]).attendance()
    assert att.seat("m5").represented and att.voters == 3


def test_proxy_given_to_an_absent_holder_is_kept_but_not_exercised():
    att = fold(opened(1) + [ProxyGiven(giver="m5", holder="m2")]).attendance()
    assert att.seat("m5").proxy_state is ProxyState.HOLDER_ABSENT
    assert att.voters == 1


def test_no_chains_a_leaving_holder_does_not_pass_on_the_proxy_he_holds():
    events = opened(1, 2) + [
        ProxyGiven(giver="m5", holder="m2"),
        Left(member="m2"),
        ProxyGiven(giver="m2", holder="m1"),
    ]
    att = fold(events).attendance()
    assert att.seat("m2").proxy_state is ProxyState.EFFECTIVE  # m1 votes for m2
    assert att.seat("m5").proxy_state is ProxyState.HOLDER_ABSENT  # nobody votes for m5
    assert not att.seat("m5").voting
    assert att.seat("m1").holds_for == ("m2",)
    assert att.voters == 2  # m1 and m2 through m1
    assert att.represented == (("m2", "m1"),)


def test_recused_holder_cannot_vote_the_proxy_he_holds():
    events = opened(*range(1, 13)) + [
        ProxyGiven(giver="m20", holder="m1"),
        ItemOpened(item="P1"),
        Recused(member="m1", item="P1"),
    ]
    state = fold(events)
    att = state.attendance("P1")
    assert not att.seat("m1").voting and not att.seat("m20").voting
    assert att.seat("m20").represented  # still represented (quorum), but does not vote
    assert att.voters == 11
    assert att.recused == ("m1",)
    # the other items are not affected
    assert state.attendance("P2").voters == 13
    with pytest.raises(DomainError, match="11 votants mais 12 voix saisies"):
        fold(
            events
            + [
                VoteRecorded(
                    item="P1",
                    ballot=Ballot.SHOW_OF_HANDS,
                    count_for=12,
                    count_against=0,
                    count_abstain=0,
                )
            ]
        )


def test_recused_giver_is_not_voted_for_by_his_holder():
    events = opened(*range(1, 13)) + [
        ProxyGiven(giver="m20", holder="m1"),
        ItemOpened(item="P1"),
        Recused(member="m20", item="P1"),
    ]
    att = fold(events).attendance("P1")
    assert att.seat("m1").voting and not att.seat("m20").voting
    assert att.recused == ("m20",)
    assert att.voters == 12
