"""The French sentence of every refusal, from its code and its facts.

One home for the prose of the rules: a member is named by his short name (« Mme MARTIN »),
never by his id, and every participle or pronoun agrees with his civility; numbers take
the French singular for 0 and 1. ``docs/REFUSALS.md`` lists the codes and their sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime

from app.domain.errors import DomainError, Refusal
from app.domain.events import Ballot, Choice
from app.domain.members import Member

Facts = Mapping[str, object]

# What a member who is not in office cannot do (the ``act`` fact of _titular's refusals).
ACTS = {
    "substitution": "suppléance",
    "arrival": "arrivée",
    "excuse": "excuse",
    "proxy": "pouvoir",
    "presidency": "présidence",
    "withdrawal": "retrait pour le vote",
    "candidacy": "candidature",
    "appointment": "nomination",
}

# « Le point « X » est déjà … » for each status an item can end in.
DECIDED = {
    "adopted": "adopté",
    "rejected": "rejeté",
    "withdrawn": "retiré",
    "postponed": "ajourné",
    "information": "clos (point d'information)",
}


# ---------------------------------------------------------------------- reading facts
def _member(f: Facts, key: str = "member") -> Member:
    value = f[key]
    if not isinstance(value, Member):
        raise TypeError(f"refusal fact {key} is not a Member")
    return value


def _members(f: Facts, key: str) -> tuple[Member, ...]:
    value = f[key]
    if not isinstance(value, tuple) or not all(isinstance(m, Member) for m in value):
        raise TypeError(f"refusal fact {key} is not a tuple of Members")
    return value


def _int(f: Facts, key: str) -> int:
    value = f[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"refusal fact {key} is not an int")
    return value


def _str(f: Facts, key: str = "item") -> str:
    value = f[key]
    if not isinstance(value, str):
        raise TypeError(f"refusal fact {key} is not a str")
    return value


def _strs(f: Facts, key: str) -> tuple[str, ...]:
    value = f[key]
    if not isinstance(value, tuple) or not all(isinstance(s, str) for s in value):
        raise TypeError(f"refusal fact {key} is not a tuple of str")
    return value


def _bool(f: Facts, key: str) -> bool:
    value = f[key]
    if not isinstance(value, bool):
        raise TypeError(f"refusal fact {key} is not a bool")
    return value


def _at(f: Facts, key: str) -> datetime:
    value = f[key]
    if not isinstance(value, datetime):
        raise TypeError(f"refusal fact {key} is not a datetime")
    return value


def _day(f: Facts, key: str) -> date:
    value = f[key]
    if not isinstance(value, date):
        raise TypeError(f"refusal fact {key} is not a date")
    return value


# ---------------------------------------------------------------------- French helpers
def e(member: Member) -> str:
    """The feminine ending of an agreeing word: « présent » / « présente »."""
    return "e" if member.is_feminine else ""


def he(member: Member) -> str:
    return "elle" if member.is_feminine else "il"


def him(member: Member) -> str:
    return "elle" if member.is_feminine else "lui"


def the_substitute(member: Member) -> str:
    return "la suppléante" if member.is_feminine else "le suppléant"


def the_president(member: Member) -> str:
    return "la présidente" if member.is_feminine else "le président"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 membre », « 1 membre », « 2 membres »."""
    return f"{n} {singular if n < 2 else (plural or singular + 's')}"


def names(members: Sequence[Member]) -> str:
    """« A », « A et B », « A, B et C »."""
    return and_join([m.short_name for m in members])


def and_join(words: Sequence[str]) -> str:
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} et {words[-1]}"


def hm(at: datetime) -> str:
    """« 18 h 30 »."""
    return f"{at.hour} h {at.minute:02d}"


def decided(status: object) -> str:
    """« adopté », « ajourné », « clos (point d'information) »: an item's final status."""
    value = getattr(status, "value", status)
    return DECIDED.get(str(value), "clos")


def quorum_unit(*, weighted: bool, counts_proxies: bool) -> str:
    """What the quorum counts: « voix » for weights, members present (or represented)."""
    if weighted:
        return "voix"
    return "présents ou représentés" if counts_proxies else "présents"


