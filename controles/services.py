"""Every write of the controles app: controls and their status, objects, visits (idempotent on the
client's uuid), photos, signals raised from a visit, and Theseus labels."""

import datetime
import io
import uuid
import warnings
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from controles.models import (
    Antwoordtype,
    Bedrijventerrein,
    Bezoek,
    ChecklistAntwoord,
    ChecklistSjabloon,
    ChecklistVraag,
    Controle,
    ControleDoel,
    ControleObject,
    ControleSoort,
    ControleStatus,
    ControleStatusWijziging,
    Foto,
    Label,
    TheseusLabel,
    Vervolg,
)
from controles.workflow import CONTROLE
from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie, AuditEvent, Grondslag, OrganisatieType
from ondermijning.services import verstrekkingen_bij
from ondermijning.workflow import OvergangGeweigerd, controleer_versie
from signalen.models import Besluit, Bron
from signalen.services import signaal_registreer

# The time of a visit is when it was recorded on the tablet (it may reach the server hours later).
# A tablet clock a few minutes fast is tolerated; a visit older than a week is not taken in
# unnoticed, since the record must show when things happened.
BEZOEK_KLOKAFWIJKING = datetime.timedelta(minutes=5)
BEZOEK_MAX_OUDERDOM = datetime.timedelta(days=7)

# Photos: limits against decompression bombs and huge uploads from a tablet camera.
FOTO_MAX_BYTES = 15 * 1024 * 1024
# Pixels are what decoding costs (memory, CPU), not bytes: a 160 KB PNG can hold 7000x7000.
FOTO_MAX_PIXELS = 40_000_000
FOTO_MAX_ZIJDE = 2560
FOTO_FORMATEN = {"JPEG", "PNG", "WEBP"}

# Fields a user may set on a control through controle_maak / controle_wijzig.
CONTROLE_VELDEN = ("soort", "thema", "gemeente", "datum", "starttijd", "eindtijd", "doel", "omschrijving", "kosten")


def _controleer_versie(obj, versie: int | None, *, verplicht: bool = True) -> None:
    controleer_versie(obj, versie, verplicht=verplicht)


def _controleer_datum_gepland(controle: Controle) -> None:
    if controle.status == ControleStatus.GEPLAND and controle.datum and controle.datum < klok.vandaag():
        raise ValidationError(
            {"datum": _("Een controle in het verleden kan niet 'gepland' zijn. Kies vandaag of een latere datum.")}
        )


def partners(organisaties: Iterable) -> list:
    """The participating organisations that are partners, not the municipality itself."""
    return [o for o in organisaties if o.type != OrganisatieType.GEMEENTE]


def _deelname_registreren(*, controle: Controle, door, na: Iterable) -> None:
    """A partner taking part in a joint control sees it, its objects and the visits: a disclosure.

    Added partners are recorded in the verstrekkingenregister, removed ones withdrawn. The basis is
    the statutory supervision task of the joint inspection; no person data is part of a control.
    """
    verstrekkingen_bij(
        obj=controle,
        organisaties=partners(na),
        door=door,
        grondslag=Grondslag.WETTELIJKE_TAAK,
        omschrijving=_("Deelname aan %(controle)s") % {"controle": controle},
        toelichting=_("Gezamenlijke controle: de controle, haar objecten en bezoeken."),
    )


