"""Child process of the crash test: replays a scripted session onto a database file.

Usage: ``python crash_child.py DB SESSION_ID SCRIPT.json``. The script is the list of
``seance/1`` events the session should end up with. The child resumes where the journal
stands, applies each remaining event through ``SessionService`` (a correction through
``correct``, like Ctrl+Z does) and prints the event's index on stdout, flushed, only after
the call has returned: a printed index is an acknowledged, durable event. The parent kills
it with SIGKILL at random moments.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from app.domain.events import Correction, decode_event, encode_event  # noqa: E402
from app.services.store import Store  # noqa: E402
from tests.integration.helpers.workload import open_service  # noqa: E402


def main(db: str, session_id: str, script_path: str) -> int:
    script = [decode_event(e) for e in json.loads(Path(script_path).read_text("utf-8"))]
    store = Store.open(db, create=False)
    service = open_service(store, session_id)
    done = len(service.events)
    if [encode_event(e) for e in service.events] != [encode_event(e) for e in script[:done]]:
        print("journal is not a prefix of the script", file=sys.stderr)
        return 3
    print(f"ready {done}", flush=True)
    for index in range(done, len(script)):
        event = script[index]
        if isinstance(event, Correction):
            change = service.correct(event.target, event.reason, undo=True)
        else:
            change = service.execute(event)
        assert change.index == index, (change.index, index)
        print(index, flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
