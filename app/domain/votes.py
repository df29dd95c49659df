"""Votes: tallies, majorities, the casting vote and the outcome (L2121-20, L2121-21)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.assembly import Majority
from app.domain.errors import Refusal, Refused
from app.domain.events import Ballot, Choice


@dataclass(frozen=True)
class Tally:
    """The figures of a vote (weights when the rules weigh votes)."""

    ballot: Ballot
    voters: int
    count_for: int
    count_against: int
    count_abstain: int = 0
    blank: int = 0
    spoilt: int = 0

    @property
    def expressed(self) -> int:
        """Suffrages exprimés: for + against; abstentions, blank and spoilt are not."""
        return self.count_for + self.count_against

    @property
    def total(self) -> int:
        return self.count_for + self.count_against + self.count_abstain + self.blank + self.spoilt


@dataclass(frozen=True)
class VoteResult:
    """A recorded vote and what it decided."""

    tally: Tally
    majority: Majority
    needed: int
    adopted: bool
    casting_vote_used: bool
    tie: bool
    recused: tuple[str, ...]  # members (present or represented) who did not take part
    choices: tuple[tuple[str, Choice], ...] = ()  # public ballot: every voter, resolved
    president_vote: Choice | None = None

    @property
    def unanimous(self) -> bool:
        """Every voter voted for (« à l'unanimité »)."""
        t = self.tally
        return t.count_for > 0 and t.count_for == t.total

    @property
    def unanimous_expressed(self) -> bool:
        """No vote against, but some abstentions (« à l'unanimité des suffrages exprimés »)."""
        t = self.tally
        return t.count_for > 0 and t.count_against == 0 and not self.unanimous

    def names(self, choice: Choice) -> tuple[str, ...]:
        return tuple(m for m, c in self.choices if c is choice)


def needed_for(majority: Majority, expressed: int, in_office: int) -> int:
    """The number of votes for that adopts."""
    if majority is Majority.TWO_THIRDS_EXPRESSED:
        return max(1, -((-2 * expressed) // 3))  # ⌈2/3 · expressed⌉
    if majority is Majority.ABSOLUTE_MEMBERS_IN_OFFICE:
        return in_office // 2 + 1
    return expressed // 2 + 1


def decide(
    tally: Tally,
    majority: Majority,
    *,
    in_office: int,
    casting_vote_allowed: bool,
    president_vote: Choice | None,
    recused: tuple[str, ...] = (),
    choices: tuple[tuple[str, Choice], ...] = (),
) -> VoteResult:
    """Apply the item's majority to the tally; a tie goes to the president's side
    (casting vote) except in a secret ballot or when the president took no side."""
    needed = needed_for(majority, tally.expressed, in_office)
    tie = tally.count_for == tally.count_against and tally.count_for > 0
    casting_used = False
    if majority is Majority.ABSOLUTE_EXPRESSED and tie:
        if (
            casting_vote_allowed
            and tally.ballot is not Ballot.SECRET
            and president_vote in (Choice.FOR, Choice.AGAINST)
        ):
            adopted = president_vote is Choice.FOR
            casting_used = True
        else:
            adopted = False
    else:
        adopted = tally.count_for >= needed and tally.count_for > tally.count_against
    return VoteResult(
        tally=tally,
        majority=majority,
        needed=needed,
        adopted=adopted,
        casting_vote_used=casting_used,
        tie=tie,
        recused=recused,
        choices=choices,
        president_vote=president_vote,
    )


def check_total(tally: Tally) -> None:
    """A vote's totals must equal the voters; say which number is off."""
    if tally.total == tally.voters:
        return
    raise Refused(
        Refusal.VOICES_MISMATCH,
        voters=tally.voters,
        total=tally.total,
        ballot=tally.ballot,
        count_for=tally.count_for,
        count_against=tally.count_against,
        count_abstain=tally.count_abstain,
        blank=tally.blank,
        spoilt=tally.spoilt,
    )
