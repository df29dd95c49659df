"""Attendance: arrivals, departures, apologies, suppléants, mandates and session phases."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import DomainError
from app.domain.events import (
    Arrived,
    Ballot,
    Correction,
    Excused,
    ItemOpened,
    Left,
    Note,
    ProxyGiven,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
)
from app.domain.members import Member
from app.domain.state import Phase, Presence
from tests.factories import DAY, assembly, at, fold, members

S3 = Member(id="s3", last_name="SUPPLÉANT", first_name="Trois", civility="M.", substitute_for="m3")
S3B = Member(
    id="s3b", last_name="REMPLAÇANT", first_name="Bis", civility="Mme", substitute_for="m3"
)
S4 = Member(id="s4", last_name="DEPUTE", first_name="Quatre", civility="M.", substitute_for="m4")


def with_substitutes(n: int = 5):
    return assembly(n, extra=(S3, S3B, S4))


def show_of_hands(item: str, f: int, a: int = 0, ab: int = 0) -> VoteRecorded:
    return VoteRecorded(
        item=item, ballot=Ballot.SHOW_OF_HANDS, count_for=f, count_against=a, count_abstain=ab
    )


# ---------------------------------------------------------------- presence
def test_everyone_absent_by_default():
    att = fold([]).attendance()
    assert len(att.seats) == 23
    assert att.absent == tuple(f"m{i}" for i in range(1, 24))
    assert att.present == () and att.excused == ()
    assert att.voters == 0


def test_arrival_departure_and_apology_move_a_member():
    state = fold(
        [
            SessionOpened(),
            Arrived(member="m1"),
            Arrived(member="m2"),
            Excused(member="m3"),
            Left(member="m2"),
        ]
    )
    att = state.attendance()
    assert att.present == ("m1",)
    assert att.excused == ("m3",)
    assert "m2" in att.absent
    assert att.seat("m1").in_person and att.seat("m1").presence is Presence.PRESENT


def test_unknown_member_is_refused():
    for event in (
        Arrived(member="zz"),
        Left(member="zz"),
        Excused(member="zz"),
        ProxyGiven(giver="zz", holder="m1"),
        ProxyGiven(giver="m1", holder="zz"),
    ):
        with pytest.raises(DomainError, match="« zz » inconnu de l'assemblée"):
            fold([SessionOpened(), event])


def test_arrival_of_someone_present_is_refused():
    with pytest.raises(DomainError, match="Mme NOM1 est déjà présente"):
        fold([SessionOpened(), Arrived(member="m1"), Arrived(member="m1")])
    with pytest.raises(DomainError, match="M. NOM2 est déjà présent\\.$"):
        fold([SessionOpened(), Arrived(member="m2"), Arrived(member="m2")])


def test_arrival_after_departure_is_accepted():
    state = fold(
        [
            SessionOpened(),
            Arrived(member="m2", at=at(18, 30)),
            Left(member="m2", at=at(19, 0)),
            Arrived(member="m2", at=at(19, 30)),
        ]
    )
    assert state.attendance().present == ("m2",)
    assert state.arrivals["m2"] == [at(18, 30), at(19, 30)]
    assert state.departures["m2"] == [at(19, 0)]


def test_departure_of_someone_absent_is_refused():
    with pytest.raises(DomainError, match="M. NOM2 n'est pas présent : départ impossible"):
        fold([SessionOpened(), Left(member="m2")])
    with pytest.raises(DomainError, match="n'est pas présente : départ impossible"):
        fold([SessionOpened(), Arrived(member="m1"), Left(member="m1"), Left(member="m1")])


def test_excused_of_a_present_member_is_refused():
    with pytest.raises(DomainError, match="Mme NOM1 est présente : enregistrez d'abord son départ"):
        fold([SessionOpened(), Arrived(member="m1"), Excused(member="m1")])


def test_excused_twice_is_refused():
    with pytest.raises(DomainError, match="déjà excusé"):
        fold([Excused(member="m2"), Excused(member="m2")])


def test_excused_member_who_arrives_is_present_and_no_longer_excused():
    state = fold([SessionOpened(), Excused(member="m2"), Arrived(member="m2")])
    assert state.attendance().seat("m2").presence is Presence.PRESENT
    state = fold([SessionOpened(), Excused(member="m2"), Arrived(member="m2"), Left(member="m2")])
    assert state.attendance().seat("m2").presence is Presence.ABSENT


# ---------------------------------------------------------------- suppléants
def test_substitutes_are_not_members_in_office():
    state = fold([], asm=with_substitutes())
    att = state.attendance()
    assert [s.member for s in att.seats] == ["m1", "m2", "m3", "m4", "m5"]
    assert att.quorum.in_office == 5


def test_sitting_substitute_counts_present_for_his_titular():
    state = fold(
        [
            SessionOpened(),
            Arrived(member="m1"),
            Arrived(member="m2"),
            Arrived(member="s3", for_titular="m3"),
            ItemOpened(item="P1"),
        ],
        asm=with_substitutes(),
    )
    att = state.attendance()
    seat = att.seat("m3")
    assert seat.presence is Presence.PRESENT and not seat.in_person and seat.substitute == "s3"
    assert att.present == ("m1", "m2", "m3")
    assert att.quorum.present == 3 and att.quorum.required == 3 and att.quorum.reached
    assert att.voters == 3
    assert att.seat("s3") is None  # the suppléant has no seat of his own


def test_substitute_without_for_sits_for_his_titular():
    state = fold([SessionOpened(), Arrived(member="s3")], asm=with_substitutes())
    assert state.attendance().seat("m3").substitute == "s3"


def test_sitting_substitute_votes_for_his_titular():
    events = [
        SessionOpened(),
        Arrived(member="m1"),
        Arrived(member="m2"),
        Arrived(member="s3"),
        ItemOpened(item="P1"),
        show_of_hands("P1", 2, 1),
    ]
    state = fold(events, asm=with_substitutes())
    assert state.items["P1"].vote.tally.voters == 3
    with pytest.raises(DomainError, match="3 votants mais 2 voix saisies"):
        fold(events[:-1] + [show_of_hands("P1", 2)], asm=with_substitutes())


def test_substitute_for_someone_else_is_refused():
    with pytest.raises(DomainError, match="M. SUPPLÉANT est suppléant de Mme NOM3, pas de M. NOM4"):
        fold([SessionOpened(), Arrived(member="s3", for_titular="m4")], asm=with_substitutes())


def test_substitute_while_titular_present_is_refused():
    with pytest.raises(DomainError, match="sa titulaire Mme NOM3 est présente"):
        fold([SessionOpened(), Arrived(member="m3"), Arrived(member="s3")], asm=with_substitutes())


def test_titular_arriving_while_substitute_sits_is_refused():
    with pytest.raises(DomainError, match="Le suppléant M. SUPPLÉANT siège pour Mme NOM3"):
        fold([SessionOpened(), Arrived(member="s3"), Arrived(member="m3")], asm=with_substitutes())


def test_titular_may_arrive_once_substitute_left():
    state = fold(
        [SessionOpened(), Arrived(member="s3"), Left(member="s3"), Arrived(member="m3")],
        asm=with_substitutes(),
    )
    seat = state.attendance().seat("m3")
    assert seat.in_person and seat.substitute is None


def test_two_substitutes_for_one_titular_are_refused():
    with pytest.raises(DomainError, match="M. SUPPLÉANT siège déjà pour Mme NOM3"):
        fold([SessionOpened(), Arrived(member="s3"), Arrived(member="s3b")], asm=with_substitutes())


def test_for_on_a_titular_is_refused():
    with pytest.raises(DomainError, match="n'est pas suppléant"):
        fold([SessionOpened(), Arrived(member="m1", for_titular="m3")], asm=with_substitutes())


def test_substitute_cannot_be_excused_nor_give_proxy():
    with pytest.raises(DomainError, match="est suppléant, pas membre en exercice"):
        fold([Excused(member="s3")], asm=with_substitutes())
    with pytest.raises(DomainError, match="est suppléant, pas membre en exercice"):
        fold([ProxyGiven(giver="s3", holder="m1")], asm=with_substitutes())


def test_substitute_departure_frees_the_seat():
    state = fold([SessionOpened(), Arrived(member="s3"), Left(member="s3")], asm=with_substitutes())
    seat = state.attendance().seat("m3")
    assert seat.presence is Presence.ABSENT and seat.substitute is None
    assert state.seat_substitute == {}


# ---------------------------------------------------------------- mandates
def ended_assembly():
    ms = members(5)
    ended = Member(id="m5", last_name="PARTI", civility="M.", ended_on=date(2026, 1, 31))
    last_day = Member(id="m4", last_name="DERNIER", civility="M.", ended_on=DAY)
    return assembly(0, extra=ms[:3] + (last_day, ended))


def test_ended_mandate_is_not_in_office():
    state = fold([], asm=ended_assembly())
    att = state.attendance()
    assert [s.member for s in att.seats] == ["m1", "m2", "m3", "m4"]  # m4 ends that very day
    assert att.quorum.in_office == 4 and att.quorum.required == 3


def test_ended_mandate_cannot_arrive_nor_hold_a_proxy():
    with pytest.raises(DomainError, match="M. PARTI n'est plus en exercice"):
        fold([SessionOpened(), Arrived(member="m5")], asm=ended_assembly())
    with pytest.raises(DomainError, match="M. PARTI n'est pas membre en exercice"):
        fold([SessionOpened(), ProxyGiven(giver="m1", holder="m5")], asm=ended_assembly())
    with pytest.raises(DomainError, match="n'est plus en exercice"):
        fold([SessionOpened(), ProxyGiven(giver="m5", holder="m1")], asm=ended_assembly())


# ---------------------------------------------------------------- phases
def test_session_phases():
    events = [SessionOpened(at=at(18, 34))]
    assert fold([]).phase is Phase.NOT_OPENED
    assert fold(events).phase is Phase.OPEN
    events.append(SessionSuspended(at=at(19, 0)))
    assert fold(events).phase is Phase.SUSPENDED
    events.append(SessionResumed(at=at(19, 10)))
    state = fold(events)
    assert state.phase is Phase.OPEN
    assert state.suspensions == [(at(19, 0), at(19, 10))]
    events.append(SessionClosed(at=at(20, 15)))
    state = fold(events)
    assert state.phase is Phase.CLOSED
    assert (state.opened_at, state.closed_at) == (at(18, 34), at(20, 15))


def test_phase_transitions_out_of_order_are_refused():
    with pytest.raises(DomainError, match="déjà ouverte"):
        fold([SessionOpened(), SessionOpened()])
    with pytest.raises(DomainError, match="peut être suspendue"):
        fold([SessionSuspended()])
    with pytest.raises(DomainError, match="peut être suspendue"):
        fold([SessionOpened(), SessionSuspended(), SessionSuspended()])
    with pytest.raises(DomainError, match="n'est pas suspendue"):
        fold([SessionOpened(), SessionResumed()])
    with pytest.raises(DomainError, match="n'a pas été ouverte"):
        fold([SessionClosed()])


def test_item_needs_an_open_session_and_a_known_item():
    with pytest.raises(DomainError, match="Ouvrez d'abord la séance"):
        fold([ItemOpened(item="P1")])
    with pytest.raises(DomainError, match="Point « P9 » absent de l'ordre du jour"):
        fold([SessionOpened(), ItemOpened(item="P9")])


def quorate(n: int = 12) -> list:
    return [SessionOpened()] + [Arrived(member=f"m{i}") for i in range(1, n + 1)]


def test_vote_refused_while_suspended_and_accepted_after_resuming():
    events = quorate() + [ItemOpened(item="P1"), SessionSuspended()]
    with pytest.raises(DomainError, match="La séance est suspendue : reprenez-la"):
        fold(events + [show_of_hands("P1", 12)])
    state = fold(events + [SessionResumed(), show_of_hands("P1", 12)])
    assert state.items["P1"].vote.adopted


def test_vote_refused_before_opening():
    with pytest.raises(DomainError, match="La séance n'est pas ouverte"):
        fold([Arrived(member=f"m{i}") for i in range(1, 13)] + [show_of_hands("P1", 12)])


@pytest.mark.parametrize(
    "event",
    [
        Arrived(member="m13"),
        Left(member="m1"),
        Excused(member="m20"),
        ProxyGiven(giver="m20", holder="m1"),
        ItemOpened(item="P2"),
        Note(item=None, text="x"),
        SessionOpened(),
        SessionSuspended(),
        SessionClosed(),
        show_of_hands("P1", 12),
    ],
)
def test_events_after_close_are_refused(event):
    with pytest.raises(DomainError, match="La séance est close"):
        fold(quorate() + [SessionClosed(), event])


def test_a_correction_after_close_is_accepted():
    events = quorate() + [SessionClosed(), Correction(target=12, reason="oubli")]
    state = fold(events)
    assert state.phase is Phase.CLOSED
    assert "m12" not in state.attendance().present
    # cancelling the closing reopens the session for further events
    state = fold(quorate() + [SessionClosed(), Correction(target=13), Arrived(member="m13")])
    assert state.phase is Phase.OPEN and "m13" in state.attendance().present


def test_refused_event_is_located_by_index():
    with pytest.raises(DomainError) as info:
        fold([SessionOpened(), Arrived(member="m1"), Arrived(member="m1")])
    assert info.value.index == 2
    assert str(info.value).startswith("Événement d'indice 2 (n° 3 de la liste) : ")


# ---------------------------------------------------------------- French agreement
def test_messages_agree_with_the_member():
    # S3B is « Mme REMPLAÇANT », suppléante of Mme NOM3; m4 is M. NOM4
    with pytest.raises(
        DomainError, match="Mme REMPLAÇANT est suppléante de Mme NOM3, pas de M. NOM4"
    ):
        fold([SessionOpened(), Arrived(member="s3b", for_titular="m4")], asm=with_substitutes())
    with pytest.raises(
        DomainError, match="ne peut pas siéger : sa titulaire Mme NOM3 est présente"
    ):
        fold([SessionOpened(), Arrived(member="m3"), Arrived(member="s3b")], asm=with_substitutes())
    with pytest.raises(
        DomainError, match="ne peut pas siéger : son titulaire M. NOM4 est présent\\."
    ):
        fold([SessionOpened(), Arrived(member="m4"), Arrived(member="s4")], asm=with_substitutes())
    with pytest.raises(DomainError, match=": La suppléante Mme REMPLAÇANT siège pour Mme NOM3"):
        fold([Arrived(member="s3b"), Arrived(member="m3")], asm=with_substitutes())
    with pytest.raises(DomainError, match="Mme REMPLAÇANT est suppléante, pas membre"):
        fold([Excused(member="s3b")], asm=with_substitutes())
    with pytest.raises(DomainError, match="Mme NOM1 n'est pas suppléante"):
        fold([Arrived(member="m1", for_titular="m3")], asm=with_substitutes())
    with pytest.raises(
        DomainError,
        match="Mme REMPLAÇANT n'est pas membre en exercice : elle ne peut pas recevoir de pouvoir",
    ):
        fold([ProxyGiven(giver="m5", holder="s3b")], asm=with_substitutes())
    with pytest.raises(DomainError, match="Mme NOM3 est suppléée par Mme REMPLAÇANT"):
        fold([Arrived(member="s3b"), ProxyGiven(giver="m3", holder="m1")], asm=with_substitutes())
