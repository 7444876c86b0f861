"""Core pages: Mijn werk, and the readable error pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ondermijning import audit, beveiliging
from ondermijning.export import csv_antwoord, xlsx_antwoord
from ondermijning.filters import AuditFilter, VerstrekkingFilter
from ondermijning.forms import CodeForm
from ondermijning.models import AuditActie, AuditEvent, AuditResultaat, Verstrekking
from ondermijning.navigatie import mijn_werk_blokken


def mijn_werk(request):
    """What needs this user's attention, one block per app."""
    return render(request, "ondermijning/mijn_werk.html", {"blokken": mijn_werk_blokken(request)})


def _volgende(request) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return doel
    return reverse("mijn_werk")


def tweefactor(request):
    """Second step of the login: a TOTP code or a recovery code."""
    if not beveiliging.heeft_tweede_factor(request.user):
        return redirect("tweefactor_instellen")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, melding = beveiliging.controleer_code(request, form.cleaned_data["code"])
        if ok:
            return redirect(_volgende(request))
        audit.log(
            actie=AuditActie.LOGIN_MISLUKT, actor=request.user, obj=request.user, resultaat=AuditResultaat.MISLUKT,
            toelichting="tweede factor onjuist",
        )  # fmt: skip
        form.add_error("code", melding)
    return render(request, "registration/tweefactor.html", {"form": form, "next": _volgende(request)})


def tweefactor_instellen(request):
    """Enrol an authenticator app: QR code (rendered locally), confirm with a first code, show recovery codes."""
    if beveiliging.heeft_tweede_factor(request.user) and not request.user.is_verified():
        return redirect("tweefactor")
    form = CodeForm(request.POST or None)
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if request.method == "POST" and apparaat is not None and form.is_valid():
        codes = beveiliging.totp_apparaat_bevestig(request=request, apparaat=apparaat, code=form.cleaned_data["code"])
        if codes is not None:
            audit.log(
                actie=AuditActie.WIJZIGEN, actor=request.user, obj=request.user, toelichting="tweede factor ingesteld"
            )
            return render(request, "registration/herstelcodes.html", {"codes": codes, "next": _volgende(request)})
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."))
    if apparaat is None or request.method == "GET":
        apparaat = beveiliging.totp_apparaat_begin(gebruiker=request.user)
    context = {
        "form": form,
        "qr": beveiliging.qr_code_svg_data_uri(apparaat),
        "sleutel": beveiliging.geheime_sleutel_base32(apparaat),
        "next": _volgende(request),
    }
    return render(request, "registration/tweefactor_instellen.html", context)


class Uitloggen(auth_views.LogoutView):
    """Log out, and tell the browser to drop its cached pages (they may hold personal data).

    Not "storage": that would also wipe IndexedDB, where the tablet keeps visits not yet sent.
    The logout script (static/js/uitloggen.js) warns about those and clears the offline copies
    of the service worker itself.
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response


@login_not_required
def toegankelijkheid(request):
    """The toegankelijkheidsverklaring (accessibility statement), public like the login page."""
    return render(request, "ondermijning/toegankelijkheid.html")


@login_not_required
def geblokkeerd(request, credentials=None, *args, **kwargs):
    """Shown by django-axes after too many failed logins for one username from one address."""
    return render(request, "registration/geblokkeerd.html", status=429)


@permission_required("ondermijning.view_auditevent", raise_exception=True)
def audit_lijst(request):
    """Audit viewer for the beheerder: search events by user, object, action and period."""
    basis = AuditEvent.objects.voor_gebruiker(request.user).select_related("actor", "gemeente")
    filter_ = AuditFilter(request.GET, queryset=basis, request=request)
    pagina = Paginator(filter_.qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "ondermijning/audit_lijst.html", {"filter": filter_, "pagina": pagina})


@permission_required("ondermijning.view_verstrekking", raise_exception=True)
def verstrekking_lijst(request):
    """Disclosure register for the beheerder, with CSV and XLSX export (audited)."""
    basis = Verstrekking.objects.voor_gebruiker(request.user).select_related("organisatie", "gemeente", "door")
    filter_ = VerstrekkingFilter(request.GET, queryset=basis)
    formaat = request.GET.get("export")
    if formaat in ("csv", "xlsx"):
        audit.log(actie=AuditActie.EXPORT, actor=request.user, object_type="ondermijning.verstrekking",
                  toelichting=f"verstrekkingenregister {formaat}, {filter_.qs.count()} regels")  # fmt: skip
        kolommen = [_("Datum"), _("Verstrekt aan"), _("Wat"), _("Objecttype"), _("Object-id"), _("Gemeente"),
                    _("Grondslag"), _("Toelichting"), _("Met persoonsgegevens"), _("Door"),
                    _("Ingetrokken op")]  # fmt: skip
        rijen = (
            [
                timezone.localtime(v.op).strftime("%d-%m-%Y %H:%M"),
                v.organisatie.naam,
                v.omschrijving,
                v.object_type,
                v.object_id,
                v.gemeente.naam if v.gemeente else "",
                v.get_grondslag_display(),
                v.toelichting,
                _("ja") if v.persoonsgegevens else _("nee"),
                v.door.get_username(),
                timezone.localtime(v.ingetrokken_op).strftime("%d-%m-%Y %H:%M") if v.ingetrokken_op else "",
            ]  # fmt: skip
            for v in filter_.qs
        )
        maker = csv_antwoord if formaat == "csv" else xlsx_antwoord
        return maker("verstrekkingenregister", kolommen, rijen)
    pagina = Paginator(filter_.qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "ondermijning/verstrekking_lijst.html", {"filter": filter_, "pagina": pagina})
