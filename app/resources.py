"""Locate the repository's ``resources/`` folder (fonts, nomenclatures, demo data)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts...>`` (``resource_path("fonts", "DejaVuSans.ttf")``)."""
    return RESOURCES.joinpath(*parts)
