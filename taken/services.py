"""Every write of the taken app: create, change, complete and cancel a task; the work of overleg decisions."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from controles.models import Controle
from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie, Grondslag, Organisatie
from ondermijning.scoping import gemeente_ids
from ondermijning.services import verstrekking_registreer, verstrekking_trek_in
from ondermijning.workflow import OvergangGeweigerd, controleer_versie
from taken.besluiten import BESLUIT_TAKEN
from taken.models import Taak, TaakStatus
from taken.workflow import TAAK

# Fields a user may change through taak_wijzig.
TAAK_VELDEN = ("omschrijving", "uiterlijk_op", "eigenaar", "eigenaar_organisatie")


# The kit's one refusal and one version conflict (ondermijning.workflow), under the name this app's callers use.
TaakGeweigerd = OvergangGeweigerd


def _gemeente_van(*, signaal, interventie, controle, actie, gemeente):
    """The task's municipality: from what it is about, or given (an action of a joint plan)."""
    for bron in (signaal, controle):
        if bron is not None:
            if gemeente is not None and bron.gemeente_id != getattr(gemeente, "pk", gemeente):
                raise ValidationError(_("De taak hoort bij een andere gemeente dan waar hij over gaat."))
            return bron.gemeente
    if gemeente is None:
        raise ValidationError(_("Kies de gemeente van de taak."))
    if actie is not None and not actie.plan.gemeenten.filter(pk=gemeente.pk).exists():
        raise ValidationError(_("De actie hoort niet bij het plan van deze gemeente."))
    return gemeente


def _controleer_eigenaar(*, eigenaar, eigenaar_organisatie, gemeente) -> None:
    if bool(eigenaar) == bool(eigenaar_organisatie):
        raise ValidationError(_("Een taak heeft precies één eigenaar: een medewerker of een ketenpartner."))
    if eigenaar is not None and (eigenaar.is_ketenpartner or gemeente.pk not in gemeente_ids(eigenaar)):
        raise ValidationError({"eigenaar": _("Deze medewerker werkt niet voor de gemeente van de taak.")})


def _deel_met_partner(*, taak: Taak, door, grondslag: str) -> None:
    """A task given to a partner discloses that the case exists: one entry in the disclosure register."""
    omschrijving = _("taak %(taak)s") % {"taak": taak.pk}
    if taak.signaal_id:
        omschrijving += " " + _("over signaal %(nummer)s") % {"nummer": taak.signaal.nummer}
    verstrekking_registreer(
        obj=taak,
        organisatie=taak.eigenaar_organisatie,
        door=door,
        grondslag=grondslag,
        omschrijving=omschrijving,
        gemeente=taak.gemeente_id,
    )


def _weiger_partner(door) -> None:
    if getattr(door, "is_ketenpartner", False):
        raise PermissionDenied(_("Een ketenpartner kan alleen een eigen taak afronden."))


@transaction.atomic
def taak_maak(
    *,
    door,
    omschrijving: str,
    uiterlijk_op: datetime.date,
    eigenaar=None,
    eigenaar_organisatie: Organisatie | None = None,
    signaal=None,
    interventie=None,
    controle: Controle | None = None,
    actie=None,
    gemeente=None,
    onderdeel=None,
    agendapunt=None,
    grondslag: str = Grondslag.LOKAAL_OVERLEG,
) -> Taak:
    """Create a task with one owner; a task for a partner organisation is recorded as a disclosure."""
    _weiger_partner(door)
    if interventie is not None:
        signaal = signaal or interventie.signaal
        if signaal.pk != interventie.signaal_id:
            raise ValidationError(_("De interventie hoort bij een ander signaal."))
    gemeente = _gemeente_van(
        signaal=signaal, interventie=interventie, controle=controle, actie=actie, gemeente=gemeente
    )
    _controleer_eigenaar(eigenaar=eigenaar, eigenaar_organisatie=eigenaar_organisatie, gemeente=gemeente)
    taak = Taak(
        gemeente=gemeente,
        omschrijving=omschrijving,
        uiterlijk_op=uiterlijk_op,
        eigenaar=eigenaar,
        eigenaar_organisatie=eigenaar_organisatie,
        signaal=signaal,
        interventie=interventie,
        controle=controle,
        actie=actie,
        agendapunt=agendapunt,
        door=door,
    )
    if onderdeel is not None:
        taak.onderdeel_type = ContentType.objects.get_for_model(onderdeel)
        taak.onderdeel_id = onderdeel.pk
    taak.full_clean()
    taak.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=taak, gemeente=gemeente.pk)
    if eigenaar_organisatie is not None:
        _deel_met_partner(taak=taak, door=door, grondslag=grondslag)
    return taak


def _vergrendel(taak: Taak) -> Taak:
    return Taak.objects.select_for_update(of=("self",)).select_related("signaal").get(pk=taak.pk)


@transaction.atomic
def taak_rond_af(*, taak: Taak, door, notitie: str) -> Taak:
    """Mark an open task done with a note; a partner may do this (and only this) for its organisation's tasks."""
    taak = _vergrendel(taak)
    if getattr(door, "is_ketenpartner", False) and taak.eigenaar_organisatie_id != door.organisatie_id:
        raise PermissionDenied(_("Deze taak is niet aan uw organisatie toegewezen."))
    TAAK.controleer(taak, naar=TaakStatus.GEREED, door=door)  # a step refused says so before the note is asked
    if not notitie.strip():
        raise ValidationError({"notitie": _("Schrijf kort op wat er is gedaan.")})
    velden = {"notitie": notitie.strip(), "afgerond_op": klok.nu(), "afgerond_door": door}
    taak = TAAK.voer_uit(taak, naar=TaakStatus.GEREED, door=door, velden=velden, valideer=True)
    domeinevents.taak_afgerond.send(sender=Taak, taak=taak, door=door)
    return taak


