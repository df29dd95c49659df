"""Sentences and blocks shared by the documents, read from the session's projections.

Nothing here decides a rule: quorum, voters and outcomes come from ``SessionState``
(``ItemRecord.snapshot``, ``ItemRecord.vote``), the wording from ``app.domain.wording``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from weakref import WeakKeyDictionary

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents.french import (
    NBSP,
    agree,
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
    FONT_ITALIC,
    LIGHT,
    RULE,
    TEXT_WIDTH,
    Atom,
    BoxTable,
    FlowingAtoms,
    GroupedTable,
    bullet,
    para,
    wrapped,
)
from app.domain.assembly import Assembly, AssemblyKind, Item
from app.domain.elections import ListRoundResult, RoundResult
from app.domain.events import Ballot, Choice
from app.domain.members import Member, fold
from app.domain.state import (
    Attendance,
    ItemRecord,
    ItemStatus,
    Presence,
    ProxyState,
    Quorum,
    Seat,
    SessionState,
)
from app.domain.wording import election_sentence, join_names, ordinal, outcome_sentence, plural

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


def distinct_names(members: Iterable[Member]) -> dict[str, tuple[str, str]]:
    """id → (short, full) names that tell homonyms apart (L2121-15: the reader must know
    who voted what). A member whose surname another member shares is named with his
    first name (« M. COULON Christophe »); if the first name is shared too, with his
    birth year (« M. DURAND Jean (1960) »)."""
    members = list(members)
    by_surname: dict[str, list[Member]] = {}
    for m in members:
        by_surname.setdefault(fold(m.last_name), []).append(m)
    out: dict[str, tuple[str, str]] = {}
    for m in members:
        short, full = m.short_name, m.full_name
        same = by_surname[fold(m.last_name)]
        if len(same) > 1:
            short = full
            namesakes = [o for o in same if fold(o.first_name) == fold(m.first_name)]
            if len(namesakes) > 1 and m.birth_date is not None:
                short = full = f"{full} ({m.birth_date.year})"
        out[m.id] = (short, full)
    return out


_NAMES: WeakKeyDictionary[SessionState, dict[str, tuple[str, str]]] = WeakKeyDictionary()


def _names(state: SessionState) -> dict[str, tuple[str, str]]:
    names = _NAMES.get(state)
    if names is None:
        names = _NAMES[state] = distinct_names(state.assembly.members)
    return names


def plain_short_name(state: SessionState, member_id: str | None) -> str:
    """« Mme MARTIN », or « M. COULON Christophe » for a homonym (plain spaces)."""
    names = _names(state).get(member_id or "")
    return names[0] if names else state.name(member_id)


def short_name(state: SessionState, member_id: str | None) -> str:
    """« Mme MARTIN » (« M. COULON Christophe » for a homonym; unknown ids quoted),
    never split by a line end."""
    return unbreakable(plain_short_name(state, member_id))


def plain_full_name(state: SessionState, member: Member) -> str:
    """« Mme MARTIN Anne » (« M. DURAND Jean (1960) » for a full homonym)."""
    names = _names(state).get(member.id)
    return names[1] if names else member.full_name


def full_name(state: SessionState, member: Member) -> str:
    """« Mme MARTIN Anne », never split by a line end."""
    return unbreakable(plain_full_name(state, member))


def member_of(state: SessionState, member_id: str | None) -> Member | None:
    return state.members.get(member_id or "")


def opening_president(state: SessionState) -> str | None:
    """Who presided when the first item was opened: the session's president, or the
    member who replaced him (``presidency_taken`` before any item, L2122-17)."""
    if state.opening is not None and state.opening.presiding:
        return state.opening.presiding
    return state.session.president


def president_phrase(state: SessionState) -> str:
    """« Madame Anne MARTIN, Maire » (who presided at the opening) or empty when no
    president is set."""
    m = member_of(state, opening_president(state))
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


_PLACE_PREPOSITIONS = ("dans", "à", "au", "aux", "en", "sur", "chez", "près", "auprès")


def place_phrase(place: str) -> str:
    """The place after « s'est réuni »: as typed when it reads as a phrase (« dans les
    locaux du conseil régional »), else in parentheses (« (salle du conseil) »); brackets the
    secretary typed around it are dropped, so none are stacked."""
    text = place.strip()
    while len(text) > 1 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1].strip()
    if not text:
        return ""
    first = text.split()[0].lower().strip(",")
    if first in _PLACE_PREPOSITIONS:
        return f" {text}"
    return f" ({text})"


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
    text += place_phrase(session.place)
    if session.convened_on:
        text += f", sur convocation en date du {date_words(session.convened_on)}"
    pres = president_phrase(state)
    if pres:
        text += f", sous la présidence de {pres}"
    return text + "."


def weighted(state: SessionState) -> bool:
    return state.rules.weighted


def quorum_sentence(state: SessionState, quorum: Quorum) -> str:
    """The quorum as the extract and the minutes state it (plain text)."""
    body = definite(body_name(state.assembly))
    counted = quorum.counted
    if quorum.counts_proxies:
        who = "présents ou représentés" if counted > 1 else "présent ou représenté"
    else:
        who = "présents" if counted > 1 else "présent"
    if state.rules.quorum_weighted:  # the quorum counts voix, not persons
        who = "présentes ou représentées" if quorum.counts_proxies else "présentes"
        figures = f"{plural(counted, 'voix', 'voix')} {who} sur {quorum.in_office} en exercice"
    else:
        figures = f"{counted} {who} sur {plural(quorum.in_office, 'membre')} en exercice"
    feminine = is_feminine_noun(body_name(state.assembly))
    if quorum.second_convocation:
        article = QUORUM_ARTICLE.get(state.assembly.kind)
        law = f", article {article} du CGCT" if article else ""
        failed = state.session.failed_meeting_on
        previous = f"à la réunion du {date_words(failed)}" if failed else "à la précédente réunion"
        if state.assembly.kind in OF_RIGHT:  # no new convocation: held three days later
            return (
                f"{upper_first(body)}, réuni{'e' if feminine else ''} de plein droit trois "
                f"jours plus tard faute de quorum {previous}, délibère valablement sans "
                f"condition de quorum ({figures}{law})."
            )
        return (
            f"{upper_first(body)}, convoqué{'e' if feminine else ''} une seconde "
            f"fois faute de quorum {previous}, délibère valablement sans condition "
            f"de quorum ({figures}{law})."
        )
    if quorum.reached:
        return f"Le quorum étant atteint ({figures}), {body} peut valablement délibérer."
    return (
        f"Le quorum n'est pas atteint ({figures}, {quorum.required} requis{NBSP}; "
        f"il manque {quorum.missing})."
    )


# départements and régions: a meeting without quorum is held again « de plein droit »
# three days later, without a new convocation (L3121-14, L4132-13)
OF_RIGHT = (AssemblyKind.CONSEIL_DEPARTEMENTAL, AssemblyKind.CONSEIL_REGIONAL)


def second_convocation_sentence(state: SessionState) -> str:
    """The minutes' mention of a second meeting (plain text): communes are convened a
    second time (L2121-17); départements and régions meet again « de plein droit trois
    jours plus tard », without a new convocation (L3121-14, L4132-13)."""
    if state.assembly.kind not in OF_RIGHT:
        return (
            "La présente séance se tient sur seconde convocation, après une "
            "première réunion où le quorum n'était pas atteint."
        )
    failed = state.session.failed_meeting_on
    previous = f"à la réunion du {date_words(failed)}" if failed else "à la réunion précédente"
    article = QUORUM_ARTICLE[state.assembly.kind]
    return (
        f"Le quorum n'ayant pas été atteint {previous}, la présente séance se tient de plein "
        f"droit trois jours plus tard, sans nouvelle convocation (article {article} du CGCT)."
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


def seat_note(state: SessionState, seat: Seat) -> str:
    """« suppléé par M. X », « ne prend pas part au vote » after a member's name."""
    m = state.members.get(seat.member)
    feminine = m is not None and m.is_feminine
    notes = []
    if seat.substitute:
        notes.append(f"suppléé{'e' if feminine else ''} par {short_name(state, seat.substitute)}")
    if seat.recused:
        notes.append("ne prend pas part au vote")
    if seat.withdrawn:
        notes.append(f"s'est retiré{'e' if feminine else ''} au moment du vote")
    return f" ({(NBSP + '; ').join(notes)})" if notes else ""


