"""The bell's count, rendered in the page itself (issue 21: no second request per page for it)."""

import functools

from meldingen.models import Notificatie
from ondermijning.beveiliging import volledig_ingelogd


def bel(request):
    """The number of unread notifications, counted once and only when a template shows the bell."""
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not volledig_ingelogd(gebruiker):
        return {}

    @functools.cache
    def aantal() -> int:
        # A callable: the template calls it when it renders the bell (never for htmx fragments).
        return Notificatie.objects.voor_gebruiker(gebruiker).ongelezen().count()

    return {"bel_geladen": True, "bel_aantal": aantal}
