"""The status machine of a control: nothing but the table, each step with the reason it is allowed."""

from django.utils.translation import gettext_lazy as _

from controles.models import Controle, ControleStatus, ControleStatusWijziging
from ondermijning.workflow import Handeling, Transitie, Workflow

C = ControleStatus
OPEN = (C.GEPLAND, C.UITGEVOERD)

CONTROLE = Workflow(
    model=Controle,
    keuzes=ControleStatus,
    historie=ControleStatusWijziging,
    historie_veld="controle",
    weigering=_("Een controle met status '%(van)s' kan niet naar '%(naar)s'."),
    transities=[
        Transitie(
            van=(C.GEPLAND,),
            naar=C.UITGEVOERD,
            actie="uitvoeren",
            reden=_("De controle heeft plaatsgevonden (niet voor de datum); ODRA's kosten worden dan geboekt."),
        ),
        Transitie(
            van=(C.GEPLAND,),
            naar=C.GEANNULEERD,
            actie="annuleren",
            reden=_("Een geplande controle kan met een reden worden afgeblazen."),
        ),
        Transitie(
            van=(C.UITGEVOERD,),
            naar=C.AFGEROND,
            actie="afronden",
            reden=_("Na de uitvoering zijn de bezoeken verwerkt en is de controle af."),
        ),
    ],
    handelingen=[
        Handeling(
            "wijzigen",
            in_status=OPEN,
            permissie="controles.change_controle",
            reden=_("Een lopende controle kan nog worden bijgesteld."),
            weigering=_("Een controle met status '%(status)s' kan niet meer worden gewijzigd."),
        ),
        Handeling(
            "objecten_toevoegen",
            in_status=(C.GEPLAND,),
            reden=_("Welke objecten worden bezocht, ligt vast zodra de controle is uitgevoerd."),
            weigering=_("Objecten toevoegen kan alleen bij een geplande controle."),
        ),
        Handeling(
            "objecten_verwijderen",
            in_status=(C.GEPLAND,),
            reden=_("Welke objecten worden bezocht, ligt vast zodra de controle is uitgevoerd."),
            weigering=_("Objecten verwijderen kan alleen bij een geplande controle."),
        ),
        Handeling(
            "bezoek_registreren",
            in_status=OPEN,
            reden=_("Bezoeken horen bij een controle die niet is afgerond of geannuleerd."),
            weigering=_("Bij een controle met status '%(status)s' kan geen bezoek worden vastgelegd."),
        ),
        Handeling(
            "bezoek_wijzigen",
            in_status=OPEN,
            reden=_("Een bezoek ligt vast zodra de controle is afgesloten."),
            weigering=_("De controle is afgesloten; het bezoek kan niet meer worden gewijzigd."),
        ),
        Handeling(
            "foto_toevoegen",
            in_status=OPEN,
            reden=_("Foto's horen bij een controle die nog loopt."),
            weigering=_("De controle is afgesloten; er kunnen geen foto's meer bij."),
        ),
    ],
)