@transaction.atomic
def controle_maak(
    *,
    door,
    organisaties: Iterable = (),
    deelnemers: Iterable = (),
    adressen: Iterable = (),
    bedrijven: Iterable = (),
    objecten_reden: str = "",
    objecten_labels: Mapping[int, TheseusLabel] | None = None,
    vereist_twee_partners: bool = False,
    **velden,
) -> Controle:
    """Plan a new control (status gepland, today or later) with its partners, inspectors and objects."""
    onbekend = set(velden) - set(CONTROLE_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    organisaties = list(organisaties)
    if vereist_twee_partners and len(partners(organisaties)) < 2:
        raise ValidationError(
            {
                "deelnemende_organisaties": _(
                    "Voor een controle bij een bedrijf met label rood zijn ten minste twee partnerorganisaties "
                    "nodig (bijvoorbeeld politie en ODRA)."
                )
            }
        )
    controle = Controle(status=ControleStatus.GEPLAND, aangemaakt_door=door, **velden)
    controle.full_clean()
    _controleer_datum_gepland(controle)
    controle.save()
    controle.deelnemende_organisaties.set(organisaties)
    _deelname_registreren(controle=controle, door=door, na=organisaties)
    controle.deelnemers.set(list(deelnemers))
    _objecten_toevoegen(
        controle=controle, adressen=adressen, bedrijven=bedrijven, reden=objecten_reden, labels=objecten_labels
    )
    ControleStatusWijziging.objects.create(
        controle=controle,
        van=ControleStatus.GEPLAND,
        naar=ControleStatus.GEPLAND,
        door=door,
        reden=_("Gepland"),
        created_at=klok.nu(),
    )
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=controle, toelichting=f"soort={controle.soort}")
    return controle


@transaction.atomic
def controle_wijzig(
    *, controle: Controle, door, versie: int | None, organisaties=None, deelnemers=None, **velden
) -> Controle:
    """Change a planned or executed control; refuses a stale version and a closed or cancelled control."""
    onbekend = set(velden) - set(CONTROLE_VELDEN)
    if onbekend:
        raise TypeError(f"Onbekende velden: {sorted(onbekend)}")
    controle = Controle.objects.select_for_update().get(pk=controle.pk)
    _controleer_versie(controle, versie)
    CONTROLE.vereis(controle, "wijzigen")
    for naam, waarde in velden.items():
        setattr(controle, naam, waarde)
    controle.full_clean()
    _controleer_datum_gepland(controle)
    controle.versie += 1
    controle.save()
    if organisaties is not None:
        controle.deelnemende_organisaties.set(list(organisaties))
        _deelname_registreren(controle=controle, door=door, na=list(organisaties))
    if deelnemers is not None:
        controle.deelnemers.set(list(deelnemers))
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=controle, toelichting=f"versie={controle.versie}")
    return controle


# --- controls decided by the overleg (domain events from signalen) ---------------------------

# A control the overleg decides on is planned this many days ahead, on a weekday; the planner
# then moves it, invites the partners and adds inspectors.
BESLUIT_CONTROLE_DAGEN = 14


def _eerste_werkdag(datum: datetime.date) -> datetime.date:
    while datum.weekday() >= 5:
        datum += datetime.timedelta(days=1)
    return datum


def controle_plan_voor_besluit(*, agendapunt, besluit: str, door, **kwargs) -> list[Controle]:
    """'Controle plannen': a planned control of the signal's addresses and businesses, linked to the signal.

    No partner organisations yet: taking part is a disclosure that the planner decides on.
    """
    if besluit != Besluit.CONTROLE_PLANNEN:
        return []
    signaal = agendapunt.signaal
    controle = controle_maak(
        door=door,
        adressen=signaal.adressen.all(),
        bedrijven=signaal.bedrijven.all(),
        objecten_reden=_("Signaal %(nummer)s") % {"nummer": signaal.nummer},
        soort=ControleSoort.INTEGRALE_CONTROLE,
        gemeente=signaal.gemeente,
        datum=_eerste_werkdag(klok.vandaag() + datetime.timedelta(days=BESLUIT_CONTROLE_DAGEN)),
        doel=ControleDoel.SIGNALENLIJST,
        omschrijving=_(
            "Gepland op besluit van het overleg van %(datum)s over signaal %(nummer)s. "
            "Datum, partners en toezichthouders nog afstemmen."
        )
        % {"datum": f"{agendapunt.overleg.datum:%d-%m-%Y}", "nummer": signaal.nummer},
    )
    controle.signaal, controle.agendapunt = signaal, agendapunt
    controle.save(update_fields=["signaal", "agendapunt"])
    return [controle]