def holder_text(state: SessionState, seat: Seat, withdrawn: Collection[str] = ()) -> str:
    """The « Pouvoir à » cell: the holder, and why the proxy is not exercised when it is
    not (holder recused, withdrawn for the vote — L2121-14 — or absent), agreed with the
    holder's gender."""
    if seat.proxy_holder and seat.proxy_lost:
        holder = short_name(state, seat.proxy_holder)
        return f"{holder} (ne prend pas part au vote{NBSP}: non exercé)"
    if seat.proxy_holder and seat.proxy_state is ProxyState.EFFECTIVE:
        return short_name(state, seat.proxy_holder)
    if seat.proxy_holder and seat.proxy_state is ProxyState.HOLDER_ABSENT:
        holder_m = member_of(state, seat.proxy_holder)
        feminine = holder_m is not None and holder_m.is_feminine
        if seat.proxy_holder in withdrawn:
            why = f"{agree('retiré', feminine)} pour le vote"
        else:
            why = f"{'porteuse' if feminine else 'porteur'} {agree('absent', feminine)}"
        return f"{short_name(state, seat.proxy_holder)} (non exercé, {why})"
    return ""


def _group_style(r: int) -> list[tuple[object, ...]]:
    return [
        ("SPAN", (0, r), (-1, r)),
        ("BACKGROUND", (0, r), (-1, r), LIGHT),
        ("FONTNAME", (0, r), (0, r), FONT_BOLD),
        ("FONTSIZE", (0, r), (0, r), CELL_SIZE),
        ("LEADING", (0, r), (0, r), CELL_SIZE + 2),
        ("ALIGN", (0, r), (0, r), "LEFT"),
    ]