def _item(f: Facts) -> str:
    return f"« {_str(f)} »"


# ---------------------------------------------------------------------- sentences
def _not_in_office(f: Facts) -> str:
    m = _member(f)
    act = ACTS[_str(f, "act")]
    return f"{m.short_name} est suppléant{e(m)}, pas membre en exercice : {act} impossible."


def _mandate_ended(f: Facts) -> str:
    m = _member(f)
    act = ACTS[_str(f, "act")]
    return f"{m.short_name} n'est plus en exercice (fin de mandat) : {act} impossible."


def _mandate_not_started(f: Facts) -> str:
    m = _member(f)
    return (
        f"{m.short_name} n'est pas encore en exercice (mandat à compter du "
        f"{_day(f, 'started_on'):%d/%m/%Y}) : {ACTS[_str(f, 'act')]} impossible."
    )


def _outside_day(f: Facts) -> str:
    at, day = _at(f, "at"), _day(f, "day")
    return (
        f"L'événement est daté du {at:%d/%m/%Y} à {hm(at)}, or la séance a lieu le "
        f"{day:%d/%m/%Y} (elle peut se prolonger après minuit, pas au-delà) : "
        "corrigez la date ou l'heure."
    )


def _before_previous(f: Facts) -> str:
    at, last = _at(f, "at"), _at(f, "previous")
    when = f"{at:%d/%m/%Y} à {hm(at)}" if at.date() != last.date() else hm(at)
    return (
        f"L'événement est daté de {when}, avant le précédent ({hm(last)}) : "
        "les événements s'enregistrent dans l'ordre du temps ; corrigez l'heure."
    )


def _caused_by_correction(f: Facts) -> str:
    cause = f["cause"]
    if not isinstance(cause, DomainError):
        raise TypeError("refusal fact cause is not a DomainError")
    corrections = f["corrections"]
    if not isinstance(corrections, tuple):
        raise TypeError("refusal fact corrections is not a tuple")
    where = and_join([f"n° {k + 1}" for k in corrections])
    one = len(corrections) == 1
    which, cancels, makes, undo = (
        ("la correction", "annule", "rend", "annulez-la")
        if one
        else ("les corrections", "annulent", "rendent", "annulez-les")
    )
    return (
        f"{cause.message.rstrip('.')} ({which} {where} de la liste, qui {cancels} un "
        f"événement antérieur, {makes} celui-ci impossible : {undo} ou corrigez aussi cet "
        "événement)."
    )


def _substitute_of_other(f: Facts) -> str:
    m = _member(f)
    return (
        f"{m.short_name} est suppléant{e(m)} de {_member(f, 'titular').short_name}, "
        f"pas de {_member(f, 'claimed').short_name}."
    )


def _titular_present(f: Facts) -> str:
    m, t = _member(f), _member(f, "titular")
    its = "sa" if t.is_feminine else "son"
    return f"{m.short_name} ne peut pas siéger : {its} titulaire {t.short_name} est présent{e(t)}."


def _titular_gave_proxy(f: Facts) -> str:
    m, t = _member(f), _member(f, "titular")
    its = "sa" if t.is_feminine else "son"
    return (
        f"{m.short_name} ne peut pas siéger : {its} titulaire {t.short_name} a donné pouvoir à "
        f"{_member(f, 'holder').short_name} ; révoquez d'abord ce pouvoir."
    )


def _not_a_substitute(f: Facts) -> str:
    m = _member(f)
    return (
        f"{m.short_name} n'est pas suppléant{e(m)} : {he(m)} ne siège pour aucun titulaire "
        "(« for » ne s'applique pas)."
    )


def _substitute_sitting(f: Facts) -> str:
    sub, m = _member(f, "substitute"), _member(f)
    return (
        f"{the_substitute(sub).capitalize()} {sub.short_name} siège pour {m.short_name} : "
        "enregistrez d'abord son départ."
    )


def _holder_full(f: Facts) -> str:
    holder, givers, limit = _member(f, "holder"), _members(f, "givers"), _int(f, "limit")
    return (
        f"{holder.short_name} porte déjà {count(len(givers), 'pouvoir')} (de {names(givers)}) : "
        f"{limit} au plus par porteur."
    )


