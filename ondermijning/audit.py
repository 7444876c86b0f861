"""Append-only, MAC-chained audit trail (BIO: who did what, to which object, when, from where).

Call `audit.log(...)` from services and views for every read of personal data, change, status
transition, export and refused access. Each event stores the MAC of its predecessor; changing
or deleting an event breaks the chain, which `manage.py audit_verify` detects.
No personal data in the event: object type and id, codes, never names or descriptions.

Two steps, so that requests never queue on one row (issue 21.4):
- `log`/`log_reeks` insert the event at once, without a lock: its content, its key id and a MAC of
  its content alone (`inhoud_mac`), but no place in the chain yet (`volgnummer` empty). The event
  is there for every reader at once; the database's autoincrement id gives the order of writing.
- `verzegel` (the sealer) takes the head lock and links the waiting events into the chain in that
  order (`volgnummer`, `vorige_hash`, `hash`), after checking each one's content MAC. It runs every
  few seconds (beat task meldingen.audit_verzegel, the planner under `make run`) and on demand:
  `audit_verify`, `veranker` and the daily check seal first. Only the sealer takes the head lock.
`audit_verify` reports the waiting tail as waiting, not as a break; a waiting event whose content
MAC does not verify is a break (and the sealer leaves it out of the chain).

What holds against someone with SQL access (README, "Beveiliging"):
- the MAC is an HMAC-SHA256 under a key from the environment (settings.AUDIT_HMAC_SLEUTELS), never
  in the database, so rows cannot be rewritten or added with a MAC that verifies without it; each
  event names its key (`sleutel_id`), so keys rotate;
- a cut-off tail with a moved head, or a rewrite by a holder of the key, is caught by the anchors:
  the head's number and MAC written daily outside the database (`veranker`, `audit_verify --anker`);
- a waiting event carries the MAC of its content under the same key, so a row slipped into the
  waiting tail without the key is refused by the sealer and reported by audit_verify;
- on PostgreSQL a trigger (django-pgtrigger) refuses DELETE of events and of the head, and every
  UPDATE of an event except the sealer's: the chain fields of a waiting event, set once;
- a lost head row is rebuilt from the chain at the next sealing, with an alert and an event saying so.
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
# Waiting events the sealer links per transaction: the head stays locked for a short while only.
PARTIJ = 2000

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


def _inhoud_mac(event: AuditEvent) -> str | None:
    """HMAC-SHA256 of the event's content alone (no place in the chain): written with the event, checked
    by the sealer before it links the event in; None for an unknown key."""
    sleutel = settings.AUDIT_HMAC_SLEUTELS.get(event.sleutel_id)
    if sleutel is None:
        return None
    velden = _velden(event)
    del velden["volgnummer"]
    data = json.dumps(velden, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(sleutel, ("inhoud:" + data).encode(), hashlib.sha256).hexdigest()


def _inhoud_klopt(event: AuditEvent) -> bool:
    mac = _inhoud_mac(event)
    return mac is not None and hmac.compare_digest(mac, event.inhoud_mac)


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
    """A new event (not saved) with its content MAC, waiting for its place in the chain."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if gemeente is None:
            gemeente = _gemeente_in_geheugen(obj)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        tijdstip=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actie=actie,
        object_type=object_type,
        object_id=str(object_id or ""),
        gemeente_id=getattr(gemeente, "pk", gemeente),
        resultaat=resultaat,
        ip=ip if ip is not None else huidig_ip.get(),
        toelichting=toelichting[:200],
        sleutel_id=_huidige_sleutel_id(),
    )
    event.inhoud_mac = _inhoud_mac(event)
    return event


def _koppel(kop: AuditKop, event: AuditEvent) -> None:
    """Give `event` its place after `kop` (the chain fields, not saved); move `kop` on to it."""
    event.volgnummer, event.vorige_hash = kop.volgnummer + 1, kop.hash
    event.hash = _mac(kop.hash, event)
    kop.volgnummer, kop.hash = event.volgnummer, event.hash


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


