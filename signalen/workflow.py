"""The status machines of the signalen app: the signal's lifecycle and the RIEC route.

Nothing but the tables: each allowed step says why it is allowed. Services run the steps with
`SIGNAAL.voer_uit(...)` / `RIEC.voer_uit(...)`; templates ask `toegestane_acties`.
"""

from django.utils.translation import gettext_lazy as _

from ondermijning.workflow import Handeling, Transitie, Workflow
from signalen.models import RiecMelding, RiecStatus, Signaal, SignaalStatus, Statusovergang

S = SignaalStatus
OPEN = (S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.RIEC, S.INTERVENTIE)
NA_WEGING = (S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.RIEC, S.INTERVENTIE)

SIGNAAL = Workflow(
    model=Signaal,
    keuzes=SignaalStatus,
    historie=Statusovergang,
    historie_veld="signaal",
    weigering=_("Een signaal met status '%(van)s' kan niet naar '%(naar)s'."),
    transities=[
        Transitie(
            van=(S.GEREGISTREERD,), naar=S.WEGING, reden=_("Een nieuw signaal wordt eerst gewogen (CCV-triage).")
        ),
        Transitie(van=(S.AFGESLOTEN,), naar=S.WEGING, reden=_("Nieuwe informatie heropent een afgesloten signaal.")),
        Transitie(
            van=(S.WEGING, S.OVERLEG, S.RIEC),
            naar=S.OPPLUSSEN,
            reden=_("De weging, het overleg of het RIEC vraagt om meer informatie."),
        ),
        Transitie(
            van=(S.WEGING, S.OPPLUSSEN, S.RIEC, S.INTERVENTIE),
            naar=S.OVERLEG,
            reden=_("Het signaal wordt geagendeerd, of komt terug van het RIEC of een interventie."),
        ),
        Transitie(
            van=(S.OPPLUSSEN, S.OVERLEG),
            naar=S.RIEC,
            reden=_("Het overleg besluit het signaal aan het RIEC voor te leggen."),
        ),
        Transitie(
            van=(S.OVERLEG, S.RIEC),
            naar=S.INTERVENTIE,
            reden=_("Het overleg of het RIEC besluit tot een bestuurlijke interventie."),
        ),
        Transitie(
            van=OPEN,
            naar=S.AFGESLOTEN,
            reden=_("Elk open signaal kan met een afsluitreden worden afgesloten (geen actie, doorverwezen, ...)."),
        ),
        Transitie(
            van=(S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.RIEC, S.INTERVENTIE, S.AFGESLOTEN),
            naar=S.OVERLEG,
            actie="besluit_corrigeren",
            intern=True,
            reden=_("De voorzitter corrigeert een besluit: het signaal gaat terug naar waar het besluit viel."),
        ),
    ],
    handelingen=[
        Handeling(
            "wegen",
            permissie="signalen.add_weging",
            in_status=(S.GEREGISTREERD, S.WEGING),
            reden=_("Wegen kan zolang het signaal nog niet verder is."),
            weigering=_("Alleen een geregistreerd signaal of een signaal in weging kan worden gewogen."),
        ),
        Handeling(
            "opplussen",
            permissie="signalen.add_verrijking",
            in_status=NA_WEGING,
            reden=_("Informatie toevoegen heeft zin na de weging en tot het afsluiten."),
            weigering=_("Opplussen kan pas na de weging en niet meer na het afsluiten."),
        ),
        Handeling(
            "interventie_starten",
            permissie="signalen.add_interventie",
            in_status=OPEN,
            reden=_("Een interventie hoort bij een signaal dat nog loopt."),
            weigering=_("Op een afgesloten signaal kan geen interventie meer worden gestart."),
        ),
        Handeling(
            "riec_opstellen",
            permissie="signalen.add_riecmelding",
            in_status=OPEN,
            reden=_("Een RIEC-signaalformulier hoort bij een signaal dat nog loopt."),
            weigering=_("Op een afgesloten signaal kan geen RIEC-signaalformulier meer worden opgesteld."),
        ),
    ],
)

R = RiecStatus

RIEC = Workflow(
    model=RiecMelding,
    keuzes=RiecStatus,
    weigering=_("Een RIEC-melding met status '%(van)s' kan niet naar '%(naar)s'."),
    gemeente=lambda melding: melding.signaal.gemeente_id,
    transities=[
        Transitie(van=(R.CONCEPT,), naar=R.INGEDIEND, reden=_("Het ingevulde signaalformulier gaat naar het RIEC.")),
        Transitie(
            van=(R.INGEDIEND,), naar=R.BESPROKEN, reden=_("Het RIEC heeft het signaal op het Infoplein besproken.")
        ),
        Transitie(
            van=(R.BESPROKEN,),
            naar=R.INTERVENTIE_DOOR,
            reden=_("Na bespreking wijst het RIEC een partner aan die de interventie uitvoert."),
        ),
        Transitie(
            van=(R.INGEDIEND, R.BESPROKEN, R.INTERVENTIE_DOOR),
            naar=R.TERUGGELEGD,
            reden=_("Het RIEC kan het signaal op elk moment terugleggen bij de gemeente."),
        ),
    ],
    handelingen=[
        Handeling(
            "wijzigen",
            in_status=(R.CONCEPT,),
            reden=_("Alleen een concept kan nog worden aangepast."),
            weigering=_("Een ingediende RIEC-melding kan niet meer worden gewijzigd."),
        ),
    ],
)
