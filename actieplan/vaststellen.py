"""Writes of the year in public and the year-end evaluation: edit a public edition, adopt
(vaststellen) it, evaluate a plan's actions, carry actions over and adopt the evaluation.

A vastgesteld edition or evaluation is a snapshot: its figures, texts and files are stored at that
moment and nothing later (corrections, retention) changes them. Every step is an audit event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.models import AuditActie

from . import publiek, raadsbrief
from .models import (
    Actie,
    ActieStatus,
    EditieStatus,
    Evaluatie,
    EvaluatieRegel,
    PubliekeEditie,
    Resultaat,
    Thema,
    Uitvoeringsplan,
)
from .overzichten import _actie_in_jaar, jaaroverzicht
from .services import _zet_status, actie_kopie
from .workflow import ACTIE


class AlVastgesteld(ValidationError):
    """A vastgesteld edition or evaluation does not change any more."""


def _niet_vastgesteld(obj) -> None:
    if obj.is_vastgesteld:
        raise AlVastgesteld(_("Deze versie is vastgesteld en verandert niet meer."))


# --- public editions -----------------------------------------------------------------------


@transaction.atomic
def editie_bewaar(*, gemeente, jaar: int, titel: str, verhaal: str, cijfers: list[str], door) -> PubliekeEditie:
    """Create or change the concept public edition of a municipality's year (texts and chosen figures)."""
    editie = PubliekeEditie.objects.select_for_update().filter(gemeente=gemeente, jaar=jaar).first()
    nieuw = editie is None
    editie = editie or PubliekeEditie(gemeente=gemeente, jaar=jaar)
    _niet_vastgesteld(editie)
    gekozen = [c for c in dict.fromkeys(cijfers) if c in publiek.CIJFER]
    if not publiek.MIN_CIJFERS <= len(gekozen) <= publiek.MAX_CIJFERS:
        raise ValidationError(
            {
                "cijfers": _("Kies %(min)s tot %(max)s kerncijfers.")
                % {"min": publiek.MIN_CIJFERS, "max": publiek.MAX_CIJFERS}
            }
        )
    editie.titel, editie.verhaal, editie.cijfers = titel, verhaal, gekozen
    if not nieuw:
        editie.versie += 1
    editie.full_clean()
    editie.save()
    audit.log(
        actie=AuditActie.AANMAKEN if nieuw else AuditActie.WIJZIGEN,
        actor=door,
        obj=editie,
        toelichting=f"publieksversie jaaroverzicht {jaar}",
    )
    return editie


@transaction.atomic
def editie_stel_vast(*, editie: PubliekeEditie, door) -> PubliekeEditie:
    """Adopt an edition: freeze its figures with who and when, and make the published files from that snapshot."""
    editie = PubliekeEditie.objects.select_for_update().select_related("gemeente").get(pk=editie.pk)
    _niet_vastgesteld(editie)
    opname = publiek.momentopname(editie, publiek.profiel_van(editie.gemeente))
    editie.momentopname = opname
    editie.pdf = publiek.editie_pdf(opname)
    editie.png_vierkant = publiek.editie_png(opname, "vierkant")
    editie.png_breed = publiek.editie_png(opname, "breed")
    editie.status = EditieStatus.VASTGESTELD
    editie.vastgesteld_door, editie.vastgesteld_op = door, klok.nu()
    editie.versie += 1
    editie.save()
    audit.log(
        actie=AuditActie.TRANSITIE,
        actor=door,
        obj=editie,
        toelichting=f"publieksversie jaaroverzicht {editie.jaar}: concept -> vastgesteld",
    )
    return editie


# --- the year-end evaluation ---------------------------------------------------------------


def acties_van_jaar(plan: Uitvoeringsplan, jaar: int) -> list[Actie]:
    """The actions of a plan that belong to `jaar` (multi-year plans: by their quarter or date)."""
    return [a for a in plan.acties.select_related("thema").order_by("nummer") if _actie_in_jaar(a, jaar)]


@transaction.atomic
def evaluatie_open(*, plan: Uitvoeringsplan, jaar: int, door) -> Evaluatie:
    """The evaluation of a plan's year, with a line for every action of that year (added when missing)."""
    evaluatie, nieuw = Evaluatie.objects.get_or_create(plan=plan, jaar=jaar)
    if not evaluatie.is_vastgesteld:
        bestaand = set(evaluatie.regels.values_list("actie_id", flat=True))
        EvaluatieRegel.objects.bulk_create(
            [EvaluatieRegel(evaluatie=evaluatie, actie=a) for a in acties_van_jaar(plan, jaar) if a.pk not in bestaand]
        )
    if nieuw:
        audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=evaluatie, toelichting=f"evaluatie {jaar}")
    return evaluatie