@transaction.atomic
def taak_laat_vervallen(*, taak: Taak, door, reden: str) -> Taak:
    """Cancel an open task that is no longer needed, with the reason."""
    _weiger_partner(door)
    taak = _vergrendel(taak)
    TAAK.controleer(taak, naar=TaakStatus.VERVALLEN, door=door)  # a step refused says so before the reason is asked
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden waarom de taak vervalt.")})
    velden = {"notitie": reden.strip(), "afgerond_op": klok.nu(), "afgerond_door": door}
    return TAAK.voer_uit(taak, naar=TaakStatus.VERVALLEN, door=door, reden=reden.strip(), velden=velden, valideer=True)


@transaction.atomic
def taak_wijzig(*, taak: Taak, door, versie: int | None, grondslag: str = Grondslag.LOKAAL_OVERLEG, **velden) -> Taak:
    """Change an open task's description, due date or owner; refused when someone saved it in between."""
    _weiger_partner(door)
    onbekend = set(velden) - set(TAAK_VELDEN)
    if onbekend:
        raise ValueError(f"taak_wijzig kent deze velden niet: {sorted(onbekend)}")
    taak = _vergrendel(taak)
    opnieuw = _("Iemand anders heeft deze taak gewijzigd nadat u hem opende. Open de taak opnieuw.")
    controleer_versie(taak, versie, ontbreekt=opnieuw, verouderd=opnieuw)
    TAAK.vereis(taak, "wijzigen", door)
    oude_organisatie = taak.eigenaar_organisatie
    for naam, waarde in velden.items():
        setattr(taak, naam, waarde)
    _controleer_eigenaar(eigenaar=taak.eigenaar, eigenaar_organisatie=taak.eigenaar_organisatie, gemeente=taak.gemeente)
    taak.versie += 1
    taak.full_clean()
    taak.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=taak, gemeente=taak.gemeente_id)
    if oude_organisatie != taak.eigenaar_organisatie:
        if oude_organisatie is not None:
            verstrekking_trek_in(obj=taak, organisatie=oude_organisatie, door=door)
        if taak.eigenaar_organisatie is not None:
            _deel_met_partner(taak=taak, door=door, grondslag=grondslag)
    return taak


# --- the work of overleg decisions (domain events from signalen) -----------------------------------


def taken_voor_besluit(*, agendapunt, besluit: str, door, **kwargs) -> list[Taak]:
    """The tasks a decision names (see taken.besluiten), owned by the signal's handler or the chair."""
    soorten = BESLUIT_TAKEN.get(besluit, ())
    if not soorten:
        return []
    signaal = agendapunt.signaal
    interventie = agendapunt.interventies.first()
    # controles received the event first (INSTALLED_APPS order) and planned the control, if any.
    controle = Controle.objects.filter(agendapunt=agendapunt).first()
    if besluit == "controle_plannen" and controle is None:
        return []  # nothing was planned: no task to follow it up (signalen refuses the decision)
    gedeeld = {org.type: org for org in agendapunt.gedeeld_met.all()}
    vandaag = klok.vandaag()
    gemaakt = []
    for soort in soorten:
        if soort.partner:
            organisatie = gedeeld.get(soort.partner)
            if organisatie is None:
                continue
            eigenaar = {"eigenaar_organisatie": organisatie}
        else:
            eigenaar = {"eigenaar": signaal.behandelaar or door}
        gemaakt.append(
            taak_maak(
                door=door,
                omschrijving=str(soort.omschrijving),
                uiterlijk_op=vandaag + datetime.timedelta(days=soort.dagen),
                signaal=signaal,
                interventie=interventie,
                controle=controle,
                agendapunt=agendapunt,
                grondslag=Grondslag.LOKAAL_OVERLEG,
                **eigenaar,
            )
        )
    return gemaakt


def taken_trek_in_voor_besluit(*, agendapunt, door, **kwargs) -> tuple[list[str], list[str]]:
    """A corrected decision: delete its tasks nobody touched; keep (and name) the others."""
    ingetrokken, behouden = [], []
    for taak in Taak.objects.filter(agendapunt=agendapunt).select_related("eigenaar_organisatie"):
        naam = _("taak '%(taak)s'") % {"taak": taak.omschrijving}
        if taak.status == TaakStatus.OPEN and taak.versie == 1:
            if taak.eigenaar_organisatie_id:
                verstrekking_trek_in(obj=taak, organisatie=taak.eigenaar_organisatie, door=door)
            audit.log(actie=AuditActie.VERWIJDEREN, actor=door, obj=taak, gemeente=taak.gemeente_id)
            taak.delete()
            ingetrokken.append(naam)
        else:
            behouden.append(naam)
    return ingetrokken, behouden


def taken_vernietig_voor_signaal(*, signaal, door, **kwargs) -> dict[str, int]:
    """Retention destroys a signal: its tasks go with it (their descriptions may name the case)."""
    taken = list(Taak.objects.filter(signaal=signaal))
    if not taken:
        return {}
    audit.log_reeks(
        [{"actie": AuditActie.VERWIJDEREN, "actor": door, "obj": t, "toelichting": "bewaartermijn"} for t in taken]
    )
    Taak.objects.filter(pk__in=[t.pk for t in taken]).delete()
    return {"taken": len(taken)}
