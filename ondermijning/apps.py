from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ondermijning.navigatie import registreer_mijn_werk


class OndermijningConfig(AppConfig):
    name = "ondermijning"
    verbose_name = _("Kern")
    rol_permissies = {
        "beheerder": [
            "ondermijning.view_gebruiker",
            "ondermijning.add_gebruiker",
            "ondermijning.change_gebruiker",
            "ondermijning.view_gemeente",
            "ondermijning.add_gemeente",
            "ondermijning.change_gemeente",
            "ondermijning.view_samenwerkingsverband",
            "ondermijning.add_samenwerkingsverband",
            "ondermijning.change_samenwerkingsverband",
            "ondermijning.view_organisatie",
            "ondermijning.add_organisatie",
            "ondermijning.change_organisatie",
            "ondermijning.view_auditevent",
            "ondermijning.view_verstrekking",
            "ondermijning.view_toekenningsverzoek",
            "ondermijning.change_toekenningsverzoek",
        ],
    }

    def ready(self):
        # In ready(), not at module level: these modules load models (app registry); signals connects the receivers.
        from ondermijning import mijn_werk, rollen, signals  # noqa: F401

        registreer_mijn_werk(mijn_werk.blok)

        post_migrate.connect(rollen.ken_permissies_toe, dispatch_uid="ondermijning_rollen")
