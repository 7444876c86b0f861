"""The tasks block on Mijn werk: my open tasks (a partner: its organisation's) by due date, overdue first."""

from django.utils.translation import gettext_lazy as _

from ondermijning.navigatie import MijnWerkBlok
from taken.models import Taak

MAX = 10


def blok(request) -> MijnWerkBlok | None:
    """One query for the rows and one for the count."""
    gebruiker = request.user
    if not gebruiker.has_perm("taken.view_taak"):
        return None
    open_taken = Taak.objects.voor_gebruiker(gebruiker).van(gebruiker).open()
    taken = list(open_taken.select_related("signaal", "eigenaar", "eigenaar_organisatie").op_volgorde()[:MAX])
    aantal = open_taken.count()
    return MijnWerkBlok(
        titel=_("Mijn taken"), template="taken/mijn_werk.html", context={"taken": taken, "aantal": aantal}, volgorde=5
    )
