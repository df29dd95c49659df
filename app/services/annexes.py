"""Annexes of an item as files (PDF), kept inside the session's SQLite file.

The single file the secretary carries holds everything: each annex is a row of
``annex_files`` (session, item, position, file name, @ctes typology, title, bytes, size,
SHA-256). Files are checked on the way in, with French refusals: a PDF (``%PDF-`` header
and ``%%EOF`` trailer), under the size limit, with a plain file name. The typology may be
left empty while preparing; the transmission's validator refuses it then.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from app.domain.assembly import TYPOLOGY
from app.domain.errors import InputError
from app.domain.transmission import MAX_ACT_BYTES, MAX_ANNEX_BYTES, mib
from app.services.store import Store

MAX_FILENAME = 100
_FILENAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]+$")


@dataclass(frozen=True)
class AnnexFile:
    """One annex of an item, as stored."""

    item_id: str
    position: int
    filename: str
    typology: str
    title: str
    size: int
    sha256: str


def check_pdf(filename: str, content: bytes, *, limit: int = MAX_ANNEX_BYTES) -> None:
    """Refuse (``InputError``, French) what an operator would refuse in an annex file."""
    if not filename.strip() or not _FILENAME.match(filename) or filename.startswith("."):
        raise InputError(f"Annexe « {filename} » : nom de fichier invalide.")
    if len(filename) > MAX_FILENAME:
        raise InputError(
            f"Annexe « {filename[:40]}… » : nom de fichier trop long "
            f"({len(filename)} caractères ; {MAX_FILENAME} au plus)."
        )
    if not filename.lower().endswith(".pdf"):
        raise InputError(f"Annexe « {filename} » : seuls les fichiers PDF (.pdf) sont acceptés.")
    if len(content) > limit:
        raise InputError(
            f"Annexe « {filename} » : {mib(len(content))}, au-delà de la taille maximale "
            f"d'une annexe ({mib(limit)})."
        )
    if not content.startswith(b"%PDF-"):
        raise InputError(f"Annexe « {filename} » : ce n'est pas un PDF (en-tête « %PDF- » absent).")
    if b"%%EOF" not in content[-2048:]:
        raise InputError(
            f"Annexe « {filename} » : PDF incomplet ou tronqué (marque de fin « %%EOF » absente)."
        )


def check_typology(filename: str, typology: str) -> None:
    if typology and not TYPOLOGY.match(typology):
        raise InputError(
            f"Annexe « {filename} » : typologie « {typology} » invalide (attendu par exemple "
            "« 22_AN » : deux chiffres, « _ », deux lettres ou chiffres)."
        )


def list_annexes(store: Store, session_id: str, item_id: str | None = None) -> list[AnnexFile]:
    sql = (
        "SELECT item_id, position, filename, typology, title, size, sha256 FROM annex_files "
        "WHERE session_id = ?"
    )
    params = [session_id]
    if item_id is not None:
        sql += " AND item_id = ?"
        params.append(item_id)
    sql += " ORDER BY item_id, position"
    return [AnnexFile(*row) for row in store.db.execute(sql, params).fetchall()]


def annex_content(store: Store, session_id: str, item_id: str, filename: str) -> bytes:
    row = store.db.execute(
        "SELECT content FROM annex_files WHERE session_id = ? AND item_id = ? AND filename = ?",
        [session_id, item_id, filename],
    ).fetchone()
    if row is None:
        raise InputError(f"Annexe « {filename} » introuvable pour le point « {item_id} ».")
    return bytes(row[0])


def add_annex(
    store: Store,
    session_id: str,
    item_id: str,
    filename: str,
    content: bytes,
    *,
    typology: str = "",
    title: str = "",
) -> AnnexFile:
    """Check and store an annex (one transaction); refuse in French, storing nothing."""
    session = store.load_session(session_id)
    if session.item(item_id) is None:
        raise InputError(f"Point « {item_id} » absent de l'ordre du jour de la séance.")
    check_pdf(filename, content)
    check_typology(filename, typology)
    existing = list_annexes(store, session_id, item_id)
    if any(a.filename.lower() == filename.lower() for a in existing):
        raise InputError(f"Le point « {item_id} » a déjà une annexe « {filename} ».")
    total = sum(a.size for a in existing) + len(content)
    if total > MAX_ACT_BYTES:
        raise InputError(
            f"Point « {item_id} » : les annexes totaliseraient {mib(total)}, au-delà de "
            f"{mib(MAX_ACT_BYTES)} par acte."
        )
    annex = AnnexFile(
        item_id=item_id,
        position=max((a.position for a in existing), default=0) + 1,
        filename=filename,
        typology=typology,
        title=title or Path(filename).stem,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    with store.transaction():
        store.db.execute(
            "INSERT INTO annex_files VALUES (?,?,?,?,?,?,?,?,?)",
            [
                session_id,
                item_id,
                annex.position,
                annex.filename,
                annex.typology,
                annex.title,
                content,
                annex.size,
                annex.sha256,
            ],
        )
    return annex


def set_annex_typology(
    store: Store, session_id: str, item_id: str, filename: str, typology: str
) -> None:
    check_typology(filename, typology)
    with store.transaction():
        cur = store.db.execute(
            "UPDATE annex_files SET typology = ? WHERE session_id = ? AND item_id = ? "
            "AND filename = ?",
            [typology, session_id, item_id, filename],
        )
        if cur.rowcount == 0:
            raise InputError(f"Annexe « {filename} » introuvable pour le point « {item_id} ».")


def remove_annex(store: Store, session_id: str, item_id: str, filename: str) -> None:
    with store.transaction():
        store.db.execute(
            "DELETE FROM annex_files WHERE session_id = ? AND item_id = ? AND filename = ?",
            [session_id, item_id, filename],
        )
