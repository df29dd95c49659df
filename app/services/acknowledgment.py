"""The préfecture's acknowledgment back in (« accusé de réception », ACTES ``ARActe``).

The operator returns, for each act received, an ``ARActe`` XML message of the ACTES
schema: the root ``actes:ARActe`` carries ``actes:IDActe`` (« 099-219900008-20260312-
2026_014-DE »: department, SIREN, date of the act, its number, its nature) and
``actes:DateReception``; its child ``actes:ActeRecu`` repeats ``actes:NumeroInterne``,
``actes:Date`` and the nature. The secretary may also type the identifier and the date.

Importing it fills the act's transmission row (the reception date and the identifier):
the extract then prints « Reçu en préfecture le » and that identifier, the SCDL file its
PREF_ID and PREF_DATE. An acknowledgment for an act the session does not have, for
another collectivity, or dated before the session is refused, in French, changing nothing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import date

from app.domain.assembly import Item, Transmission
from app.domain.errors import InputError
from app.domain.projections import is_deliberation
from app.services.records import load_record
from app.services.store import Store

ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
MAX_XML_BYTES = 1024 * 1024
ACTES_ID = re.compile(
    r"^(?P<dep>[0-9A-Z]{3})-(?P<siren>[0-9]{9})-(?P<day>[0-9]{8})-"
    r"(?P<number>[0-9A-Z_]{1,15})-(?P<nature>DE|AR|AI|CC|BF|AU)$"
)


@dataclass(frozen=True)
class Acknowledgment:
    """What the préfecture acknowledged: the act's identifier and the reception date."""

    actes_id: str
    received_on: date

    @property
    def department(self) -> str:
        return self.actes_id.split("-", 1)[0]

    @property
    def siren(self) -> str:
        return self.actes_id.split("-")[1]

    @property
    def act_date(self) -> date:
        day = self.actes_id.split("-")[2]
        return date(int(day[:4]), int(day[4:6]), int(day[6:]))

    @property
    def number(self) -> str:
        return self.actes_id.split("-")[3]

    @property
    def nature(self) -> str:
        return self.actes_id.split("-")[4]


def acknowledgment(actes_id: str, received_on: date) -> Acknowledgment:
    """An acknowledgment from typed values; refuses a malformed identifier."""
    ident = actes_id.strip()
    match = ACTES_ID.match(ident)
    if not match:
        raise InputError(
            f"identifiant « {actes_id} » mal formé : attendu DDD-SIREN-AAAAMMJJ-NUMERO-NATURE "
            "(par exemple « 099-219900008-20260312-2026_014-DE »)."
        )
    try:
        date(int(match["day"][:4]), int(match["day"][4:6]), int(match["day"][6:]))
    except ValueError:
        raise InputError(f"identifiant « {actes_id} » : date « {match['day']} » impossible.")
    return Acknowledgment(ident, received_on)


def _attr(element: ET.Element, name: str) -> str | None:
    value = element.get(f"{{{ACTES_NS}}}{name}")
    return value if value is not None else element.get(name)


