from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from PIL import Image

from ondermijning import domeinevents
from ondermijning.navigatie import registreer_mijn_werk


def _perms(acties: str, *modellen: str) -> list[str]:
    return [f"controles.{actie}_{model}" for model in modellen for actie in acties.split()]


_UITVOERING = ("controle", "controleobject", "bezoek", "foto", "checklistantwoord", "theseuslabel")
_LEZEN = (*_UITVOERING, "planningsregel", "bedrijventerrein", "controlestatuswijziging")


class ControlesConfig(AppConfig):
    name = "controles"
    verbose_name = _("Controles")
    # Permissions each role gets for this app's models, granted after every migrate.
    # Inspectors and policy officers plan and carry out controls; the coordinator reads;
    # a ketenpartner reads the joint controls shared with it (scoping limits which).
    rol_permissies: dict[str, list[str]] = {
        "toezichthouder": _perms("view", *_LEZEN) + _perms("add change", *_UITVOERING),
        "beleidsmedewerker": _perms("view", *_LEZEN)
        + _perms("add change", *_UITVOERING)
        + _perms("add change", "planningsregel", "bedrijventerrein"),
        "coordinator": _perms("view", *_LEZEN),
        "ketenpartner": _perms("view", "controle", "controleobject"),
        "beheerder": _perms(
            "view add change delete", "checklistsjabloon", "checklistvraag", "bedrijventerrein", "planningsregel"
        ),
    }

    def ready(self):
        # Imported in ready(), not at module level: these modules load models, which the app registry
        # allows only once every app is loaded.
        from . import mijn_werk, ontvangers, services

        # A decision of the overleg ("controle plannen") plans a control; a correction withdraws it.
        domeinevents.besluit_genomen.connect(
            services.controle_plan_voor_besluit, dispatch_uid="controles_besluit_genomen"
        )
        domeinevents.besluit_ingetrokken.connect(
            services.controle_trek_in_voor_besluit, dispatch_uid="controles_besluit_ingetrokken"
        )
        # signalen's "ook bekend in" shows the visits at the same addresses and businesses.
        domeinevents.bezoeken_bij_subjecten.connect(
            ontvangers.bezoeken_voor_ook_bekend_in, dispatch_uid="controles_bezoeken_bij_subjecten"
        )

        # Pillow's decompression-bomb guard at the photo limit instead of its default of ~89
        # megapixels: it warns above this and refuses above twice this, for every image opened.
        Image.MAX_IMAGE_PIXELS = services.FOTO_MAX_PIXELS

        registreer_mijn_werk(mijn_werk.vandaag_blok)
        registreer_mijn_werk(mijn_werk.ritme_blok)
