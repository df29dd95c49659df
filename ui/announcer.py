"""One voice for the live window: every act, refusal and progress goes through here to the
status line, worded the same way (items always named as on the agenda)."""

from __future__ import annotations

from collections.abc import Callable

from app.services.session_service import Change, SessionService
from ui.widgets.status_line import StatusLine, Tone
from ui.widgets.text import NBSP, hhmm


class Announcer:
    """Turns service notifications and refusals into the status line's one sentence."""

    def __init__(self, line: StatusLine, service: Callable[[], SessionService]) -> None:
        self._line = line
        self._service = service

    def info(self, text: str) -> None:
        self._line.show_message(text, Tone.INFO)

    def error(self, text: str) -> None:
        self._line.show_message(text, Tone.ERROR)

    def message(self, text: str, is_error: bool) -> None:
        self._line.show_message(text, Tone.ERROR if is_error else Tone.INFO)

    def change(self, change: Change) -> None:
        at = hhmm(change.event.at)
        if change.is_correction:
            what = change.corrected or change.label
            if change.redo:
                text = f"Rétabli{NBSP}: {what} ({at}) · Ctrl+Z pour annuler"
            else:
                text = f"Annulé{NBSP}: {what} ({at}) · Ctrl+Maj+Z pour rétablir"
        else:
            text = f"Dernière action{NBSP}: {change.label} à {at} · Ctrl+Z pour annuler"
        if change.quorum_lost or change.quorum_regained:
            verdict = "quorum perdu" if change.quorum_lost else "quorum atteint"
            undo = "Ctrl+Maj+Z pour rétablir" if change.undo else "Ctrl+Z pour annuler"
            self._line.show_message(f"{change.label}{NBSP}: {verdict} ({at}) · {undo}", Tone.ALERT)
        else:
            self._line.show_message(text)

    def last_recorded(self) -> None:
        """On opening, say what the journal last recorded: nothing was lost."""
        service = self._service()
        label = service.undo_label()
        if label is None:
            self._line.show_message("Aucun acte enregistré pour cette séance.")
            return
        at = hhmm(service.state.last_at)
        self._line.show_message(
            f"Dernier acte enregistré{NBSP}: {label}"
            + (f" à {at}" if at else "")
            + " · Ctrl+Z pour annuler"
        )
