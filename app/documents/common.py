"""Sentences and blocks shared by the documents, read from the session's projections.

Nothing here decides a rule: quorum, voters and outcomes come from ``SessionState``
(``ItemRecord.snapshot``, ``ItemRecord.vote``), the wording from ``app.domain.wording``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents.french import (
    NBSP,
    date_words,
    definite,
    escape_markup,
    is_feminine_noun,
    markup,
    of_phrase,
    time_words,
    typography,
    upper_first,
)
from app.documents.pdf import (
    BOX_OFF,
    BOX_ON,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    LIGHT,
    RULE,
    TEXT_WIDTH,
    BoxTable,
    bullet,
    para,
)
from app.domain.assembly import Assembly, AssemblyKind, Item
from app.domain.events import Ballot, Choice
from app.domain.members import Member
from app.domain.state import (
    Attendance,
    ItemRecord,
    ItemStatus,
    Presence,
    ProxyState,
    Quorum,
    SessionState,
)
from app.domain.wording import join_names, outcome_sentence, plural

BOX_SIZE = 11

QUORUM_ARTICLE = {
    AssemblyKind.CONSEIL_MUNICIPAL: "L2121-17",
    AssemblyKind.CONSEIL_COMMUNAUTAIRE: "L2121-17",
    AssemblyKind.COMITE_SYNDICAL: "L2121-17",
    AssemblyKind.CONSEIL_DEPARTEMENTAL: "L3121-14",
    AssemblyKind.CONSEIL_REGIONAL: "L4132-13",
}


# --------------------------------------------------------------------------- names


def unbreakable(text: str) -> str:
    """A name that lines never split (« Mme WIŚNIEWSKI Łukasz » on one line)."""
    return text.replace(" ", NBSP)


def short_name(state: SessionState, member_id: str | None) -> str:
    """« Mme MARTIN »: the domain's naming (unknown ids quoted), never split by a line end."""
    return unbreakable(state.name(member_id))


def full_name(member: Member) -> str:
    """« Mme MARTIN Anne », never split by a line end."""
    return unbreakable(member.full_name)


def member_of(state: SessionState, member_id: str | None) -> Member | None:
    return state.members.get(member_id or "")


def president_phrase(state: SessionState) -> str:
    """« Madame Anne MARTIN, Maire » or empty when no president is set."""
    m = member_of(state, state.session.president)
    if m is None:
        return ""
    return m.formal_name + (f", {m.function}" if m.function else "")


def president_title(state: SessionState) -> str:
    """« Le Maire, » / « La Présidente, » for signature blocks."""
    m = member_of(state, state.session.president)
    if m is None:
        return "Le président de séance,"
    if m.function:
        article = "La" if m.is_feminine else "Le"
        return f"{article} {m.function},"
    return "La présidente de séance," if m.is_feminine else "Le président de séance,"


def secretaries(state: SessionState) -> list[Member]:
    return [m for sid in state.session.secretaries if (m := member_of(state, sid))]


# --------------------------------------------------------------------------- sentences


def body_name(assembly: Assembly) -> str:
    """The body as a noun phrase in a sentence: « conseil municipal »."""
    return assembly.name.strip() or assembly.kind.label


def opening_sentence(state: SessionState) -> str:
    """« Le douze mars deux mille vingt-six à dix-huit heures trente, le conseil municipal
    de la commune de Saint-Exemple s'est réuni (salle du conseil), sur convocation en date
    du six mars deux mille vingt-six, sous la présidence de Madame Anne MARTIN. »
    (plain text: escape it before markup)."""
    session, assembly = state.session, state.assembly
    body = body_name(assembly)
    when = time_words(session.time)
    text = f"Le {date_words(session.date)}"
    if when:
        text += f" à {when}"
    text += f", {definite(body)}"
    if assembly.organisation.strip():
        text += f" {of_phrase(assembly.organisation)}"
    text += " s'est réunie" if is_feminine_noun(body) else " s'est réuni"
    if session.place.strip():
        text += f" ({session.place.strip()})"
    if session.convened_on:
        text += f", sur convocation en date du {date_words(session.convened_on)}"
    pres = president_phrase(state)
    if pres:
        text += f", sous la présidence de {pres}"
    return text + "."


