"""Members of an assembly: titulars, suppléants, groups and weights."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text`` ("Lefèvre" → "lefevre")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Member:
    """A member of the assembly (titular), or a suppléant when ``substitute_for`` is set."""

    id: str
    last_name: str
    first_name: str = ""
    civility: str = ""
    group: str = ""
    function: str = ""
    weight: int = 1
    substitute_for: str | None = None
    birth_date: date | None = None
    ended_on: date | None = None  # « fin de mandat »: not in office for sessions after it
    started_on: date | None = None  # a by-election replacement: in office from that day
    search_key: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        key = fold(f"{self.last_name} {self.first_name} {self.first_name} {self.last_name}")
        object.__setattr__(self, "search_key", key)

    @property
    def is_substitute(self) -> bool:
        return self.substitute_for is not None

    def in_office_on(self, day: date) -> bool:
        """A titular whose mandate runs on ``day``: started on or before it, not ended
        before it."""
        return (
            not self.is_substitute
            and (self.started_on is None or self.started_on <= day)
            and (self.ended_on is None or self.ended_on >= day)
        )

    @property
    def short_name(self) -> str:
        """« Mme MARTIN » — the form used in the « Pouvoir à » column."""
        return f"{self.civility} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        """« Mme MARTIN Anne » — the form of rosters."""
        return " ".join(p for p in (self.civility, self.last_name, self.first_name) if p)

    @property
    def formal_name(self) -> str:
        """« Madame Anne MARTIN » — the form of sentences."""
        title = {"Mme": "Madame", "M.": "Monsieur", "Mlle": "Mademoiselle"}.get(
            self.civility, self.civility
        )
        return " ".join(p for p in (title, self.first_name, self.last_name) if p)

    @property
    def is_feminine(self) -> bool:
        return self.civility in ("Mme", "Mlle")

    def matches(self, query: str) -> bool:
        """Accent- and case-insensitive search on names ("lefe" finds LEFÈVRE)."""
        return fold(query.strip()) in self.search_key
