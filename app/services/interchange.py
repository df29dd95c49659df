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

from app.domain.assembly import (
    PUBLICATION_MODES,
    Assembly,
    AssemblyKind,
    Session,
    Transmission,
)
from app.domain.errors import DomainError, InputError
from app.domain.events import Event, decode_event, encode_event
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import ItemStatus, SessionState, replay
from app.services.store import Store, item_from_dict, item_to_dict

FORMAT = "seance/1"
MAX_FILE = 50 * 1024 * 1024


@dataclass(frozen=True)
class ParsedSession:
    assembly: Assembly
    session: Session
    events: list[Event]
    state: SessionState


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
            f"colonne {err.colno} : {err.msg})."
        )
    except RecursionError:
        raise InputError(f"« {path} » est imbriqué trop profondément.")


def _date(value: Any, field: str, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise InputError(f"champ « {field} » manquant.")
        return None
    if not isinstance(value, str):
        raise InputError(f"champ « {field} » : une date AAAA-MM-JJ est attendue.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"champ « {field} » : date « {value} » illisible (AAAA-MM-JJ).")


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise InputError(f"{where} : champ « {key} » manquant.")
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where} : « {key} » doit être une chaîne.")
    if required and not value.strip():
        raise InputError(f"{where} : « {key} » ne peut pas être vide.")
    if len(value) > 100_000:
        raise InputError(f"{where} : « {key} » est trop long.")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where} : un objet JSON est attendu.")
    return value


def parse_member(data: Any, index: int) -> Member:
    where = f"membre n° {index + 1}"
    obj = _object(data, where)
    member_id = obj.get("id")
    if not isinstance(member_id, str) or not member_id.strip():
        raise InputError(f"{where} : champ « id » manquant ou vide.")
    where = f"membre « {member_id} »"
    weight = obj.get("weight", 1)
    if weight is None:
        weight = 1
    if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
        raise InputError(f"{where} : « weight » doit être un entier positif.")
    substitute_for = obj.get("substitute_for")
    if substitute_for is not None and not isinstance(substitute_for, str):
        raise InputError(f"{where} : « substitute_for » doit être l'identifiant d'un membre.")
    return Member(
        id=member_id,
        last_name=_text(obj, "last_name", where, True),
        first_name=_text(obj, "first_name", where),
        civility=_text(obj, "civility", where),
        group=_text(obj, "group", where),
        function=_text(obj, "function", where),
        weight=weight,
        substitute_for=substitute_for,
        birth_date=_date(obj.get("birth_date"), f"{where}, birth_date"),
        ended_on=_date(obj.get("ended_on"), f"{where}, ended_on"),
    )


def parse_assembly(data: Any, assembly_id: str = "A1") -> Assembly:
    obj = _object(data, "assemblée")
    raw_members = obj.get("members")
    if not isinstance(raw_members, list) or not raw_members:
        raise InputError("assemblée : « members » doit être une liste non vide de membres.")
    members = tuple(parse_member(m, i) for i, m in enumerate(raw_members))
    ids = [m.id for m in members]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"assemblée : identifiant de membre en double : {', '.join(dupes)}.")
    by_id = {m.id: m for m in members}
    for m in members:
        if m.substitute_for is not None:
            titular = by_id.get(m.substitute_for)
            if titular is None or titular.is_substitute:
                raise InputError(
                    f"membre « {m.id} » : suppléant d'un titulaire inconnu « {m.substitute_for} »."
                )
    raw_kind = obj.get("kind") or "autre"
    try:
        kind = AssemblyKind(raw_kind)
    except ValueError:
        raise InputError(f"assemblée : nature « {raw_kind} » inconnue.")
    siren = _text(obj, "siren", "assemblée")
    siret = _text(obj, "siret", "assemblée")
    department = _text(obj, "department", "assemblée")
    if siren and (len(siren) != 9 or not siren.isdigit()):
        raise InputError("assemblée : le SIREN compte 9 chiffres.")
    if siret and (len(siret) != 14 or not siret.isdigit()):
        raise InputError("assemblée : le SIRET compte 14 chiffres.")
    publication = _text(obj, "publication", "assemblée") or "electronic"
    if publication not in PUBLICATION_MODES:
        raise InputError(
            f"assemblée : publication « {publication} » inconnue (attendu : "
            f"{', '.join(PUBLICATION_MODES)})."
        )
    return Assembly(
        id=assembly_id,
        name=_text(obj, "name", "assemblée", True),
        organisation=_text(obj, "organisation", "assemblée", True),
        kind=kind,
        siren=siren,
        siret=siret,
        department=department,
        rules=Rules.from_dict(obj.get("rules")),
        members=members,
        publication=publication,
        town=_text(obj, "town", "assemblée"),
    )


