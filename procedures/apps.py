from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_WERK = ["procedures.view_procedure", "procedures.add_procedure", "procedures.change_procedure"]


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Procedures")
    # Permissions each role gets, granted after every migrate. The policy officers and the chair run
    # the procedures; the coordinator follows them; inspectors and partners do not see them.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": _WERK,
        "voorzitter": _WERK,
        "coordinator": ["procedures.view_procedure"],
        "beheerder": [
            *[f"procedures.{p}_proceduresoort" for p in ("view", "add", "change", "delete")],
            *[f"procedures.{p}_stapsjabloon" for p in ("view", "add", "change", "delete")],
            *[f"procedures.{p}_briefsjabloon" for p in ("view", "add", "change", "delete")],
        ],
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from ondermijning import domeinevents

        from . import selectors, services, stappentaken
        from .standaard import na_migreren

        # The standard kinds are configuration every municipality starts from: present after every
        # migrate and after a flush (a test database emptied between tests), made once, never overwritten.
        post_migrate.connect(na_migreren, sender=self, dispatch_uid="procedures_standaardsoorten")

        # A legal procedure is the municipality's own record of a decision: retention never destroys its signal.
        domeinevents.signalen_in_gebruik.connect(services.signalen_met_procedure, dispatch_uid="procedures_bewaren")
        # The Bibob advice term extended on the intervention (signalen): the advice step follows.
        domeinevents.bibob_adviestermijn_verlengd.connect(
            services.adviestermijn_volgen, dispatch_uid="procedures_adviestermijn"
        )
        # A closure's communication task and the intervention's checklist item never disagree.
        domeinevents.taak_afgerond.connect(
            stappentaken.communicatie_taak_afgerond, dispatch_uid="procedures_communicatie"
        )
        domeinevents.communicatietaak_afgerond.connect(
            stappentaken.communicatie_punt_afgerond, dispatch_uid="procedures_communicatiepunt"
        )
        # A closed procedure counts in the internal year overview (actieplan) by its outcome.
        domeinevents.jaarcijfers_gevraagd.connect(
            selectors.jaarcijfers_van_procedures, dispatch_uid="procedures_jaarcijfers"
        )