def attendance_table(state: SessionState, att: Attendance) -> GroupedTable:
    """Membre | Présent | Absent | Excusé | Pouvoir à (and Voix when votes are weighted),
    as the attendance stood for an item, grouped by ``group`` when members have one.
    Rows grow with their content; names break only between words or after a hyphen."""
    weights = weighted(state)
    fractions = (0.40, 0.09, 0.09, 0.09, 0.25, 0.08) if weights else (0.44, 0.1, 0.1, 0.1, 0.26)
    widths = [TEXT_WIDTH * f for f in fractions]
    header: list[object] = ["Membre", "Présent", "Absent", "Excusé", "Pouvoir à"]
    if weights:
        header.append("Voix")
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_SIZE + 2),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (3, 0), "CENTER"),
        ("ALIGN", (5, 0), (5, -1), "CENTER"),
        ("FONTSIZE", (1, 1), (3, -1), BOX_SIZE),
        ("LEADING", (1, 1), (3, -1), BOX_SIZE + 1),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    pad = 12  # left and right paddings of a cell
    seats = {s.member: s for s in att.seats}
    withdrawn = set(att.withdrawn)
    members = [m for m in state.in_office if m.id in seats]
    groups = grouped(members)
    show_groups = any(g for g, _ in groups)
    entries: list[object] = []
    for group, group_members in groups:
        label = (group or "Sans groupe") if show_groups else None
        if label is not None:
            entries.append(("group", label))
        for m in group_members:
            seat = seats[m.id]
            row: list[object] = [
                wrapped(plain_full_name(state, m) + seat_note(state, seat), widths[0] - pad),
                BOX_ON if seat.presence is Presence.PRESENT else BOX_OFF,
                BOX_ON if seat.presence is Presence.ABSENT else BOX_OFF,
                BOX_ON if seat.presence is Presence.EXCUSED else BOX_OFF,
                wrapped(holder_text(state, seat, withdrawn), widths[4] - pad),
            ]
            if weights:
                row.append(str(m.weight))
            entries.append(("row", row, label))
    return GroupedTable(
        header,
        entries,
        widths,
        style,
        group_style=_group_style,
        heading_cell=lambda text: wrapped(text, TEXT_WIDTH - pad, FONT_BOLD),
        table_class=BoxTable,
    )


COMPACT_ABOVE = 60  # members in office above which an extract lists names in flowing text


