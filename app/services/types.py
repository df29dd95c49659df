"""The core's value types as the screens reach them.

``ui/`` never imports ``app.domain`` or ``app.documents`` (the import-linter contract in
pyproject.toml): the frozen values a screen shows or builds (members, attendance, items,
rules, results, refusals) come from here, the command types from ``app.services.commands``
and the French wording from ``app.services.wording``. Nothing is defined here: each name is
the core's own object, so an ``isinstance`` or an ``except`` matches either way.
"""

from __future__ import annotations

from app.domain.assembly import (
    ACTES_NUMBER,
    NATURES,
    Assembly,
    AssemblyKind,
    Item,
    Majority,
    Session,
    item_id_problem,
    luhn_ok,
    siren_ok,
    siren_problem,
    siret_ok,
    siret_problem,
)
from app.domain.elections import RoundResult
from app.domain.errors import DomainError, InputError
from app.domain.members import Member, fold
from app.domain.rules import PRESET_LABELS, Preset, Rules
from app.domain.state import (
    Attendance,
    ItemRecord,
    ItemStatus,
    Phase,
    Presence,
    ProxyState,
    Seat,
    SessionState,
)
from app.domain.votes import VoteResult

__all__ = [
    "ACTES_NUMBER",
    "NATURES",
    "PRESET_LABELS",
    "Assembly",
    "AssemblyKind",
    "Attendance",
    "DomainError",
    "InputError",
    "Item",
    "ItemRecord",
    "ItemStatus",
    "Majority",
    "Member",
    "Phase",
    "Presence",
    "Preset",
    "ProxyState",
    "RoundResult",
    "Rules",
    "Seat",
    "Session",
    "SessionState",
    "VoteResult",
    "fold",
    "item_id_problem",
    "luhn_ok",
    "siren_ok",
    "siren_problem",
    "siret_ok",
    "siret_problem",
]
