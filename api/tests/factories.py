"""Factories for the api app: tokens are made through the service, so the secret is known to the test."""

import datetime

from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_maak


def maak_token(
    gebruiker, *, lezen=True, signalen=False, bezoeken=False, dagen=30, per_minuut=1000, door=None, **velden
):
    """(token, secret) for `gebruiker` with the given scopes; `dagen` < 0 gives an expired token.

    Made by `door`, by default the account itself (a key for oneself is allowed, like one for a system account).
    """
    token = ApiToken(
        naam=velden.pop("naam", f"Systeem van {gebruiker.username}"),
        gebruiker=gebruiker,
        mag_lezen=lezen,
        mag_signalen_aanmaken=signalen,
        mag_bezoeken_aanmaken=bezoeken,
        verloopt_op=timezone.now() + datetime.timedelta(days=dagen),
        verzoeken_per_minuut=per_minuut,
        **velden,
    )
    sleutel = api_token_maak(token=token, door=door or gebruiker)
    return token, sleutel
