from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ondermijning.navigatie import registreer_mijn_werk


def _perms(acties: str, *modellen: str) -> list[str]:
    return [f"signalen.{actie}_{model}" for model in modellen for actie in acties.split()]


_SUBJECTEN = ("adres", "bedrijf", "persoon")
_WERK = ("signaal", "weging", "verrijking", "overleg", "agendapunt", "riecmelding", "interventie", "communicatietaak")
_LEZEN = _perms("view", *_WERK, *_SUBJECTEN, "statusovergang", "fenomeen", "damoclesladder")
# Need-to-know on person data (names, dates of birth), decided in signalen.selectors.
# mag_persoonsgegevens_zien: only the roles that act on persons hold this permission. The
# beleidsmedewerker weighs and enriches signals and prepares the RIEC form; the voorzitter
# decides in the overleg and signs the RIEC form. The coordinator reviews budgets and progress
# (counts, statuses), for which who a signal is about is not needed; the toezichthouder reports
# and inspects addresses and businesses and never reads the signal list; partners see persons
# only on an agenda item shared with them on a legal basis (see the disclosure register).
PERSONEN_ZIEN = "signalen.view_persoon"


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = _("Signalen")
    # Permissions each role gets for this app's models, granted after every migrate.
    # Beleidsmedewerker does the daily work; the voorzitter runs the overleg, decides and exports
    # the RIEC form; the coordinator reads; an inspector only reports (/melden/ needs no
    # permission) and never sees the list (need-to-know); a partner reads overleg agenda items shared with it
    # (scoping limits which); the beheerder keeps the reference lists.
    rol_permissies: dict[str, list[str]] = {
        "beleidsmedewerker": [
            *_LEZEN,
            *_perms("add change", *_WERK, *_SUBJECTEN),
            "signalen.exporteer_riec",
            "signalen.exporteer_signalen",
        ],
        "voorzitter": [
            *_LEZEN,
            *_perms("add change", "overleg", "agendapunt", "riecmelding"),
            "signalen.exporteer_riec",
        ],
        "coordinator": [*(p for p in _LEZEN if p != PERSONEN_ZIEN), "signalen.exporteer_signalen"],
        "ketenpartner": _perms("view", "overleg", "agendapunt"),
        "beheerder": [
            *_perms("view add change delete", "fenomeen", "damoclesladder"),
            *_perms("view change", "bewaartermijn"),
            "signalen.view_vernietigdsignaal",
        ],
    }

    def ready(self):
        # Imported in ready(), not at module level: these modules load models, which the app registry
        # allows only once every app is loaded.
        from . import exports, mijn_werk

        registreer_mijn_werk(mijn_werk.blok)
        exports.registreer()
