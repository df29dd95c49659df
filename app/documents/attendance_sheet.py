"""Attendance sheet (feuille d'émargement): one row per member in office,
and per suppléant who sat, grouped, with an empty signature cell.

Before the session (no event folded) the sheet is blank; afterwards it is filled from the
fold: who came (with arrival and departure times), who was excused, the proxies given.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Table, TableStyle

from app.documents.common import body_name, grouped, short_name
from app.documents.french import (
    NBSP,
    escape_markup,
    long_date,
    markup,
    of_phrase,
    short_date,
    short_time,
)
from app.documents.pdf import FONT_BOLD, LIGHT, RULE, TEXT_WIDTH, build_pdf, para
from app.domain.events import Excused, ProxyGiven, ProxyRevoked
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


def _presence(state: SessionState, m: Member, excused: set[str]) -> str:
    if m.id in state.arrivals:
        feminine = "e" if m.is_feminine else ""
        times = []
        for arrived in state.arrivals.get(m.id, []):
            if arrived is not None:
                times.append(f"arrivé{feminine} à {short_time(arrived)}")
        for left in state.departures.get(m.id, []):
            if left is not None:
                times.append(f"parti{feminine} à {short_time(left)}")
        detail = f" ({', '.join(times)})" if times else ""
        return f"Présent{feminine}{detail}"
    sub = state.seat_substitute.get(m.id)
    if sub is None:
        for s in state.assembly.substitutes_of(m.id):
            if s.id in state.arrivals:
                sub = s.id
    if sub is not None:
        return f"Suppléé{'e' if m.is_feminine else ''} par {short_name(state, sub)}"
    if m.id in excused:
        return "Excusée" if m.is_feminine else "Excusé"
    return "Absente" if m.is_feminine else "Absent"


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
    rows: list[list[object]] = []
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if filled:
        header = ["Membre", "Présence", "Pouvoir donné à", "Signature"]
        widths = [0.28, 0.29, 0.20, 0.23]
    else:
        header = ["Membre", "Pouvoir donné à", "Signature"]
        widths = [0.42, 0.25, 0.33]
    rows.append([para(h, "cell_bold") for h in header])
    heights: list[float | None] = [None]
    members = list(state.in_office) + sat
    groups = grouped(members)
    show_groups = any(g for g, _ in groups)
    for group, group_members in groups:
        if show_groups:
            r = len(rows)
            rows.append(
                [para(escape_markup(group or "Sans groupe"), "cell_bold")]
                + [""] * (len(header) - 1)
            )
            heights.append(None)
            style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), LIGHT)]
        for m in group_members:
            name = escape_markup(m.full_name)
            if m.function:
                name += f'<br/><font size="7.5" color="#555555">{escape_markup(m.function)}</font>'
            if m.substitute_for:
                role = "suppléante" if m.is_feminine else "suppléant"
                name += (
                    f'<br/><font size="7.5" color="#555555">{role} de '
                    f"{escape_markup(short_name(state, m.substitute_for))}</font>"
                )
            holder = proxies.get(m.id)
            proxy = escape_markup(short_name(state, holder)) if holder else ""
            row: list[object] = [para(name, "cell")]
            if filled:
                row.append(para(markup(_presence(state, m, excused)), "cell"))
            row += [para(proxy, "cell"), ""]
            rows.append(row)
            heights.append(28)
    story.append(
        Table(
            rows,
            colWidths=[TEXT_WIDTH * w for w in widths],
            rowHeights=heights,
            repeatRows=1,
            style=TableStyle(style),
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
        subject="Feuille d'émargement",
        footer=f"{assembly.organisation} — émargement du {short_date(session.date)}",
    )
