"""Every write of the api app: tokens, and signals arriving through the API or an import.

Signals with their subjects are registered by `signalen.services.signaal_met_subjecten_registreer`,
the same service as the web form's, so the API and the import follow exactly the rules of the web.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from api.importeren import rij_gegevens
from api.models import ApiToken
from ondermijning import audit
from ondermijning.geheim import geheim_hash
from ondermijning.models import AuditActie, Gebruiker
from ondermijning.scoping import gemeente_ids
from signalen.models import Signaal
from signalen.services import (
    BEHANDELAAR_ONBEKEND,
    GEMEENTE_NIET_VAN_U,
    NIEUW,
    signaal_met_subjecten_registreer,
)

SLEUTEL_VOORVOEGSEL = "ond_"


# What an audit event of a token records before and after (no secret, no hash).
TOKEN_VELDEN = ("naam", "mag_lezen", "mag_signalen_aanmaken", "mag_bezoeken_aanmaken", "verloopt_op", "actief",
                "verzoeken_per_minuut")  # fmt: skip


def api_token_mag_voor(*, gebruiker, door) -> bool:
    """A key reads and writes as its account: only for a system account (which cannot log in), or for
    oneself. A beheerder making a key for a person would read everything that person may read."""
    return bool(getattr(gebruiker, "is_systeemaccount", False)) or (door is not None and door.pk == gebruiker.pk)


def _tekst(waarde) -> str:
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if hasattr(waarde, "date"):
        return waarde.strftime("%Y-%m-%d %H:%M")
    return str(waarde)


@transaction.atomic
def api_token_maak(*, token: ApiToken, door) -> str:
    """Save a new token with a fresh secret; returns the secret, which is never stored or shown again."""
    if not api_token_mag_voor(gebruiker=token.gebruiker, door=door):
        raise ValidationError({"gebruiker": _("Een API-sleutel kan alleen voor een systeemaccount worden gemaakt.")})
    sleutel = SLEUTEL_VOORVOEGSEL + secrets.token_urlsafe(32)
    token.sleutel_hash = geheim_hash(sleutel)
    token.sleutel_prefix = sleutel[:12]
    token.aangemaakt_door = door
    token.full_clean()
    token.save()
    instellingen = " ".join(f"{veld}={_tekst(getattr(token, veld))}" for veld in TOKEN_VELDEN[1:])
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=token,
              toelichting=f"account={token.gebruiker_id} {instellingen}")  # fmt: skip
    return sleutel


@transaction.atomic
def api_token_wijzig(*, token: ApiToken, door, gewijzigd: Iterable[str] = ()) -> ApiToken:
    """Save changed settings of a token (scopes, expiry, revoking); the secret and the account never change."""
    voor = ApiToken.objects.select_for_update().get(pk=token.pk)
    if voor.gebruiker_id != token.gebruiker_id:
        raise ValidationError({"gebruiker": _("Het account van een API-sleutel verandert niet; maak een nieuwe.")})
    token.full_clean()
    token.save()
    wijzigingen = [
        f"{veld}: {_tekst(getattr(voor, veld))} -> {_tekst(getattr(token, veld))}"
        for veld in TOKEN_VELDEN
        if getattr(voor, veld) != getattr(token, veld)
    ]
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=token, toelichting="; ".join(wijzigingen))
    return token


@transaction.atomic
def signaal_extern_registreer(*, door, gemeente, behandelaar: str = "", **gegevens) -> Signaal:
    """Register a signal from a system (API or import): the web's one service, with the handler by username.

    A subject that exactly matches an existing one (signalen/subjecten.py) is reused; on a near
    match a system cannot answer "Bedoelt u ...?", so a new subject is made with what was sent:
    the record keeps what the source said and is never linked to someone else's address. The
    audit event of the link names the near matches, so a user can link them by hand.
    """
    if gemeente.pk not in gemeente_ids(door):
        raise ValidationError({"gemeente": GEMEENTE_NIET_VAN_U})
    gevonden = None
    if behandelaar:
        # By username; an unknown name gets the same answer as an ineligible one (no way to probe accounts).
        gevonden = Gebruiker.objects.filter(username=behandelaar).first()
        if gevonden is None:
            raise ValidationError({"behandelaar": BEHANDELAAR_ONBEKEND})
    return signaal_met_subjecten_registreer(
        door=door, gemeente=gemeente, behandelaar=gevonden, bij_bijna_gelijk=NIEUW, **gegevens
    )


class ImportMislukt(Exception):
    """At least one row failed; nothing was imported. `fouten` maps line number -> field -> messages."""

    def __init__(self, fouten: dict[int, dict[str, list[str]]]):
        super().__init__(f"{len(fouten)} regels met fouten")
        self.fouten = fouten


class _Proefdraai(Exception):
    """Raised to roll back a dry run that succeeded."""


def _import_fouten(fout: ValidationError) -> dict[str, list[str]]:
    if not hasattr(fout, "error_dict"):
        return {"algemeen": list(fout.messages)}
    # "adressen[0].postcode" is simply "postcode" in a file with one address per line.
    return {re.sub(r"^\w+\[0\]\.", "", veld): lijst for veld, lijst in fout.message_dict.items()}


@transaction.atomic
def signalen_importeer(*, door, rijen: list[dict]) -> list[Signaal]:
    """Import a batch of signals, all or nothing: one failing row rolls back every row (ImportMislukt)."""
    signalen, fouten = [], {}
    for rij in rijen:
        try:
            with transaction.atomic():
                signalen.append(signaal_extern_registreer(door=door, **rij_gegevens(rij)))
        except ValidationError as fout:
            fouten[rij["regel"]] = _import_fouten(fout)
    if fouten:
        raise ImportMislukt(fouten)
    audit.log(
        actie=AuditActie.AANMAKEN,
        actor=door,
        object_type="signalen.import",
        toelichting=f"import van {len(signalen)} signalen: {signalen[0].pk}-{signalen[-1].pk}" if signalen else "",
    )
    return signalen


def signalen_import_controleer(*, door, rijen: list[dict]) -> dict[int, dict[str, list[str]]]:
    """Dry run of `signalen_importeer` (same validation, rolled back): the errors per line, empty when all is well."""
    try:
        with transaction.atomic():
            signalen_importeer(door=door, rijen=rijen)
            raise _Proefdraai
    except _Proefdraai:
        return {}
    except ImportMislukt as mislukt:
        return mislukt.fouten
