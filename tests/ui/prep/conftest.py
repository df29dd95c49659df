"""Fixtures of the preparation screens' tests: an empty store, the sample rosters, and
stand-ins for the modal prompts (file choosers, questions) that a test cannot click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.services.store import Store

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "prep.sqlite")
    yield store
    store.close()


@pytest.fixture
def rne_sample() -> Path:
    return DATA / "rne-cm-sample.csv"


@pytest.fixture
def plain_sample() -> Path:
    return DATA / "roster-plain.csv"


class Prompts:
    """Answers given in place of the user to file choosers and message boxes."""

    def __init__(self) -> None:
        self.open_path = ""
        self.save_path = ""
        self.answer = QMessageBox.StandardButton.Yes
        self.item = ""
        self.questions: list[str] = []
        self.messages: list[str] = []


@pytest.fixture(autouse=True)  # no test may ever wait on a real modal box (offscreen hang)
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    answers = Prompts()

    def get_open(*args: object, **kwargs: object) -> tuple[str, str]:
        return answers.open_path, ""

    def get_save(*args: object, **kwargs: object) -> tuple[str, str]:
        return answers.save_path, ""

    def question(parent: object, title: str, text: str, *args: object) -> object:
        answers.questions.append(text)
        return answers.answer

    def message(parent: object, title: str, text: str, *args: object) -> object:
        answers.messages.append(text)
        return QMessageBox.StandardButton.Ok

    def get_item(
        parent: object, title: str, label: str, items: list[str], *args: object
    ) -> tuple[str, bool]:
        return (answers.item or items[0]), True

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(message))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(message))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    return answers
