"""Elections of persons (nominations): secret ballot, absolute majority in rounds 1 and 2,
relative majority in round 3, and at a tie the oldest candidate wins (L2122-7); two
candidates born the same day are not decided by the program: the assembly draws lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import DomainError, Refusal, Refused


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
    by_lot: bool = False  # the tie (same birth date) was broken by drawing lots

    @property
    def total(self) -> int:
        return self.expressed + self.blank + self.spoilt


class ElectionTie(DomainError):
    """A round-3 tie the program cannot break: ``reason`` is ``birth_missing`` (a birth date
    is unknown), ``same_birth`` (born the same day: lots must be drawn) or ``lot_not_tied``
    (the lot drawn names someone who is not tied). The caller words it with names."""

    def __init__(self, reason: str, candidates: list[str]) -> None:
        super().__init__("Élection : égalité au troisième tour.")
        self.reason = reason
        self.candidates = candidates


def round_result(
    round_no: int,
    votes: dict[str, int],
    blank: int,
    spoilt: int,
    birth_dates: dict[str, date | None],
    *,
    drawn: str | None = None,
) -> RoundResult:
    """Who, if anyone, is elected at this round; ``drawn`` is the winner of a drawing of
    lots recorded before a round 3 whose oldest candidates were born the same day."""
    if not 1 <= round_no <= 3:
        raise Refused(Refusal.TOO_MANY_ROUNDS)
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
        raise ElectionTie("birth_missing", missing)
    eldest_day = min(d for d in known.values() if d is not None)
    eldest = [c for c in leaders if known[c] == eldest_day]
    if len(eldest) == 1:
        return RoundResult(round_no, ranked, blank, spoilt, expressed, None, eldest[0], True)
    if drawn is None:
        raise ElectionTie("same_birth", eldest)
    if drawn not in eldest:
        raise ElectionTie("lot_not_tied", eldest)
    return RoundResult(round_no, ranked, blank, spoilt, expressed, None, drawn, False, by_lot=True)


@dataclass(frozen=True)
class ListRoundResult:
    """A round of an election by list (adjoints, EPCI vice-presidents, L2122-7-2)."""

    round: int
    votes: tuple[tuple[str, int], ...]  # list name → ballots, most first
    candidates: tuple[tuple[str, tuple[str, ...]], ...]  # list name → candidates in order
    blank: int
    spoilt: int
    expressed: int
    needed: int | None  # absolute majority in rounds 1-2; None in round 3
    elected: str | None  # the elected list's name
    by_age: bool  # the tie went to the list with the highest average age
    by_lot: bool = False

    @property
    def total(self) -> int:
        return self.expressed + self.blank + self.spoilt

    @property
    def elected_members(self) -> tuple[str, ...]:
        """The elected list's candidates, in the list's order."""
        return dict(self.candidates).get(self.elected or "", ())


def list_round_result(
    round_no: int,
    lists: dict[str, tuple[tuple[str, ...], int]],
    blank: int,
    spoilt: int,
    birth_dates: dict[str, date | None],
    *,
    drawn: str | None = None,
) -> ListRoundResult:
    """Scrutin de liste à la majorité absolue, sans panachage ni vote préférentiel: absolute
    majority of the expressed votes in rounds 1 and 2, relative in round 3; a round-3 tie
    goes to the list whose candidates have the highest average age (L2122-7-2)."""
    if not 1 <= round_no <= 3:
        raise Refused(Refusal.TOO_MANY_ROUNDS)
    votes = {name: n for name, (_, n) in lists.items()}
    candidates = tuple((name, cands) for name, (cands, _) in lists.items())
    expressed = sum(votes.values())
    ranked = tuple(sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))
    top = ranked[0][1] if ranked else 0
    leaders = [name for name, n in ranked if n == top and n > 0]

    def result(needed: int | None, elected: str | None, by_age: bool = False) -> ListRoundResult:
        return ListRoundResult(
            round_no, ranked, candidates, blank, spoilt, expressed, needed, elected, by_age
        )

    if round_no < 3:
        needed = expressed // 2 + 1
        return result(needed, leaders[0] if top >= needed and len(leaders) == 1 else None)
    if len(leaders) <= 1:
        return result(None, leaders[0] if leaders else None)
    missing = [c for name in leaders for c in lists[name][0] if birth_dates.get(c) is None]
    if missing:
        raise ElectionTie("birth_missing", missing)
    # the highest average age: the smallest mean birth date (as day ordinals)
    mean = {
        name: sum(d.toordinal() for c in lists[name][0] if (d := birth_dates[c]))
        * 1.0
        / len(lists[name][0])
        for name in leaders
    }
    eldest_mean = min(mean.values())
    eldest = [name for name in leaders if mean[name] == eldest_mean]
    if len(eldest) == 1:
        return result(None, eldest[0], by_age=True)
    if drawn is None:
        raise ElectionTie("same_birth", eldest)
    if drawn not in eldest:
        raise ElectionTie("lot_not_tied", eldest)
    return ListRoundResult(
        round_no, ranked, candidates, blank, spoilt, expressed, None, drawn, False, by_lot=True
    )
