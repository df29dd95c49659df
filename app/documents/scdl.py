"""Open data: the SCDL « Délibérations » CSV and its validation.

One row per act adopted (a rejected proposal is no act), the 17 columns of
``resources/scdl-deliberations-schema.json``
in their order. ``validate_scdl`` applies that schema's constraints (required, pattern,
types) and its custom checks (SIRET key, cohesive, compared and summed columns, ACTES
nomenclature) and returns French error messages; an empty list means the file is valid.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.domain.assembly import siret_ok
from app.domain.projections import is_adopted_act
from app.domain.state import ItemRecord, SessionState
from app.resources import resource_path

SCHEMA_FILE = "scdl-deliberations-schema.json"
NOMENCLATURE_FILE = "actes-nomenclature.csv"

COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
)


@dataclass(frozen=True)
class Subject:
    """A level-2 entry of the ACTES nomenclature."""

    code: str
    family: str
    name: str

    @property
    def scdl_name(self) -> str:
        """« institutions et vie politique/intercommunalité »: lower case, accents kept, no
        comma or parenthesis, no space around the slash."""
        return f"{_clean(self.family)}/{_clean(self.name)}"


def _clean(text: str) -> str:
    text = re.sub(r"[,()]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    with resource_path(SCHEMA_FILE).open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, Subject]:
    """The ACTES subjects by code (« 5.7 » → Intercommunalité)."""
    out: dict[str, Subject] = {}
    with resource_path(NOMENCLATURE_FILE).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            code = row["matiere_code"].strip()
            out[code] = Subject(code, row["famille"].strip(), row["matiere"].strip())
    return out


def subject(code: str) -> Subject | None:
    return nomenclature().get(code.strip())


# --------------------------------------------------------------------------- writing


def scdl_row(state: SessionState, rec: ItemRecord) -> dict[str, str]:
    """One SCDL row. VOTE_EFFECTIF is the number of members who could vote on the item
    (the snapshot's voters: present + represented − recused); VOTE_REEL is
    VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION. Elections leave the vote columns empty."""
    assembly, session, item = state.assembly, state.session, rec.item
    sub = subject(item.subject) if item.subject else None
    transmission = session.transmission(item.id)
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        COLL_NOM=assembly.organisation,
        COLL_SIRET=assembly.siret,
        DELIB_ID=item.act_number,
        DELIB_DATE=session.date.isoformat(),
        DELIB_MATIERE_CODE=item.subject,
        DELIB_MATIERE_NOM=sub.scdl_name if sub else "",
        DELIB_OBJET=" ".join(item.title.split()),
    )
    if transmission is not None and transmission.received_on is not None:
        row["PREF_DATE"] = transmission.received_on.isoformat()
    if transmission is not None and transmission.actes_id:
        # the préfecture of the department named in the acknowledged identifier
        row["PREF_ID"] = "PREF" + transmission.actes_id.split("-", 1)[0]
    if rec.vote is not None and rec.snapshot is not None:
        t = rec.vote.tally
        row.update(
            VOTE_EFFECTIF=str(rec.snapshot.voters),
            VOTE_REEL=str(t.count_for + t.count_against + t.count_abstain),
            VOTE_POUR=str(t.count_for),
            VOTE_CONTRE=str(t.count_against),
            VOTE_ABSTENTION=str(t.count_abstain),
        )
    return row


def scdl_rows(state: SessionState) -> list[dict[str, str]]:
    return [scdl_row(state, rec) for rec in state.item_records() if is_adopted_act(rec)]


def scdl_text(state: SessionState) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(scdl_rows(state))
    return buffer.getvalue()


def write_scdl(state: SessionState, path: Path) -> Path:
    """Write the SCDL CSV (UTF-8, comma-separated, header row)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(scdl_text(state).encode("utf-8"))
    return path


# --------------------------------------------------------------------------- validation


def _is_date(value: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _is_integer(value: str) -> int | None:
    return int(value) if re.fullmatch(r"[+-]?\d+", value) else None


def _typed(field: dict[str, Any], value: str) -> Any:
    kind = field.get("type", "string")
    if kind == "date":
        return _is_date(value)
    if kind == "integer":
        return _is_integer(value)
    return value


def _check_field(field: dict[str, Any], value: str, where: str) -> list[str]:
    errors: list[str] = []
    name = field["name"]
    constraints = field.get("constraints", {})
    if not value:
        if constraints.get("required"):
            errors.append(f"{where}, {name} : valeur obligatoire manquante.")
        return errors
    kind = field.get("type", "string")
    if kind == "date" and _is_date(value) is None:
        errors.append(f"{where}, {name} : « {value} » n'est pas une date AAAA-MM-JJ valide.")
    elif kind == "integer" and _is_integer(value) is None:
        errors.append(f"{where}, {name} : « {value} » n'est pas un nombre entier.")
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        errors.append(
            f"{where}, {name} : « {value} » ne respecte pas le format attendu ({pattern})."
        )
    if field.get("format") == "uri" and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value):
        errors.append(f"{where}, {name} : « {value} » n'est pas une adresse (URI) valide.")
    return errors


_OPS: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    ">=": (lambda a, b: a >= b, "supérieur ou égal à"),
    ">": (lambda a, b: a > b, "strictement supérieur à"),
    "<=": (lambda a, b: a <= b, "inférieur ou égal à"),
    "<": (lambda a, b: a < b, "strictement inférieur à"),
    "==": (lambda a, b: a == b, "égal à"),
}


