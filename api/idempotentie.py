"""Idempotency-Key on create calls: a retried call gets the first answer back and creates nothing twice.

The key row is inserted before the work, in the same transaction: a concurrent retry waits on
the unique index and then replays the stored answer; a failed call stores nothing, so the
client may retry with the same key after fixing its request.
"""

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.response import Response

from api.fouten import fout_antwoord
from api.models import ApiToken, IdempotenteRespons

KOP = "Idempotency-Key"
GELDIGE_SLEUTEL = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
HERHAALD_KOP = "Idempotent-Replayed"


def _verzoek_hash(request) -> str:
    inhoud = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(inhoud.encode()).hexdigest()


def met_idempotentie(request, maak: Callable[[], Response]) -> Response:
    """Run `maak` once per (token, Idempotency-Key); without a key (or a token) just run it."""
    sleutel = request.headers.get(KOP)
    token = request.auth if isinstance(request.auth, ApiToken) else None
    if sleutel is None or token is None:
        return maak()
    if not GELDIGE_SLEUTEL.match(sleutel):
        return fout_antwoord(
            400,
            velden={KOP: [_("Gebruik 1 tot 100 tekens: letters, cijfers, punt, dubbele punt, - of _.")]},
        )
    pad, verzoek_hash = request.path[:200], _verzoek_hash(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                rij = IdempotenteRespons.objects.create(
                    token=token, sleutel=sleutel, pad=pad, verzoek_hash=verzoek_hash
                )
        except IntegrityError:
            bestaand = IdempotenteRespons.objects.get(token=token, sleutel=sleutel)
            if bestaand.pad != pad or bestaand.verzoek_hash != verzoek_hash:
                return fout_antwoord(
                    422,
                    melding=_(
                        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. "
                        "Gebruik voor elk nieuw verzoek een nieuwe sleutel."
                    ),
                )
            return Response(bestaand.inhoud, status=bestaand.statuscode, headers={HERHAALD_KOP: "true"})
        response = maak()
        if response.status_code >= 400:
            transaction.set_rollback(True)
            return response
        rij.statuscode, rij.inhoud = response.status_code, json.loads(json.dumps(response.data, default=str))
        rij.save(update_fields=["statuscode", "inhoud"])
        return response