def _controle_bewerkt(controle: Controle) -> bool:
    return (
        controle.status != ControleStatus.GEPLAND
        or controle.versie != 1
        or controle.bezoeken.exists()
        or AuditEvent.objects.filter(
            object_type=controle._meta.label_lower,
            object_id=str(controle.pk),
            actie__in=(AuditActie.WIJZIGEN, AuditActie.TRANSITIE),
        ).exists()
    )


def controle_trek_in_voor_besluit(*, agendapunt, door, **kwargs) -> tuple[list[str], list[str]]:
    """A corrected decision: delete its untouched control; keep (and name) one someone worked on."""
    ingetrokken, behouden = [], []
    for controle in Controle.objects.filter(agendapunt=agendapunt):
        naam = _("controle %(controle)s") % {"controle": controle}
        if _controle_bewerkt(controle):
            behouden.append(naam)
        else:
            controle.delete()
            ingetrokken.append(naam)
    return ingetrokken, behouden


def _boek_odra_kosten(*, controle: Controle, door) -> None:
    """A control carried out: `controle_uitgevoerd` lets actieplan book ODRA's participation on the budget.

    A receiver returns what it booked (or None); the control remembers that its costs are booked.
    """
    antwoorden = domeinevents.controle_uitgevoerd.send(sender=Controle, controle=controle, door=door)
    if any(geboekt is not None for _ontvanger, geboekt in antwoorden):
        controle.kosten_geboekt = True


@transaction.atomic
def controle_transitie(*, controle: Controle, naar: str, door, reden: str = "", versie: int | None = None) -> Controle:
    """Move a control to status `naar` if the transition table allows it; record who, when and why."""
    controle = Controle.objects.select_for_update().get(pk=controle.pk)
    # A status step is guarded by the transition table; the version, when the form sent it, too.
    _controleer_versie(controle, versie, verplicht=False)
    CONTROLE.controleer(controle, naar=naar, door=door)
    if naar == ControleStatus.UITGEVOERD and controle.datum > klok.vandaag():
        raise OvergangGeweigerd(_("Een controle in de toekomst kan nog niet 'uitgevoerd' zijn."))
    if naar == ControleStatus.GEANNULEERD and not reden.strip():
        raise ValidationError({"reden": _("Geef een reden voor de annulering.")})
    velden = {"annuleringsreden": reden[:200]} if naar == ControleStatus.GEANNULEERD else {}
    if naar == ControleStatus.UITGEVOERD:
        _boek_odra_kosten(controle=controle, door=door)
    return CONTROLE.voer_uit(controle, naar=naar, door=door, reden=reden, velden=velden)


def _objecten_toevoegen(
    *,
    controle: Controle,
    adressen: Iterable = (),
    bedrijven: Iterable = (),
    reden: str = "",
    labels: Mapping[int, TheseusLabel] | None = None,
):
    """Add objects; `labels` (business id -> its Theseus label) gives each business its own label and reason."""
    bestaande_bedrijven = set(controle.objecten.exclude(bedrijf=None).values_list("bedrijf_id", flat=True))
    bestaande_adressen = set(controle.objecten.filter(bedrijf=None).values_list("adres_id", flat=True))
    volgorde = controle.objecten.count()
    labels = labels or {}
    nieuw = []
    for bedrijf in bedrijven:
        if bedrijf.pk in bestaande_bedrijven:
            continue
        label = labels.get(bedrijf.pk)
        nieuw.append(
            ControleObject(
                controle=controle,
                bedrijf=bedrijf,
                adres_id=bedrijf.adres_id,
                reden=_theseus_reden(label) if label else reden,
                theseus_label=label,
            )
        )
        bestaande_bedrijven.add(bedrijf.pk)
    for adres in adressen:
        if adres.pk in bestaande_adressen:
            continue
        nieuw.append(ControleObject(controle=controle, adres=adres, reden=reden))
        bestaande_adressen.add(adres.pk)
    for obj in nieuw:
        subject = obj.bedrijf or obj.adres
        if subject.gemeente_id != controle.gemeente_id:
            raise ValidationError(_("Een object hoort bij een andere gemeente dan de controle."))
        volgorde += 1
        obj.volgorde = volgorde
        obj.full_clean()
        obj.save()
    return nieuw


