"""The main navigation and the blocks of "Mijn werk", filled in by each app.

An item appears only for the roles that use it and only once its page exists (its URL name
resolves), so an app that has not landed yet shows no dead link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ondermijning.scoping import Rol

GEMEENTELIJK = (Rol.BELEIDSMEDEWERKER, Rol.TOEZICHTHOUDER, Rol.VOORZITTER, Rol.COORDINATOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_naam: str
    rollen: tuple[Rol, ...]


NAVIGATIE = [
    NavItem(_("Mijn werk"), "mijn_werk", (*GEMEENTELIJK, Rol.KETENPARTNER, Rol.BEHEERDER)),
    NavItem(_("Signalen"), "signalen:lijst", (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.COORDINATOR)),
    NavItem(_("Overleggen"), "signalen:overleg_lijst", (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.KETENPARTNER)),
    NavItem(_("Controles"), "controles:lijst", (*GEMEENTELIJK, Rol.KETENPARTNER)),
    NavItem(_("Theseus"), "controles:theseus", (Rol.BELEIDSMEDEWERKER, Rol.TOEZICHTHOUDER, Rol.COORDINATOR)),
    NavItem(_("Actieplan"), "actieplan:lijst", (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.COORDINATOR)),
    NavItem(_("Begroting"), "actieplan:begroting", (Rol.BELEIDSMEDEWERKER, Rol.COORDINATOR)),
    NavItem(_("Communicatie"), "actieplan:communicatie", (Rol.BELEIDSMEDEWERKER, Rol.COORDINATOR)),
    NavItem(_("Audit"), "audit_lijst", (Rol.BEHEERDER,)),
    NavItem(_("Verstrekkingen"), "verstrekking_lijst", (Rol.BEHEERDER,)),
    NavItem(_("Beheer"), "admin:index", (Rol.BEHEERDER,)),
]


def navigatie_voor(user, huidig_pad: str = "") -> list[dict]:
    """The navigation items `user` may use, with the active one marked."""
    items = []
    for item in NAVIGATIE:
        if not user.heeft_rol(*item.rollen):
            continue
        try:
            url = reverse(item.url_naam)
        except NoReverseMatch:
            continue
        actief = huidig_pad == url if url == "/" else huidig_pad.startswith(url)
        items.append({"label": item.label, "url": url, "actief": actief})
    return items


@dataclass
class MijnWerkBlok:
    """One block on Mijn werk: a title, a template and its context."""

    titel: str
    template: str
    context: dict
    volgorde: int = 50


# Each app registers functions `(request) -> MijnWerkBlok | None` in its AppConfig.ready().
MIJN_WERK: list[Callable] = []


def registreer_mijn_werk(functie: Callable) -> Callable:
    """Register a provider of a Mijn werk block (usable as a decorator)."""
    if functie not in MIJN_WERK:
        MIJN_WERK.append(functie)
    return functie


def mijn_werk_blokken(request) -> list[MijnWerkBlok]:
    blokken = [b for b in (functie(request) for functie in MIJN_WERK) if b is not None]
    return sorted(blokken, key=lambda b: b.volgorde)
