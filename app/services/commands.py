"""The command API as the screens reach it: the command types of ``app.domain.commands``
and the value enums they carry, so that ``ui/`` builds commands without importing the
domain's events.

Every public name of ``app.domain.commands`` but its decision function (the service
decides, ``SessionService.handle``): a command added there is reachable here unedited.
"""

from __future__ import annotations

from app.domain import commands as _domain
from app.domain.commands import *  # noqa: F403 (the list is the domain's, minus ``decide``)

__all__ = [name for name in _domain.__all__ if name != "decide"]
