"""The attendance record (« relevé d'assiduité ») as PDF and CSV.

It reads an ``AttendanceRecord`` (app/domain/attendance_record.py) and recomputes
nothing: the totals per member over the period, then the situation of every member at
each session held. Two CSV files (totals, and one line per member and session) are
written for a spreadsheet: UTF-8 with a BOM, « ; » separated, as French spreadsheets
open them without a question.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from app.documents.common import body_name, unbreakable
from app.documents.french import (
    NBSP,
    escape_markup,
    markup,
    short_date,
    short_time,
    upper_first,
)
from app.documents.pdf import FONT_BOLD, LIGHT, RULE, TEXT_WIDTH, build_pdf, bullet, para
from app.domain.assembly import Assembly, AssemblyKind
from app.domain.attendance_record import (
    AttendanceRecord,
    MemberTotals,
    SessionHeld,
    SessionLine,
    Situation,
)
from app.domain.members import Member

LAW = {
    AssemblyKind.CONSEIL_MUNICIPAL: "article L2123-24-2",
    AssemblyKind.CONSEIL_COMMUNAUTAIRE: "article L5211-12-2",
    AssemblyKind.COMITE_SYNDICAL: "article L5211-12-2",
    AssemblyKind.CONSEIL_DEPARTEMENTAL: "article L3123-16",
    AssemblyKind.CONSEIL_REGIONAL: "article L4135-16",
}

TOTAL_COLUMNS = [
    "membre_id",
    "civilite",
    "nom",
    "prenom",
    "groupe",
    "qualite",
    "seances_convoquees",
    "present_toute_la_seance",
    "present_en_partie",
    "represente",
    "represente_par",
    "excuse_non_represente",
    "absent",
    "seances_siegees",
    "minutes_presence",
    "minutes_de_seance",
    "minutes_inconnues",
]

LINE_COLUMNS = [
    "seance_id",
    "date",
    "ouverture",
    "cloture",
    "minutes_de_seance",
    "membre_id",
    "membre",
    "qualite",
    "situation",
    "minutes_presence",
    "represente_par",
]


def duration(minutes: int | None) -> str:
    """« 1 h 45 », « 45 min », « 2 h »; « — » when unknown."""
    if minutes is None:
        return "—"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def _name(assembly: Assembly, member_id: str) -> str:
    m = assembly.member(member_id)
    return m.short_name if m else member_id


def quality(assembly: Assembly, member: Member) -> str:
    """« titulaire », or « suppléant de M. DURAND »."""
    if member.substitute_for:
        word = "suppléante" if member.is_feminine else "suppléant"
        return f"{word} de {_name(assembly, member.substitute_for)}"
    return "titulaire"


def situation_label(member: Member | None, situation: Situation) -> str:
    """The situation, agreeing with the member (« présente en partie », « excusée »)."""
    label = situation.label
    if member is not None and member.is_feminine:
        label = (
            label.replace("présent", "présente")
            .replace("représenté", "représentée")
            .replace("excusé", "excusée")
            .replace("absent", "absente")
        )
    return label


def _plural_label(situation: Situation, n: int) -> str:
    """« 2 présents toute la séance », « 1 excusé » (masculine: a count of members)."""
    if n < 2:
        return situation.label
    head, _, tail = situation.label.partition(" ")
    return f"{head}s {tail}".strip()


def _by(assembly: Assembly, line: SessionLine) -> str:
    return ", ".join(_name(assembly, m) for m in line.represented_by)


# --------------------------------------------------------------------------- CSV


def totals_csv(record: AttendanceRecord) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TOTAL_COLUMNS)
    a = record.assembly
    for t in record.totals:
        m = t.member
        writer.writerow(
            [
                m.id,
                m.civility,
                m.last_name,
                m.first_name,
                m.group,
                quality(a, m),
                "" if t.substitute else t.convened,
                t.whole,
                t.part,
                "" if t.substitute else t.represented,
                " ; ".join(f"{_name(a, who)} ({n})" for who, n in t.represented_by),
                "" if t.substitute else t.excused,
                "" if t.substitute else t.absent,
                t.sat,
                t.minutes_present,
                t.sitting_minutes,
                t.minutes_unknown,
            ]
        )
    return "\ufeff" + buffer.getvalue()


def lines_csv(record: AttendanceRecord) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LINE_COLUMNS)
    a = record.assembly
    for held in record.sessions:
        for ln in held.lines:
            m = a.member(ln.member_id)
            writer.writerow(
                [
                    held.session.id,
                    held.session.date.isoformat(),
                    held.opened_at.strftime("%H:%M") if held.opened_at else "",
                    held.closed_at.strftime("%H:%M") if held.closed_at else "",
                    "" if held.sitting_minutes is None else held.sitting_minutes,
                    ln.member_id,
                    m.full_name if m else ln.member_id,
                    quality(a, m) if m else "",
                    ln.situation.value,
                    "" if ln.minutes_present is None else ln.minutes_present,
                    _by(a, ln),
                ]
            )
    return "\ufeff" + buffer.getvalue()


# --------------------------------------------------------------------------- PDF

_GRID = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _member_cell(record: AttendanceRecord, t: MemberTotals) -> list[Flowable]:
    a = record.assembly
    cell = [para(escape_markup(unbreakable(t.member.full_name)), "cell")]
    if t.substitute:
        cell.append(para(escape_markup(quality(a, t.member)), "small"))
    if t.represented_by:
        who = ", ".join(f"{_name(a, m)} ({n})" for m, n in t.represented_by)
        word = "représentée" if t.member.is_feminine else "représenté"
        cell.append(para(escape_markup(f"{word} par {who}"), "small"))
    return cell


def _presence_cell(t: MemberTotals, full: int) -> str:
    """« 3 h 27 », with « sur 2 h » when his sessions differ from the period's."""
    if not t.minutes_present and not t.minutes_unknown:
        return "—"
    text = duration(t.minutes_present)
    if t.sitting_minutes != full:
        text += f" sur {duration(t.sitting_minutes)}"
    if t.minutes_unknown:
        plural = "s" if t.minutes_unknown > 1 else ""
        text += f" ({t.minutes_unknown}{NBSP}séance{plural} sans horaires)"
    return text


