"""The ``seance/1`` interchange format: read, validate, import, export, summarise.

An imported file goes through the same fold as the live window: an event the GUI would
refuse, the importer refuses too, naming its index; nothing is written unless all holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.assembly import Assembly, Session, Transmission
from app.domain.constitution import (
    Constitution,
    Origin,
    Part,
    auxiliaries_to_list,
    check_consistent,
    constitute,
    diff,
    header_from_dict,
    identity_from_dict,
    item_to_dict,
    items_from_list,
    member_to_dict,
    members_from_list,
    read_date,
    read_object,
    read_text,
)
from app.domain.convocation import check_second_convocation
from app.domain.errors import DomainError, InputError
from app.domain.events import Amended, Ballot, Constituted, Event, decode_event, encode_event
from app.domain.journal import current_constitution
from app.domain.projections import item_attendance
from app.domain.rules import Rules
from app.domain.state import SessionState
from app.services.records import SessionRecord, record_of
from app.services.roster import MAX_MEMBERS, too_many_members
from app.services.store import Store

FORMAT = "seance/1"
MAX_FILE = 50 * 1024 * 1024


ParsedSession = SessionRecord  # a session read from a seance/1 file
# the field readers live beside the constitution's codec (one home); short local names
_object, _text, _date = read_object, read_text, read_date


def read_json_file(path: Path | str) -> Any:
    """Read a JSON file with French messages for every way it can be wrong."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Le fichier « {path} » n'existe pas.")
    if path.is_dir():
        raise InputError(f"« {path} » est un dossier, pas un fichier JSON.")
    if path.stat().st_size > MAX_FILE:
        raise InputError(f"« {path} » est trop volumineux pour une séance.")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"Le fichier « {path} » est vide.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"« {path} » n'est pas encodé en UTF-8.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"« {path} » n'est pas un JSON valide (ligne {err.lineno}, "
            f"colonne {err.colno}{_json_reason(err.msg)})."
        )
    except RecursionError:
        raise InputError(f"« {path} » est imbriqué trop profondément.")


def parse_assembly(data: Any, assembly_id: str = "A1", on: date | None = None) -> Assembly:
    """The ``assembly`` section; its preset's values are those in force on ``on``."""
    obj = read_object(data, "assemblée")
    raw_members = obj.get("members")
    if isinstance(raw_members, list) and len(raw_members) > MAX_MEMBERS:
        raise too_many_members(len(raw_members), "membres")  # before any member is read
    identity = identity_from_dict(obj, assembly_id)
    return replace(
        identity,
        rules=Rules.from_dict(obj.get("rules"), on),
        members=members_from_list(obj.get("members")),
    )


def parse_session(data: Any, assembly: Assembly, session_id: str = "S1") -> Session:
    obj = read_object(data, "séance")
    header = header_from_dict(obj, session_id, assembly.id)
    if header.convened_on is not None and header.convened_on > header.date:
        raise InputError(
            f"séance : la convocation ({header.convened_on:%d/%m/%Y}) ne peut pas suivre la "
            f"séance ({header.date:%d/%m/%Y}) : corrigez « convened_on »."
        )
    check_second_convocation(header.convocation, header.failed_meeting_on, header.date)
    items = items_from_list(obj.get("items") or [])
    ids = [it.id for it in items]
    transmissions = []
    raw_tr = obj.get("transmissions") or []
    if not isinstance(raw_tr, list):
        raise InputError("séance : « transmissions » doit être une liste.")
    for raw in raw_tr:
        t = read_object(raw, "transmission")
        item = t.get("item")
        if item not in ids:
            raise InputError(f"transmission : point « {item} » absent de l'ordre du jour.")
        transmissions.append(
            Transmission(
                item=str(item),
                sent_on=read_date(t.get("sent_on"), "transmission, sent_on"),
                received_on=read_date(t.get("received_on"), "transmission, received_on"),
                posted_on=read_date(t.get("posted_on"), "transmission, posted_on"),
                actes_id=read_text(t, "actes_id", "transmission"),
            )
        )
    session = replace(header, items=items, transmissions=tuple(transmissions))
    check_consistent(assembly, session)
    return session


