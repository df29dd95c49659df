"""Issue #11, second round of legal correctness: each reproduction of the issue, as a test
that fails on the code before it and passes after (the rules of docs/RULES.md, second round)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from app.domain.errors import DomainError, InputError
from app.domain.events import (
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    Choice,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    Correction,
    ElectionRound,
    ItemOpened,
    Left,
    ListElectionRound,
    LotsDrawn,
    PresidencyTaken,
    ProxyGiven,
    Recused,
    SessionOpened,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.members import Member
from app.domain.state import ItemStatus, Presence
from app.services.demo import DEMO_FILE
from app.services.interchange import parse_document
from tests.factories import assembly, at, fold

FOR, AGAINST, ABSTAIN = Choice.FOR, Choice.AGAINST, Choice.ABSTAIN
S1 = Member(id="s1", last_name="SUPPLÉANT", civility="M.", substitute_for="m1")
S3 = Member(id="s3", last_name="REMPLAÇANTE", civility="Mme", substitute_for="m3")


def five(*extra: Member):
    """m1..m5 (m1, « Mme NOM1 », presides); quorum 3."""
    return assembly(5, extra=extra)


def hands(f: int, a: int = 0, ab: int = 0, *, president: Choice | None = None) -> VoteRecorded:
    return VoteRecorded(
        item="P1",
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=f,
        count_against=a,
        count_abstain=ab,
        president_vote=president,
    )


def public(choices: dict[str, Choice], **counts: int) -> VoteRecorded:
    return VoteRecorded(
        item="P1",
        ballot=Ballot.PUBLIC,
        choices=tuple(choices.items()),
        count_for=counts.get("f"),
        count_against=counts.get("a"),
        count_abstain=counts.get("ab"),
    )


# ------------------------------------------------------------------ who presides
def test_a_substitute_never_inherits_the_casting_vote():
    """The president is absent, his suppléant sits; a public ballot ends 2-2 with the
    suppléant for: a tie, no casting vote, rejected (not « adopté, voix prépondérante »)."""
    events = [SessionOpened(), Arrived(member="s1", for_titular="m1")]
    events += [Arrived(member=m) for m in ("m2", "m3", "m4")] + [ItemOpened(item="P1")]
    rec = fold(
        events + [public({"s1": FOR, "m2": FOR, "m3": AGAINST, "m4": AGAINST})], asm=five(S1)
    ).items["P1"]
    assert rec.vote.tie and not rec.vote.casting_vote_used and not rec.vote.adopted
    assert rec.status is ItemStatus.REJECTED
    with pytest.raises(
        DomainError, match="son suppléant M. SUPPLÉANT n'hérite pas de la présidence"
    ):
        fold(events + [hands(2, 2, president=FOR)], asm=five(S1))


def test_a_substitute_cannot_take_the_chair():
    events = [SessionOpened(), Arrived(member="s1", for_titular="m1")]
    with pytest.raises(DomainError, match="M. SUPPLÉANT est suppléant : un suppléant n'hérite ni"):
        fold(events + [PresidencyTaken(member="s1")], asm=five(S1))
    with pytest.raises(DomainError, match="M. NOM2 n'est pas présent : seul un membre présent"):
        fold(events + [PresidencyTaken(member="m2")], asm=five(S1))


def test_the_casting_vote_belongs_to_whoever_presides_now():
    """The president is absent; the first adjoint (m2) takes the chair: his side wins a tie."""
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m2", "m3", "m4", "m5")]
    events += [PresidencyTaken(member="m2"), ItemOpened(item="P1")]
    state = fold(events + [hands(2, 2, president=AGAINST)], asm=five())
    rec = state.items["P1"]
    assert rec.vote.casting_vote_used and not rec.vote.adopted
    assert rec.snapshot is not None and rec.snapshot.presiding == "m2"
    state = fold(
        events + [public({"m2": FOR, "m3": FOR, "m4": AGAINST, "m5": AGAINST})], asm=five()
    )
    assert state.items["P1"].vote.casting_vote_used and state.items["P1"].vote.adopted


def test_compte_administratif_the_maire_withdraws_for_the_vote():
    """L2121-14: the assembly elects a president for the item; the maire withdraws for the
    vote: he neither votes nor holds a proxy and is not counted present for it."""
    asm = assembly(7)
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 6)]
    events += [ProxyGiven(giver="m7", holder="m1"), ItemOpened(item="P1")]
    with pytest.raises(DomainError, match="Mme NOM1 préside : faites d'abord désigner"):
        fold(events + [WithdrawnFromVote(member="m1", item="P1")], asm=asm)
    events += [PresidencyTaken(member="m2"), WithdrawnFromVote(member="m1", item="P1")]
    state = fold(events, asm=asm)
    att = state.attendance("P1")
    maire, giver = att.seat("m1"), att.seat("m7")
    assert maire.withdrawn and maire.presence is not Presence.PRESENT and not maire.voting
    assert not giver.voting and not giver.represented
    assert (att.present_voices, att.represented_voices, att.voters) == (4, 0, 4)
    assert att.quorum.present == 4 and att.reconciles
    with pytest.raises(DomainError, match="Mme NOM1 s'est retirée pour ce vote : pas de choix"):
        fold(events + [public({"m1": FOR, "m2": FOR, "m3": FOR, "m4": FOR, "m5": FOR})], asm=asm)
    with pytest.raises(DomainError, match="Mme NOM1 s'est retirée pour le vote du point « P1 »"):
        fold(events + [PresidencyTaken(member="m1")], asm=asm)
    state = fold(events + [hands(2, 2, president=FOR)], asm=asm)
    assert state.items["P1"].vote.adopted and state.items["P1"].vote.casting_vote_used
    # after the vote, the maire comes back and takes the chair again
    state = fold(events + [hands(4), PresidencyTaken(member="m1")], asm=asm)
    assert state.presiding == "m1" and state.attendance("P2").seat("m1").voting


# ------------------------------------------------------------------ recusal is personal
def test_a_substitutes_recusal_does_not_shut_out_his_titular():
    """a, b, c present; c's suppléant never arrives but is recorded recused: c votes."""
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    events += [ItemOpened(item="P1"), Recused(member="s3", item="P1")]
    state = fold(events, asm=five(S3))
    att = state.attendance("P1")
    assert att.voters == 3 and att.recused == () and att.seat("m3").voting
    assert fold(events + [hands(3)], asm=five(S3)).items["P1"].vote.tally.voters == 3


