"""Double submit: every create form carries a one-time token, so one submit makes one object.

The form renders a fresh uuid in a hidden field (`EenmaligFormMixin`). The view runs its service
through `eenmalig_maken`: in one transaction the token row is inserted first (unique), then the
object is made and its address stored on the row. A second submit with the same token, even a
concurrent one (on PostgreSQL it waits on the unique index until the first commits), fails the
insert and is answered with a redirect to what the first made. A failed first submit rolls its
token row back, so the user can correct the form and send it again.
"""

import datetime
import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ondermijning.models import Formuliertoken

T = TypeVar("T")
VELD = "formulier_token"


class EenmaligFormMixin:
    """Adds the hidden one-time token to a create form; the view reads it as `form.formulier_token`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required: a client without it (a script, an old page) simply gets no protection.
        self.fields[VELD] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial[VELD] = uuid.uuid4()

    @property
    def formulier_token(self) -> uuid.UUID | None:
        return getattr(self, "_formulier_token", None)

    def clean(self):
        data = super().clean()
        # The services take the form's data as keyword arguments: the token is not one of them.
        self._formulier_token = data.pop(VELD, None)
        return data


class AlVerzonden(Exception):
    """This form was sent before; `antwoord()` leads to what that submit made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url

    def antwoord(self, request):
        messages.info(request, _("Dit formulier was al verzonden; u ziet wat toen is vastgelegd."))
        return redirect(self.url)


@transaction.atomic
def eenmalig_maken(*, token: uuid.UUID | None, gebruiker, maak: Callable[[], T], url: Callable[[T], str]) -> T:
    """Run `maak` once per token; a repeat raises AlVerzonden with the first result's address."""
    if token is None:
        return maak()
    try:
        with transaction.atomic():
            rij = Formuliertoken.objects.create(token=token, gebruiker=gebruiker)
    except IntegrityError:
        bestaand = Formuliertoken.objects.filter(token=token).first()
        if bestaand is None or bestaand.gebruiker_id != gebruiker.pk or not bestaand.url:
            raise ValidationError(
                _("Dit formulier is al gebruikt. Laad de pagina opnieuw en vul het formulier opnieuw in.")
            ) from None
        raise AlVerzonden(bestaand.url) from None
    resultaat = maak()
    rij.url = url(resultaat)[:300]
    rij.save(update_fields=["url"])
    return resultaat


def formuliertokens_opruimen(*, nu: datetime.datetime | None = None) -> int:
    """Delete the tokens of forms that can no longer be sent (nightly, with retention).

    A form is sent within its session, which ends after `SESSIE_ABSOLUUT_MAX` (10 hours) at most; after
    a new login the old page's CSRF token is refused. A token kept longer protects nothing and only
    records who created what when (the audit log does that). One day of margin."""
    nu = nu or timezone.now()
    grens = nu - datetime.timedelta(seconds=settings.SESSIE_ABSOLUUT_MAX) - datetime.timedelta(days=1)
    aantal, _ = Formuliertoken.objects.filter(created_at__lt=grens).delete()
    return aantal