def parse_document(data: Any, *, assembly_id: str = "A1", session_id: str = "S1") -> ParsedSession:
    """Validate a whole ``seance/1`` document and fold its journal."""
    obj = read_object(data, "document")
    found = obj.get("format")
    if found != FORMAT:
        if found is None or isinstance(found, bool):  # never « None » or « True » to a user
            raise InputError(f"champ « format » absent : « {FORMAT} » attendu.")
        raise InputError(f"format « {found} » non reconnu : « {FORMAT} » attendu.")
    raw_session = read_object(obj.get("session"), "séance")
    day = read_date(raw_session.get("date"), "session.date", required=True)
    assembly = parse_assembly(obj.get("assembly"), assembly_id, day)
    session = parse_session(raw_session, assembly, session_id)
    raw_events = raw_session.get("events") or []
    if not isinstance(raw_events, list):
        raise InputError("séance : « events » doit être une liste.")
    events: list[Event] = []
    for i, raw in enumerate(raw_events):
        try:
            events.append(_with_ids(decode_event(raw), assembly_id, session_id))
        except DomainError as err:
            raise err.at_index(i)
    journal = current_constitution(events)
    if journal is not None:
        _check_sections_agree(constitute(assembly, session), journal)
    if events and journal is None:
        # a seance/1 file written before constitutions: the sections are its constitution,
        # recorded at the end of the journal (it applies from the start)
        events.append(Constituted(constitution=constitute(assembly, session, Origin.IMPORT)))
    return record_of(events, assembly, session)


def _check_sections_agree(sections: Constitution, journal: Constitution) -> None:
    """The ``assembly`` and ``session`` sections of a file whose journal carries its
    constitution must say the same as it (the rules excepted: the journal keeps the values
    in force on the session's date, which a preset edited since may no longer give)."""
    patch = diff(journal, sections)
    parts = [p for p in patch.parts if p is not Part.RULES]
    if parts:
        labels = ", ".join(f"« {p.value} »" for p in parts)
        raise InputError(
            f"le fichier se contredit : {labels} ne s'accorde(nt) pas avec la constitution "
            "inscrite au journal de la séance (événement « constituted »). Le journal fait "
            "foi : corrigez le fichier, ou retirez-en la constitution pour importer les "
            "sections telles qu'elles sont."
        )


def _with_ids(event: Event, assembly_id: str, session_id: str) -> Event:
    """An imported constitution or amendment names the ids this file is stored under."""
    if isinstance(event, Constituted):
        c = event.constitution
        return replace(
            event,
            constitution=replace(
                c,
                assembly=replace(c.assembly, id=assembly_id),
                session=replace(c.session, id=session_id, assembly_id=assembly_id),
            ),
        )
    if isinstance(event, Amended) and event.patch.session is not None:
        header = replace(event.patch.session, id=session_id, assembly_id=assembly_id)
        return replace(event, patch=replace(event.patch, session=header))
    return event


def load_file(path: Path | str) -> ParsedSession:
    return parse_document(read_json_file(path))


def import_file(store: Store, path: Path | str) -> str:
    """Import a ``seance/1`` file into the store (all or nothing); return the session id."""
    raw = read_json_file(path)
    parse_document(raw)  # refuse a bad file before anything is looked up
    annex_files = parse_annex_files(raw, Path(path).parent)  # checked before any write
    assembly = parse_assembly(
        read_object(raw, "document").get("assembly"),
        on=read_date(read_object(raw.get("session"), "séance").get("date"), "session.date"),
    )
    existing = next(
        (
            a
            for a in store.assemblies()
            if a.organisation == assembly.organisation
            and a.name == assembly.name
            and a.members == assembly.members
        ),
        None,
    )
    assembly_id = existing.id if existing else store.next_id("assemblies", "A")
    day = read_date(raw["session"].get("date"), "session.date", required=True)
    assert day is not None
    session_id = _session_id(store, day)
    parsed = parse_document(raw, assembly_id=assembly_id, session_id=session_id)
    prepared = parse_assembly(raw["assembly"], assembly_id, day)
    session = parse_session(raw["session"], prepared, session_id)
    store.save_assembly_and_session(prepared, session, parsed.events)
    store_annex_files(store, session_id, annex_files)
    return session_id


def _session_id(store: Store, day: date) -> str:
    taken = {s.id for s in store.sessions()}
    base = day.isoformat()
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --------------------------------------------------------------------------- export


