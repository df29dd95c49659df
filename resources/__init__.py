"""Data files shipped with Séance, read with ``importlib.resources`` (see ``app/resources.py``).

Fonts (DejaVu Sans, embedded in every PDF), the demo session, the ACTES nomenclature, the
SCDL « Délibérations » schema, the application icon and its desktop entry. This folder is a
package so that a wheel, ``pip install .`` and the standalone build all carry it.
"""
