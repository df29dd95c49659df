"""The data files of the ``resources`` package (fonts, nomenclatures, demo data, icon).

They are read with ``importlib.resources``, so the same code finds them in the source tree,
in an installed wheel and in the standalone (PyInstaller) folder.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import resources as _package


def resource(*parts: str) -> Traversable:
    """``resources/<parts...>`` as a traversable (``resource("demo", "demo.json")``)."""
    return files(_package).joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """The file-system path of ``resources/<parts...>``, for readers that need a real file
    (reportlab's fonts, the command line's input). The package is always installed as
    plain files (wheel, editable install, standalone folder), never zipped."""
    found = resource(*parts)
    if not isinstance(found, Path):
        raise RuntimeError(f"resources/{'/'.join(parts)} is not a file on disk: {found!r}")
    return found
