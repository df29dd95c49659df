"""One writer by construction: the lock belongs to the database file itself, so a second
instance reaching the same file through a symbolic link, a hard link or another spelling of
the path is refused as a writer (in French) and may only read; nothing it does changes the
journal the first instance is writing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import DEMO_FILE
from app.services.interchange import import_file
from app.services.session_service import SessionService
from app.services.store import Store, StoreError
from tests.factories import at

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def writer(tmp_path):
    db = tmp_path / "seance.sqlite"
    store = Store.open(db)
    session_id = import_file(store, DEMO_FILE)
    service = SessionService(store, session_id, lambda: at(21, 0))
    yield db, store, service
    store.close()


def absent_member(service: SessionService) -> str:
    return next(
        s.member
        for s in service.state.attendance().seats
        if s.presence.value == "absent" and not s.proxy_holder
    )


def hard_link(tmp_path: Path, db: Path) -> Path:
    folder = tmp_path / "ailleurs"
    folder.mkdir(exist_ok=True)
    hard = folder / "copie-liee.sqlite"
    os.link(db, hard)
    return hard


def other_names(tmp_path: Path, db: Path) -> list[Path]:
    """The same file under three other names: symbolic link, hard link, odd spelling."""
    link = tmp_path / "raccourci.sqlite"
    link.symlink_to(db)
    hard = hard_link(tmp_path, db)
    odd = tmp_path / "ailleurs" / ".." / db.name
    return [link, hard, odd]


def readable_names(tmp_path: Path, db: Path) -> list[Path]:
    """Names through which SQLite finds the writer's WAL (a symbolic link is resolved)."""
    link = tmp_path / "raccourci.sqlite"
    link.symlink_to(db)
    (tmp_path / "ailleurs").mkdir()
    return [link, tmp_path / "ailleurs" / ".." / db.name]


def test_no_second_writer_through_any_name(tmp_path, writer):
    db, store, service = writer
    for name in other_names(tmp_path, db):
        with pytest.raises(StoreError, match="déjà ouvert par une autre instance de Séance"):
            Store.open(name)
    # the first instance goes on writing
    change = service.arrive(absent_member(service))
    assert change.index == len(service.events) - 1


def test_second_opener_reads_but_never_writes(tmp_path, writer):
    db, store, service = writer
    before = len(service.events)
    for name in readable_names(tmp_path, db):
        second = Store.open(name, access="auto")
        try:
            assert second.read_only and "lecture" in second.read_only
            assert "déjà ouvert par une autre instance" in second.read_only
            assert second.verify().ok
            assert len(second.load_events(service.session.id)) == before
            late = SessionService(second, service.session.id, lambda: at(21, 5))
            with pytest.raises(StoreError, match="Rien n'a été enregistré"):
                late.arrive(absent_member(service))
        finally:
            second.close()
    assert len(store.load_events(service.session.id)) == before
    assert store.verify().ok
    # the reader sees what the writer acknowledges after it opened
    reader = Store.open(db, access="read")
    service.arrive(absent_member(service))
    assert len(reader.load_events(service.session.id)) == before + 1
    reader.close()


def test_symlink_and_hard_link_in_another_process(tmp_path, writer):
    db, store, service = writer
    for name in other_names(tmp_path, db):
        result = run_main("import", str(DEMO_FILE), "--db", str(name))
        assert result.returncode == 2, result
        assert "déjà ouvert par une autre instance de Séance" in result.stderr
        assert "Traceback" not in result.stderr
        result = run_main("verify", "--db", str(name))
        if name.parent.name == "ailleurs" and name.name != db.name:  # the hard link
            # read by its other name, the file would lack what is still in the WAL
            assert result.returncode == 2, result
            assert "lien physique" in result.stderr
        else:
            assert result.returncode == 0, result.stderr
            assert f"{len(service.events)} événements" in result.stdout
    assert [s.id for s in store.sessions()] == [service.session.id]


def test_hard_link_reader_is_refused_while_the_writer_works(tmp_path, writer):
    db, store, service = writer
    hard = hard_link(tmp_path, db)
    with pytest.raises(StoreError, match="lien physique"):
        Store.open(hard, access="auto")
    with pytest.raises(StoreError, match="lien physique"):
        Store.open(hard, access="read")
    store.close()  # once the writer has closed (WAL folded into the file), it reads whole
    reader = Store.open(hard, access="read")
    assert len(reader.load_events(service.session.id)) == len(service.events)
    reader.close()


def test_lock_is_released_when_the_writer_closes(tmp_path, writer):
    db, store, _ = writer
    link = tmp_path / "raccourci.sqlite"
    link.symlink_to(db)
    store.close()  # closing twice (here and in the fixture) is harmless
    again = Store.open(link)
    assert again.read_only is None
    again.close()


def test_two_processes_racing_for_a_new_file_make_one_writer(tmp_path):
    """Two instances start together on a file that does not exist yet, one through a
    symbolic link to its folder: exactly one becomes the writer, the other reads or is
    told why not — never two writers."""
    import textwrap

    real = tmp_path / "dossier"
    real.mkdir()
    alias = tmp_path / "raccourci"
    alias.symlink_to(real, target_is_directory=True)
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from app.services.store import Store, StoreError
        try:
            store = Store.open(sys.argv[1])
        except StoreError as err:
            print("refused", err, flush=True)
            sys.exit(0)
        print("writer", flush=True)
        time.sleep(3)
        store.close()
    """)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(folder / "seance.sqlite")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for folder in (real, alias)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    verdicts = [out.split()[0] for out, _ in outputs if out]
    assert sorted(verdicts) == ["refused", "writer"], outputs
    refusal = next(out for out, _ in outputs if out.startswith("refused"))
    assert "déjà ouvert par une autre instance" in refusal or "vide" in refusal
