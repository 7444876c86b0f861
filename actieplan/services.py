"""Every write of the actieplan app: actions and their status, spending (including the automatic
bookings for Bibob advice and ODRA control costs), budgets, communication items, calendar tokens
and the follow-up plan."""

import secrets
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.geheim import geheim_hash
from ondermijning.models import AuditActie
from ondermijning.workflow import OvergangGeweigerd, controleer_versie

from .models import (
    Actie,
    ActieStatus,
    Begroting,
    CommunicatieItem,
    KalenderToken,
    Kostenpost,
    Thema,
    TimingSoort,
    Uitgave,
    UitgaveCategorie,
    Uitvoeringsplan,
)
from .workflow import ACTIE

BIBOB_ADVIES_KOSTEN = Decimal("700.00")


# --- actions -------------------------------------------------------------------------------


@transaction.atomic
def actie_wijzig(
    *, actie: Actie, door, versie: int | None, gemeenten=None, controles=None, signalen=None, **velden
) -> Actie:
    """Change an action's fields; refuses when the version the user saw is stale."""
    actie = Actie.objects.select_for_update().get(pk=actie.pk)
    controleer_versie(actie, versie)
    status = velden.pop("status", None)
    status_toelichting = velden.pop("status_toelichting", "")
    for naam, waarde in velden.items():
        setattr(actie, naam, waarde)
    actie.full_clean()
    if status is not None and status != actie.status:
        _zet_status(actie=actie, status=status, door=door, reden=status_toelichting)
    actie.versie += 1
    actie.save()
    for relatie, waarde in (("gemeenten", gemeenten), ("controles", controles), ("signalen", signalen)):
        if waarde is not None:
            getattr(actie, relatie).set(waarde)
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=actie, toelichting=f"actie {actie.pk} versie {actie.versie}")
    return actie


def _zet_status(*, actie: Actie, status: str, door, reden: str = "") -> None:
    """Record the step and set the status; the caller saves the action with its other changes."""
    if status not in ActieStatus.values:
        raise OvergangGeweigerd({"status": _("Onbekende status.")})
    ACTIE.voer_uit(actie, naar=status, door=door, reden=reden, opslaan=False)


@transaction.atomic
def actie_zet_status(*, actie: Actie, status: str, door, versie: int | None = None, reden: str = "") -> Actie:
    """Move an action to another status (checked against actieplan/workflow.py), recording who and why."""
    actie = Actie.objects.select_for_update().get(pk=actie.pk)
    controleer_versie(actie, versie, verplicht=False)  # a status step; the transition table guards it
    _zet_status(actie=actie, status=status, door=door, reden=reden)
    actie.versie += 1
    actie.save(update_fields=["status", "versie", "updated_at"])
    return actie


@transaction.atomic
def plan_maak_vervolg(
    *, plan: Uitvoeringsplan, naam: str, periode_start: date, periode_eind: date, door
) -> Uitvoeringsplan:
    """Start next period's plan from `plan`: same themes and municipalities, every unfinished action
    copied (linked to its original, whose history stays) and the original marked doorgeschoven."""
    nieuw = Uitvoeringsplan(
        naam=naam,
        periode_start=periode_start,
        periode_eind=periode_eind,
        samenwerkingsverband=plan.samenwerkingsverband,
        gebaseerd_op=plan,
    )
    nieuw.full_clean()
    nieuw.save()
    nieuw.gemeenten.set(plan.gemeenten.all())
    themas = {}
    for thema in plan.themas.all():
        themas[thema.pk] = Thema.objects.create(plan=nieuw, nummer=thema.nummer, naam=thema.naam)
    acties = plan.acties.niet_afgerond().prefetch_related("gemeenten", "kostenposten").order_by("nummer")
    for volgnummer, oud in enumerate(acties, start=1):
        actie_kopie(oud=oud, plan=nieuw, thema=themas[oud.thema_id], nummer=volgnummer)
        if ACTIE.mag_naar(oud.status, ActieStatus.DOORGESCHOVEN):
            _zet_status(actie=oud, status=ActieStatus.DOORGESCHOVEN, door=door, reden=f"naar plan {nieuw.pk}")
            oud.versie += 1
            oud.save(update_fields=["status", "versie", "updated_at"])
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=nieuw, toelichting=f"vervolg op plan {plan.pk}")
    return nieuw