def _label_atoms(label: str) -> list[tuple[str, str]]:
    """A name stays whole (its spaces are non-breaking); the note after it (« (pouvoir à
    M. X) ») may break between words, so that no atom is wider than a line."""
    return [(word, FONT) for word in label.split(" ")]


_SEAT_ATOMS: WeakKeyDictionary[SessionState, dict[Seat, tuple[int, str, list[Atom]]]] = (
    WeakKeyDictionary()
)


def compact_attendance(state: SessionState, att: Attendance) -> list[Flowable]:
    """The attendance of a large assembly as real extracts of conseils départementaux
    print it: one paragraph per category (présents, représentés, excusés, absents), the
    names in flowing text, group by group. The full table stays on the attendance sheet.

    A seat reads the same in most extracts of a session (the member has not moved between
    the votes): the words of each seat as it stood are composed once per session and
    reused by every extract where it stands the same."""
    known = _SEAT_ATOMS.setdefault(state, {})
    if len(known) > 100_000:
        known.clear()
    seats = {s.member: s for s in att.seats}
    members = [m for m in state.in_office if m.id in seats]
    show_groups = any(m.group for m in members)
    categories: list[tuple[str, list[tuple[str, list[Atom]]]]] = [
        ("Présents", []),
        ("Représentés", []),
        ("Excusés", []),
        ("Absents", []),
    ]
    for m in members:
        seat = seats[m.id]
        entry = known.get(seat)
        if entry is None:
            entry = known[seat] = _seat_atoms(state, m, seat)
        categories[entry[0]][1].append((entry[1], entry[2]))
    return [
        FlowingAtoms(atoms, size=8, leading=10) for atoms in _paragraphs(categories, show_groups)
    ]


def _seat_atoms(state: SessionState, m: Member, seat: Seat) -> tuple[int, str, list[Atom]]:
    """(category, group, words) of one seat in ``compact_attendance``."""
    label = short_name(state, m.id)
    if seat.presence is Presence.PRESENT:
        target = 0
        label += seat_note(state, seat)
    elif seat.represented:
        target = 1
        lost = f", qui ne prend pas part au vote{NBSP}: non exercé" if seat.proxy_lost else ""
        label += f" (pouvoir à {short_name(state, seat.proxy_holder)}{lost})"
    elif seat.presence is Presence.EXCUSED:
        target = 2
    else:
        target = 3
        label += seat_note(state, seat)
    if weighted(state):
        label += f" [{plural(m.weight, 'voix', 'voix')}]"
    return target, m.group or "Sans groupe", _label_atoms(label)


def _ending(words: list[Atom], end: str) -> list[Atom]:
    """The words of a label followed by its punctuation (glued to its last word)."""
    return [*words[:-1], (words[-1][0] + end, FONT)]


def _paragraphs(
    categories: list[tuple[str, list[tuple[str, list[Atom]]]]], show_groups: bool
) -> list[tuple[Atom, ...]]:
    """The atoms of each paragraph of ``compact_attendance``."""
    out: list[tuple[Atom, ...]] = []
    for title, names in categories:
        if not names:
            continue
        atoms: list[tuple[str, str]] = [(f"{title} ({len(names)}){NBSP}:", FONT_BOLD)]
        if show_groups:
            by_group: dict[str, list[list[Atom]]] = {}
            for group, words in names:
                by_group.setdefault(group, []).append(words)
            groups_left = len(by_group)
            for group, labels in by_group.items():
                groups_left -= 1
                atoms += [(word, FONT_ITALIC) for word in f"{group}{NBSP}:".split(" ")]
                end = "." if not groups_left else f"{NBSP};"
                for k, x in enumerate(labels):
                    atoms += _ending(x, "," if k < len(labels) - 1 else end)
        else:
            for k, (_, x) in enumerate(names):
                atoms += _ending(x, "," if k < len(names) - 1 else ".")
        out.append(tuple(atoms))
    return out


