"""Every write of the meldingen app: planning and sending reminders, notifications, preferences,
background exports, and putting work on the queue without ever depending on the broker.

Reliability rule: the database row is written first (in the caller's transaction); the broker only
gets a nudge after commit, and a broker that is down is logged and ignored. The periodic tasks
(scan, sender, export maintenance) find every row the nudge did not deliver.
"""

import datetime
import logging
import os
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from controles.models import ControleStatus
from meldingen import herinneringen
from meldingen.models import (
    Afgeleverd,
    ExportOpdracht,
    ExportStatus,
    Herinnering,
    HerinneringSoort,
    Kanaal,
    Notificatie,
    Voorkeur,
)
from ondermijning import audit, export, klok
from ondermijning.celery import app as celery_app
from ondermijning.eenmalig import formuliertokens_opruimen
from ondermijning.models import AuditActie, AuditResultaat, Gebruiker
from ondermijning.scoping import Rol
from signalen import bewaren

logger = logging.getLogger(__name__)

MAX_POGINGEN = 5
EXPORT_GELDIG = datetime.timedelta(days=1)
EXPORT_MAX_POGINGEN = 3
# A job queued this long ago that no worker picked up was lost by the broker: queue it again.
EXPORT_OPNIEUW_NA = datetime.timedelta(minutes=2)
# A job "bezig" for longer than the hard task time limit belonged to a worker that died.
EXPORT_VASTGELOPEN_NA = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
BEWAAR_VERSTUURD = datetime.timedelta(days=180)
# Publish once more on a dropped connection, then give up quickly: a request never waits on Redis.
PUBLICEER_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


# --- queueing ---------------------------------------------------------------------------------


def in_wachtrij(taaknaam: str, *args) -> bool:
    """Queue a task by its name; if the broker is unreachable, log it and return False (the row is picked up later).

    By name from Celery's registry, not by import: meldingen.tasks calls these services, so the
    services do not import the tasks (meldingen.apps imports them at start-up, which registers them).
    """
    try:
        celery_app.tasks[taaknaam].apply_async(args=args, retry=True, retry_policy=PUBLICEER_RETRY)
    except Exception:
        logger.warning(
            "Taak %s%r niet in de wachtrij gezet (broker onbereikbaar?); de periodieke taak pakt het later op.",
            taaknaam,
            args,
            exc_info=True,
        )
        return False
    return True


def na_commit(taaknaam: str, *args) -> None:
    """Queue a task once the current transaction has committed (never for a rolled-back event)."""
    transaction.on_commit(lambda: in_wachtrij(taaknaam, *args))


# --- reminders --------------------------------------------------------------------------------


def _sleutel(*, soort: str, ontvanger_id: int, obj, peildatum: datetime.date) -> dict:
    object_type, object_id = (obj._meta.label_lower, obj.pk) if obj is not None else ("", 0)
    return {
        "soort": soort,
        "ontvanger_id": ontvanger_id,
        "object_type": object_type,
        "object_id": object_id,
        "peildatum": peildatum,
    }


@transaction.atomic
def herinnering_plan(
    *,
    soort: str,
    ontvanger,
    obj,
    gemeente,
    due_at: datetime.datetime,
    onderwerp: str = "",
    url: str = "",
    peildatum: datetime.date | None = None,
) -> Herinnering:
    """Write a reminder in the caller's transaction; planning the same reminder again changes nothing."""
    sleutel = _sleutel(
        soort=soort, ontvanger_id=ontvanger.pk, obj=obj, peildatum=peildatum or timezone.localdate(due_at)
    )
    bestaand = Herinnering.objects.filter(**sleutel).first()
    if bestaand is not None:
        return bestaand
    herinnering = Herinnering(
        **sleutel,
        gemeente_id=getattr(gemeente, "pk", gemeente),
        due_at=due_at,
        onderwerp=(onderwerp or HerinneringSoort(soort).label)[:200],
        url=url,
    )
    herinnering.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            herinnering.save()
    except IntegrityError:
        # Planned concurrently by another transaction: that row is the one.
        return Herinnering.objects.get(**sleutel)
    if due_at <= timezone.now():
        na_commit("meldingen.herinneringen_verstuur")
    return herinnering


