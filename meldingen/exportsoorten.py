"""The long exports of signalen and actieplan, available as background jobs.

Nothing is rewritten: each job calls the app's own export view (with its permission check, its
scoped QuerySets and its audit event) on a request made for the user who asked, and stores the
response. The view is found through its URL name, so the job always produces exactly what the
page's own download button would.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldingen.exports import ExportSoort, registreer_export
from ondermijning.scoping import gemeente_ids


class ExportMislukt(Exception):
    pass


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def _via_view(gebruiker, url_naam: str, kwargs: dict, query: dict, voortgang) -> tuple[bytes, str, str]:
    """Call the app's export view for `gebruiker` and return (content, file name, content type)."""
    from django_htmx.middleware import HtmxDetails

    pad = reverse(url_naam, kwargs=kwargs)
    request = RequestFactory().get(pad, data=query, HTTP_HOST=_host())
    request.user = gebruiker
    request.htmx = HtmxDetails(request)
    request.in_achtergrond = True  # the view must not send a big export to the background again
    voortgang(10)
    match = resolve(pad)
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ExportMislukt(f"HTTP {response.status_code}")
    voortgang(90)
    inhoud = b"".join(response.streaming_content) if response.streaming else response.content
    gevonden = re.search(r'filename="([^"]+)"', response.get("Content-Disposition", ""))
    bestandsnaam = gevonden.group(1) if gevonden else pad.rsplit("/", 1)[-1]
    return inhoud, bestandsnaam, response.get("Content-Type", "application/octet-stream")


# --- signalenlijst (XLSX) ----------------------------------------------------------------------


def _signalen_controleer(gebruiker, parameters):
    if gebruiker.is_ketenpartner or not gemeente_ids(gebruiker):
        raise PermissionDenied
    return None


def _signalen_maak(gebruiker, parameters, voortgang):
    return _via_view(gebruiker, "signalen:export", {"formaat": "xlsx"}, parameters, voortgang)


# --- agenda of an overleg (PDF) ----------------------------------------------------------------


def _overleg_id(parameters) -> int:
    try:
        return int(parameters.get("overleg", ""))
    except (TypeError, ValueError):
        raise Http404 from None


def _overleg_controleer(gebruiker, parameters):
    from signalen.models import Overleg

    if not Overleg.objects.voor_gebruiker(gebruiker).filter(pk=_overleg_id(parameters)).exists():
        raise Http404
    return None


def _overleg_maak(gebruiker, parameters, voortgang):
    return _via_view(gebruiker, "signalen:overleg_agenda_pdf", {"pk": _overleg_id(parameters)}, {}, voortgang)


class OverlegKeuze(forms.Form):
    overleg = forms.ChoiceField(label=_("Overleg"))

    def __init__(self, *args, gebruiker, **kwargs):
        from signalen.models import Overleg

        super().__init__(*args, **kwargs)
        overleggen = Overleg.objects.voor_gebruiker(gebruiker).order_by("-datum", "-pk")[:30]
        self.fields["overleg"].choices = [(o.pk, str(o)) for o in overleggen]


# --- jaaroverzicht (PDF) -----------------------------------------------------------------------


def _jaar(parameters) -> int:
    try:
        jaar = int(parameters.get("jaar", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 2000 <= jaar <= 2100:
        raise Http404
    return jaar


def _jaaroverzicht_controleer(gebruiker, parameters):
    _jaar(parameters)
    if gebruiker.is_ketenpartner or not gemeente_ids(gebruiker):
        raise PermissionDenied
    return None


def _jaaroverzicht_maak(gebruiker, parameters, voortgang):
    return _via_view(gebruiker, "actieplan:jaaroverzicht_pdf", {"jaar": _jaar(parameters)}, {}, voortgang)


class JaarKeuze(forms.Form):
    jaar = forms.ChoiceField(label=_("Jaar"))

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        dit_jaar = timezone.localdate().year
        self.fields["jaar"].choices = [(j, j) for j in range(dit_jaar, dit_jaar - 4, -1)]
        self.fields["jaar"].initial = dit_jaar - 1 if timezone.localdate() < datetime.date(dit_jaar, 3, 1) else dit_jaar


FORMULIEREN = {"overleg-agenda": OverlegKeuze, "jaaroverzicht": JaarKeuze}


def registreer() -> None:
    """Register the background exports (called from MeldingenConfig.ready)."""
    registreer_export(
        ExportSoort(
            code="signalenlijst-xlsx",
            titel=str(_("Signalenlijst (Excel)")),
            permissie="signalen.exporteer_signalen",
            maak=_signalen_maak,
            controleer=_signalen_controleer,
        )
    )
    registreer_export(
        ExportSoort(
            code="overleg-agenda",
            titel=str(_("Agenda van een overleg (PDF)")),
            permissie="signalen.view_overleg",
            maak=_overleg_maak,
            controleer=_overleg_controleer,
        )
    )
    registreer_export(
        ExportSoort(
            code="jaaroverzicht",
            titel=str(_("Jaaroverzicht (PDF)")),
            permissie="actieplan.view_uitvoeringsplan",
            maak=_jaaroverzicht_maak,
            controleer=_jaaroverzicht_controleer,
        )
    )
