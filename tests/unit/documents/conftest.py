"""Shared fixtures: the scenario's documents, exported once, and PDF text helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.export import export_documents
from app.domain.state import SessionState
from tests.unit.documents.scenario import build_state


def pdf_text(path: Path) -> str:
    """The text a reader sees, pages joined, whitespace (and NBSP) collapsed per line."""
    reader = PdfReader(str(path))
    lines = []
    for page in reader.pages:
        for line in page.extract_text().splitlines():
            line = re.sub(r"[\s\u00a0]+", " ", line).strip()
            if line:
                lines.append(line)
    return "\n".join(lines)


def flat(text: str) -> str:
    """Text on one line (sentences wrap across lines in the PDF)."""
    return re.sub(r"\s+", " ", text)


def attendance_rows(text: str) -> dict[str, tuple[str, str]]:
    """Rows of an extract's attendance table: member cell → (column ticked, holder).

    A row reads « name » (on one line or more) then « ☐ ☑ ☐ [holder] »."""
    lines = text.splitlines()
    columns = ("Présent", "Absent", "Excusé")
    rows: dict[str, tuple[str, str]] = {}
    name: list[str] = []
    for line in lines:
        match = re.fullmatch(r"([☑☐]) ([☑☐]) ([☑☐])(?: (.+))?", line)
        if not match:
            name.append(line)
            if line in ("Pouvoir à", "Voix") or line.startswith("Membres en exercice"):
                name = []
            continue
        ticked = [c for c, m in zip(columns, match.groups()[:3], strict=True) if m == "☑"]
        assert len(ticked) == 1, (name, line)
        starts = [i for i, n in enumerate(name) if n.startswith(("M. ", "Mme ", "Mlle "))]
        key = " ".join(name[starts[0] if starts else -1 :])
        rows[key] = (ticked[0], match.group(4) or "")
        name = []
    return rows


@pytest.fixture(scope="session")
def tricky_state() -> SessionState:
    return build_state(tricky=True)


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory, tricky_state: SessionState
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("documents")
    s = tricky_state
    paths = export_documents(s.assembly, s.session, s, out, fingerprint="sha256:" + "0f" * 32)
    return {p.name: p for p in paths}


@pytest.fixture(scope="session")
def texts(exported: dict[str, Path]) -> dict[str, str]:
    return {name: pdf_text(p) for name, p in exported.items() if name.endswith(".pdf")}
