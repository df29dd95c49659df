"""The publication pack and the « À faire » view over a scripted year (issue #14)."""

from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.assembly import AssemblyKind
from app.domain.deadlines import Duty
from app.services.deadlines import due
from app.services.minutes_life import After, minutes_status, record_after
from app.services.publication import publish
from app.services.store import Store
from tests.integration.helpers.register_year import script_session, script_year, setup

VOID = {"meta", "link", "br", "img", "input", "hr"}


class Checker(HTMLParser):
    """Balanced tags, the attributes we care about, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.lang = ""
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "a":
            self.links.append(values.get("href") or "")
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if any(name.startswith("on") for name, _ in attrs):
            self.errors.append(f"event handler on <{tag}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_pack(folder: Path) -> Checker:
    source = (folder / "index.html").read_text(encoding="utf-8")
    assert source.startswith("<!DOCTYPE html>")
    checker = Checker()
    checker.feed(source)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert checker.lang == "fr"
    assert "script" not in checker.tags
    assert '<meta name="viewport"' in source and '<meta charset="utf-8">' in source
    assert len(checker.ids) == len(set(checker.ids))
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")}
    # links only to files it contains, and every file is linked
    assert set(checker.links) == files
    return checker


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages).replace("\xa0", " ")


@pytest.fixture
def store() -> Store:
    return Store.open(None)


def test_the_pack_lists_each_act_and_links_only_to_its_files(store: Store, tmp_path: Path) -> None:
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
    report = publish(store, "a1", tmp_path, today=date(2026, 7, 1), clock=clock)
    checker = check_pack(tmp_path)
    text = " ".join(" ".join(checker.text).split())
    for number in ("2026-001", "2026-004", "2026-007"):
        assert number in text
    assert "Acquisition de la parcelle AB 112 & aménagement <parking>" in text
    assert "Adoptée à l'unanimité" in text
    assert "2026-008" not in text  # withdrawn: not an act
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")}
    assert "proces-verbaux/proces-verbal_2026-02-05.pdf" in files  # arrêté and signed
    assert not any("2026-04-09" in f and "proces-verbal" in f for f in files)  # not signed
    assert len([f for f in files if f.startswith("listes/")]) == 3
    assert len(report.waiting) == 2
    for path in tmp_path.rglob("*.pdf"):
        content = pdf_text(path)
        assert "Publié sous forme électronique le mercredi 1er juillet 2026" in content
        assert "Auteur : Anne MARTIN, maire" in content
    pv = pdf_text(tmp_path / "proces-verbaux/proces-verbal_2026-02-05.pdf")
    assert "Procès-verbal arrêté lors de la séance du jeudi 9 avril 2026" in pv
    assert "PROJET" not in pv
    # what was published is recorded: the deadlines see it
    assert minutes_status(store, "s1").published_on == date(2026, 7, 1)
    assert all(d.duty is not Duty.LIST_PUBLISHED for d in due(store, date(2026, 7, 1)))


def test_re_running_after_a_new_session_adds_without_changing(store: Store, tmp_path: Path) -> None:
    clock = setup(store)
    script_session(store, clock, "s1")
    clock.now = datetime(2026, 2, 6, 9)
    publish(store, "a1", tmp_path, today=date(2026, 2, 6), clock=clock)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.pdf")}
    first_index = (tmp_path / "index.html").read_text(encoding="utf-8")
    script_session(store, clock, "s2")
    clock.now = datetime(2026, 4, 10, 9)
    record_after(store, "s1", After.MINUTES_SIGNED, date(2026, 4, 10), clock=clock)
    report = publish(store, "a1", tmp_path, today=date(2026, 4, 10), clock=clock)
    for path, content in before.items():
        assert path.read_bytes() == content
    assert set(before) <= set(report.kept)
    assert {p.relative_to(tmp_path).as_posix() for p in report.written} == {
        "actes/2026-04-09_2026-004.pdf",
        "actes/2026-04-09_2026-005.pdf",
        "listes/liste-deliberations_2026-04-09.pdf",
        "proces-verbaux/proces-verbal_2026-02-05.pdf",
    }
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for line in first_index.splitlines():  # every line about the acts published stays
        if "actes/" in line or "listes/" in line:
            assert line in index
    check_pack(tmp_path)
    # a file lost from the folder is written again with its first publication date
    lost = tmp_path / "actes/2026-02-05_2026-001.pdf"
    lost.unlink()
    publish(store, "a1", tmp_path, today=date(2026, 4, 11), clock=clock)
    assert lost.read_bytes() == before[lost]


def test_the_deadline_view_lists_exactly_what_is_due(store: Store) -> None:
    clock = script_year(store)
    clock.now = datetime(2026, 7, 1, 9)
    record_after(store, "s1", After.LIST_PUBLISHED, date(2026, 2, 9), clock=clock)
    today = date(2026, 7, 1)
    got = {(d.session_id, d.duty, d.due_on, d.overdue) for d in due(store, today)}
    assert got == {
        ("s1", Duty.MINUTES_PUBLISHED, date(2026, 4, 16), True),
        ("s2", Duty.LIST_PUBLISHED, date(2026, 4, 16), True),
        ("s2", Duty.MINUTES_PUBLISHED, date(2026, 7, 2), False),
        ("s3", Duty.LIST_PUBLISHED, date(2026, 7, 2), False),
    }


def test_an_epci_also_owes_its_member_communes(store: Store) -> None:
    clock = setup(store, AssemblyKind.CONSEIL_COMMUNAUTAIRE)
    script_session(store, clock, "s1")
    script_session(store, clock, "s2")
    got = {(d.session_id, d.duty, d.due_on) for d in due(store, date(2026, 4, 10))}
    assert ("s1", Duty.LIST_SENT, date(2026, 3, 5)) in got
    assert ("s1", Duty.MINUTES_SENT, date(2026, 5, 9)) in got
    assert ("s2", Duty.LIST_SENT, date(2026, 5, 9)) in got
