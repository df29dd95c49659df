"""First start on an empty file: a guide says what to do first (assembly → members →
session), one key per step (issue #12, item 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.assembly import Assembly, AssemblyKind
from app.domain.rules import Rules
from app.services.store import Store
from tests.ui.rosters import roster_300
from ui.session_chooser import SessionChooser

ALT = Qt.KeyboardModifier.AltModifier


def chooser_for(qtbot, store: Store) -> SessionChooser:  # type: ignore[no-untyped-def]
    chooser = SessionChooser(store)
    qtbot.addWidget(chooser)
    chooser.show()
    chooser.activateWindow()
    qtbot.waitUntil(chooser.isActiveWindow)
    return chooser


def alt(qtbot, chooser: SessionChooser, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(chooser, key, ALT)
    qtbot.wait(250)  # a mnemonic « animates » its click


def test_an_empty_file_shows_the_guide_and_alt_a_opens_the_assembly_editor(
    qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "empty.sqlite")
    calls: list[str] = []

    def fake_assembly(parent, st, assembly_id):  # type: ignore[no-untyped-def]
        calls.append("assembly")
        st.save_assembly(
            Assembly(
                id="A1",
                name="Conseil municipal",
                organisation="Commune",
                kind=AssemblyKind.CONSEIL_MUNICIPAL,
                rules=Rules(),
                members=(),
            )
        )
        return "A1"

    def fake_members(parent, st, assembly_id):  # type: ignore[no-untyped-def]
        calls.append(f"members {assembly_id}")
        assembly = st.assemblies()[0]
        from dataclasses import replace

        st.save_assembly(replace(assembly, members=roster_300()[:15]))
        return True

    monkeypatch.setattr("ui.prep.open_assembly_editor", fake_assembly)
    monkeypatch.setattr("ui.prep.open_members_editor", fake_members)
    chooser = chooser_for(qtbot, store)
    assert chooser.guide.isVisible()
    text = chooser.guide_text.text()
    assert text.index("1. l’assemblée") < text.index("2. ses membres") < text.index("3. la séance")
    assert not chooser.guide_members.isEnabled() and not chooser.guide_session.isEnabled()
    qtbot.keyClick(chooser, Qt.Key.Key_Return)  # Entrée: the first step
    qtbot.wait(50)
    assert calls == ["assembly"]
    assert chooser.guide_members.isEnabled() and not chooser.guide_session.isEnabled()
    alt(qtbot, chooser, Qt.Key.Key_M)
    assert calls == ["assembly", "members A1"]
    assert chooser.guide_session.isEnabled()
    assert chooser.guide_text.text().count("✓") == 2
    store.close()


def test_the_guide_is_hidden_once_a_session_exists(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from tests.ui.rosters import build_300

    store = Store.open(tmp_path / "s.sqlite")
    build_300(store, datetime(2026, 3, 12, 18, 30))
    chooser = chooser_for(qtbot, store)
    assert not chooser.guide.isVisible()
    store.close()
