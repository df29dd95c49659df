"""Roster import: plain CSV member lists and files of the Répertoire national des élus.

Two families of files are read (see docs/FORMAT.md, « Roster files accepted by roster-import »):

- a **plain CSV** written by the secretary (header ``civilite,nom,prenom,groupe,fonction,
  poids`` and the optional ``titulaire`` and ``date_naissance`` columns);
- an **RNE file** from data.gouv.fr, one row per mandate: municipal councillors
  (``…-cm.csv``) or community councillors (``…-epci.csv``). A national file holds every
  commune, so the caller names the assembly's commune (INSEE code) or EPCI (SIREN).

Parsing never stops at the first bad line: every line that cannot become a member is
returned as a :class:`RejectedLine` (its number, its text, a French reason). Only problems
with the file as a whole (encoding, header, no usable line, ambiguous national file) raise
:class:`~app.domain.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.domain.assembly import lowered, siren_problem
from app.domain.errors import InputError
from app.domain.members import Member, fold

__all__ = [
    "Collectivity",
    "NoUsableLineError",
    "PLAIN_COLUMNS",
    "RejectedLine",
    "RosterFile",
    "RosterKind",
    "RosterParse",
    "parse_date",
    "parse_roster",
    "peek_roster",
    "rne_collectivities",
    "roster_to_csv",
]

#: Columns written by :func:`roster_to_csv`, in order (the plain format's full header).
PLAIN_COLUMNS = (
    "civilite",
    "nom",
    "prenom",
    "groupe",
    "fonction",
    "poids",
    "titulaire",
    "date_naissance",
    "debut_mandat",
)

_PROGRESS_STEPS = 100
_CODES_SHOWN = 5  # codes listed when a national file is refused for lack of a choice
_REJECTIONS_SHOWN = 10  # rejected lines repeated in the message of NoUsableLineError


class RosterKind(StrEnum):
    """What kind of file was read."""

    PLAIN = "plain"
    RNE_CM = "rne_cm"  # conseillers municipaux (also the maires file, same columns)
    RNE_EPCI = "rne_epci"  # conseillers communautaires


@dataclass(frozen=True)
class RejectedLine:
    """A line of the file that gave no member: where it is, what it says, and why."""

    line: int  # 1-based, the header being line 1
    text: str  # the raw line (several physical lines joined by "\n" for a quoted newline)
    reason: str  # French, for the secretary

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.reason} — « {self.text} »"


@dataclass(frozen=True)
class RosterParse:
    """The outcome of reading a roster file: members in file order and rejected lines."""

    kind: RosterKind
    members: tuple[Member, ...]
    rejected: tuple[RejectedLine, ...] = ()
    collectivity_code: str = ""  # RNE: the INSEE code or SIREN whose rows were kept
    collectivity_name: str = ""  # RNE: « Saint-Exemple », « CC du Pays d'Exemple »
    ignored_columns: tuple[str, ...] = ()  # plain: unknown columns (« Téléphone ») skipped


@dataclass(frozen=True)
class Collectivity:
    """A commune (INSEE code) or an EPCI (SIREN) found in an RNE file, with its row count."""

    code: str
    name: str
    rows: int


@dataclass(frozen=True)
class RosterFile:
    """A roster file decoded but not parsed: its lines as numbered in :class:`RejectedLine`."""

    kind: RosterKind
    lines: tuple[str, ...]  # physical lines without line endings: line n is lines[n - 1]
    header_line: int  # 1-based number of the header line (after blank or « sep= » lines)


class NoUsableLineError(InputError):
    """The file was read but no line gave a member; ``rejected`` says why, line by line."""

    def __init__(self, message: str, rejected: tuple[RejectedLine, ...]) -> None:
        super().__init__(message)
        self.rejected = rejected


# --------------------------------------------------------------------------- headers


def _column_key(name: str) -> str:
    """Comparable form of a column name: no accent, no case, single spaces, straight '."""
    text = fold(name.strip().strip('"').lstrip("\ufeff")).replace("’", "'")
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_column_key(alias): column for column, names in table.items() for alias in names}


