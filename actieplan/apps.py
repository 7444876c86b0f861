from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

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
]


class ActieplanConfig(AppConfig):
    name = "actieplan"
    verbose_name = _("Actieplan")
    # Permissions each role gets for this app's models, granted after every migrate.
    # Beleidsmedewerker owns the plan; coordinator reviews budgets and progress; voorzitter reads.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": _BEHEREN,
        "coordinator": _BEHEREN,
        "voorzitter": _LEZEN,
    }

    def ready(self):
        from ondermijning.navigatie import registreer_mijn_werk

        from . import mijn_werk

        registreer_mijn_werk(mijn_werk.blok)
