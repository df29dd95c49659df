"""Screenshots of the preparation editors for docs/screenshots/ (offscreen, demo data).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.prep.make_screenshots``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.services.demo import ensure_demo
from app.services.store import Store
from ui.prep.assembly_editor import AssemblyEditor
from ui.prep.member_dialog import MemberDialog
from ui.prep.members_editor import MembersEditor
from ui.prep.session_editor import SessionEditor

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "docs" / "screenshots"


def shoot(widget: QWidget, name: str) -> Path:
    widget.show()
    for _ in range(5):
        QCoreApplication.processEvents()
    path = OUT / f"prep-{name}.png"
    widget.grab().save(str(path))
    return path


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "demo.sqlite")
        session_id = ensure_demo(store)
        assert session_id is not None
        assembly = store.load_session(session_id).assembly_id
        shots = []
        editor = AssemblyEditor(store, assembly)
        editor.siren_edit.setText("219900009")
        editor.validate()  # shows a red message under the SIREN
        shots.append(shoot(editor, "assembly"))
        members = MembersEditor(store, assembly)
        shots.append(shoot(members, "members"))
        form = MemberDialog(members.model.member(2), members.model.members[3:], "m99", members)
        shots.append(shoot(form, "member"))
        dialog = members.start_import(ROOT / "tests" / "data" / "roster-plain.csv")
        assert dialog is not None
        while dialog.busy:
            QCoreApplication.processEvents()
        shots.append(shoot(dialog, "import"))
        dialog.done(0)
        session = SessionEditor(store, assembly, session_id)
        session.select_item(3)
        shots.append(shoot(session, "session"))
        store.close()
    for path in shots:
        print(path)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
