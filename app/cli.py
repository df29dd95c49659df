"""The command line of FORMAT.md: import, export, summary, roster, roster-import, verify.

Every handler returns an exit code: 0 done, 2 invalid input (French message on stderr,
nothing written). ``main.py`` parses the arguments and wires the objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from app.domain.errors import DomainError, InputError
from app.domain.state import replay
from app.services.interchange import (
    ParsedSession,
    export_document,
    import_file,
    load_file,
    summary,
)
from app.services.store import Store, StoreError

EXPORT_KINDS = ("extracts", "minutes", "attendance", "list", "scdl", "json")


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
        session = store.load_session(session_id)
        assembly = store.load_assembly(session.assembly_id)
        events = store.load_events(session_id)
        return ParsedSession(assembly, session, events, replay(assembly, session, events)), store
    except BaseException:
        store.close()
        raise


def cmd_import(path: str, db: str, out: TextIO, err: TextIO | None = None) -> int:
    from app.domain.convocation import convocation_warnings

    # a refused file creates nothing: no database, no lock file, no folder
    parsed = load_file(path)
    store = Store.open(db)
    try:
        session_id = import_file(store, path)
    finally:
        store.close()
    session = parsed.session
    for warning in convocation_warnings(parsed.assembly.kind, session.convened_on, session.date):
        print(f"avertissement : {warning}", file=err or sys.stderr)
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
    kinds = list(only) if only else list(EXPORT_KINDS)
    unknown = [k for k in kinds if k not in EXPORT_KINDS]
    if unknown:
        raise InputError(
            f"type de document inconnu : {', '.join(unknown)} "
            f"(attendu : {', '.join(EXPORT_KINDS)})."
        )
    parsed, store = load_source(json_file, db, session_id)
    annexed: dict[str, object] | None = None
    try:
        fingerprint = store.fingerprint(parsed.session.id) if store else None
        if store and "json" in kinds:  # annex files travel with the JSON (issue #15)
            from app.services.interchange import annex_files_into_document

            annexed = export_document(parsed.assembly, parsed.session, parsed.events)
            annex_files_into_document(annexed, store, parsed.session.id)
    finally:
        if store:
            store.close()
    doc_kinds = [k for k in kinds if k != "json"]
    warnings: list[str] = []
    if doc_kinds:
        from app.documents.export import precheck

        warnings = precheck(parsed.assembly, parsed.session, parsed.state)
    for w in warnings:
        print(f"avertissement : {w}", file=err)
    if strict and warnings:
        return fail("export refusé (--strict) : corrigez les avertissements ci-dessus.", err)
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise InputError(f"« {target} » n'est pas un dossier.")
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "json" in kinds:
        path = target / f"seance_{parsed.session.date.isoformat()}.json"
        doc = annexed or export_document(parsed.assembly, parsed.session, parsed.events)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    if doc_kinds:
        from app.documents.export import export_documents

        written += export_documents(
            parsed.assembly,
            parsed.session,
            parsed.state,
            target,
            doc_kinds,
            fingerprint=fingerprint,
        )
    for path in written:
        print(path, file=out)
    return 0


def _assembly_for(store: Store, assembly_id: str | None, *, create: bool) -> str:
    if assembly_id:
        store.load_assembly(assembly_id)
        return assembly_id
    assemblies = store.assemblies()
    if len(assemblies) == 1:
        return assemblies[0].id
    if not assemblies and create:
        from app.domain.assembly import Assembly

        new = Assembly(
            id=store.next_id("assemblies", "A"), name="Assemblée", organisation="Organisation"
        )
        store.save_assembly(new)
        return new.id
    ids = ", ".join(f"{a.id} ({a.organisation})" for a in assemblies) or "aucune"
    raise InputError(f"précisez --assembly (assemblées de la base : {ids}).")


def cmd_roster(db: str, assembly_id: str | None, out: TextIO) -> int:
    from app.services.roster import roster_to_csv

    store = Store.open(db, create=False)
    try:
        assembly = store.load_assembly(_assembly_for(store, assembly_id, create=False))
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
    from dataclasses import replace

    from app.services.roster import parse_roster

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
        target = _assembly_for(store, assembly_id, create=True)
        assembly = store.load_assembly(target)
        taken = {m.id for m in assembly.members}
        mapping: dict[str, str] = {}
        n = len(taken) + 1
        for m in parsed.members:
            while f"m{n}" in taken:
                n += 1
            mapping[m.id] = f"m{n}"
            taken.add(f"m{n}")
        new_members = tuple(
            replace(
                m,
                id=mapping[m.id],
                substitute_for=mapping.get(m.substitute_for or "", m.substitute_for),
            )
            for m in parsed.members
        )
        store.save_assembly(replace(assembly, members=assembly.members + new_members))
    finally:
        store.close()
    for m in new_members:
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


# =========================================================================== @ctes, assiduité
# `seance transmit`, `seance ack` and `seance assiduite` (issue #15). Kept in one block:
# main.py registers them with ``add_acts_parsers`` and dispatches with ``run_acts_command``.


def parse_day(value: str, what: str) -> date:
    """« 2026-03-12 » or « 12/03/2026 »; a French refusal otherwise."""
    text = value.strip()
    try:
        if "/" in text:
            day, month, year = text.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} : date « {value} » illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA).")


def cmd_assiduite(
    db: str,
    assembly_id: str | None,
    start: str,
    end: str,
    out_dir: str,
    out: TextIO,
) -> int:
    from app.services.attendance_record import load_attendance_record, write_attendance_record

    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    store = Store.open(db, create=False)
    try:
        record = load_attendance_record(
            store, _assembly_for(store, assembly_id, create=False), first, last
        )
    finally:
        store.close()
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise InputError(f"« {target} » n'est pas un dossier.")
    for path in write_attendance_record(record, target):
        print(path, file=out)
    return 0


def _session_for(store: Store, session_id: str | None) -> str:
    if session_id:
        store.load_session(session_id)
        return session_id
    sessions = store.sessions()
    if len(sessions) != 1:
        ids = ", ".join(s.id for s in sessions) or "aucune"
        raise InputError(f"précisez --session (séances de la base : {ids}).")
    return sessions[0].id


def cmd_transmit(
    db: str, session_id: str | None, out_dir: str, paper: bool, today: date, out: TextIO
) -> int:
    from app.services.transmission import write_dossiers

    store = Store.open(db, create=False)
    try:
        folders = write_dossiers(
            store, _session_for(store, session_id), Path(out_dir), today=today, paper=paper
        )
    finally:
        store.close()
    for folder in folders:
        print(folder, file=out)
    return 0


def cmd_ack(
    db: str,
    session_id: str | None,
    xml_file: str | None,
    item_id: str | None,
    actes_id: str | None,
    received: str | None,
    today: date,
    out: TextIO,
) -> int:
    from app.services.acknowledgment import acknowledgment, parse_aracte, record_acknowledgment

    if xml_file and (actes_id or received):
        raise InputError("donnez soit un fichier ARActe, soit --id et --date, pas les deux.")
    if xml_file:
        path = Path(xml_file)
        if not path.is_file():
            raise InputError(f"Le fichier « {path} » n'existe pas.")
        ack = parse_aracte(path.read_bytes())
    elif actes_id and received:
        ack = acknowledgment(actes_id, parse_day(received, "--date"))
    else:
        raise InputError(
            "indiquez le fichier ARActe de l'accusé de réception, ou --id IDENTIFIANT "
            "et --date DATE (avec --item si besoin)."
        )
    store = Store.open(db, create=False)
    try:
        t = record_acknowledgment(
            store, _session_for(store, session_id), ack, today=today, item_id=item_id
        )
    finally:
        store.close()
    received_on = t.received_on.isoformat() if t.received_on else ""
    print(f"{t.item}\t{t.actes_id}\t{received_on}", file=out)
    return 0


def add_acts_parsers(sub: Any) -> None:
    """Register `transmit`, `ack` and `assiduite` on main.py's sub-parsers."""
    p = sub.add_parser("transmit", help="dossiers de télétransmission (@ctes) d'une séance")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--session")
    p.add_argument("--out", required=True)
    p.add_argument("--papier", action="store_true", help="des documents papier suivent")
    p = sub.add_parser("ack", help="importer l'accusé de réception de la préfecture")
    p.add_argument("file", nargs="?", help="message ARActe (XML)")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--session")
    p.add_argument("--item")
    p.add_argument("--id", dest="actes_id", help="identifiant de l'acte (099-…-DE)")
    p.add_argument("--date", dest="received", help="date de réception en préfecture")
    p = sub.add_parser("assiduite", help="relevé d'assiduité des membres sur une période")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--assembly")
    p.add_argument("--from", required=True, dest="start", metavar="DATE")
    p.add_argument("--to", required=True, dest="end", metavar="DATE")
    p.add_argument("--out", required=True)


def run_acts_command(args: Any, db: str | None, out: TextIO, err: TextIO) -> int | None:
    """Run one of this block's commands; None if ``args.command`` is not one of them."""
    if args.command == "transmit":
        return guard(
            cmd_transmit, db, args.session, args.out, args.papier, date.today(), out, err=err
        )
    if args.command == "ack":
        return guard(
            cmd_ack,
            db,
            args.session,
            args.file,
            args.item,
            args.actes_id,
            args.received,
            date.today(),
            out,
            err=err,
        )
    if args.command == "assiduite":
        return guard(cmd_assiduite, db, args.assembly, args.start, args.end, args.out, out, err=err)
    return None
