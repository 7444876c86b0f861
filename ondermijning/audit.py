"""Append-only, MAC-chained audit trail (BIO: who did what, to which object, when, from where).

Call `audit.log(...)` from services and views for every read of personal data, change, status
transition, export and refused access. Each event stores the MAC of its predecessor; changing
or deleting an event breaks the chain, which `manage.py audit_verify` detects.
No personal data in the event: object type and id, codes, never names or descriptions.

What holds against someone with SQL access (README, "Beveiliging"):
- the MAC is an HMAC-SHA256 under a key from the environment (settings.AUDIT_HMAC_SLEUTELS), never
  in the database, so rows cannot be rewritten or added with a MAC that verifies without it; each
  event names its key (`sleutel_id`), so keys rotate;
- a cut-off tail with a moved head, or a rewrite by a holder of the key, is caught by the anchors:
  the head's number and MAC written daily outside the database (`veranker`, `audit_verify --anker`);
- on PostgreSQL a trigger (django-pgtrigger) refuses UPDATE and DELETE of events and DELETE of the head;
- a lost head row is rebuilt from the chain at the next write, with an alert and an event saying so.
"""

import contextvars
import datetime
import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from ondermijning.models import AuditActie, AuditEvent, AuditKop, AuditResultaat
from ondermijning.scoping import _is_meervoudig

logger = logging.getLogger(__name__)
anker_logger = logging.getLogger(f"{__name__}.anker")

# Events checked when the head is rebuilt: enough to see a tampered tail, cheap enough for a request.
HERSTEL_CONTROLE = 1000

# The origin IP of the current request, set by AuditContextMiddleware so services need not
# pass the request around.
huidig_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("huidig_ip", default=None)

GENESIS = "0" * 64


def _huidige_sleutel_id() -> int:
    sleutel_id = settings.AUDIT_HMAC_SLEUTEL_ID
    if sleutel_id not in settings.AUDIT_HMAC_SLEUTELS:
        raise ImproperlyConfigured("AUDIT_HMAC_SLEUTELS bevat de sleutel AUDIT_HMAC_SLEUTEL_ID niet.")
    return sleutel_id


