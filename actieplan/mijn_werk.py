"""The actieplan block on Mijn werk: overruns, actions due this quarter, communication soon."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ondermijning import klok
from ondermijning.navigatie import MijnWerkBlok
from ondermijning.scoping import Rol

from .models import Actie, ActieStatus, CommunicatieItem, TimingSoort, kwartaal_grenzen
from .overzichten import begroting_overzicht, huidig_kwartaal


def blok(request) -> MijnWerkBlok | None:
    """For coordinators and policy officers; a constant handful of queries."""
    gebruiker = request.user
    if not gebruiker.heeft_rol(Rol.COORDINATOR, Rol.BELEIDSMEDEWERKER):
        return None
    vandaag = klok.vandaag()
    kwartaal = huidig_kwartaal(vandaag)
    start, eind = kwartaal_grenzen(kwartaal)
    acties = (
        Actie.objects.voor_gebruiker(gebruiker)
        .exclude(status=ActieStatus.AFGEROND)
        .filter(
            Q(timing_soort=TimingSoort.KWARTAAL, kwartaal=kwartaal)
            | Q(timing_soort=TimingSoort.DATUM, datum__range=(start, eind))
        )
        .order_by("plan_id", "nummer")[:10]
    )
    communicatie = CommunicatieItem.objects.voor_gebruiker(gebruiker).filter(
        datum__range=(vandaag, vandaag + timedelta(days=14))
    )[:10]
    overschrijdingen = []
    if gebruiker.heeft_rol(Rol.COORDINATOR):
        overschrijdingen = [r for r in begroting_overzicht(gebruiker, vandaag.year) if r.overschreden]
    return MijnWerkBlok(
        titel=_("Actieplan en begroting"),
        template="actieplan/mijn_werk.html",
        context={
            "kwartaal": kwartaal,
            "acties": list(acties),
            "communicatie": list(communicatie),
            "overschrijdingen": overschrijdingen,
        },
        volgorde=60,
    )