def _plan_kandidaten(kandidaten) -> int:
    """Insert candidates; existing ones (same unique key) are left alone. Returns the number new."""
    nieuw = 0
    for kandidaat in kandidaten:
        with transaction.atomic():
            _, gemaakt = Herinnering.objects.get_or_create(
                soort=kandidaat.soort,
                ontvanger_id=kandidaat.ontvanger_id,
                object_type=kandidaat.object_type,
                object_id=kandidaat.object_id,
                peildatum=kandidaat.peildatum,
                defaults={
                    "gemeente_id": kandidaat.gemeente_id,
                    "due_at": kandidaat.due_at,
                    "onderwerp": kandidaat.onderwerp[:200],
                    "url": kandidaat.url,
                },
            )
        nieuw += gemaakt
    return nieuw


@transaction.atomic
def controle_herinneringen_plan(*, controle) -> int:
    """Plan 'controle morgen' for every participant of a planned control (call it in the control's transaction)."""
    if controle.status != ControleStatus.GEPLAND or not controle.datum:
        return 0
    return _plan_kandidaten(herinneringen.controle_morgen_kandidaten(controle))


@transaction.atomic
def bibob_herinnering_plan(*, interventie) -> int:
    """Plan the reminder for the Bibob advice deadline (call it in the request's or extension's transaction)."""
    if not interventie.advies_termijn_tot or interventie.afgerond_op:
        return 0
    return _plan_kandidaten(herinneringen.bibob_kandidaten(interventie))


def herinneringen_scan(*, nu: datetime.datetime | None = None) -> int:
    """Create the time-based reminders from the domain data; safe to run any number of times."""
    nu = nu or timezone.now()
    nieuw = 0
    for scanner in herinneringen.SCANNERS:
        nieuw += _plan_kandidaten(scanner(nu))
    if nieuw:
        logger.info("Herinneringen: %s nieuw gepland.", nieuw)
    return nieuw


def _kanaal(herinnering: Herinnering) -> str:
    voorkeur = Voorkeur.objects.filter(gebruiker_id=herinnering.ontvanger_id, soort=herinnering.soort).first()
    return voorkeur.kanaal if voorkeur else Kanaal.EMAIL


def _mail(herinnering: Herinnering) -> None:
    context = {
        "herinnering": herinnering,
        "ontvanger": herinnering.ontvanger,
        "link": settings.BASIS_URL.rstrip("/") + (herinnering.url or "/"),
        "voorkeuren": settings.BASIS_URL.rstrip("/") + "/meldingen/voorkeuren/",
    }
    onderwerp = " ".join(render_to_string("meldingen/email/herinnering_onderwerp.txt", context).split())
    bericht = EmailMessage(
        subject=onderwerp,
        body=render_to_string("meldingen/email/herinnering.txt", context),
        to=[herinnering.ontvanger.email],
        # A fixed Message-ID: should a crash between sending and committing cause a second attempt,
        # mail clients and servers recognise the duplicate.
        headers={"Message-ID": f"<herinnering-{herinnering.pk}@ondermijning>"},
    )
    bericht.send(fail_silently=False)