def _mac(vorige_hash: str, event: AuditEvent) -> str | None:
    """HMAC-SHA256 of the event (its key id included) after its predecessor; None for an unknown key."""
    sleutel = settings.AUDIT_HMAC_SLEUTELS.get(event.sleutel_id)
    if sleutel is None:
        return None
    data = json.dumps(_velden(event), sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(sleutel, (vorige_hash + data).encode(), hashlib.sha256).hexdigest()


def _velden(event: AuditEvent) -> dict:
    return {
        "sleutel": event.sleutel_id,
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
        sleutel_id=_huidige_sleutel_id(),
    )
    event.hash = _mac(kop.hash, event)
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
    kop = AuditKop.objects.select_for_update().filter(pk=1).first() or _herstel_kop()
    nieuw = [_nieuw_event(kop, **velden) for velden in events]
    AuditEvent.objects.bulk_create(nieuw)
    kop.save(update_fields=["volgnummer", "hash"])
    return nieuw


def _herstel_kop() -> AuditKop:
    """The head row is gone (it is never deleted by the application): rebuild it from the chain's last
    event and go on, so its loss never takes the site down; alert, and record the rebuild in the chain.
    Concurrent writers wait on the new row's key; the first one rebuilds, the others take its head."""
    laatste = AuditEvent.objects.order_by("-volgnummer").first()
    kop, gemaakt = AuditKop.objects.select_for_update().get_or_create(
        pk=1, defaults={"volgnummer": laatste.volgnummer, "hash": laatste.hash} if laatste else {}
    )
    if not gemaakt or laatste is None:
        return kop  # another writer rebuilt it, or an empty chain starts here
    staart = verifieer(vanaf=max(1, laatste.volgnummer - HERSTEL_CONTROLE + 1), met_kop=False)
    staat = f"GEBROKEN: {'; '.join(staart)}" if staart else "intact"
    logger.error(
        "De kop van de auditketen ontbrak; herbouwd op gebeurtenis %s. Laatste %s gebeurtenissen: %s. "
        "Draai manage.py audit_verify --anker.",
        laatste.volgnummer,
        HERSTEL_CONTROLE,
        staat,
    )
    herstel = _nieuw_event(
        kop,
        actie=AuditActie.KOP_HERSTELD,
        resultaat=AuditResultaat.MISLUKT if staart else AuditResultaat.GELUKT,
        toelichting=f"kop ontbrak; herbouwd op {laatste.volgnummer}; staart {'gebroken' if staart else 'intact'}",
    )
    herstel.save()
    _meld_beveiliging(
        onderwerp="Auditketen: kop ontbrak en is herbouwd",
        tekst=f"De kop van de auditketen ontbrak en is herbouwd op gebeurtenis {laatste.volgnummer}. "
        f"Controle van de laatste {HERSTEL_CONTROLE} gebeurtenissen: {staat}.",
    )
    return kop


def _meld_beveiliging(*, onderwerp: str, tekst: str) -> None:
    """Mail the security officer (AUDIT_ANKER_EMAIL) after commit; a mail failure is logged, never raised."""
    if not settings.AUDIT_ANKER_EMAIL:
        return

    def verstuur():
        try:
            send_mail(onderwerp, tekst, None, settings.AUDIT_ANKER_EMAIL)
        except Exception:
            logger.exception("Melding aan de beveiligingsfunctionaris niet verstuurd: %s", onderwerp)

    transaction.on_commit(verstuur)


def verifieer(*, ankers: list[dict] | None = None, vanaf: int = 1, met_kop: bool = True) -> list[str]:
    """Walk the chain (from `vanaf`); return a Dutch description of every break (empty when intact).

    Meant for a live system, outside a transaction (a long one would hold up every writer): the head
    is read first, and the event it names must be in the chain with its MAC; events appended while
    the walk runs come after it and are checked like the others. With `ankers` (see `lees_ankers`)
    also: every anchored event still exists with the anchored MAC, and the chain is not shorter
    than the last anchor."""
    fouten: list[str] = []
    kop = AuditKop.objects.filter(pk=1).first() if met_kop else None
    kop_gevonden = kop is None or kop.volgnummer == 0
    vorige_hash, verwacht = GENESIS, vanaf
    if vanaf > 1:
        vorige = AuditEvent.objects.filter(volgnummer=vanaf - 1).values_list("hash", flat=True).first()
        vorige_hash = vorige or GENESIS
    for event in AuditEvent.objects.filter(volgnummer__gte=vanaf).order_by("volgnummer").iterator(chunk_size=2000):
        if event.volgnummer != verwacht:
            fouten.append(f"Gebeurtenis {verwacht} ontbreekt (volgende is {event.volgnummer}).")
        if event.vorige_hash != vorige_hash:
            fouten.append(f"Gebeurtenis {event.volgnummer}: verwijzing naar vorige hash klopt niet.")
        mac = _mac(event.vorige_hash, event)
        if mac is None:
            fouten.append(f"Gebeurtenis {event.volgnummer}: sleutel {event.sleutel_id} is onbekend.")
        elif not hmac.compare_digest(mac, event.hash):
            fouten.append(f"Gebeurtenis {event.volgnummer}: inhoud is gewijzigd.")
        if kop is not None and event.volgnummer == kop.volgnummer:
            kop_gevonden = hmac.compare_digest(event.hash, kop.hash)
        vorige_hash, verwacht = event.hash, event.volgnummer + 1
    if met_kop:
        if kop is None and verwacht > 1:
            fouten.append("De kop van de auditketen ontbreekt (verwijderd buiten de applicatie om).")
        elif not kop_gevonden:
            fouten.append("De laatste gebeurtenis(sen) van de keten ontbreken.")
    if ankers:
        fouten += _vergelijk_met_ankers(ankers, laatste=verwacht - 1)
    return fouten


def _vergelijk_met_ankers(ankers: list[dict], *, laatste: int) -> list[str]:
    fouten = []
    per_nummer = {anker["volgnummer"]: anker["mac"] for anker in ankers}
    macs = dict(AuditEvent.objects.filter(volgnummer__in=per_nummer).values_list("volgnummer", "hash"))
    for volgnummer, mac in sorted(per_nummer.items()):
        if volgnummer not in macs:
            fouten.append(f"Gebeurtenis {volgnummer} uit het anker ontbreekt.")
        elif not hmac.compare_digest(macs[volgnummer], mac):
            fouten.append(f"Gebeurtenis {volgnummer} wijkt af van het anker.")
    hoogste = max(per_nummer)
    if laatste < hoogste:
        fouten.append(f"De keten eindigt bij {laatste}: korter dan het anker ({hoogste}).")
    return fouten


def lees_ankers(pad: str | Path) -> list[dict]:
    """The anchors of an anchor file (one JSON object a line; blank lines skipped)."""
    ankers = []
    for nummer, regel in enumerate(Path(pad).read_text().splitlines(), start=1):
        if not regel.strip():
            continue
        try:
            anker = json.loads(regel)
            ankers.append({"volgnummer": int(anker["volgnummer"]), "mac": str(anker["mac"])})
        except (ValueError, KeyError, TypeError) as fout:
            raise ValueError(f"Ankerbestand {pad}, regel {nummer}: geen geldig anker.") from fout
    return ankers


def veranker() -> dict:
    """Write the head (number and MAC of the chain's last event) outside the database: a JSON line
    appended to AUDIT_ANKER_BESTAND, the log stream, and a mail to AUDIT_ANKER_EMAIL."""
    laatste = AuditEvent.objects.order_by("-volgnummer").first()
    anker = {
        "tijdstip": timezone.now().astimezone(datetime.UTC).isoformat(),
        "volgnummer": laatste.volgnummer if laatste else 0,
        "mac": laatste.hash if laatste else GENESIS,
        "sleutel_id": laatste.sleutel_id if laatste else None,
    }
    regel = json.dumps(anker, sort_keys=True)
    if settings.AUDIT_ANKER_BESTAND:
        # O_APPEND: every write lands at the end, also on a file made append-only (chattr +a).
        fd = os.open(settings.AUDIT_ANKER_BESTAND, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        with os.fdopen(fd, "a") as bestand:
            bestand.write(regel + "\n")
    anker_logger.info("Auditanker %s", regel)
    if settings.AUDIT_ANKER_EMAIL:
        send_mail(f"Auditanker {anker['volgnummer']}", regel + "\n", None, settings.AUDIT_ANKER_EMAIL)
    return anker
