"""One use case, one service: registering a signal with its subjects, for the web form, the API and the import.

The signal and every subject are saved in one transaction; any refusal leaves nothing behind. On
a near match (signalen/subjecten.py) the web asks "Bedoelt u ...?" (`bij_bijna_gelijk=VRAGEN`:
every question at once, in `SubjectKeuzesNodig`), while a system cannot answer and gets a new
subject with what it sent (`NIEUW`), the audit event of the link naming the near matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from ondermijning.scoping import gemeente_ids
from signalen.models import Signaal
from signalen.services.levenscyclus import signaal_registreer
from signalen.services.subjecten import SubjectKeuzeNodig, adres_koppel, bedrijf_koppel, persoon_koppel
from signalen.subjecten import NIEUW

VRAGEN = "vragen"

GEMEENTE_NIET_VAN_U = gettext_lazy("Dit account kan alleen signalen aanmaken voor gemeenten waarvoor het werkt.")


class SubjectKeuzesNodig(ValidationError):
    """Near matches without a choice: nothing was saved. `vragen` holds one SubjectKeuzeNodig per subject,
    each with `pad` (e.g. "adressen[0]") saying which subject it is about."""

    def __init__(self, vragen: list[SubjectKeuzeNodig]):
        self.vragen = vragen
        super().__init__([vraag.messages[0] for vraag in vragen], code="keuze")


def _met_pad(fout: ValidationError, pad: str) -> ValidationError:
    """A subject's validation error, with each field prefixed by where it sits in the request."""
    if hasattr(fout, "error_dict"):
        return ValidationError({f"{pad}.{veld}": meldingen for veld, meldingen in fout.message_dict.items()})
    return ValidationError({pad: fout.messages})


@transaction.atomic
def signaal_met_subjecten_registreer(
    *,
    door,
    gemeente,
    titel: str,
    omschrijving: str,
    bron: str,
    ontvangen_op: date,
    fenomenen: Iterable = (),
    prioriteit: int | None = None,
    behandelaar=None,
    adressen: Iterable[Mapping] = (),
    bedrijven: Iterable[Mapping] = (),
    personen: Iterable[Mapping] = (),
    bij_bijna_gelijk: str = VRAGEN,
) -> Signaal:
    """Register a signal with its subjects (each a mapping of the koppel service's fields, `keuze` optional).

    Refused as a whole, with field keys like "adressen[0].postcode" for a subject's error, or with
    SubjectKeuzesNodig when a near match needs a choice and `bij_bijna_gelijk` is VRAGEN.
    """
    if bij_bijna_gelijk not in (VRAGEN, NIEUW):
        raise ValueError(f"bij_bijna_gelijk: {bij_bijna_gelijk!r}")
    if gemeente.pk not in gemeente_ids(door):
        raise ValidationError({"gemeente": GEMEENTE_NIET_VAN_U})
    signaal = signaal_registreer(
        door=door,
        gemeente=gemeente,
        titel=titel,
        omschrijving=omschrijving,
        bron=bron,
        ontvangen_op=ontvangen_op,
        fenomenen=fenomenen,
        prioriteit=prioriteit,
        behandelaar=behandelaar,
    )
    vragen: list[SubjectKeuzeNodig] = []
    koppelingen = (("adressen", adressen, adres_koppel), ("bedrijven", bedrijven, bedrijf_koppel))
    koppelingen += (("personen", personen, persoon_koppel),)
    for naam, subjecten, koppel in koppelingen:
        for index, gegevens in enumerate(subjecten):
            gegevens = dict(gegevens)
            if bij_bijna_gelijk == NIEUW and not gegevens.get("keuze"):
                gegevens["keuze"] = NIEUW
            try:
                koppel(signaal=signaal, door=door, **gegevens)
            except SubjectKeuzeNodig as vraag:
                # Ask about every subject at once; the whole registration rolls back below.
                vraag.pad = f"{naam}[{index}]"
                vragen.append(vraag)
            except ValidationError as fout:
                raise _met_pad(fout, f"{naam}[{index}]") from fout
    if vragen:
        raise SubjectKeuzesNodig(vragen)
    signaal.refresh_from_db()
    return signaal
