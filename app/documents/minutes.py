"""Minutes of the session (procès-verbal, L2121-15).

Everything comes from the fold: the attendance at the opening is the fold of the journal
up to the first item, arrivals and departures are read from ``state.timeline`` in their
place in the flow, each item's quorum and result from its ``ItemRecord``.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from app.documents.common import (
    article_markup,
    attendance_counts,
    body_name,
    decision_block,
    full_name,
    opening_president,
    opening_sentence,
    president_phrase,
    quorum_sentence,
    reconciliation_flowables,
    second_convocation_sentence,
    secretaries,
    short_name,
    vote_flowables,
)
from app.documents.french import (
    NBSP,
    definite,
    escape_markup,
    long_date,
    markup,
    of_phrase,
    of_phrase_upper,
    paragraphs,
    short_date,
    short_time,
    upper_first,
)
from app.documents.pdf import (
    FONT,
    FONT_BOLD,
    TEXT_WIDTH,
    FlowingAtoms,
    build_pdf,
    heading_before_long,
    numbered,
    para,
)
from app.domain.events import (
    Amended,
    Arrived,
    Ballot,
    Excused,
    Left,
    PresidencyTaken,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionResumed,
    SessionSuspended,
)
from app.domain.members import Member
from app.domain.projections import is_deliberation
from app.domain.state import (
    Attendance,
    ItemRecord,
    ItemStatus,
    Presence,
    ProxyState,
    SessionState,
    TimelineEntry,
)
from app.domain.wording import PART_LABELS, join_names


def opening_attendance(state: SessionState) -> Attendance:
    """The attendance when the first item was opened (frozen by the fold then), or now
    when no item was."""
    return state.opening if state.opening is not None else state.attendance(None)


def _attendance_lines(state: SessionState, att: Attendance) -> list[Flowable]:
    """Présents, excusés and absents, which add up to the members in office; a represented
    member is listed with his category and his proxy (« Excusés (8 dont 6 représentés) »)."""
    out: list[Flowable] = []
    present_names = []
    for s in att.seats:
        if s.presence is not Presence.PRESENT:
            continue
        m = state.members[s.member]
        label = full_name(state, m)
        if s.substitute:
            by = short_name(state, s.substitute)
            label += f" (suppléé{'e' if m.is_feminine else ''} par {by})"
        present_names.append(label)
    holders = dict(att.represented)

    def listed(ids: tuple[str, ...]) -> tuple[str, int]:
        names = []
        for mid in ids:
            label = full_name(state, state.members[mid])
            if mid in holders:
                label += f" (pouvoir à {short_name(state, holders[mid])})"
            names.append(label)
        return join_names(names) or "—", sum(1 for mid in ids if mid in holders)

    excused, excused_repr = listed(att.excused)
    absent, absent_repr = listed(att.absent)

    def count(n: int, represented: int) -> str:
        if not represented:
            return str(n)
        return f"{n} dont {represented} représenté{'s' if represented > 1 else ''}"

    rows = [
        ("Présents", str(len(present_names)), join_names(present_names) or "—"),
        ("Excusés", count(len(att.excused), excused_repr), excused),
        ("Absents", count(len(att.absent), absent_repr), absent),
    ]
    for label, figure, names in rows:
        out.append(para(f"<b>{label} ({figure}){NBSP}:</b> {escape_markup(names)}", "list"))
    idle = [(g, h) for g, h, st in att.proxy_warnings if st is ProxyState.HOLDER_ABSENT]
    if idle:
        text = join_names([f"de {short_name(state, g)} à {short_name(state, h)}" for g, h in idle])
        out.append(
            para(
                f"<b>Pouvoirs non exercés (porteur absent){NBSP}:</b> {escape_markup(text)}", "list"
            )
        )
    return out


_RETURNS: WeakKeyDictionary[SessionState, set[int]] = WeakKeyDictionary()


def returning_arrivals(state: SessionState) -> set[int]:
    """Journal indexes of arrivals of members who had left earlier (« revient »)."""
    found = _RETURNS.get(state)
    if found is None:
        left: set[str] = set()
        found = set()
        for entry in state.timeline:
            ev = entry.event
            if isinstance(ev, Left):
                left.add(ev.member)
            elif isinstance(ev, Arrived) and ev.member in left:
                found.add(entry.index)
        _RETURNS[state] = found
    return found


def _position(state: SessionState) -> dict[str, int]:
    return {it.id: n for n, it in enumerate(state.session.items, start=1)}


def _where(state: SessionState, entry: TimelineEntry, positions: dict[str, int]) -> str:
    """« , avant le vote du point 5 » (empty outside an item)."""
    if entry.item is None:
        return ""
    rec = state.items.get(entry.item)
    number = positions.get(entry.item, 0)
    if rec is not None and rec.vote is None and not rec.rounds and not rec.list_rounds:
        return f", pendant l'examen du point {number}"
    if entry.item_voted:
        return f", après le vote du point {number}"
    return f", avant le vote du point {number}"


def amendment_sentences(state: SessionState) -> list[str]:
    """The changes made to the session once begun (``amended`` events: who, what, why),
    in journal order (plain text): « Modification de la séance (ordre du jour) à 19 h 10,
    après le vote du point 2, par Mme MARTIN. Motif : coquille dans l'objet. »"""
    positions = _position(state)
    out = []
    for entry in state.timeline:
        ev = entry.event
        if not isinstance(ev, Amended):
            continue
        what = join_names([PART_LABELS[p] for p in ev.patch.parts]) or "sans changement"
        when = f" à {short_time(ev.at)}" if ev.at else ""
        by = f", par {ev.by.strip()}" if ev.by.strip() else ""
        reason = ev.reason.strip().rstrip(".")
        text = f"Modification de la séance ({what}){when}{_where(state, entry, positions)}{by}."
        if reason:
            text += f" Motif{NBSP}: {reason}."
        out.append(text)
    return out


