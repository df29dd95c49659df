"""The demo assembly a newcomer sees on first start (fictional names)."""

from __future__ import annotations

from app.resources import resource_path
from app.services.interchange import import_file
from app.services.store import Store

DEMO_FILE = resource_path("demo", "demo.json")


def ensure_demo(store: Store) -> str | None:
    """Import the demo session into an empty database; return its id (None if not empty)."""
    if store.sessions() or store.assemblies():
        return None
    return import_file(store, DEMO_FILE)
