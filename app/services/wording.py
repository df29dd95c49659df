"""The French wording the screens share with the documents.

The sentences of outcomes and elections (``app.domain.wording``) and the typography of
the documents (``app.documents.french``), reached by ``ui/`` through this module so that a
screen and the minutes never word the same fact differently.
"""

from __future__ import annotations

from app.documents.french import MONTHS, typography
from app.domain.wording import NBSP, election_sentence, join_names, ordinal, outcome_sentence

__all__ = [
    "MONTHS",
    "NBSP",
    "election_sentence",
    "join_names",
    "ordinal",
    "outcome_sentence",
    "typography",
]