def movement_sentence(state: SessionState, entry: TimelineEntry, positions: dict[str, int]) -> str:
    """« M. X arrive à 18 h 32, avant le vote du point 5. » (plain text); empty for events
    that are not movements."""
    ev = entry.event
    when = f" à {short_time(ev.at)}" if ev.at else ""
    where = _where(state, entry, positions)

    def member(mid: str) -> Member | None:
        return state.members.get(mid)

    if isinstance(ev, Arrived):
        m = member(ev.member)
        if m is not None and m.substitute_for:
            titular = short_name(state, m.substitute_for)
            sits = "suppléante" if m.is_feminine else "suppléant"
            return (
                f"{short_name(state, ev.member)}, {sits} de {titular}, arrive{when} et "
                f"siège{where}."
            )
        verb = "revient" if entry.index in returning_arrivals(state) else "arrive"
        return f"{short_name(state, ev.member)} {verb}{when}{where}."
    if isinstance(ev, Left):
        return f"{short_name(state, ev.member)} quitte la séance{when}{where}."
    if isinstance(ev, Excused):
        m = member(ev.member)
        return (
            f"{short_name(state, ev.member)} est excusé{'e' if m and m.is_feminine else ''}{where}."
        )
    if isinstance(ev, ProxyGiven):
        return (
            f"{short_name(state, ev.giver)} donne pouvoir à "
            f"{short_name(state, ev.holder)}{when}{where}."
        )
    if isinstance(ev, ProxyRevoked):
        return f"Le pouvoir de {short_name(state, ev.giver)} est révoqué{when}{where}."
    if isinstance(ev, Recused):
        m = member(ev.member)
        e = "e" if m and m.is_feminine else ""
        why = (
            f" (représentant{e} de la collectivité au sein de l'organisme concerné, article "
            "L1111-6 du CGCT)"
            if ev.kind is RecusalKind.L1111_6
            else f" (conseill{'ère' if e else 'er'} intéressé{e}, article L2131-11 du CGCT)"
        )
        return f"{short_name(state, ev.member)} ne prend pas part au vote{why}."
    if isinstance(ev, PresidencyTaken):
        who = short_name(state, ev.member)
        if ev.member == state.session.president:
            return f"{who} reprend la présidence de la séance{when}{where}."
        return f"{who} préside la séance{when}{where}."
    if isinstance(ev, SessionSuspended):
        return f"La séance est suspendue{when}."
    if isinstance(ev, SessionResumed):
        return f"La séance reprend{when}."
    return ""


# movements of members (arrivals, departures, proxies) in one stretch of an item above
# which the minutes summarise them (« 37 arrivées, 12 départs ») and name them in an annex
MOVES_INLINE = 12
_MOVES: tuple[tuple[type, str, str], ...] = (
    (Arrived, "arrivée", "Arrivées"),
    (Left, "départ", "Départs"),
    (Excused, "excusé", "Excusés"),
    (ProxyGiven, "pouvoir donné", "Pouvoirs donnés"),
    (ProxyRevoked, "pouvoir révoqué", "Pouvoirs révoqués"),
)
_PLURAL = {"pouvoir donné": "pouvoirs donnés", "pouvoir révoqué": "pouvoirs révoqués"}

