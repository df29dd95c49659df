"""Rules as data: quorum, proxies, weights and casting vote, with the presets of docs/FORMAT.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from app.domain.errors import InputError


class Preset(StrEnum):
    """A named, dated series of rule values (``SERIES``)."""

    COMMUNE = "commune"
    DEPARTEMENT = "departement"
    REGION = "region"
    COMMISSION_PERMANENTE = "commission_permanente"
    COVID_2020 = "covid_2020"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]


# Each preset is a series of (in force from, values that differ from the defaults),
# oldest first; ``None`` means « since always ». The values in force on a session's date
# are copied into its constitution, so editing a series never re-judges a held session.
SERIES: dict[Preset, tuple[tuple[date | None, dict[str, Any]], ...]] = {
    # L2121-17 (communes, and EPCI / syndicats through L5211-1, L5711-1)
    Preset.COMMUNE: ((None, {}),),
    # L3121-14
    Preset.DEPARTEMENT: ((None, {}),),
    # L4132-13
    Preset.REGION: ((None, {}),),
    # L3122-7 / L4133-7: present or represented
    Preset.COMMISSION_PERMANENTE: ((None, {"quorum_counts_proxies": True}),),
    # lois 2020-290, 2020-1379, 2022-46: a third of members present, two proxies per
    # holder; ordonnance 2020-391 (1 April - 10 July 2020): present or represented
    Preset.COVID_2020: (
        (
            None,
            {
                "quorum_fraction": Fraction(1, 3),
                "quorum_strict": False,
                "max_proxies_per_holder": 2,
            },
        ),
        (
            date(2020, 4, 1),
            {
                "quorum_fraction": Fraction(1, 3),
                "quorum_strict": False,
                "max_proxies_per_holder": 2,
                "quorum_counts_proxies": True,
            },
        ),
        (
            date(2020, 7, 11),
            {
                "quorum_fraction": Fraction(1, 3),
                "quorum_strict": False,
                "max_proxies_per_holder": 2,
            },
        ),
    ),
    Preset.CUSTOM: ((None, {}),),
}


def preset_values(preset: Preset, on: date | None = None) -> dict[str, Any]:
    """The values of ``preset`` in force on ``on`` (default: the latest ones)."""
    chosen: dict[str, Any] = {}
    for start, values in SERIES[preset]:
        if on is None or start is None or start <= on:
            chosen = values
    return chosen


# the latest values of each preset (read-only view kept for callers)
PRESETS: dict[Preset, dict[str, Any]] = {p: preset_values(p) for p in Preset}

PRESET_LABELS: dict[Preset, str] = {
    Preset.COMMUNE: "Commune, EPCI, syndicat (droit commun)",
    Preset.DEPARTEMENT: "Conseil départemental",
    Preset.REGION: "Conseil régional",
    Preset.COMMISSION_PERMANENTE: "Commission permanente",
    Preset.COVID_2020: "Régime dérogatoire 2020-2021 (covid)",
    Preset.CUSTOM: "Statuts particuliers (personnalisé)",
}


class RecusedOutOfQuorum(StrEnum):
    """Which recused members leave the number in office (N) for their item."""

    L1111_6 = "l1111_6"  # representatives of the collectivity in the body concerned
    ALL = "all"
    NONE = "none"


RECUSED_OUT_OF_QUORUM = tuple(k.value for k in RecusedOutOfQuorum)
_BOOLEANS = (
    "quorum_strict",
    "quorum_counts_proxies",
    "weighted",
    "quorum_weighted",
    "casting_vote",
)


@dataclass(frozen=True)
class Rules:
    """The rules an assembly deliberates under; passed to every fold."""

    preset: Preset = Preset.COMMUNE
    quorum_fraction: Fraction = Fraction(1, 2)
    quorum_strict: bool = True
    quorum_counts_proxies: bool = False
    quorum_weighted: bool = False
    weighted: bool = False
    max_proxies_per_holder: int = 1
    casting_vote: bool = True
    # which recused members leave the number in office for their item
    recused_out_of_quorum: RecusedOutOfQuorum = RecusedOutOfQuorum.L1111_6

    def __post_init__(self) -> None:
        if not isinstance(self.preset, Preset):
            object.__setattr__(self, "preset", _preset(str(self.preset)))
        if not isinstance(self.recused_out_of_quorum, RecusedOutOfQuorum):
            kind = RecusedOutOfQuorum(str(self.recused_out_of_quorum))
            object.__setattr__(self, "recused_out_of_quorum", kind)

    @staticmethod
    def from_preset(preset: Preset, on: date | None = None) -> Rules:
        """The values of ``preset`` in force on ``on`` (default: the latest)."""
        preset = _preset(str(preset))  # a caller outside the typed code may pass its name
        return replace(Rules(preset=preset), **preset_values(preset, on))

    @staticmethod
    def from_dict(data: dict[str, Any] | None, on: date | None = None) -> Rules:
        """Read the ``rules`` object of docs/FORMAT.md: a preset and any overrides; the
        preset's values are those in force on ``on`` (default: the latest)."""
        if data is None:
            return Rules.from_preset(Preset.COMMUNE, on)
        if not isinstance(data, dict):
            raise InputError("Règles : un objet JSON est attendu.")
        rules = Rules.from_preset(_preset(str(data.get("preset") or Preset.COMMUNE.value)), on)
        overrides = _overrides(data)
        if overrides.get("weighted") and "quorum_weighted" not in overrides:
            overrides["quorum_weighted"] = False
        return replace(rules, **overrides)

    def to_dict(self, on: date | None = None) -> dict[str, Any]:
        """The shortest ``rules`` object that gives back these rules (preset values of
        ``on``)."""
        base = Rules.from_preset(self.preset, on)
        out: dict[str, Any] = {"preset": self.preset.value}
        for key, value in asdict(self).items():
            if key != "preset" and getattr(base, key) != value:
                out[key] = _value(value)
        return out

    def to_values(self) -> dict[str, Any]:
        """Every value explicitly (what a constitution keeps): no preset is looked up."""
        return {key: _value(value) for key, value in asdict(self).items()}

    @staticmethod
    def from_values(data: Any) -> Rules:
        """Read explicit values (``to_values``): every field required, the preset is a
        label only, its series is not consulted."""
        if not isinstance(data, dict):
            raise InputError("Règles : un objet JSON est attendu.")
        missing = [f.name for f in fields(Rules) if f.name not in data]
        if missing:
            raise InputError(f"Règles : valeur(s) manquante(s) : {', '.join(missing)}.")
        return Rules(preset=_preset(str(data["preset"])), **_overrides(data))

    def required(self, in_office: int) -> int:
        """Members (or weight) that must be present for the quorum."""
        threshold = self.quorum_fraction * in_office
        if self.quorum_strict:
            return int(threshold) + 1  # strictly more than: ⌊N·f⌋ + 1
        return -((-threshold.numerator) // threshold.denominator)  # at least: ⌈N·f⌉

    def describe(self) -> str:
        """The rules in plain French, for the assembly editor and the documents."""
        fraction = {
            Fraction(1, 2): "la moitié",
            Fraction(1, 3): "le tiers",
            Fraction(2, 3): "les deux tiers",
        }.get(
            self.quorum_fraction,
            f"{self.quorum_fraction.numerator}/{self.quorum_fraction.denominator}",
        )
        who = "présents ou représentés" if self.quorum_counts_proxies else "présents"
        how = "plus de" if self.quorum_strict else "au moins"
        parts = [f"Quorum : {how} {fraction} des membres en exercice {who}"]
        parts.append("pouvoirs comptés" if self.quorum_counts_proxies else "pouvoirs non comptés")
        n = self.max_proxies_per_holder
        parts.append(
            {0: "pouvoirs interdits", 1: "un pouvoir par porteur"}.get(
                n, f"{n} pouvoirs par porteur"
            )
        )
        if self.weighted:
            parts.append("votes pondérés" + (" (quorum pondéré)" if self.quorum_weighted else ""))
        parts.append(
            "voix prépondérante du président en cas de partage"
            if self.casting_vote
            else "pas de voix prépondérante"
        )
        return " ; ".join(parts) + "."


def _overrides(data: dict[str, Any]) -> dict[str, Any]:
    """The explicit values of a ``rules`` object, checked (the preset left out)."""
    overrides: dict[str, Any] = {}
    for key, value in data.items():
        if key == "preset" or value is None:
            continue
        if key == "quorum_fraction":
            overrides[key] = _parse_fraction(value)
        elif key in _BOOLEANS:
            if not isinstance(value, bool):
                raise InputError(f"Règles : « {key} » doit valoir true ou false.")
            overrides[key] = value
        elif key == "max_proxies_per_holder":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
                raise InputError(
                    "Règles : « max_proxies_per_holder » doit être un entier entre 0 et 10."
                )
            overrides[key] = value
        elif key == "recused_out_of_quorum":
            if value not in RECUSED_OUT_OF_QUORUM:
                raise InputError("Règles : « recused_out_of_quorum » vaut l1111_6, all ou none.")
            overrides[key] = RecusedOutOfQuorum(value)
        else:
            raise InputError(f"Règles : paramètre « {key} » inconnu.")
    return overrides


def _preset(name: str) -> Preset:
    try:
        return Preset(name)
    except ValueError:
        known = ", ".join(p.value for p in Preset)
        raise InputError(f"Règles : préréglage « {name} » inconnu (attendu : {known}).") from None


def _value(value: Any) -> Any:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, StrEnum):
        return value.value
    return value


def _parse_fraction(value: Any) -> Fraction:
    try:
        if isinstance(value, str) and "/" in value:
            num, den = value.split("/", 1)
            fraction = Fraction(int(num), int(den))
        elif isinstance(value, (int, str)) and not isinstance(value, bool):
            fraction = Fraction(value)
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise InputError(f"Règles : fraction de quorum « {value} » illisible (ex. « 1/2 »).")
    if not 0 < fraction <= 1:
        raise InputError("Règles : la fraction de quorum doit être comprise entre 0 et 1.")
    return fraction
