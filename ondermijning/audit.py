"""Append-only, hash-chained audit trail (BIO: who did what, to which object, when, from where).

Call `audit.log(...)` from services and views for every read of personal data, change, status
transition, export and refused access. Each event stores the hash of its predecessor; changing
or deleting an event breaks the chain, which `manage.py audit_verify` detects.
No personal data in the event: object type and id, codes, never names or descriptions.
"""

import contextvars
import datetime
import hashlib
import json

from django.db import models, transaction
from django.utils import timezone

from ondermijning.models import AuditActie, AuditEvent, AuditKop, AuditResultaat
from ondermijning.scoping import _is_meervoudig

# The origin IP of the current request, set by AuditContextMiddleware so services need not
# pass the request around.
huidig_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("huidig_ip", default=None)

GENESIS = "0" * 64


def _bereken_hash(vorige_hash: str, velden: dict) -> str:
    data = json.dumps(velden, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((vorige_hash + data).encode()).hexdigest()


def _velden(event: AuditEvent) -> dict:
    return {
        "volgnummer": event.volgnummer,
        # In UTC whatever zone the value carries: reading back from the database must hash alike.
        "tijdstip": event.tijdstip.astimezone(datetime.UTC).isoformat(),
        "actor": event.actor_id,
        "actie": event.actie,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "gemeente": event.gemeente_id,
        "resultaat": event.resultaat,
        "ip": event.ip,
        "toelichting": event.toelichting,
    }


def _gemeente_pad(model) -> str | None:
    """The single-valued path from `model` to its municipality, from its scoped QuerySet (see scoping)."""
    pad = getattr(model._default_manager._queryset_class, "gemeente_pad", None)
    if not pad or _is_meervoudig(model, pad):
        return None  # a row of several municipalities (an overleg) has no one municipality
    return pad


def _gemeente_in_geheugen(obj):
    """The municipality of `obj` without a query: its own column, or through relations already loaded."""
    if hasattr(obj, "gemeente_id"):
        return obj.gemeente_id
    pad = _gemeente_pad(obj._meta.model)
    if pad is None:
        return None
    *tussen, laatste = pad.split("__")
    for naam in tussen:
        veld = obj._meta.get_field(naam)
        if not veld.is_cached(obj):
            return None
        obj = getattr(obj, naam)
        if obj is None:
            return None
    return getattr(obj, obj._meta.get_field(laatste).attname, None)


def _vul_gemeenten(events: list[dict]) -> None:
    """Give each event about an object its municipality, in one query per model for the objects
    whose relations are not loaded (the audit viewer is scoped by it; it is written before the hash)."""
    open_per_model: dict[type, dict] = {}
    for velden in events:
        obj = velden.get("obj")
        if obj is None or velden.get("gemeente") is not None:
            continue
        velden["gemeente"] = _gemeente_in_geheugen(obj)
        if velden["gemeente"] is None and obj.pk is not None and _gemeente_pad(obj._meta.model):
            open_per_model.setdefault(obj._meta.model, {}).setdefault(obj.pk, []).append(velden)
    for model, per_pk in open_per_model.items():
        pad = _gemeente_pad(model)
        for pk, gemeente_id in model._base_manager.filter(pk__in=per_pk).values_list("pk", pad):
            for velden in per_pk[pk]:
                velden["gemeente"] = gemeente_id


def _nieuw_event(
    kop: AuditKop,
    *,
    actie: AuditActie,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    gemeente=None,
    resultaat: AuditResultaat = AuditResultaat.GELUKT,
    toelichting: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """The next event after `kop` (not saved); moves `kop` on to it."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if gemeente is None:
            gemeente = _gemeente_in_geheugen(obj)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        volgnummer=kop.volgnummer + 1,
        tijdstip=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actie=actie,
        object_type=object_type,
        object_id=str(object_id or ""),
        gemeente_id=getattr(gemeente, "pk", gemeente),
        resultaat=resultaat,
        ip=ip if ip is not None else huidig_ip.get(),
        toelichting=toelichting[:200],
        vorige_hash=kop.hash,
    )
    event.hash = _bereken_hash(kop.hash, _velden(event))
    kop.volgnummer, kop.hash = event.volgnummer, event.hash
    return event


def log(
    *,
    actie: AuditActie,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    gemeente=None,
    resultaat: AuditResultaat = AuditResultaat.GELUKT,
    toelichting: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. `obj` fills type, id and (if it has one) municipality."""
    return log_reeks([locals()])[0]  # its keyword arguments are exactly those of one event


@transaction.atomic
def log_reeks(events: list[dict]) -> list[AuditEvent]:
    """Append several events (each a dict of `log`'s arguments) under one lock in a fixed number of
    queries, so a page showing n signals can record n reads without a query per row.

    The lock: on PostgreSQL the head's row lock (SELECT ... FOR UPDATE), held to the end of the
    caller's transaction. SQLite ignores FOR UPDATE; there the settings start every transaction
    with BEGIN IMMEDIATE, so the transaction holds the database's write lock before it reads the
    head, and two appends queue instead of both reading the same head (a fork in the chain) or
    dead-locking on the upgrade from read to write. Readers are never blocked (WAL)."""
    if not events:
        return []
    events = [dict(velden) for velden in events]
    _vul_gemeenten(events)
    kop, _ = AuditKop.objects.select_for_update().get_or_create(pk=1)
    nieuw = [_nieuw_event(kop, **velden) for velden in events]
    AuditEvent.objects.bulk_create(nieuw)
    kop.save(update_fields=["volgnummer", "hash"])
    return nieuw


def verifieer() -> list[str]:
    """Walk the whole chain; return a Dutch description of every break (empty when intact).

    Meant for a live system, outside a transaction (a long one would hold up every writer): the head
    is read first, and the event it names must be in the chain with its hash; events appended
    while the walk runs come after it and are checked like the others.
    """
    fouten: list[str] = []
    kop = AuditKop.objects.filter(pk=1).first()
    kop_gevonden = kop is None or kop.volgnummer == 0
    vorige_hash, verwacht = GENESIS, 1
    for event in AuditEvent.objects.order_by("volgnummer").iterator(chunk_size=2000):
        if event.volgnummer != verwacht:
            fouten.append(f"Gebeurtenis {verwacht} ontbreekt (volgende is {event.volgnummer}).")
        if event.vorige_hash != vorige_hash:
            fouten.append(f"Gebeurtenis {event.volgnummer}: verwijzing naar vorige hash klopt niet.")
        if _bereken_hash(event.vorige_hash, _velden(event)) != event.hash:
            fouten.append(f"Gebeurtenis {event.volgnummer}: inhoud is gewijzigd.")
        if kop is not None and event.volgnummer == kop.volgnummer:
            kop_gevonden = event.hash == kop.hash
        vorige_hash, verwacht = event.hash, event.volgnummer + 1
    if not kop_gevonden:
        fouten.append("De laatste gebeurtenis(sen) van de keten ontbreken.")
    return fouten