def log_reeks(events: list[dict]) -> list[AuditEvent]:
    """Append several events (each a dict of `log`'s arguments) in a fixed number of queries, so a page
    showing n signals can record n reads without a query per row.

    No lock: one INSERT, its rows numbered by the database (the autoincrement id), so concurrent
    requests never wait on each other here; `verzegel` links the events into the chain shortly after.
    The events exist at once (in the caller's transaction, if any); their chain fields come later."""
    if not events:
        return []
    events = [dict(velden) for velden in events]
    _vul_gemeenten(events)
    nieuw = [_nieuw_event(**velden) for velden in events]
    return AuditEvent.objects.bulk_create(nieuw)


def wachtend() -> models.QuerySet:
    """The events still waiting for their place in the chain."""
    return AuditEvent.objects.filter(volgnummer=None)


def verzegel() -> int:
    """Link the waiting events into the chain in the order they were written, under the head lock;
    return how many. Safe to run at any time and from several processes at once (they take turns).

    Each batch is its own short transaction (the head is locked only while one batch is linked). A
    waiting event whose content MAC does not verify (written without the key) is left out and
    reported; `verifieer` reports it as a break."""
    totaal, na_id = 0, 0
    while True:
        with transaction.atomic():
            kop = AuditKop.objects.select_for_update().filter(pk=1).first() or _herstel_kop()
            # Read after the lock: under READ COMMITTED this sees what an earlier sealer committed.
            partij = list(wachtend().filter(pk__gt=na_id).order_by("pk")[:PARTIJ])
            if not partij:
                return totaal
            verzegeld = []
            for event in partij:
                if _inhoud_klopt(event):
                    _koppel(kop, event)
                    verzegeld.append(event)
                else:
                    logger.error("Auditgebeurtenis id %s niet verzegeld: de inhoud-MAC klopt niet.", event.pk)
            AuditEvent.objects.bulk_update(verzegeld, ["volgnummer", "vorige_hash", "hash"], batch_size=500)
            kop.save(update_fields=["volgnummer", "hash"])
        totaal, na_id = totaal + len(verzegeld), partij[-1].pk
        if len(partij) < PARTIJ:
            return totaal


def _herstel_kop() -> AuditKop:
    """The head row is gone (it is never deleted by the application): rebuild it from the chain's last
    event and go on, so its loss never stops the sealing; alert, and record the rebuild in the chain.
    Concurrent sealers wait on the new row's key; the first one rebuilds, the others take its head."""
    laatste = _laatste_verzegeld()
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
        actie=AuditActie.KOP_HERSTELD,
        resultaat=AuditResultaat.MISLUKT if staart else AuditResultaat.GELUKT,
        toelichting=f"kop ontbrak; herbouwd op {laatste.volgnummer}; staart {'gebroken' if staart else 'intact'}",
    )
    _koppel(kop, herstel)  # right after the last sealed event, before the waiting ones
    herstel.save()
    _meld_beveiliging(
        onderwerp="Auditketen: kop ontbrak en is herbouwd",
        tekst=f"De kop van de auditketen ontbrak en is herbouwd op gebeurtenis {laatste.volgnummer}. "
        f"Controle van de laatste {HERSTEL_CONTROLE} gebeurtenissen: {staat}.",
    )
    return kop


def _laatste_verzegeld() -> AuditEvent | None:
    return AuditEvent.objects.exclude(volgnummer=None).order_by("-volgnummer").first()


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
    The waiting tail (see `verzegel`) is no break; a waiting event whose content MAC fails is.

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
    for event in wachtend().order_by("pk").iterator(chunk_size=2000):
        if not _inhoud_klopt(event):
            fouten.append(f"Wachtende gebeurtenis (id {event.pk}): inhoud is gewijzigd of zonder sleutel geschreven.")
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
    """Seal, then write the head (number and MAC of the chain's last event) outside the database: a JSON
    line appended to AUDIT_ANKER_BESTAND, the log stream, and a mail to AUDIT_ANKER_EMAIL."""
    verzegel()
    laatste = _laatste_verzegeld()
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
