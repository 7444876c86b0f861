from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_WERK = ["documenten.view_document", "documenten.add_document", "documenten.vertrouwelijk_document"]


class DocumentenConfig(AppConfig):
    name = "documenten"
    verbose_name = _("Documenten")
    # Permissions each role gets, granted after every migrate. Which documents a user reaches also
    # depends on whether they may open the signal or control (see DocumentQuerySet). The coordinator
    # reads internal documents only; partners and the beheerder none.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": _WERK,
        "voorzitter": _WERK,
        "toezichthouder": _WERK,
        "coordinator": ["documenten.view_document"],
    }

    def ready(self):
        from ondermijning import domeinevents

        from . import services

        domeinevents.signaal_vernietigd.connect(
            services.documenten_vernietig_voor_signaal, dispatch_uid="documenten_signaal_vernietigd"
        )