def test_a_titulars_recusal_does_not_bind_his_substitute():
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3", "m4")]
    events += [ItemOpened(item="P1"), Recused(member="m3", item="P1")]
    assert fold(events, asm=five(S3)).attendance("P1").voters == 3
    events += [Left(member="m3"), Arrived(member="s3", for_titular="m3")]
    att = fold(events, asm=five(S3)).attendance("P1")
    assert att.voters == 4 and att.seat("m3").voting and att.recused == ()


def test_a_recused_holders_proxy_is_lost_and_the_figures_reconcile():
    """a, b, c present, d gives a proxy to c, c recused: present 3 + represented 1 − not
    taking part 2 (c, and d's proxy) = 2 voters, and d's lost vote is said."""
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    events += [ProxyGiven(giver="m4", holder="m3"), ItemOpened(item="P1")]
    events += [Recused(member="m3", item="P1")]
    att = fold(events, asm=assembly(4)).attendance("P1")
    assert (att.present_voices, att.represented_voices, att.not_taking_part, att.voters) == (
        3,
        1,
        2,
        2,
    )
    assert att.reconciles and att.lost_proxies == (("m4", "m3"),) and att.recused == ("m3",)
    assert att.seat("m4").proxy_lost and not att.seat("m4").voting
    with pytest.raises(
        DomainError,
        match="M. NOM4 est représenté par Mme NOM3, qui ne prend pas part au vote : pas de choix",
    ):
        fold(events + [public({"m1": FOR, "m2": FOR, "m4": FOR})], asm=assembly(4))


# ------------------------------------------------------------------ roll-call
def test_a_represented_members_choice_is_never_copied():
    """d gives a proxy to b; choices for a, b, c only, b against → refused (it used to
    copy « contre » to d and make a 2-2 tie the casting vote decided)."""
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    events += [ProxyGiven(giver="m4", holder="m2"), ItemOpened(item="P1")]
    with pytest.raises(DomainError, match="choix manquant pour M. NOM4, représenté par M. NOM2"):
        fold(events + [public({"m1": FOR, "m2": AGAINST, "m3": FOR})], asm=assembly(4))
    rec = fold(
        events + [public({"m1": FOR, "m2": AGAINST, "m3": FOR, "m4": FOR})], asm=assembly(4)
    ).items["P1"]
    assert rec.vote.names(AGAINST) == ("m2",) and rec.vote.adopted