def quorum_sentence(state: SessionState, quorum: Quorum) -> str:
    """The quorum as the extract and the minutes state it (plain text)."""
    body = definite(body_name(state.assembly))
    counted = quorum.counted
    who = "présent ou représenté" if quorum.counts_proxies else "présent"
    if counted > 1:
        who = who.replace("présent", "présents").replace("représenté", "représentés")
    figures = f"{counted} {who} sur {plural(quorum.in_office, 'membre')} en exercice"
    feminine = is_feminine_noun(body_name(state.assembly))
    if quorum.second_convocation:
        article = QUORUM_ARTICLE.get(state.assembly.kind)
        law = f" (article {article} du CGCT)" if article else ""
        when = state.session.convened_on
        convened = f" le {date_words(when)}" if when else ""
        return (
            f"{upper_first(body)}, convoqué{'e' if feminine else ''} une seconde "
            f"fois{convened} faute de quorum à la précédente réunion, "
            f"délibère valablement sans condition de quorum{law} ({figures})."
        )
    if quorum.reached:
        return f"Le quorum étant atteint ({figures}), {body} peut valablement délibérer."
    return (
        f"Le quorum n'est pas atteint ({figures}, {quorum.required} requis{NBSP}; "
        f"il manque {quorum.missing})."
    )


def item_label(item: Item) -> str:
    return f"point n°{NBSP}{item.id}"


def status_word(status: ItemStatus, *, feminine: bool = True) -> str:
    """« adoptée », « rejetée », « retirée », « ajournée » (a deliberation is feminine)."""
    word = {
        ItemStatus.ADOPTED: "adopté",
        ItemStatus.REJECTED: "rejeté",
        ItemStatus.WITHDRAWN: "retiré",
        ItemStatus.POSTPONED: "ajourné",
        ItemStatus.INFORMATION: "information",
        ItemStatus.PENDING: "non examiné",
    }[status]
    if feminine and status is not ItemStatus.INFORMATION:
        word = (
            word.replace("non examiné", "non examinée")
            if status is ItemStatus.PENDING
            else word + "e"
        )
    return word


# --------------------------------------------------------------------------- groups


def grouped(members: Iterable[Member]) -> list[tuple[str, list[Member]]]:
    """Members grouped by ``group`` in order of first appearance; one unnamed group when
    nobody has a group."""
    order: list[str] = []
    groups: dict[str, list[Member]] = {}
    for m in members:
        if m.group not in groups:
            order.append(m.group)
            groups[m.group] = []
        groups[m.group].append(m)
    return [(g, groups[g]) for g in order]


# --------------------------------------------------------------------------- attendance


def _cell(text: str, width: float, *, bold: bool = False) -> object:
    """A table cell: the plain string when it fits on one line (much faster to lay out,
    and printed as typed), else an escaped, wrapping Paragraph."""
    font = FONT_BOLD if bold else FONT
    if stringWidth(text, font, CELL_SIZE) <= width - 8:
        return text
    return para(escape_markup(text), "cell_bold" if bold else "cell")