def _bezorg(herinnering: Herinnering, nu: datetime.datetime) -> bool:
    """Deliver one locked reminder and mark it sent, in the caller's transaction. False: retry later."""
    ontvanger = herinnering.ontvanger
    if (
        not ontvanger.is_active
        or not herinneringen.zichtbaar_voor_ontvanger(herinnering)
        or not herinneringen.nog_actueel(herinnering, nu)
    ):
        herinnering.afgeleverd = Afgeleverd.VERVALLEN
    else:
        per_mail = _kanaal(herinnering) == Kanaal.EMAIL and ontvanger.email and herinnering.pogingen < MAX_POGINGEN
        if per_mail:
            try:
                _mail(herinnering)
            except Exception as fout:
                herinnering.pogingen += 1
                herinnering.volgende_poging_op = nu + datetime.timedelta(minutes=5 * herinnering.pogingen)
                herinnering.laatste_fout = f"{type(fout).__name__}"[:200]
                herinnering.save(update_fields=["pogingen", "volgende_poging_op", "laatste_fout"])
                logger.warning("Herinnering %s: e-mail mislukt (poging %s).", herinnering.pk, herinnering.pogingen)
                return False
        Notificatie.objects.create(
            ontvanger=ontvanger,
            herinnering=herinnering,
            soort=herinnering.soort,
            tekst=herinnering.onderwerp,
            url=herinnering.url,
        )
        herinnering.afgeleverd = Afgeleverd.EMAIL if per_mail else Afgeleverd.IN_APP
    herinnering.sent_at = nu
    herinnering.save(update_fields=["sent_at", "afgeleverd"])
    return True


def herinneringen_verstuur(*, nu: datetime.datetime | None = None, maximum: int = 500) -> int:
    """Send due reminders exactly once: each in its own transaction, holding its row lock while sending.

    `select_for_update(skip_locked=True)` lets a second worker pass over the row in flight; the row is
    marked sent in the same transaction that delivered it, so a crash before commit leaves it unsent.
    """
    verstuurd = 0
    for _poging in range(maximum):
        moment = nu or timezone.now()
        with transaction.atomic():
            herinnering = (
                Herinnering.objects.te_versturen(moment)
                .select_for_update(skip_locked=True)
                .order_by("due_at", "pk")
                .first()
            )
            if herinnering is None:
                break
            if _bezorg(herinnering, moment):
                verstuurd += 1
    return verstuurd


def auditketen_controleer(*, nu: datetime.datetime | None = None) -> list[str]:
    """Seal the waiting audit events, verify the MAC chain (and against the anchor file when configured);
    when broken, log it and remind every active beheerder.

    The walk runs outside a transaction: on SQLite a transaction holds the write lock from its
    start, and every page view writes (session, audit trail). The sealing and each reminder are
    short transactions of their own.
    """
    audit.verzegel()
    ankers, fouten = None, []
    if settings.AUDIT_ANKER_BESTAND and os.path.exists(settings.AUDIT_ANKER_BESTAND):
        try:
            ankers = audit.lees_ankers(settings.AUDIT_ANKER_BESTAND)
        except (OSError, ValueError) as fout:
            fouten.append(str(fout))
    fouten += audit.verifieer(ankers=ankers)
    if fouten:
        nu = nu or timezone.now()
        logger.error("Auditketen gebroken: %s fout(en).", len(fouten))
        beheerders = Gebruiker.objects.filter(is_active=True, groups__name=Rol.BEHEERDER.value).distinct()
        for beheerder in beheerders:
            herinnering_plan(
                soort=HerinneringSoort.AUDITKETEN,
                ontvanger=beheerder,
                obj=None,
                gemeente=None,
                due_at=nu,
                onderwerp=_("De auditketen is gebroken: %(aantal)s fout(en). Draai manage.py audit_verify.")
                % {"aantal": len(fouten)},
            )
    return fouten


def opschonen(*, nu: datetime.datetime | None = None) -> dict:
    """Nightly retention: destroy expired signals (signalen's rule), old sent reminders, expired exports,
    and the one-time tokens of forms that can no longer be sent."""
    nu = nu or timezone.now()
    resultaat = {"signalen": bewaren.signalen_vernietig_verlopen(peildatum=timezone.localdate(nu))}
    with transaction.atomic():
        resultaat["herinneringen"], _ = Herinnering.objects.filter(sent_at__lt=nu - BEWAAR_VERSTUURD).delete()
        resultaat["notificaties"], _ = Notificatie.objects.filter(
            gelezen_op__isnull=False, created_at__lt=nu - BEWAAR_VERSTUURD
        ).delete()
    resultaat["exports"] = exports_verloop(nu=nu)
    resultaat["formuliertokens"] = formuliertokens_opruimen(nu=nu)
    return resultaat