def parse_session(data: Any, assembly: Assembly, session_id: str = "S1") -> Session:
    obj = _object(data, "séance")
    day = _date(obj.get("date"), "session.date", required=True)
    assert day is not None
    time = obj.get("time")
    if time is not None and (not isinstance(time, str) or not _is_hhmm(time)):
        raise InputError(f"séance : heure « {time} » illisible (HH:MM).")
    convocation = obj.get("convocation", 1)
    if convocation is None:
        convocation = 1
    if type(convocation) is not int or convocation not in (1, 2):  # not 0, true nor 2.0
        raise InputError(
            f"séance : « convocation » vaut 1 ou 2 (entier), pas « {json.dumps(convocation)} »."
        )
    raw_items = obj.get("items") or []
    if not isinstance(raw_items, list):
        raise InputError("séance : « items » doit être une liste.")
    items = []
    for i, raw in enumerate(raw_items):
        try:
            items.append(item_from_dict(raw))
        except InputError as err:
            raise InputError(f"point n° {i + 1} de l'ordre du jour : {err.message}")
    ids = [it.id for it in items]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"séance : numéro de point en double : {', '.join(dupes)}.")
    known = assembly.members_by_id()

    def member_ref(value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in known:
            raise InputError(f"{where} : membre « {value} » inconnu de l'assemblée.")
        return value

    president = member_ref(obj.get("president"), "séance, président")
    secretaries = obj.get("secretaries") or []
    if not isinstance(secretaries, list):
        raise InputError("séance : « secretaries » doit être une liste de membres.")
    secs = tuple(member_ref(s, "séance, secrétaire") or "" for s in secretaries)
    for it in items:
        member_ref(it.rapporteur, f"point « {it.id} », rapporteur")
    transmissions = []
    raw_tr = obj.get("transmissions") or []
    if not isinstance(raw_tr, list):
        raise InputError("séance : « transmissions » doit être une liste.")
    for raw in raw_tr:
        t = _object(raw, "transmission")
        item = t.get("item")
        if item not in ids:
            raise InputError(f"transmission : point « {item} » absent de l'ordre du jour.")
        transmissions.append(
            Transmission(
                item=str(item),
                sent_on=_date(t.get("sent_on"), "transmission, sent_on"),
                received_on=_date(t.get("received_on"), "transmission, received_on"),
                posted_on=_date(t.get("posted_on"), "transmission, posted_on"),
                actes_id=_text(t, "actes_id", "transmission"),
            )
        )
    convened_on = _date(obj.get("convened_on"), "session.convened_on")
    if convened_on is not None and convened_on > day:
        raise InputError(
            f"séance : la convocation ({convened_on:%d/%m/%Y}) ne peut pas suivre la séance "
            f"({day:%d/%m/%Y}) : corrigez « convened_on »."
        )
    return Session(
        id=session_id,
        assembly_id=assembly.id,
        date=day,
        time=time,
        place=_text(obj, "place", "séance"),
        convened_on=convened_on,
        convocation=convocation,
        failed_meeting_on=_date(obj.get("failed_meeting_on"), "session.failed_meeting_on"),
        president=president,
        secretaries=secs,
        items=tuple(items),
        transmissions=tuple(transmissions),
    )


def _is_hhmm(value: str) -> bool:
    parts = value.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


def parse_document(data: Any, *, assembly_id: str = "A1", session_id: str = "S1") -> ParsedSession:
    """Validate a whole ``seance/1`` document and fold its journal."""
    obj = _object(data, "document")
    if obj.get("format") != FORMAT:
        raise InputError(f"format « {obj.get('format')} » non reconnu : « {FORMAT} » attendu.")
    assembly = parse_assembly(obj.get("assembly"), assembly_id)
    session = parse_session(obj.get("session"), assembly, session_id)
    raw_events = _object(obj.get("session"), "séance").get("events") or []
    if not isinstance(raw_events, list):
        raise InputError("séance : « events » doit être une liste.")
    events: list[Event] = []
    for i, raw in enumerate(raw_events):
        try:
            events.append(decode_event(raw))
        except DomainError as err:
            raise err.at_index(i)
    state = replay(assembly, session, events)
    return ParsedSession(assembly, session, events, state)


def load_file(path: Path | str) -> ParsedSession:
    return parse_document(read_json_file(path))


def import_file(store: Store, path: Path | str) -> str:
    """Import a ``seance/1`` file into the store (all or nothing); return the session id."""
    data = read_json_file(path)
    parsed = parse_document(data)
    annex_files = parse_annex_files(data, Path(path).parent)  # checked before any write
    assembly = parsed.assembly
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
    session_id = _session_id(store, parsed.session.date)
    assembly = replace(assembly, id=assembly_id)
    session = replace(parsed.session, id=session_id, assembly_id=assembly_id)
    store.save_assembly_and_session(assembly, session, parsed.events)
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


def member_to_dict(m: Member) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "civility": m.civility,
        "last_name": m.last_name,
        "first_name": m.first_name,
        "group": m.group,
        "function": m.function,
        "weight": m.weight,
        "substitute_for": m.substitute_for,
        "birth_date": m.birth_date.isoformat() if m.birth_date else None,
    }
    if m.ended_on:
        out["ended_on"] = m.ended_on.isoformat()
    return out


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
            "rules": assembly.rules.to_dict(),
            "members": [member_to_dict(m) for m in assembly.members],
            **(
                {"publication": assembly.publication}
                if assembly.publication != "electronic"
                else {}
            ),
            **({"town": assembly.town} if assembly.town else {}),
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
    """The JSON summary of FORMAT.md: quorum and vote per item."""
    items = []
    for rec in state.item_records():
        if rec.snapshot is not None and rec.status is not ItemStatus.PENDING:
            att = rec.snapshot
        else:
            att = state.attendance(rec.item.id)
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
            if t.ballot.value == "secret":
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
