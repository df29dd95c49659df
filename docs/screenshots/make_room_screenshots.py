"""Saves the screenshots of the room display (projector) shown in the README.

Run with ``.venv/bin/python docs/screenshots/make_room_screenshots.py``; it plays the demo
session through the ``SessionService`` (a fresh database in a temporary directory, fixed
clock) with the main window and its room display open at 1920 × 1080, and writes next to
itself ``room-*.png``: quorum reached, vote in progress, public result with names, quorum
lost, session suspended, secret ballot result, election, and the agenda slide.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from anywhere
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, TID251

from app.domain.events import Choice  # noqa: E402
from app.services.demo import ensure_demo  # noqa: E402
from app.services.session_service import SessionService  # noqa: E402
from app.services.store import Store  # noqa: E402
from ui.application import configure  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.room_display import Mode, RoomDisplay  # noqa: E402

OUT = Path(__file__).resolve().parent


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 12, 19, 20)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure(app)
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seance.sqlite")
        ensure_demo(store)
        service = SessionService(store, store.sessions()[0].id, clock)
        window = MainWindow(store, service, clock)
        window.show()
        room = window.room
        room.toggle_display()
        display = room.display
        assert isinstance(display, RoomDisplay)
        display.resize(1920, 1080)

        def shot(name: str) -> None:
            for _ in range(5):
                app.processEvents()
            path = OUT / f"room-{name}.png"
            if not display.grab().save(str(path)):
                raise SystemExit(f"impossible d'écrire {path}")
            print(path.relative_to(ROOT))

        shot("quorum-reached")  # item 2026-014 under discussion
        room.toggle_vote_called()
        shot("vote-in-progress")
        voters = service.state.attendance().voting_members
        against = {"m13", "m15"}
        service.record_public(
            "2026-014",
            [(m, Choice.AGAINST if m in against else Choice.FOR) for m in voters],
        )
        shot("public-result")
        room.set_mode(Mode.AGENDA)
        shot("agenda")
        room.set_mode(Mode.AUTO)

        service.open_item("2026-015")
        for member in ("m5", "m7", "m8", "m9", "m10"):
            service.leave(member)
        shot("quorum-lost")
        service.suspend()
        shot("suspended")
        for member in ("m5", "m7", "m8", "m9", "m10"):
            service.arrive(member)
        service.resume()

        room.toggle_vote_called()
        count = service.state.attendance().voters
        service.record_secret("2026-015", count - 6, 4, 1, 1)
        shot("secret-result")

        service.open_item("2026-016")
        count = service.state.attendance().voters
        service.record_election_round("2026-016", 1, {"m3": 7, "m13": 7}, blank=count - 14)
        service.record_election_round("2026-016", 2, {"m3": 10, "m13": 7}, blank=count - 17)
        shot("election")
        window.close()
        store.close()


if __name__ == "__main__":
    main()
