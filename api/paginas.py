"""Pages around the API: the OpenAPI schema, the documentation, and the import of signals."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from api.authenticatie import GeverifieerdeSessieAuthenticatie, TokenAuthenticatie
from api.forms import ImportForm
from api.fouten import exception_handler
from api.importeren import KOLOMMEN, BestandOnleesbaar, lees_bestand
from api.services import ImportMislukt, signalen_import_controleer, signalen_importeer
from api.throttling import PerTokenThrottle

SESSIE_IMPORT = "api_import"

SCHEMA_INSTELLINGEN = {
    "TITLE": "Ondermijning API",
    "VERSION": "1",
    "DESCRIPTION": (
        "API voor systemen van ketenpartners, de MMA-intake en de veld-app. Authenticatie met een API-sleutel "
        "(`Authorization: Bearer <sleutel>`) die de beheerder aanmaakt; de sleutel ziet wat het bijbehorende "
        "account op de website ziet. Fouten hebben altijd de vorm {status, code, melding, velden}."
    ),
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, for a token or a logged-in (verified) user."""

    authentication_classes = [TokenAuthenticatie, GeverifieerdeSessieAuthenticatie]
    permission_classes = [IsAuthenticated]
    throttle_classes = [PerTokenThrottle]
    custom_settings = SCHEMA_INSTELLINGEN
    schema = None  # not an endpoint of the API itself

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))

    def get_exception_handler(self):
        return exception_handler


def docs(request):
    """Swagger UI for logged-in users, served from our own static files (no CDN, no inline script)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema") + "?format=json"})


def _signalenlijst_url() -> str:
    try:
        return reverse("signalen:lijst")
    except NoReverseMatch:
        return reverse("api:import")


@permission_required("signalen.add_signaal", raise_exception=True)
def signalen_import(request):
    """Upload a batch of signals, preview it with the errors per line, then import all of it or nothing."""
    context = {"kolommen": KOLOMMEN, "form": ImportForm()}
    if request.method == "POST" and "bevestig" in request.POST:
        opgeslagen = request.session.get(SESSIE_IMPORT)
        if not opgeslagen or opgeslagen["sleutel"] != request.POST.get("sleutel"):
            messages.error(request, _("Deze controle is verlopen. Upload het bestand opnieuw."))
            return redirect("api:import")
        del request.session[SESSIE_IMPORT]
        try:
            signalen = signalen_importeer(door=request.user, rijen=opgeslagen["rijen"])
        except ImportMislukt as mislukt:
            context.update(rijen=opgeslagen["rijen"], fouten=mislukt.fouten, bestandsnaam=opgeslagen["naam"])
            messages.error(request, _("Er is niets geïmporteerd: een of meer regels bevatten fouten."))
            return render(request, "api/import.html", context, status=400)
        messages.success(request, _("%(aantal)d signalen geïmporteerd.") % {"aantal": len(signalen)})
        return redirect(_signalenlijst_url())
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "api/import.html", context, status=400)
        bestand = form.cleaned_data["bestand"]
        try:
            rijen = lees_bestand(bestand)
        except BestandOnleesbaar as fout:
            form.add_error("bestand", str(fout))
            return render(request, "api/import.html", context, status=400)
        fouten = signalen_import_controleer(door=request.user, rijen=rijen)
        context.update(rijen=rijen, fouten=fouten, bestandsnaam=bestand.name)
        if fouten:
            return render(request, "api/import.html", context, status=400)
        sleutel = secrets.token_urlsafe(16)
        request.session[SESSIE_IMPORT] = {"sleutel": sleutel, "rijen": rijen, "naam": bestand.name[:100]}
        context["sleutel"] = sleutel
    return render(request, "api/import.html", context)