def parse_aracte(data: bytes) -> Acknowledgment:
    """Read an ``ARActe`` message; refuse in French anything else."""
    if len(data) > MAX_XML_BYTES:
        raise InputError("accusé de réception trop volumineux pour un message ARActe (1 Mo).")
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise InputError("accusé de réception refusé : déclarations DOCTYPE/ENTITY interdites.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise InputError(f"accusé de réception illisible (XML invalide : {err}).")
    if root.tag != f"{{{ACTES_NS}}}ARActe":
        local = root.tag.rsplit("}", 1)[-1]
        raise InputError(
            f"ce fichier n'est pas un accusé de réception ACTES (élément racine « {local} », "
            "« actes:ARActe » attendu)."
        )
    ident = _attr(root, "IDActe")
    received = _attr(root, "DateReception")
    if not ident or not received:
        missing = "actes:IDActe" if not ident else "actes:DateReception"
        raise InputError(f"accusé de réception incomplet : attribut « {missing} » absent.")
    try:
        received_on = date.fromisoformat(received.strip())
    except ValueError:
        raise InputError(f"accusé de réception : date de réception « {received} » illisible.")
    ack = acknowledgment(ident, received_on)
    recu = root.find(f"{{{ACTES_NS}}}ActeRecu")
    if recu is not None:
        internal = _attr(recu, "NumeroInterne")
        if internal is not None and internal.strip() != ack.number:
            raise InputError(
                f"accusé de réception incohérent : numéro interne « {internal} » mais "
                f"identifiant « {ack.actes_id} »."
            )
    return ack


def _item_for(items: tuple[Item, ...], ack: Acknowledgment, item_id: str | None) -> Item:
    if item_id is not None:
        item = next((it for it in items if it.id == item_id), None)
        if item is None:
            raise InputError(f"point « {item_id} » absent de l'ordre du jour de la séance.")
        if item.act_number != ack.number:
            raise InputError(
                f"l'identifiant « {ack.actes_id} » porte le numéro « {ack.number} », "
                f"mais le point « {item_id} » a le numéro d'acte « {item.act_number} »."
            )
        return item
    item = next((it for it in items if it.act_number == ack.number), None)
    if item is None:
        raise InputError(
            f"acte inconnu : aucun point de la séance ne porte le numéro « {ack.number} » "
            f"(identifiant « {ack.actes_id} »)."
        )
    return item


def record_acknowledgment(
    store: Store,
    session_id: str,
    ack: Acknowledgment,
    *,
    today: date,
    item_id: str | None = None,
) -> Transmission:
    """Check ``ack`` against the session and store it in the act's transmission row."""
    session = store.load_session(session_id)
    assembly = store.load_assembly(session.assembly_id)
    item = _item_for(session.items, ack, item_id)
    where = f"accusé de réception de l'acte « {ack.number} »"
    state = load_record(store, session.id).state  # the journal: constitution and acts
    if not is_deliberation(state.items[item.id]):
        raise InputError(
            f"{where} : le point « {item.id} » n'a pas donné lieu à une délibération "
            f"({state.items[item.id].status.label}) : acte inconnu."
        )
    if item.nature != ack.nature:
        raise InputError(
            f"{where} : nature « {ack.nature} » mais le point « {item.id} » est de nature "
            f"« {item.nature} »."
        )
    if ack.act_date != session.date:
        raise InputError(
            f"{where} : acte daté du {ack.act_date:%d/%m/%Y}, mais la séance est du "
            f"{session.date:%d/%m/%Y} : acte inconnu dans cette séance."
        )
    if assembly.siren and ack.siren != assembly.siren.strip():
        raise InputError(
            f"{where} : SIREN « {ack.siren} », mais celui de la collectivité est "
            f"« {assembly.siren} »."
        )
    if ack.received_on < session.date:
        raise InputError(
            f"{where} : reçu le {ack.received_on:%d/%m/%Y}, avant la séance du "
            f"{session.date:%d/%m/%Y}."
        )
    if ack.received_on > today:
        raise InputError(f"{where} : date de réception {ack.received_on:%d/%m/%Y} dans le futur.")
    current = session.transmission(item.id) or Transmission(item=item.id)
    if current.actes_id and current.actes_id != ack.actes_id:
        raise InputError(
            f"{where} : l'acte a déjà été acquitté sous l'identifiant « {current.actes_id} »."
        )
    if current.sent_on is not None and ack.received_on < current.sent_on:
        raise InputError(
            f"{where} : reçu le {ack.received_on:%d/%m/%Y}, avant son envoi le "
            f"{current.sent_on:%d/%m/%Y}."
        )
    updated = replace(current, received_on=ack.received_on, actes_id=ack.actes_id)
    store.set_transmission(session.id, updated)
    return updated
