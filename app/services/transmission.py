"""Dossiers de télétransmission: one folder per act of a session, ready for the operator.

``prepare`` builds the dossiers of a session's deliberations from the store (agenda, annex
files, other sessions' act numbers) and runs the operators' checks; ``write_dossiers``
refuses (``TransmissionRefused``, every reason in French) before writing anything, then
writes for each act: the act's PDF (the extract of the register), its annexes, a
``manifest.json`` under Pastell's ``actes-generique`` field names and a one-page
``bordereau.pdf``. Uploading a ready-made envelope archive is deprecated (S²LOW): what is
prepared is the content, validated, for the operator's form or API.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.documents.bordereau import build_bordereau
from app.documents.common import body_name
from app.documents.extract import actes_id, build_extract
from app.documents.french import short_date
from app.documents.scdl import nomenclature, subject
from app.domain.errors import InputError
from app.domain.events import ElectionRound, VoteRecorded
from app.domain.projections import is_deliberation
from app.domain.state import SessionState, effective_mask
from app.domain.transmission import ActDossier, Piece, manifest, refusals
from app.services.annexes import annex_content, list_annexes
from app.services.records import load_record
from app.services.store import Store


class TransmissionRefused(InputError):
    """The operator would refuse these dossiers; ``reasons`` says why, in French."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(
            "dossiers de télétransmission refusés, rien n'a été écrit :\n"
            + "\n".join(f"- {r}" for r in reasons)
        )


@dataclass(frozen=True)
class Prepared:
    """A session's dossiers, checked."""

    state: SessionState
    dossiers: tuple[ActDossier, ...]
    refusals: tuple[str, ...]


def numbers_used_elsewhere(store: Store, assembly_id: str, session_id: str) -> dict[str, str]:
    """Act numbers of the items voted in the assembly's other sessions → where. An item
    withdrawn or postponed there did not use its number. Journals are scanned, not
    replayed: an archive of many sessions stays quick to check."""
    used: dict[str, str] = {}
    for info in store.sessions(assembly_id):
        if info.id == session_id:
            continue
        session = store.load_session(info.id)
        events = store.load_events(info.id)
        voted = {
            ev.item
            for ev, standing in zip(events, effective_mask(events), strict=True)
            if standing and isinstance(ev, (VoteRecorded, ElectionRound))
        }
        for item in session.items:
            if item.id in voted:
                used.setdefault(
                    item.act_number, f"séance du {session.date:%d/%m/%Y}, point {item.id}"
                )
    return used


def dossiers_of(
    state: SessionState, annexes: dict[str, tuple[Piece, ...]], *, paper: bool = False
) -> tuple[ActDossier, ...]:
    """The dossier of every deliberation of the session (those with an extract)."""
    out = []
    for rec in state.item_records():
        if not is_deliberation(rec):
            continue
        item = rec.item
        sub = subject(item.subject) if item.subject else None
        out.append(
            ActDossier(
                item_id=item.id,
                number=item.act_number,
                nature=item.nature,
                objet=item.title,
                decided_on=state.session.date,
                classification=item.subject.strip(),
                classification_label=sub.name if sub else "",
                typology=item.act_typology,
                paper=paper,
                annexes=annexes.get(item.id, ()),
            )
        )
    return tuple(out)


def prepare(store: Store, session_id: str, *, today: date, paper: bool = False) -> Prepared:
    record = load_record(store, session_id)  # the journal: constitution and acts
    assembly, state = record.assembly, record.state
    annexes: dict[str, list[Piece]] = {}
    for a in list_annexes(store, session_id):
        annexes.setdefault(a.item_id, []).append(
            Piece(
                filename=f"{a.position:02d}_{a.filename}",
                typology=a.typology,
                size=a.size,
                sha256=a.sha256,
                title=a.title,
            )
        )
    dossiers = dossiers_of(state, {k: tuple(v) for k, v in annexes.items()}, paper=paper)
    reasons = refusals(
        dossiers,
        today=today,
        used_elsewhere=numbers_used_elsewhere(store, assembly.id, session_id),
        known_subjects=nomenclature().keys(),
    )
    if not dossiers:
        reasons.append("aucune délibération votée dans cette séance : rien à transmettre.")
    return Prepared(state, dossiers, tuple(reasons))


def write_dossiers(
    store: Store, session_id: str, out_dir: Path, *, today: date, paper: bool = False
) -> list[Path]:
    """Check, then write one folder per act into ``out_dir``; return the folders."""
    prepared = prepare(store, session_id, today=today, paper=paper)
    if prepared.refusals:
        raise TransmissionRefused(list(prepared.refusals))
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"« {out_dir} » n'est pas un dossier.")
    state = prepared.state
    assembly, session = state.assembly, state.session
    folders = []
    for d in prepared.dossiers:
        item = state.items[d.item_id].item
        folder = out_dir / d.number
        folder.mkdir(parents=True, exist_ok=True)
        act_path = build_extract(state, d.item_id, folder / d.act_filename)
        content = act_path.read_bytes()
        act = Piece(
            filename=d.act_filename,
            typology=d.typology,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            title=d.objet,
        )
        for piece in d.annexes:
            original = piece.filename.split("_", 1)[1]
            (folder / piece.filename).write_bytes(
                annex_content(store, session_id, d.item_id, original)
            )
        (folder / "manifest.json").write_text(
            json.dumps(manifest(d, act), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        build_bordereau(
            d,
            act,
            folder / "bordereau.pdf",
            organisation=assembly.organisation,
            body=body_name(assembly),
            session_date=short_date(session.date),
            expected_id=actes_id(assembly, session, item) or "",
        )
        folders.append(folder)
    return folders
