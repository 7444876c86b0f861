from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ondermijning import domeinevents
from ondermijning.navigatie import registreer_mijn_werk


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = _("Meldingen en exports")
    # Own notifications, preferences and export jobs need no model permission (views filter on
    # the user); the beheerder can look at reminders and jobs in the admin.
    rol_permissies: dict[str, list[str]] = {
        "beheerder": ["meldingen.view_herinnering", "meldingen.view_exportopdracht"],
    }

    def ready(self):
        # Importing the tasks registers them in every process (web, planner), not only in the worker;
        # in ready(), not at module level, because these modules load models (app registry).
        from meldingen import mijn_werk, ontvangers, planner, tasks  # noqa: F401

        registreer_mijn_werk(mijn_werk.blok)
        # A signal destroyed by retention (signalen) takes its reminders with it.
        domeinevents.signaal_vernietigd.connect(
            ontvangers.herinneringen_van_signaal_weg, dispatch_uid="meldingen_signaal_vernietigd"
        )
        planner.start_bij_runserver()