def attendance_counts(state: SessionState, att: Attendance) -> str:
    """« En exercice : 20 — Présents : 12 — Excusés : 8 dont 6 représentés — Absents : 0
    — Votants : 18 » (markup): the categories add up to the members in office. Weighted
    votes: « 12 délégués présents représentant 23 voix »."""
    represented = {g for g, _ in att.represented}
    excused_repr = sum(1 for m in att.excused if m in represented)
    absent_repr = sum(1 for m in att.absent if m in represented)
    withdrawn = att.withdrawn

    def count(label: str, n: int, of_which: int = 0) -> str:
        extra = f" dont {of_which} représenté{'s' if of_which > 1 else ''}" if of_which else ""
        return f"{label}{NBSP}: <b>{n}</b>{extra}"

    absents = count("Absents", len(att.absent), absent_repr)
    if withdrawn:
        word = (
            f"retirée{'s' if len(withdrawn) > 1 else ''}"
            if all((x := member_of(state, w)) is not None and x.is_feminine for w in withdrawn)
            else f"retiré{'s' if len(withdrawn) > 1 else ''}"
        )
        absents += f" dont {len(withdrawn)} {word} pour le vote"
    parts = [
        count("En exercice", len(att.seats)),
        count("Présents", len(att.present)),
        count("Excusés", len(att.excused), excused_repr),
        absents,
    ]
    if weighted(state):
        weight = {m.id: m.weight for m in state.in_office}
        voices = sum(weight.get(m, 1) for m in att.present)
        voters = len(att.voting_members)
        parts[1] = (
            f"<b>{plural(len(att.present), 'délégué présent', 'délégués présents')}</b> "
            f"représentant <b>{plural(voices, 'voix', 'voix')}</b>"
        )
        parts.append(
            f"Votants{NBSP}: <b>{voters}</b> représentant "
            f"<b>{plural(att.voters, 'voix', 'voix')}</b>"
        )
    else:
        parts.append(count("Votants", att.voters))
    return f"{NBSP}— ".join(parts)


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


def presiding_is_feminine(state: SessionState, att: Attendance | None = None) -> bool:
    """Who presides at that moment (``att.presiding``, the casting vote's holder) is a
    woman; the session's president when no attendance is given."""
    who = att.presiding if att is not None and att.presiding else state.session.president
    pres = member_of(state, who)
    return pres is not None and pres.is_feminine


def reconciliation_sentence(state: SessionState, att: Attendance) -> str:
    """Each term of present + represented − not taking part = voters (plain text):
    « Décompte des votants : 9 présents + 1 représenté − 3 ne prenant pas part au vote =
    7 votants. » Weighted votes count voix: « … 23 voix présentes + … = 27 voix »."""
    if weighted(state):
        terms = (
            f"{plural(att.present_voices, 'voix présente', 'voix présentes')} + "
            f"{plural(att.represented_voices, 'voix représentée', 'voix représentées')} − "
            f"{plural(att.not_taking_part, 'voix', 'voix')} ne prenant pas part au vote = "
            f"{plural(att.voters, 'voix', 'voix')} des votants"
        )
        return f"Décompte des voix{NBSP}: {terms}."
    terms = (
        f"{plural(att.present_voices, 'présent')} + "
        f"{plural(att.represented_voices, 'représenté')} − "
        f"{att.not_taking_part} ne prenant pas part au vote = {plural(att.voters, 'votant')}"
    )
    return f"Décompte des votants{NBSP}: {terms}."


def lost_proxy_sentences(state: SessionState, att: Attendance) -> list[str]:
    """« Le pouvoir de M. DUPONT à M. GIRARD, qui ne prend pas part au vote, n'est pas
    exercé. » for each proxy whose holder is recused on the item (plain text)."""
    out = [
        f"Le pouvoir de {short_name(state, giver)} à {short_name(state, holder)}, "
        "qui ne prend pas part au vote, n'est pas exercé."
        for giver, holder in att.lost_proxies
    ]
    withdrawn = set(att.withdrawn)
    for giver, holder, st in att.proxy_warnings:
        if st is ProxyState.HOLDER_ABSENT and holder in withdrawn:
            holder_m = member_of(state, holder)
            retired = agree("retiré", holder_m is not None and holder_m.is_feminine)
            out.append(
                f"Le pouvoir de {short_name(state, giver)} à {short_name(state, holder)}, "
                f"{retired} au moment du vote, n'est pas exercé."
            )
    return out


def _with_function(state: SessionState, member: Member) -> str:
    """« M. BERNARD Paul, premier adjoint » (the function in lower case, when known)."""
    name = full_name(state, member)
    function = member.function.strip()
    return f"{name}, {function[:1].lower()}{function[1:]}" if function else name