Stretch = tuple[str, bool]  # (item, its vote already recorded)


def _by_stretch(state: SessionState) -> dict[Stretch, list[TimelineEntry]]:
    """The timeline's entries by item and by before / after its vote (one pass)."""
    out: dict[Stretch, list[TimelineEntry]] = {}
    for entry in state.timeline:
        if entry.item is not None:
            out.setdefault((entry.item, entry.item_voted), []).append(entry)
    return out


def _mover(ev: object) -> str:
    return str(getattr(ev, "member", None) or getattr(ev, "giver", ""))


def movement_summary(state: SessionState, entries: list[TimelineEntry]) -> str:
    """« 37 arrivées, 12 départs et 3 pouvoirs donnés » for a stretch's movements of
    members (empty when there are none)."""
    parts = []
    for kind, one, _ in _MOVES:
        n = sum(1 for e in entries if type(e.event) is kind)
        if n:
            parts.append(f"{n} {one if n < 2 else _PLURAL.get(one, one + 's')}")
    return join_names(parts)


def _annex_block(state: SessionState, title: str, entries: list[TimelineEntry]) -> list[Flowable]:
    """The names behind a summary, category by category, each member once (« (3 fois) »
    when he moved several times), in flowing text."""
    out: list[Flowable] = [para(escape_markup(title), "subheading_free")]
    for kind, _, label in _MOVES:
        counts: dict[str, int] = {}
        for e in entries:
            if type(e.event) is kind:
                who = _mover(e.event)
                counts[who] = counts.get(who, 0) + 1
        if not counts:
            continue
        total = sum(counts.values())
        atoms: list[tuple[str, str]] = [(f"{label} ({total}){NBSP}:", FONT_BOLD)]
        names = [
            short_name(state, mid) + (f"{NBSP}({n}{NBSP}fois)" if n > 1 else "")
            for mid, n in counts.items()
        ]
        for k, name in enumerate(names):
            atoms.append((name + ("," if k < len(names) - 1 else "."), FONT))
        out.append(FlowingAtoms(atoms, size=8, leading=10))
    return out


def _movements(
    state: SessionState,
    entries: list[TimelineEntry],
    positions: dict[str, int],
    annex: list[Flowable],
) -> list[Flowable]:
    """The stretch's events in their place; when members moved more than
    ``MOVES_INLINE`` times, their movements are summarised in one sentence and named in
    ``annex`` (recusals, presidency and suspensions always stay in their place)."""
    moves = [e for e in entries if isinstance(e.event, tuple(k for k, _, _ in _MOVES))]
    summarise = len(moves) > MOVES_INLINE
    out: list[Flowable] = []
    if summarise:
        where = _where(state, moves[0], positions).removeprefix(", ")
        text = f"{upper_first(where)}{NBSP}: {movement_summary(state, moves)} (noms en annexe)."
        out.append(para(markup(text), "left"))
        annex += _annex_block(state, upper_first(where), moves)
    summarised = {e.index for e in moves} if summarise else set()
    for entry in entries:
        if entry.index in summarised:
            continue
        sentence = movement_sentence(state, entry, positions)
        if sentence:
            out.append(para(markup(sentence), "left"))
    return out


def _ballot_request(rec: ItemRecord) -> str:
    if rec.list_rounds:
        return (
            "Il est procédé à l'élection au scrutin de liste, à bulletin secret, sans "
            "panachage ni vote préférentiel."
        )
    if rec.rounds:
        return "Il est procédé à l'élection au scrutin secret."
    if rec.vote is None:
        return ""
    ballot = rec.vote.tally.ballot
    if ballot is Ballot.PUBLIC:
        return "Le scrutin public ayant été demandé, il est procédé au vote par appel nominal."
    if ballot is Ballot.SECRET:
        return "Le scrutin secret ayant été demandé, il est procédé au vote à bulletin secret."
    return ""


