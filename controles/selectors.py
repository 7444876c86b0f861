"""Read-side helpers other apps use; every one is scoped to the user."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Max, Min, Q, QuerySet

from controles.models import (
    Bedrijventerrein,
    Bezoek,
    Controle,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    TheseusLabel,
)
from ondermijning import klok
from signalen.models import Bedrijf


def bezoeken_bij_subjecten(*, gebruiker, adres_ids: Iterable[int] = (), bedrijf_ids: Iterable[int] = ()) -> QuerySet:
    """Visits the user may see at these addresses or businesses (for "ook bekend in"), newest first."""
    adres_ids, bedrijf_ids = list(adres_ids), list(bedrijf_ids)
    if not adres_ids and not bedrijf_ids:
        return Bezoek.objects.none()
    # One UNION of three index lookups rather than an OR across the join with the business, which
    # made PostgreSQL scan every visit (7.4 -> 1 ms at 20,000 visits; BENCH.md).
    delen = []
    if adres_ids:
        delen.append(Bezoek.objects.filter(adres_id__in=adres_ids).order_by().values("pk"))
        delen.append(Bezoek.objects.filter(bedrijf__adres_id__in=adres_ids).order_by().values("pk"))
    if bedrijf_ids:
        delen.append(Bezoek.objects.filter(bedrijf_id__in=bedrijf_ids).order_by().values("pk"))
    return (
        Bezoek.objects.voor_gebruiker(gebruiker)
        .filter(pk__in=delen[0].union(*delen[1:]))
        .select_related("controle", "controle__gemeente", "adres", "bedrijf")
        .order_by("-bezocht_op", "-pk")
    )


@dataclass
class PlanningStand:
    """Where a municipality stands with its rhythm of (integrated) controls."""

    regel: Planningsregel
    laatste: datetime.date | None
    volgende: datetime.date | None
    vervaldatum: datetime.date

    @property
    def status(self) -> str:
        vandaag = klok.vandaag()
        if self.volgende is None:
            return "ontbreekt"
        if self.volgende <= max(self.vervaldatum, vandaag):
            return "op_schema"
        return "te_laat_gepland"

    # The pages ask these instead of comparing the status literals.
    @property
    def op_schema(self) -> bool:
        return self.status == "op_schema"

    @property
    def ontbreekt(self) -> bool:
        return self.status == "ontbreekt"

    @property
    def te_laat_gepland(self) -> bool:
        return self.status == "te_laat_gepland"

    @property
    def gemarkeerd(self) -> bool:
        return not self.op_schema


def planning_overzicht(*, gebruiker) -> list[PlanningStand]:
    """Per active planning rule the user may see: last control, next due date, whether one is planned.

    Three queries regardless of the number of municipalities.
    """
    vandaag = klok.vandaag()
    regels = list(Planningsregel.objects.voor_gebruiker(gebruiker).filter(actief=True).select_related("gemeente"))
    if not regels:
        return []
    basis = Controle.objects.voor_gebruiker(gebruiker).filter(
        gemeente__in=[r.gemeente_id for r in regels], soort__in={r.soort for r in regels}
    )
    laatste = {
        (r["gemeente"], r["soort"]): r["datum"]
        for r in basis.filter(status__in=[ControleStatus.UITGEVOERD, ControleStatus.AFGEROND], datum__lte=vandaag)
        .values("gemeente", "soort")
        .annotate(datum=Max("datum"))
        .order_by()
    }
    volgende = {
        (r["gemeente"], r["soort"]): r["datum"]
        for r in basis.filter(status=ControleStatus.GEPLAND, datum__gte=vandaag)
        .values("gemeente", "soort")
        .annotate(datum=Min("datum"))
        .order_by()
    }
    standen = []
    for regel in regels:
        sleutel = (regel.gemeente_id, regel.soort)
        vorige = laatste.get(sleutel)
        # Without any earlier control the rhythm starts now: the first is due within one interval.
        verval = (vorige or vandaag) + datetime.timedelta(weeks=regel.interval_weken)
        standen.append(PlanningStand(regel=regel, laatste=vorige, volgende=volgende.get(sleutel), vervaldatum=verval))
    return standen


def volgende_controle_voorstel(*, gebruiker, gemeente, soort: str = ControleSoort.INTEGRALE_CONTROLE) -> dict:
    """Initial values for "plan volgende": one interval after the latest control, with the same partners."""
    regel = Planningsregel.objects.filter(gemeente=gemeente, soort=soort).first()
    interval = regel.interval_weken if regel else 6
    vorige = (
        Controle.objects.voor_gebruiker(gebruiker)
        .filter(gemeente=gemeente, soort=soort)
        .exclude(status=ControleStatus.GEANNULEERD)
        .order_by("-datum", "-pk")
        .first()
    )
    vandaag = klok.vandaag()
    voorstel = {"gemeente": gemeente, "soort": soort, "datum": vandaag + datetime.timedelta(weeks=interval)}
    if vorige is not None:
        voorstel.update(
            datum=max(vorige.datum + datetime.timedelta(weeks=interval), vandaag),
            thema=vorige.thema,
            starttijd=vorige.starttijd,
            eindtijd=vorige.eindtijd,
            doel=vorige.doel,
            kosten=vorige.kosten,
            deelnemende_organisaties=list(vorige.deelnemende_organisaties.all()),
            deelnemers=list(vorige.deelnemers.all()),
        )
    return voorstel


# --- Theseus ---------------------------------------------------------------------------------


def theseus_terreinen(*, gebruiker) -> QuerySet:
    """The estates the user may see, each with its number of green, white and red businesses (current labels)
    and their `totaal`."""
    # Only the current labels are joined (the condition in the JOIN, not in the count): an index-only
    # count of theseus_huidig_terrein_idx instead of every label ever given (issue 21).
    return (
        Bedrijventerrein.objects.voor_gebruiker(gebruiker)
        .annotate(huidige=FilteredRelation("labels", condition=Q(labels__huidig=True)))
        .annotate(
            groen=Count("huidige", filter=Q(huidige__label=Label.GROEN)),
            wit=Count("huidige", filter=Q(huidige__label=Label.WIT)),
            rood=Count("huidige", filter=Q(huidige__label=Label.ROOD)),
        )
        .annotate(totaal=F("groen") + F("wit") + F("rood"))
        .select_related("gemeente")
    )


def theseus_overzicht(*, gebruiker) -> tuple[list, dict[str, int]]:
    """Every estate with its counts and `totaal`, and the sums over all estates."""
    terreinen = list(theseus_terreinen(gebruiker=gebruiker))
    totaal = {k: sum(getattr(t, k) for t in terreinen) for k in ("groen", "wit", "rood", "totaal")}
    return terreinen, totaal


def theseus_labels_op_terrein(*, gebruiker, terrein, label: str = "") -> list[TheseusLabel]:
    """The current labels on an estate by business name; only those of `label` when it is one."""
    labels = list(
        TheseusLabel.objects.voor_gebruiker(gebruiker)
        .huidig()
        .filter(bedrijventerrein=terrein)
        .select_related("bedrijf", "bedrijf__adres", "door")
        .order_by("bedrijf__naam")
    )
    if label in Label.values:
        labels = [lab for lab in labels if lab.label == label]
    return labels


def theseus_al_gepland(*, gebruiker, bedrijf_ids: Iterable[int], vandaag: datetime.date) -> set[int]:
    """Which of these businesses are already on a planned control from today on."""
    return set(
        ControleObject.objects.voor_gebruiker(gebruiker)
        .filter(bedrijf__in=list(bedrijf_ids), controle__status=ControleStatus.GEPLAND, controle__datum__gte=vandaag)
        .values_list("bedrijf_id", flat=True)
    )


def theseus_kandidaten(*, gebruiker, terrein) -> QuerySet:
    """The businesses of an estate that may be put on a control: currently labelled white or red."""
    return Bedrijf.objects.voor_gebruiker(gebruiker).filter(
        theseus_labels__bedrijventerrein=terrein,
        theseus_labels__huidig=True,
        theseus_labels__label__in=[Label.WIT, Label.ROOD],
    )


def theseus_labelhistorie(*, gebruiker, bedrijf) -> list[TheseusLabel]:
    """Every label of a business the user may see (who, when, why, which visit), newest first."""
    return list(
        TheseusLabel.objects.voor_gebruiker(gebruiker)
        .filter(bedrijf=bedrijf)
        .select_related("bedrijventerrein", "door", "bezoek")
    )
