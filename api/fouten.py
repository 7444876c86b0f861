"""One JSON error format for every API error, with Dutch messages per field.

    {"status": 400, "code": "ongeldig", "melding": "De invoer is niet geldig.",
     "velden": {"titel": ["Dit veld is verplicht."], "adressen[0].postcode": ["Vul een postcode in ..."]}}

Validation errors of the services (Django's ValidationError) land in the same shape as the
serializers' errors; errors that belong to no field are listed under "algemeen".
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

ALGEMEEN = "algemeen"

CODES = {
    400: "ongeldig",
    401: "niet_geauthenticeerd",
    403: "geen_toegang",
    404: "niet_gevonden",
    405: "methode_niet_toegestaan",
    406: "niet_acceptabel",
    409: "conflict",
    415: "mediatype_niet_ondersteund",
    422: "idempotentie_conflict",
    429: "te_veel_verzoeken",
}


def _meldingen() -> dict[int, str]:
    return {
        400: _("De invoer is niet geldig."),
        401: _("Geef een geldige API-sleutel mee: 'Authorization: Bearer <sleutel>'."),
        403: _("U heeft geen toegang tot deze gegevens of handeling."),
        404: _("Niet gevonden."),
        405: _("Deze methode is hier niet toegestaan."),
        406: _("Dit antwoordformaat wordt niet ondersteund; vraag om application/json."),
        415: _("Dit formaat wordt niet ondersteund; stuur application/json."),
        429: _("Te veel verzoeken met deze sleutel. Probeer het later opnieuw."),
    }


def _veldnaam(naam: str) -> str:
    return ALGEMEEN if naam in (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY) else naam


def plat(detail, prefix: str = "") -> dict[str, list[str]]:
    """Flatten nested serializer errors to {"adressen[0].postcode": [...]}."""
    velden: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for naam, sub in detail.items():
            if isinstance(naam, int):
                sleutel = f"{prefix}[{naam}]"
            else:
                naam = _veldnaam(str(naam))
                sleutel = naam if not prefix else (prefix if naam == ALGEMEEN else f"{prefix}.{naam}")
            for k, v in plat(sub, sleutel).items():
                velden.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(d, dict | list) for d in detail):
            velden.setdefault(prefix or ALGEMEEN, []).extend(str(d) for d in detail)
        else:
            for index, sub in enumerate(detail):
                for k, v in plat(sub, f"{prefix}[{index}]").items():
                    velden.setdefault(k, []).extend(v)
    elif detail is not None:
        velden.setdefault(prefix or ALGEMEEN, []).append(str(detail))
    return velden


def django_fouten(fout: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as field -> messages."""
    if hasattr(fout, "error_dict"):
        return {_veldnaam(k): list(v) for k, v in fout.message_dict.items()}
    return {ALGEMEEN: list(fout.messages)}


def fout_antwoord(statuscode: int, melding: str | None = None, velden: dict | None = None, headers=None) -> Response:
    inhoud = {
        "status": statuscode,
        "code": CODES.get(statuscode, "fout"),
        "melding": melding or _meldingen().get(statuscode, _("Er ging iets mis.")),
    }
    if velden:
        inhoud["velden"] = velden
    return Response(inhoud, status=statuscode, headers=headers)


def exception_handler(exc, context):
    """DRF's handler, then rewritten into the one format; service validation errors become 400."""
    if isinstance(exc, DjangoValidationError):
        return fout_antwoord(400, velden=django_fouten(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    statuscode = response.status_code
    velden = None
    melding = None
    if isinstance(exc, exceptions.ValidationError):
        velden = plat(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        melding = _("De inhoud van het verzoek is geen geldige JSON.")
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        melding = _("Te veel verzoeken met deze sleutel. Probeer het over %(sec)d seconden opnieuw.") % {
            "sec": int(exc.wait) + 1
        }
    elif isinstance(exc, exceptions.AuthenticationFailed | exceptions.PermissionDenied):
        melding = str(exc.detail)
    headers = {k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    return fout_antwoord(statuscode, melding=melding, velden=velden, headers=headers)