def test_counts_beside_public_choices_must_agree():
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    events.append(ItemOpened(item="P1"))
    choices = {"m1": FOR, "m2": AGAINST, "m3": FOR}
    with pytest.raises(DomainError, match="3 « pour » indiqués mais 2 d'après les choix"):
        fold(events + [public(choices, f=3, a=0)], asm=five())
    rec = fold(events + [public(choices, f=2, a=1, ab=0)], asm=five()).items["P1"]
    assert (rec.vote.tally.count_for, rec.vote.tally.count_against) == (2, 1)


# ------------------------------------------------------------------ elections
def test_an_elections_attendance_is_the_deciding_rounds():
    """A member who left between rounds is not ticked present for the item."""
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 5)]
    events += [ItemOpened(item="P1")]
    events += [ElectionRound(item="P1", round=1, votes=(("m2", 2), ("m3", 2)))]
    events += [Left(member="m4")]
    events += [ElectionRound(item="P1", round=2, votes=(("m2", 2), ("m3", 1)))]
    rec = fold(events, asm=five()).items["P1"]
    assert rec.elected == "m2" and len(rec.round_snapshots) == 2
    assert rec.round_snapshots[0].seat("m4").presence is Presence.PRESENT
    assert rec.snapshot is rec.round_snapshots[1]
    assert rec.snapshot.seat("m4").presence is Presence.ABSENT


def twins():
    born = date(1960, 5, 1)
    ms = (
        Member(id="t1", last_name="JUMEAU", civility="M.", birth_date=born),
        Member(id="t2", last_name="JUMELLE", civility="Mme", birth_date=born),
    )
    return assembly(3, extra=ms)


def test_same_birth_date_tie_asks_for_a_drawing_of_lots():
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3", "t1")]
    events += [ItemOpened(item="P1")]
    tied = (("t1", 2), ("t2", 2))
    events += [ElectionRound(item="P1", round=r, votes=tied) for r in (1, 2)]
    with pytest.raises(
        DomainError,
        match="égalité au troisième tour entre M. JUMEAU et Mme JUMELLE, nés le même jour"
        ".*tirage au sort",
    ):
        fold(events + [ElectionRound(item="P1", round=3, votes=tied)], asm=twins())
    state = fold(
        events + [LotsDrawn(item="P1", winner="t2"), ElectionRound(item="P1", round=3, votes=tied)],
        asm=twins(),
    )
    rnd = state.items["P1"].rounds[-1]
    assert rnd.elected == "t2" and rnd.by_lot and not rnd.by_age
    with pytest.raises(
        DomainError, match="le tirage au sort a désigné Mme NOM1, qui n'est pas à égalité"
    ):
        fold(
            events
            + [LotsDrawn(item="P1", winner="m1"), ElectionRound(item="P1", round=3, votes=tied)],
            asm=twins(),
        )
    with pytest.raises(DomainError, match="après le deuxième tour, avant le troisième"):
        fold(events[:-1] + [LotsDrawn(item="P1", winner="t2")], asm=twins())


# ------------------------------------------------------------------ time and order
def test_events_go_forward_in_time():
    events = [SessionOpened(at=at(18, 30))]
    with pytest.raises(DomainError, match="daté de 17 h 00, avant le précédent \\(18 h 30\\)"):
        fold(events + [Arrived(member="m1", at=at(17, 0))])
    with pytest.raises(DomainError, match="la séance a lieu le 12/03/2026"):
        fold(events + [Arrived(member="m1", at=datetime(2026, 3, 14, 18, 40))])
    # past midnight into the next day is allowed
    state = fold(events + [Arrived(member="m1", at=datetime(2026, 3, 13, 0, 15))])
    assert "m1" in state.present


def test_a_vote_concerns_the_item_currently_open():
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 5)]
    with pytest.raises(DomainError, match="Aucun point n'est ouvert : ouvrez le point « P1 »"):
        fold(events + [hands(4)], asm=five())
    with pytest.raises(DomainError, match="Le point en cours est le point « P2 »"):
        fold(events + [ItemOpened(item="P2"), hands(4)], asm=five())


