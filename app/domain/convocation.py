"""The convocation's delay in jours francs (L2121-11, L2121-12): a shorter delay is worth a
warning (the secretary decides: urgency allows one jour franc), a convocation after the
session is refused when the session is read (app/services/interchange.py)."""

from __future__ import annotations

from datetime import date

from app.domain.assembly import AssemblyKind

# communes of 3 500 inhabitants and more: 5 jours francs (L2121-12); fewer: 3 (L2121-11);
# EPCI and syndicats follow the rule of their largest member commune (L5211-1, L5711-1)
POPULATION_THRESHOLD = 3_500
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
    size = (
        f"{POPULATION_THRESHOLD:,} habitants et plus".replace(",", "\u00a0")
        if needed == 5
        else f"moins de {POPULATION_THRESHOLD:,} habitants".replace(",", "\u00a0")
    )
    return (
        f"Convocation du {convened_on:%d/%m/%Y} : {given} jour{'s' if given > 1 else ''} "
        f"franc{'s' if given > 1 else ''} avant la séance du {session_date:%d/%m/%Y}, "
        f"{needed} requis (commune de {size}, article {article} du CGCT) ; en cas "
        "d'urgence, un jour franc suffit, et le conseil se prononce sur l'urgence en début "
        "de séance.",
    )