def _custom_checks(row: dict[str, str], fields: dict[str, dict[str, Any]], where: str) -> list[str]:
    errors: list[str] = []
    valid_names = {s.scdl_name for s in nomenclature().values()}
    for check in schema().get("custom_checks", []):
        name, params = check["name"], check.get("params", {})
        column = params.get("column", "")
        value = row.get(column, "")
        if name == "french-siret-value":
            if value and not siret_ok(value):
                errors.append(
                    f"{where}, {column} : « {value} » n'est pas un SIRET valide "
                    "(14 chiffres dont la clé de Luhn)."
                )
        elif name == "year-interval-value":
            if value:
                m = re.fullmatch(r"(\d{4})(?:/(\d{4}))?", value)
                if (
                    not m
                    or (m.group(2) is None and params.get("allow-year-only") != "yes")
                    or (m.group(2) is not None and int(m.group(2)) != int(m.group(1)) + 1)
                ):
                    errors.append(
                        f"{where}, {column} : « {value} » n'est pas une année ou un "
                        "intervalle d'années AAAA/AAAA valide."
                    )
        elif name == "cohesive-columns-value":
            others = params.get("othercolumns", [])
            filled = [c for c in [column, *others] if row.get(c, "")]
            if filled and len(filled) != len(others) + 1:
                empty = [c for c in [column, *others] if not row.get(c, "")]
                errors.append(
                    f"{where} : les colonnes {', '.join([column, *others])} se "
                    f"remplissent ensemble ({', '.join(empty)} vide)."
                )
        elif name == "compare-columns-value":
            other = params.get("column2", "")
            op = params.get("op", ">=")
            a = _typed(fields.get(column, {}), value) if value else None
            b = _typed(fields.get(other, {}), row.get(other, "")) if row.get(other) else None
            if a is not None and b is not None and op in _OPS and not _OPS[op][0](a, b):
                errors.append(
                    f"{where} : {column} (« {value} ») doit être {_OPS[op][1]} "
                    f"{other} (« {row.get(other)} »)."
                )
        elif name == "sum-columns-value":
            parts = params.get("columns", [])
            total = _is_integer(value) if value else None
            numbers = [_is_integer(row.get(c, "")) if row.get(c) else None for c in parts]
            if total is not None and all(n is not None for n in numbers):
                expected = sum(n for n in numbers if n is not None)
                if total != expected:
                    errors.append(
                        f"{where} : {column} vaut {total} mais {' + '.join(parts)} = {expected}."
                    )
        elif name == "nomenclature-actes-value":
            if value and value not in valid_names:
                hint = ""
                if re.search(r"[,()]|\s/|/\s", value) or value != value.lower():
                    hint = " (minuscules, sans virgule ni parenthèse, sans espace autour de « / »)"
                errors.append(
                    f"{where}, {column} : « {value} » n'est pas un intitulé de la "
                    f"nomenclature ACTES{hint}."
                )
    code = row.get("DELIB_MATIERE_CODE", "")
    nom = row.get("DELIB_MATIERE_NOM", "")
    sub = subject(code) if code else None
    if code and sub is None and re.fullmatch(r"\d\.\d{1,2}", code):
        errors.append(
            f"{where}, DELIB_MATIERE_CODE : « {code} » n'existe pas dans la nomenclature ACTES."
        )
    elif sub is not None and nom and nom in valid_names and nom != sub.scdl_name:
        errors.append(
            f"{where} : DELIB_MATIERE_NOM « {nom} » ne correspond pas au code "
            f"{code} (« {sub.scdl_name} »)."
        )
    return errors


def validate_scdl(source: Path | str) -> list[str]:
    """Check a SCDL CSV (a path, or the CSV text) against the schema; French messages,
    empty when valid."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    if text.startswith("\ufeff"):
        text = text[1:]
    fields_list = schema()["fields"]
    expected = [f["name"] for f in fields_list]
    fields = {f["name"]: f for f in fields_list}
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        return ["Fichier vide : la ligne d'en-tête est attendue."]
    errors: list[str] = []
    if rows[0] != expected:
        return [
            f"En-tête : {len(expected)} colonnes attendues dans cet ordre : {', '.join(expected)}."
        ]
    for number, cells in enumerate(rows[1:], start=2):
        where = f"Ligne {number}"
        if not any(cells):
            continue
        if len(cells) != len(expected):
            errors.append(f"{where} : {len(cells)} colonnes au lieu de {len(expected)}.")
            continue
        row = dict(zip(expected, cells, strict=True))
        for field in fields_list:
            errors += _check_field(field, row[field["name"]], where)
        errors += _custom_checks(row, fields, where)
    return errors