# ------------------------------------------------------------------ substitute or proxy
def test_a_titular_who_gave_a_proxy_cannot_be_replaced_by_his_substitute():
    events = [SessionOpened(), Arrived(member="m2"), ProxyGiven(giver="m3", holder="m2")]
    with pytest.raises(
        DomainError,
        match="Mme REMPLAÇANTE ne peut pas siéger : sa titulaire Mme NOM3 a donné pouvoir "
        "à M. NOM2 ; révoquez",
    ):
        fold(events + [Arrived(member="s3", for_titular="m3")], asm=five(S3))
    # the reverse order is refused too
    with pytest.raises(DomainError, match="est suppléée par Mme REMPLAÇANTE"):
        fold(
            [SessionOpened(), Arrived(member="m2"), Arrived(member="s3", for_titular="m3")]
            + [ProxyGiven(giver="m3", holder="m2")],
            asm=five(S3),
        )


# ------------------------------------------------------------------ convocation
def demo_with_session(**changes):
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    data["session"].update(changes)
    return data


@pytest.mark.parametrize("value", [0, True, 2.0, "2", 3])
def test_convocation_is_strictly_1_or_2(value):
    with pytest.raises(InputError, match="« convocation » vaut 1 ou 2"):
        parse_document(demo_with_session(convocation=value))


def test_a_convocation_after_the_session_is_refused():
    with pytest.raises(InputError, match="la convocation \\(13/03/2026\\) ne peut pas suivre"):
        parse_document(demo_with_session(convened_on="2026-03-13"))
    assert parse_document(demo_with_session(convocation=2)).session.second_convocation


def test_new_events_have_french_labels():
    from app.domain.wording import describe_event

    def name(m: str) -> str:
        return {"m1": "Mme MARTIN", "m2": "M. DUPONT"}[m]

    assert describe_event(PresidencyTaken(member="m2"), name) == (
        "présidence de séance par M. DUPONT"
    )
    assert describe_event(WithdrawnFromVote(member="m1", item="P1"), name) == (
        "retrait de Mme MARTIN pour le vote du point P1"
    )
    assert describe_event(LotsDrawn(item="P1", winner="m2"), name) == (
        "tirage au sort (M. DUPONT) pour le point P1"
    )


# ------------------------------------------------------------------ special-ballot requests
def requested(ballot: Ballot, n: int) -> BallotRequested:
    return BallotRequested(
        item="P1", ballot=ballot, members=tuple(f"m{i}" for i in range(2, 2 + n))
    )


def thirteen_present() -> list:
    return (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 14)]
        + [ItemOpened(item="P1")]
    )


def test_a_public_ballot_needs_a_quarter_of_the_members_present():
    """13 present: a quarter is 4 (⌈13/4⌉); 3 requesters are not enough."""
    with pytest.raises(
        DomainError, match="il faut au moins 4 demandeurs \\(le quart des 13 membres présents\\)"
    ):
        fold(thirteen_present() + [requested(Ballot.PUBLIC, 3)])
    events = thirteen_present() + [requested(Ballot.PUBLIC, 4)]
    with pytest.raises(DomainError, match="Le scrutin public a été demandé .* au scrutin public"):
        fold(events + [hands(13)])
    choices = {f"m{i}": FOR for i in range(1, 14)}
    assert fold(events + [public(choices)]).items["P1"].vote.adopted


def test_departements_need_a_sixth_for_a_public_ballot():
    from dataclasses import replace

    from app.domain.assembly import AssemblyKind

    asm = replace(assembly(), kind=AssemblyKind.CONSEIL_DEPARTEMENTAL)
    fold(thirteen_present() + [requested(Ballot.PUBLIC, 3)], asm=asm)  # ⌈13/6⌉ = 3
    with pytest.raises(DomainError, match="le sixième des 13 membres présents"):
        fold(thirteen_present() + [requested(Ballot.PUBLIC, 2)], asm=asm)