def _ballot_request_too_few(f: Facts) -> str:
    what = "public" if f["ballot"] is Ballot.PUBLIC else "secret"
    askers, needed, present = _int(f, "askers"), _int(f, "needed"), _int(f, "present")
    share = {3: "le tiers", 4: "le quart", 6: "le sixième"}.get(
        _int(f, "denominator"), f"1/{_int(f, 'denominator')}"
    )
    return (
        f"Scrutin {what} demandé par {count(askers, 'membre')} : il faut au moins "
        f"{count(needed, 'demandeur')} ({share} des "
        f"{count(present, 'membre présent', 'membres présents')}) ; "
        "la demande n'est pas recevable (notez-la au procès-verbal si besoin)."
    )


def _closed_doors_too_many(f: Facts) -> str:
    n = _int(f, "members")
    are = "est présent ou représenté" if n < 2 else "sont présents ou représentés"
    return (
        f"{_int(f, 'votes')} voix pour le huis clos, mais {count(n, 'membre')} seulement {are} : "
        "corrigez le nombre."
    )


def _closed_doors_not_decided(f: Facts) -> str:
    return (
        f"Le huis clos n'est pas décidé : {_int(f, 'votes')} voix pour, il en faut "
        f"{_int(f, 'needed')} (la majorité absolue des "
        f"{_int(f, 'members')} {_present_or_represented(_int(f, 'members'))})."
    )


def _present_or_represented(n: int) -> str:
    return "membre présent ou représenté" if n < 2 else "membres présents ou représentés"


def _no_quorum(f: Facts) -> str:
    unit = quorum_unit(weighted=_bool(f, "weighted"), counts_proxies=_bool(f, "counts_proxies"))
    return (
        f"Quorum non atteint ({_int(f, 'counted')} {unit}, {_int(f, 'required')} "
        f"requis, manque {_int(f, 'missing')}) : l'assemblée ne peut pas voter."
    )


def _public_count_mismatch(f: Facts) -> str:
    choice = f["choice"]
    word = {Choice.FOR: "pour", Choice.AGAINST: "contre"}.get(
        choice if isinstance(choice, Choice) else Choice.ABSTAIN, "abstention"
    )
    given = _int(f, "given")
    return (
        f"Scrutin public : {given} « {word} » indiqué{'s' if given > 1 else ''} mais "
        f"{_int(f, 'actual')} d'après les choix nominatifs : corrigez le nombre ou les choix."
    )


def president_unavailable(f: Facts) -> str:
    """Why whoever presides has no casting vote on this item (no final full stop)."""
    why = _str(f, "why")
    if why == "none":
        return "Aucun président n'est désigné (enregistrez qui préside)"
    m = _member(f, "president")
    title = the_president(m).capitalize()
    if why == "withdrawn":
        return f"{title}, {m.short_name}, s'est retiré{e(m)} pour ce vote"
    if why == "not_voting":
        return f"{title}, {m.short_name}, ne prend pas part à ce vote"
    if why == "substituted":
        sub = _member(f, "substitute")
        its = "sa suppléante" if sub.is_feminine else "son suppléant"
        return (
            f"{title}, {m.short_name}, est absent{e(m)} ; {its} {sub.short_name} "
            "n'hérite pas de la présidence (enregistrez qui préside)"
        )
    return (
        f"{title}, {m.short_name}, est absent{e(m)} (enregistrez qui préside, dans "
        "l'ordre du tableau)"
    )


def _president_vote_not_counted(f: Facts) -> str:
    m = _member(f, "president")
    who = "de la présidente" if m.is_feminine else "du président"
    choice = f["choice"]
    label = choice.label.lower() if isinstance(choice, Choice) else ""
    return f"Le vote {who} ({label}) ne figure pas dans les nombres saisis (0 {label})."


def _choice_not_allowed(f: Facts) -> str:
    m, why = _member(f), _str(f, "why")
    if why == "recused":
        reason = "ne prend pas part au vote"
    elif why == "withdrawn":
        reason = f"s'est retiré{e(m)} pour ce vote"
    elif why == "proxy_lost":
        reason = (
            f"est représenté{e(m)} par {_member(f, 'holder').short_name}, "
            f"qui ne prend pas part au vote"
        )
    else:
        reason = f"est absent{e(m)} et non représenté{e(m)}"
    return f"{m.short_name} {reason} : pas de choix possible."