@transaction.atomic
def evaluatie_regel_bewaar(
    *, regel: EvaluatieRegel, door, resultaat: str, effect: str = "", les: str = "", doorschuiven: bool = False
) -> EvaluatieRegel:
    """Record the result, effect and lesson of one action, and whether it carries over."""
    _niet_vastgesteld(regel.evaluatie)
    if doorschuiven and resultaat == Resultaat.GEREED:
        raise ValidationError({"doorschuiven": _("Een actie die gereed is, schuift niet door.")})
    regel.resultaat, regel.effect, regel.les, regel.doorschuiven = resultaat, effect, les, doorschuiven
    regel.full_clean()
    regel.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=regel, toelichting=f"evaluatie actie {regel.actie_id}")
    return regel


@transaction.atomic
def evaluatie_bewaar(*, evaluatie: Evaluatie, samenvatting: str, door) -> Evaluatie:
    """Change the summary of an evaluation (the opening of the council letter)."""
    _niet_vastgesteld(evaluatie)
    evaluatie.samenvatting = samenvatting
    evaluatie.full_clean()
    evaluatie.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=evaluatie)
    return evaluatie


def vervolgplan(plan: Uitvoeringsplan) -> Uitvoeringsplan | None:
    """The plan of the next period: the first one based on this plan."""
    return plan.vervolgplannen.order_by("periode_start", "pk").first()


def _schuif_door(regel: EvaluatieRegel, nieuw: Uitvoeringsplan, door) -> Actie:
    """The action's continuation in the next plan: the one already there (e.g. from the follow-up
    plan), or a new copy that records where it came from."""
    oud = regel.actie
    kopie = nieuw.acties.filter(voortgezet_uit=oud).first()
    if kopie is None:
        thema, _nieuw = Thema.objects.get_or_create(
            plan=nieuw, nummer=oud.thema.nummer, defaults={"naam": oud.thema.naam}
        )
        nummer = (nieuw.acties.aggregate(m=Max("nummer"))["m"] or 0) + 1
        kopie = actie_kopie(oud=oud, plan=nieuw, thema=thema, nummer=nummer)
        audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=kopie, toelichting=f"doorgeschoven uit actie {oud.pk}")
    if ACTIE.mag_naar(oud.status, ActieStatus.DOORGESCHOVEN):
        _zet_status(actie=oud, status=ActieStatus.DOORGESCHOVEN, door=door, reden=f"naar plan {nieuw.pk}")
        oud.versie += 1
        oud.save(update_fields=["status", "versie", "updated_at"])
    return kopie


@transaction.atomic
def evaluatie_stel_vast(*, evaluatie: Evaluatie, door) -> Evaluatie:
    """Adopt the evaluation: every action has a result; carried-over actions go into the next plan;
    the lines, the year's figures and the council letter are frozen with who and when."""
    evaluatie = Evaluatie.objects.select_for_update().select_related("plan").get(pk=evaluatie.pk)
    _niet_vastgesteld(evaluatie)
    evaluatie_open(plan=evaluatie.plan, jaar=evaluatie.jaar, door=door)
    regels = list(evaluatie.regels.select_related("actie__thema"))
    zonder = [r.actie.nummer for r in regels if not r.resultaat]
    if zonder:
        raise ValidationError(
            _("Nog geen resultaat bij actie %(nummers)s.") % {"nummers": ", ".join(str(n) for n in sorted(zonder))}
        )
    door_te_schuiven = [r for r in regels if r.doorschuiven]
    if door_te_schuiven:
        nieuw = vervolgplan(evaluatie.plan)
        if nieuw is None:
            raise ValidationError(
                _("Maak eerst het plan van volgend jaar (vervolgplan); daarin komen de doorgeschoven acties.")
            )
        for regel in door_te_schuiven:
            regel.voortzetting = _schuif_door(regel, nieuw, door)
            regel.save(update_fields=["voortzetting"])
    evaluatie.status = EditieStatus.VASTGESTELD
    evaluatie.vastgesteld_door, evaluatie.vastgesteld_op = door, klok.nu()
    evaluatie.momentopname = raadsbrief.momentopname(evaluatie, regels, jaaroverzicht(door, evaluatie.jaar))
    evaluatie.pdf = raadsbrief.pdf(evaluatie.momentopname)
    evaluatie.save()
    audit.log(
        actie=AuditActie.TRANSITIE,
        actor=door,
        obj=evaluatie,
        toelichting=f"evaluatie {evaluatie.jaar}: concept -> vastgesteld",
    )
    return evaluatie
