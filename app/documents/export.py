"""Export of a session's documents, and the checks to run before it.

``export_documents`` writes the requested kinds into a folder and returns the files
written; ``precheck`` lists, in French, what the secretary should look at first (an item
without result, a missing secretary, a SIRET that fails its key...). The command line
(`seance export`) and the GUI call both.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from app.documents.attendance_sheet import build_attendance_sheet
from app.documents.chapters import write_plain_list, write_webvtt
from app.documents.common import plain_short_name
from app.documents.deliberations_list import build_deliberations_list
from app.documents.extract import build_extract
from app.documents.french import typography
from app.documents.kinds import DOCUMENT_KINDS, ExportKind
from app.documents.minutes import build_minutes
from app.documents.scdl import subject, write_scdl
from app.domain.assembly import Assembly, Session, luhn_ok, siret_ok
from app.domain.events import PresidencyTaken
from app.domain.projections import is_deliberation
from app.domain.state import ItemStatus, ProxyState, SessionState
from app.domain.wording import describe_event

KINDS = DOCUMENT_KINDS


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


def _minutes(
    state: SessionState,
    path: Path,
    fingerprint: str | None,
    draft: bool | None,
    approval: tuple[date, tuple[str, ...]] | None,
) -> Path:
    if approval is None:
        return build_minutes(state, path, fingerprint=fingerprint, draft=draft)
    from app.documents.publication import build_final_minutes

    return build_final_minutes(
        state, path, approved_on=approval[0], remarks=approval[1], fingerprint=fingerprint
    )


def export_documents(
    assembly: Assembly,
    session: Session,
    state: SessionState,
    out_dir: Path,
    kinds: Iterable[ExportKind | str] | None = None,
    *,
    fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
    minutes_draft: bool | None = None,
    minutes_approval: tuple[date, tuple[str, ...]] | None = None,
) -> list[Path]:
    """Write the documents of ``kinds`` (default: all of ``KINDS``) into ``out_dir`` and
    return their paths. ``fingerprint`` (the journal's digest) goes at the end of the
    minutes and of each extract; ``progress(done, total)`` is called after each file.
    Many extracts are built in ``processes`` worker processes (default: up to 4, one per
    core, when forking is safe; 1 builds everything in this process). When the PV's life is known
    (``app.services.minutes_life.minutes_export_options``): ``minutes_draft`` is its
    « PROJET » mark (until it is arrêté), ``minutes_approval`` (date, remarks) makes it
    the PV as arrêté."""
    del assembly, session  # the state carries both; kept for a uniform signature
    names = list(KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [str(k) for k in names if k not in set(ExportKind)]
    if unknown:
        raise ValueError(
            f"Type de document inconnu : {', '.join(unknown)} (attendu : {', '.join(KINDS)})."
        )
    # the seance/1 file is written by the export service itself
    wanted = [ExportKind(k) for k in names if k != ExportKind.JSON]
    day = state.session.date.isoformat()
    jobs: list[tuple[Path, Callable[[Path], Path]]] = []
    for kind in wanted:
        if kind is ExportKind.EXTRACTS:
            for item_id, name in _extract_names(state):
                jobs.append(
                    (
                        out_dir / name,
                        lambda p, i=item_id: build_extract(state, i, p, fingerprint=fingerprint),  # type: ignore[misc]
                    )
                )
        elif kind is ExportKind.MINUTES:
            jobs.append(
                (
                    out_dir / f"proces-verbal_{day}.pdf",
                    lambda p: _minutes(state, p, fingerprint, minutes_draft, minutes_approval),
                )
            )
        elif kind is ExportKind.ATTENDANCE:
            jobs.append(
                (out_dir / f"emargement_{day}.pdf", lambda p: build_attendance_sheet(state, p))
            )
        elif kind is ExportKind.LIST:
            jobs.append(
                (
                    out_dir / f"liste-deliberations_{day}.pdf",
                    lambda p: build_deliberations_list(state, p),
                )
            )
        elif kind is ExportKind.SCDL:
            jobs.append((out_dir / "deliberations_scdl.csv", lambda p: write_scdl(state, p)))
        elif kind is ExportKind.CHAPTERS:  # of the recording (L2121-18): WebVTT and a plain list
            jobs.append((out_dir / f"chapitres_{day}.vtt", lambda p: write_webvtt(state, p)))
            jobs.append((out_dir / f"chapitres_{day}.txt", lambda p: write_plain_list(state, p)))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    extracts = [item for item, _ in _extract_names(state)] if ExportKind.EXTRACTS in wanted else []
    workers = _workers(len(extracts), processes)
    if workers > 1:
        # the extracts in worker processes (forked: they share the folded state), the
        # other documents here meanwhile; the files are the same bytes either way
        first = wanted.index(ExportKind.EXTRACTS)
        before = sum(1 for kind in wanted[:first] for _ in _kind_jobs(state, kind))
        paths = [path for path, _ in jobs]
        context = multiprocessing.get_context("fork")
        global _FORKED_STATE
        _FORKED_STATE = state
        try:
            with context.Pool(workers) as pool:
                pending = pool.imap(
                    _build_forked_extract,
                    [(item, paths[before + n], fingerprint) for n, item in enumerate(extracts)],
                    chunksize=max(1, len(extracts) // (workers * 4)),
                )
                results: list[Path | None] = [None] * len(jobs)
                done = 0
                # the other documents first, here, while the workers build the extracts
                for n, (path, build) in enumerate(jobs):
                    if not before <= n < before + len(extracts):
                        results[n] = build(path)
                        done += 1
                        if progress is not None:
                            progress(done, len(jobs))
                for n in range(before, before + len(extracts)):
                    results[n] = next(pending)
                    done += 1
                    if progress is not None:
                        progress(done, len(jobs))
                written = [p for p in results if p is not None]
        finally:
            _FORKED_STATE = None
        return written
    for done, (path, build) in enumerate(jobs, start=1):
        written.append(build(path))
        if progress is not None:
            progress(done, len(jobs))
    return written


PARALLEL_FROM = 8  # extracts: below, a worker process costs more than it saves
_FORKED_STATE: SessionState | None = None


def _workers(extracts: int, processes: int | None) -> int:
    """How many processes build the extracts: one unless there are many, the machine has
    several cores and processes can be forked safely (the main thread of a process on a
    system with ``fork``: never from the interface's export thread)."""
    if processes is not None:
        wanted = processes
    else:
        wanted = min(os.cpu_count() or 1, 4) if extracts >= PARALLEL_FROM else 1
    if wanted <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if sys.platform != "linux" or threading.current_thread() is not threading.main_thread():
        return 1
    return wanted


def _build_forked_extract(job: tuple[str, Path, str | None]) -> Path:
    item, path, fingerprint = job
    assert _FORKED_STATE is not None
    return build_extract(_FORKED_STATE, item, path, fingerprint=fingerprint)


def _kind_jobs(state: SessionState, kind: ExportKind) -> list[str]:
    """One entry per file a kind writes (to count the files before the extracts)."""
    if kind is ExportKind.EXTRACTS:
        return [item for item, _ in _extract_names(state)]
    if kind is ExportKind.CHAPTERS:  # two files: the WebVTT track and the plain list
        return ["chapters.vtt", "chapters.txt"]
    return [kind.value]


def _time_order(state: SessionState) -> list[str]:
    """Times of the journal that go backwards, or a closing before the opening."""
    out: list[str] = []
    last = None

    def name(member_id: str) -> str:
        return plain_short_name(state, member_id)

    for entry in state.timeline:
        at = getattr(entry.event, "at", None)
        if at is None:
            continue
        if last is not None and at < last:
            out.append(
                f"Heures dans le désordre : « {describe_event(entry.event, name)} » à "
                f"{at:%H:%M}, après un événement de {last:%H:%M}."
            )
        last = at if last is None or at > last else last
    if state.opened_at and state.closed_at and state.closed_at < state.opened_at:
        out.append("La clôture de la séance est antérieure à son ouverture.")
    return out


def _presidency_recorded(state: SessionState) -> bool:
    """The journal says who presided in the president's stead (``presidency_taken``)."""
    return any(isinstance(e.event, PresidencyTaken) for e in state.timeline)


def precheck(assembly: Assembly, session: Session, state: SessionState) -> list[str]:
    """Warnings to show before exporting (French). The documents are still written."""
    warnings: list[str] = []

    def names(member_id: str | None) -> str:
        return plain_short_name(state, member_id)

    held = state.count > 0  # the session took place: who sat is known
    sat = set(state.arrivals)
    if session.president is None:
        warnings.append("Aucun président de séance n'est indiqué.")
    elif (pres := assembly.member(session.president)) is None:
        warnings.append(
            f"Le président de séance « {session.president} » n'est pas membre de l'assemblée."
        )
    elif not pres.in_office_on(session.date):
        warnings.append(
            f"Le président de séance, {names(pres.id)}, n'est pas en exercice le "
            f"{session.date:%d/%m/%Y} (fin de mandat ou suppléant)."
        )
    elif held and pres.id not in sat and not _presidency_recorded(state):
        warnings.append(
            f"Le président de séance, {names(pres.id)}, n'a pas siégé : indiquez qui a "
            "présidé la séance."
        )
    if not session.secretaries:
        warnings.append("Aucun secrétaire de séance n'est désigné (article L2121-15 du CGCT).")
    for sid in session.secretaries:
        if assembly.member(sid) is None:
            warnings.append(f"Le secrétaire de séance « {sid} » n'est pas membre de l'assemblée.")
        elif held and sid not in sat:
            warnings.append(
                f"Le secrétaire de séance, {names(sid)}, n'a pas siégé : un secrétaire est "
                "choisi parmi les membres présents (article L2121-15 du CGCT)."
            )
    if session.convened_on is not None and session.convened_on > session.date:
        warnings.append(
            f"La convocation ({session.convened_on:%d/%m/%Y}) est datée après la séance "
            f"({session.date:%d/%m/%Y})."
        )
    warnings += _time_order(state)
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
            withdrawn = set(snap.withdrawn)
            for giver, holder, st in snap.proxy_warnings:
                if st is ProxyState.HOLDER_ABSENT:
                    why = (
                        "la personne qui le portait s'étant retirée pour le vote"
                        if holder in withdrawn
                        else "le porteur étant absent au moment du vote"
                    )
                    warnings.append(
                        f"{label} : le pouvoir de {names(giver)} à {names(holder)} "
                        f"n'a pas pu être exercé, {why}."
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
        t = session.transmission(rec.item.id)
        if t is not None:
            for label_date, when in (("envoi", t.sent_on), ("réception", t.received_on)):
                if when is not None and when < session.date:
                    warnings.append(
                        f"{label} : date de {label_date} en préfecture ({when:%d/%m/%Y}) "
                        f"antérieure à la séance ({session.date:%d/%m/%Y}) : le fichier SCDL "
                        "sera refusé (PREF_DATE avant DELIB_DATE)."
                    )
            if t.sent_on and t.received_on and t.received_on < t.sent_on:
                warnings.append(f"{label} : réception en préfecture antérieure à l'envoi.")
    if not assembly.siret:
        warnings.append("SIRET de la collectivité manquant (fichier SCDL).")
    elif not siret_ok(assembly.siret):
        warnings.append(
            f"SIRET « {assembly.siret} » invalide (14 chiffres et clé de Luhn) : "
            "le fichier SCDL sera refusé par les validateurs."
        )
    elif assembly.siren and not assembly.siret.startswith(assembly.siren):
        warnings.append(
            f"Le SIRET « {assembly.siret} » n'est pas celui d'un établissement du SIREN "
            f"« {assembly.siren} » : il appartient à une autre collectivité."
        )
    if assembly.siren and not (len(assembly.siren) == 9 and luhn_ok(assembly.siren)):
        warnings.append(
            f"SIREN « {assembly.siren} » invalide (9 chiffres et clé de Luhn) : l'identifiant "
            "@ctes des extraits serait refusé."
        )
    if not assembly.siren or not assembly.department:
        warnings.append(
            "SIREN ou département manquant : l'identifiant @ctes des extraits ne "
            "peut pas être composé."
        )
    return [typography(w) for w in warnings]  # « … » and « : » with non-breaking spaces


def missing_debate_notes(state: SessionState) -> list[str]:
    """Items put to a vote (or an election) with no debate note typed (French, one line
    each): the minutes would print « Débats : aucune observation. » for them (L2121-15:
    the PV gives the gist of the discussion). A check for the export pipeline to show
    beside ``precheck``; it is not part of it, so that ``--strict`` does not refuse a
    session where an item was voted without discussion."""
    out = []
    for rec in state.item_records():
        voted = rec.vote is not None or rec.rounds or rec.list_rounds
        if voted and not any(note.strip() for note in rec.notes):
            out.append(
                f"Point « {rec.item.id} » ({rec.item.title}) : aucune note de débat n'a été "
                "saisie ; le procès-verbal portera « Débats : aucune observation. »"
            )
    return [typography(w) for w in out]
