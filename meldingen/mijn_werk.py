"""The meldingen block on Mijn werk: the latest unread notifications, in one query."""

from django.utils.translation import gettext_lazy as _

from meldingen.models import Notificatie
from ondermijning.navigatie import MijnWerkBlok

MAX = 5


def blok(request) -> MijnWerkBlok | None:
    """Latest unread notifications of this user."""
    ongelezen = list(Notificatie.objects.voor_gebruiker(request.user).ongelezen()[: MAX + 1])
    return MijnWerkBlok(
        titel=_("Meldingen"),
        template="meldingen/mijn_werk.html",
        context={"notificaties": ongelezen[:MAX], "meer": len(ongelezen) > MAX},
        volgorde=5,
    )
