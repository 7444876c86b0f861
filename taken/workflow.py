"""The status machine of a task: which steps are allowed from each status, and why."""

from django.utils.translation import gettext_lazy as _

from taken.models import TaakStatus

S = TaakStatus

# (from, to) -> why the step is allowed. Everything not listed is refused.
OVERGANGEN: dict[tuple[str, str], str] = {
    (S.OPEN, S.GEREED): _("De eigenaar heeft gedaan wat de taak vraagt en legt dat vast met een notitie."),
    (S.OPEN, S.VERVALLEN): _("De taak is niet meer nodig (de zaak liep anders); de reden staat in de notitie."),
    (S.GEREED, S.OPEN): _("Afgerond bleek niet af: de gemeente heropent de taak."),
}


def mag(van: str, naar: str) -> bool:
    return (van, naar) in OVERGANGEN