@transaction.atomic
def controle_objecten_toevoegen(
    *,
    controle: Controle,
    door,
    adressen: Iterable = (),
    bedrijven: Iterable = (),
    reden: str = "",
    labels: Mapping[int, TheseusLabel] | None = None,
) -> list[ControleObject]:
    """Add addresses/businesses to visit; those already on the control are skipped."""
    CONTROLE.vereis(controle, "objecten_toevoegen")
    nieuw = _objecten_toevoegen(controle=controle, adressen=adressen, bedrijven=bedrijven, reden=reden, labels=labels)
    if nieuw:
        audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=controle, toelichting=f"objecten toegevoegd: {len(nieuw)}")
    return nieuw


@transaction.atomic
def controle_object_verwijder(*, object: ControleObject, door) -> None:
    """Take an object off a planned control (only while nobody has visited it)."""
    CONTROLE.vereis(object.controle, "objecten_verwijderen")
    if object.bezoeken.exists():
        raise ValidationError(_("Dit object is al bezocht en blijft daarom op de controle."))
    audit.log(actie=AuditActie.VERWIJDEREN, actor=door, obj=object, gemeente=object.controle.gemeente_id)
    object.delete()


# --- checklists ----------------------------------------------------------------------------


def checklist_voor(controle: Controle) -> ChecklistSjabloon | None:
    """The active checklist for the control's kind and theme (theme-less template as fallback)."""
    kandidaten = ChecklistSjabloon.objects.filter(soort=controle.soort, actief=True, thema__in=[controle.thema, ""])
    kandidaten = sorted(kandidaten, key=lambda s: s.thema != controle.thema)
    return kandidaten[0] if kandidaten else None


def checklist_vragen(controle: Controle) -> list[ChecklistVraag]:
    sjabloon = checklist_voor(controle)
    if sjabloon is None:
        return []
    return list(sjabloon.vragen.filter(actief=True))


# --- visits --------------------------------------------------------------------------------


def _valideer_antwoorden(vragen: list[ChecklistVraag], antwoorden: Mapping[int, str]) -> list[ChecklistAntwoord]:
    geldig = {"ja", "nee", "nvt", ""}
    resultaat = []
    for vraag in vragen:
        waarde = (antwoorden.get(vraag.pk) or "").strip()
        if vraag.antwoordtype == Antwoordtype.JA_NEE and waarde not in geldig:
            raise ValidationError({f"vraag_{vraag.pk}": _("Kies ja, nee of n.v.t.")})
        if waarde:
            resultaat.append(ChecklistAntwoord(vraag=vraag, vraag_tekst=vraag.tekst, antwoord=waarde[:500]))
    return resultaat