def _item_section(
    state: SessionState,
    rec: ItemRecord,
    number: int,
    positions: dict[str, int],
    stretches: dict[Stretch, list[TimelineEntry]],
    annex: list[Flowable],
) -> list[Flowable]:
    item = rec.item
    body = definite(body_name(state.assembly))
    # only a vote makes a délibération: a withdrawn, postponed or information item has none
    kind = "délibération " if is_deliberation(rec) else ""
    out: list[Flowable] = [
        para(f"Point {number} — {kind}{escape_markup(item.id)}{NBSP}: {markup(item.title)}", "item")
    ]
    if item.rapporteur:
        out.append(
            para(
                f"<b>Rapporteur{NBSP}:</b> {escape_markup(short_name(state, item.rapporteur))}",
                "left",
            )
        )
    for text in paragraphs(item.preamble):
        out.append(para(markup(text), "body"))
    if rec.notes:
        out.append(para("Débats", "subheading"))
        for note in rec.notes:
            for text in paragraphs(note):
                out.append(para(markup(text), "body"))
    elif rec.vote is not None or rec.rounds or rec.list_rounds:
        out.append(para(f"<b>Débats{NBSP}:</b> aucune observation.", "left"))
    out += _movements(state, stretches.get((item.id, False), []), positions, annex)
    if rec.status is ItemStatus.WITHDRAWN:
        out.append(para("<b>Le point est retiré de l'ordre du jour.</b>", "body"))
    elif rec.status is ItemStatus.POSTPONED:
        out.append(para("<b>L'examen du point est ajourné.</b>", "body"))
    elif rec.status is ItemStatus.INFORMATION:
        out.append(para("Point d'information, sans vote.", "body"))
    elif rec.status is ItemStatus.PENDING:
        out.append(para("<b>Aucune décision n'a été enregistrée sur ce point.</b>", "body"))
    else:
        snap = rec.snapshot
        if snap is not None:
            out.append(para(markup(quorum_sentence(state, snap.quorum)), "body"))
            out.append(para(attendance_counts(state, snap), "small"))
            out += reconciliation_flowables(state, rec, snap)
        request = _ballot_request(rec)
        if request:
            out.append(para(markup(request), "body"))
        adopted = rec.vote is None or rec.vote.adopted
        articles = [para(article_markup(n, a), "body") for n, a in enumerate(item.articles, 1)]
        lead: list[Flowable] = []
        if articles and adopted:
            lead.append(
                para(f"{escape_markup(upper_first(body))}, après en avoir délibéré{NBSP}:", "lead")
            )
        elif articles:
            lead.append(para(f"<b>Projet soumis au vote{NBSP}:</b>", "lead"))
        out += decision_block(lead, articles, vote_flowables(state, rec))
    out += _movements(state, stretches.get((item.id, True), []), positions, annex)
    return out


def designation_sentence(state: SessionState) -> str:
    """« Mme ŒUVRARD Chloé est désignée secrétaire de séance (article L2121-15 du
    CGCT). » (plain text)."""
    secs = secretaries(state)
    law = " (article L2121-15 du CGCT)"
    # the auxiliaries who are not members (agents): named, they take no part in deliberations
    aux = state.session.auxiliaries
    named = f"{NBSP}; ".join(a.label for a in aux)
    auxiliaries = (
        " Secrétariat auxiliaire, assuré en dehors des membres de l'assemblée et sans "
        f"participation aux délibérations{NBSP}: {named}."
        if aux
        else ""
    )
    if not secs:
        return f"Aucun secrétaire de séance n'a été désigné{law}.{auxiliaries}"
    names = join_names([full_name(state, m) for m in secs])
    if len(secs) == 1:
        e = "e" if secs[0].is_feminine else ""
        return f"{names} est désigné{e} secrétaire de séance{law}.{auxiliaries}"
    e = "es" if all(m.is_feminine for m in secs) else "s"
    return f"{names} sont désigné{e} secrétaires de séance{law}.{auxiliaries}"


def _signatures(state: SessionState) -> Table:
    cells: list[list[Flowable]] = []
    pres = state.members.get(opening_president(state) or "")
    if pres is not None:
        title = "La présidente de séance," if pres.is_feminine else "Le président de séance,"
        cells.append([para(title, "signature"), para(escape_markup(pres.formal_name), "signature")])
    else:
        cells.append([para("Le président de séance,", "signature")])
    for sec in secretaries(state):
        title = "La secrétaire de séance," if sec.is_feminine else "Le secrétaire de séance,"
        cells.append([para(title, "signature"), para(escape_markup(sec.formal_name), "signature")])
    for c in cells:
        c.append(Spacer(1, 2.5 * 28.35))
    per_row = 2
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    if len(rows[-1]) < per_row:
        rows[-1] = rows[-1] + [[]] * (per_row - len(rows[-1]))
    return Table(
        rows,
        colWidths=[TEXT_WIDTH / per_row] * per_row,
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        ),
    )