def _choice_missing(f: Facts) -> str:
    m = _member(f)
    if "holder" in f:
        return (
            f"Scrutin public : choix manquant pour {m.short_name}, représenté{e(m)} "
            f"par {_member(f, 'holder').short_name} : indiquez son choix sous son propre "
            "nom (il peut différer de celui de son mandataire)."
        )
    return f"Scrutin public : choix manquant pour {m.short_name} : indiquez son choix."


def _voices_mismatch(f: Facts) -> str:
    voters, total = _int(f, "voters"), _int(f, "total")
    n_for, n_against = _int(f, "count_for"), _int(f, "count_against")
    n_abstain = _int(f, "count_abstain")
    if f["ballot"] is Ballot.SECRET:
        detail = (
            f"{n_for} pour + {n_against} contre + {count(_int(f, 'blank'), 'blanc')} + "
            f"{count(_int(f, 'spoilt'), 'nul')}"
        )
        if n_abstain:
            detail += f" + {count(n_abstain, 'abstention')}"
    else:
        detail = f"{n_for} pour + {n_against} contre + {count(n_abstain, 'abstention')}"
    gap = voters - total
    hint = f"il manque {gap} voix" if gap > 0 else f"{-gap} voix de trop"
    entered = "voix saisie" if total < 2 else "voix saisies"
    return f"{count(voters, 'votant')} mais {total} {entered} ({detail}) : {hint}."


def _ballots_mismatch(f: Facts) -> str:
    total = _int(f, "total")
    ballots = count(total, "bulletin saisi", "bulletins saisis")
    return f"{count(_int(f, 'voters'), 'votant')} mais {ballots}."


def _tie_birth_missing(f: Facts) -> str:
    missing = _members(f, "candidates")
    if len(missing) == 1:
        what, needed, fill = "la date de naissance", "est nécessaire", "complétez-la"
    else:
        what, needed, fill = "les dates de naissance", "sont nécessaires", "complétez-les"
    return (
        f"Élection : égalité au troisième tour ; {what} de {names(missing)} {needed} pour "
        f"départager à l'âge : {fill} dans la liste des membres."
    )


def _tie_same(f: Facts, tied: str, same: str) -> str:
    return (
        f"Élection : égalité au troisième tour entre {tied}, {same} : l'âge ne les "
        "départage pas. L'assemblée tire au sort : enregistrez le tirage au sort, puis "
        "ce tour."
    )


def _tie_lot(drawn: str, tied: str) -> str:
    return (
        f"Élection : le tirage au sort a désigné {drawn}, qui n'est "
        f"pas à égalité ({tied}) : corrigez le tirage au sort."
    )


def _lists(f: Facts) -> str:
    return and_join([f"la liste « {n} »" for n in _strs(f, "lists")])


def _list_not_alternating(f: Facts) -> str:
    return (
        f"Liste « {_str(f, 'list')} » : {_member(f, 'previous').short_name} et "
        f"{_member(f).short_name} se suivent ; la liste alterne un candidat de chaque sexe "
        "(L2122-7-2) : corrigez l'ordre des candidats."
    )


