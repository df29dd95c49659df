"""What can be exported: one enum from the command line's ``--only`` to the file written.

Kept apart from ``app.documents.export`` so that naming a kind does not load the PDF
machinery (the export service imports it lazily).
"""

from __future__ import annotations

from enum import StrEnum


class ExportKind(StrEnum):
    """What can be exported (the names of ``seance export --only``)."""

    EXTRACTS = "extracts"
    MINUTES = "minutes"
    ATTENDANCE = "attendance"
    LIST = "list"
    SCDL = "scdl"
    CHAPTERS = "chapters"
    JSON = "json"  # the seance/1 file, written by the export service itself


# the kinds ``app.documents.export`` renders, in the order they are written
DOCUMENT_KINDS: tuple[ExportKind, ...] = tuple(k for k in ExportKind if k is not ExportKind.JSON)
