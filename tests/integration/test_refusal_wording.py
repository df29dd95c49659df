"""Hostile journals against a roster of men and women: every refusal the rules give reads
as French for the secretary. No member id, no Python value (None, True, False, a quoted
repr), participles that agree with the member's civility, French plurals (0 and 1 are
singular), never « n'est plus en exercice » for a mandate that has not begun yet.

The journals are random (seeded: the same on every run) and each event is checked against
the state folded so far, as the live service does; an accepted event is applied."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import replace
from datetime import date

import pytest

from app.domain.assembly import Assembly, AssemblyKind, Item, Majority, Session
from app.domain.errors import DomainError
from app.domain.events import (
    Appointed,
    Arrived,
    Ballot,
    BallotRequested,
    Choice,
    ClosedDoorsEnded,
    ClosedDoorsStarted,
    ClosedStatus,
    ElectionRound,
    Event,
    Excused,
    ItemClosed,
    ItemOpened,
    Left,
    ListElectionRound,
    LotsDrawn,
    Note,
    PresidencyTaken,
    ProxyGiven,
    ProxyRevoked,
    RecusalKind,
    Recused,
    SessionClosed,
    SessionOpened,
    SessionResumed,
    SessionSuspended,
    VoteRecorded,
    WithdrawnFromVote,
)
from app.domain.members import Member
from app.domain.rules import Rules
from app.domain.state import SessionState

DAY = date(2026, 3, 12)

# ids that cannot be mistaken for a word of a sentence; names all distinct
WOMEN = ["ARNAUD", "BLANC", "CARON", "DUMAS", "ÉVRARD", "FABRE"]
MEN = ["GIRARD", "HUBERT", "ISNARD", "JOLY", "KLEIN", "LEBRUN"]


def roster() -> tuple[Member, ...]:
    out: list[Member] = []
    for i, (woman, man) in enumerate(zip(WOMEN, MEN, strict=True)):
        birth = date(1960, 5, 17) if i < 2 else date(1950 + i, 1 + i, 1 + i)  # two twins
        out.append(Member(f"qz{2 * i}w", woman, "Anne", "Mme", birth_date=birth))
        out.append(Member(f"qz{2 * i + 1}k", man, "Paul", "M.", birth_date=birth))
    out[4] = replace(out[4], birth_date=None)  # a tie needs her birth date
    # suppléants of the first two titulars, one of each civility
    out.append(Member("qzs1w", "MOREL", "Lise", "Mme", substitute_for="qz0w"))
    out.append(Member("qzs2k", "NOËL", "Marc", "M.", substitute_for="qz1k"))
    # mandates that ended before the session, or begin after it
    out.append(Member("qze1w", "OLIVIER", "Rose", "Mme", ended_on=date(2025, 12, 31)))
    out.append(Member("qze2k", "PERRIN", "Jean", "M.", ended_on=date(2025, 12, 31)))
    out.append(Member("qzf1w", "QUINTIN", "Léa", "Mme", started_on=date(2026, 6, 1)))
    out.append(Member("qzf2k", "RIVIÈRE", "Noé", "M.", started_on=date(2026, 6, 1)))
    return tuple(out)


MEMBERS = roster()
IDS = [m.id for m in MEMBERS]
TITULARS = [m.id for m in MEMBERS if m.id.startswith("qz") and m.id[2].isdigit()]
ITEMS = ["P1", "P2", "P3"]
LIST_NAMES = ["Ensemble", "Renouveau"]


def assembly(rules: Rules) -> Assembly:
    return Assembly(
        id="a1",
        name="Conseil municipal",
        organisation="Commune de Saint-Exemple",
        kind=AssemblyKind.CONSEIL_MUNICIPAL,
        siren="219900008",
        siret="21990000800018",
        department="099",
        rules=rules,
        members=MEMBERS,
    )


def session(second_convocation: bool) -> Session:
    return Session(
        id="s1",
        assembly_id="a1",
        date=DAY,
        time="18:30",
        place="salle du conseil",
        convened_on=date(2026, 3, 6),
        convocation=2 if second_convocation else 1,
        president="qz0w",
        secretaries=("qz1k",),
        items=tuple(
            Item(id=i, title=f"Point {i}", majority=Majority.ABSOLUTE_EXPRESSED) for i in ITEMS
        ),
    )


def random_event(rng: random.Random, state: SessionState) -> Event:
    """One event, often plausible, often not."""
    member = rng.choice(IDS)
    other = rng.choice(IDS)
    item = state.current_item if state.current_item and rng.random() < 0.7 else rng.choice(ITEMS)
    voters = state.attendance(item).voters
    n = rng.choice([voters, voters, voters - 1, voters + 1, 0, 1])
    kind = rng.randrange(26)
    if kind == 0:
        return SessionOpened()
    if kind == 1:
        return rng.choice([SessionSuspended(), SessionResumed()])
    if kind == 2 and rng.random() < 0.1:
        return SessionClosed()
    if kind in (3, 4, 5):
        for_titular = rng.choice([None, None, rng.choice(IDS)])
        return Arrived(member=member, for_titular=for_titular)
    if kind == 6:
        return Left(member=member)
    if kind == 7:
        return Excused(member=member)
    if kind in (8, 9):
        return ProxyGiven(giver=member, holder=other)
    if kind == 10:
        return ProxyRevoked(giver=member)
    if kind in (11, 12):
        return ItemOpened(item=rng.choice(ITEMS))
    if kind == 13:
        return Recused(member=member, item=item, kind=rng.choice(list(RecusalKind)))
    if kind in (14, 15):
        ballot = rng.choice(list(Ballot))
        president_vote = rng.choice([None, None, *Choice])
        if ballot is Ballot.PUBLIC:
            chosen = rng.sample(IDS, rng.randrange(len(IDS)))
            choices = tuple((m, rng.choice(list(Choice))) for m in chosen)
            return VoteRecorded(
                item=item,
                ballot=ballot,
                choices=choices,
                president_vote=president_vote,
                count_for=rng.choice([None, 1, 3]),
            )
        against = rng.randrange(3)
        tie = n // 2
        return VoteRecorded(
            item=item,
            ballot=ballot,
            count_for=rng.choice([n - against, tie]),
            count_against=rng.choice([against, tie]),
            count_abstain=rng.choice([0, 0, 1]),
            blank=rng.choice([None, 0, 1]),
            spoilt=rng.choice([None, 0]),
            president_vote=president_vote,
        )
    if kind == 16:
        rnd = len(state.items[item].rounds) + rng.choice([1, 1, 1, 2])
        a, b = rng.sample(IDS[:6], 2)
        half = n // 2
        return ElectionRound(item=item, round=rnd, votes=((a, half), (b, n - half)))
    if kind == 17:
        rnd = len(state.items[item].list_rounds) + rng.choice([1, 1, 2])
        lists = tuple(
            (name, tuple(rng.sample(IDS, 2)), rng.choice([n // 2, n - n // 2]))
            for name in rng.sample(LIST_NAMES + LIST_NAMES[:1], 2)
        )
        return ListElectionRound(item=item, round=rnd, lists=lists)
    if kind == 18:
        return ItemClosed(item=item, status=rng.choice(list(ClosedStatus)))
    if kind == 19:
        return Note(item=rng.choice([None, item]), text=rng.choice(["", "  ", "Remarque"]))
    if kind == 20:
        return PresidencyTaken(member=member)
    if kind == 21:
        return WithdrawnFromVote(member=member, item=item)
    if kind == 22:
        return LotsDrawn(item=item, winner=rng.choice([member, *LIST_NAMES, "Autre liste"]))
    if kind == 23:
        return Appointed(item=item, member=member)
    if kind == 24:
        askers = tuple(rng.sample(IDS, rng.randrange(1, 4)))
        if rng.random() < 0.2:
            askers += askers[:1]
        return BallotRequested(item=item, ballot=rng.choice(list(Ballot)), members=askers)
    if rng.random() < 0.5:
        return ClosedDoorsEnded()
    askers = tuple(rng.sample(IDS, rng.randrange(1, 4)))
    return ClosedDoorsStarted(requested_by=askers, votes_for=rng.choice([n, n // 2, 1, 0]))


@functools.cache
def refusals(seed: int, steps: int = 70) -> list[tuple[str, object]]:
    """The refusals met by a random journal: (message, code)."""
    rng = random.Random(seed)
    rules = Rules(
        max_proxies_per_holder=rng.choice([0, 1, 1, 2]),
        quorum_counts_proxies=rng.random() < 0.5,
    )
    state = SessionState(assembly(rules), session(second_convocation=rng.random() < 0.3))
    messages = []
    for index in range(steps):
        event = random_event(rng, state)
        try:
            state.check(event)
        except DomainError as err:
            messages.append((str(err), getattr(err, "code", None)))
            continue
        state.apply(event, index)
    return messages


AGREEING = (
    "présent",
    "absent",
    "excusé",
    "suppléant",
    "suppléé",
    "retiré",
    "représenté",
    "nommé",
    "élu",
)
VERB = r",? (?:ne |n')?(?:est|s'est) (?:pas |plus |déjà |encore )*(\w+)"
COUNTED_NOUNS = (
    "votants",
    "membres",
    "demandeurs",
    "pouvoirs",
    "bulletins",
    "abstentions",
    "blancs",
    "nuls",
)
PLURAL_AFTER_ONE = re.compile(r"(?<![\d,])\b[01] (" + "|".join(COUNTED_NOUNS) + r")\b")
PYTHON_QUOTE = re.compile(r"(?:^|[\s(\[{,:=])'")


def faults(message: str) -> list[str]:
    """What is wrong with a refusal's French (empty: nothing)."""
    found = []
    for member in MEMBERS:
        if re.search(rf"\b{re.escape(member.id)}\b", message):
            found.append(f"id {member.id}")
        name = re.escape(member.short_name)
        for word in re.findall(name + VERB, message):
            stem = next((s for s in AGREEING if word in (s, s + "e")), None)
            if stem is not None and word != stem + ("e" if member.is_feminine else ""):
                found.append(f"{member.short_name} … {word}")
        if member.started_on and re.search(name + r" n'est plus en exercice", message):
            found.append(f"{member.short_name}: mandate not begun, not ended")
        if member.is_feminine and re.search(name + r"\b.*\bretirez-le\b", message):
            found.append(f"{member.short_name}: retirez-le")
    for word in ("None", "True", "False", "(s)", "déjà information"):
        if word in message:
            found.append(word)
    if PYTHON_QUOTE.search(message):
        found.append("Python quote")
    found += [f"plural after 0/1: {m}" for m in PLURAL_AFTER_ONE.findall(message)]
    return found


