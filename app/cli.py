"""The command line of docs/FORMAT.md: import, export, summary, roster, roster-import, verify.

Every handler returns an exit code: 0 done, 2 invalid input (French message on stderr,
nothing written). ``main.py`` parses the arguments and wires the objects.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from app.domain.convocation import convocation_warnings
from app.domain.errors import DomainError, InputError
from app.services.export import ExportJob, ExportKind, job_from_record, parse_kinds, precheck, run
from app.services.faults import (
    database_message,
    file_message,
    remove_database,
)
from app.services.interchange import (
    ParsedSession,
    import_file,
    load_file,
    summary,
)
from app.services.preparation import assembly_for, import_roster
from app.services.recovery import Replayed, load_tolerant
from app.services.roster import parse_roster
from app.services.store import Store, StoreError

EXPORT_KINDS = tuple(k.value for k in ExportKind)


def fail(message: str, err: TextIO | None = None) -> int:
    print(f"seance : {message}", file=err or sys.stderr)
    return 2


def load_source(
    json_file: str | None, db: str | None, session_id: str | None
) -> tuple[ParsedSession, Store | None, Replayed | None]:
    """A session from a ``seance/1`` file, or from a database (store stays open, read-only).

    From a database, a journal that does not replay to its end gives the state as far as
    it replays (``partial`` says where it stops); see ``app.services.recovery``."""
    if json_file:
        return load_file(json_file), None, None
    if not db:
        raise InputError("indiquez un fichier SESSION.json, ou --db FICHIER --session ID.")
    store = Store.open(db, create=False, access="read")
    try:
        if not session_id:
            sessions = store.sessions()
            if len(sessions) != 1:
                ids = ", ".join(s.id for s in sessions) or "aucune"
                raise InputError(f"précisez --session (séances de la base : {ids}).")
            session_id = sessions[0].id
        replayed = load_tolerant(store, session_id)
        assembly, session = replayed.state.assembly, replayed.state.session
        parsed = ParsedSession(assembly, session, replayed.usable, replayed.state)
        return parsed, store, replayed
    except BaseException:
        store.close()
        raise


def _stored_checks(store: Store, replayed: Replayed | None, err: TextIO) -> None:
    """Said on stderr before a database is used: its notices (a copy without its WAL) and
    a journal that replays only in part."""
    for notice in store.notices:
        print(f"avertissement : {notice}", file=err)
    if replayed is not None and replayed.broken_at is not None:
        print(f"avertissement : {replayed.explanation(replayed.state.name)}", file=err)


def _tamper_refusal(store: Store, session_id: str) -> str | None:
    report = store.verify_session(session_id)
    if report.ok:
        return None
    return (
        f"{report.message} Le journal a été modifié en dehors de Séance : les documents "
        "n'en attesteraient pas (détails : seance verify)."
    )


def cmd_import(path: str, db: str, out: TextIO, err: TextIO | None = None) -> int:
    # a refused file creates nothing: no database, no lock file, no folder
    parsed = load_file(path)
    # a short convocation delay is lawful in urgency: said, never refused (L2121-11/12)
    for warning in convocation_warnings(
        parsed.assembly.kind,
        parsed.session.convened_on,
        parsed.session.date,
        parsed.assembly.population,
    ):
        print(f"avertissement : {warning}", file=err or sys.stderr)
    store = Store.open(db)
    try:
        session_id = import_file(store, path)
    except BaseException:
        store.close()
        if store.created:  # a refused import leaves no database behind
            remove_database(store.path or Path(db))
        raise
    store.close()
    print(session_id, file=out)
    return 0


def cmd_summary(
    json_file: str | None,
    db: str | None,
    session_id: str | None,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    err = err or sys.stderr
    parsed, store, replayed = load_source(json_file, db, session_id)
    result = summary(parsed.state)
    if store:
        try:
            _stored_checks(store, replayed, err)
            tampered = _tamper_refusal(store, parsed.session.id)
        finally:
            store.close()
        if tampered:
            print(f"avertissement : {tampered}", file=err)
            result["journal_integre"] = False
        if replayed is not None and replayed.broken_at is not None:
            result["journal_partiel"] = {
                "jusqu_a_evenement": replayed.broken_at,
                "raison": replayed.reason,
            }
    json.dump(result, out, ensure_ascii=False, indent=2)
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
    parsed, store, replayed = load_source(json_file, db, session_id)
    job = ExportJob(parsed)
    if store:
        try:
            _stored_checks(store, replayed, err)
            refusal = _tamper_refusal(store, parsed.session.id)
            if refusal:
                return fail(f"export refusé : {refusal}", err)
            upto = replayed.broken_at if replayed is not None else None
            job = job_from_record(parsed, store, with_json=ExportKind.JSON in kinds)
            job = replace(
                job,
                fingerprint=store.fingerprint(parsed.session.id, upto),
                mark=replayed.partial_mark if replayed is not None else "",
            )
        finally:
            store.close()
    warnings = precheck(job, kinds)
    for w in warnings:
        print(f"avertissement : {w}", file=err)
    if strict and warnings:
        return fail("export refusé (--strict) : corrigez les avertissements ci-dessus.", err)
    # the one export pipeline (written aside, renamed into place once complete)
    for path in run(job, Path(out_dir), kinds):
        print(path, file=out)
    return 0


def cmd_roster(db: str, assembly_id: str | None, out: TextIO) -> int:
    from app.services.roster import roster_to_csv

    store = Store.open(db, create=False, access="read")
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
        # a use case shared with the GUI: a begun session keeps its constitution's roster
        result = import_roster(store, parsed, assembly_id)
    except BaseException:
        store.close()
        if store.created:  # a refused import leaves no database behind
            remove_database(store.path or Path(db))
        raise
    store.close()
    for m in result.added:
        print(f"{m.id}\t{m.full_name}\t{m.group}\t{m.function}".rstrip(), file=out)
    return 0


def cmd_verify(
    db: str,
    out: TextIO,
    err: TextIO,
    session_id: str | None = None,
    fingerprint: str | None = None,
) -> int:
    store = Store.open(db, create=False, access="read")
    try:
        for notice in store.notices:
            print(f"avertissement : {notice}", file=err)
        report = store.verify_session(session_id) if session_id else store.verify()
        if session_id:
            store.load_session(session_id)  # an unknown session is named
        unreplayable = []  # a sound chain may still hold an event the rules refuse
        if report.ok:
            for sid in [session_id] if session_id else [s.id for s in store.sessions()]:
                replayed = load_tolerant(store, sid)
                if replayed.broken_at is not None:
                    unreplayable.append(f"séance « {sid} » : {replayed.explanation()}")
        matched: tuple[str, int, int] | None = None
        if fingerprint:
            ids = [session_id] if session_id else [s.id for s in store.sessions()]
            for sid in ids:
                covered = store.match_fingerprint(sid, fingerprint)
                if covered is not None:
                    matched = (sid, covered, len(store.chain(sid)))
                    break
    finally:
        store.close()
    if not report.ok:
        return fail(report.message, err)
    print(report.message, file=out)
    for warning in unreplayable:
        print(f"avertissement : {warning}", file=err)
    if fingerprint is None:
        return 0
    if matched is None:
        return fail(
            "aucun état du journal ne correspond à l'empreinte imprimée : le journal a été "
            "modifié ou tronqué depuis l'impression du document (ou l'empreinte est mal "
            "recopiée).",
            err,
        )
    sid, covered, total = matched
    if covered == total:
        print(
            f"Empreinte conforme : la séance « {sid} » compte les {total} événements "
            "attestés par le document, ni plus ni moins.",
            file=out,
        )
    else:
        print(
            f"Empreinte conforme pour les {covered} premiers événements de la séance "
            f"« {sid} » ; {total - covered} événement(s) ont été ajoutés depuis "
            "l'impression du document.",
            file=out,
        )
    return 0


def cmd_correct(
    db: str, session_id: str | None, target: int, reason: str, out: TextIO, err: TextIO
) -> int:
    """Cancel a faulty event by appending a correction (the journal stays append-only)."""
    from datetime import datetime

    from app.services.recovery import correct_faulty

    store = Store.open(db, create=False)
    try:
        if not session_id:
            sessions = store.sessions()
            if len(sessions) != 1:
                ids = ", ".join(s.id for s in sessions) or "aucune"
                raise InputError(f"précisez --session (séances de la base : {ids}).")
            session_id = sessions[0].id
        index = correct_faulty(
            store, session_id, target, reason, lambda: datetime.now().replace(microsecond=0)
        )
    finally:
        store.close()
    print(
        f"Correction enregistrée (événement d'indice {index}) : l'événement d'indice "
        f"{target} est annulé, le journal se rejoue en entier.",
        file=out,
    )
    return 0


def cmd_backup(db: str, out_path: str, out: TextIO, err: TextIO) -> int:
    from app.services.backup import backup_file

    report = backup_file(db, out_path)
    print(report.message, file=out)
    return 0


def guard(func: object, *args: object, err: TextIO | None = None) -> int:
    """Run a handler; turn rule and input errors into exit code 2 with a French message."""
    try:
        return int(func(*args))  # type: ignore[operator]
    except StoreError as exc:
        return fail(str(exc), err)
    except DomainError as exc:
        return fail(str(exc), err)
    except sqlite3.DatabaseError as exc:
        return fail(database_message(exc, None), err)
    except OSError as exc:
        return fail(file_message(exc), err)


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
    store = Store.open(db, create=False, access="read")
    try:
        record = load_attendance_record(
            store, assembly_for(store, assembly_id, create=False), first, last
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


# =========================================================================== after the séance
# `seance register`, `seance decision`, `seance pv`, `seance publish`, `seance deadlines`
# (issue #14). Kept in one block: main.py registers them with ``add_after_parsers`` and
# dispatches with ``run_after_command``.

PV_FACTS = {
    "signer": "minutes_signed",
    "liste-transmise": "list_sent",
    "pv-transmis": "minutes_sent",
}


def _clock() -> Any:
    from datetime import datetime

    return lambda: datetime.now().replace(microsecond=0)


def cmd_register(db: str, assembly_id: str | None, year: str, out_dir: str, out: TextIO) -> int:
    from app.services.register import export_register

    try:
        number = int(year)
    except ValueError:
        raise InputError(f"--year « {year} » : une année est attendue (ex. 2026).") from None
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise InputError(f"« {target} » n'est pas un dossier.")
    store = Store.open(db, create=False)
    try:
        result = export_register(
            store,
            assembly_for(store, assembly_id, create=False),
            number,
            target,
            today=date.today(),
        )
    finally:
        store.close()
    for part, path in zip(result.parts, result.files, strict=True):
        new = " (nouveaux)" if part.part in result.newly_issued else ""
        print(f"feuillets {part.first_feuillet}-{part.last_feuillet}{new}\t{path}", file=out)
    print(f"tables\t{result.tables}", file=out)
    for warning in result.warnings:
        print(f"à vérifier\t{warning}", file=out)
    return 0


def cmd_decision(
    db: str,
    assembly_id: str | None,
    number: str,
    decided: str,
    title: str,
    delegation: str,
    text: str,
    out: TextIO,
) -> int:
    from app.services.register import record_decision

    day = parse_day(decided, "--date")
    store = Store.open(db, create=False)
    try:
        d = record_decision(
            store,
            assembly_for(store, assembly_id, create=False),
            number=number,
            decided_on=day,
            title=title,
            text=text,
            delegation=delegation,
            clock=_clock(),
        )
    finally:
        store.close()
    print(f"décision n° {d.number} du {d.decided_on.isoformat()} inscrite", file=out)
    return 0


def cmd_pv(
    db: str, action: str, session_id: str | None, of: str | None, on: str | None, out: TextIO
) -> int:
    from app.services.minutes_life import (
        After,
        minutes_status,
        pending_approval,
        propose_approval,
        record_after,
    )

    store = Store.open(db, create=False)
    try:
        sid = _session_for(store, session_id)
        if action == "approuver":
            of = of or pending_approval(store, sid)
            if not of:
                raise InputError(
                    "aucun procès-verbal en attente d'approbation avant cette séance "
                    "(précisez --of SEANCE)."
                )
            item = propose_approval(store, sid, of)
            print(f"{item.id}\t{item.title}", file=out)
            return 0
        if action in PV_FACTS:
            if not on:
                raise InputError("précisez --date DATE.")
            record_after(
                store, sid, After(PV_FACTS[action]), parse_day(on, "--date"), clock=_clock()
            )
        status = minutes_status(store, sid)
    finally:
        store.close()
    print(f"procès-verbal : {status.stage.value}", file=out)
    if status.approval:
        print(
            f"arrêté le {status.approval.on.isoformat()} ({status.approval.session_id})", file=out
        )
        for remark in status.approval.remarks:
            print(f"observation : {remark}", file=out)
    for what, day in status.after.items():
        if what is not After.FILE_PUBLISHED:
            print(f"{what.label} le {day.isoformat()}", file=out)
    return 0


def cmd_publish(db: str, assembly_id: str | None, out_dir: str, out: TextIO) -> int:
    from app.services.publication import publish

    store = Store.open(db, create=False)
    try:
        report = publish(
            store,
            assembly_for(store, assembly_id, create=False),
            Path(out_dir),
            today=date.today(),
            clock=_clock(),
        )
    finally:
        store.close()
    for path in report.written:
        print(f"publié\t{path}", file=out)
    print(f"index\t{report.index}", file=out)
    for note in report.waiting:
        print(f"en attente\t{note}", file=out)
    return 0


def cmd_deadlines(db: str, assembly_id: str | None, on: str | None, out: TextIO) -> int:
    from app.services.deadlines import describe, due

    today = parse_day(on, "--date") if on else date.today()
    store = Store.open(db, create=False)
    try:
        items = due(store, today, assembly_id=assembly_id)
    finally:
        store.close()
    if not items:
        print("Rien à faire.", file=out)
    for d in items:
        mark = "⚠" if d.overdue else "•"
        print(f"{mark} {describe(d, today)}", file=out)
    return 0


def add_after_parsers(sub: Any) -> None:
    """Register this block's commands on main.py's sub-parsers."""
    p = sub.add_parser("register", help="registre des délibérations d'une année (feuillets)")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--assembly")
    p.add_argument("--year", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("decision", help="inscrire une décision prise par délégation")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--assembly")
    p.add_argument("--number", required=True)
    p.add_argument("--date", required=True, dest="decided")
    p.add_argument("--objet", required=True)
    p.add_argument("--delegation", required=True, help="délibération donnant délégation")
    p.add_argument("--texte", default="")
    p = sub.add_parser("pv", help="vie du procès-verbal : approuver, signer, transmettre, état")
    p.add_argument("action", choices=("etat", "approuver", *PV_FACTS))
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--session")
    p.add_argument("--of", help="séance dont le procès-verbal est approuvé (avec approuver)")
    p.add_argument("--date", dest="on")
    p = sub.add_parser("publish", help="dossier de publication des actes (site internet)")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--assembly")
    p.add_argument("--out", required=True)
    p = sub.add_parser("deadlines", help="à faire après les séances, et pour quand")
    p.add_argument("--db", required=True, dest="db_cmd")
    p.add_argument("--assembly")
    p.add_argument("--date", dest="on", help="date du jour (défaut : aujourd'hui)")


def run_after_command(args: Any, db: str | None, out: TextIO, err: TextIO) -> int | None:
    """Run one of this block's commands; None if ``args.command`` is not one of them."""
    if args.command == "register":
        return guard(cmd_register, db, args.assembly, args.year, args.out, out, err=err)
    if args.command == "decision":
        return guard(
            cmd_decision,
            db,
            args.assembly,
            args.number,
            args.decided,
            args.objet,
            args.delegation,
            args.texte,
            out,
            err=err,
        )
    if args.command == "pv":
        return guard(cmd_pv, db, args.action, args.session, args.of, args.on, out, err=err)
    if args.command == "publish":
        return guard(cmd_publish, db, args.assembly, args.out, out, err=err)
    if args.command == "deadlines":
        return guard(cmd_deadlines, db, args.assembly, args.on, out, err=err)
    return None
