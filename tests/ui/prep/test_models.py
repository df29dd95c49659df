"""The preparation models pass qtmodeltester and announce their changes precisely."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from app.domain.assembly import Item
from app.domain.members import Member
from app.services.roster import RejectedLine
from tests.factories import members
from ui.prep.models import AgendaModel, MembersModel, RejectedModel


def test_members_model_passes_the_model_tester(qtmodeltester):
    roster = members(5) + (
        Member(id="s1", last_name="SUPPLÉANT", substitute_for="m1", ended_on=date(2026, 1, 1)),
    )
    model = MembersModel(roster)
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(5, MembersModel.TITULAR)) == "Mme NOM1 Prénom1"
    assert model.data(model.index(5, MembersModel.ENDED)) == "01/01/2026"


def test_members_model_edits_in_place_and_refuses_a_blank_name(qtbot):
    model = MembersModel(members(2))
    name = model.index(0, MembersModel.LAST_NAME)
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(name, "  DUPONT   Jr ")
    assert model.member(0).last_name == "DUPONT Jr"
    assert not model.setData(name, "  ")
    assert not model.setData(model.index(0, MembersModel.WEIGHT), "0")
    assert model.setData(model.index(0, MembersModel.WEIGHT), "3")
    assert model.member(0).weight == 3
    assert not model.flags(model.index(0, MembersModel.TITULAR)) & Qt.ItemFlag.ItemIsEditable


def test_removing_a_titular_unlinks_his_substitute(qtbot):
    roster = members(2) + (Member(id="s1", last_name="SUP", substitute_for="m1"),)
    model = MembersModel(roster)
    with qtbot.waitSignal(model.rowsRemoved):
        model.remove_row(0)
    assert model.member(1).substitute_for is None


def test_rejected_model_passes_the_model_tester(qtmodeltester):
    model = RejectedModel(
        [
            RejectedLine(3, "Mme,X,,,,deux", "poids invalide"),
            RejectedLine(7, 'a,"b\nc"', "nom manquant"),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(1, 2)) == 'a,"b ⏎ c"'


def test_agenda_model_passes_the_model_tester(qtmodeltester):
    model = AgendaModel([Item(id=f"P{i}", title=f"Point {i}") for i in range(1, 5)])
    qtmodeltester.check(model, force_py=True)


def test_agenda_model_moves_items_up_down_and_by_drop(qtbot):
    model = AgendaModel([Item(id=f"P{i}", title=f"Point {i}") for i in range(1, 5)])
    with qtbot.waitSignal(model.rowsMoved):
        assert model.move_item(0, +1) == 1
    assert [it.id for it in model.items] == ["P2", "P1", "P3", "P4"]
    assert model.move_item(0, -1) == 0  # already first: nothing moves
    assert model.move_item(3, -1) == 2
    assert [it.id for it in model.items] == ["P2", "P1", "P4", "P3"]
    # a drop of row 0 at the end (as another view would do it)
    mime = model.mimeData([model.index(0, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert [it.id for it in model.items] == ["P1", "P4", "P3", "P2"]
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # onto itself
