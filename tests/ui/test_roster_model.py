"""The Qt models of the live window: qtmodeltester, grouping, states, precise updates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.domain.events import Arrived, Excused, ProxyGiven, SessionOpened
from app.domain.members import Member
from app.services.session_service import SessionService
from app.services.store import Store
from tests import factories
from tests.ui.conftest import FixedClock
from ui.models.agenda_model import AgendaModel
from ui.models.holder_model import HolderModel
from ui.models.roster_model import (
    IS_GROUP_ROLE,
    MEMBER_ID_ROLE,
    Column,
    RosterFilterModel,
    RosterModel,
)
from ui.models.session_list_model import SessionListModel


def _texts(model, column: Column = Column.STATE) -> dict[str, str]:
    out = {}
    for row in range(model.rowCount()):
        member_id = model.index(row, 0).data(MEMBER_ID_ROLE)
        if member_id:
            out[member_id] = model.index(row, column).data()
    return out


def _service_with(
    store: Store, events, *, extra: tuple[Member, ...] = (), groups: int = 0
) -> SessionService:
    members = factories.members(9, groups=groups) + extra
    assembly = factories.assembly(9)
    assembly = type(assembly)(**{**assembly.__dict__, "members": members})
    session = factories.session(3)
    store.save_assembly_and_session(assembly, session, events)
    return SessionService(store, session.id, FixedClock())


def test_every_model_passes_qtmodeltester(qtmodeltester, service, store):
    roster = RosterModel(service)
    qtmodeltester.check(roster)
    proxy = RosterFilterModel()
    proxy.setSourceModel(roster)
    qtmodeltester.check(proxy)
    proxy.set_query("lefe")
    qtmodeltester.check(proxy)
    qtmodeltester.check(AgendaModel(service))
    member = service.assembly.members[0]
    holders = HolderModel([(member, ""), (service.assembly.members[1], "porte déjà 1")])
    qtmodeltester.check(holders)
    holders.set_query("dup")
    qtmodeltester.check(holders)
    qtmodeltester.check(SessionListModel(store.sessions()))


def test_demo_roster_is_grouped_with_every_member_in_office(service):
    roster = RosterModel(service)
    headers = [
        roster.index(r, 0).data()
        for r in range(roster.rowCount())
        if roster.index(r, 0).data(IS_GROUP_ROLE)
    ]
    assert headers == [
        "Saint-Exemple en commun — 13 présents sur 17",
        "Agir pour Saint-Exemple — 0 présent sur 6, 4 représentés",
    ]
    assert len(roster.members()) == 23
    states = _texts(roster)
    assert states["m1"] == "● Présente · porte le pouvoir de Mme CHEVALIER"
    assert states["m19"] == "◐ Représentée par Mme MARTIN"
    assert states["m16"] == "◇ Excusé"
    assert states["m15"] == "○ Absente"
    assert states["m23"] == "◇ Excusée · pouvoir à M. LEROY non exercé"
    assert states["m12"] == "○ Absent"
    assert _texts(roster, Column.ARRIVAL)["m12"] == "18:29"  # the demo goes forward in time
    assert _texts(roster, Column.DEPARTURE)["m12"] == "19:15"
    assert _texts(roster, Column.FUNCTION)["m1"] == "Maire"


def test_state_uses_colour_and_shape(service):
    roster = RosterModel(service)
    row = roster.row_of("m19")
    index = roster.index(row, Column.STATE)
    assert index.data().startswith("◐")
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#1d5fb4"


def test_no_group_headers_without_groups(tmp_path):
    store = Store.open(tmp_path / "x.sqlite")
    try:
        service = _service_with(store, [])
        roster = RosterModel(service)
        assert roster.rowCount() == 9
        assert not any(roster.index(r, 0).data(IS_GROUP_ROLE) for r in range(9))
    finally:
        store.close()


def test_substitute_rows_follow_their_titular(tmp_path, qtmodeltester):
    substitute = Member(
        id="s3",
        last_name="SUPPLÉANT",
        first_name="Jean",
        civility="M.",
        substitute_for="m3",
        birth_date=date(1970, 1, 1),
    )
    store = Store.open(tmp_path / "x.sqlite")
    try:
        service = _service_with(
            store, [SessionOpened(at=factories.at(18, 30))], extra=(substitute,), groups=2
        )
        roster = RosterModel(service)
        qtmodeltester.check(roster)
        assert roster.row_of("s3") == roster.row_of("m3") + 1
        assert _texts(roster)["s3"] == "· Suppléant de Mme NOM3"
        service.arrive("s3")
        roster.set_service(service)
        states = _texts(roster)
        assert states["m3"] == "● Suppléée par M. SUPPLÉANT"
        assert states["s3"] == "● Présent · siège pour Mme NOM3"
    finally:
        store.close()


def test_arrival_emits_datachanged_for_that_row_and_its_group_only(qtbot, service):
    roster = RosterModel(service)
    rows: set[int] = set()
    roster.dataChanged.connect(
        lambda top, bottom, roles: rows.update(range(top.row(), bottom.row() + 1))
    )
    resets: list[bool] = []
    roster.modelReset.connect(lambda: resets.append(True))
    service.subscribe(roster.apply_change)
    service.arrive("m15")
    assert rows == {roster.row_of("m15"), 0}
    assert not resets
    assert _texts(roster)["m15"] == "● Présente"
    assert _texts(roster, Column.ARRIVAL)["m15"] == "19:20"


def test_proxy_repaints_giver_and_holder(service):
    roster = RosterModel(service)
    rows: set[int] = set()
    roster.dataChanged.connect(
        lambda top, bottom, roles: rows.update(range(top.row(), bottom.row() + 1))
    )
    service.subscribe(roster.apply_change)
    service.give_proxy("m16", "m5")
    assert {roster.row_of("m16"), roster.row_of("m5")} <= rows
    assert _texts(roster)["m16"] == "◐ Représenté par Mme GARNIER"


def test_undo_resets_the_model(qtbot, service):
    roster = RosterModel(service)
    service.subscribe(roster.apply_change)
    service.arrive("m15")
    with qtbot.waitSignal(roster.modelReset):
        service.undo()
    assert _texts(roster)["m15"] == "○ Absente"


def test_filter_is_accent_and_case_insensitive(service):
    roster = RosterModel(service)
    proxy = RosterFilterModel()
    proxy.setSourceModel(roster)
    proxy.set_query("lefe")
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown == ["Saint-Exemple en commun — 13 présents sur 17", "Mme LEFÈVRE Claire"]
    assert proxy.member_rows() == [1]
    proxy.set_query("FRANCOIS")
    assert [proxy.index(r, 0).data(MEMBER_ID_ROLE) for r in proxy.member_rows()] == ["m12"]
    proxy.set_query("")
    assert proxy.rowCount() == roster.rowCount()


def test_flash_highlights_once(qtbot, service):
    roster = RosterModel(service)
    roster.flash("m2")
    index = roster.index(roster.row_of("m2"), 0)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.BackgroundRole) is None, timeout=2000)


def test_agenda_states(service):
    agenda = AgendaModel(service)
    lines = [agenda.index(r, 0).data().split("\n")[0] for r in range(agenda.rowCount())]
    assert lines == [
        "2026-011 · ✓ adopté",
        "2026-012 · ✓ adopté",
        "2026-013 · ✓ adopté",
        "2026-014 · ▶ en cours",
        "2026-015 · à venir",
        "2026-016 · à venir",
    ]


def test_excused_then_proxy_events_in_fold(tmp_path):
    store = Store.open(tmp_path / "x.sqlite")
    try:
        service = _service_with(
            store, [Excused(member="m2"), Arrived(member="m1"), ProxyGiven(giver="m2", holder="m1")]
        )
        states = _texts(RosterModel(service))
        assert states["m2"] == "◐ Représenté par Mme NOM1"
        assert states["m1"] == "● Présente · porte le pouvoir de M. NOM2"
    finally:
        store.close()


def test_a_suppleante_is_called_so_in_the_function_column(tmp_path):
    substitute = Member(
        id="s3", last_name="MERCIER", first_name="Julie", civility="Mme", substitute_for="m3"
    )
    store = Store.open(tmp_path / "x.sqlite")
    try:
        service = _service_with(
            store, [SessionOpened(at=factories.at(18, 30))], extra=(substitute,), groups=2
        )
        roster = RosterModel(service)
        assert _texts(roster, Column.FUNCTION)["s3"] == "suppléante"
    finally:
        store.close()


def test_agenda_says_elected_not_adopted_after_an_election(service):
    """An election item whose round elects someone reads « ✓ élue » (Mme GARNIER), not
    « ✓ adopté », which is for deliberations."""
    agenda = AgendaModel(service)
    service.open_item("2026-015")
    voters = service.state.attendance("2026-015").voters
    service.record_election_round("2026-015", 1, {"m5": voters - 1}, blank=1)
    text = agenda.index(agenda.row_of("2026-015"), 0).data()
    assert text.startswith("2026-015 · ✓ élue\n")
    assert agenda.index(agenda.row_of("2026-011"), 0).data().startswith("2026-011 · ✓ adopté")
    service.undo()
    service.record_election_round("2026-015", 1, {"m2": voters})
    assert agenda.index(agenda.row_of("2026-015"), 0).data().startswith("2026-015 · ✓ élu\n")