def test_a_secret_ballot_needs_a_third_and_prevails():
    with pytest.raises(DomainError, match="il faut au moins 5 demandeurs \\(le tiers des 13"):
        fold(thirteen_present() + [requested(Ballot.SECRET, 4)])
    events = thirteen_present() + [requested(Ballot.PUBLIC, 4), requested(Ballot.SECRET, 5)]
    choices = {f"m{i}": FOR for i in range(1, 14)}
    with pytest.raises(
        DomainError,
        match="Le scrutin secret a été demandé .* \\(il prévaut sur toute autre demande\\)",
    ):
        fold(events + [public(choices)])
    secret = VoteRecorded(item="P1", ballot=Ballot.SECRET, count_for=10, count_against=3)
    assert fold(events + [secret]).items["P1"].vote.adopted


def test_only_members_present_may_request_a_ballot():
    req = BallotRequested(item="P1", ballot=Ballot.PUBLIC, members=("m2", "m3", "m4", "m20"))
    with pytest.raises(
        DomainError, match="M. NOM20 n'est pas présent : seuls les membres présents"
    ):
        fold(thirteen_present() + [req])


def test_the_summary_prints_each_term_of_the_reconciliation():
    from app.services.interchange import summary

    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    events += [ProxyGiven(giver="m4", holder="m3"), PresidencyTaken(member="m2")]
    events += [ItemOpened(item="P1"), Recused(member="m3", item="P1"), hands(2)]
    vote = summary(fold(events, asm=assembly(4)))["items"][0]
    assert vote["presided_by"] == "m2"
    v = vote["vote"]
    assert (v["present"], v["represented"], v["not_taking_part"], v["voters"]) == (3, 1, 2, 2)
    assert v["lost_proxies"] == [{"from": "m4", "holder": "m3"}]


# ------------------------------------------------------------------ huis clos
def test_closed_doors_asked_by_three_members_or_the_maire_and_voted_by_a_majority():
    """L2121-18: 13 present + 2 represented = 15, absolute majority 8."""
    events = [SessionOpened(at=at(18, 30))] + [Arrived(member=f"m{i}") for i in range(1, 14)]
    events += [ProxyGiven(giver="m22", holder="m2"), ProxyGiven(giver="m23", holder="m3")]
    with pytest.raises(DomainError, match="trois membres au moins ou par le maire"):
        fold(events + [ClosedDoorsStarted(requested_by=("m2", "m3"), votes_for=15)])
    with pytest.raises(
        DomainError, match="7 voix pour, il en faut 8 \\(la majorité absolue des 15"
    ):
        fold(events + [ClosedDoorsStarted(requested_by=("m1",), votes_for=7)])
    with pytest.raises(DomainError, match="M. NOM20 n'est pas présent"):
        fold(events + [ClosedDoorsStarted(requested_by=("m2", "m3", "m20"), votes_for=9)])
    events += [ClosedDoorsStarted(requested_by=("m2", "m3", "m4"), votes_for=8, at=at(19, 0))]
    state = fold(events + [ClosedDoorsEnded(at=at(19, 40))])
    assert state.closed_doors == [(at(19, 0), at(19, 40))] and not state.in_camera
    with pytest.raises(DomainError, match="déjà à huis clos"):
        fold(events + [ClosedDoorsStarted(requested_by=("m1",), votes_for=15)])
    with pytest.raises(DomainError, match="ne se tient pas à huis clos"):
        fold(events[:-1] + [ClosedDoorsEnded()])


def test_ordonnance_2020_391_counts_a_third_present_or_represented():
    from app.domain.rules import Rules

    # the covid preset in force in May 2020 (ordonnance 2020-391): present or represented
    rules = Rules.from_preset("covid_2020", date(2020, 5, 1))
    # 23 in office: a third is 8 (⌈23/3⌉), present or represented; two proxies per holder
    events = [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, 6)]
    events += [ProxyGiven(giver="m20", holder="m2"), ProxyGiven(giver="m21", holder="m2")]
    q = fold(events, asm=assembly(rules=rules)).attendance().quorum
    assert (q.required, q.counted, q.reached) == (8, 7, False)
    events.append(ProxyGiven(giver="m22", holder="m3"))
    assert fold(events, asm=assembly(rules=rules)).attendance().quorum.reached
    # the covid 2020-2021 preset (later) counts the present only
    later = Rules.from_preset("covid_2020", date(2021, 1, 1))
    assert not fold(events, asm=assembly(rules=later)).attendance().quorum.reached


