"""Errors raised by the domain: every message is French and meant for the secretary."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the CGCT (or of the assembly's statutes) refuses a command.

    ``message`` is shown as is to the user; ``index`` is the position of the faulty
    event in a journal or an imported file, when there is one.
    """

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index

    def at_index(self, index: int) -> DomainError:
        """Return the same error located at event ``index`` (0-based)."""
        return DomainError(self.message, index)

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        return f"Événement d'indice {self.index} (n° {self.index + 1} de la liste) : {self.message}"


class InputError(DomainError):
    """Malformed input (file, CSV line, field): not a rule, a form problem."""
