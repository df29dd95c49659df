"""Backups that are complete: a copy taken at any moment of a live session holds every
acknowledged event, whether taken by the writer itself (« Enregistrer une copie… ») or by
``seance backup`` in another process while the writer works. A plain file copy taken
during the session misses what is still in the WAL, and opening it says so."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.events import encode_event
from app.services.backup import backup, backup_file
from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.session_service import SessionService
from app.services.store import Store, StoreError
from tests.factories import at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live(tmp_path):
    db = tmp_path / "seance.sqlite"
    store = Store.open(db)
    session_id = import_file(store, DEMO_FILE)
    service = SessionService(store, session_id, lambda: at(21, 0))
    yield db, store, service
    store.close()


def script(service: SessionService) -> list:
    """The rest of the demo session, one acknowledged act at a time."""
    absent = [
        s.member
        for s in service.state.attendance().seats
        if s.presence.value == "absent" and not s.proxy_holder
    ]
    item = service.state.current_item
    assert item is not None
    return [
        lambda: service.arrive(absent[0]),
        lambda: service.note(item, "Débat sur le point."),
        lambda: service.record_unanimity(item),
        lambda: service.note(None, "Questions diverses."),
        lambda: service.close_session(),
    ]


def journal(path: Path, session_id: str) -> list[dict]:
    store = Store.open(path, access="read")
    try:
        assert store.verify().ok
        return [encode_event(e) for e in store.load_events(session_id)]
    finally:
        store.close()


def acknowledged(service: SessionService) -> list[dict]:
    return [json.loads(json.dumps(encode_event(e))) for e in service.events]


def test_backup_at_every_moment_holds_every_acknowledged_event(live, tmp_path):
    db, store, service = live
    sid = service.session.id
    for n, step in enumerate([lambda: None, *script(service)]):
        step()
        own = backup(store, tmp_path / f"copie-{n}.sqlite")  # « Enregistrer une copie… »
        other = backup_file(db, tmp_path / f"lecteur-{n}.sqlite")  # a second reader
        for report in (own, other):
            assert report.events == len(service.events)
            assert journal(report.path, sid) == acknowledged(service)
            assert not Path(f"{report.path}-wal").exists()  # one self-contained file
            assert "copie complète" in report.message


def test_seance_backup_in_another_process_while_the_writer_works(live, tmp_path):
    db, store, service = live
    steps = script(service)
    for step in steps[:3]:  # the vote is recorded, still in the WAL
        step()
    out = tmp_path / "cle-usb"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "backup", "--db", str(db), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Copie enregistrée" in result.stdout
    (copy,) = list(out.iterdir())
    assert journal(copy, service.session.id) == acknowledged(service)


def test_plain_copy_during_the_session_is_detected(live, tmp_path):
    db, store, service = live
    for step in script(service)[:2]:  # an arrival and a note: still in the WAL
        step()
    plain = tmp_path / "copie-simple.sqlite"
    shutil.copyfile(db, plain)  # the main file only: the WAL stays behind
    reader = Store.open(plain, access="read")
    try:
        assert any("copie faite pendant une séance" in n for n in reader.notices)
        assert len(reader.load_events(service.session.id)) < len(service.events)
    finally:
        reader.close()
    # the same for the writer opening it, and nothing is said of a cleanly closed file
    second = Store.open(plain)
    assert any("-wal" in n for n in second.notices)
    second.close()
    clean = Store.open(plain)
    assert clean.notices == []
    clean.close()


def test_checkpoint_at_session_close_makes_even_a_plain_copy_whole(live, tmp_path):
    db, store, service = live
    for step in script(service):
        step()
    plain = tmp_path / "copie-simple.sqlite"
    shutil.copyfile(db, plain)
    assert journal(plain, service.session.id) == acknowledged(service)


def test_backup_refuses_to_overwrite_the_open_file(live, tmp_path):
    db, store, _ = live
    link = tmp_path / "meme.sqlite"
    link.symlink_to(db)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="fichier ouvert lui-même"):
        backup(store, link)
    assert db.read_bytes() == before


def test_backup_to_a_missing_folder_leaves_nothing(live, tmp_path):
    _, store, _ = live
    with pytest.raises(StoreError, match="n'existe pas"):
        backup(store, tmp_path / "absent" / "copie.sqlite")
    assert not (tmp_path / "absent").exists()


def test_a_plain_copy_taken_during_the_break_holds_every_vote(live, tmp_path):
    """The issue's USB key: the WAL is folded into the file at each vote and at the break."""
    db, store, service = live
    steps = script(service)
    for step in steps[:3]:  # …the vote
        step()
    service.suspend()
    plain = tmp_path / "cle-usb.sqlite"
    shutil.copyfile(db, plain)  # the main file only
    assert journal(plain, service.session.id) == acknowledged(service)


def test_backup_onto_a_read_only_medium_is_said_and_leaves_nothing(live, tmp_path):
    from tests.integration.test_faults import make_read_only, undo_read_only

    _, store, _ = live
    medium = tmp_path / "protege"
    medium.mkdir()
    make_read_only(medium)
    try:
        with pytest.raises(StoreError) as caught:
            backup(store, medium / "copie.sqlite")
        assert "Écriture refusée" in str(caught.value) and "protege" in str(caught.value)
        assert list(medium.iterdir()) == []
    finally:
        undo_read_only(medium)


@pytest.mark.parametrize("how", ["writer", "other_process"])
def test_a_backup_taken_during_the_session_opens_without_the_plain_copy_warning(
    live, tmp_path, how
):
    """A complete copy is not « une copie faite pendant une séance » : opening it says
    nothing, whereas the live file stays marked as being written."""
    db, store, service = live
    for step in script(service)[:3]:
        step()
    out = tmp_path / "copie.sqlite"
    if how == "writer":
        backup(store, out)
    else:
        backup_file(db, out)
    reader = Store.open(out, access="read")
    try:
        assert reader.notices == []
        assert len(reader.load_events(service.session.id)) == len(service.events)
    finally:
        reader.close()
    writer = Store.open(out)
    assert writer.notices == []
    writer.close()