# --- notifications and preferences -----------------------------------------------------------


@transaction.atomic
def notificatie_lees(*, notificatie: Notificatie, door) -> Notificatie:
    """Mark one of the user's own notifications as read."""
    if notificatie.ontvanger_id != door.pk:
        raise PermissionDenied
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = klok.nu()
        notificatie.save(update_fields=["gelezen_op"])
    return notificatie


@transaction.atomic
def notificaties_alles_lees(*, door) -> int:
    """Mark all of the user's notifications as read."""
    return Notificatie.objects.voor_gebruiker(door).ongelezen().update(gelezen_op=klok.nu())


@transaction.atomic
def voorkeuren_wijzig(*, door, keuzes: dict[str, str]) -> None:
    """Store the user's delivery choice per kind of reminder."""
    for soort, kanaal in keuzes.items():
        if soort not in HerinneringSoort.values or kanaal not in Kanaal.values:
            raise ValidationError(_("Onbekende soort of kanaal."))
        Voorkeur.objects.update_or_create(gebruiker=door, soort=soort, defaults={"kanaal": kanaal})
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=door, toelichting="meldingsvoorkeuren")


# --- background exports -----------------------------------------------------------------------


def _opslag() -> FileSystemStorage:
    # Exports hold personal data: under MEDIA_ROOT (outside the web root), served by a scoped view.
    return FileSystemStorage(location=settings.MEDIA_ROOT)


def export_controleer(*, gebruiker, soort: str, parameters: dict):
    """Whether `gebruiker` may have this export now; raises PermissionDenied/Http404/ValidationError."""
    definitie = export.definitie(soort)
    if not gebruiker.is_active or not gebruiker.has_perm(definitie.permissie):
        raise PermissionDenied
    return definitie.controleer(gebruiker, parameters)


@transaction.atomic
def export_aanvraag(*, door, soort: str, parameters: dict) -> ExportOpdracht:
    """Record an export job (the source of truth) and queue it after commit."""
    gemeente = export_controleer(gebruiker=door, soort=soort, parameters=parameters)
    opdracht = ExportOpdracht(aangevraagd_door=door, soort=soort, parameters=parameters, gemeente=gemeente)
    opdracht.full_clean()
    opdracht.save()
    audit.log(actie=AuditActie.EXPORT, actor=door, obj=opdracht, gemeente=gemeente, toelichting=f"aangevraagd {soort}")
    na_commit("meldingen.export_maak", opdracht.pk)
    return opdracht


def _claim(opdracht_id: int, nu: datetime.datetime) -> ExportOpdracht | None:
    with transaction.atomic():
        opdracht = ExportOpdracht.objects.select_for_update(skip_locked=True).filter(pk=opdracht_id).first()
        if opdracht is None:
            return None
        vastgelopen = (
            opdracht.status == ExportStatus.BEZIG
            and opdracht.gestart_op is not None
            and opdracht.gestart_op <= nu - EXPORT_VASTGELOPEN_NA
        )
        if opdracht.status != ExportStatus.WACHTRIJ and not vastgelopen:
            return None
        if opdracht.pogingen >= EXPORT_MAX_POGINGEN:
            opdracht.status = ExportStatus.MISLUKT
            opdracht.foutmelding = _("Na %(n)s pogingen opgegeven.") % {"n": opdracht.pogingen}
            opdracht.save(update_fields=["status", "foutmelding"])
            return None
        opdracht.status = ExportStatus.BEZIG
        opdracht.gestart_op = nu
        opdracht.pogingen += 1
        opdracht.voortgang = 0
        opdracht.save(update_fields=["status", "gestart_op", "pogingen", "voortgang"])
        return opdracht


