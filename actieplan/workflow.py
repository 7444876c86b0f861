"""The status machine of an action in the uitvoeringsplan: nothing but the table, each step with its reason."""

from django.utils.translation import gettext_lazy as _

from actieplan.models import Actie, ActieStatus, ActieStatusWijziging
from ondermijning.workflow import Transitie, Workflow

A = ActieStatus

ACTIE = Workflow(
    model=Actie,
    keuzes=ActieStatus,
    historie=ActieStatusWijziging,
    historie_veld="actie",
    fout_veld="status",
    weigering=_("Van %(van)s naar %(naar)s is geen toegestane statuswijziging."),
    transities=[
        Transitie(
            van=(A.GEPLAND, A.DOORGESCHOVEN, A.AFGEROND),
            naar=A.LOPEND,
            reden=_("Het werk is begonnen, weer opgepakt, of bleek toch nog niet af."),
        ),
        Transitie(
            van=(A.GEPLAND, A.LOPEND, A.DOORGESCHOVEN),
            naar=A.AFGEROND,
            reden=_("De actie is uitgevoerd, ook als dat in één keer ging."),
        ),
        Transitie(
            van=(A.GEPLAND, A.LOPEND),
            naar=A.DOORGESCHOVEN,
            reden=_("De actie gaat naar een volgende periode (ook bij het maken van een vervolgplan)."),
        ),
        Transitie(
            van=(A.LOPEND, A.DOORGESCHOVEN),
            naar=A.GEPLAND,
            reden=_("Een te vroeg gestarte of doorgeschoven actie wordt opnieuw ingepland."),
        ),
    ],
)