def export_document(assembly: Assembly, session: Session, events: list[Event]) -> dict[str, Any]:
    """The ``seance/1`` document of a session: import it back and you get the same."""

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "format": FORMAT,
        "assembly": {
            "name": assembly.name,
            "organisation": assembly.organisation,
            "kind": assembly.kind.value,
            "siren": assembly.siren or None,
            "siret": assembly.siret or None,
            "department": assembly.department or None,
            "rules": assembly.rules.to_dict(session.date),
            "members": [member_to_dict(m) for m in assembly.members],
            **(
                {"publication": assembly.publication}
                if assembly.publication != "electronic"
                else {}
            ),
            **({"town": assembly.town} if assembly.town else {}),
            **({"population": assembly.population} if assembly.population is not None else {}),
        },
        "session": {
            "date": session.date.isoformat(),
            "time": session.time,
            "place": session.place or None,
            "convened_on": iso(session.convened_on),
            "convocation": session.convocation,
            **(
                {"failed_meeting_on": iso(session.failed_meeting_on)}
                if session.failed_meeting_on
                else {}
            ),
            "president": session.president,
            "secretaries": list(session.secretaries),
            **(
                {"auxiliaries": auxiliaries_to_list(session.auxiliaries)}
                if session.auxiliaries
                else {}
            ),
            "items": [item_to_dict(it) for it in session.items],
            "events": [encode_event(e) for e in events],
            "transmissions": [
                {
                    "item": t.item,
                    "sent_on": iso(t.sent_on),
                    "received_on": iso(t.received_on),
                    "posted_on": iso(t.posted_on),
                    **({"actes_id": t.actes_id} if t.actes_id else {}),
                }
                for t in session.transmissions
            ],
        },
    }


def summary(state: SessionState) -> dict[str, Any]:
    """The JSON summary of docs/FORMAT.md: quorum and vote per item."""
    items = []
    for rec in state.item_records():
        att = item_attendance(state, rec)
        q = att.quorum
        vote: dict[str, Any] | None = None
        if rec.vote is not None:
            v, t = rec.vote, rec.vote.tally
            vote = {
                "ballot": t.ballot.value,
                "voters": t.voters,
                "for": t.count_for,
                "against": t.count_against,
                "abstain": t.count_abstain,
                "recused": list(v.recused),
                "expressed": t.expressed,
                "needed": v.needed,
                "casting_vote_used": v.casting_vote_used,
            }
            if t.ballot is Ballot.SECRET:
                vote.update(blank=t.blank, spoilt=t.spoilt)
            if v.choices:
                vote["choices"] = {m: c.value for m, c in v.choices}
            # the reconciliation, term by term: present + represented − not taking part
            vote["present"] = att.present_voices
            vote["represented"] = att.represented_voices
            vote["not_taking_part"] = att.not_taking_part
            if att.lost_proxies:
                vote["lost_proxies"] = [{"from": g, "holder": h} for g, h in att.lost_proxies]
        entry: dict[str, Any] = {
            "id": rec.item.id,
            "status": rec.status.value,
            "quorum": {
                "in_office": q.in_office,
                "present": q.present,
                "represented": q.represented,
                "required": q.required,
                "reached": q.reached,
            },
            "vote": vote,
        }
        if q.second_convocation:
            entry["quorum"]["second_convocation"] = True
        if att.presiding and att.presiding != state.session.president:
            entry["presided_by"] = att.presiding
        if rec.rounds:
            entry["election"] = {
                "rounds": [
                    {
                        "round": r.round,
                        "votes": dict(r.votes),
                        "blank": r.blank,
                        "spoilt": r.spoilt,
                        "needed": r.needed,
                        "elected": r.elected,
                    }
                    for r in rec.rounds
                ],
                "elected": rec.elected,
            }
        if rec.appointed is not None:
            entry["appointed"] = rec.appointed  # single candidate, no vote (L2121-21)
        if rec.list_rounds:
            won = rec.elected_list
            entry["list_election"] = {
                "rounds": [
                    {
                        "round": r.round,
                        "votes": dict(r.votes),
                        "blank": r.blank,
                        "spoilt": r.spoilt,
                        "needed": r.needed,
                        "elected": r.elected,
                    }
                    for r in rec.list_rounds
                ],
                "elected_list": won.elected if won else None,
                "elected": list(won.elected_members) if won else [],
            }
        items.append(entry)
    return {
        "assembly": state.assembly.name,
        "organisation": state.assembly.organisation,
        "session_date": state.session.date.isoformat(),
        "members_in_office": len(state.in_office),
        "items": items,
    }


# --------------------------------------------------------------------------- annex files
# Issue #15: an item of ``seance/1`` may carry its annexes as files, in ``annex_files``:
# ``[{"filename": "etat-1259.pdf", "typology": "22_AN", "title": "État 1259",
#     "content_base64": "JVBERi0…"}]``, or ``"path": "annexes/etat-1259.pdf"`` instead of
# the content: a file next to the JSON (in its folder or below), read on import.


@dataclass(frozen=True)
class AnnexInput:
    """An annex file read from a ``seance/1`` document, checked, not yet stored."""

    item_id: str
    filename: str
    typology: str
    title: str
    content: bytes


