"""The French of the live screens: the quorum banner, the proxy warnings, the vote panel's
voters line and closed-item sentences. What blocks a vote is not worded here: the screens
show the core's refusal (``SessionState.vote_blocker``), worded in ``refusals``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.domain.elections import ListRoundResult
from app.domain.errors import Refusal, Refused
from app.domain.members import Member
from app.domain.state import Attendance, ItemStatus, ProxyState
from app.domain.wording import NBSP, join_names, ordinal
from app.domain.wording.refusals import e

# The banner's headline starts with the session's state when it stops every vote.
SESSION_PREFIX = {
    Refusal.VOTE_SESSION_SUSPENDED: "SÉANCE SUSPENDUE · ",
    Refusal.VOTE_SESSION_CLOSED: "SÉANCE CLOSE · ",
}

CLOSED_ITEM = {
    ItemStatus.WITHDRAWN: "Point retiré de l'ordre du jour.",
    ItemStatus.POSTPONED: "Point ajourné.",
    ItemStatus.INFORMATION: "Point d'information, sans vote.",
}


def session_prefix(blocker: Refused | None) -> str:
    """« SÉANCE SUSPENDUE · » / « SÉANCE CLOSE · » before the quorum, else nothing."""
    return SESSION_PREFIX.get(blocker.code, "") if blocker is not None else ""


def quorum_headline(attendance: Attendance, *, weighted: bool = False) -> str:
    """« QUORUM ATTEINT · Présents 13 · Représentés 5 · Votants 18 · requis 12 / 23 »;
    ``weighted``: the quorum counts weights, so what is missing is voices (« voix »)."""
    q = attendance.quorum
    figures = f"Présents {q.present} · Représentés {q.represented} · Votants {attendance.voters}"
    if attendance.recused:
        figures += f" ({len(attendance.recused)}{NBSP}NPPV)"
    if q.second_convocation:
        return f"SÉANCE SANS CONDITION DE QUORUM (2e convocation) · {figures}"
    required = f"requis {q.required} / {q.in_office}"
    if q.reached:
        return f"QUORUM ATTEINT · {figures} · {required}"
    if weighted:
        unit = "voix"
    elif q.counts_proxies:
        unit = "présent ou représenté" if q.missing < 2 else "présents ou représentés"
    else:
        unit = "présent" if q.missing < 2 else "présents"
    return f"QUORUM NON ATTEINT · manque {q.missing} {unit} · {figures} · {required}"


def proxy_warning_lines(attendance: Attendance, members: Mapping[str, Member]) -> list[str]:
    """One line per proxy that is inactive or cannot be exercised, e.g. « ⚠ Pouvoir de
    Mme A à M. B non exercé : M. B est absent. »"""
    lines = []
    for giver_id, holder_id, proxy_state in attendance.proxy_warnings:
        giver, holder = members.get(giver_id), members.get(holder_id)
        if giver is None or holder is None:
            continue  # the fold only keeps proxies between members of the roster
        head = f"⚠ Pouvoir de {giver.short_name} à {holder.short_name}"
        if proxy_state is ProxyState.GIVER_PRESENT:
            pronoun = "elle" if giver.is_feminine else "lui"
            lines.append(
                f"{head} inactif{NBSP}: {giver.short_name} est présent{e(giver)} et vote "
                f"{pronoun}-même."
            )
        else:
            lines.append(f"{head} non exercé{NBSP}: {holder.short_name} est absent{e(holder)}.")
    return lines


def more_warnings(rest: int) -> str:
    """« et 1 autre avertissement », « et 3 autres avertissements »."""
    s = "s" if rest > 1 else ""
    return f"et {rest} autre{s} avertissement{s}"


def voters_line(attendance: Attendance, name: Callable[[str], str]) -> str:
    """« Votants 17 (1 NPPV : M. DUPONT) », and the proxies a recused holder cannot
    vote either (« …, avec le pouvoir de Mme MARTIN) »)."""
    text = f"Votants {attendance.voters}"
    if not attendance.recused:
        return text
    names = join_names([name(m) for m in attendance.recused])
    text += f" ({len(attendance.recused)} NPPV{NBSP}: {names}"
    carried = [
        name(s.member)
        for s in attendance.seats
        if s.represented and s.proxy_holder in attendance.recused and not s.recused
    ]
    if carried:
        what = "le pouvoir" if len(carried) == 1 else "les pouvoirs"
        text += f", avec {what} de {join_names(carried)}"
    return text + ")"


def casting_prompt(president: Member | None, name: Callable[[str], str]) -> tuple[str, str]:
    """Who is asked for the casting vote after a tie: (« Partage égal des voix. »,
    « Mme MARTIN (présidente) »); ``name`` names a member by id."""
    if president is None:
        return "Partage égal des voix.", "Le président"
    title = "présidente" if president.is_feminine else "président"
    return "Partage égal des voix.", f"{name(president.id)} ({title})"


NO_CURRENT_ITEM = "Aucun point en cours : choisissez d'abord le point à l'ordre du jour."
NO_CANDIDATE = "Élection : ajoutez au moins un candidat."


def vote_recorded_line(item: str, outcome: str) -> str:
    """The status line after a vote: « Vote du point 2026-011 enregistré : Adopté … »."""
    return f"Vote du point {item} enregistré{NBSP}: {outcome} · Ctrl+Z pour corriger"


def round_recorded_line(item: str, outcome: str) -> str:
    """The status line after an election round."""
    return f"Élection du point {item}, tour enregistré{NBSP}: {outcome}"


def appointed_line(name: str, feminine: bool) -> str:
    """« Mme MARTIN est nommée sans vote (candidature unique). » (L2121-21)"""
    return f"{name} est nommé{'e' if feminine else ''} sans vote (candidature unique)."


def elected_list_line(result: ListRoundResult, name: Callable[[str], str]) -> str:
    """« Liste « A » élue au 1er tour : Mme X, M. Y et Mme Z. » (L2122-7-2)"""
    members = join_names([name(m) for m in result.elected_members])
    return (
        f"Liste «{NBSP}{result.elected or ''}{NBSP}» élue au {ordinal(result.round)} "
        f"tour{NBSP}: {members}."
    )
