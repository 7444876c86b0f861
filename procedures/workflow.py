"""The status machine of a procedure: which steps are allowed from each status, and why."""

from django.utils.translation import gettext_lazy as _

from ondermijning.workflow import Handeling, Transitie, Workflow
from procedures.models import Procedure, ProcedureStatus, Procedurestatusovergang

S = ProcedureStatus

PROCEDURE = Workflow(
    model=Procedure,
    keuzes=ProcedureStatus,
    historie=Procedurestatusovergang,
    historie_veld="procedure",
    weigering=_("Een procedure met status '%(van)s' kan niet naar '%(naar)s'."),
    gemeente=lambda procedure: procedure.gemeente_id,
    transities=[
        Transitie(
            van=(S.LOPEND,),
            naar=S.AFGESLOTEN,
            actie="afsluiten",
            permissie="procedures.change_procedure",
            reden=_("Elke stap is gedaan of met een reden overgeslagen: de procedure sluit met haar uitkomst."),
        ),
        Transitie(
            van=(S.LOPEND,),
            naar=S.GESTAAKT,
            actie="staken",
            permissie="procedures.change_procedure",
            reden=_("De procedure stopt voor het besluit (bijvoorbeeld: het pand is al gesloten); met reden."),
        ),
        Transitie(
            van=(S.AFGESLOTEN, S.GESTAAKT),
            naar=S.LOPEND,
            actie="heropenen",
            permissie="procedures.change_procedure",
            reden=_("Een bezwaar of nieuwe feiten heropenen de procedure."),
        ),
    ],
    handelingen=[
        Handeling(
            "stap_vastleggen",
            permissie="procedures.change_procedure",
            in_status=(S.LOPEND,),
            reden=_("Stappen worden vastgelegd zolang de procedure loopt."),
            weigering=_("Een procedure met status '%(status)s' kan geen stappen meer vastleggen."),
        ),
        Handeling(
            "pand_heropenen",
            permissie="procedures.change_procedure",
            in_status=(S.LOPEND, S.AFGESLOTEN),
            reden=_("Een gesloten pand blijft dicht tot de heropening, ook nadat de procedure is afgesloten."),
            weigering=_("Bij een procedure met status '%(status)s' wordt geen heropening vastgelegd."),
        ),
    ],
)