def actie_kopie(*, oud: Actie, plan: Uitvoeringsplan, thema: Thema, nummer: int) -> Actie:
    """A copy of `oud` in the next `plan`, linked to its origin; a timing outside the plan becomes
    "Doorgeschoven (was: ...)". Planned costs move to the plan's first year. Not audited here: the caller does."""
    kopie = Actie(
        plan=plan,
        nummer=nummer,
        omschrijving=oud.omschrijving,
        thema=thema,
        timing_soort=oud.timing_soort,
        datum=oud.datum,
        kwartaal=oud.kwartaal,
        timing_toelichting=oud.timing_toelichting,
        financiering=oud.financiering,
        financiering_toelichting=oud.financiering_toelichting,
        eigenaar=oud.eigenaar,
        voortgezet_uit=oud,
    )
    if not _timing_past_in(kopie, plan):
        kopie.timing_soort = TimingSoort.ANDERS
        kopie.timing_toelichting = _("Doorgeschoven (was: %(wanneer)s)") % {"wanneer": oud.wanneer}
        kopie.datum, kopie.kwartaal = None, ""
    kopie.full_clean()
    kopie.save()
    kopie.gemeenten.set(oud.gemeenten.all())
    for post in oud.kostenposten.all():
        Kostenpost.objects.get_or_create(
            actie=kopie,
            gemeente_id=post.gemeente_id,
            jaar=plan.periode_start.year,
            categorie=post.categorie,
            defaults={"bedrag": post.bedrag, "omschrijving": post.omschrijving},
        )
    return kopie


def _timing_past_in(actie: Actie, plan: Uitvoeringsplan) -> bool:
    if actie.timing_soort == TimingSoort.DATUM:
        return bool(actie.datum) and plan.bevat_datum(actie.datum)
    if actie.timing_soort == TimingSoort.KWARTAAL:
        return actie.kwartaal in plan.kwartalen
    return True


# --- budget and spending -------------------------------------------------------------------


@transaction.atomic
def begroting_stel_in(*, gemeente, jaar: int, beschikbaar: Decimal, bron: str, door) -> Begroting:
    """Set the available amount of a municipality for a year (creates or updates)."""
    begroting = Begroting.objects.filter(gemeente=gemeente, jaar=jaar).first() or Begroting(
        gemeente=gemeente, jaar=jaar
    )
    nieuw = begroting.pk is None
    begroting.beschikbaar, begroting.bron = Decimal(beschikbaar), bron
    begroting.full_clean()
    begroting.save()
    audit.log(actie=AuditActie.AANMAKEN if nieuw else AuditActie.WIJZIGEN, actor=door, obj=begroting)
    return begroting


def valideer_uitgave(*, gemeente, datum: date | None, bedrag: Decimal | None, actie: Actie | None) -> None:
    """The rules of an expense, one Dutch message per field; raises ValidationError with field keys.

    Called by every booking (the form, the automatic Bibob and ODRA bookings) and by the admin's form.
    """
    fouten = {}
    if bedrag is not None and bedrag <= 0:
        fouten["bedrag"] = _("Een uitgave is een positief bedrag.")
    if actie is not None and datum and not actie.plan.bevat_datum(datum):
        fouten["datum"] = _("Deze datum ligt buiten de periode van het plan van de gekozen actie (%(plan)s).") % {
            "plan": actie.plan.naam
        }
    if actie is not None and gemeente is not None and not actie.plan.gemeenten.filter(pk=gemeente.pk).exists():
        fouten["actie"] = _("Deze actie hoort bij een plan van andere gemeenten.")
    if fouten:
        raise ValidationError(fouten)


def _uitgave_controleer(uitgave: Uitgave, **full_clean) -> None:
    """The expense's rules, then the model's checks for the fields the rules left alone."""
    fouten: dict[str, list] = {}
    try:
        # The municipality matters only with an action (no extra query for the automatic bookings without one).
        gemeente = uitgave.gemeente if uitgave.actie_id and uitgave.gemeente_id else None
        valideer_uitgave(gemeente=gemeente, datum=uitgave.datum, bedrag=uitgave.bedrag, actie=uitgave.actie)
    except ValidationError as fout:
        fouten.update(fout.error_dict)
    try:
        uitgave.full_clean(exclude=list(fouten), **full_clean)
    except ValidationError as fout:
        fouten.update(fout.error_dict)
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def uitgave_boek(
    *,
    gemeente,
    datum: date,
    bedrag: Decimal,
    omschrijving: str,
    categorie: str,
    door,
    actie: Actie | None = None,
) -> Uitgave:
    """Book one actual expense on a municipality's budget."""
    uitgave = Uitgave(
        gemeente=gemeente,
        datum=datum,
        bedrag=Decimal(bedrag),
        omschrijving=omschrijving,
        categorie=categorie,
        actie=actie,
        geboekt_door=door,
    )
    _uitgave_controleer(uitgave)
    uitgave.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=uitgave, toelichting=f"uitgave {uitgave.pk} {categorie}")
    return uitgave


UITGAVE_VELDEN = ("gemeente", "datum", "bedrag", "omschrijving", "categorie", "actie")


@transaction.atomic
def uitgave_wijzig(*, uitgave: Uitgave, door, versie: int | None, **velden) -> Uitgave:
    """Correct a booked expense; refused when the version the user saw is missing or stale."""
    uitgave = Uitgave.objects.select_for_update().get(pk=uitgave.pk)
    controleer_versie(uitgave, versie)
    onbekend = set(velden) - set(UITGAVE_VELDEN)
    if onbekend:
        raise ValueError(f"Onbekende velden: {sorted(onbekend)}")
    gewijzigd = sorted(naam for naam, waarde in velden.items() if getattr(uitgave, naam) != waarde)
    for naam, waarde in velden.items():
        setattr(uitgave, naam, Decimal(waarde) if naam == "bedrag" else waarde)
    uitgave.versie += 1
    uitgave.full_clean(validate_unique=False)
    uitgave.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=uitgave, toelichting=",".join(gewijzigd)[:200])
    return uitgave