def parse_annex_files(data: Any, base_dir: Path | None) -> list[AnnexInput]:
    """Every item's ``annex_files``, decoded and checked (PDF, size, typology); French
    refusals name the item and the file. ``base_dir`` is the JSON's folder (None: paths
    are refused)."""
    import base64
    import binascii

    from app.domain.transmission import MAX_ANNEX_BYTES, mib
    from app.services.annexes import check_pdf, check_typology

    session = _object(_object(data, "document").get("session"), "séance")
    out: list[AnnexInput] = []
    for raw_item in session.get("items") or []:
        if not isinstance(raw_item, dict) or raw_item.get("annex_files") is None:
            continue
        item_id = str(raw_item.get("id"))
        where = f"point « {item_id} », annexes"
        files = raw_item["annex_files"]
        if not isinstance(files, list):
            raise InputError(f"{where} : « annex_files » doit être une liste.")
        seen: set[str] = set()
        for n, raw in enumerate(files, start=1):
            f = _object(raw, f"{where} n° {n}")
            has_content, has_path = "content_base64" in f, "path" in f
            if has_content == has_path:
                raise InputError(f"{where} n° {n} : donnez soit « content_base64 », soit « path ».")
            rel = _text(f, "path", f"{where} n° {n}") if has_path else ""
            filename = _text(f, "filename", f"{where} n° {n}") or Path(rel).name
            if has_path:
                if base_dir is None:
                    raise InputError(f"{where}, « {filename} » : chemin non permis ici.")
                root = base_dir.resolve()
                target = (root / rel).resolve()
                if Path(rel).is_absolute() or not target.is_relative_to(root):
                    raise InputError(
                        f"{where}, « {filename} » : le fichier doit se trouver à côté du "
                        f"fichier JSON (« {rel} » en sort)."
                    )
                if not target.is_file():
                    raise InputError(f"{where}, « {filename} » : fichier « {rel} » introuvable.")
                size = target.stat().st_size
                if size > MAX_ANNEX_BYTES:  # refused before reading it
                    raise InputError(
                        f"{where}, « {filename} » : {mib(size)}, au-delà de la taille "
                        f"maximale d'une annexe ({mib(MAX_ANNEX_BYTES)})."
                    )
                content = target.read_bytes()
            else:
                encoded = f["content_base64"]
                if not isinstance(encoded, str):
                    raise InputError(f"{where}, « {filename} » : « content_base64 » illisible.")
                try:
                    content = base64.b64decode(encoded, validate=True)
                except (binascii.Error, ValueError):
                    raise InputError(
                        f"{where}, « {filename} » : « content_base64 » n'est pas du base64."
                    )
            try:
                check_pdf(filename, content)
                check_typology(filename, _text(f, "typology", where))
            except InputError as err:
                raise InputError(f"point « {item_id} » : {err.message}")
            if filename.lower() in seen:
                raise InputError(f"{where} : « {filename} » figure deux fois.")
            seen.add(filename.lower())
            out.append(
                AnnexInput(
                    item_id=item_id,
                    filename=filename,
                    typology=_text(f, "typology", where),
                    title=_text(f, "title", where),
                    content=content,
                )
            )
    return out


def store_annex_files(store: Store, session_id: str, annexes: list[AnnexInput]) -> None:
    from app.services.annexes import add_annex

    for a in annexes:
        add_annex(
            store, session_id, a.item_id, a.filename, a.content, typology=a.typology, title=a.title
        )


def annex_files_into_document(doc: dict[str, Any], store: Store, session_id: str) -> None:
    """Embed the session's annex files (base64) into an exported ``seance/1`` document."""
    import base64

    from app.services.annexes import annex_content, list_annexes

    by_item: dict[str, list[dict[str, Any]]] = {}
    for a in list_annexes(store, session_id):
        content = annex_content(store, session_id, a.item_id, a.filename)
        by_item.setdefault(a.item_id, []).append(
            {
                "filename": a.filename,
                "typology": a.typology,
                "title": a.title,
                "content_base64": base64.b64encode(content).decode("ascii"),
            }
        )
    for item in doc["session"]["items"]:
        if item["id"] in by_item:
            item["annex_files"] = by_item[item["id"]]


_JSON_REASONS = {  # json's messages are English: the user reads French
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": (
        "nom de propriété entre guillemets droits attendu"
    ),
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Extra data": "texte en trop après la fin du document",
    "Unterminated string starting at": "texte entre guillemets jamais refermé",
    "Invalid control character at": "caractère de contrôle interdit dans un texte",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Illegal trailing comma before end of object": "virgule en trop avant « } »",
    "Illegal trailing comma before end of array": "virgule en trop avant « ] »",
}


def _json_reason(msg: str) -> str:
    reason = _JSON_REASONS.get(msg)
    return f"\u00a0: {reason}" if reason else ""