SENTENCES: dict[Refusal, Callable[[Facts], str]] = {
    Refusal.CORRECTION_NOT_STATE: lambda f: "Une correction s'applique au journal, pas à l'état.",
    Refusal.SESSION_CLOSED: lambda f: (
        "La séance est close : seule une correction est encore possible."
    ),
    Refusal.OUTSIDE_SESSION_DAY: _outside_day,
    Refusal.BEFORE_PREVIOUS: _before_previous,
    Refusal.ALREADY_OPENED: lambda f: "La séance est déjà ouverte.",
    Refusal.SUSPEND_NOT_OPEN: lambda f: (
        "Seule une séance ouverte (et non suspendue) peut être suspendue."
    ),
    Refusal.RESUME_NOT_SUSPENDED: lambda f: "La séance n'est pas suspendue : reprise impossible.",
    Refusal.CLOSE_NOT_OPENED: lambda f: (
        "La séance n'a pas été ouverte : elle ne peut pas être close."
    ),
    Refusal.ITEM_BEFORE_OPENING: lambda f: "Ouvrez d'abord la séance.",
    Refusal.EMPTY_NOTE: lambda f: "Note vide.",
    Refusal.CORRECTION_TARGET_MISSING: lambda f: (
        f"La correction vise l'événement d'indice {_int(f, 'target')}, qui n'existe pas avant elle."
    ),
    Refusal.CORRECTION_TARGET_CANCELLED: lambda f: (
        f"L'événement d'indice {_int(f, 'target')} est déjà annulé."
    ),
    Refusal.CAUSED_BY_CORRECTION: _caused_by_correction,
    Refusal.UNKNOWN_MEMBER: lambda f: f"Membre « {_str(f, 'member_id')} » inconnu de l'assemblée.",
    Refusal.UNKNOWN_ITEM: lambda f: f"Point {_item(f)} absent de l'ordre du jour.",
    Refusal.SUBSTITUTE_NOT_IN_OFFICE: _not_in_office,
    Refusal.MANDATE_ENDED: _mandate_ended,
    Refusal.MANDATE_NOT_STARTED: _mandate_not_started,
    Refusal.ALREADY_PRESENT: lambda f: f"{_member(f).short_name} est déjà présent{e(_member(f))}.",
    Refusal.SUBSTITUTE_OF_OTHER: _substitute_of_other,
    Refusal.TITULAR_PRESENT: _titular_present,
    Refusal.TITULAR_GAVE_PROXY: _titular_gave_proxy,
    Refusal.SEAT_TAKEN: lambda f: (
        f"{_member(f, 'sitting').short_name} siège déjà pour {_member(f, 'titular').short_name}."
    ),
    Refusal.NOT_A_SUBSTITUTE: _not_a_substitute,
    Refusal.SUBSTITUTE_SITTING: _substitute_sitting,
    Refusal.NOT_PRESENT_TO_LEAVE: lambda f: (
        f"{_member(f).short_name} n'est pas présent{e(_member(f))} : départ impossible."
    ),
    Refusal.PRESENT_NOT_EXCUSED: lambda f: (
        f"{_member(f).short_name} est présent{e(_member(f))} : enregistrez d'abord son départ."
    ),
    Refusal.ALREADY_EXCUSED: lambda f: f"{_member(f).short_name} est déjà excusé{e(_member(f))}.",
    Refusal.PROXY_TO_SELF: lambda f: (
        f"{_member(f).short_name} ne peut pas se donner pouvoir à {him(_member(f))}-même."
    ),
    Refusal.HOLDER_NOT_IN_OFFICE: lambda f: (
        f"{_member(f, 'holder').short_name} n'est pas membre en exercice : "
        f"{he(_member(f, 'holder'))} ne peut pas recevoir de pouvoir."
    ),
    Refusal.GIVER_PRESENT: lambda f: (
        f"{_member(f).short_name} est présent{e(_member(f))} "
        ": un membre présent ne donne pas pouvoir (départ d'abord)."
    ),
    Refusal.GIVER_SUBSTITUTED: lambda f: (
        f"{_member(f).short_name} est suppléé{e(_member(f))} par "
        f"{_member(f, 'substitute').short_name} : pas de pouvoir."
    ),
    Refusal.PROXY_ALREADY_GIVEN: lambda f: (
        f"{_member(f).short_name} a déjà donné pouvoir à "
        f"{_member(f, 'holder').short_name} : révoquez-le d'abord."
    ),
    Refusal.NO_PROXIES_ALLOWED: lambda f: "Les règles de l'assemblée n'admettent pas de pouvoir.",
    Refusal.HOLDER_FULL: _holder_full,
    Refusal.NO_PROXY_TO_REVOKE: lambda f: (
        f"{_member(f).short_name} n'a pas donné de pouvoir : rien à révoquer."
    ),
    Refusal.VOTE_ALREADY_RECORDED: lambda f: (
        f"Le vote du point {_item(f)} est déjà enregistré : corrigez-le d'abord."
    ),
    Refusal.ALREADY_RECUSED: lambda f: (
        f"{_member(f).short_name} ne prend déjà pas part au vote du point {_item(f)}."
    ),
    Refusal.SUBSTITUTE_CANNOT_PRESIDE: lambda f: (
        f"{_member(f).short_name} est suppléant{e(_member(f))} : un suppléant n'hérite ni de "
        "la présidence ni de la voix prépondérante ; désignez un membre en exercice "
        "présent (dans l'ordre du tableau)."
    ),
    Refusal.PRESIDENT_NOT_PRESENT: lambda f: (
        f"{_member(f).short_name} n'est pas présent{e(_member(f))} : seul un membre présent "
        "peut présider ; enregistrez d'abord son arrivée."
    ),
    Refusal.ALREADY_PRESIDING: lambda f: f"{_member(f).short_name} préside déjà.",
    Refusal.WITHDRAWN_CANNOT_PRESIDE: lambda f: (
        f"{_member(f).short_name} s'est retiré{e(_member(f))} pour le vote du point "
        f"{_item(f)} : {he(_member(f))} ne peut pas le présider."
    ),
    Refusal.ALREADY_WITHDRAWN: lambda f: (
        f"{_member(f).short_name} s'est déjà retiré{e(_member(f))} pour le vote du point "
        f"{_item(f)}."
    ),
    Refusal.WITHDRAWAL_NOT_PRESENT: lambda f: (
        f"{_member(f).short_name} n'est pas présent{e(_member(f))} : il n'y a pas de retrait "
        "à enregistrer."
    ),
    Refusal.PRESIDENT_WITHDRAWING: lambda f: (
        f"{_member(f).short_name} préside : faites d'abord désigner le président de séance "
        "pour ce point (présidence), puis enregistrez son retrait."
    ),
    Refusal.BALLOT_REQUEST_TOO_LATE: lambda f: (
        f"Le vote du point {_item(f)} a déjà commencé ou est enregistré : "
        "la demande de scrutin vient avant le vote."
    ),
    Refusal.BALLOT_REQUEST_SHOW_OF_HANDS: lambda f: (
        "Seul un scrutin public ou secret peut être demandé."
    ),
    Refusal.BALLOT_REQUEST_DUPLICATE: lambda f: (
        "Un même membre figure deux fois parmi les demandeurs."
    ),
    Refusal.BALLOT_REQUESTER_ABSENT: lambda f: (
        f"{_member(f).short_name} n'est pas présent{e(_member(f))} : seuls les membres "
        "présents peuvent demander un scrutin ; retirez-"
        f"{'la' if _member(f).is_feminine else 'le'} de la liste des demandeurs."
    ),
    Refusal.BALLOT_REQUEST_TOO_FEW: _ballot_request_too_few,
    Refusal.CLOSED_DOORS_NOT_OPEN: lambda f: (
        "Le huis clos se décide en séance ouverte (et non suspendue)."
    ),
    Refusal.ALREADY_CLOSED_DOORS: lambda f: "La séance se tient déjà à huis clos.",
    Refusal.CLOSED_DOORS_ASKER_ABSENT: lambda f: (
        f"{_member(f).short_name} n'est pas présent{e(_member(f))} : seuls les membres "
        "présents peuvent demander le huis clos."
    ),
    Refusal.CLOSED_DOORS_TOO_FEW_ASKERS: lambda f: (
        "Le huis clos se demande par trois membres au moins ou par le maire "
        "(le président) : complétez la liste des demandeurs."
    ),
    Refusal.CLOSED_DOORS_TOO_MANY_VOTES: _closed_doors_too_many,
    Refusal.CLOSED_DOORS_NOT_DECIDED: _closed_doors_not_decided,
    Refusal.NOT_IN_CLOSED_DOORS: lambda f: "La séance ne se tient pas à huis clos : rien à lever.",
    Refusal.APPOINTMENT_TOO_LATE: lambda f: (
        f"Le vote du point {_item(f)} a déjà commencé ou est enregistré : "
        f"{_member(f).short_name} ne peut plus être nommé{e(_member(f))} sans vote."
    ),
    Refusal.APPOINTMENT_NOT_OPEN: lambda f: (
        "Une nomination se fait en séance ouverte (et non suspendue)."
    ),
    Refusal.APPOINTMENT_ITEM_NOT_OPEN: lambda f: (
        f"Ouvrez le point {_item(f)} avant d'y enregistrer la nomination."
    ),
    Refusal.VOTE_SESSION_NOT_OPENED: lambda f: "La séance n'est pas ouverte : aucun vote possible.",
    Refusal.VOTE_SESSION_SUSPENDED: lambda f: (
        "La séance est suspendue : reprenez-la avant de voter."
    ),
    Refusal.VOTE_SESSION_CLOSED: lambda f: "La séance est close : aucun vote possible.",
    Refusal.ITEM_DECIDED: lambda f: f"Le point {_item(f)} est déjà {decided(f['status'])}.",
    Refusal.VOTE_ITEM_DECIDED: lambda f: (
        f"Le point {_item(f)} est déjà {decided(f['status'])} : "
        "pour changer le vote, annulez d'abord celui qui est enregistré (correction)."
    ),
    Refusal.NO_ITEM_OPEN: lambda f: (
        f"Aucun point n'est ouvert : ouvrez le point {_item(f)} avant son vote."
        if f.get("item") is not None
        else "Aucun point n'est ouvert : ouvrez un point de l'ordre du jour avant de voter."
    ),
    Refusal.OTHER_ITEM_OPEN: lambda f: (
        f"Le point en cours est le point « {_str(f, 'current')} » : ouvrez le point "
        f"{_item(f)} avant d'enregistrer son vote."
    ),
    Refusal.NO_QUORUM: _no_quorum,
    Refusal.ELECTION_IN_PROGRESS: lambda f: f"Le point {_item(f)} est une élection en cours.",
    Refusal.SECRET_BALLOT_REQUIRED: lambda f: (
        f"Le scrutin secret a été demandé pour le point {_item(f)} (il prévaut "
        "sur toute autre demande) : enregistrez un vote au scrutin secret."
    ),
    Refusal.PUBLIC_BALLOT_REQUIRED: lambda f: (
        f"Le scrutin public a été demandé pour le point {_item(f)} : enregistrez "
        "un vote au scrutin public, avec le choix de chaque votant."
    ),
    Refusal.PUBLIC_COUNT_MISMATCH: _public_count_mismatch,
    Refusal.PRESIDENT_CHOICE_MISMATCH: lambda f: (
        "Le vote du président ne correspond pas à son choix nominatif."
    ),
    Refusal.SECRET_WITH_NAMES: lambda f: "Un scrutin secret ne peut pas comporter de noms.",
    Refusal.SECRET_PRESIDENT_VOTE: lambda f: (
        "Un scrutin secret ne fait pas connaître le vote du président (pas de voix prépondérante)."
    ),
    Refusal.BLANK_SPOILT_SHOW_OF_HANDS: lambda f: (
        "Bulletins blancs et nuls : seulement au scrutin secret."
    ),
    Refusal.PRESIDENT_VOTE_UNAVAILABLE: lambda f: (
        f"{president_unavailable(f)} : sa voix ne peut pas être indiquée."
    ),
    Refusal.PRESIDENT_VOTE_NOT_COUNTED: _president_vote_not_counted,
    Refusal.CHOICE_NOT_ALLOWED: _choice_not_allowed,
    Refusal.TWO_CHOICES: lambda f: f"Deux choix pour {_member(f).short_name}.",
    Refusal.CHOICE_MISSING: _choice_missing,
    Refusal.VOICES_MISMATCH: _voices_mismatch,
    Refusal.TOO_MANY_ROUNDS: lambda f: "Élection : seuls trois tours sont possibles.",
    Refusal.UNINOMINAL_ELECTION_IN_PROGRESS: lambda f: (
        f"Le point {_item(f)} est une élection uninominale en cours."
    ),
    Refusal.LIST_ELECTION_IN_PROGRESS: lambda f: (
        f"Le point {_item(f)} est une élection par liste en cours."
    ),
    Refusal.WRONG_ROUND: lambda f: (
        f"Élection du point {_item(f)} : le tour attendu est le tour n° {_int(f, 'expected')}."
    ),
    Refusal.DUPLICATE_LIST: lambda f: f"Deux listes portent le nom « {_str(f, 'list')} ».",
    Refusal.CANDIDATE_ON_TWO_LISTS: lambda f: (
        f"{_member(f).short_name} figure sur la liste « {_str(f, 'first')} » et sur la liste "
        f"« {_str(f, 'second')} » : un candidat ne figure que sur une liste."
    ),
    Refusal.LIST_NOT_ALTERNATING: _list_not_alternating,
    Refusal.BALLOTS_MISMATCH: _ballots_mismatch,
    Refusal.TIE_BIRTH_MISSING: _tie_birth_missing,
    Refusal.TIE_SAME_BIRTH: lambda f: _tie_same(
        f,
        names(_members(f, "candidates")),
        "nées le même jour"
        if all(m.is_feminine for m in _members(f, "candidates"))
        else "nés le même jour",
    ),
    Refusal.TIE_LOT_NOT_TIED: lambda f: _tie_lot(
        _member(f, "drawn").short_name, names(_members(f, "candidates"))
    ),
    Refusal.LIST_TIE_SAME_AGE: lambda f: _tie_same(f, _lists(f), "de même âge moyen"),
    Refusal.LIST_TIE_LOT_NOT_TIED: lambda f: _tie_lot(
        f"la liste « {_str(f, 'drawn')} »", _lists(f)
    ),
    Refusal.LOTS_NOT_A_LIST: lambda f: (
        f"Tirage au sort : « {_str(f, 'list')} » n'est pas une des listes en présence."
    ),
    Refusal.LOTS_OUT_OF_TURN: lambda f: (
        "Le tirage au sort ne départage qu'une égalité au troisième tour entre "
        "candidats nés le même jour : enregistrez-le après le deuxième tour, avant "
        "le troisième."
    ),
    Refusal.NO_CURRENT_ITEM_FOR_RECUSAL: lambda f: (
        "Aucun point en cours : choisissez d'abord le point à l'ordre du jour."
    ),
    Refusal.NOTHING_TO_AMEND: lambda f: "Rien à modifier.",
    Refusal.AMENDMENT_REASON_MISSING: lambda f: "Indiquez le motif de la modification.",
    Refusal.UNKNOWN_COMMAND: lambda f: "Commande inconnue.",
    # the unanimous waiver of the secret ballot for a nomination (L2121-21)
    Refusal.SECRET_WAIVER_NOT_OPEN: lambda f: (
        "La renonciation au scrutin secret se décide en séance ouverte (et non suspendue)."
    ),
    Refusal.SECRET_WAIVER_ITEM_NOT_OPEN: lambda f: (
        f"Ouvrez le point {_item(f)} avant d'y enregistrer la renonciation au scrutin secret."
    ),
    Refusal.SECRET_WAIVER_TOO_LATE: lambda f: (
        f"Le vote du point {_item(f)} a déjà commencé ou est enregistré : la renonciation "
        "au scrutin secret vient avant la nomination."
    ),
    Refusal.SECRET_ALREADY_WAIVED: lambda f: (
        f"L'assemblée a déjà renoncé au scrutin secret pour le point {_item(f)}."
    ),
    Refusal.SECRET_WAIVER_SECRET_ASKED: lambda f: (
        f"Un tiers des membres présents a demandé le scrutin secret sur le point {_item(f)} : "
        "la renonciation, qui doit être unanime, n'est pas possible."
    ),
    Refusal.SECRET_WAIVER_NOT_UNANIMOUS: lambda f: (
        f"La renonciation au scrutin secret exige l'unanimité des "
        f"{count(_int(f, 'voters'), 'votant')} ({_int(f, 'votes')} seulement "
        "l'approuvent) : la nomination se fait au scrutin secret."
    ),
    Refusal.VOTE_AFTER_SECRET_WAIVER: lambda f: (
        f"L'assemblée a renoncé au scrutin secret pour la nomination du point {_item(f)} : "
        "enregistrez l'élection (candidats et voix), ou annulez la renonciation, qui ne "
        "vaut que pour une nomination."
    ),
}


def refusal_message(code: Refusal, facts: Facts) -> str:
    """The French sentence of a refusal."""
    return SENTENCES[code](facts)