_PLAIN_HEADER = _aliases(
    {
        "civilite": ("civilite", "civ", "civ.", "titre"),
        "nom": ("nom", "nom de famille"),
        "prenom": ("prenom",),
        "groupe": ("groupe", "liste", "collectivite"),
        "fonction": ("fonction",),
        "poids": ("poids", "nombre de voix", "voix"),
        "titulaire": ("titulaire", "suppleant de"),
        "date_naissance": ("date naissance", "date de naissance", "naissance"),
        "debut_mandat": ("debut mandat", "debut du mandat", "date de debut du mandat"),
    }
)

# RNE column names across the 2021-2026 files (and the older « Code Insee » spelling).
_RNE_HEADER = _aliases(
    {
        "last_name": ("Nom de l'élu",),
        "first_name": ("Prénom de l'élu",),
        "sex": ("Code sexe",),
        "birth_date": ("Date de naissance",),
        "started_on": ("Date de début du mandat",),
        "function": ("Libellé de la fonction", "Libellé de fonction"),
        "commune_code": ("Code de la commune", "Code Insee de la commune"),
        "commune_name": ("Libellé de la commune", "Nom de la commune"),
        "siren": ("N° SIREN", "SIREN", "N SIREN", "Numéro SIREN"),
        "epci_name": ("Libellé de l'EPCI",),
        "attached_name": ("Libellé de la commune de rattachement",),
    }
)

_CIVILITIES = {
    "": "",
    "m": "M.",
    "mr": "M.",
    "monsieur": "M.",
    "h": "M.",
    "mme": "Mme",
    "madame": "Mme",
    "f": "Mme",
    "mlle": "Mme",
    "mademoiselle": "Mme",  # no longer used by the administration (2012)
}

_PLAIN_EXAMPLE = "civilite,nom,prenom,groupe,fonction,poids"


def _civility(value: str) -> str | None:
    """« M. » / « Mme » (or "" when empty) from the usual spellings; None if unknown."""
    return _CIVILITIES.get(fold(value).replace(".", "").strip())


@dataclass(frozen=True)
class _Source:
    """A decoded file: its physical lines, the header's position and the separator."""

    lines: list[str]  # without line endings
    header_index: int  # 0-based index of the header in ``lines``
    separator: str
    header: list[str]
    quoted: bool  # some field is quoted: records may span lines, fields hold separators

    @property
    def keys(self) -> list[str]:
        """The header's column names in comparable form (see :func:`_column_key`)."""
        return [_column_key(name) for name in self.header]

    @property
    def is_rne(self) -> bool:
        return "nom de l'elu" in self.keys

    def records(
        self, tracker: _Progress | None = None, containing: str = ""
    ) -> Iterator[tuple[int, int, list[str]]]:
        """(first line, last line, fields) of each record after the header, 1-based.

        ``containing`` is only a speed hint: lines without that text may be skipped
        (they are, when no field of the file is quoted, so that a line is a record).
        """
        body = self.lines[self.header_index + 1 :]
        offset = self.header_index + 1
        if not self.quoted:
            # Without quotes, the csv module would split each line on the separator.
            for number, line in enumerate(body, offset + 1):
                if containing in line:
                    if tracker is not None:
                        tracker.at(number)
                    yield number, number, line.split(self.separator)
            return
        reader = csv.reader((line + "\n" for line in body), delimiter=self.separator)
        previous = 0
        for row in reader:
            if tracker is not None:
                tracker.at(offset + reader.line_num)
            yield offset + previous + 1, offset + reader.line_num, row
            previous = reader.line_num

    def text(self, first: int, last: int) -> str:
        """The raw text of lines ``first``..``last`` (1-based)."""
        return "\n".join(self.lines[first - 1 : last])


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "Ce fichier est un classeur (Excel ou LibreOffice), pas un fichier CSV : "
            "enregistrez-le au format « CSV » puis importez ce fichier CSV."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 (ou Windows-1252)."
        )


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _open(data: bytes) -> _Source:
    text = _decode(data)
    if "\r" in text:  # Windows (CRLF) or old Mac (CR) line endings
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line ending
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines):
        raise InputError("Le fichier est vide : aucun en-tête ni aucun membre.")
    separator = ""
    marker = re.fullmatch(r'"?sep=(.)"?', lines[index].strip())  # Excel's « sep=; » line
    if marker:
        separator = marker.group(1)
        index += 1
        if index == len(lines) or not lines[index].strip():
            raise InputError("Le fichier ne contient pas d'en-tête après la ligne « sep= ».")
    header_line = lines[index]
    separator = separator or _sniff_separator(header_line)
    header = next(csv.reader([header_line], delimiter=separator))
    return _Source(lines, index, separator, header, quoted='"' in text)


