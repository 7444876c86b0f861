"""actieplan's answers to the core's domain events (connected in ActieplanConfig.ready).

Lower apps never import actieplan: a control carried out (controles) and a Bibob advice requested
(signalen) book their costs here, and retention (signalen) asks which signals an action names.
"""

from actieplan.models import Actie
from actieplan.services import uitgave_boek_bibob_advies, uitgave_boek_odra_controle
from ondermijning.models import OrganisatieType


def odra_kosten_boeken(sender, *, controle, door, **kwargs):
    """ODRA's participation in a control carried out goes on the municipality's budget (once)."""
    if not controle.kosten or controle.kosten <= 0:
        return None
    if not controle.deelnemende_organisaties.filter(type=OrganisatieType.OMGEVINGSDIENST).exists():
        return None
    return uitgave_boek_odra_controle(controle=controle, door=door)


def bibob_advies_boeken(sender, *, interventie, door, **kwargs):
    """A requested Landelijk Bureau Bibob advice costs EUR 700 (once per intervention)."""
    return uitgave_boek_bibob_advies(interventie=interventie, door=door)


def signalen_van_acties(sender, **kwargs):
    """The signals an action of a plan names: the municipality's own record, never destroyed by retention."""
    return Actie.signalen.through.objects.values("signaal_id")
