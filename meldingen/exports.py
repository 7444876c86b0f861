"""Registry of the exports that can run in the background.

An app's existing export function is wrapped here, not rewritten: `maak(gebruiker, parameters,
voortgang)` returns (content, file name, content type) and loads everything through the scoped
QuerySets of the requesting user; `controleer(gebruiker, parameters)` raises Http404 or
ValidationError when the user may not have this export (at the request AND again at the download)
and returns the municipality the export is about (or None).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ExportSoort:
    code: str
    titel: str
    permissie: str
    maak: Callable
    controleer: Callable


EXPORTS: dict[str, ExportSoort] = {}


def registreer_export(soort: ExportSoort) -> ExportSoort:
    """Make an export kind available as a background job (idempotent)."""
    EXPORTS[soort.code] = soort
    return soort


def definitie(code: str) -> ExportSoort:
    try:
        return EXPORTS[code]
    except KeyError:
        raise ValidationError(_("Deze export bestaat niet.")) from None


def naar_achtergrond(request, *, soort: str, parameters: dict, aantal: int):
    """A redirect to the background job page when an export is too big for a request, else None.

    The job itself renders through the same view with `request.in_achtergrond` set, so it never
    redirects again. Thresholds: settings.EXPORT_ACHTERGROND_VANAF.
    """
    if getattr(request, "in_achtergrond", False) or aantal < settings.EXPORT_ACHTERGROND_VANAF[soort]:
        return None
    messages.info(
        request,
        _("Deze export is groot (%(aantal)s) en wordt op de achtergrond gemaakt. U krijgt een downloadlink.")
        % {"aantal": aantal},
    )
    return redirect(f"{reverse('meldingen:export_aanvragen', args=[soort])}?{urlencode(parameters, doseq=True)}")
