from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_WERK = ["taken.view_taak", "taken.add_taak", "taken.change_taak", "taken.afronden_taak"]


class TakenConfig(AppConfig):
    name = "taken"
    verbose_name = _("Taken")
    # Permissions each role gets, granted after every migrate. Municipal roles plan and do the work;
    # a ketenpartner sees only its organisation's tasks (scoping) and can only complete them.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": _WERK,
        "voorzitter": _WERK,
        "toezichthouder": _WERK,
        "coordinator": _WERK,
        "ketenpartner": ["taken.view_taak", "taken.afronden_taak"],
    }

    def ready(self):
        from ondermijning import domeinevents
        from ondermijning.navigatie import registreer_mijn_werk

        from . import mijn_werk, services

        # Decisions of the overleg name work where a person must act (see taken.besluiten). This app
        # comes after controles in INSTALLED_APPS, so the control of "controle plannen" exists by then.
        domeinevents.besluit_genomen.connect(services.taken_voor_besluit, dispatch_uid="taken_besluit_genomen")
        domeinevents.besluit_ingetrokken.connect(
            services.taken_trek_in_voor_besluit, dispatch_uid="taken_besluit_ingetrokken"
        )
        domeinevents.signaal_vernietigd.connect(
            services.taken_vernietig_voor_signaal, dispatch_uid="taken_signaal_vernietigd"
        )
        registreer_mijn_werk(mijn_werk.blok)