def export_maak(*, opdracht_id: int) -> ExportOpdracht | None:
    """Produce the file of a queued export job; a job that is done or in progress elsewhere is left alone."""
    opdracht = _claim(opdracht_id, timezone.now())
    if opdracht is None:
        return None
    gebruiker = opdracht.aangevraagd_door

    def voortgang(procent: int) -> None:
        ExportOpdracht.objects.filter(pk=opdracht.pk).update(voortgang=max(0, min(99, int(procent))))

    try:
        export_controleer(gebruiker=gebruiker, soort=opdracht.soort, parameters=opdracht.parameters)
        # The app's own builder, the same one its page calls (ondermijning/export.py).
        bestand = export.definitie(opdracht.soort).maak(
            gebruiker=gebruiker, parameters=opdracht.parameters, voortgang=voortgang
        )
        inhoud, bestandsnaam, content_type = bestand.inhoud, bestand.naam, bestand.content_type
    except Exception as fout:
        logger.exception("Export %s mislukt.", opdracht.pk)
        ExportOpdracht.objects.filter(pk=opdracht.pk).update(
            status=ExportStatus.MISLUKT,
            foutmelding=_("De export is mislukt (%(fout)s).") % {"fout": type(fout).__name__},
        )
        audit.log(
            actie=AuditActie.EXPORT,
            actor=gebruiker,
            obj=opdracht,
            resultaat=AuditResultaat.MISLUKT,
            toelichting="mislukt",
        )
        return None
    extensie = os.path.splitext(bestandsnaam)[1][:10]
    pad = _opslag().save(f"exports/{uuid.uuid4().hex}{extensie}", ContentFile(inhoud))
    nu = timezone.now()
    with transaction.atomic():
        ExportOpdracht.objects.filter(pk=opdracht.pk).update(
            status=ExportStatus.KLAAR,
            voortgang=100,
            bestand=pad,
            bestandsnaam=bestandsnaam[:150],
            content_type=content_type[:100],
            klaar_op=nu,
            expires_at=nu + EXPORT_GELDIG,
        )
        audit.log(
            actie=AuditActie.EXPORT, actor=gebruiker, obj=opdracht, gemeente=opdracht.gemeente_id, toelichting="gemaakt"
        )
    opdracht.refresh_from_db()
    return opdracht


def export_pad(opdracht: ExportOpdracht) -> str:
    return _opslag().path(opdracht.bestand)


def exports_verloop(*, nu: datetime.datetime | None = None) -> int:
    """Delete the files of exports older than a day; the job row stays (status verlopen) as a trace."""
    nu = nu or timezone.now()
    opslag = _opslag()
    aantal = 0
    for opdracht in ExportOpdracht.objects.filter(status=ExportStatus.KLAAR, expires_at__lte=nu):
        if opdracht.bestand and opslag.exists(opdracht.bestand):
            opslag.delete(opdracht.bestand)
        ExportOpdracht.objects.filter(pk=opdracht.pk).update(status=ExportStatus.VERLOPEN, bestand="")
        aantal += 1
    return aantal


def exports_onderhoud(*, nu: datetime.datetime | None = None) -> dict:
    """Every minute: expire old files, and queue again the jobs the broker lost or a dead worker left."""
    nu = nu or timezone.now()
    verlopen = exports_verloop(nu=nu)
    opnieuw = list(
        ExportOpdracht.objects.filter(
            models.Q(status=ExportStatus.WACHTRIJ, created_at__lte=nu - EXPORT_OPNIEUW_NA)
            | models.Q(status=ExportStatus.BEZIG, gestart_op__lte=nu - EXPORT_VASTGELOPEN_NA)
        ).values_list("pk", flat=True)
    )
    for pk in opnieuw:
        in_wachtrij("meldingen.export_maak", pk)
    return {"verlopen": verlopen, "opnieuw": len(opnieuw)}