def minutes_story(state: SessionState, *, fingerprint: str | None = None) -> list[Flowable]:
    assembly, session = state.assembly, state.session
    positions = _position(state)
    story: list[Flowable] = [
        para(escape_markup(assembly.organisation.upper()), "organisation"),
        para(
            f"PROCÈS-VERBAL DE LA SÉANCE {escape_markup(of_phrase_upper(body_name(assembly)))}",
            "title",
        ),
        para(f"du {long_date(session.date)}", "subtitle"),
        para(markup(opening_sentence(state)), "body"),
    ]
    if session.second_convocation:
        story.append(para(markup(second_convocation_sentence(state)), "body"))
    if state.opened_at:
        story.append(
            para(markup(f"La séance est ouverte à {short_time(state.opened_at)}."), "body")
        )
    pres = president_phrase(state)
    story.append(para(f"<b>Présidence{NBSP}:</b> {escape_markup(pres) if pres else '—'}", "left"))
    story.append(para(markup(designation_sentence(state)), "body"))

    att = opening_attendance(state)
    story += heading_before_long("Présences à l'ouverture de la séance")
    story += _attendance_lines(state, att)
    story.append(para(attendance_counts(state, att), "small"))
    story.append(para(markup(quorum_sentence(state, att.quorum)), "body"))

    if state.session_notes:
        story.append(para("Communications", "heading"))
        for note in state.session_notes:
            for text in paragraphs(note):
                story.append(para(markup(text), "body"))
    opening_moves = [
        movement_sentence(state, e, positions)
        for e in state.timeline
        if e.item is None
        and isinstance(e.event, (SessionSuspended, SessionResumed, PresidencyTaken))
    ]
    for sentence in opening_moves:
        story.append(para(markup(sentence), "left"))

    story.append(para("Ordre du jour", "heading"))
    for n, item in enumerate(session.items, start=1):
        story.append(numbered(n, f"{escape_markup(item.id)} — {markup(item.title)}"))

    story.append(para("Délibérations", "heading"))
    stretches = _by_stretch(state)
    annex: list[Flowable] = []
    for n, rec in enumerate(state.item_records(), start=1):
        story += _item_section(state, rec, n, positions, stretches, annex)

    story.append(Spacer(1, 10))
    if state.closed_at:
        story.append(
            para(
                markup(
                    f"L'ordre du jour étant épuisé, la séance est levée à "
                    f"{short_time(state.closed_at)}."
                ),
                "body",
            )
        )
    else:
        story.append(para("L'heure de clôture de la séance n'a pas été enregistrée.", "body"))
    amendments = amendment_sentences(state)
    if amendments:
        story += heading_before_long("Modifications apportées à la séance")
        story += [para(markup(text), "left") for text in amendments]
    story.append(Spacer(1, 8))
    story.append(_signatures(state))
    if fingerprint:
        story.append(Spacer(1, 10))
        story.append(para(f"Empreinte du journal{NBSP}: {escape_markup(fingerprint)}", "small"))
    if annex:
        story.append(PageBreak())
        story.append(para("Annexe — arrivées, départs et pouvoirs en cours de séance", "heading"))
        story += annex
    return story


def build_minutes(
    state: SessionState, path: Path, *, fingerprint: str | None = None, draft: bool | None = None
) -> Path:
    """Write the minutes of the session to ``path``; ``fingerprint`` (the journal's
    digest), when given, is printed at the end. ``draft`` (the « PROJET » mark) defaults
    to a session not closed; the PV's life (app.services.minutes_life) keeps it until the
    PV is arrêté."""
    assembly, session = state.assembly, state.session
    footer = f"{assembly.organisation} — procès-verbal de la séance du {short_date(session.date)}"
    return build_pdf(
        path,
        minutes_story(state, fingerprint=fingerprint),
        title=f"Procès-verbal de la séance du {short_date(session.date)}",
        author=assembly.organisation,
        subject=f"Procès-verbal de la séance {of_phrase(body_name(assembly))} "
        f"du {short_date(session.date)}",
        footer=footer,
        created=state.closed_at or state.last_at,
        draft=state.closed_at is None if draft is None else draft,
    )
