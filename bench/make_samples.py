"""Write the sample documents of the demo session into docs/samples/.

The demo (``resources/demo/demo.json``, the session a newcomer sees on first start) is read
and folded through the domain, then every document is exported: extracts, minutes (a
draft, « PROJET », as long as the demo session is not closed), attendance sheet, list of
deliberations and SCDL file. ``tests/unit/documents/test_samples.py`` fails when the files
in docs/samples/ no longer match what the program produces: run this script again then.

    .venv/bin/python bench/make_samples.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.documents.export import export_documents, precheck  # noqa: E402
from app.services.demo import DEMO_FILE  # noqa: E402
from app.services.interchange import load_file  # noqa: E402

# the files of the session's documents; other samples (bench/make_acts_samples.py) are left
PREFIXES = ("extrait_", "proces-verbal_", "emargement_", "liste-deliberations_", "chapitres_")
SCDL = "deliberations_scdl.csv"


def is_session_document(name: str) -> bool:
    return name.startswith(PREFIXES) or name == SCDL


FINGERPRINT = "sha256:3f9a1c0e5b7d2a4f6e8c0b1d3f5a7c9e1b3d5f7a9c0e2b4d6f8a0c1e3b5d7f9a"


def write_samples(out: Path, *, quiet: bool = True) -> list[Path]:
    """Export every document of the demo session into ``out`` (session documents of
    earlier runs that the program no longer writes are removed) and return the files."""
    parsed = load_file(DEMO_FILE)
    state = parsed.state
    if not quiet:
        for warning in precheck(state.assembly, state.session, state):
            print(f"avertissement : {warning}")
    out.mkdir(parents=True, exist_ok=True)
    paths = export_documents(state.assembly, state.session, state, out, fingerprint=FINGERPRINT)
    written = {p.name for p in paths}
    for old in out.iterdir():
        if old.is_file() and is_session_document(old.name) and old.name not in written:
            old.unlink()
    return paths


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    for path in write_samples(out, quiet=False):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