def attendance_table(state: SessionState, att: Attendance) -> Table:
    """Membre | Présent | Absent | Excusé | Pouvoir à, as the attendance stood for an item,
    grouped by ``group`` when members have one."""
    widths = [TEXT_WIDTH * f for f in (0.44, 0.1, 0.1, 0.1, 0.26)]
    rows: list[list[object]] = [["Membre", "Présent", "Absent", "Excusé", "Pouvoir à"]]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE + 2),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (3, 0), "CENTER"),
        ("FONTSIZE", (1, 1), (3, -1), BOX_SIZE),
        ("LEADING", (1, 1), (3, -1), BOX_SIZE + 1),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    seats = {s.member: s for s in att.seats}
    members = [m for m in state.in_office if m.id in seats]
    groups = grouped(members)
    show_groups = any(g for g, _ in groups)
    for group, group_members in groups:
        if show_groups:
            r = len(rows)
            rows.append([_cell(group or "Sans groupe", TEXT_WIDTH, bold=True), "", "", "", ""])
            style += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), LIGHT),
                ("FONTNAME", (0, r), (0, r), FONT_BOLD),
                ("FONTSIZE", (0, r), (0, r), CELL_SIZE),
                ("ALIGN", (0, r), (0, r), "LEFT"),
            ]
        for m in group_members:
            seat = seats[m.id]
            name = m.full_name
            notes = []
            if seat.substitute:
                notes.append(
                    f"suppléé{'e' if m.is_feminine else ''} par "
                    f"{short_name(state, seat.substitute)}"
                )
            if seat.recused:
                notes.append("ne prend pas part au vote")
            if notes:
                name += f" ({(NBSP + '; ').join(notes)})"
            holder = ""
            if seat.proxy_holder and seat.proxy_state is ProxyState.EFFECTIVE:
                holder = short_name(state, seat.proxy_holder)
            elif seat.proxy_holder and seat.proxy_state is ProxyState.HOLDER_ABSENT:
                holder = f"{short_name(state, seat.proxy_holder)} (non exercé, porteur absent)"
            rows.append(
                [
                    _cell(name, widths[0]),
                    BOX_ON if seat.presence is Presence.PRESENT else BOX_OFF,
                    BOX_ON if seat.presence is Presence.ABSENT else BOX_OFF,
                    BOX_ON if seat.presence is Presence.EXCUSED else BOX_OFF,
                    _cell(holder, widths[4]),
                ]
            )
    return BoxTable(rows, colWidths=widths, repeatRows=1, style=TableStyle(style))


def attendance_counts(att: Attendance) -> str:
    """« En exercice : 23 — Présents : 13 — Représentés : 5 — Excusés : 2 — Absents : 3
    — Votants : 17 » (markup)."""
    parts = [
        ("En exercice", len(att.seats)),
        ("Présents", len(att.present)),
        ("Représentés", len(att.represented)),
        ("Excusés", len(att.excused)),
        ("Absents", len(att.absent)),
        ("Votants", att.voters),
    ]
    return f"{NBSP}— ".join(f"{label}{NBSP}: <b>{n}</b>" for label, n in parts)


# --------------------------------------------------------------------------- votes


def _choice_names(state: SessionState, rec: ItemRecord, choice: Choice) -> str:
    assert rec.vote is not None
    snap = rec.snapshot
    names = []
    for mid in rec.vote.names(choice):
        label = short_name(state, mid)
        seat = snap.seat(mid) if snap else None
        if seat is not None and seat.substitute and not seat.in_person:
            # the suppléant sitting in the seat is the one who voted (roll-call: his name)
            sub = state.members.get(seat.substitute)
            role = "suppléante" if sub is not None and sub.is_feminine else "suppléant"
            label = f"{short_name(state, seat.substitute)} ({role} de {label})"
        elif seat is not None and seat.represented and seat.proxy_holder:
            label += f" (pouvoir à {short_name(state, seat.proxy_holder)})"
        names.append(label)
    return join_names(names) if names else "—"


