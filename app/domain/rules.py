"""Rules as data: quorum, proxies, weights and casting vote, with the presets of DOMAIN.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from typing import Any

from app.domain.errors import InputError

PRESETS: dict[str, dict[str, Any]] = {
    # L2121-17 (communes, and EPCI / syndicats through L5211-1, L5711-1)
    "commune": {},
    # L3121-14
    "departement": {},
    # L4132-13
    "region": {},
    # L3122-7 / L4133-7: present or represented
    "commission_permanente": {"quorum_counts_proxies": True},
    # ordonnances and laws of 2020-2021: a third present, two proxies per holder
    "covid_2020": {
        "quorum_fraction": Fraction(1, 3),
        "quorum_strict": False,
        "max_proxies_per_holder": 2,
    },
    # ordonnance 2020-391 (1 April - 10 July 2020): a third present *or represented*
    "ordonnance_2020_391": {
        "quorum_fraction": Fraction(1, 3),
        "quorum_strict": False,
        "quorum_counts_proxies": True,
        "max_proxies_per_holder": 2,
    },
    "custom": {},
}

PRESET_LABELS = {
    "commune": "Commune, EPCI, syndicat (droit commun)",
    "departement": "Conseil départemental",
    "region": "Conseil régional",
    "commission_permanente": "Commission permanente",
    "covid_2020": "Régime dérogatoire 2020-2021 (covid)",
    "ordonnance_2020_391": "Ordonnance 2020-391 (1er avril – 10 juillet 2020)",
    "custom": "Statuts particuliers (personnalisé)",
}

RECUSED_OUT_OF_QUORUM = ("l1111_6", "all", "none")


@dataclass(frozen=True)
class Rules:
    """The rules an assembly deliberates under; passed to every fold."""

    preset: str = "commune"
    quorum_fraction: Fraction = Fraction(1, 2)
    quorum_strict: bool = True
    quorum_counts_proxies: bool = False
    quorum_weighted: bool = False
    weighted: bool = False
    max_proxies_per_holder: int = 1
    casting_vote: bool = True
    # which recused members leave the number in office for their item
    recused_out_of_quorum: str = "l1111_6"

    @staticmethod
    def from_preset(name: str) -> Rules:
        if name not in PRESETS:
            known = ", ".join(PRESETS)
            raise InputError(f"Règles : préréglage « {name} » inconnu (attendu : {known}).")
        return replace(Rules(preset=name), **PRESETS[name])

    @staticmethod
    def from_dict(data: dict[str, Any] | None) -> Rules:
        """Read the ``rules`` object of FORMAT.md: a preset and any overrides."""
        if data is None:
            return Rules()
        if not isinstance(data, dict):
            raise InputError("Règles : un objet JSON est attendu.")
        rules = Rules.from_preset(str(data.get("preset") or "commune"))
        overrides: dict[str, Any] = {}
        for key, value in data.items():
            if key == "preset" or value is None:
                continue
            if key == "quorum_fraction":
                overrides[key] = _parse_fraction(value)
            elif key in (
                "quorum_strict",
                "quorum_counts_proxies",
                "weighted",
                "quorum_weighted",
                "casting_vote",
            ):
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
                    raise InputError(
                        "Règles : « recused_out_of_quorum » vaut l1111_6, all ou none."
                    )
                overrides[key] = value
            else:
                raise InputError(f"Règles : paramètre « {key} » inconnu.")
        if overrides.get("weighted") and "quorum_weighted" not in overrides:
            overrides["quorum_weighted"] = False
        return replace(rules, **overrides)

    def to_dict(self) -> dict[str, Any]:
        """The shortest ``rules`` object that gives back these rules."""
        base = Rules.from_preset(self.preset)
        out: dict[str, Any] = {"preset": self.preset}
        for key, value in asdict(self).items():
            if key != "preset" and getattr(base, key) != value:
                out[key] = (
                    f"{value.numerator}/{value.denominator}"
                    if isinstance(value, Fraction)
                    else value
                )
        return out

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
