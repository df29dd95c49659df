"""What the live screens say, reached by ``ui/`` through here.

What blocks a vote is the core's one answer (``SessionState.vote_blocker`` and
``session_blocker``): a refusal with its code, facts and French sentence, or None. The
vote panel and the quorum banner show it and never re-derive it. Their other sentences
(the quorum headline, proxy warnings, the voters line) are worded in
``app.domain.wording.screens``."""

from __future__ import annotations

from app.domain.errors import Refusal, Refused
from app.domain.state import SessionState
from app.domain.wording.screens import (
    CLOSED_ITEM,
    NO_CANDIDATE,
    NO_CURRENT_ITEM,
    appointed_line,
    casting_prompt,
    elected_list_line,
    more_warnings,
    proxy_warning_lines,
    quorum_headline,
    round_recorded_line,
    session_prefix,
    vote_recorded_line,
    voters_line,
)

__all__ = [
    "CLOSED_ITEM",
    "NO_CANDIDATE",
    "NO_CURRENT_ITEM",
    "Refusal",
    "Refused",
    "appointed_line",
    "casting_prompt",
    "elected_list_line",
    "more_warnings",
    "proxy_warning_lines",
    "quorum_headline",
    "round_recorded_line",
    "session_blocker",
    "session_prefix",
    "vote_blocker",
    "vote_recorded_line",
    "voters_line",
]


def vote_blocker(state: SessionState, item_id: str | None = None) -> Refused | None:
    """Why no vote on ``item_id`` (default: the current item) can be recorded now."""
    return state.vote_blocker(item_id)


def session_blocker(state: SessionState) -> Refused | None:
    """The session's phase (not opened, suspended, closed) stops every vote."""
    return state.session_blocker()
