from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ondermijning import domeinevents
from ondermijning.navigatie import registreer_mijn_werk

_LEZEN = [
    "actieplan.view_uitvoeringsplan",
    "actieplan.view_thema",
    "actieplan.view_actie",
    "actieplan.view_kostenpost",
    "actieplan.view_communicatieitem",
]
_BEHEREN = [
    *_LEZEN,
    "actieplan.add_uitvoeringsplan",
    "actieplan.change_uitvoeringsplan",
    "actieplan.change_actie",
    "actieplan.add_actie",
    "actieplan.view_begroting",
    "actieplan.change_begroting",
    "actieplan.view_uitgave",
    "actieplan.add_uitgave",
    "actieplan.add_communicatieitem",
    "actieplan.change_communicatieitem",
    # The year in public: the communication officer writes the edition, both fill in the evaluation.
    "actieplan.view_publiekeeditie",
    "actieplan.add_publiekeeditie",
    "actieplan.change_publiekeeditie",
    "actieplan.view_evaluatie",
    "actieplan.add_evaluatie",
    "actieplan.change_evaluatie",
]


class ActieplanConfig(AppConfig):
    name = "actieplan"
    verbose_name = _("Actieplan")
    # Permissions each role gets for this app's models, granted after every migrate.
    # Beleidsmedewerker owns the plan; coordinator reviews budgets and progress; voorzitter reads.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": _BEHEREN,
        # Only the coordinator adopts (stelt vast) a public edition and an evaluation.
        "coordinator": [*_BEHEREN, "actieplan.vaststellen_publiekeeditie", "actieplan.vaststellen_evaluatie"],
        # The beheerder uploads the municipality's logo and sets the small-count threshold.
        "beheerder": [
            "actieplan.view_publiekprofiel",
            "actieplan.add_publiekprofiel",
            "actieplan.change_publiekprofiel",
        ],
        "voorzitter": _LEZEN,
    }

    def ready(self):
        # Imported in ready(), not at module level: these modules load models, which the app registry
        # allows only once every app is loaded.
        from . import exports, mijn_werk, ontvangers

        registreer_mijn_werk(mijn_werk.blok)
        exports.registreer()
        # Costs that lower apps cause, and the signals retention must keep (ondermijning/domeinevents.py).
        domeinevents.controle_uitgevoerd.connect(ontvangers.odra_kosten_boeken, dispatch_uid="actieplan_odra")
        domeinevents.bibob_advies_aangevraagd.connect(ontvangers.bibob_advies_boeken, dispatch_uid="actieplan_bibob")
        domeinevents.signalen_in_gebruik.connect(ontvangers.signalen_van_acties, dispatch_uid="actieplan_bewaren")