# ------------------------------------------------------------------ elections by list
# factory members alternate « Mme » (odd) and « M. » (even); birth years 1950 + i % 40
LIST_A = ("m3", "m4", "m5")  # born 1953, 1954, 1955: average 1954
LIST_B = ("m6", "m7", "m8")  # born 1956, 1957, 1958: average 1957


def list_round(r: int, a: int, b: int, blank: int = 0) -> ListElectionRound:
    return ListElectionRound(
        item="P1", round=r, lists=(("A", LIST_A, a), ("B", LIST_B, b)), blank=blank
    )


def thirteen_for_lists() -> list:
    return (
        [SessionOpened()]
        + [Arrived(member=f"m{i}") for i in range(1, 14)]
        + [ItemOpened(item="P1")]
    )


def test_list_election_absolute_majority_then_relative_in_round_three():
    """L2122-7-2: absolute majority of the expressed in rounds 1-2, relative in round 3."""
    events = thirteen_for_lists() + [list_round(1, 6, 6, blank=1)]
    state = fold(events)
    rec = state.items["P1"]
    assert rec.status is ItemStatus.PENDING and rec.list_rounds[0].needed == 7
    state = fold(events + [list_round(2, 7, 5, blank=1)])
    rec = state.items["P1"]
    assert rec.status is ItemStatus.ADOPTED and rec.elected_list is not None
    assert rec.elected_list.elected == "A" and rec.elected_list.elected_members == LIST_A
    state = fold(events + [list_round(2, 6, 6, blank=1), list_round(3, 5, 6, blank=2)])
    assert state.items["P1"].elected_list.elected == "B"
    assert len(state.items["P1"].round_snapshots) == 3


def test_list_election_tie_goes_to_the_highest_average_age():
    events = thirteen_for_lists() + [list_round(1, 6, 6, blank=1), list_round(2, 6, 6, blank=1)]
    state = fold(events + [list_round(3, 6, 6, blank=1)])
    last = state.items["P1"].elected_list
    assert last is not None and last.elected == "A" and last.by_age


def test_list_election_lists_alternate_sexes_and_do_not_share_candidates():
    events = thirteen_for_lists()
    bad = ListElectionRound(item="P1", round=1, lists=(("A", ("m3", "m5"), 13),))
    with pytest.raises(
        DomainError, match="Liste « A » : Mme NOM3 et Mme NOM5 se suivent ; la liste alterne"
    ):
        fold(events + [bad])
    shared = ListElectionRound(
        item="P1", round=1, lists=(("A", ("m3", "m4"), 7), ("B", ("m4", "m5"), 6))
    )
    with pytest.raises(
        DomainError, match="M. NOM4 figure sur la liste « A » et sur la liste « B »"
    ):
        fold(events + [shared])
    with pytest.raises(DomainError, match="13 votants mais 12 bulletins saisis"):
        fold(events + [list_round(1, 6, 6)])


def test_list_election_same_average_age_asks_for_lots():
    from dataclasses import replace as dc_replace

    asm = assembly()
    born = date(1960, 1, 1)
    members = tuple(
        dc_replace(m, birth_date=born) if m.id in LIST_A + LIST_B else m for m in asm.members
    )
    asm = dc_replace(asm, members=members)
    events = thirteen_for_lists() + [list_round(1, 6, 6, blank=1), list_round(2, 6, 6, blank=1)]
    with pytest.raises(
        DomainError, match="entre la liste « A » et la liste « B », de même âge moyen"
    ):
        fold(events + [list_round(3, 6, 6, blank=1)], asm=asm)
    state = fold(events + [LotsDrawn(item="P1", winner="B"), list_round(3, 6, 6, blank=1)], asm=asm)
    assert state.items["P1"].elected_list.elected == "B"
    with pytest.raises(DomainError, match="« Z » n'est pas une des listes en présence"):
        fold(events + [LotsDrawn(item="P1", winner="Z")], asm=asm)


def test_the_summary_names_the_elected_list_and_its_members_in_order():
    from app.services.interchange import summary

    events = thirteen_for_lists() + [list_round(1, 8, 4, blank=1)]
    entry = summary(fold(events))["items"][0]
    assert entry["status"] == "adopted"
    assert entry["list_election"]["elected_list"] == "A"
    assert entry["list_election"]["elected"] == list(LIST_A)