def _totals_table(record: AttendanceRecord) -> Table:
    full = sum(s.sitting_minutes or 0 for s in record.sessions)
    head = [
        "Membre",
        "Convoqué",
        "Toute la séance",
        "En partie",
        f"Présence (sur {duration(full)})",
        "Représenté",
        "Excusé",
        "Absent",
    ]
    rows: list[list[object]] = [[para(h, "cell_bold") for h in head]]
    for t in record.totals:
        dash = "—"
        rows.append(
            [
                _member_cell(record, t),
                para(dash if t.substitute else str(t.convened), "cell_center"),
                para(str(t.whole), "cell_center"),
                para(str(t.part), "cell_center"),
                para(_presence_cell(t, full), "cell"),
                para(dash if t.substitute else str(t.represented), "cell_center"),
                para(dash if t.substitute else str(t.excused), "cell_center"),
                para(dash if t.substitute else str(t.absent), "cell_center"),
            ]
        )
    widths = (0.25, 0.115, 0.09, 0.08, 0.155, 0.13, 0.09, 0.09)
    return Table(rows, colWidths=[TEXT_WIDTH * w for w in widths], repeatRows=1, style=_GRID)


def _session_heading(held: SessionHeld) -> str:
    span = ""
    if held.opened_at and held.closed_at:
        span = f", de {short_time(held.opened_at)} à {short_time(held.closed_at)}"
    length = (
        f" — {duration(held.sitting_minutes)} de séance, suspensions déduites"
        if held.sitting_minutes is not None
        else " — horaires incomplets"
    )
    return f"Séance du {short_date(held.session.date)}{span}{length}"