def _actie_voor(gemeente_id: int, datum: date, categorie: str) -> Actie | None:
    """The plan action that carries this kind of cost for this municipality and year, if planned."""
    post = (
        Kostenpost.objects.filter(gemeente_id=gemeente_id, jaar=datum.year, categorie=categorie)
        .select_related("actie__plan")
        .order_by("actie__plan__periode_start", "actie__nummer")
        .first()
    )
    if post and post.actie.plan.bevat_datum(datum):
        return post.actie
    return None


@transaction.atomic
def uitgave_boek_bibob_advies(*, interventie, door) -> Uitgave:
    """Book EUR 700 for a Landelijk Bureau Bibob advice on the intervention's municipality, once."""
    # Lock the intervention so two simultaneous calls cannot both book.
    type(interventie).objects.select_for_update().filter(pk=interventie.pk).exists()
    bestaand = Uitgave.objects.filter(interventie=interventie).first()
    if bestaand is not None:
        return bestaand
    gemeente_id = interventie.signaal.gemeente_id
    datum = interventie.advies_aangevraagd_op or klok.vandaag()
    uitgave = Uitgave(
        gemeente_id=gemeente_id,
        datum=datum,
        bedrag=BIBOB_ADVIES_KOSTEN,
        omschrijving=_("Advies Landelijk Bureau Bibob (interventie %(id)s)") % {"id": interventie.pk},
        categorie=UitgaveCategorie.BIBOB,
        interventie=interventie,
        actie=_actie_voor(gemeente_id, datum, UitgaveCategorie.BIBOB),
        geboekt_door=door,
    )
    _uitgave_controleer(uitgave, validate_unique=False)
    uitgave.save()
    audit.log(
        actie=AuditActie.AANMAKEN, actor=door, obj=uitgave, toelichting=f"bibob-advies interventie {interventie.pk}"
    )
    return uitgave


@transaction.atomic
def uitgave_boek_odra_controle(*, controle, door) -> Uitgave | None:
    """Book the ODRA cost of a control on its municipality, once; nothing when it cost nothing."""
    type(controle).objects.select_for_update().filter(pk=controle.pk).exists()
    bestaand = Uitgave.objects.filter(controle=controle).first()
    if bestaand is not None:
        return bestaand
    if not controle.kosten or controle.kosten <= 0:
        return None
    uitgave = Uitgave(
        gemeente_id=controle.gemeente_id,
        datum=controle.datum,
        bedrag=Decimal(controle.kosten),
        omschrijving=_("Inzet ODRA bij controle %(id)s") % {"id": controle.pk},
        categorie=UitgaveCategorie.ODRA,
        controle=controle,
        actie=_actie_voor(controle.gemeente_id, controle.datum, UitgaveCategorie.ODRA),
        geboekt_door=door,
    )
    _uitgave_controleer(uitgave, validate_unique=False)
    uitgave.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=uitgave, toelichting=f"odra-kosten controle {controle.pk}")
    return uitgave


# --- communication -------------------------------------------------------------------------


@transaction.atomic
def communicatie_item_maak(*, door, gemeenten, **velden) -> CommunicatieItem:
    """Add an item to the communicatiekalender."""
    item = CommunicatieItem(**velden)
    item.full_clean()
    item.save()
    item.gemeenten.set(gemeenten)
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=item)
    return item


@transaction.atomic
def communicatie_item_wijzig(*, item: CommunicatieItem, door, gemeenten=None, **velden) -> CommunicatieItem:
    """Change an item of the communicatiekalender (date, channel, status, ...)."""
    for naam, waarde in velden.items():
        setattr(item, naam, waarde)
    item.full_clean()
    item.save()
    if gemeenten is not None:
        item.gemeenten.set(gemeenten)
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=item)
    return item


@transaction.atomic
def kalender_token_vernieuw(*, door) -> tuple[KalenderToken, str]:
    """Give the acting user (`door`) a fresh personal feed token; any earlier link stops working.

    Returns the token and its secret; only the hash is stored, so this is the one time the
    secret can be shown.
    """
    KalenderToken.objects.filter(gebruiker=door).delete()
    geheim = secrets.token_urlsafe(32)
    token = KalenderToken.objects.create(gebruiker=door, token_hash=geheim_hash(geheim))
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=token, toelichting="kalendertoken vernieuwd")
    return token, geheim


@transaction.atomic
def kalender_token_intrek(*, door) -> None:
    """Revoke the acting user's (`door`) feed token: calendar apps get 404 from now on."""
    verwijderd, _detail = KalenderToken.objects.filter(gebruiker=door).delete()
    if verwijderd:
        audit.log(
            actie=AuditActie.VERWIJDEREN,
            actor=door,
            object_type="actieplan.kalendertoken",
            toelichting="kalendertoken ingetrokken",
        )
