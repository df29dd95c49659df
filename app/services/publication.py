"""The publication pack (L2131-1, R2131-1): a folder ready to copy to the website.

For each closed session of the assembly: one PDF per act (the deliberations of the
register), the liste des délibérations, and the PV once arrêté and signed; each carries
its author's prénom, nom and qualité and its date of online publication. ``index.html``
lists them. A document is published once: its name and date are appended to the
``after_session`` journal, a file already in the folder is never rewritten, and a
re-run after a new session only adds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.documents.common import body_name
from app.documents.deliberations_list import result_label
from app.documents.export import safe_name
from app.documents.french import long_date, of_phrase
from app.documents.publication import (
    Author,
    IndexAct,
    IndexSession,
    author_of,
    build_final_minutes,
    build_published_act,
    build_published_list,
    render_index,
)
from app.domain.errors import InputError
from app.domain.state import SessionState
from app.services.minutes_life import (
    After,
    after_log,
    append_after,
    minutes_status,
    published_files,
)
from app.services.register import closed_sessions, register_records
from app.services.store import Store

Clock = Callable[[], datetime]
INDEX = "index.html"


@dataclass(frozen=True)
class PublishReport:
    index: Path
    written: tuple[Path, ...]  # files written by this run
    kept: tuple[Path, ...]  # published earlier and already in the folder: untouched
    waiting: tuple[str, ...]  # French: what could not be published yet, and why


def _sessions(store: Store, assembly_id: str) -> list[SessionState]:
    years = sorted({store.load_session(i.id).date.year for i in store.sessions(assembly_id)})
    out: list[SessionState] = []
    for year in years:
        out += closed_sessions(store, assembly_id, year)
    return out


def publish(
    store: Store, assembly_id: str, out_dir: Path, *, today: date, clock: Clock
) -> PublishReport:
    """Publish what can be, write what is missing from ``out_dir``, rewrite the index."""
    assembly = store.load_assembly(assembly_id)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"« {out_dir} » n'est pas un dossier.")
    sessions = _sessions(store, assembly_id)
    written: list[Path] = []
    kept: list[Path] = []
    waiting: list[str] = []
    index_sessions: list[IndexSession] = []
    for state in sessions:
        sid, day = state.session.id, state.session.date
        author = author_of(state)
        known = published_files(store, sid)
        plan: list[tuple[str, str, str]] = []  # (file, what, item)
        records = register_records(store, state)
        for rec in records:
            plan.append(
                (f"actes/{day.isoformat()}_{safe_name(rec.item.id)}.pdf", "act", rec.item.id)
            )
        plan.append((f"listes/liste-deliberations_{day.isoformat()}.pdf", "list", ""))
        status = minutes_status(store, sid)
        if status.approval is None:
            waiting.append(
                f"Séance du {long_date(day)}\u00a0: procès-verbal non encore arrêté (il l'est lors "
                "de la séance suivante)."
            )
        elif status.signed_on is None:
            waiting.append(
                f"Séance du {long_date(day)}\u00a0: procès-verbal arrêté le "
                f"{long_date(status.approval.on)} mais pas encore signé "
                "(seance pv signer) — il sera publié une fois signé."
            )
        else:
            plan.append((f"proces-verbaux/proces-verbal_{day.isoformat()}.pdf", "minutes", ""))
        fresh = [(f, w, i) for f, w, i in plan if f not in known]
        log = after_log(store, sid)
        if fresh:
            with store.transaction():
                for file, what, item in fresh:
                    append_after(
                        store,
                        sid,
                        After.FILE_PUBLISHED,
                        today,
                        clock,
                        {"file": file, "what": what, "item": item},
                    )
                    known[file] = (today, {"file": file, "what": what, "item": item})
                    if what == "list" and After.LIST_PUBLISHED not in log:
                        append_after(store, sid, After.LIST_PUBLISHED, today, clock, None)
                    if what == "minutes" and After.MINUTES_PUBLISHED not in log:
                        append_after(store, sid, After.MINUTES_PUBLISHED, today, clock, None)
        acts: list[IndexAct] = []
        by_item = {r.item.id: r for r in records}
        for file, what, item in plan:
            on = known[file][0]
            path = out_dir / file
            if path.exists():
                kept.append(path)
            else:
                _write(state, path, what, item, author, on, store)
                written.append(path)
            if what == "act":
                rec = by_item[item]
                acts.append(IndexAct(item, rec.item.title, result_label(rec), file, on))
        minutes_file = next((f for f, w, _ in plan if w == "minutes"), None)
        list_file = next(f for f, w, _ in plan if w == "list")
        index_sessions.append(
            IndexSession(
                day=day,
                acts=tuple(acts),
                list_href=list_file,
                list_published_on=known[list_file][0],
                minutes_href=minutes_file,
                minutes_published_on=known[minutes_file][0] if minutes_file else None,
                minutes_arrete_on=status.approval.on if status.approval else None,
                author=author,
            )
        )
    index = out_dir / INDEX
    out_dir.mkdir(parents=True, exist_ok=True)
    index.write_text(
        render_index(assembly.organisation, of_phrase(body_name(assembly)), index_sessions),
        encoding="utf-8",
    )
    return PublishReport(index, tuple(written), tuple(kept), tuple(waiting))


def _write(
    state: SessionState,
    path: Path,
    what: str,
    item: str,
    author: Author,
    on: date,
    store: Store,
) -> None:
    if what == "act":
        build_published_act(state, state.items[item], path, author, on)
    elif what == "list":
        build_published_list(state, path, author, on)
    else:
        status = minutes_status(store, state.session.id)
        assert status.approval is not None  # planned only once arrêté
        build_final_minutes(
            state,
            path,
            approved_on=status.approval.on,
            remarks=status.approval.remarks,
            published=(author, on),
        )


__all__ = ["INDEX", "PublishReport", "publish"]