def _session_table(record: AttendanceRecord, held: SessionHeld) -> Table:
    a = record.assembly
    rows: list[list[object]] = [
        [para(h, "cell_bold") for h in ("Membre", "Situation", "Présence", "Représenté par")]
    ]
    for ln in held.lines:
        m = a.member(ln.member_id)
        name = unbreakable(m.full_name) if m else ln.member_id
        if ln.substitute and m is not None:
            name += f" ({quality(a, m)})"
        rows.append(
            [
                para(escape_markup(name), "cell"),
                para(escape_markup(situation_label(m, ln.situation)), "cell"),
                para(duration(ln.minutes_present) if ln.minutes_present else "—", "cell"),
                para(escape_markup(_by(a, ln)), "cell"),
            ]
        )
    return Table(
        rows,
        colWidths=[TEXT_WIDTH * w for w in (0.34, 0.29, 0.12, 0.25)],
        repeatRows=1,
        style=_GRID,
    )


def record_story(record: AttendanceRecord) -> list[Flowable]:
    a = record.assembly
    law = LAW.get(a.kind)
    period = f"du {short_date(record.start)} au {short_date(record.end)}"
    story: list[Flowable] = [
        para(escape_markup(a.organisation.upper()), "organisation"),
        para("RELEVÉ D'ASSIDUITÉ DES MEMBRES", "title"),
        para(markup(f"{upper_first(body_name(a))} — séances {period}"), "subtitle"),
    ]
    basis = (
        f" Ce relevé peut servir à la modulation des indemnités de fonction selon la "
        f"participation effective aux séances ({law} du code général des collectivités "
        "territoriales)."
        if law
        else ""
    )
    story.append(
        para(
            markup(
                "Présence établie d'après le journal de chaque séance (arrivées et départs à "
                "la minute), de l'ouverture à la clôture, suspensions déduites. "
                "« Représenté » : absent toute la séance, un pouvoir a été exercé pour lui "
                "ou son suppléant a siégé ; « excusé » : excusé sans être représenté. "
                "Un suppléant est compté pour sa propre présence." + basis
            ),
            "small",
        )
    )
    story.append(Spacer(1, 4))
    if not record.sessions:
        story.append(para(markup(f"Aucune séance tenue {period}."), "body"))
        return story
    story.append(para("Séances tenues", "subheading"))
    for held in record.sessions:
        story.append(bullet(markup(_session_heading(held))))
    story.append(para("Totaux par membre", "heading_free"))
    story.append(_totals_table(record))
    for held in record.sessions:
        story.append(CondPageBreak(5 * cm))
        story.append(para(markup(_session_heading(held)), "heading_free"))
        counts = ", ".join(
            f"{held.count(s)} {_plural_label(s, held.count(s))}" for s in Situation if held.count(s)
        )
        story.append(para(markup(f"{held.convened} membres convoqués : {counts}."), "small"))
        story.append(_session_table(record, held))
    return story


def build_attendance_record(record: AttendanceRecord, path: Path) -> Path:
    a = record.assembly
    period = f"{record.start:%d/%m/%Y} – {record.end:%d/%m/%Y}"
    return build_pdf(
        path,
        record_story(record),
        title=f"Relevé d'assiduité — {period}",
        author=a.organisation,
        subject="Relevé d'assiduité des membres",
        footer=f"{a.organisation} — relevé d'assiduité {period}",
    )


def export_attendance_record(record: AttendanceRecord, out_dir: Path) -> list[Path]:
    """Write the PDF and the two CSV files; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"assiduite_{record.start.isoformat()}_{record.end.isoformat()}"
    pdf = build_attendance_record(record, out_dir / f"{stem}.pdf")
    totals = out_dir / f"{stem}_totaux.csv"
    totals.write_text(totals_csv(record), encoding="utf-8", newline="")
    lines = out_dir / f"{stem}_seances.csv"
    lines.write_text(lines_csv(record), encoding="utf-8", newline="")
    return [pdf, totals, lines]
