"""The ACTES subject nomenclature (``resources/actes-nomenclature.csv``) for the agenda."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from app.resources import resource_path


@dataclass(frozen=True)
class Subject:
    """An ACTES subject: « 5.7 » Intercommunalité, within « 5 » Institutions et vie politique."""

    code: str
    label: str
    family: str

    @property
    def display(self) -> str:
        return f"{self.code} — {self.label}"


def nomenclature_path() -> Path:
    return resource_path("actes-nomenclature.csv")


def load_subjects(path: Path | None = None) -> tuple[Subject, ...]:
    """The subjects of level 2, in file order; () when the file is missing or unreadable."""
    path = path or nomenclature_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        return ()
    rows = csv.DictReader(text.splitlines(), delimiter=";")
    out = []
    for row in rows:
        code = (row.get("matiere_code") or "").strip()
        if code:
            out.append(
                Subject(
                    code, (row.get("matiere") or "").strip(), (row.get("famille") or "").strip()
                )
            )
    return tuple(out)


def subject_code(text: str) -> str:
    """The code typed or picked in the subject combo: « 5.7 — Intercommunalité » → « 5.7 »."""
    return text.split("—", 1)[0].strip()