def presidency_sentences(state: SessionState, rec: ItemRecord, att: Attendance) -> list[str]:
    """Who presided the item when it was not the session's president, and who withdrew
    for its vote (plain text): « Le vote a lieu sous la présidence de M. BERNARD Paul,
    premier adjoint, élu président de séance pour ce point (article L2121-14 du CGCT). »
    then « Mme MARTIN Anne, maire, s'est retirée au moment du vote. »"""
    out: list[str] = []
    withdrawn = list(att.withdrawn) or sorted(rec.withdrawn)
    presiding = member_of(state, att.presiding)
    if presiding is not None and att.presiding != opening_president(state):
        text = f"Le vote a lieu sous la présidence de {_with_function(state, presiding)}"
        if withdrawn:  # L2121-14: the assembly elects its president for this item
            elected = "élue présidente" if presiding.is_feminine else "élu président"
            text += f", {elected} de séance pour ce point (article L2121-14 du CGCT)"
        out.append(text + ".")
    for mid in withdrawn:
        m = member_of(state, mid)
        if m is not None:
            e = "e" if m.is_feminine else ""
            out.append(f"{_with_function(state, m)}, s'est retiré{e} au moment du vote.")
    return out


def reconciliation_flowables(
    state: SessionState, rec: ItemRecord, att: Attendance
) -> list[Flowable]:
    """Under an item's counts: who presided (when not the session's president), who
    withdrew, each term of the voters' count, and the proxies not exercised."""
    out = [para(markup(t), "left") for t in presidency_sentences(state, rec, att)]
    out.append(para(markup(reconciliation_sentence(state, att)), "small"))
    out += [para(markup(t), "small") for t in lost_proxy_sentences(state, att)]
    out.append(Spacer(1, 3))
    return out


def waiver_sentence(state: SessionState) -> str:
    """« Le conseil municipal ayant décidé à l'unanimité de ne pas procéder au scrutin
    secret (article L2121-21 du CGCT), il est procédé au vote au scrutin public. »"""
    return (
        f"{upper_first(definite(body_name(state.assembly)))} ayant décidé à l'unanimité de ne "
        "pas procéder au scrutin secret (article L2121-21 du CGCT), il est procédé à "
        "l'élection au scrutin public."
    )


def _ballot_words(rec: ItemRecord, secret: str) -> str:
    """How a round was voted: secret, unless the assembly waived it unanimously."""
    return "scrutin public" if rec.secret_waived else secret


def rejection_sentence(state: SessionState) -> str:
    """« Le conseil municipal rejette la proposition. » (plain text)."""
    return f"{upper_first(definite(body_name(state.assembly)))} rejette la proposition."


