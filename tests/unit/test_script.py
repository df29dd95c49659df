"""The president's script, word for word (non-breaking spaces included), at each step of
the seed session (tests/unit/documents/scenario.py) and of the demo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.events import Arrived, Event, Left, SessionOpened, SessionSuspended
from app.domain.script import Step, president_script
from app.domain.state import SessionState, replay
from app.domain.wording import outcome_sentence
from app.services.interchange import load_file
from tests.unit.documents import scenario

N = "\u00a0"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"


def seed_after(count: int) -> SessionState:
    """The seed session after its first ``count`` events."""
    return replay(scenario.build_assembly(), scenario.build_session(), scenario.events()[:count])


def demo_after(count: int | None = None, extra: list[Event] | None = None) -> SessionState:
    parsed = load_file(DEMO)
    events = parsed.events[:count] if count is not None else list(parsed.events)
    return replay(parsed.assembly, parsed.session, events + (extra or []))


# ------------------------------------------------------------------ the seed session


def test_seed_before_quorum_the_session_cannot_be_opened() -> None:
    script = president_script(seed_after(0))
    assert script.now.step is Step.NO_QUORUM
    assert script.now.text == (
        f"Le quorum n'est pas atteint{N}: 0 membre présent, 12 requis. La séance ne peut pas "
        f"être ouverte{N}; l'assemblée sera convoquée de nouveau et délibérera alors "
        "valablement sans condition de quorum."
    )
    assert script.then is None


def test_seed_opened_without_quorum_says_the_assembly_cannot_deliberate() -> None:
    script = president_script(seed_after(12))  # opened, 11 arrived
    assert script.now.step is Step.QUORUM_LOST
    assert script.now.text == (
        f"Le quorum n'est plus atteint{N}: 11 membres présents, 12 requis. L'assemblée ne "
        f"peut plus délibérer valablement{N}: je suspends la séance."
    )


def test_seed_first_item_announced_by_the_president_herself_then_the_call() -> None:
    script = president_script(seed_after(22))  # 12 present, proxies given
    assert script.now.step is Step.ANNOUNCEMENT
    assert script.now.heading == (
        "Point 2026-011 — Approbation du procès-verbal de la séance du 5 février 2026"
    )
    assert script.now.text == (
        f"Point 2026-011{N}: Approbation du procès-verbal de la séance du 5 février 2026. "
        "Je vous présente ce point."
    )
    assert script.then is not None
    assert script.then.text == (
        f"Je mets aux voix le point 2026-011 (16 votants). Qui est pour{N}? "
        f"Qui est contre{N}? Qui s'abstient{N}?"
    )


def test_seed_vote_called_shows_the_call_alone() -> None:
    script = president_script(seed_after(24), vote_called=True)  # item 1 opened
    assert script.now.step is Step.CALL
    assert script.now.text.startswith("Je mets aux voix le point 2026-011 (16 votants).")
    assert script.then is None


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (25, f"Adopté à l'unanimité{N}: 16 pour, 0 contre, 0 abstention."),
        (
            29,
            f"Adopté à la majorité absolue des suffrages exprimés{N}: 14 pour, 4 contre, "
            "0 abstention.",
        ),
        (
            33,
            f"Adopté à la majorité absolue des suffrages exprimés{N}: 15 pour, 2 contre, "
            f"1 abstention{N}; M. LEFÈVRE ne prend pas part au vote.",
        ),
        (
            40,
            f"Adopté, la voix de la présidente étant prépondérante{N}: 8 pour, 8 contre, "
            "2 abstentions.",
        ),
    ],
)
def test_seed_proclamations(count: int, text: str) -> None:
    script = president_script(seed_after(count))
    assert script.now.step is Step.RESULT
    assert script.now.text == text


def test_seed_proclamation_is_the_outcome_sentence_of_the_minutes() -> None:
    state = seed_after(33)
    rec = state.items["2026-013"]
    assert rec.vote is not None
    pv = outcome_sentence(rec.vote, state.name, feminine_president=True)
    assert president_script(state).now.text == pv


def test_seed_announcement_names_the_rapporteure_then_the_next_item() -> None:
    script = president_script(seed_after(29))
    assert script.then is not None
    assert script.then.step is Step.ANNOUNCEMENT
    assert script.then.text == (
        f"Point 2026-013{N}: Subvention à l'association « Les Amis du patrimoine ». "
        "La parole est à Mme ROUSSEAU, rapporteure."
    )


def test_seed_suspension_then_resumption() -> None:
    script = president_script(seed_after(35))
    assert script.now.step is Step.RESUMPTION
    assert script.now.text == (
        f"La séance reprend{N}: 14 membres présents et 5 représentés sur 23 membres en exercice."
    )


def test_seed_election_proclaimed() -> None:
    script = president_script(seed_after(42))
    assert script.now.step is Step.ELECTION
    assert (
        script.now.text == "M. GARCIA est élu au 1er tour avec 12 voix sur 17 suffrages exprimés."
    )


def test_seed_withdrawal_then_closing() -> None:
    script = president_script(seed_after(44))
    assert script.now.text == "Le point 2026-017 est retiré de l'ordre du jour."
    assert script.then is not None
    assert script.then.step is Step.CLOSING
    assert script.then.text == "L'ordre du jour étant épuisé, je lève la séance."


def test_seed_closed() -> None:
    script = president_script(seed_after(45))
    assert script.now.step is Step.CLOSED
    assert script.now.text == f"La séance est levée à 20{N}h{N}15."


def test_seed_election_without_majority_calls_a_second_round() -> None:
    from app.domain.events import ElectionRound

    events = scenario.events()[:41] + [
        ElectionRound(
            item="2026-016",
            round=1,
            votes=(("m8", 8), ("m15", 8)),
            blank=2,
            spoilt=0,
            at=scenario.at(20, 5),
        )
    ]
    state = replay(scenario.build_assembly(), scenario.build_session(), events)
    script = president_script(state)
    assert script.now.step is Step.ELECTION
    assert script.now.text == (
        f"Aucun candidat n'obtient la majorité absolue (9 voix) au 1er tour{N}: "
        "un 2e tour est nécessaire."
    )
    assert script.then is not None
    assert script.then.text == (
        "Je vous invite à procéder au 2e tour de scrutin, à la majorité absolue."
    )


def test_seed_quorum_lost_during_an_item() -> None:
    departures: list[Event] = [Left(member=f"m{i}", at=scenario.at(19, 50)) for i in range(2, 9)]
    events = scenario.events()[:39] + departures
    state = replay(scenario.build_assembly(), scenario.build_session(), events)
    script = president_script(state)
    assert script.now.step is Step.QUORUM_LOST
    assert script.now.text == (
        f"Le quorum n'est plus atteint{N}: 6 membres présents, 12 requis. L'assemblée ne "
        f"peut plus délibérer valablement{N}: je suspends la séance."
    )


def test_seed_suspended_without_quorum_ends_the_session() -> None:
    events = scenario.events()[:39] + [
        Left(member=f"m{i}", at=scenario.at(19, 50)) for i in range(2, 9)
    ]
    events.append(SessionSuspended(at=scenario.at(19, 51)))
    state = replay(scenario.build_assembly(), scenario.build_session(), events)
    script = president_script(state)
    assert script.now.step is Step.NO_RESUMPTION
    assert script.now.text == (
        f"Le quorum n'est toujours pas atteint{N}: 6 membres présents, 12 requis. Je lève "
        f"la séance{N}; les points restants seront inscrits à une prochaine séance."
    )


# ------------------------------------------------------------------ the demo


def test_demo_opening_with_present_represented_and_the_secretary() -> None:
    script = president_script(demo_after(25))  # every arrival and proxy, not yet opened
    assert script.now.step is Step.OPENING
    assert script.now.text == (
        f"Le quorum étant atteint, je déclare la séance ouverte{N}: 13 membres présents et "
        "4 représentés sur 23 membres en exercice. Mme FAURE est désignée secrétaire de séance."
    )
    assert script.then is not None
    assert script.then.text == (
        f"Point 2026-011{N}: Approbation du procès-verbal de la séance du 5 février 2026. "
        "Je vous présente ce point."
    )


def test_demo_compte_administratif_proclaimed_the_maire_withdrawn() -> None:
    # the maire withdrew for the vote (L2121-14): she is not in the room, not named
    script = president_script(demo_after(34))
    assert script.now.text == (
        f"Adopté à la majorité absolue des suffrages exprimés{N}: 13 pour, 2 contre, 1 abstention."
    )
    assert script.then is not None
    assert script.then.text == (
        f"Point 2026-013{N}: Tarifs de la restauration scolaire à la rentrée 2026. "
        "La parole est à Mme LEFÈVRE, rapporteure."
    )


def test_demo_public_ballot_proclaimed() -> None:
    script = president_script(demo_after(38))
    assert script.now.text == (
        f"Adopté à la majorité absolue des suffrages exprimés{N}: 16 pour, 1 contre, 1 abstention."
    )


def test_demo_as_shipped_current_item_and_its_call() -> None:
    state = demo_after()
    script = president_script(state)
    assert script.now.text == (
        f"Point 2026-014{N}: Vote des taux d'imposition 2026. "
        "La parole est à M. DUPONT, rapporteur."
    )
    called = president_script(state, vote_called=True)
    assert called.now.text == (
        f"Je mets aux voix le point 2026-014 (17 votants). Qui est pour{N}? "
        f"Qui est contre{N}? Qui s'abstient{N}?"
    )


def test_demo_several_secretaries_agree_in_gender_and_number() -> None:
    parsed = load_file(DEMO)
    session = replace(parsed.session, secretaries=("m7", "m9"))
    state = replay(parsed.assembly, session, parsed.events[:25])
    assert president_script(state).now.text.endswith(
        "Mme FAURE et Mme GIRAUD sont désignées secrétaires de séance."
    )
    session = replace(parsed.session, secretaries=("m7", "m8"))
    state = replay(parsed.assembly, session, parsed.events[:25])
    assert president_script(state).now.text.endswith(
        "Mme FAURE et M. MOREL sont désignés secrétaires de séance."
    )


def test_demo_second_convocation_opens_without_quorum() -> None:
    parsed = load_file(DEMO)
    session = replace(parsed.session, convocation=2)
    state = replay(
        parsed.assembly,
        session,
        [
            Arrived(member="m1", at=scenario.at(18, 30)),
            Arrived(member="m2", at=scenario.at(18, 30)),
        ],
    )
    assert president_script(state).now.text == (
        "L'assemblée ayant été convoquée une seconde fois faute de quorum, elle délibère "
        f"valablement sans condition de quorum. Je déclare la séance ouverte{N}: 2 membres "
        "présents sur 23 membres en exercice. Mme FAURE est désignée secrétaire de séance."
    )


def test_script_follows_the_state_not_the_journal_position() -> None:
    """Opened before anybody arrived, the script says the quorum is missing; once the
    twelfth member arrives it announces the first item."""
    opened = [SessionOpened(at=scenario.at(18, 34))]
    arrivals: list[Event] = [Arrived(member=f"m{i}", at=scenario.at(18, 35)) for i in range(1, 13)]
    state = replay(scenario.build_assembly(), scenario.build_session(), opened + arrivals)
    assert president_script(state).now.step is Step.ANNOUNCEMENT
    state = replay(scenario.build_assembly(), scenario.build_session(), opened + arrivals[:11])
    assert president_script(state).now.step is Step.QUORUM_LOST


def test_demo_compte_administratif_announced_with_its_own_president() -> None:
    # item 2026-012 is marked compte administratif: the maire says she will withdraw
    script = president_script(demo_after(31))  # the item is opened, the maire presides
    assert script.now.text == (
        f"Point 2026-012{N}: Compte de gestion et compte administratif 2025. La parole est "
        "à M. DUPONT, rapporteur. S'agissant du compte administratif, le conseil élit son "
        f"président pour ce point{N}; je me retirerai au moment du vote (article L2121-14)."
    )
