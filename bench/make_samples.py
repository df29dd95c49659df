"""Write sample documents of a realistic fictional session into docs/samples/.

The session (conseil municipal de Saint-Exemple, 23 members, 7 items with a late
arrival, a departure, a suspension, a recusal, a public ballot, a casting vote, an
election and a withdrawn item) is folded through the domain from its journal.

    .venv/bin/python bench/make_samples.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.documents.export import export_documents, precheck  # noqa: E402
from tests.unit.documents.scenario import build_state  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    state = build_state()
    for warning in precheck(state.assembly, state.session, state):
        print(f"avertissement : {warning}")
    paths = export_documents(
        state.assembly,
        state.session,
        state,
        out,
        fingerprint="sha256:3f9a1c0e5b7d2a4f6e8c0b1d3f5a7c9e1b3d5f7a9c0e2b4d6f8a0c1e3b5d7f9a",
    )
    keep = {
        "extrait_2026-012.pdf",
        "extrait_2026-013.pdf",
        "proces-verbal_2026-03-12.pdf",
        "emargement_2026-03-12.pdf",
        "liste-deliberations_2026-03-12.pdf",
        "deliberations_scdl.csv",
    }
    for path in paths:
        if path.name not in keep:
            path.unlink()
        else:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