def bezoek_registreer(
    *,
    controle: Controle,
    door,
    client_uuid: uuid.UUID | str,
    object: ControleObject | None = None,
    adres=None,
    bedrijf=None,
    bezocht_op: datetime.datetime | None = None,
    aanwezigen: str = "",
    bevindingen: str = "",
    vervolg: str = Vervolg.NIETS,
    vervolg_toelichting: str = "",
    antwoorden: Mapping[int, str] | None = None,
    fotos: Iterable = (),
    theseus_label: str = "",
) -> tuple[Bezoek, bool]:
    """Log a visit; a retry with the same client uuid returns the first visit and creates nothing.

    Returns (bezoek, aangemaakt). The uuid is generated on the tablet, so a submission queued
    offline and sent twice (or a double tap) lands exactly once. `bezocht_op` is when the tablet
    recorded the visit; the arrival time is `created_at`.
    """
    client_uuid = uuid.UUID(str(client_uuid))
    bestaand = Bezoek.objects.filter(client_uuid=client_uuid).first()
    if bestaand is not None:
        return _zelfde_bezoek(bestaand, controle=controle, door=door), False
    nu = klok.nu()
    bezocht_op = _bezoektijd(bezocht_op, nu=nu)
    # Photos are checked and re-encoded first, outside the transaction: decoding takes seconds and
    # must not hold the control's row lock.
    gecontroleerd = [_foto_inhoud(f) for f in fotos]
    return _bezoek_opslaan(
        controle=controle,
        door=door,
        client_uuid=client_uuid,
        object=object,
        adres=adres,
        bedrijf=bedrijf,
        bezocht_op=bezocht_op,
        aanwezigen=aanwezigen,
        bevindingen=bevindingen,
        vervolg=vervolg,
        vervolg_toelichting=vervolg_toelichting,
        antwoorden=antwoorden,
        gecontroleerd=gecontroleerd,
        theseus_label=theseus_label,
    )


@transaction.atomic
def _bezoek_opslaan(
    *,
    controle: Controle,
    door,
    client_uuid: uuid.UUID,
    object: ControleObject | None,
    adres,
    bedrijf,
    bezocht_op: datetime.datetime | None,
    aanwezigen: str,
    bevindingen: str,
    vervolg: str,
    vervolg_toelichting: str,
    antwoorden: Mapping[int, str] | None,
    gecontroleerd: list[bytes],
    theseus_label: str,
) -> tuple[Bezoek, bool]:
    """The transaction of bezoek_registreer, with the photos already re-encoded."""
    controle = Controle.objects.select_for_update().get(pk=controle.pk)
    CONTROLE.vereis(controle, "bezoek_registreren")
    if object is not None:
        if object.controle_id != controle.pk:
            raise ValidationError({"object": _("Dit object hoort niet bij deze controle.")})
        adres, bedrijf = object.adres, object.bedrijf
    if adres is None and bedrijf is None:
        raise ValidationError({"object": _("Kies het bezochte object.")})
    for subject in (adres, bedrijf):
        if subject is not None and subject.gemeente_id != controle.gemeente_id:
            raise ValidationError({"object": _("Het object hoort bij een andere gemeente dan de controle.")})
    bezoek = Bezoek(
        controle=controle,
        object=object,
        adres=adres,
        bedrijf=bedrijf,
        bezocht_op=bezocht_op,
        aanwezigen=aanwezigen,
        bevindingen=bevindingen,
        vervolg=vervolg,
        vervolg_toelichting=vervolg_toelichting,
        client_uuid=client_uuid,
        door=door,
    )
    bezoek.full_clean(exclude=["client_uuid"])
    antwoord_rijen = _valideer_antwoorden(checklist_vragen(controle), antwoorden or {})
    try:
        # A concurrent retry with the same uuid may win the race; then return its visit.
        with transaction.atomic():
            bezoek.save()
    except IntegrityError:
        bestaand = Bezoek.objects.get(client_uuid=client_uuid)
        return _zelfde_bezoek(bestaand, controle=controle, door=door), False
    for rij in antwoord_rijen:
        rij.bezoek = bezoek
    ChecklistAntwoord.objects.bulk_create(antwoord_rijen)
    for inhoud in gecontroleerd:
        _foto_bewaar(bezoek=bezoek, door=door, inhoud=inhoud)
    if theseus_label and bedrijf is not None:
        _label_na_bezoek(bezoek=bezoek, door=door, label=theseus_label)
    audit.log(
        actie=AuditActie.AANMAKEN,
        actor=door,
        obj=bezoek,
        gemeente=controle.gemeente_id,
        toelichting=f"controle={controle.pk} fotos={len(gecontroleerd)}",
    )
    return bezoek, True


