"""The convocation's delay in jours francs (L2121-11, L2121-12): a shorter delay is worth a
warning (the secretary decides: urgency allows one jour franc), a convocation after the
session is refused when the session is read (app/services/interchange.py). A second
convocation's failed meeting is at least three days earlier (L2121-17)."""

from __future__ import annotations

from datetime import date

from app.domain.assembly import AssemblyKind
from app.domain.errors import InputError

NBSP = "\u00a0"

# communes of 3 500 inhabitants and more: 5 jours francs (L2121-12); fewer: 3 (L2121-11);
# EPCI and syndicats follow the rule of their largest member commune (L5211-1, L5711-1)
POPULATION_THRESHOLD = 3_500
# a second convocation meets at least three days after the meeting that lacked the quorum
MIN_DAYS_AFTER_FAILED_MEETING = 3
COMMUNAL_KINDS = (
    AssemblyKind.CONSEIL_MUNICIPAL,
    AssemblyKind.CONSEIL_COMMUNAUTAIRE,
    AssemblyKind.COMITE_SYNDICAL,
)


def jours_francs(convened_on: date, session_date: date) -> int:
    """Whole days between the convocation and the session, neither of them counted."""
    return max(0, (session_date - convened_on).days - 1)


def required_jours_francs(kind: AssemblyKind, population: int | None) -> int | None:
    """The delay the law requires, or None where this rule does not apply."""
    if kind not in COMMUNAL_KINDS:
        return None
    if population is not None and population >= POPULATION_THRESHOLD:
        return 5
    return 3


def convocation_warnings(
    kind: AssemblyKind,
    convened_on: date | None,
    session_date: date,
    population: int | None = None,
) -> tuple[str, ...]:
    """French warnings about a short convocation delay (none when it is long enough).
    ``population``: the commune's, or the largest member commune's for an EPCI or a
    syndicat; unknown, the 3-day rule of the smaller communes is checked."""
    needed = required_jours_francs(kind, population)
    if convened_on is None or needed is None or convened_on > session_date:
        return ()
    given = jours_francs(convened_on, session_date)
    if given >= needed:
        return ()
    article = "L2121-12" if needed == 5 else "L2121-11"
    if population is None:
        basis = (
            f"article {article} du CGCT : population non renseignée, règle des communes de "
            f"moins de {_threshold()} habitants appliquée ; 5 jours francs à partir de "
            f"{_threshold()} habitants, article L2121-12"
        )
    else:
        whose = "commune" if kind is AssemblyKind.CONSEIL_MUNICIPAL else "plus grande commune"
        inhabitants = f"{population:,}".replace(",", NBSP)
        basis = f"article {article} du CGCT, {whose} de {inhabitants} habitants"
    return (
        f"Convocation du {convened_on:%d/%m/%Y} : {given} jour{'s' if given > 1 else ''} "
        f"franc{'s' if given > 1 else ''} avant la séance du {session_date:%d/%m/%Y}, "
        f"{needed} requis ({basis}) ; en cas d'urgence, un jour franc suffit, et le conseil "
        "se prononce sur l'urgence en début de séance.",
    )


def _threshold() -> str:
    return f"{POPULATION_THRESHOLD:,}".replace(",", NBSP)


def check_second_convocation(
    convocation: int, failed_meeting_on: date | None, session_date: date
) -> None:
    """The failed meeting of a second convocation (L2121-17, L3121-14, L4132-13, L5211-1):
    only for a second convocation, and at least three days before it (communes, EPCI and
    syndicats: « à trois jours au moins d'intervalle » ; départements and régions: « de
    plein droit trois jours plus tard »). Raises ``InputError`` in French."""
    if failed_meeting_on is None:
        return
    if convocation != 2:
        raise InputError(
            f"séance : la réunion sans quorum du {failed_meeting_on:%d/%m/%Y} n'a de sens "
            "que pour une seconde convocation : cochez « Seconde convocation », ou retirez "
            "cette date."
        )
    apart = (session_date - failed_meeting_on).days
    if apart < MIN_DAYS_AFTER_FAILED_MEETING:
        raise InputError(
            f"séance : la réunion sans quorum du {failed_meeting_on:%d/%m/%Y} doit précéder "
            f"la seconde convocation du {session_date:%d/%m/%Y} d'au moins "
            f"{MIN_DAYS_AFTER_FAILED_MEETING} jours (article L2121-17 du CGCT) : corrigez "
            "l'une des deux dates."
        )
