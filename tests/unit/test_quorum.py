"""Quorum (L2121-17 and presets): required, reached, recusals, snapshots and rules as data."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.domain.errors import DomainError, InputError
from app.domain.events import (
    Arrived,
    Ballot,
    ItemOpened,
    Left,
    ProxyGiven,
    RecusalKind,
    Recused,
    SessionOpened,
    VoteRecorded,
)
from app.domain.rules import PRESETS, Rules
from tests.factories import assembly, fold, session


def present(n: int, *, proxies: int = 0, total: int = 23) -> list:
    """m1..mN present; the last ``proxies`` members give a proxy to m1, m2, …"""
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, n + 1)]
    events += [ProxyGiven(giver=f"m{total - k}", holder=f"m{k + 1}") for k in range(proxies)]
    return events + [ItemOpened(item="P1")]


def quorum(
    events,
    *,
    n: int = 23,
    rules: Rules | None = None,
    convocation: int = 1,
    weights=None,
    item="P1",
):
    asm = assembly(n, rules=rules, weights=weights)
    return fold(events, asm=asm, sess=session(convocation=convocation)).attendance(item).quorum


@pytest.mark.parametrize(
    ("n", "required"), [(1, 1), (2, 2), (7, 4), (20, 11), (23, 12), (69, 35), (208, 105)]
)
def test_strictly_more_than_half(n, required):
    assert Rules().required(n) == required
    assert quorum([], n=n).required == required


def test_twenty_members_boundary():
    assert not quorum(present(10, total=20), n=20).reached
    assert quorum(present(11, total=20), n=20).reached


def test_proxies_do_not_count_for_a_commune():
    q = quorum(present(11, proxies=5))
    assert (q.present, q.represented, q.required, q.reached) == (11, 5, 12, False)
    assert q.counted == 11 and q.missing == 1 and not q.may_deliberate


def test_proxies_count_under_commission_permanente():
    q = quorum(present(11, proxies=5), rules=Rules.from_preset("commission_permanente"))
    assert (q.counted, q.required, q.reached) == (16, 12, True)
    q = quorum(present(6, proxies=5), rules=Rules.from_preset("commission_permanente"))
    assert (q.counted, q.reached) == (11, False)


def test_covid_third_at_least():
    rules = Rules.from_preset("covid_2020")
    assert rules.required(23) == 8 and rules.required(24) == 8 and rules.required(25) == 9
    assert not quorum(present(7), rules=rules).reached
    assert quorum(present(8), rules=rules).reached


def test_covid_proxies_still_not_counted():
    q = quorum(present(7, proxies=2), rules=Rules.from_preset("covid_2020"))
    assert q.counted == 7 and not q.reached


@pytest.mark.parametrize(
    ("fraction", "strict", "n", "required"),
    [
        (Fraction(1, 3), True, 23, 8),
        (Fraction(1, 3), True, 24, 9),
        (Fraction(1, 3), False, 24, 8),
        (Fraction(1, 2), False, 20, 10),
        (Fraction(1, 2), False, 23, 12),
        (Fraction(2, 3), False, 30, 20),
        (Fraction(2, 3), True, 30, 21),
        (Fraction(1), False, 7, 7),
    ],
)
def test_custom_fraction_and_strictness(fraction, strict, n, required):
    rules = Rules(preset="custom", quorum_fraction=fraction, quorum_strict=strict)
    assert rules.required(n) == required


def test_weighted_quorum_counts_weights():
    # 5 members weighing 1, 1, 1, 1, 6 (total 10): more than 5 needed
    rules = Rules(preset="custom", weighted=True, quorum_weighted=True)
    weights = [1, 1, 1, 1, 6]
    q = quorum(present(4, total=5), n=5, rules=rules, weights=weights)
    assert (q.in_office, q.present, q.required, q.reached) == (10, 4, 6, False)
    q = quorum(
        [SessionOpened(), Arrived(member="m5"), ItemOpened(item="P1")],
        n=5,
        rules=rules,
        weights=weights,
    )
    assert (q.present, q.reached) == (6, True)
    # weighted votes but quorum by heads
    rules = Rules(preset="custom", weighted=True)
    q = quorum(
        [SessionOpened(), Arrived(member="m5"), ItemOpened(item="P1")],
        n=5,
        rules=rules,
        weights=weights,
    )
    assert (q.in_office, q.present, q.required, q.reached) == (5, 1, 3, False)


def test_l1111_6_recusal_is_taken_out_of_n_for_that_item_only():
    base = present(12)
    q = quorum(base + [Recused(member="m2", item="P1", kind=RecusalKind.L1111_6)])
    assert (q.in_office, q.present, q.required, q.reached) == (22, 11, 12, False)
    q = quorum(base + [Recused(member="m2", item="P1", kind=RecusalKind.L1111_6)], item="P2")
    assert (q.in_office, q.present, q.reached) == (23, 12, True)


def test_l1111_6_recusal_of_an_absent_member_lowers_required():
    # 24 in office, 12 present: not reached; one absent member recused → 23, 12 ≥ 12
    events = present(12, total=24)
    assert not quorum(events, n=24).reached
    q = quorum(events + [Recused(member="m24", item="P1", kind=RecusalKind.L1111_6)], n=24)
    assert (q.in_office, q.present, q.required, q.reached) == (23, 12, 12, True)


def test_interest_recusal_stays_in_n_by_default():
    q = quorum(present(12) + [Recused(member="m2", item="P1")])
    assert (q.in_office, q.present, q.reached) == (23, 12, True)


def test_setting_all_takes_every_recused_member_out_of_n():
    rules = Rules(recused_out_of_quorum="all")
    q = quorum(present(12) + [Recused(member="m2", item="P1")], rules=rules)
    assert (q.in_office, q.present, q.required, q.reached) == (22, 11, 12, False)


def test_setting_none_keeps_every_recused_member_in_n():
    rules = Rules(recused_out_of_quorum="none")
    q = quorum(
        present(12) + [Recused(member="m2", item="P1", kind=RecusalKind.L1111_6)], rules=rules
    )
    assert (q.in_office, q.present, q.reached) == (23, 12, True)


def test_second_convocation_may_deliberate_without_quorum():
    q = quorum(present(3), convocation=2)
    assert not q.reached and q.second_convocation and q.may_deliberate
    vote = VoteRecorded(
        item="P1", ballot=Ballot.SHOW_OF_HANDS, count_for=3, count_against=0, count_abstain=0
    )
    state = fold(present(3) + [vote], sess=session(convocation=2))
    assert state.items["P1"].vote.adopted
    with pytest.raises(
        DomainError,
        match=r"Quorum non atteint \(3 présents, 12 requis, "
        r"manque 9\)",
    ):
        fold(present(3) + [vote])


def test_snapshot_is_frozen_when_the_vote_is_taken():
    vote = VoteRecorded(
        item="P1", ballot=Ballot.SHOW_OF_HANDS, count_for=14, count_against=0, count_abstain=0
    )
    events = present(13, proxies=1) + [vote] + [Left(member=f"m{i}") for i in range(1, 8)]
    state = fold(events)
    snap = state.items["P1"].snapshot
    assert (snap.quorum.present, snap.quorum.represented, snap.quorum.reached) == (13, 1, True)
    assert snap.voters == 14 and len(snap.present) == 13
    live = state.attendance("P1").quorum
    assert (live.present, live.reached) == (6, False)
    # the snapshot is what it was when the vote was taken, whatever happens next
    assert fold(events[:-7]).items["P1"].snapshot == snap


def test_pending_item_has_no_snapshot():
    assert fold(present(13)).items["P1"].snapshot is None


# ---------------------------------------------------------------- rules as data
def test_presets():
    assert Rules.from_preset("commune") == Rules()
    assert Rules.from_preset("commission_permanente").quorum_counts_proxies
    covid = Rules.from_preset("covid_2020")
    assert (covid.quorum_fraction, covid.quorum_strict, covid.max_proxies_per_holder) == (
        Fraction(1, 3),
        False,
        2,
    )
    assert Rules.from_dict(None) == Rules()
    assert Rules.from_dict({}) == Rules()
    assert Rules.from_dict({"preset": "covid_2020"}) == covid


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"preset": "inconnu"}, "Règles : préréglage « inconnu » inconnu"),
        ([], "Règles : un objet JSON est attendu"),
        ({"quorum_fraction": "moitié"}, "fraction de quorum « moitié » illisible"),
        ({"quorum_fraction": "1/0"}, "fraction de quorum « 1/0 » illisible"),
        ({"quorum_fraction": "3/2"}, "comprise entre 0 et 1"),
        ({"quorum_fraction": "0"}, "comprise entre 0 et 1"),
        ({"quorum_fraction": True}, "illisible"),
        ({"quorum_strict": "oui"}, "« quorum_strict » doit valoir true ou false"),
        ({"weighted": 1}, "« weighted » doit valoir true ou false"),
        ({"max_proxies_per_holder": -1}, "entier entre 0 et 10"),
        ({"max_proxies_per_holder": True}, "entier entre 0 et 10"),
        ({"max_proxies_per_holder": "2"}, "entier entre 0 et 10"),
        ({"recused_out_of_quorum": "some"}, "vaut l1111_6, all ou none"),
        ({"quorum": "1/2"}, "paramètre « quorum » inconnu"),
    ],
)
def test_from_dict_errors_in_french(data, message):
    with pytest.raises(InputError, match=message):
        Rules.from_dict(data)


def test_from_dict_overrides():
    rules = Rules.from_dict(
        {
            "preset": "custom",
            "quorum_fraction": "2/3",
            "quorum_strict": False,
            "quorum_counts_proxies": True,
            "weighted": True,
            "max_proxies_per_holder": 0,
            "casting_vote": False,
            "recused_out_of_quorum": "all",
            "quorum_weighted": None,
        }
    )
    assert rules == Rules(
        preset="custom",
        quorum_fraction=Fraction(2, 3),
        quorum_strict=False,
        quorum_counts_proxies=True,
        weighted=True,
        quorum_weighted=False,
        max_proxies_per_holder=0,
        casting_vote=False,
        recused_out_of_quorum="all",
    )


@pytest.mark.parametrize(
    "rules",
    [
        *(Rules.from_preset(p) for p in PRESETS),
        Rules(preset="custom", quorum_fraction=Fraction(2, 3), quorum_strict=False),
        Rules(preset="covid_2020", max_proxies_per_holder=1, quorum_fraction=Fraction(1, 2)),
        Rules(preset="custom", weighted=True, quorum_weighted=True),
        Rules(preset="custom", weighted=True),
        Rules(preset="commune", casting_vote=False, recused_out_of_quorum="none"),
    ],
)
def test_to_dict_round_trip(rules):
    data = rules.to_dict()
    assert data["preset"] == rules.preset
    assert Rules.from_dict(data) == rules


def test_to_dict_is_the_shortest_object():
    assert Rules().to_dict() == {"preset": "commune"}
    assert Rules.from_preset("covid_2020").to_dict() == {"preset": "covid_2020"}
    assert Rules(quorum_fraction=Fraction(1, 3)).to_dict() == {
        "preset": "commune",
        "quorum_fraction": "1/3",
    }


def test_describe_in_french():
    text = Rules.from_preset("covid_2020").describe()
    assert text.startswith("Quorum : au moins le tiers des membres en exercice présents")
    assert "2 pouvoirs par porteur" in text
    assert "pouvoirs comptés" in Rules.from_preset("commission_permanente").describe()