def vote_flowables(state: SessionState, rec: ItemRecord, *, heading: bool = True) -> list[Flowable]:
    """The vote: « Adopté par : » (or « Résultat du vote : » and the rejection), the
    figures, who did not take part, unanimity, casting vote, names per choice for a public
    ballot; election rounds for nominations."""
    out: list[Flowable] = []
    if rec.appointed is not None and not rec.rounds:
        m = member_of(state, rec.appointed)
        e = "e" if m is not None and m.is_feminine else ""
        text = (
            f"Seul{e} candidat{e} au poste, {plain_short_name(state, rec.appointed)} est "
            f"nommé{e} sans vote (article L2121-21 du CGCT)."
        )
        return [para(markup(text), "body")]
    if rec.list_rounds or rec.rounds:
        waiver = [para(markup(waiver_sentence(state)), "body")] if rec.secret_waived else []
        if rec.list_rounds:
            return waiver + list_election_flowables(state, rec)
        return waiver + election_flowables(state, rec)
    result = rec.vote
    if result is None:
        return out
    t = result.tally
    if heading:
        if result.adopted:
            extra = " à l'unanimité" if result.unanimous else ""
            out.append(para(f"<b>Adopté{extra} par{NBSP}:</b>", "subheading"))
        else:
            out.append(para(f"<b>Résultat du vote{NBSP}:</b>", "subheading"))
    rows: list[list[str]] = [
        ["Voix pour", str(t.count_for)],
        ["Voix contre", str(t.count_against)],
        ["Abstentions", str(t.count_abstain)],
    ]
    if t.ballot is Ballot.SECRET:
        rows += [["Bulletins blancs", str(t.blank)], ["Bulletins nuls", str(t.spoilt)]]
    rows.append(["Suffrages exprimés", str(t.expressed)])
    if weighted(state):
        persons = len(rec.snapshot.voting_members) if rec.snapshot else 0
        rows.append(
            [
                "Délégués participant au vote",
                f"{persons} représentant {plural(t.voters, 'voix', 'voix')}",
            ]
        )
    else:
        rows.append(["Nombre d'élus participant au vote", str(t.voters)])
    recused = [plain_short_name(state, m) for m in result.recused]
    if recused:
        rows.append(
            [
                "Ne prennent pas part au vote" if len(recused) > 1 else "Ne prend pas part au vote",
                join_names(recused),
            ]
        )
    widths = [TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55]
    # plain cells (a Paragraph per cell made up much of the minutes' build time)
    cells = [
        [wrapped(typography(a), widths[0] - 8), wrapped(b, widths[1] - 8, FONT_BOLD)]
        for a, b in rows
    ]
    table = Table(
        cells,
        colWidths=widths,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (1, 0), (1, -1), FONT_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_SIZE + 2),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    out.append(table)
    out.append(Spacer(1, 4))
    feminine = presiding_is_feminine(state, rec.snapshot)
    outcome = outcome_sentence(result, lambda m: short_name(state, m), feminine_president=feminine)
    out.append(para(f"Vote {escape_markup(t.ballot.label)}. {escape_markup(outcome)}", "body"))
    if result.casting_vote_used:
        side = "pour" if result.president_vote is Choice.FOR else "contre"
        who = "de la présidente" if feminine else "du président"
        out.append(
            para(
                escape_markup(
                    f"En cas de partage égal des voix, la voix {who}, qui a voté {side}, "
                    "est prépondérante (article L2121-20 du CGCT)."
                ),
                "body",
            )
        )
    if not result.adopted:
        out.append(para(f"<b>{escape_markup(rejection_sentence(state))}</b>", "body"))
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


def elected_phrase(state: SessionState, rnd: RoundResult) -> str:
    """« Mme ROUSSEL, élue au 2e tour (6 voix) », « …, élu au 3e tour au bénéfice de
    l'âge (6 voix) » (plain text); empty when nobody was elected."""
    if rnd.elected is None:
        return ""
    m = member_of(state, rnd.elected)
    elected = "élue" if m is not None and m.is_feminine else "élu"
    age = " au bénéfice de l'âge" if rnd.by_age else ""
    votes = dict(rnd.votes).get(rnd.elected, 0)
    return (
        f"{plain_short_name(state, rnd.elected)}, {elected} au {ordinal(rnd.round)} tour{age} "
        f"({plural(votes, 'voix', 'voix')})"
    )


