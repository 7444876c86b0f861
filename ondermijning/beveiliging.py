"""Two-factor login (django-otp), session limits and ending a deactivated user's sessions.

Every account must log in with a TOTP code (or a one-time recovery code) after the password.
`settings.OTP_VERPLICHT` can switch that off for the demo only (`make run`); production and the
test settings require it.
"""

import base64
import io
import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ondermijning import audit
from ondermijning.models import AuditActie, GebruikerSessie, IdpApparaat

LOGIN_TIJDSTIP = "_login_tijdstip"
AANTAL_HERSTELCODES = 10


def heeft_tweede_factor(gebruiker) -> bool:
    return TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists()


def controleer_code(request, code: str) -> tuple[bool, str]:
    """Verify a TOTP or recovery code for request.user; on success mark the session verified.

    Returns (ok, Dutch message). TOTP devices refuse a replayed code (last_t) and throttle
    failed attempts with an exponential delay (OTP_TOTP_THROTTLE_FACTOR).
    """
    code = code.replace(" ", "").strip()
    apparaten = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    apparaten += list(StaticDevice.objects.filter(user=request.user, confirmed=True))
    for apparaat in apparaten:
        toegestaan, _ = apparaat.verify_is_allowed()
        if not toegestaan:
            return False, "Te veel onjuiste codes. Wacht even en probeer het opnieuw."
    for apparaat in apparaten:
        if apparaat.verify_token(code):
            otp_login(request, apparaat)
            return True, ""
    return False, "Deze code klopt niet of is al gebruikt. Probeer de volgende code uit uw app."


@transaction.atomic
def totp_apparaat_begin(*, gebruiker) -> TOTPDevice:
    """Start enrolment: one unconfirmed TOTP device per user, replaced on every new start."""
    TOTPDevice.objects.filter(user=gebruiker, confirmed=False).delete()
    return TOTPDevice.objects.create(user=gebruiker, name="Authenticator-app", confirmed=False)


@transaction.atomic
def totp_apparaat_bevestig(*, request, apparaat: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment with a first code; returns the new recovery codes, or None if the code is wrong."""
    if not apparaat.verify_token(code.replace(" ", "").strip()):
        return None
    voor = TOTPDevice.objects.filter(user=apparaat.user, confirmed=True).count()
    TOTPDevice.objects.filter(user=apparaat.user).exclude(pk=apparaat.pk).delete()
    apparaat.confirmed = True
    apparaat.save(update_fields=["confirmed"])
    otp_login(request, apparaat)
    audit.log(actie=AuditActie.WIJZIGEN, actor=request.user, obj=apparaat.user,
              toelichting=f"tweede factor (authenticator-app): {voor} -> 1 (apparaat {apparaat.pk})")  # fmt: skip
    return herstelcodes_vernieuw(gebruiker=apparaat.user, door=request.user)


@transaction.atomic
def herstelcodes_vernieuw(*, gebruiker, door=None) -> list[str]:
    """Replace the user's one-time recovery codes; returned once, stored only in django-otp's table."""
    voor = StaticToken.objects.filter(device__user=gebruiker, device__confirmed=True).count()
    StaticDevice.objects.filter(user=gebruiker).delete()
    apparaat = StaticDevice.objects.create(user=gebruiker, name="Herstelcodes", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=apparaat, token=c) for c in codes])
    audit.log(actie=AuditActie.WIJZIGEN, actor=door or gebruiker, obj=gebruiker,
              toelichting=f"herstelcodes: {voor} -> {len(codes)}{' (vernieuwd)' if voor else ''}")  # fmt: skip
    return codes


def qr_code_svg_data_uri(apparaat: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI, rendered locally (no external service)."""
    import qrcode  # lazy: only the enrolment page draws a QR code
    import qrcode.image.svg

    afbeelding = qrcode.make(apparaat.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    afbeelding.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def geheime_sleutel_base32(apparaat: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    sleutel = base64.b32encode(apparaat.bin_key).decode().rstrip("=")
    return " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4))


def sessies_beeindig(*, gebruiker) -> int:
    """End every session of a user (e.g. after deactivation); returns how many were ended."""
    sleutels = list(GebruikerSessie.objects.filter(gebruiker=gebruiker).values_list("sessie_sleutel", flat=True))
    aantal, _ = Session.objects.filter(session_key__in=sleutels).delete()
    GebruikerSessie.objects.filter(gebruiker=gebruiker).delete()
    return aantal


VRIJE_PADEN = ("accounts/", "static/")


def volledig_ingelogd(gebruiker) -> bool:
    """Logged in and, where two-factor login is required, past the second factor. A user object that
    did not pass OTPMiddleware (a background render) has no is_verified and counts as not verified."""
    if not gebruiker.is_authenticated:
        return False
    geverifieerd = getattr(gebruiker, "is_verified", None)
    return not settings.OTP_VERPLICHT or bool(geverifieerd and geverifieerd())


class TweeFactorMiddleware:
    """Send a logged-in but not yet verified user to the code page (or to enrolment) first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gebruiker = request.user
        if (
            gebruiker.is_authenticated
            and not volledig_ingelogd(gebruiker)
            and not request.path.lstrip("/").startswith(VRIJE_PADEN)
        ):
            doel = "tweefactor_instellen" if not heeft_tweede_factor(gebruiker) else "tweefactor"
            if request.headers.get("HX-Request"):
                # An htmx fragment request must not get the code page swapped into a page part:
                # htmx follows HX-Redirect with a full navigation instead.
                antwoord = HttpResponse(status=204)
                antwoord["HX-Redirect"] = reverse(doel)
                return antwoord
            return redirect(f"{reverse(doel)}?next={request.get_full_path()}")
        return self.get_response(request)


class SessieLimietMiddleware:
    """Absolute session lifetime (10 hours by default) on top of the 30-minute inactivity timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            begin = request.session.get(LOGIN_TIJDSTIP)
            if begin is None:
                request.session[LOGIN_TIJDSTIP] = int(time.time())
            elif time.time() - begin > settings.SESSIE_ABSOLUUT_MAX:
                logout(request)
                return redirect(f"{reverse('login')}?verlopen=1")
        return self.get_response(request)


def tweede_factor_via_provider(request) -> None:
    """Mark the session verified for django-otp: the identity provider did the second factor (a per-provider
    setting). The device stands for the provider and never accepts a typed code."""
    apparaat, _ = IdpApparaat.objects.get_or_create(
        user=request.user, defaults={"name": "Identity provider", "confirmed": True}
    )
    otp_login(request, apparaat)
