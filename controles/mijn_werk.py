"""The controles blocks on Mijn werk: today's controls and the rhythm of the integrated controls."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from controles.models import Controle, ControleObject, ControleStatus, Label, TheseusLabel
from controles.selectors import planning_overzicht
from ondermijning import klok
from ondermijning.navigatie import MijnWerkBlok
from ondermijning.scoping import Rol


def vandaag_blok(request):
    """For inspectors: today's controls, visits not yet sent from this device, white/red businesses not planned."""
    gebruiker = request.user
    if not gebruiker.heeft_rol(Rol.TOEZICHTHOUDER) or not gebruiker.has_perm("controles.add_bezoek"):
        return None
    vandaag = klok.vandaag()
    controles = list(
        Controle.objects.voor_gebruiker(gebruiker)
        .op_datum(vandaag)
        .filter(deelnemers=gebruiker)
        .select_related("gemeente")
        .annotate(aantal_objecten=Count("objecten"))
        .order_by("starttijd", "pk")[:10]
    )
    gepland = ControleObject.objects.filter(
        bedrijf=OuterRef("bedrijf"), controle__status=ControleStatus.GEPLAND, controle__datum__gte=vandaag
    )
    ongepland = (
        TheseusLabel.objects.voor_gebruiker(gebruiker)
        .huidig()
        .filter(label__in=[Label.WIT, Label.ROOD])
        .exclude(Exists(gepland))
        .aggregate(wit=Count("pk", filter=Q(label=Label.WIT)), rood=Count("pk", filter=Q(label=Label.ROOD)))
    )
    return MijnWerkBlok(
        titel=_("Controles vandaag"),
        template="controles/mijn_werk_vandaag.html",
        context={"controles": controles, "ongepland": ongepland},
        volgorde=10,
    )


def ritme_blok(request):
    """For policy officers and inspectors: municipalities without a control planned in time."""
    gebruiker = request.user
    if not gebruiker.heeft_rol(Rol.BELEIDSMEDEWERKER, Rol.TOEZICHTHOUDER):
        return None
    if not gebruiker.has_perm("controles.view_planningsregel"):
        return None
    gemarkeerd = [stand for stand in planning_overzicht(gebruiker=gebruiker) if stand.gemarkeerd]
    if not gemarkeerd:
        return None
    return MijnWerkBlok(
        titel=_("Ritme van de controles"),
        template="controles/mijn_werk_ritme.html",
        context={"standen": gemarkeerd},
        volgorde=15,
    )
