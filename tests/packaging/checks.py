"""What a user's run of an installed Séance must produce, checked on the files themselves."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from pypdf import PdfReader

from app.documents.scdl import validate_scdl

ROOT = Path(__file__).resolve().parents[2]


def load_build_script() -> ModuleType:
    """``packaging/build.py`` (a script, not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("seance_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def embedded_fonts(pdf: Path) -> set[str]:
    """Base names of the fonts whose program is embedded in ``pdf`` (``DejaVuSans-Bold``)."""
    names = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def assert_demo_documents(out: Path) -> None:
    """Every PDF of the demo embeds DejaVu Sans; the SCDL CSV passes the schema's checks."""
    pdfs = sorted(out.glob("*.pdf"))
    kinds = {p.name.split("_")[0] for p in pdfs}
    assert {"proces-verbal", "extrait", "emargement", "liste-deliberations"} <= kinds, kinds
    for pdf in pdfs:
        assert "DejaVuSans" in embedded_fonts(pdf), pdf.name
    csv = out / "deliberations_scdl.csv"
    assert csv.exists()
    text = csv.read_text(encoding="utf-8")
    assert len(text.splitlines()) >= 2  # a header and the demo's voted deliberations
    assert validate_scdl(csv) == []