def vote_flowables(state: SessionState, rec: ItemRecord, *, heading: bool = True) -> list[Flowable]:
    """The vote: « Adopté par : », the figures, who did not take part, unanimity, casting
    vote, names per choice for a public ballot; election rounds for nominations."""
    out: list[Flowable] = []
    if rec.rounds:
        return election_flowables(state, rec)
    result = rec.vote
    if result is None:
        return out
    t = result.tally
    verdict = "Adopté" if result.adopted else "Rejeté"
    if heading:
        extra = " à l'unanimité" if result.unanimous else ""
        out.append(para(f"<b>{verdict}{extra} par{NBSP}:</b>", "subheading"))
    rows: list[list[str]] = [
        ["Voix pour", str(t.count_for)],
        ["Voix contre", str(t.count_against)],
        ["Abstentions", str(t.count_abstain)],
    ]
    if t.ballot is Ballot.SECRET:
        rows += [["Bulletins blancs", str(t.blank)], ["Bulletins nuls", str(t.spoilt)]]
    rows.append(["Suffrages exprimés", str(t.expressed)])
    rows.append(["Nombre d'élus participant au vote", str(t.voters)])
    recused = [short_name(state, m) for m in result.recused]
    if recused:
        rows.append(
            [
                "Ne prennent pas part au vote" if len(recused) > 1 else "Ne prend pas part au vote",
                join_names(recused),
            ]
        )
    cells = [
        [para(escape_markup(typography(a)), "cell"), para(escape_markup(b), "cell_bold")]
        for a, b in rows
    ]
    table = Table(
        cells,
        colWidths=[TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    out.append(table)
    out.append(Spacer(1, 4))
    outcome = outcome_sentence(result, lambda m: short_name(state, m))
    out.append(para(f"Vote {escape_markup(t.ballot.label)}. {escape_markup(outcome)}", "body"))
    if result.casting_vote_used:
        side = "pour" if result.president_vote is Choice.FOR else "contre"
        pres = member_of(state, state.session.president)
        who = "de la présidente" if pres is not None and pres.is_feminine else "du président"
        out.append(
            para(
                escape_markup(
                    f"En cas de partage égal des voix, la voix {who}, qui a voté {side}, "
                    "est prépondérante (article L2121-20 du CGCT)."
                ),
                "body",
            )
        )
    if t.ballot is Ballot.PUBLIC and result.choices:
        for choice, label in (
            (Choice.FOR, "Ont voté pour"),
            (Choice.AGAINST, "Ont voté contre"),
            (Choice.ABSTAIN, "Se sont abstenus"),
        ):
            out.append(
                para(
                    f"<b>{label}{NBSP}:</b> {escape_markup(_choice_names(state, rec, choice))}",
                    "list",
                )
            )
    return out


def election_flowables(state: SessionState, rec: ItemRecord) -> list[Flowable]:
    """Rounds of an election of persons: ballots per candidate, the winner."""
    out: list[Flowable] = []
    ordinal = {1: "Premier tour", 2: "Deuxième tour", 3: "Troisième tour"}
    for rnd in rec.rounds:
        out.append(
            para(
                f"<b>{ordinal.get(rnd.round, f'Tour {rnd.round}')} de scrutin</b> (scrutin secret)",
                "subheading",
            )
        )
        lines = [
            f"Bulletins{NBSP}: {rnd.total}",
            f"Blancs{NBSP}: {rnd.blank}",
            f"Nuls{NBSP}: {rnd.spoilt}",
            f"Suffrages exprimés{NBSP}: {rnd.expressed}",
        ]
        if rnd.needed is not None:
            lines.append(f"Majorité absolue{NBSP}: {rnd.needed}")
        out.append(para(f"{NBSP}— ".join(lines), "left"))
        for cand, n in rnd.votes:
            out.append(
                bullet(
                    escape_markup(f"{short_name(state, cand)}{NBSP}: {plural(n, 'voix', 'voix')}")
                )
            )
        if rnd.elected:
            m = member_of(state, rnd.elected)
            elected = "élue" if m and m.is_feminine else "élu"
            how = " au bénéfice de l'âge" if rnd.by_age else ""
            out.append(
                para(
                    f"<b>{escape_markup(short_name(state, rnd.elected))}</b> est {elected}{how}.",
                    "body",
                )
            )
    return out


def article_markup(number: int, text: str) -> str:
    """« Article 1 : <b>DÉCIDE</b> de … » — the leading verb in capitals is set bold."""
    text = text.strip()
    match = re.match(
        r"^((?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ'’\-]{2,}\s+)*[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ'’\-]{2,})"
        r"(?=[\s,.;:]|$)(.*)$",
        text,
        re.S,
    )
    head = f"<b>Article {number}{NBSP}:</b> "
    if match:
        return head + f"<b>{markup(match.group(1))}</b>{markup(match.group(2))}"
    return head + markup(text)


def keep(flowables: list[Flowable]) -> KeepTogether:
    return KeepTogether(flowables)
