"""The command line of FORMAT.md: import, export, summary, roster, roster-import, verify.

Every handler returns an exit code: 0 done, 2 invalid input (French message on stderr,
nothing written). ``main.py`` parses the arguments and wires the objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from app.domain.errors import DomainError, InputError
from app.services.export import ExportJob, ExportKind, parse_kinds, precheck, run
from app.services.interchange import (
    ParsedSession,
    import_file,
    load_file,
    summary,
)
from app.services.preparation import assembly_for, import_roster
from app.services.records import load_record
from app.services.roster import parse_roster
from app.services.store import Store, StoreError

EXPORT_KINDS = tuple(k.value for k in ExportKind)


def fail(message: str, err: TextIO | None = None) -> int:
    print(f"seance : {message}", file=err or sys.stderr)
    return 2


def load_source(
    json_file: str | None, db: str | None, session_id: str | None
) -> tuple[ParsedSession, Store | None]:
    """A session from a ``seance/1`` file, or from a database (store stays open)."""
    if json_file:
        return load_file(json_file), None
    if not db:
        raise InputError("indiquez un fichier SESSION.json, ou --db FICHIER --session ID.")
    store = Store.open(db, create=False)
    try:
        if not session_id:
            sessions = store.sessions()
            if len(sessions) != 1:
                ids = ", ".join(s.id for s in sessions) or "aucune"
                raise InputError(f"précisez --session (séances de la base : {ids}).")
            session_id = sessions[0].id
        return load_record(store, session_id), store
    except BaseException:
        store.close()
        raise


def cmd_import(path: str, db: str, out: TextIO) -> int:
    store = Store.open(db)
    try:
        session_id = import_file(store, path)
    finally:
        store.close()
    print(session_id, file=out)
    return 0


def cmd_summary(json_file: str | None, db: str | None, session_id: str | None, out: TextIO) -> int:
    parsed, store = load_source(json_file, db, session_id)
    if store:
        store.close()
    json.dump(summary(parsed.state), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_export(
    json_file: str | None,
    db: str | None,
    session_id: str | None,
    out_dir: str,
    only: Iterable[str] | None,
    strict: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    kinds = parse_kinds(only)
    parsed, store = load_source(json_file, db, session_id)
    try:
        fingerprint = store.fingerprint(parsed.session.id) if store else None
    finally:
        if store:
            store.close()
    job = ExportJob(parsed, fingerprint)
    warnings = precheck(job, kinds)
    for w in warnings:
        print(f"avertissement : {w}", file=err)
    if strict and warnings:
        return fail("export refusé (--strict) : corrigez les avertissements ci-dessus.", err)
    for path in run(job, Path(out_dir), kinds):
        print(path, file=out)
    return 0


def cmd_roster(db: str, assembly_id: str | None, out: TextIO) -> int:
    from app.services.roster import roster_to_csv

    store = Store.open(db, create=False)
    try:
        assembly = store.load_assembly(assembly_for(store, assembly_id, create=False))
    finally:
        store.close()
    out.write(roster_to_csv(assembly.members))
    return 0


def cmd_roster_import(
    csv_path: str,
    db: str,
    assembly_id: str | None,
    commune: str | None,
    epci: str | None,
    out: TextIO,
    err: TextIO,
) -> int:
    path = Path(csv_path)
    if not path.exists():
        raise InputError(f"Le fichier « {path} » n'existe pas.")
    if path.is_dir():
        raise InputError(f"« {path} » est un dossier, pas un fichier CSV.")
    parsed = parse_roster(path.read_bytes(), commune=commune, epci=epci)
    for rej in parsed.rejected:
        print(f"ligne {rej.line} rejetée : {rej.reason}", file=err)
    if not parsed.members:
        return fail("aucune ligne utilisable : rien n'a été importé.", err)
    store = Store.open(db)
    try:
        result = import_roster(store, parsed, assembly_id)
    finally:
        store.close()
    for m in result.added:
        print(f"{m.id}\t{m.full_name}\t{m.group}\t{m.function}".rstrip(), file=out)
    return 0


def cmd_verify(db: str, out: TextIO, err: TextIO) -> int:
    store = Store.open(db, create=False)
    try:
        report = store.verify()
    finally:
        store.close()
    if report.ok:
        print(report.message, file=out)
        return 0
    return fail(report.message, err)


def guard(func: object, *args: object, err: TextIO | None = None) -> int:
    """Run a handler; turn rule and input errors into exit code 2 with a French message."""
    try:
        return int(func(*args))  # type: ignore[operator]
    except StoreError as exc:
        return fail(str(exc), err)
    except DomainError as exc:
        return fail(str(exc), err)
    except OSError as exc:
        return fail(f"erreur de fichier : {exc.strerror} ({exc.filename}).", err)