# --------------------------------------------------------------------------- fields


_DATE_FR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*)?")


def parse_date(value: str) -> date | None:
    """A date written JJ/MM/AAAA (or J/M/AAAA) or AAAA-MM-JJ; None when empty.

    Raises ValueError when the text is no such date (« 31/02/1980 », « 02/04/61 »).
    """
    value = value.strip()
    if not value:
        return None
    if match := _DATE_FR.fullmatch(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_ISO.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(value)
    return date(year, month, day)  # ValueError for 31/02


def _bad_date(value: str) -> str:
    return f"date de naissance invalide « {value.strip()} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"


def _bad_start(value: str) -> str:
    return (
        f"date de début du mandat invalide « {value.strip()} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"
    )


MAX_FIELD = 500


def _fit(row: list[str], width: int) -> tuple[list[str] | None, str]:
    """The row cut to ``width`` fields, or None and the reason when its width is wrong.

    Trailing empty fields (a spreadsheet's extra separators) are tolerated; a field longer
    than any name or function could be is refused.
    """
    longest = max((len(field) for field in row), default=0)
    if longest > MAX_FIELD:
        return None, (f"champ trop long ({longest} caractères ; {MAX_FIELD} au plus)")
    if len(row) == width:
        return row, ""
    if len(row) > width and not any(field.strip() for field in row[width:]):
        return row[:width], ""
    return None, f"nombre de colonnes incorrect : {len(row)} au lieu de {width}"


def _blank(row: list[str]) -> bool:
    return not any(field.strip() for field in row)


class _Progress:
    """Reports a percentage to the caller's callback, only when it changes."""

    def __init__(self, callback: Callable[[int], None] | None, total_lines: int) -> None:
        self._callback = callback
        self._total = max(total_lines, 1)
        self._step = max(self._total // _PROGRESS_STEPS, 1)
        self._next = self._step
        self._last = -1

    def at(self, line: int) -> None:
        if self._callback is not None and line >= self._next:
            self._next = line + self._step
            self._emit(min(99, line * 100 // self._total))

    def done(self) -> None:
        if self._callback is not None:
            self._emit(100)

    def _emit(self, percent: int) -> None:
        if percent != self._last:
            self._last = percent
            assert self._callback is not None
            self._callback(percent)


# --------------------------------------------------------------------------- public API


def parse_roster(
    data: bytes,
    *,
    commune: str | None = None,
    epci: str | None = None,
    progress: Callable[[int], None] | None = None,
    id_prefix: str = "m",
    start: int = 1,
) -> RosterParse:
    """Read a roster file (plain CSV or RNE CSV) into members and rejected lines.

    ``data`` is the file's content: UTF-8 (with or without BOM) or Windows-1252, fields
    separated by ``,`` or ``;``. Members get the ids ``{id_prefix}{start}``,
    ``{id_prefix}{start + 1}``… in file order. ``commune`` (INSEE code) or ``epci``
    (SIREN) picks the assembly's rows in a national RNE file; they are ignored for a plain
    file. ``progress`` receives a percentage (0 to 100) while the file is read.

    Raises :class:`InputError` (French message) when the file as a whole is unusable:
    empty, header missing or unknown, several communes or EPCIs and no choice, no row of
    the chosen one; :class:`NoUsableLineError` when every line was rejected.
    """
    source = _open(data)
    tracker = _Progress(progress, len(source.lines))
    if source.is_rne:
        parsed = _parse_rne(source, commune, epci, tracker, id_prefix, start)
    else:
        parsed = _parse_plain(source, tracker, id_prefix, start)
    tracker.done()
    if not parsed.members:
        raise _no_usable_line(parsed.rejected)
    return parsed


def peek_roster(data: bytes) -> RosterFile:
    """Decode ``data`` and tell its kind from the header, without reading the rows.

    For a GUI that shows the file's lines beside :attr:`RosterParse.rejected`. Raises
    :class:`InputError` like :func:`parse_roster` when the file cannot be decoded, is empty
    or is an RNE file of an unsupported mandate; a plain header is checked only by
    :func:`parse_roster`.
    """
    source = _open(data)
    kind = _rne_layout(source).kind if source.is_rne else RosterKind.PLAIN
    return RosterFile(kind, tuple(source.lines), source.header_index + 1)


def rne_collectivities(data: bytes) -> tuple[Collectivity, ...]:
    """Every commune (cm file) or EPCI (epci file) of an RNE file, by code; () if plain.

    Meant for a picker in the GUI before calling :func:`parse_roster` with the chosen code.
    """
    source = _open(data)
    if not source.is_rne:
        return ()
    layout = _rne_layout(source)
    normalise = _normaliser(layout)
    names: dict[str, str] = {}
    rows: dict[str, int] = {}
    for _first, _last, row in source.records():
        if len(row) <= layout.code or not row[layout.code].strip():
            continue
        code = normalise(row[layout.code])
        if code not in rows:
            names[code] = _label(row, layout.name)
            rows[code] = 0
        rows[code] += 1
    return tuple(Collectivity(code, names[code], rows[code]) for code in sorted(rows))


def roster_to_csv(members: Iterable[Member]) -> str:
    """The plain CSV form of ``members`` (header :data:`PLAIN_COLUMNS`), readable back.

    A suppléant's ``titulaire`` is written as « NOM Prénom » of his titular, who must be
    among ``members``; birth dates are written AAAA-MM-JJ.
    """
    members = tuple(members)
    by_id = {m.id: m for m in members}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PLAIN_COLUMNS)
    for m in members:
        titular = ""
        if m.substitute_for is not None:
            if m.substitute_for not in by_id:
                raise ValueError(f"titular {m.substitute_for!r} of {m.id!r} not in the roster")
            holder = by_id[m.substitute_for]
            titular = f"{holder.last_name} {holder.first_name}".strip()
        writer.writerow(
            [
                m.civility,
                m.last_name,
                m.first_name,
                m.group,
                m.function,
                m.weight,
                titular,
                m.birth_date.isoformat() if m.birth_date else "",
                m.started_on.isoformat() if m.started_on else "",
            ]
        )
    return out.getvalue()


def _no_usable_line(rejected: tuple[RejectedLine, ...]) -> NoUsableLineError:
    if not rejected:
        return NoUsableLineError(
            "Le fichier ne contient aucun membre : aucune ligne après l'en-tête.", rejected
        )
    shown = "\n".join(str(r) for r in rejected[:_REJECTIONS_SHOWN])
    more = len(rejected) - _REJECTIONS_SHOWN
    tail = f"\n… et {more} autre(s) ligne(s) rejetée(s)." if more > 0 else ""
    return NoUsableLineError(
        f"Aucun membre importable : {len(rejected)} ligne(s) rejetée(s).\n{shown}{tail}",
        rejected,
    )


# --------------------------------------------------------------------------- plain CSV


@dataclass(frozen=True)
class _Draft:
    """A plain line read, before suppléants are tied to their titular."""

    line: int
    text: str
    member: Member  # id and substitute_for still unset
    titular: str  # the ``titulaire`` cell, "" for a titular


def _plain_columns(source: _Source) -> tuple[dict[str, int], tuple[str, ...]]:
    """The known columns' indexes, and the unknown ones (ignored, shown to the user)."""
    keys = source.keys
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, key in enumerate(keys):
        column = _PLAIN_HEADER.get(key)
        if column is None:
            if key:
                unknown.append(source.header[index].strip())
            continue
        if column in columns:
            raise InputError(f"En-tête : la colonne « {column} » apparaît deux fois.")
        columns[column] = index
    if "nom" not in columns:
        header_text = source.text(source.header_index + 1, source.header_index + 1)
        if _civility(keys[0]):  # « Mme;MARTIN;Anne »: a member where the header should be
            raise InputError(
                f"En-tête manquant : la première ligne « {header_text} » est déjà un membre. "
                f"Ajoutez en première ligne l'en-tête « {_PLAIN_EXAMPLE} »."
            )
        raise InputError(
            f"En-tête inconnu : « {header_text} ». Une liste simple commence par la ligne "
            f"« {_PLAIN_EXAMPLE} » (colonnes facultatives : poids, titulaire, "
            "date_naissance) ; un fichier du Répertoire national des élus par son en-tête "
            "d'origine (« Code du département;Libellé du département;… »)."
        )
    return columns, tuple(unknown)


MAX_MEMBERS = 5_000  # more than any assembly has: a bigger file is not a roster


def too_many_members(count: int, what: str = "lignes de membres") -> InputError:
    """The refusal of a file holding more members than any assembly has (French)."""
    figure = f"{count:,}".replace(",", "\u202f")
    limit = f"{MAX_MEMBERS:,}".replace(",", "\u202f")
    return InputError(
        f"Le fichier compte {figure} {what} : aucune assemblée n'a plus de {limit} "
        "membres. Ce n'est sans doute pas une liste de membres ; rien n'a été importé."
    )


def _parse_plain(source: _Source, tracker: _Progress, id_prefix: str, start: int) -> RosterParse:
    # counted before any row is read: a huge file is refused at once
    body = sum(1 for line in source.lines[source.header_index + 1 :] if line.strip())
    if body > MAX_MEMBERS:
        raise too_many_members(body)
    columns, ignored = _plain_columns(source)
    width = len(source.header)
    drafts: list[_Draft] = []
    rejected: list[RejectedLine] = []

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return " ".join(row[index].split()) if index is not None else ""

    for first, last, raw in source.records(tracker):
        if _blank(raw):
            continue
        text = source.text(first, last)
        row, reason = _fit(raw, width)
        if row is None:
            rejected.append(RejectedLine(first, text, reason))
            continue
        draft_or_reason = _plain_member(cell, row)
        if isinstance(draft_or_reason, str):
            rejected.append(RejectedLine(first, text, draft_or_reason))
        else:
            drafts.append(_Draft(first, text, draft_or_reason, cell(row, "titulaire")))

    accepted, late = _tie_substitutes(drafts)
    rejected.extend(late)
    ids = {d.line: f"{id_prefix}{start + n}" for n, (d, _titular) in enumerate(accepted)}
    members = tuple(
        replace(
            d.member, id=ids[d.line], substitute_for=ids[titular] if titular is not None else None
        )
        for d, titular in accepted
    )
    return RosterParse(
        RosterKind.PLAIN,
        members,
        tuple(sorted(rejected, key=lambda r: r.line)),
        ignored_columns=ignored,
    )


def _plain_member(cell: Callable[[list[str], str], str], row: list[str]) -> Member | str:
    """The member of a plain line (without id), or the French reason it is rejected."""
    last_name = cell(row, "nom")
    if not last_name:
        return "nom manquant"
    civility = _civility(cell(row, "civilite"))
    if civility is None:
        return f"civilité inconnue « {cell(row, 'civilite')} » (attendu M. ou Mme)"
    weight_text = cell(row, "poids")
    if not weight_text:
        weight = 1
    elif weight_text.isascii() and weight_text.isdigit() and int(weight_text) > 0:
        weight = int(weight_text)
    else:
        return f"poids invalide « {weight_text} » (attendu un entier positif : 1, 2, 3…)"
    try:
        birth_date = parse_date(cell(row, "date_naissance"))
    except ValueError:
        return _bad_date(cell(row, "date_naissance"))
    try:
        started_on = parse_date(cell(row, "debut_mandat"))
    except ValueError:
        return _bad_start(cell(row, "debut_mandat"))
    return Member(
        id="",
        last_name=last_name,
        first_name=cell(row, "prenom"),
        civility=civility,
        group=cell(row, "groupe"),
        function=cell(row, "fonction"),
        weight=weight,
        birth_date=birth_date,
        started_on=started_on,
    )


def _name_key(text: str) -> str:
    """Folded name without a leading civility: « Mme Lefèvre  Anne » → « lefevre anne »."""
    words = fold(text).replace(".", " ").split()
    if len(words) > 1 and words[0] in _CIVILITIES:
        words = words[1:]
    return " ".join(words)


def _tie_substitutes(
    drafts: list[_Draft],
) -> tuple[list[tuple[_Draft, int | None]], list[RejectedLine]]:
    """Accepted drafts in file order with their titular's line, and suppléants rejected.

    A ``titulaire`` cell names a titular of the file by « NOM Prénom », « Prénom NOM » or
    « NOM » alone; no match or several matches reject the suppléant's line.
    """
    titulars: dict[str, list[_Draft]] = {}
    for d in drafts:
        if d.titular:
            continue
        m = d.member
        names = {_name_key(m.last_name)}
        if m.first_name:
            names |= {
                _name_key(f"{m.last_name} {m.first_name}"),
                _name_key(f"{m.first_name} {m.last_name}"),
            }
        for name in names:
            titulars.setdefault(name, []).append(d)

    accepted: list[tuple[_Draft, int | None]] = []
    rejected: list[RejectedLine] = []
    for d in drafts:
        if not d.titular:
            accepted.append((d, None))
            continue
        matches = titulars.get(_name_key(d.titular), [])
        if len(matches) == 1:
            accepted.append((d, matches[0].line))
        elif not matches:
            rejected.append(
                RejectedLine(
                    d.line,
                    d.text,
                    f"titulaire « {d.titular} » introuvable parmi les titulaires du fichier",
                )
            )
        else:
            who = ", ".join(f"{m.member.full_name} (ligne {m.line})" for m in matches)
            rejected.append(
                RejectedLine(
                    d.line,
                    d.text,
                    f"titulaire « {d.titular} » ambigu : {who} ; précisez « NOM Prénom »",
                )
            )
    return accepted, rejected


# --------------------------------------------------------------------------- RNE


@dataclass(frozen=True)
class _RneLayout:
    """Where the useful columns of an RNE file are; -1 for an absent optional column."""

    kind: RosterKind
    width: int
    code: int  # commune INSEE code (cm) or EPCI SIREN (epci): the filter column
    name: int  # the commune's or the EPCI's label
    group: int  # commune de rattachement (epci), -1 for cm
    last_name: int
    first_name: int
    sex: int
    birth_date: int
    function: int
    started_on: int = -1  # « Date de début du mandat »


def _rne_layout(source: _Source) -> _RneLayout:
    columns: dict[str, int] = {}
    for index, key in enumerate(source.keys):
        column = _RNE_HEADER.get(key)
        if column is not None and column not in columns:
            columns[column] = index
    if "siren" in columns:
        kind, code, name, group = RosterKind.RNE_EPCI, "siren", "epci_name", "attached_name"
    elif "commune_code" in columns:
        kind, code, name, group = RosterKind.RNE_CM, "commune_code", "commune_name", ""
    else:
        raise InputError(
            "Fichier du Répertoire national des élus non pris en charge : seuls les fichiers "
            "des conseillers municipaux (…-cm.csv, colonne « Code de la commune ») et des "
            "conseillers communautaires (…-epci.csv, colonne « N° SIREN ») sont acceptés."
        )
    return _RneLayout(
        kind=kind,
        width=len(source.header),
        code=columns[code],
        name=columns.get(name, -1),
        group=columns.get(group, -1) if group else -1,
        last_name=columns["last_name"],
        first_name=columns.get("first_name", -1),
        sex=columns.get("sex", -1),
        birth_date=columns.get("birth_date", -1),
        function=columns.get("function", -1),
        started_on=columns.get("started_on", -1),
    )


def _normaliser(layout: _RneLayout) -> Callable[[str], str]:
    """How codes of the filter column are compared: INSEE codes or SIRENs."""
    return _commune_code if layout.kind is RosterKind.RNE_CM else str.strip


def _commune_code(value: str) -> str:
    """INSEE code with its department's leading zero restored (« 1001 » → « 01001 »)."""
    value = value.strip().upper()
    return value.zfill(5) if value.isdigit() and len(value) < 5 else value


def _wanted_code(layout: _RneLayout, commune: str | None, epci: str | None) -> str | None:
    if layout.kind is RosterKind.RNE_CM and commune is not None and commune.strip():
        code = _commune_code(commune)
        if not re.fullmatch(r"[0-9]{5}|2[AB][0-9]{3}", code):
            raise InputError(
                f"Code commune invalide « {commune.strip()} » : attendu le code INSEE à "
                "5 caractères (par ex. --commune 01001, ou 2A004 en Corse)."
            )
        return code
    if layout.kind is RosterKind.RNE_EPCI and epci is not None and epci.strip():
        code = "".join(epci.split())  # « 200 069 193 » as printed on documents
        problem = siren_problem(code)
        if problem:
            raise InputError(
                f"SIREN d'EPCI invalide (par ex. --epci 200069193) : {lowered(problem)}"
            )
        return code
    return None


def _choose_hint(layout: _RneLayout) -> str:
    if layout.kind is RosterKind.RNE_EPCI:
        return "choisissez l'EPCI avec --epci SIREN (par ex. --epci 200069193)"
    return "choisissez la commune avec --commune CODE (code INSEE, par ex. --commune 01001)"


def _codes_list(found: dict[str, str]) -> str:
    shown = [f"{code} {name}".strip() for code, name in list(found.items())[:_CODES_SHOWN]]
    return ", ".join(shown) + (", …" if len(found) > _CODES_SHOWN else "")


def _label(row: list[str], index: int) -> str:
    return row[index].strip() if len(row) > index >= 0 else ""


def _first_codes(source: _Source, layout: _RneLayout) -> dict[str, str]:
    """The first few codes of the file (code → label): enough to show the secretary."""
    normalise = _normaliser(layout)
    found: dict[str, str] = {}
    for _first, _last, row in source.records():
        if len(row) > layout.code and row[layout.code].strip():
            found.setdefault(normalise(row[layout.code]), _label(row, layout.name))
            if len(found) > _CODES_SHOWN:
                break
    return found


def _select_rows(
    source: _Source, layout: _RneLayout, wanted: str | None, tracker: _Progress
) -> tuple[list[tuple[int, int, list[str]]], dict[str, str]]:
    """The records of the wanted code (of the only code when ``wanted`` is None).

    Also returns the codes met (code → label); when a second code shows up without
    ``wanted``, the file will be refused, so only a few more codes are gathered.
    """
    normalise = _normaliser(layout)
    code_index = layout.code
    found: dict[str, str] = {}
    kept: list[tuple[int, int, list[str]]] = []
    # Any line holding the wanted code holds its last digits (« 1001 » in « 01001 »).
    hint = "" if wanted is None else wanted.lstrip("0") if wanted.isdigit() else wanted[2:]
    for first, last, row in source.records(tracker, hint):
        # Hot path (half a million rows): compare the code column before anything else.
        raw = row[code_index] if len(row) > code_index else ""
        if raw != wanted:
            code = normalise(raw)
            if not code:  # no code to tell whose row it is: only a one-code file owns it
                if wanted is None and not _blank(row):
                    kept.append((first, last, row))
                continue
            if wanted is not None:
                if code != wanted:
                    continue
            else:
                found.setdefault(code, _label(row, layout.name))
                if len(found) > 1:  # the file will be refused: only gather a few codes
                    if len(found) > _CODES_SHOWN:
                        break
                    continue
        kept.append((first, last, row))
    return kept, found


def _parse_rne(
    source: _Source,
    commune: str | None,
    epci: str | None,
    tracker: _Progress,
    id_prefix: str,
    start: int,
) -> RosterParse:
    layout = _rne_layout(source)
    wanted = _wanted_code(layout, commune, epci)
    kept, found = _select_rows(source, layout, wanted, tracker)
    what = "EPCI" if layout.kind is RosterKind.RNE_EPCI else "communes"
    if wanted is None and len(found) > 1:
        raise InputError(
            f"Ce fichier contient les élus de plusieurs {what} ({_codes_list(found)}) : "
            f"{_choose_hint(layout)}."
        )
    if wanted is not None and not kept:
        label = "SIREN" if layout.kind is RosterKind.RNE_EPCI else "code INSEE"
        raise InputError(
            f"Aucun élu avec le {label} {wanted} dans ce fichier ({what} du fichier : "
            f"{_codes_list(_first_codes(source, layout)) or 'aucune'}) : vérifiez le code."
        )

    members: list[Member] = []
    rejected: list[RejectedLine] = []
    name = ""
    for first, last, raw in kept:
        text = source.text(first, last)
        row, reason = _fit(raw, layout.width)
        if row is None:
            rejected.append(RejectedLine(first, text, reason))
            continue
        name = name or _label(row, layout.name)
        member = _rne_member(layout, row, f"{id_prefix}{start + len(members)}")
        if isinstance(member, str):
            rejected.append(RejectedLine(first, text, member))
        else:
            members.append(member)
    if len(members) > MAX_MEMBERS:
        raise too_many_members(len(members), "élus pour cette collectivité")
    code = wanted if wanted is not None else next(iter(found), "")
    return RosterParse(layout.kind, tuple(members), tuple(rejected), code, name)


def _rne_member(layout: _RneLayout, row: list[str], member_id: str) -> Member | str:
    """The member of an RNE row, or the French reason it is rejected."""

    def cell(index: int) -> str:
        return " ".join(row[index].split()) if index >= 0 else ""

    last_name = cell(layout.last_name)
    if not last_name:
        return "nom de l'élu manquant"
    sex = cell(layout.sex).upper()
    if sex not in ("M", "F", ""):
        return f"code sexe inconnu « {sex} » (attendu M ou F)"
    try:
        birth_date = parse_date(cell(layout.birth_date))
    except ValueError:
        return _bad_date(cell(layout.birth_date))
    try:  # a by-election replacement is in office from that day
        started_on = parse_date(cell(layout.started_on))
    except ValueError:
        return _bad_start(cell(layout.started_on))
    return Member(
        id=member_id,
        last_name=last_name,
        first_name=cell(layout.first_name),
        civility={"M": "M.", "F": "Mme"}.get(sex, ""),
        group=cell(layout.group),
        function=cell(layout.function),
        birth_date=birth_date,
        started_on=started_on,
    )