def test_the_checker_sees_the_faults_it_looks_for():
    """The checks can fail: each fault it hunts is found in a sentence that has it."""
    assert faults("Mme ARNAUD est absent.") == ["Mme ARNAUD … absent"]
    assert faults("M. GIRARD s'est déjà retirée pour le vote.") == ["M. GIRARD … retirée"]
    assert faults("La date de naissance de qz4w est nécessaire.") == ["id qz4w"]
    assert faults("format « None » non reconnu") == ["None"]
    assert faults("choix ['qz' ]") == ["Python quote"]
    assert faults("1 votants mais 2 bulletins saisis.") == ["plural after 0/1: votants"]
    assert faults("Mme QUINTIN n'est plus en exercice (fin de mandat).")
    assert faults("Mme ARNAUD est présente : l'assemblée ne peut pas voter.") == []


@pytest.mark.parametrize("batch", range(4))
def test_every_refusal_reads_as_french(batch):
    bad: dict[str, list[str]] = {}
    for seed in range(batch * 150, (batch + 1) * 150):
        for message, _ in refusals(seed):
            problems = faults(message)
            if problems:
                bad.setdefault(message, problems)
    assert not bad, "\n".join(f"{m}\n    → {p}" for m, p in list(bad.items())[:15])


def test_the_journals_reach_many_refusals():
    """The random journals are hostile enough to meet most of the rules' refusals."""
    seen = {code for seed in range(600) for _, code in refusals(seed)}
    assert len(seen) >= 65, sorted(str(c) for c in seen)


# ------------------------------------------------------------------ malformed files
@pytest.mark.parametrize("value", [None, True, False])
def test_a_missing_format_is_not_called_none(value):
    from app.services.interchange import parse_document

    document = {"session": {}} if value is None else {"format": value, "session": {}}
    with pytest.raises(DomainError) as caught:
        parse_document(document)
    message = str(caught.value)
    assert "seance/1" in message and faults(message) == [], message


@pytest.mark.parametrize("item_id", [None, True])
def test_an_item_without_id_is_not_called_none(item_id):
    from app.domain.constitution import item_from_dict

    with pytest.raises(DomainError) as caught:
        item_from_dict({"id": item_id, "title": "Budget", "majority": "bogus"})
    message = str(caught.value)
    assert "majorité « bogus » inconnue" in message and faults(message) == [], message
