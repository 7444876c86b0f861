from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _perms(acties: str, *modellen: str) -> list[str]:
    return [f"signalen.{actie}_{model}" for model in modellen for actie in acties.split()]


_SUBJECTEN = ("adres", "bedrijf", "persoon")
_WERK = ("signaal", "weging", "verrijking", "overleg", "agendapunt", "riecmelding", "interventie", "communicatietaak")
_LEZEN = _perms("view", *_WERK, *_SUBJECTEN, "statusovergang", "fenomeen", "damoclesladder")


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
        "coordinator": [*_LEZEN, "signalen.exporteer_signalen"],
        "ketenpartner": _perms("view", "overleg", "agendapunt"),
        "beheerder": _perms("view add change delete", "fenomeen", "damoclesladder"),
    }

    def ready(self):
        from ondermijning.navigatie import registreer_mijn_werk

        from . import mijn_werk

        registreer_mijn_werk(mijn_werk.blok)
