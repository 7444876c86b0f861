"""The beheerder's block on Mijn werk: grants of roles and municipalities waiting for a second pair of eyes."""

from django.utils.translation import gettext_lazy as _

from ondermijning.models import Toekenningsverzoek
from ondermijning.navigatie import MijnWerkBlok

MAX = 5


def blok(request) -> MijnWerkBlok | None:
    """Open requests this beheerder may decide on (not its own, not about itself), in one query."""
    if not request.user.has_perm("ondermijning.change_toekenningsverzoek"):
        return None
    verzoeken = list(
        Toekenningsverzoek.objects.te_beoordelen_door(request.user)
        .select_related("gebruiker", "gemeente", "aangevraagd_door")
        .order_by("created_at", "pk")[: MAX + 1]
    )
    return MijnWerkBlok(
        titel=_("Wacht op uw goedkeuring"),
        template="ondermijning/mijn_werk_goedkeuring.html",
        context={"verzoeken": verzoeken[:MAX], "meer": len(verzoeken) > MAX},
        volgorde=8,
    )
