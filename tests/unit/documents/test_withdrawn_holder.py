"""A proxy held by the maire who withdraws for the compte administratif's vote (L2121-14)
is not exercised on that item: the documents say why — she withdrew, not « porteur
absent » — in agreement with the holder, and the export warning says the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.common import holder_text, lost_proxy_sentences
from app.documents.export import export_documents, precheck
from app.domain.journal import fold
from app.domain.state import ProxyState, SessionState
from app.services.interchange import load_file
from tests.unit.documents.conftest import flat, pdf_text

NBSP = "\u00a0"
DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "demo.json"
CA = "2026-012"


@pytest.fixture(scope="module")
def state() -> SessionState:
    return fold(list(load_file(DEMO).events))


def test_the_demo_maire_withdraws_and_holds_a_proxy(state: SessionState) -> None:
    snap = state.items[CA].snapshot
    assert snap is not None
    maire = state.session.president
    seat = snap.seat(maire or "")
    assert seat is not None and seat.withdrawn
    givers = [g for g, h, st in snap.proxy_warnings if h == maire]
    assert givers, "the demo's compte administratif must show a proxy held by the maire"
    assert all(st is ProxyState.HOLDER_ABSENT for g, h, st in snap.proxy_warnings if h == maire)


def test_the_proxy_to_a_withdrawn_holder_is_explained(state: SessionState) -> None:
    snap = state.items[CA].snapshot
    assert snap is not None
    maire = state.session.president or ""
    withdrawn = {s.member for s in snap.seats if s.withdrawn}
    giver = next(g for g, h, _ in snap.proxy_warnings if h == maire)
    cell = holder_text(state, snap.seat(giver), withdrawn)  # type: ignore[arg-type]
    assert cell.replace(NBSP, " ") == "Mme MARTIN (non exercé, retirée pour le vote)"
    sentence = (
        "Le pouvoir de Mme CHEVALIER à Mme MARTIN, retirée au moment du vote, n'est pas exercé."
    )
    assert sentence in [s.replace(NBSP, " ") for s in lost_proxy_sentences(state, snap)]
    # an absent holder keeps the old reason, agreed with the holder
    other = next(g for g, h, _ in snap.proxy_warnings if h != maire)
    assert holder_text(state, snap.seat(other), withdrawn).endswith(  # type: ignore[arg-type]
        "(non exercé, porteur absent)"
    )


def test_the_extract_and_the_warning_say_she_withdrew(state: SessionState, tmp_path: Path) -> None:
    warnings = precheck(state.assembly, state.session, state)
    paths = export_documents(state.assembly, state.session, state, tmp_path, processes=1)
    extract = next(p for p in paths if p.name == f"extrait_{CA}.pdf")
    text = flat(pdf_text(extract))
    assert "porteur absent)" not in text.split("Mme CHEVALIER")[1][:80]
    assert "retirée au moment du vote, n'est pas exercé." in text
    said = [w for w in warnings if "CHEVALIER" in w and CA in w]
    assert said and all("retirée pour le vote" in w for w in said)
