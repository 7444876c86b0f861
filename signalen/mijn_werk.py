"""The signalen block on Mijn werk: awaiting weging, assigned to me, overleg coming up."""

from django.utils.translation import gettext_lazy as _

from ondermijning import klok
from ondermijning.navigatie import MijnWerkBlok
from signalen.models import Overleg, Signaal

MAX = 5


def blok(request) -> MijnWerkBlok | None:
    """Three short lists in a constant four queries."""
    gebruiker = request.user
    if not (gebruiker.has_perm("signalen.view_signaal") or gebruiker.has_perm("signalen.view_overleg")):
        return None
    context = {"wacht_op_weging": [], "aan_mij": [], "overleggen": [], "kan_signalen": False}
    if gebruiker.has_perm("signalen.view_signaal") and not gebruiker.is_ketenpartner:
        context["kan_signalen"] = True
        signalen = Signaal.objects.voor_gebruiker(gebruiker).select_related("gemeente")
        context["wacht_op_weging"] = list(signalen.wacht_op_weging().order_by("prioriteit", "ontvangen_op")[:MAX])
        context["aan_mij"] = list(
            signalen.open().filter(behandelaar=gebruiker).order_by("prioriteit", "-ontvangen_op")[:MAX]
        )
    if gebruiker.has_perm("signalen.view_overleg"):
        context["overleggen"] = list(
            Overleg.objects.voor_gebruiker(gebruiker).filter(datum__gte=klok.vandaag()).order_by("datum", "pk")[:3]
        )
    return MijnWerkBlok(
        titel=_("Signalen en overleg"), template="signalen/mijn_werk.html", context=context, volgorde=10
    )
