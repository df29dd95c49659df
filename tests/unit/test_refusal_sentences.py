"""Every refusal code has its French sentence in one module, and every sentence reads well
for a woman and for a man (names, agreement, no id, no Python value). docs/REFUSALS.md
shows each code with its sentence for the sample facts below: the table is checked here,
so it cannot drift from the wording module."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.errors import DomainError, Refusal, Refused
from app.domain.events import Ballot, Choice
from app.domain.members import Member
from app.domain.state import ItemStatus
from app.domain.wording.refusals import SENTENCES
from tests.integration.test_refusal_wording import MEMBERS, faults

DOC = Path(__file__).resolve().parents[2] / "docs/REFUSALS.md"

ANNE, PAUL, CLAIRE, LUC = MEMBERS[0], MEMBERS[1], MEMBERS[2], MEMBERS[3]  # women, men
SUB = MEMBERS[12]  # Mme MOREL, suppléante of Mme ARNAUD
AT = datetime(2026, 3, 12, 18, 5)

SAMPLES: dict[Refusal, dict[str, object]] = {
    Refusal.CORRECTION_NOT_STATE: {},
    Refusal.SESSION_CLOSED: {},
    Refusal.OUTSIDE_SESSION_DAY: {"at": datetime(2026, 3, 14, 9, 0), "day": date(2026, 3, 12)},
    Refusal.BEFORE_PREVIOUS: {"at": AT, "previous": datetime(2026, 3, 12, 18, 30)},
    Refusal.ALREADY_OPENED: {},
    Refusal.SUSPEND_NOT_OPEN: {},
    Refusal.RESUME_NOT_SUSPENDED: {},
    Refusal.CLOSE_NOT_OPENED: {},
    Refusal.ITEM_BEFORE_OPENING: {},
    Refusal.EMPTY_NOTE: {},
    Refusal.CORRECTION_TARGET_MISSING: {"target": 12},
    Refusal.CORRECTION_TARGET_CANCELLED: {"target": 4},
    Refusal.CAUSED_BY_CORRECTION: {
        "cause": Refused(Refusal.NOT_PRESENT_TO_LEAVE, member=ANNE),
        "corrections": (7,),
    },
    Refusal.UNKNOWN_MEMBER: {"member_id": "m999"},
    Refusal.UNKNOWN_ITEM: {"item": "2026-099"},
    Refusal.SUBSTITUTE_NOT_IN_OFFICE: {"member": SUB, "act": "proxy"},
    Refusal.MANDATE_ENDED: {"member": ANNE, "act": "arrival"},
    Refusal.MANDATE_NOT_STARTED: {
        "member": ANNE,
        "act": "presidency",
        "started_on": date(2026, 6, 1),
    },
    Refusal.ALREADY_PRESENT: {"member": ANNE},
    Refusal.SUBSTITUTE_OF_OTHER: {"member": SUB, "titular": ANNE, "claimed": PAUL},
    Refusal.TITULAR_PRESENT: {"member": SUB, "titular": ANNE},
    Refusal.TITULAR_GAVE_PROXY: {"member": SUB, "titular": ANNE, "holder": PAUL},
    Refusal.SEAT_TAKEN: {"sitting": SUB, "titular": ANNE},
    Refusal.NOT_A_SUBSTITUTE: {"member": ANNE},
    Refusal.SUBSTITUTE_SITTING: {"member": ANNE, "substitute": SUB},
    Refusal.NOT_PRESENT_TO_LEAVE: {"member": ANNE},
    Refusal.PRESENT_NOT_EXCUSED: {"member": ANNE},
    Refusal.ALREADY_EXCUSED: {"member": ANNE},
    Refusal.PROXY_TO_SELF: {"member": ANNE},
    Refusal.HOLDER_NOT_IN_OFFICE: {"holder": ANNE},
    Refusal.GIVER_PRESENT: {"member": ANNE},
    Refusal.GIVER_SUBSTITUTED: {"member": ANNE, "substitute": SUB},
    Refusal.PROXY_ALREADY_GIVEN: {"member": ANNE, "holder": PAUL},
    Refusal.NO_PROXIES_ALLOWED: {},
    Refusal.HOLDER_FULL: {"holder": ANNE, "givers": (PAUL,), "limit": 1},
    Refusal.NO_PROXY_TO_REVOKE: {"member": ANNE},
    Refusal.VOTE_ALREADY_RECORDED: {"item": "2026-011"},
    Refusal.ALREADY_RECUSED: {"member": ANNE, "item": "2026-011"},
    Refusal.SUBSTITUTE_CANNOT_PRESIDE: {"member": SUB},
    Refusal.PRESIDENT_NOT_PRESENT: {"member": ANNE},
    Refusal.ALREADY_PRESIDING: {"member": ANNE},
    Refusal.WITHDRAWN_CANNOT_PRESIDE: {"member": ANNE, "item": "2026-011"},
    Refusal.ALREADY_WITHDRAWN: {"member": ANNE, "item": "2026-011"},
    Refusal.WITHDRAWAL_NOT_PRESENT: {"member": ANNE},
    Refusal.PRESIDENT_WITHDRAWING: {"member": ANNE},
    Refusal.BALLOT_REQUEST_TOO_LATE: {"item": "2026-011"},
    Refusal.BALLOT_REQUEST_SHOW_OF_HANDS: {},
    Refusal.BALLOT_REQUEST_DUPLICATE: {},
    Refusal.BALLOT_REQUESTER_ABSENT: {"member": ANNE},
    Refusal.BALLOT_REQUEST_TOO_FEW: {
        "ballot": Ballot.SECRET,
        "askers": 1,
        "needed": 5,
        "denominator": 3,
        "present": 13,
    },
    Refusal.CLOSED_DOORS_NOT_OPEN: {},
    Refusal.ALREADY_CLOSED_DOORS: {},
    Refusal.CLOSED_DOORS_ASKER_ABSENT: {"member": ANNE},
    Refusal.CLOSED_DOORS_TOO_FEW_ASKERS: {},
    Refusal.CLOSED_DOORS_TOO_MANY_VOTES: {"votes": 20, "members": 18},
    Refusal.CLOSED_DOORS_NOT_DECIDED: {"votes": 8, "needed": 10, "members": 18},
    Refusal.NOT_IN_CLOSED_DOORS: {},
    Refusal.APPOINTMENT_TOO_LATE: {"member": ANNE, "item": "2026-011"},
    Refusal.APPOINTMENT_NOT_OPEN: {},
    Refusal.APPOINTMENT_ITEM_NOT_OPEN: {"item": "2026-011"},
    Refusal.SECRET_WAIVER_NOT_OPEN: {},
    Refusal.SECRET_WAIVER_ITEM_NOT_OPEN: {"item": "2026-011"},
    Refusal.SECRET_WAIVER_TOO_LATE: {"item": "2026-011"},
    Refusal.SECRET_ALREADY_WAIVED: {"item": "2026-011"},
    Refusal.SECRET_WAIVER_SECRET_ASKED: {"item": "2026-011"},
    Refusal.SECRET_WAIVER_NOT_UNANIMOUS: {"voters": 18, "votes": 17},
    Refusal.VOTE_AFTER_SECRET_WAIVER: {"item": "2026-011"},
    Refusal.VOTE_SESSION_NOT_OPENED: {},
    Refusal.VOTE_SESSION_SUSPENDED: {},
    Refusal.VOTE_SESSION_CLOSED: {},
    Refusal.ITEM_DECIDED: {"item": "2026-011", "status": ItemStatus.INFORMATION},
    Refusal.VOTE_ITEM_DECIDED: {"item": "2026-011", "status": ItemStatus.ADOPTED},
    Refusal.NO_ITEM_OPEN: {"item": "2026-011"},
    Refusal.OTHER_ITEM_OPEN: {"item": "2026-012", "current": "2026-011"},
    Refusal.NO_QUORUM: {
        "counted": 10,
        "required": 12,
        "missing": 2,
        "weighted": False,
        "counts_proxies": False,
    },
    Refusal.ELECTION_IN_PROGRESS: {"item": "2026-011"},
    Refusal.SECRET_BALLOT_REQUIRED: {"item": "2026-011"},
    Refusal.PUBLIC_BALLOT_REQUIRED: {"item": "2026-011"},
    Refusal.PUBLIC_COUNT_MISMATCH: {"given": 1, "actual": 2, "choice": Choice.AGAINST},
    Refusal.PRESIDENT_CHOICE_MISMATCH: {},
    Refusal.SECRET_WITH_NAMES: {},
    Refusal.SECRET_PRESIDENT_VOTE: {},
    Refusal.BLANK_SPOILT_SHOW_OF_HANDS: {},
    Refusal.PRESIDENT_VOTE_UNAVAILABLE: {
        "why": "substituted",
        "president": ANNE,
        "substitute": SUB,
    },
    Refusal.PRESIDENT_VOTE_NOT_COUNTED: {"president": ANNE, "choice": Choice.AGAINST},
    Refusal.CHOICE_NOT_ALLOWED: {"member": ANNE, "why": "proxy_lost", "holder": PAUL},
    Refusal.TWO_CHOICES: {"member": ANNE},
    Refusal.CHOICE_MISSING: {"member": ANNE, "holder": PAUL},
    Refusal.VOICES_MISMATCH: {
        "voters": 1,
        "total": 2,
        "ballot": Ballot.SECRET,
        "count_for": 1,
        "count_against": 0,
        "count_abstain": 0,
        "blank": 1,
        "spoilt": 0,
    },
    Refusal.TOO_MANY_ROUNDS: {},
    Refusal.UNINOMINAL_ELECTION_IN_PROGRESS: {"item": "2026-011"},
    Refusal.LIST_ELECTION_IN_PROGRESS: {"item": "2026-011"},
    Refusal.WRONG_ROUND: {"item": "2026-011", "expected": 2},
    Refusal.DUPLICATE_LIST: {"list": "Ensemble"},
    Refusal.CANDIDATE_ON_TWO_LISTS: {"member": ANNE, "first": "Ensemble", "second": "Renouveau"},
    Refusal.LIST_NOT_ALTERNATING: {"list": "Ensemble", "previous": CLAIRE, "member": ANNE},
    Refusal.BALLOTS_MISMATCH: {"voters": 17, "total": 1},
    Refusal.TIE_BIRTH_MISSING: {"candidates": (ANNE,)},
    Refusal.TIE_SAME_BIRTH: {"candidates": (ANNE, PAUL)},
    Refusal.TIE_LOT_NOT_TIED: {"drawn": CLAIRE, "candidates": (ANNE, PAUL)},
    Refusal.LIST_TIE_SAME_AGE: {"lists": ("Ensemble", "Renouveau")},
    Refusal.LIST_TIE_LOT_NOT_TIED: {"drawn": "Autre", "lists": ("Ensemble", "Renouveau")},
    Refusal.LOTS_NOT_A_LIST: {"list": "Autre"},
    Refusal.LOTS_OUT_OF_TURN: {},
    Refusal.NO_CURRENT_ITEM_FOR_RECUSAL: {},
    Refusal.NOTHING_TO_AMEND: {},
    Refusal.AMENDMENT_REASON_MISSING: {},
    Refusal.UNKNOWN_COMMAND: {},
}


def as_man(member: Member) -> Member:
    """The same member as a man (a man of the roster's names, so the checker knows him)."""
    twin = {ANNE.id: PAUL, CLAIRE.id: LUC, SUB.id: MEMBERS[13]}.get(member.id)
    return twin if twin is not None else replace(member, civility="M.")


def masculine(facts: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in facts.items():
        if isinstance(value, Member):
            value = as_man(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], Member):
            value = tuple(as_man(m) for m in value)  # type: ignore[arg-type]
        out[key] = value
    return out


def test_every_code_has_one_sentence_and_a_sample():
    assert set(SENTENCES) == set(Refusal)
    assert set(SAMPLES) == set(Refusal)


@pytest.mark.parametrize("code", list(Refusal), ids=lambda c: c.value)
def test_each_sentence_reads_well_for_a_woman_and_for_a_man(code):
    for facts in (SAMPLES[code], masculine(SAMPLES[code])):
        refusal = Refused(code, **facts)
        assert isinstance(refusal, DomainError)
        assert str(refusal) == refusal.message
        assert not refusal.message[0].islower() and refusal.message.endswith((".", ")")), refusal
        assert faults(refusal.message) == [], refusal.message
        assert "m999" not in refusal.message or code is Refusal.UNKNOWN_MEMBER


def test_agreement_follows_the_civility():
    woman = Refused(Refusal.NOT_PRESENT_TO_LEAVE, member=ANNE).message
    man = Refused(Refusal.NOT_PRESENT_TO_LEAVE, member=PAUL).message
    assert woman == "Mme ARNAUD n'est pas présente : départ impossible."
    assert man == "M. GIRARD n'est pas présent : départ impossible."
    unavailable = {"why": "absent", "president": ANNE}
    assert Refused(Refusal.PRESIDENT_VOTE_UNAVAILABLE, **unavailable).message.startswith(
        "La présidente, Mme ARNAUD, est absente (enregistrez qui préside"
    )
    asked = Refused(Refusal.BALLOT_REQUESTER_ABSENT, member=ANNE).message
    assert "retirez-la de la liste" in asked
    twins = Refused(Refusal.TIE_SAME_BIRTH, candidates=(ANNE, CLAIRE)).message
    assert "Mme ARNAUD et Mme BLANC, nées le même jour" in twins
    mixed = Refused(Refusal.TIE_SAME_BIRTH, candidates=(ANNE, PAUL)).message
    assert "Mme ARNAUD et M. GIRARD, nés le même jour" in mixed
    two_missing = Refused(Refusal.TIE_BIRTH_MISSING, candidates=(ANNE, PAUL)).message
    assert "les dates de naissance de Mme ARNAUD et M. GIRARD sont nécessaires" in two_missing
    assert "complétez-les" in two_missing


def test_a_refusal_keeps_its_code_and_facts_at_an_index():
    refusal = Refused(Refusal.ALREADY_PRESENT, member=ANNE).at_index(3)
    assert isinstance(refusal, Refused) and refusal.code is Refusal.ALREADY_PRESENT
    assert refusal.facts["member"] is ANNE and refusal.index == 3
    assert str(refusal) == (
        "Événement d'indice 3 (n° 4 de la liste) : Mme ARNAUD est déjà présente."
    )


def doc_table() -> list[str]:
    """docs/REFUSALS.md's table: each code and its sentence for the sample facts."""
    rows = ["| code | message (exemple) |", "|---|---|"]
    for code in Refusal:
        sentence = Refused(code, **SAMPLES[code]).message.replace("|", "\\|")
        rows.append(f"| `{code.value}` | {sentence} |")
    return rows


def test_the_documented_table_is_the_wording_modules():
    text = DOC.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table == doc_table(), "\n".join(doc_table())
