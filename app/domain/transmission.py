"""What a tiers de télétransmission (S²LOW, FAST, Pastell…) needs for one act, and the
checks its forms would make.

An ``ActDossier`` holds the fields of Pastell's ``actes-generique`` flow (nature, numéro
de l'acte, objet, date de l'acte, classification, typologie of the act and of each annex,
paper documents flag) and the pieces (the act's PDF, its annexes). ``refusals`` lists, in
French, everything an operator would refuse, so that nothing is written until the list is
empty; ``manifest`` gives the fields under Pastell's names.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.assembly import ACTES_NUMBER, NATURES, TYPOLOGY

# Pastell ``acte_nature`` (the ACTES codes of the nature of an act)
PASTELL_NATURE = {"DE": "1", "AR": "2", "AI": "3", "CC": "4", "BF": "5", "AU": "6"}
MAX_OBJET = 499  # characters, no line break (S²LOW, Pastell)
# Operators' limits vary; S²LOW refuses more than 150 Mo for a whole act. One annex is
# kept well under it so that an act with several annexes still goes through.
MAX_ANNEX_BYTES = 20 * 1024 * 1024
MAX_ACT_BYTES = 150 * 1024 * 1024


@dataclass(frozen=True)
class Piece:
    """A file of the dossier: the act itself or an annex."""

    filename: str
    typology: str
    size: int
    sha256: str = ""
    title: str = ""


@dataclass(frozen=True)
class ActDossier:
    """One act as the operator's form wants it."""

    item_id: str
    number: str  # numero_de_lacte
    nature: str  # DE, AR, AI, CC, BF, AU
    objet: str
    decided_on: date  # date_de_lacte
    classification: str  # ACTES subject code, « 7.2 »
    classification_label: str
    typology: str  # of the act, « 99_DE »
    paper: bool  # document_papier
    annexes: tuple[Piece, ...] = ()

    @property
    def act_filename(self) -> str:
        return f"{self.number}.pdf"


def mib(size: int) -> str:
    """« 20 Mo », « 1,5 Mo » (rounded up: a file just over a limit never reads as equal)."""
    value = math.ceil(size * 10 / (1024 * 1024)) / 10
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}\u00a0Mo"


def refusals(
    dossiers: Sequence[ActDossier],
    *,
    today: date,
    used_elsewhere: Mapping[str, str],
    known_subjects: Collection[str],
) -> list[str]:
    """Everything an operator would refuse, in French; empty when the dossiers can go.

    ``used_elsewhere`` maps act numbers already used by other sessions to a description
    of where; ``known_subjects`` is the ACTES nomenclature's codes."""
    out: list[str] = []
    seen: dict[str, str] = {}
    for d in dossiers:
        where = f"Acte « {d.number or d.item_id} » (point {d.item_id})"
        if not ACTES_NUMBER.match(d.number):
            out.append(
                f"{where} : le numéro de l'acte doit compter de 1 à 15 caractères parmi "
                "0-9, A-Z et « _ »."
            )
        elif d.number in seen:
            out.append(f"{where} : numéro déjà utilisé par le point {seen[d.number]}.")
        elif d.number in used_elsewhere:
            out.append(f"{where} : numéro déjà utilisé ({used_elsewhere[d.number]}).")
        seen.setdefault(d.number, d.item_id)
        if d.nature not in NATURES:
            out.append(f"{where} : nature « {d.nature} » inconnue.")
        if not d.objet.strip():
            out.append(f"{where} : l'objet est vide.")
        if len(d.objet) > MAX_OBJET:
            out.append(f"{where} : l'objet compte {len(d.objet)} caractères ; {MAX_OBJET} au plus.")
        if "\n" in d.objet or "\r" in d.objet:
            out.append(f"{where} : l'objet ne doit pas contenir de retour à la ligne.")
        if d.decided_on > today:
            out.append(f"{where} : la date de l'acte ({d.decided_on:%d/%m/%Y}) est dans le futur.")
        if not d.classification.strip():
            out.append(f"{where} : classification (code matière ACTES) manquante.")
        elif d.classification not in known_subjects:
            out.append(
                f"{where} : classification « {d.classification} » absente de la nomenclature ACTES."
            )
        if not d.typology:
            out.append(
                f"{where} : typologie de l'acte manquante (par exemple « 99_DE » pour une "
                "délibération)."
            )
        elif not TYPOLOGY.match(d.typology):
            out.append(f"{where} : typologie de l'acte « {d.typology} » invalide.")
        total = 0
        for annex in d.annexes:
            total += annex.size
            if not annex.typology:
                out.append(f"{where}, annexe « {annex.filename} » : typologie manquante.")
            elif not TYPOLOGY.match(annex.typology):
                out.append(
                    f"{where}, annexe « {annex.filename} » : typologie « {annex.typology} » "
                    "invalide."
                )
            if annex.size > MAX_ANNEX_BYTES:
                out.append(
                    f"{where}, annexe « {annex.filename} » : {mib(annex.size)}, au-delà de la "
                    f"taille maximale d'une annexe ({mib(MAX_ANNEX_BYTES)})."
                )
        if total > MAX_ACT_BYTES:
            out.append(
                f"{where} : les annexes totalisent {mib(total)}, au-delà de "
                f"{mib(MAX_ACT_BYTES)} par acte."
            )
    return out


def manifest(d: ActDossier, act: Piece) -> dict[str, Any]:
    """The dossier under the field names of Pastell's ``actes-generique`` flow."""
    pieces = [act, *d.annexes]
    return {
        "flux": "actes-generique",
        "acte_nature": PASTELL_NATURE[d.nature],
        "numero_de_lacte": d.number,
        "objet": d.objet,
        "date_de_lacte": d.decided_on.isoformat(),
        "classification": d.classification,
        "document_papier": d.paper,
        "arrete": act.filename,
        "autre_document_attache": [a.filename for a in d.annexes],
        "type_acte": d.typology,
        "type_pj": [a.typology for a in d.annexes],
        "type_piece_fichier": [{"filename": p.filename, "typologie": p.typology} for p in pieces],
        "fichiers": [
            {"filename": p.filename, "taille": p.size, "sha256": p.sha256} for p in pieces
        ],
        "seance": {"point": d.item_id, "nature": d.nature},
    }
