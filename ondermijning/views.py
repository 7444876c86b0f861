"""Core pages: Mijn werk, and the readable error pages."""

import requests
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import View
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ondermijning import audit, beveiliging, oidc
from ondermijning.export import csv_antwoord, xlsx_antwoord
from ondermijning.filters import AuditFilter, VerstrekkingFilter
from ondermijning.forms import CodeForm, HerinstellenForm, InlogForm
from ondermijning.middleware import client_ip
from ondermijning.models import AuditActie, AuditEvent, AuditResultaat, Gebruiker, Verstrekking
from ondermijning.navigatie import mijn_werk_blokken


def mijn_werk(request):
    """What needs this user's attention, one block per app."""
    return render(request, "ondermijning/mijn_werk.html", {"blokken": mijn_werk_blokken(request)})


def _volgende(request) -> str:
    return _volgende_uit(request, request.POST.get("next") or request.GET.get("next") or "")


def _volgende_uit(request, doel: str) -> str:
    hosts = {request.get_host()}
    veilig = url_has_allowed_host_and_scheme(doel, allowed_hosts=hosts, require_https=request.is_secure())
    if doel and veilig:
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
    herinstellen = beveiliging.heeft_tweede_factor(request.user)
    if herinstellen and not request.user.is_verified():
        return redirect("tweefactor")
    form = HerinstellenForm(request.POST or None, request=request) if herinstellen else CodeForm(request.POST or None)
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if request.method == "POST" and apparaat is not None and form.is_valid():
        # The code is checked only after the password (for a re-enrolment) passed the form.
        codes = beveiliging.totp_apparaat_bevestig(request=request, apparaat=apparaat, code=form.cleaned_data["code"])
        if codes is not None:  # audited by the service, with before and after
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


class Inloggen(auth_views.LoginView):
    """The login page: password login, and 'Inloggen via <provider>' when a provider is active."""

    authentication_form = InlogForm

    def get_context_data(self, **kwargs):
        config = oidc.huidige_config()
        return super().get_context_data(
            **kwargs,
            oidc_naam=config.naam if config else "",
            wachtwoord_uit=bool(config and config.wachtwoord_inloggen_uit),
        )


class Uitloggen(auth_views.LogoutView):
    """Ends the session here and, after a provider login, at the provider too (RP-initiated logout);
    tells the browser to drop its cached pages (they may hold personal data).

    Not "storage": that would also wipe IndexedDB, where the tablet keeps visits not yet sent.
    The logout script (static/js/uitloggen.js) warns about those and clears the offline copies
    of the service worker itself.
    """

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        antwoord = super().post(request, *args, **kwargs)
        doel = oidc.eind_sessie_url(request, id_token) if id_token else None
        if doel is not None:
            # A page that forwards instead of a redirect: the strict CSP (form-action 'self') forbids the
            # logout form's POST from being redirected to the provider's origin.
            antwoord = render(request, "registration/uitloggen_provider.html", {"doel": doel})
        antwoord["Clear-Site-Data"] = '"cache"'
        return antwoord


def _oidc_instellingen() -> tuple[oidc.Config, dict]:
    config = oidc.huidige_config()
    if config is None:
        raise Http404
    return config, oidc.instellingen(config)


@method_decorator(login_not_required, name="dispatch")
class OidcInloggen(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (authorization-code flow with PKCE, state and nonce)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the provider's endpoints are read per request, in get()

    def get_settings(self, attr, *args):
        return self.instellingen[attr] if attr in self.instellingen else super().get_settings(attr, *args)

    def get(self, request):
        self.config, self.instellingen = _oidc_instellingen()
        self.OIDC_OP_AUTH_ENDPOINT = self.instellingen["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = self.config.client_id
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class OidcCallback(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here; a refused login gets a Dutch page and an audit event."""

    def get_settings(self, attr, *args):
        return self.instellingen[attr] if attr in self.instellingen else super().get_settings(attr, *args)

    def weiger(self, reden: str, *, geen_toegang: bool = False, gebruiker=None):
        audit.log(
            actie=AuditActie.LOGIN_MISLUKT,
            object_type="ondermijning.gebruiker",
            object_id=getattr(gebruiker, "pk", ""),
            resultaat=AuditResultaat.GEWEIGERD if geen_toegang else AuditResultaat.MISLUKT,
            toelichting=f"via identity provider: {reden}",
            ip=client_ip(self.request),
        )
        if self.request.user.is_authenticated:
            logout(self.request)
        sjabloon = "registration/oidc_geen_toegang.html" if geen_toegang else "registration/oidc_mislukt.html"
        return render(self.request, sjabloon, {"config": self.config}, status=403)

    def login_failure(self):
        return self.weiger(self.request.GET.get("error", "geen gebruiker")[:40])

    def login_success(self):
        claims = getattr(self.request, "oidc_id_claims", {})
        amr = claims.get("amr") or []
        amr = ",".join(amr) if isinstance(amr, list) else str(amr)
        self.request.login_toelichting = f"via identity provider; acr={claims.get('acr', '-')}; amr={amr}"
        antwoord = super().login_success()
        if self.config.telt_als_tweede_factor:
            beveiliging.tweede_factor_via_provider(self.request)
        return antwoord

    @property
    def success_url(self):
        return _volgende_uit(self.request, self.request.session.get("oidc_login_next") or "")

    def get(self, request):
        self.config, self.instellingen = _oidc_instellingen()
        try:
            return super().get(request)
        except oidc.InloggenGeweigerd as fout:
            sub = getattr(request, "oidc_id_claims", {}).get("sub")
            gebruiker = Gebruiker.objects.filter(oidc_sub=sub).first() if sub else None
            return self.weiger(fout.reden, geen_toegang=fout.geen_toegang, gebruiker=gebruiker)
        except oidc.OngeldigToken as fout:
            return self.weiger(f"id-token {fout.reden}")
        except SuspiciousOperation as fout:
            return self.weiger(str(fout)[:80])
        except requests.RequestException:
            return self.weiger("provider niet bereikbaar")
