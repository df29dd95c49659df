"""The ``seance/1`` event codec: every event round-trips; malformed events are refused in
French."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.constitution import Constitution, Origin, Patch
from app.domain.errors import InputError
from app.domain.events import (
    EVENT_TYPES,
    Amended,
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    Choice,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    ClosedStatus,
    Constituted,
    Correction,
    ElectionRound,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    ListElectionRound,
    LotsDrawn,
    Note,
    PresidencyTaken,
    ProxyGiven,
    ProxyRevoked,
    RecordingStarted,
    RecusalKind,
    Recused,
    SecretBallotWaived,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    WithdrawnFromVote,
    decode_event,
    encode_event,
    format_instant,
    parse_instant,
)
from tests.factories import assembly, session

T = datetime(2026, 3, 12, 18, 34)

EXAMPLES = [
    SessionOpened(at=T),
    SessionSuspended(),
    SessionResumed(at=T),
    SessionClosed(at=T),
    Arrived(member="m2", at=datetime(2026, 3, 12, 18, 34, 12)),
    Arrived(member="s3", for_titular="m3"),
    Left(member="m2", at=T),
    Excused(member="m5"),
    ProxyGiven(giver="m5", holder="m2"),
    ProxyRevoked(giver="m5", at=T),
    ItemOpened(item="2026-014", at=T),
    Recused(member="m4", item="2026-014"),
    Recused(member="m4", item="2026-014", kind=RecusalKind.L1111_6),
    VoteRecorded(
        item="2026-014", ballot=Ballot.SHOW_OF_HANDS, count_for=12, count_against=3, count_abstain=2
    ),
    VoteRecorded(
        item="P1",
        ballot=Ballot.SHOW_OF_HANDS,
        count_for=6,
        count_against=6,
        count_abstain=0,
        president_vote=Choice.FOR,
        at=T,
    ),
    VoteRecorded(
        item="P1",
        ballot=Ballot.PUBLIC,
        choices=(("m1", Choice.FOR), ("m2", Choice.AGAINST), ("m3", Choice.ABSTAIN)),
    ),
    VoteRecorded(item="P1", ballot=Ballot.SECRET, count_for=10, count_against=5, blank=2, spoilt=1),
    ElectionRound(item="P1", round=2, votes=(("m22", 10), ("m23", 9)), blank=1, spoilt=0),
    ItemClosed(item="P1", status=ClosedStatus.WITHDRAWN),
    ItemClosed(item="P1", status=ClosedStatus.POSTPONED),
    ItemClosed(item="P1", status=ClosedStatus.INFORMATION),
    Note(item="P1", text="Débat sur les « taux »\nsur deux lignes."),
    Note(item=None, text=""),
    Correction(target=3, reason="erreur de saisie"),
    Correction(target=0, at=T),
    PresidencyTaken(member="m2", at=T),
    WithdrawnFromVote(member="m1", item="2026-012", at=T),
    LotsDrawn(item="P1", winner="m22"),
    BallotRequested(item="P1", ballot=Ballot.SECRET, members=("m2", "m3", "m4"), at=T),
    ClosedDoorsStarted(requested_by=("m1",), votes_for=12, at=T),
    ClosedDoorsEnded(at=T),
    Appointed(item="P1", member="m3", at=T),
    SecretBallotWaived(item="P1", votes_for=13, at=T),
    ListElectionRound(
        item="P1", round=1, lists=(("A", ("m2", "m3"), 10), ("B", ("m5", "m4"), 8)), blank=1
    ),
    Constituted(constitution=Constitution(assembly(8), session(3)), at=T),
    Constituted(constitution=Constitution(assembly(7), session(0), Origin.MIGRATION)),
    Amended(by="le secrétaire", reason="point ajouté", patch=Patch(agenda=session(4).items)),
    Amended(
        by="M. X",
        reason="remplacement",
        patch=Patch(members=assembly(3).members, session=session(1)),
        at=T,
    ),
    RecordingStarted(at=T),
]


def test_examples_cover_every_event_type():
    assert {e.type for e in EXAMPLES} == set(EVENT_TYPES)


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.type)
def test_round_trip(event):
    data = encode_event(event)
    assert data["type"] == event.type
    assert decode_event(data) == event
    # through JSON text too, as the store and the files keep it
    assert decode_event(json.loads(json.dumps(data))) == event
    assert encode_event(decode_event(data)) == data


def test_encoding_follows_format_md():
    assert encode_event(ProxyGiven(giver="m5", holder="m2")) == {
        "type": "proxy_given",
        "from": "m5",
        "to": "m2",
    }
    assert encode_event(Arrived(member="s3", for_titular="m3", at=T)) == {
        "type": "arrived",
        "member": "s3",
        "for": "m3",
        "at": "2026-03-12T18:34",
    }
    assert encode_event(EXAMPLES[13]) == {
        "type": "vote_recorded",
        "item": "2026-014",
        "ballot": "show_of_hands",
        "for": 12,
        "against": 3,
        "abstain": 2,
    }
    assert encode_event(Correction(target=3, reason="x")) == {
        "type": "correction",
        "event": 3,
        "reason": "x",
    }


def test_instants():
    assert parse_instant("2026-03-12T18:34") == T
    assert parse_instant("2026-03-12T18:34:05") == datetime(2026, 3, 12, 18, 34, 5)
    assert parse_instant(None) is None
    assert format_instant(T) == "2026-03-12T18:34"
    assert format_instant(datetime(2026, 3, 12, 18, 34, 5)) == "2026-03-12T18:34:05"


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    )
)
def test_instant_round_trip(moment):
    assert parse_instant(format_instant(moment)) == moment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("arrived", "un événement doit être un objet JSON"),
        ({}, "type d'événement « None » inconnu"),
        ({"type": "arrivee", "member": "m1"}, "type d'événement « arrivee » inconnu"),
        ({"type": 3}, "type d'événement « 3 » inconnu"),
        ({"type": "arrived"}, "champ « member » manquant"),
        ({"type": "arrived", "member": 12}, "champ « member » : une chaîne non vide est attendue"),
        ({"type": "arrived", "member": "  "}, "une chaîne non vide est attendue"),
        ({"type": "arrived", "member": "s3", "for": ""}, "champ « for » : une chaîne non vide"),
        ({"type": "left"}, "champ « member » manquant"),
        ({"type": "excused", "member": ["m1"]}, "champ « member »"),
        ({"type": "proxy_given", "from": "m5"}, "champ « to » manquant"),
        ({"type": "proxy_given", "to": "m5"}, "champ « from » manquant"),
        ({"type": "proxy_revoked"}, "champ « from » manquant"),
        ({"type": "item_opened"}, "champ « item » manquant"),
        ({"type": "recused", "member": "m1"}, "champ « item » manquant"),
        (
            {"type": "recused", "member": "m1", "item": "P1", "kind": "autre"},
            "« kind » : « autre » inconnu",
        ),
        (
            {"type": "arrived", "member": "m1", "at": "18h34"},
            "champ « at » : instant « 18h34 » illisible",
        ),
        ({"type": "arrived", "member": "m1", "at": "2026-13-12T18:34"}, "illisible"),
        ({"type": "arrived", "member": "m1", "at": 1834}, "champ « at » : un instant"),
        ({"type": "session_opened", "at": "demain"}, "instant « demain » illisible"),
        (
            {"type": "vote_recorded", "item": "P1", "ballot": "main_levee", "for": 1, "against": 0},
            "scrutin « main_levee » inconnu",
        ),
        ({"type": "vote_recorded", "item": "P1", "for": 1}, "« for » et « against » sont attendus"),
        (
            {"type": "vote_recorded", "item": "P1", "for": -1, "against": 0},
            "champ « for » : un nombre entier positif ou nul",
        ),
        ({"type": "vote_recorded", "item": "P1", "for": "12", "against": 0}, "champ « for »"),
        ({"type": "vote_recorded", "item": "P1", "for": True, "against": 0}, "champ « for »"),
        ({"type": "vote_recorded", "item": "P1", "for": 1.5, "against": 0}, "champ « for »"),
        (
            {"type": "vote_recorded", "ballot": "show_of_hands", "for": 1, "against": 0},
            "champ « item » manquant",
        ),
        ({"type": "vote_recorded", "item": "P1", "ballot": "public"}, "« choices »"),
        (
            {"type": "vote_recorded", "item": "P1", "ballot": "public", "choices": ["m1"]},
            "« choices »",
        ),
        (
            {"type": "vote_recorded", "item": "P1", "ballot": "public", "choices": {"m1": "oui"}},
            "« m1 » : choix « oui » inconnu",
        ),
        (
            {
                "type": "vote_recorded",
                "item": "P1",
                "ballot": "secret",
                "for": 1,
                "against": 0,
                "choices": {"m1": "for"},
            },
            "un scrutin secret ne peut pas comporter de noms",
        ),
        (
            {
                "type": "vote_recorded",
                "item": "P1",
                "for": 1,
                "against": 0,
                "choices": {"m1": "for"},
            },
            "n'est admis que pour un scrutin public",
        ),
        (
            {
                "type": "vote_recorded",
                "item": "P1",
                "for": 1,
                "against": 0,
                "president_vote": "oui",
            },
            "« president_vote » : choix « oui » inconnu",
        ),
        ({"type": "election_round", "item": "P1", "round": 1}, "« votes »"),
        ({"type": "election_round", "item": "P1", "round": 1, "votes": {}}, "« votes »"),
        (
            {"type": "election_round", "item": "P1", "round": 4, "votes": {"m1": 3}},
            "« round » : tour 1, 2 ou 3",
        ),
        ({"type": "election_round", "item": "P1", "votes": {"m1": 3}}, "« round »"),
        ({"type": "election_round", "item": "P1", "round": 1, "votes": {"m1": -3}}, "« voix »"),
        (
            {"type": "item_closed", "item": "P1", "status": "annule"},
            r"« status » : « annule » inconnu \(withdrawn, postponed ou information\)",
        ),
        ({"type": "item_closed", "item": "P1"}, "« status » : « None » inconnu"),
        ({"type": "note", "item": "P1"}, "champ « text » : une chaîne est attendue"),
        ({"type": "note", "text": 5}, "champ « text »"),
        ({"type": "note", "text": "x" * 100_001}, "texte trop long"),
        ({"type": "correction"}, "champ « event » : l'indice de l'événement corrigé"),
        ({"type": "correction", "event": -1}, "champ « event »"),
        ({"type": "correction", "event": "3"}, "champ « event »"),
        ({"type": "correction", "event": True}, "champ « event »"),
        ({"type": "correction", "event": 3, "reason": 4}, "champ « reason »"),
    ],
)
def test_malformed_events_are_refused_in_french(data, message):
    with pytest.raises(InputError, match=message):
        decode_event(data)


def test_decoded_defaults():
    vote = decode_event({"type": "vote_recorded", "item": "P1", "for": 3, "against": 1})
    assert vote.ballot is Ballot.SHOW_OF_HANDS and vote.count_abstain is None
    recused = decode_event({"type": "recused", "member": "m1", "item": "P1"})
    assert recused.kind is RecusalKind.INTEREST
    note = decode_event({"type": "note", "text": "Séance calme."})
    assert note.item is None
