"""Attendance sheet (feuille d'émargement): one row per member in office,
and per suppléant who sat, grouped, with an empty signature cell.

Before the session (no event folded) the sheet is blank; afterwards it is filled from the
fold: who came (with arrival and departure times), who was excused, the proxies given.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.platypus import Flowable

from app.documents.common import body_name, grouped, plain_full_name, plain_short_name
from app.documents.french import (
    NBSP,
    escape_markup,
    long_date,
    markup,
    of_phrase,
    short_date,
    short_time,
)
from app.documents.pdf import (
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    LIGHT,
    RULE,
    TEXT_WIDTH,
    GroupedTable,
    build_pdf,
    fit_lines,
    para,
    wrapped,
)
from app.domain.events import Arrived, Excused, Left, ProxyGiven, ProxyRevoked
from app.domain.members import Member
from app.domain.state import SessionState


def _given_proxies(state: SessionState) -> dict[str, str]:
    """giver → holder for every proxy given during the session and not revoked."""
    proxies: dict[str, str] = {}
    for entry in state.timeline:
        ev = entry.event
        if isinstance(ev, ProxyGiven):
            proxies[ev.giver] = ev.holder
        elif isinstance(ev, ProxyRevoked):
            proxies.pop(ev.giver, None)
    return proxies


_COMINGS: WeakKeyDictionary[SessionState, tuple[int, dict[str, list[Arrived | Left]]]] = (
    WeakKeyDictionary()
)


def _comings_and_goings(state: SessionState) -> dict[str, list[Arrived | Left]]:
    """Each member's arrivals and departures in the order of the journal, read from the
    timeline once per state (scanning it for each member made the sheet of a large
    assembly cost members × events)."""
    known = _COMINGS.get(state)
    if known is not None and known[0] == len(state.timeline):
        return known[1]  # a live state grows: read again when it has
    found: dict[str, list[Arrived | Left]] = {}
    for entry in state.timeline:
        ev = entry.event
        if isinstance(ev, Arrived | Left):
            found.setdefault(ev.member, []).append(ev)
    _COMINGS[state] = (len(state.timeline), found)
    return found


def _movements(state: SessionState, m: Member) -> list[str]:
    """« arrivé à 18 h 02 », « parti à 18 h 20 », « revenu à 18 h 33 », in the order of
    the journal."""
    feminine = "e" if m.is_feminine else ""
    out: list[str] = []
    came = False
    for ev in _comings_and_goings(state).get(m.id, ()):
        if isinstance(ev, Arrived):
            verb = f"revenu{feminine}" if came else f"arrivé{feminine}"
            came = True
            if ev.at is not None:
                out.append(f"{verb} à {short_time(ev.at)}")
            elif came and out:
                out.append(verb)
        else:
            out.append(f"parti{feminine}" + (f" à {short_time(ev.at)}" if ev.at else ""))
    return out


def _presence(state: SessionState, m: Member, excused: set[str]) -> str:
    if m.id in state.arrivals:
        feminine = "e" if m.is_feminine else ""
        times = _movements(state, m)
        detail = f" ({', '.join(times)})" if times else ""
        return f"Présent{feminine}{detail}"
    sub = state.seat_substitute.get(m.id)
    if sub is None:
        for s in state.assembly.substitutes_of(m.id):
            if s.id in state.arrivals:
                sub = s.id
    if sub is not None:
        return f"Suppléé{'e' if m.is_feminine else ''} par {plain_short_name(state, sub)}"
    if m.id in excused:
        return "Excusée" if m.is_feminine else "Excusé"
    return "Absente" if m.is_feminine else "Absent"


def _lines_markup(text: str, width: float, size: float) -> list[str]:
    return [escape_markup(line) for line in fit_lines(text, width, FONT, size)]


SIGNATURE_ROOM = "\n\n"  # three empty lines: a row is never lower than a signature


def attendance_story(state: SessionState) -> list[Flowable]:
    assembly, session = state.assembly, state.session
    filled = state.count > 0
    when = long_date(session.date)
    if session.time:
        when += f" à {short_time(session.time)}"
    place = f" — {session.place.strip()}" if session.place.strip() else ""
    story: list[Flowable] = [
        para(escape_markup(assembly.organisation.upper()), "organisation"),
        para("FEUILLE D'ÉMARGEMENT", "title"),
        para(markup(f"Séance {of_phrase(body_name(assembly))} du {when}{place}"), "subtitle"),
    ]
    excused = {e.event.member for e in state.timeline if isinstance(e.event, Excused)}
    proxies = _given_proxies(state)
    sat = [m for m in assembly.members if m.is_substitute and m.id in state.arrivals]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE + 2),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    weights = state.rules.weighted
    if filled:
        header: list[object] = ["Membre", "Présence", "Pouvoir donné à", "Signature"]
        fractions = [0.30, 0.29, 0.19, 0.22]
    else:
        header = ["Membre", "Pouvoir donné à", "Signature"]
        fractions = [0.42, 0.25, 0.33]
    if weights:
        header.insert(1, "Voix")
        fractions = [fractions[0] - 0.06, 0.06, *fractions[1:]]
    widths = [TEXT_WIDTH * w for w in fractions]
    pad = 12
    members = list(state.in_office) + sat
    groups = grouped(members)
    show_groups = any(g for g, _ in groups)
    entries: list[object] = []
    for group, group_members in groups:
        label = (group or "Sans groupe") if show_groups else None
        if label is not None:
            entries.append(("group", label))
        for m in group_members:
            lines = _lines_markup(plain_full_name(state, m), widths[0] - pad, CELL_SIZE)
            small: list[str] = []
            if m.function:
                small += _lines_markup(m.function, widths[0] - pad, 7.5)
            if m.substitute_for:
                role = "suppléante" if m.is_feminine else "suppléant"
                small += _lines_markup(
                    f"{role} de {plain_short_name(state, m.substitute_for)}", widths[0] - pad, 7.5
                )
            name = "<br/>".join(lines)
            if small:
                name += '<br/><font size="7.5" color="#555555">' + "<br/>".join(small) + "</font>"
            holder = proxies.get(m.id)
            row: list[object] = [para(name, "cell")]
            if weights:
                row.append(str(m.weight))
            if filled:
                row.append(wrapped(_presence(state, m, excused), widths[-3] - pad))
            row.append(wrapped(plain_short_name(state, holder) if holder else "", widths[-2] - pad))
            row.append(SIGNATURE_ROOM)
            entries.append(("row", row, label))
    story.append(
        GroupedTable(
            header,
            entries,
            widths,
            style,
            group_style=lambda r: [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), LIGHT),
                ("FONTNAME", (0, r), (0, r), FONT_BOLD),
            ],
            heading_cell=lambda text: wrapped(text, TEXT_WIDTH - pad, FONT_BOLD),
        )
    )
    if filled:
        total = len(state.in_office)
        came = sum(1 for m in state.in_office if m.id in state.arrivals)
        summary = f"Membres en exercice{NBSP}: {total} — venus en séance{NBSP}: {came}"
        if sat:  # they signed too: the count of signatures must add up
            summary += f" — suppléants ayant siégé{NBSP}: {len(sat)}"
        story.append(para(f"{summary} — pouvoirs donnés{NBSP}: {len(proxies)}", "small"))
    else:
        story.append(
            para(f"Feuille établie avant la séance du {short_date(session.date)}.", "small")
        )
    return story


def build_attendance_sheet(state: SessionState, path: Path) -> Path:
    assembly, session = state.assembly, state.session
    return build_pdf(
        path,
        attendance_story(state),
        title=f"Feuille d'émargement — séance du {short_date(session.date)}",
        author=assembly.organisation,
        subject=f"Feuille d'émargement de la séance {of_phrase(body_name(assembly))} "
        f"du {short_date(session.date)}",
        footer=f"{assembly.organisation} — émargement du {short_date(session.date)}",
        created=state.closed_at or state.last_at,
    )