def election_flowables(state: SessionState, rec: ItemRecord) -> list[Flowable]:
    """Rounds of an election of persons: ballots per candidate, then who is elected, or
    that nobody reached the absolute majority."""
    out: list[Flowable] = []
    ordinal_words = {1: "Premier tour", 2: "Deuxième tour", 3: "Troisième tour"}
    for rnd in rec.rounds:
        out.append(
            para(
                f"<b>{ordinal_words.get(rnd.round, f'Tour {rnd.round}')} de scrutin</b> "
                f"({_ballot_words(rec, 'scrutin secret')})",
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
            out.append(
                para(f"<b>Résultat{NBSP}:</b> {escape_markup(elected_phrase(state, rnd))}.", "body")
            )
        else:
            sentence = election_sentence(
                rnd,
                lambda m: short_name(state, m),
                lambda m: (x := member_of(state, m)) is not None and x.is_feminine,
            )
            out.append(para(markup(sentence), "body"))
    return out


_ROUND_WORDS = {1: "Premier tour", 2: "Deuxième tour", 3: "Troisième tour"}


def elected_list_phrase(state: SessionState, rnd: ListRoundResult) -> str:
    """« « Liste BERNARD », élue au 1er tour (7 voix) : M. BERNARD, Mme ROUSSEAU et
    M. GARCIA » — the elected list and its members in the list's order (plain text);
    empty when no list was elected."""
    if rnd.elected is None:
        return ""
    how = " au bénéfice de l'âge" if rnd.by_age else " après tirage au sort" if rnd.by_lot else ""
    votes = dict(rnd.votes).get(rnd.elected, 0)
    members = join_names([plain_short_name(state, m) for m in rnd.elected_members])
    return (
        f"« {rnd.elected} », élue au {ordinal(rnd.round)} tour{how} "
        f"({plural(votes, 'voix', 'voix')}){NBSP}: {members}"
    )


def elected_members_sentence(state: SessionState, rnd: ListRoundResult) -> str:
    """« Sont élus, dans l'ordre de la liste : M. BERNARD Paul, Mme ROUSSEAU Claire et
    M. GARCIA Hugo. » (plain text)."""
    members = [m for mid in rnd.elected_members if (m := member_of(state, mid)) is not None]
    names = join_names([full_name(state, m) for m in members])
    if len(members) == 1:
        word = "Est élue" if members[0].is_feminine else "Est élu"
    else:
        word = "Sont élues" if members and all(m.is_feminine for m in members) else "Sont élus"
    return f"{word}, dans l'ordre de la liste{NBSP}: {names}."


def list_election_flowables(state: SessionState, rec: ItemRecord) -> list[Flowable]:
    """Rounds of an election by list (L2122-7-2): ballots per list with its candidates in
    order, then the elected list and its members in order, or that no list reached the
    absolute majority."""
    out: list[Flowable] = []
    for rnd in rec.list_rounds:
        title = _ROUND_WORDS.get(rnd.round, f"Tour {rnd.round}")
        how = _ballot_words(rec, "secret").replace("scrutin public", "public")
        out.append(para(f"<b>{title} de scrutin</b> (scrutin de liste, {how})", "subheading"))
        lines = [
            f"Bulletins{NBSP}: {rnd.total}",
            f"Blancs{NBSP}: {rnd.blank}",
            f"Nuls{NBSP}: {rnd.spoilt}",
            f"Suffrages exprimés{NBSP}: {rnd.expressed}",
        ]
        if rnd.needed is not None:
            lines.append(f"Majorité absolue{NBSP}: {rnd.needed}")
        out.append(para(f"{NBSP}— ".join(lines), "left"))
        candidates = dict(rnd.candidates)
        for name, n in rnd.votes:
            members = join_names([short_name(state, m) for m in candidates.get(name, ())])
            out.append(
                bullet(escape_markup(f"« {name} » ({members}){NBSP}: {plural(n, 'voix', 'voix')}"))
            )
        if rnd.elected is not None:
            how = (
                " au bénéfice de l'âge (moyenne d'âge la plus élevée)"
                if rnd.by_age
                else " après tirage au sort"
                if rnd.by_lot
                else ""
            )
            votes = dict(rnd.votes).get(rnd.elected, 0)
            result = (
                f"la liste « {rnd.elected} » est élue au {ordinal(rnd.round)} tour{how} "
                f"({plural(votes, 'voix', 'voix')})."
            )
            out.append(para(f"<b>Résultat{NBSP}:</b> {escape_markup(result)}", "body"))
            out.append(para(markup(elected_members_sentence(state, rnd)), "left"))
        elif rnd.needed is not None:
            nxt = f"un {ordinal(rnd.round + 1)} tour est nécessaire"
            out.append(
                para(
                    markup(
                        f"Aucune liste n'obtient la majorité absolue ({rnd.needed} voix) au "
                        f"{ordinal(rnd.round)} tour{NBSP}: {nxt}."
                    ),
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


def decision_block(
    lead: list[Flowable], articles: list[Flowable], vote: list[Flowable]
) -> list[Flowable]:
    """The articles and the vote, laid out so that neither the lead (« Le conseil
    municipal, après en avoir délibéré : ») nor the result is ever alone on its page: the
    lead stays with the first article, the result with the last."""
    if len(articles) <= 1:
        return [KeepTogether(lead + articles + vote)]
    return [KeepTogether(lead + articles[:1]), *articles[1:-1], KeepTogether(articles[-1:] + vote)]
