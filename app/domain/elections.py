"""Elections of persons (nominations): secret ballot, absolute majority in rounds 1 and 2,
relative majority in round 3, and at a tie the oldest candidate wins (L2122-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import DomainError


@dataclass(frozen=True)
class RoundResult:
    round: int
    votes: tuple[tuple[str, int], ...]  # candidate → ballots, most first
    blank: int
    spoilt: int
    expressed: int
    needed: int | None  # absolute majority in rounds 1-2; None in round 3
    elected: str | None
    by_age: bool  # the tie was broken by age

    @property
    def total(self) -> int:
        return self.expressed + self.blank + self.spoilt


def round_result(
    round_no: int,
    votes: dict[str, int],
    blank: int,
    spoilt: int,
    birth_dates: dict[str, date | None],
) -> RoundResult:
    """Who, if anyone, is elected at this round."""
    if not 1 <= round_no <= 3:
        raise DomainError("Élection : seuls trois tours sont possibles.")
    expressed = sum(votes.values())
    ranked = tuple(sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))
    top = ranked[0][1] if ranked else 0
    leaders = [cand for cand, n in ranked if n == top and n > 0]
    if round_no < 3:
        needed = expressed // 2 + 1
        elected = leaders[0] if top >= needed and len(leaders) == 1 else None
        return RoundResult(round_no, ranked, blank, spoilt, expressed, needed, elected, False)
    if not leaders:
        return RoundResult(round_no, ranked, blank, spoilt, expressed, None, None, False)
    if len(leaders) == 1:
        return RoundResult(round_no, ranked, blank, spoilt, expressed, None, leaders[0], False)
    known = {c: birth_dates.get(c) for c in leaders}
    missing = [c for c, d in known.items() if d is None]
    if missing:
        raise DomainError(
            "Élection : égalité au troisième tour ; la date de naissance de "
            f"{', '.join(missing)} est nécessaire pour désigner le plus âgé."
        )
    oldest = min(leaders, key=lambda c: (known[c], c))
    return RoundResult(round_no, ranked, blank, spoilt, expressed, None, oldest, True)
