"""Export of a session's documents, and the checks to run before it.

``export_documents`` writes the requested kinds into a folder and returns the files
written; ``precheck`` lists, in French, what the secretary should look at first (an item
without result, a missing secretary, a SIRET that fails its key...). The command line
(`seance export`) and the GUI call both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from app.documents.attendance_sheet import build_attendance_sheet
from app.documents.chapters import write_plain_list, write_webvtt
from app.documents.deliberations_list import build_deliberations_list
from app.documents.extract import build_extract
from app.documents.french import typography
from app.documents.minutes import build_minutes
from app.documents.scdl import is_deliberation, subject, write_scdl
from app.domain.assembly import Assembly, Session, siret_ok
from app.domain.state import ItemStatus, ProxyState, SessionState

KINDS = ("extracts", "minutes", "attendance", "list", "scdl", "chapters")
FOREIGN_KINDS = ("json",)  # written by the command line itself


def safe_name(text: str) -> str:
    """A file-name fragment: accents dropped, anything but letters, digits, « . _ - »
    replaced, no leading dot, at most 80 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text).strip("._-")
    return cleaned[:80] or "sans-nom"


def _extract_names(state: SessionState) -> list[tuple[str, str]]:
    """(item id, file name) of each extract; clashing sanitized names get a suffix."""
    seen: set[str] = set()
    out = []
    for rec in state.item_records():
        if not is_deliberation(rec):
            continue
        base = f"extrait_{safe_name(rec.item.id)}"
        name, n = base, 2
        while name.lower() in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name.lower())
        out.append((rec.item.id, f"{name}.pdf"))
    return out


def export_documents(
    assembly: Assembly,
    session: Session,
    state: SessionState,
    out_dir: Path,
    kinds: Iterable[str] | None = None,
    *,
    fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the documents of ``kinds`` (default: all of ``KINDS``) into ``out_dir`` and
    return their paths. ``fingerprint`` (the journal's digest) goes at the end of the
    minutes; ``progress(done, total)`` is called after each file."""
    del assembly, session  # the state carries both; kept for a uniform signature
    wanted = list(KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [k for k in wanted if k not in KINDS and k not in FOREIGN_KINDS]
    if unknown:
        raise ValueError(
            f"Type de document inconnu : {', '.join(unknown)} (attendu : {', '.join(KINDS)})."
        )
    day = state.session.date.isoformat()
    jobs: list[tuple[Path, Callable[[Path], Path]]] = []
    for kind in wanted:
        if kind == "extracts":
            for item_id, name in _extract_names(state):
                jobs.append((out_dir / name, lambda p, i=item_id: build_extract(state, i, p)))  # type: ignore[misc]
        elif kind == "minutes":
            jobs.append(
                (
                    out_dir / f"proces-verbal_{day}.pdf",
                    lambda p: build_minutes(state, p, fingerprint=fingerprint),
                )
            )
        elif kind == "attendance":
            jobs.append(
                (out_dir / f"emargement_{day}.pdf", lambda p: build_attendance_sheet(state, p))
            )
        elif kind == "list":
            jobs.append(
                (
                    out_dir / f"liste-deliberations_{day}.pdf",
                    lambda p: build_deliberations_list(state, p),
                )
            )
        elif kind == "scdl":
            jobs.append((out_dir / "deliberations_scdl.csv", lambda p: write_scdl(state, p)))
        elif kind == "chapters":  # of the recording (L2121-18): WebVTT and a plain list
            jobs.append((out_dir / f"chapitres_{day}.vtt", lambda p: write_webvtt(state, p)))
            jobs.append((out_dir / f"chapitres_{day}.txt", lambda p: write_plain_list(state, p)))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for done, (path, build) in enumerate(jobs, start=1):
        written.append(build(path))
        if progress is not None:
            progress(done, len(jobs))
    return written


def precheck(assembly: Assembly, session: Session, state: SessionState) -> list[str]:
    """Warnings to show before exporting (French). The documents are still written."""
    warnings: list[str] = []
    names = state.name
    if session.president is None:
        warnings.append("Aucun président de séance n'est indiqué.")
    elif assembly.member(session.president) is None:
        warnings.append(
            f"Le président de séance « {session.president} » n'est pas membre de l'assemblée."
        )
    if not session.secretaries:
        warnings.append("Aucun secrétaire de séance n'est désigné (article L2121-15 du CGCT).")
    if state.opened_at is None and state.count:
        warnings.append("L'ouverture de la séance n'est pas enregistrée.")
    if state.count and state.closed_at is None:
        warnings.append("La clôture de la séance n'est pas enregistrée.")
    for rec in state.item_records():
        label = f"Point « {rec.item.id} » ({rec.item.title})"
        if rec.status is ItemStatus.PENDING:
            warnings.append(
                f"{label} : aucun résultat enregistré (ni vote, ni retrait, ni ajournement)."
            )
        snap = rec.snapshot
        if snap is not None and (rec.vote is not None or rec.rounds):
            if not snap.quorum.may_deliberate:
                q = snap.quorum
                warnings.append(
                    f"{label} : vote enregistré alors que le quorum n'était pas "
                    f"atteint ({q.counted} présents, {q.required} requis)."
                )
            for giver, holder, st in snap.proxy_warnings:
                if st is ProxyState.HOLDER_ABSENT:
                    warnings.append(
                        f"{label} : le pouvoir de {names(giver)} à {names(holder)} "
                        "n'a pas pu être exercé, le porteur étant absent au "
                        "moment du vote."
                    )
        if is_deliberation(rec):
            if not rec.item.subject:
                warnings.append(
                    f"{label} : code matière ACTES manquant (colonne "
                    "DELIB_MATIERE_CODE du fichier SCDL)."
                )
            elif subject(rec.item.subject) is None:
                warnings.append(
                    f"{label} : code matière ACTES « {rec.item.subject} » inconnu "
                    "de la nomenclature."
                )
    if not assembly.siret:
        warnings.append("SIRET de la collectivité manquant (fichier SCDL).")
    elif not siret_ok(assembly.siret):
        warnings.append(
            f"SIRET « {assembly.siret} » invalide (14 chiffres et clé de Luhn) : "
            "le fichier SCDL sera refusé par les validateurs."
        )
    if not assembly.siren or not assembly.department:
        warnings.append(
            "SIREN ou département manquant : l'identifiant @ctes des extraits ne "
            "peut pas être composé."
        )
    return [typography(w) for w in warnings]  # « … » and « : » with non-breaking spaces
