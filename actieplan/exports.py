"""Export builders of actieplan: plain functions of (gebruiker, parameters), used by the page's view
and by the background job alike (registered in ActieplanConfig.ready, see ondermijning/export.py)."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ondermijning import audit
from ondermijning.export import Bestand, ExportSoort, registreer_export
from ondermijning.models import AuditActie
from ondermijning.pdf import render_pdf
from ondermijning.scoping import gemeente_ids

from . import overzichten

# The years a year overview can be asked for; anything else is simply not there (404).
JAREN = range(2000, 2101)


def jaar_uit(parameters) -> int:
    """The year of the parameters (`jaar`), or 404."""
    try:
        jaar = int(parameters.get("jaar", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    if jaar not in JAREN:
        raise Http404
    return jaar


def jaaroverzicht_pdf(*, gebruiker, parameters, voortgang=None) -> Bestand:
    """The year-end infographic as PDF (parameters: `jaar`) from the user's own figures; audited."""
    jaar = jaar_uit(parameters)
    context = overzichten.jaaroverzicht(gebruiker, jaar)
    context["gemaakt_op"] = timezone.localtime()
    if voortgang:
        voortgang(50)
    pdf = render_pdf("actieplan/pdf/jaaroverzicht.html", context)
    audit.log(
        actie=AuditActie.EXPORT,
        actor=gebruiker,
        object_type="actieplan.jaaroverzicht",
        object_id=jaar,
        toelichting=f"jaaroverzicht {jaar} pdf",
    )
    return Bestand(pdf, f"jaaroverzicht-{jaar}.pdf", "application/pdf")


def _jaaroverzicht_controleer(gebruiker, parameters):
    jaar_uit(parameters)
    if gebruiker.is_ketenpartner or not gemeente_ids(gebruiker):
        raise PermissionDenied
    return None


class JaarKeuze(forms.Form):
    jaar = forms.ChoiceField(label=gettext_lazy("Jaar"))

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        dit_jaar = timezone.localdate().year
        self.fields["jaar"].choices = [(j, j) for j in range(dit_jaar, dit_jaar - 4, -1)]
        self.fields["jaar"].initial = dit_jaar - 1 if timezone.localdate() < datetime.date(dit_jaar, 3, 1) else dit_jaar


def registreer() -> None:
    """Make the year overview available as a background job (called from ActieplanConfig.ready)."""
    registreer_export(
        ExportSoort(
            code="jaaroverzicht",
            titel=str(gettext_lazy("Jaaroverzicht (PDF)")),
            permissie="actieplan.view_uitvoeringsplan",
            maak=jaaroverzicht_pdf,
            controleer=_jaaroverzicht_controleer,
            formulier=JaarKeuze,
        )
    )
