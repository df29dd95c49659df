"""A nomination voted openly after the unanimous decision not to vote it by secret ballot
(L2121-21): the minutes and the extract say the decision and never call the rounds
« secret »."""

from __future__ import annotations

from pathlib import Path

from app.documents.export import export_documents
from app.domain.events import ListElectionRound, SecretBallotWaived
from app.domain.journal import fold
from tests.unit.documents.conftest import flat, pdf_text
from tests.unit.documents.third_round import t, third_assembly, third_journal, third_session

WAIVER = (
    "Le conseil municipal ayant décidé à l'unanimité de ne pas procéder au scrutin secret "
    "(article L2121-21 du CGCT), il est procédé à l'élection au scrutin public."
)


def _texts(tmp_path: Path, waived: bool) -> dict[str, str]:
    events = third_journal(third_assembly(), third_session())
    if waived:
        at = next(i for i, e in enumerate(events) if isinstance(e, ListElectionRound))
        events.insert(at, SecretBallotWaived(at=t(19, 20), item="2026-042", votes_for=10))
    state = fold(events)
    assert state.items["2026-042"].secret_waived is waived
    paths = export_documents(state.assembly, state.session, state, tmp_path, processes=1)
    return {p.name: flat(pdf_text(p)).replace("\u00a0", " ") for p in paths if p.suffix == ".pdf"}


def test_the_waiver_is_said_and_the_rounds_are_public(tmp_path: Path) -> None:
    docs = _texts(tmp_path, waived=True)
    for name in ("proces-verbal_2026-06-25.pdf", "extrait_2026-042.pdf"):
        text = docs[name]
        assert WAIVER in text, name
        assert "(scrutin de liste, public)" in text
        assert "(scrutin de liste, secret)" not in text


def test_without_waiver_the_election_stays_secret(tmp_path: Path) -> None:
    docs = _texts(tmp_path, waived=False)
    text = docs["extrait_2026-042.pdf"]
    assert "(scrutin de liste, secret)" in text and "ayant décidé à l'unanimité" not in text