def test_a_refusal_caused_by_a_correction_names_the_correction():
    events = [SessionOpened(), Arrived(member="m5"), Correction(target=1), Left(member="m5")]
    with pytest.raises(DomainError) as info:
        fold(events)
    message = str(info.value)
    assert "Événement d'indice 3" in message and "Mme NOM5 n'est pas présente" in message
    assert "la correction n° 3 de la liste, qui annule un événement antérieur" in message
    # a refusal that does not come from a correction does not blame one
    with pytest.raises(DomainError) as info:
        fold([SessionOpened(), Arrived(member="m5"), Correction(target=1), Left(member="m6")])
    assert "correction" not in str(info.value)


# ------------------------------------------------------------------ jours francs
def test_jours_francs_warnings():
    from app.domain.assembly import AssemblyKind
    from app.domain.convocation import convocation_warnings, jours_francs

    day = date(2026, 3, 12)
    # sent on the 8th for the 12th: the 9th, 10th and 11th are francs
    assert jours_francs(date(2026, 3, 8), day) == 3
    cm = AssemblyKind.CONSEIL_MUNICIPAL
    assert convocation_warnings(cm, date(2026, 3, 8), day) == ()
    (warning,) = convocation_warnings(cm, date(2026, 3, 9), day)
    assert warning.startswith("Convocation du 09/03/2026 : 2 jours francs avant la séance")
    assert "3 requis (article L2121-11 du CGCT : population non renseignée, règle des " in warning
    assert "communes de moins de 3\u00a0500 habitants appliquée" in warning
    # a population given: said, and the rule follows it (under 3 500: three jours francs)
    (warning,) = convocation_warnings(cm, date(2026, 3, 9), day, 3_499)
    assert "3 requis (article L2121-11 du CGCT, commune de 3\u00a0499 habitants)" in warning
    (warning,) = convocation_warnings(cm, date(2026, 3, 8), day, 3_500)
    assert "5 requis (article L2121-12 du CGCT, commune de 3\u00a0500 habitants)" in warning
    # 3 500 inhabitants and more: five jours francs (an EPCI: its largest commune's)
    (warning,) = convocation_warnings(
        AssemblyKind.CONSEIL_COMMUNAUTAIRE, date(2026, 3, 8), day, 12_000
    )
    assert "5 requis (article L2121-12 du CGCT, plus grande commune de 12\u00a0000" in warning
    assert convocation_warnings(cm, date(2026, 3, 6), day, 12_000) == ()
    # départements and régions follow other rules; a convocation after the session is refused
    assert convocation_warnings(AssemblyKind.CONSEIL_REGIONAL, date(2026, 3, 11), day) == ()
    assert convocation_warnings(cm, None, day) == ()


def test_a_single_candidate_is_appointed_without_a_vote():
    """L2121-21: a single candidate per post is appointed without a vote."""
    events = thirteen_for_lists() + [Appointed(item="P1", member="m4")]
    rec = fold(events).items["P1"]
    assert rec.status is ItemStatus.ADOPTED and rec.elected == "m4" and rec.snapshot is not None
    from app.services.interchange import summary

    assert summary(fold(events))["items"][0]["appointed"] == "m4"
    with pytest.raises(DomainError, match="M. NOM4 ne peut plus être nommé sans vote"):
        fold(thirteen_for_lists() + [hands(13), Appointed(item="P1", member="m4")])
    with pytest.raises(DomainError, match="Ouvrez le point « P2 » avant d'y enregistrer"):
        fold(thirteen_for_lists() + [Appointed(item="P2", member="m4")])


def test_a_weighted_quorum_is_counted_in_voix():
    from app.domain.rules import Rules

    rules = Rules(preset="custom", weighted=True, quorum_weighted=True)
    asm = assembly(5, rules=rules, weights=[1, 1, 1, 1, 6])  # 10 voix, 6 required
    events = [SessionOpened()] + [Arrived(member=m) for m in ("m1", "m2", "m3")]
    with pytest.raises(DomainError, match="Quorum non atteint \\(3 voix, 6 requis, manque 3\\)"):
        fold(events + [ItemOpened(item="P1"), hands(3)], asm=asm)
