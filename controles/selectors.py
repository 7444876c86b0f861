"""Read-side helpers other apps use; every one is scoped to the user."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from controles.models import Bezoek, Controle, ControleSoort, ControleStatus, Planningsregel


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
        vandaag = timezone.localdate()
        if self.volgende is None:
            return "ontbreekt"
        if self.volgende <= max(self.vervaldatum, vandaag):
            return "op_schema"
        return "te_laat_gepland"

    @property
    def gemarkeerd(self) -> bool:
        return self.status != "op_schema"


def planning_overzicht(*, gebruiker) -> list[PlanningStand]:
    """Per active planning rule the user may see: last control, next due date, whether one is planned.

    Three queries regardless of the number of municipalities.
    """
    vandaag = timezone.localdate()
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
    vandaag = timezone.localdate()
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
