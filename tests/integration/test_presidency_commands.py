"""The acts of the second round (presidency, withdrawal, special ballots, lots, appointment,
list elections, closed doors, the waiver of the secret ballot) as commands handled by
``SessionService.handle``: each is stored and folded, and a refusal changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.errors import DomainError
from app.domain.members import Member
from app.domain.state import ItemStatus
from app.services.commands import (
    Appoint,
    Arrive,
    Ballot,
    DrawLots,
    EndClosedDoors,
    OpenItem,
    OpenSession,
    Preside,
    RecordElectionRound,
    RecordListElectionRound,
    RecordShowOfHands,
    RequestBallot,
    StartClosedDoors,
    Undo,
    WaiveSecretBallot,
    WithdrawFromVote,
)
from app.services.session_service import SessionService
from app.services.store import Store
from tests.factories import assembly, session

BORN = date(1960, 5, 1)
TWINS = (
    Member(id="t1", last_name="JUMEAU", civility="M.", birth_date=BORN),
    Member(id="t2", last_name="JUMELLE", civility="Mme", birth_date=BORN),
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 12, 18, 30)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def service(tmp_path):
    store = Store.open(tmp_path / "seance.sqlite")
    store.save_assembly(assembly(extra=TWINS))
    store.save_session(session())
    yield SessionService(store, "s1", Clock())
    store.close()


def rows(service: SessionService) -> list[tuple]:
    return service.store.db.execute("SELECT seq, hash FROM events ORDER BY seq").fetchall()


def quorate(service: SessionService, n: int = 13, item: str | None = "P1") -> None:
    service.handle(OpenSession())
    for i in range(1, n + 1):
        service.handle(Arrive(f"m{i}"))
    if item:
        service.handle(OpenItem(item))


def refused(service: SessionService, command, match: str) -> None:
    before = rows(service), list(service.events)
    with pytest.raises(DomainError, match=match):
        service.handle(command)
    assert (rows(service), list(service.events)) == before


def test_preside_changes_who_presides_and_is_undone(service):
    quorate(service)
    service.handle(Preside("m2"))
    assert service.state.presiding == "m2"
    assert service.events[-1].type == "presidency_taken"
    refused(service, Preside("m2"), "M. NOM2 préside déjà")
    refused(service, Preside("m20"), "n'est pas présent")
    service.handle(Undo())
    assert service.state.presiding == "m1"


def test_compte_administratif_president_elected_maire_withdraws_then_returns(service):
    quorate(service, n=14)
    refused(service, WithdrawFromVote("m1"), "préside : faites d'abord désigner")
    service.handle(Preside("m2"))
    service.handle(WithdrawFromVote("m1"))  # the item under discussion by default
    rec = service.state.items["P1"]
    assert rec.withdrawn == {"m1"}
    assert service.state.attendance("P1").voters == 13
    service.handle(RecordShowOfHands("P1", 13, 0, 0))
    service.handle(Preside("m1"))
    assert service.state.presiding == "m1"


def test_withdraw_needs_an_item(service):
    quorate(service, item=None)
    refused(service, WithdrawFromVote("m2"), "Aucun point en cours")


def test_request_ballot_then_the_vote_must_use_it(service):
    quorate(service)
    refused(service, RequestBallot("P1", Ballot.SECRET, ("m2", "m3")), "il faut au moins 5")
    service.handle(RequestBallot("P1", Ballot.SECRET, ("m2", "m3", "m4", "m5", "m6")))
    assert service.state.items["P1"].required_ballot is Ballot.SECRET


def test_closed_doors_start_and_end(service):
    quorate(service)
    refused(service, StartClosedDoors(("m2", "m3"), 13), "trois membres au moins")
    refused(service, StartClosedDoors(("m2", "m3", "m4"), 6), "il en faut 7")
    service.handle(StartClosedDoors(("m2", "m3", "m4"), 7))
    assert service.state.in_camera
    service.handle(EndClosedDoors())
    assert not service.state.in_camera
    assert len(service.state.closed_doors) == 1
    refused(service, EndClosedDoors(), "rien à lever")


def test_appoint_a_single_candidate(service):
    quorate(service)
    service.handle(Appoint("P1", "m5"))
    rec = service.state.items["P1"]
    assert rec.elected == "m5" and rec.status is ItemStatus.ADOPTED


def test_draw_lots_between_twins(service):
    quorate(service)
    service.handle(Arrive("t1"))
    tied = (("t1", 7), ("t2", 7))
    for r in (1, 2):
        service.handle(RecordElectionRound("P1", r, tied))
    refused(service, RecordElectionRound("P1", 3, tied), "tirage au sort")
    service.handle(DrawLots("P1", "t2"))
    service.handle(RecordElectionRound("P1", 3, tied))
    assert service.state.items["P1"].elected == "t2"


def test_list_election_round(service):
    quorate(service)
    lists = (("A", ("m3", "m4", "m5"), 8), ("B", ("m6", "m7", "m8"), 4))
    service.handle(RecordListElectionRound("P1", 1, lists, blank=1))
    rec = service.state.items["P1"]
    assert rec.elected_list is not None and rec.elected_list.elected == "A"


# ------------------------------------------------------------------ L2121-21 waiver
def test_the_waiver_of_the_secret_ballot_is_unanimous(service):
    quorate(service)
    refused(service, WaiveSecretBallot("P1", 12), "l'unanimité des 13 votants")
    service.handle(WaiveSecretBallot("P1"))  # every voter by default
    assert service.state.items["P1"].secret_waived
    assert service.events[-1].type == "secret_ballot_waived"
    refused(service, WaiveSecretBallot("P1"), "a déjà renoncé")
    # the waiver concerns nominations only: a deliberation's vote is refused on that item
    refused(service, RecordShowOfHands("P1", 13, 0, 0), "ne vaut que pour une nomination")
    service.handle(RecordElectionRound("P1", 1, (("m5", 13),)))
    assert service.state.items["P1"].elected == "m5"


def test_the_waiver_comes_before_the_nomination_on_the_open_item(service):
    quorate(service)
    refused(service, WaiveSecretBallot("P2"), "Ouvrez le point « P2 »")
    service.handle(RecordElectionRound("P1", 1, (("m5", 13),)))
    refused(service, WaiveSecretBallot("P1"), "vient avant la nomination")


def test_no_waiver_when_a_third_asked_for_the_secret_ballot(service):
    quorate(service)
    service.handle(RequestBallot("P1", Ballot.SECRET, ("m2", "m3", "m4", "m5", "m6")))
    refused(service, WaiveSecretBallot("P1"), "a demandé le scrutin secret")


def test_the_waiver_survives_reopening(service, tmp_path):
    quorate(service)
    service.handle(WaiveSecretBallot("P1"))
    again = SessionService(service.store, "s1", Clock())
    assert again.state.items["P1"].secret_waived


# ------------------------------------------------------------------ compte administratif
def test_the_compte_administratif_marker_is_carried_by_the_codec_and_the_store(tmp_path):
    from dataclasses import replace

    from app.domain.constitution import item_from_dict, item_to_dict
    from app.domain.errors import InputError

    plain = session().items[0]
    marked = replace(plain, presided_apart=True)
    assert "presided_apart" not in item_to_dict(plain)  # files without it are unchanged
    assert item_to_dict(marked)["presided_apart"] is True
    assert item_from_dict(item_to_dict(marked)) == marked
    for bad in ("oui", 1, "true"):
        with pytest.raises(InputError, match="« presided_apart » vaut true ou false"):
            item_from_dict({**item_to_dict(plain), "presided_apart": bad})
    store = Store.open(tmp_path / "ca.sqlite")
    try:
        store.save_assembly(assembly())
        sess = session()
        store.save_session(replace(sess, items=(marked, *sess.items[1:])))
        assert store.load_session("s1").items[0].presided_apart
    finally:
        store.close()


def test_start_recording_is_a_command(service):
    from app.services.commands import StartRecording

    quorate(service, item=None)
    service.handle(StartRecording())
    assert service.events[-1].type == "recording_started"


def test_decide_turns_every_command_into_its_event():
    """Every command type but those the service handles on the journal (undo, redo,
    correction) is decided into an event: a new command without its case fails here."""
    from app.domain import commands as c
    from app.domain.constitution import Patch
    from app.domain.events import ClosedStatus
    from app.domain.state import SessionState

    state = SessionState(assembly(), session())
    examples = [
        c.OpenSession(),
        c.SuspendSession(),
        c.ResumeSession(),
        c.CloseSession(),
        c.StartRecording(),
        c.Arrive("m1"),
        c.Leave("m1"),
        c.Excuse("m1"),
        c.GiveProxy("m2", "m1"),
        c.RevokeProxy("m2"),
        c.OpenItem("P1"),
        c.Recuse("m1", "P1"),
        c.RecordShowOfHands("P1", 1, 0),
        c.RecordUnanimity("P1"),
        c.RecordPublic("P1", (("m1", c.Choice.FOR),)),
        c.RecordSecret("P1", 1, 0),
        c.RecordElectionRound("P1", 1, (("m1", 1),)),
        c.CloseItem("P1", ClosedStatus.WITHDRAWN),
        c.TakeNote(None, "note"),
        c.Amend(Patch(agenda=session(2).items), "le secrétaire", "ajout"),
        c.Preside("m2"),
        c.WithdrawFromVote("m1", "P1"),
        c.RequestBallot("P1", Ballot.SECRET, ("m2",)),
        c.WaiveSecretBallot("P1"),
        c.DrawLots("P1", "m2"),
        c.Appoint("P1", "m2"),
        c.RecordListElectionRound("P1", 1, (("A", ("m2", "m3"), 1),)),
        c.StartClosedDoors(("m2",), 1),
        c.EndClosedDoors(),
    ]
    journal_only = {c.Undo, c.Redo, c.Correct}
    assert {type(x) for x in examples} | journal_only == set(c.Command.__subclasses__())
    for command in examples:
        assert c.decide(state, command).type, command