def _bezoektijd(bezocht_op: datetime.datetime | None, *, nu: datetime.datetime) -> datetime.datetime:
    """The visit's time as recorded on the device (now if none): not in the future, at most a week old."""
    if bezocht_op is None:
        return nu
    if timezone.is_naive(bezocht_op):
        bezocht_op = timezone.make_aware(bezocht_op)
    tijd = timezone.localtime(bezocht_op).strftime("%d-%m-%Y %H:%M")
    if bezocht_op > nu + BEZOEK_KLOKAFWIJKING:
        raise ValidationError(
            {
                "bezocht_op": _(
                    "Het tijdstip van het bezoek (%(tijd)s) ligt in de toekomst. "
                    "Controleer de datum en tijd van het apparaat en verzend het bezoek opnieuw."
                )
                % {"tijd": tijd}
            }
        )
    if bezocht_op < nu - BEZOEK_MAX_OUDERDOM:
        raise ValidationError(
            {
                "bezocht_op": _(
                    "Het bezoek is vastgelegd op %(tijd)s, meer dan 7 dagen geleden, en wordt niet meer "
                    "aangenomen. Neem contact op met de coördinator van de controle."
                )
                % {"tijd": tijd}
            }
        )
    return bezocht_op


def _zelfde_bezoek(bestaand: Bezoek, *, controle: Controle, door) -> Bezoek:
    if bestaand.controle_id != controle.pk or bestaand.door_id != getattr(door, "pk", None):
        raise ValidationError(_("Dit bezoek is al eerder verzonden bij een andere controle of door iemand anders."))
    return bestaand


@transaction.atomic
def bezoek_wijzig(*, bezoek: Bezoek, door, versie: int | None, **velden) -> Bezoek:
    """Correct the findings of a visit; refuses a stale version."""
    toegestaan = {"aanwezigen", "bevindingen", "vervolg", "vervolg_toelichting"}
    if set(velden) - toegestaan:
        raise TypeError(f"Onbekende velden: {sorted(set(velden) - toegestaan)}")
    bezoek = Bezoek.objects.select_for_update().get(pk=bezoek.pk)
    _controleer_versie(bezoek, versie)
    CONTROLE.vereis(bezoek.controle, "bezoek_wijzigen")
    for naam, waarde in velden.items():
        setattr(bezoek, naam, waarde)
    bezoek.full_clean(exclude=["client_uuid"])
    bezoek.versie += 1
    bezoek.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=bezoek, gemeente=bezoek.controle.gemeente_id)
    return bezoek


@transaction.atomic
def bezoek_signaal_maak(*, bezoek: Bezoek, door, titel: str, omschrijving: str, fenomenen: Iterable = ()):
    """Raise a new signal (bron eigen controle) from a visit, with its subjects, and link it to the visit."""
    bezoek = (
        Bezoek.objects.select_for_update(of=("self",)).select_related("controle", "adres", "bedrijf").get(pk=bezoek.pk)
    )
    if bezoek.signaal_id:
        raise ValidationError(_("Bij dit bezoek is al een signaal gemaakt."))
    adressen = [bezoek.adres] if bezoek.adres_id else []
    bedrijven = [bezoek.bedrijf] if bezoek.bedrijf_id else []
    signaal = signaal_registreer(
        door=door,
        gemeente=bezoek.controle.gemeente,
        titel=titel,
        omschrijving=omschrijving,
        bron=Bron.EIGEN_CONTROLE,
        ontvangen_op=bezoek.bezocht_op,
        fenomenen=fenomenen,
        adressen=adressen,
        bedrijven=bedrijven,
    )
    bezoek.signaal = signaal
    bezoek.vervolg = Vervolg.NIEUW_SIGNAAL
    bezoek.versie += 1
    bezoek.save(update_fields=["signaal", "vervolg", "versie", "updated_at"])
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=bezoek,
        gemeente=bezoek.controle.gemeente_id,
        toelichting=f"signaal={signaal.pk}",
    )
    return signaal


