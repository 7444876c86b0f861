"""The status machine of a task: nothing but the table, each step with the reason it is allowed."""

from django.utils.translation import gettext_lazy as _

from ondermijning.workflow import Handeling, Transitie, Workflow
from taken.models import Taak, TaakStatus

S = TaakStatus

TAAK = Workflow(
    model=Taak,
    keuzes=TaakStatus,
    weigering=_("Een taak met status '%(van)s' kan niet naar '%(naar)s'."),
    gemeente=lambda taak: taak.gemeente_id,
    transities=[
        Transitie(
            van=(S.OPEN,),
            naar=S.GEREED,
            actie="afronden",
            permissie="taken.afronden_taak",
            reden=_("De eigenaar heeft gedaan wat de taak vraagt en legt dat vast met een notitie."),
        ),
        Transitie(
            van=(S.OPEN,),
            naar=S.VERVALLEN,
            actie="laten_vervallen",
            permissie="taken.change_taak",
            reden=_("De taak is niet meer nodig (de zaak liep anders); de reden staat in de notitie."),
        ),
        Transitie(
            van=(S.GEREED,),
            naar=S.OPEN,
            actie="heropenen",
            permissie="taken.change_taak",
            reden=_("Afgerond bleek niet af: de gemeente heropent de taak."),
        ),
    ],
    handelingen=[
        Handeling(
            "wijzigen",
            in_status=(S.OPEN,),
            permissie="taken.change_taak",
            reden=_("Omschrijving, termijn en eigenaar liggen vast zodra de taak is afgerond of vervallen."),
            weigering=_("Alleen een open taak kan worden gewijzigd."),
        ),
    ],
)
