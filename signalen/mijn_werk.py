"""The signalen block on Mijn werk: awaiting weging, assigned to me, overleg coming up."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ondermijning.navigatie import MijnWerkBlok
from signalen.models import Overleg, Signaal, SignaalStatus

MAX = 5


def blok(request) -> MijnWerkBlok | None:
    """Three short lists in a constant four queries."""
    user = request.user
    if not (user.has_perm("signalen.view_signaal") or user.has_perm("signalen.view_overleg")):
        return None
    context = {"wacht_op_weging": [], "aan_mij": [], "overleggen": [], "kan_signalen": False}
    if user.has_perm("signalen.view_signaal") and not user.is_ketenpartner:
        context["kan_signalen"] = True
        signalen = Signaal.objects.voor_gebruiker(user).select_related("gemeente")
        context["wacht_op_weging"] = list(
            signalen.filter(status__in=[SignaalStatus.GEREGISTREERD, SignaalStatus.WEGING]).order_by(
                "prioriteit", "ontvangen_op"
            )[:MAX]
        )
        context["aan_mij"] = list(
            signalen.open().filter(behandelaar=user).order_by("prioriteit", "-ontvangen_op")[:MAX]
        )
    if user.has_perm("signalen.view_overleg"):
        context["overleggen"] = list(
            Overleg.objects.voor_gebruiker(user).filter(datum__gte=timezone.localdate()).order_by("datum", "pk")[:3]
        )
    return MijnWerkBlok(
        titel=_("Signalen en overleg"), template="signalen/mijn_werk.html", context=context, volgorde=10
    )