def signaal_voorstel(bezoek: Bezoek) -> dict:
    """Initial title and description of a signal raised from this visit."""
    subject = bezoek.bedrijf or bezoek.adres
    return {
        "titel": _("Bevinding bij %(soort)s: %(subject)s")
        % {"soort": bezoek.controle.get_soort_display().lower(), "subject": subject},
        "omschrijving": bezoek.bevindingen,
    }


# --- photos --------------------------------------------------------------------------------


def _foto_inhoud(bestand) -> bytes:
    """Check that the upload is a real image within the limits; return it re-encoded as JPEG without metadata.

    Slow for a big photo: callers run it before they open their transaction, never under a row lock.
    """
    fout = ValidationError({"fotos": _("Dit bestand is geen foto (alleen JPEG, PNG of WebP).")})
    te_veel_pixels = ValidationError(
        {
            "fotos": _("Deze foto heeft te veel pixels (hoogstens %(mp)s megapixel). Maak een kleinere foto.")
            % {"mp": FOTO_MAX_PIXELS // 1_000_000}
        }
    )
    if getattr(bestand, "size", 0) > FOTO_MAX_BYTES:
        raise ValidationError(
            {"fotos": _("Een foto mag hoogstens %(mb)s MB zijn.") % {"mb": FOTO_MAX_BYTES // (1024 * 1024)}}
        )
    bestand.seek(0)
    data = bestand.read(FOTO_MAX_BYTES + 1)
    if len(data) > FOTO_MAX_BYTES:
        raise ValidationError(
            {"fotos": _("Een foto mag hoogstens %(mb)s MB zijn.") % {"mb": FOTO_MAX_BYTES // (1024 * 1024)}}
        )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard (MAX_IMAGE_PIXELS, set in ControlesConfig.ready) warns from
            # there and fails from twice there; both are this refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only, decodes nothing
                if probe.format not in FOTO_FORMATEN:
                    raise fout
                if probe.width * probe.height > FOTO_MAX_PIXELS:
                    raise te_veel_pixels
                probe.verify()
            with Image.open(io.BytesIO(data)) as beeld:
                beeld.draft("RGB", (FOTO_MAX_ZIJDE, FOTO_MAX_ZIJDE))  # a JPEG decodes at the reduced size
                beeld.load()
                beeld = ImageOps.exif_transpose(beeld)
                beeld = beeld.convert("RGB")
                beeld.thumbnail((FOTO_MAX_ZIJDE, FOTO_MAX_ZIJDE))
                # Pillow writes a JPEG comment, XMP and ICC profile from .info on save: drop them all.
                # A fresh encode writes no EXIF (so no GPS position, camera serial or timestamp).
                beeld.info = {}
                uit = io.BytesIO()
                beeld.save(uit, format="JPEG", quality=85, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise te_veel_pixels from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise fout from exc
    return uit.getvalue()


def afbeelding_zonder_metadata(bestand) -> bytes:
    """A real image within the photo limits, re-encoded as JPEG without EXIF/GPS (also for documents)."""
    return _foto_inhoud(bestand)


def _foto_bewaar(*, bezoek: Bezoek, door, inhoud: bytes, omschrijving: str = "") -> Foto:
    with Image.open(io.BytesIO(inhoud)) as beeld:
        breedte, hoogte = beeld.size
    foto = Foto(bezoek=bezoek, door=door, grootte=len(inhoud), omschrijving=omschrijving)
    foto.bestand.save("foto.jpg", ContentFile(inhoud), save=False)
    foto.breedte, foto.hoogte = breedte, hoogte
    foto.save()
    return foto


def foto_toevoegen(*, bezoek: Bezoek, door, bestand, omschrijving: str = "") -> Foto:
    """Add a photo to a visit: only real images, re-encoded without metadata, under a random name."""
    CONTROLE.vereis(bezoek.controle, "foto_toevoegen")
    inhoud = _foto_inhoud(bestand)  # before the transaction: decoding is slow
    with transaction.atomic():
        foto = _foto_bewaar(bezoek=bezoek, door=door, inhoud=inhoud, omschrijving=omschrijving)
        audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=foto, gemeente=bezoek.controle.gemeente_id)
    return foto


# --- Theseus -------------------------------------------------------------------------------


@transaction.atomic
def theseus_label_zet(
    *,
    bedrijf,
    bedrijventerrein: Bedrijventerrein,
    label: str,
    door,
    toelichting: str = "",
    bronnen: str = "",
    datum: datetime.date | None = None,
    bezoek: Bezoek | None = None,
) -> TheseusLabel:
    """Give a business on an estate a new label; the previous one stays in its history."""
    if bedrijf.gemeente_id != bedrijventerrein.gemeente_id:
        raise ValidationError(_("Het bedrijf hoort bij een andere gemeente dan het bedrijventerrein."))
    TheseusLabel.objects.select_for_update().filter(bedrijf=bedrijf, huidig=True).update(huidig=False)
    nieuw = TheseusLabel(
        bedrijf=bedrijf,
        bedrijventerrein=bedrijventerrein,
        label=label,
        datum=datum or klok.vandaag(),
        toelichting=toelichting,
        bronnen=bronnen,
        bezoek=bezoek,
        door=door,
        huidig=True,
    )
    nieuw.full_clean(validate_constraints=False)
    nieuw.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=nieuw,
        gemeente=bedrijventerrein.gemeente_id,
        toelichting=f"bedrijf={bedrijf.pk} label={label}",
    )
    return nieuw


def _label_na_bezoek(*, bezoek: Bezoek, door, label: str) -> TheseusLabel | None:
    """After a visit the business's label may change; it stays on the estate it was labelled on."""
    huidig = TheseusLabel.objects.filter(bedrijf=bezoek.bedrijf, huidig=True).select_related("bedrijventerrein").first()
    if huidig is None:
        raise ValidationError({"theseus_label": _("Dit bedrijf staat niet op een bedrijventerrein van Theseus.")})
    if huidig.label == label:
        return None
    return theseus_label_zet(
        bedrijf=bezoek.bedrijf,
        bedrijventerrein=huidig.bedrijventerrein,
        label=label,
        door=door,
        toelichting=_("Bijgesteld na bezoek"),
        bronnen=_("Controle ter plaatse"),
        bezoek=bezoek,
    )


@transaction.atomic
def theseus_plan_controle(
    *, door, bedrijven: Iterable, controle: Controle | None = None, organisaties: Iterable = (), **velden
) -> Controle:
    """Put white/red businesses on a planned control (new or existing); red requires two partners."""
    bedrijven = list(bedrijven)
    if not bedrijven:
        raise ValidationError(_("Kies ten minste een bedrijf."))
    labels = {label.bedrijf_id: label for label in TheseusLabel.objects.filter(bedrijf__in=bedrijven, huidig=True)}
    rood = any(label.label == Label.ROOD for label in labels.values())
    if controle is None:
        velden.setdefault("soort", ControleSoort.INTEGRALE_CONTROLE)
        return controle_maak(
            door=door,
            organisaties=organisaties,
            bedrijven=bedrijven,
            objecten_reden=_("Theseus"),
            objecten_labels=labels,
            vereist_twee_partners=rood,
            **velden,
        )
    controle = Controle.objects.select_for_update().get(pk=controle.pk)
    if rood and len(partners(controle.deelnemende_organisaties.all())) < 2:
        raise ValidationError(
            _(
                "Deze controle heeft minder dan twee partnerorganisaties; een bedrijf met label rood "
                "vraagt een controle met ten minste twee partners."
            )
        )
    controle_objecten_toevoegen(controle=controle, door=door, bedrijven=bedrijven, reden=_("Theseus"), labels=labels)
    return controle


def _theseus_reden(label: TheseusLabel) -> str:
    """Why this business is on the control: its own label ("Theseus: rood"), never its neighbours'."""
    return _("Theseus: %(label)s") % {"label": label.get_label_display().lower()}
