"""The main navigation and the blocks of "Mijn werk", filled in by each app.

An item appears only for the roles that use it, only when the user holds the permission its
view requires (the same one the view's `permission_required` checks, so the menu never leads to
a 403), and only once its page exists (its URL name resolves), so an app that has not landed
yet shows no dead link. tests/test_navigatie.py follows every menu link for every demo role.
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
    permissie: str = ""  # the permission the view requires; "" for a page every role may open
    alleen_staf: bool = False  # the Django admin lets in staff only


def mag_openen(gebruiker, item: NavItem) -> bool:
    """Whether `gebruiker` uses this item and may open its page."""
    if not gebruiker.heeft_rol(*item.rollen):
        return False
    if item.alleen_staf and not gebruiker.is_staff:
        return False
    return not item.permissie or gebruiker.has_perm(item.permissie)


NAVIGATIE = [
    NavItem(_("Mijn werk"), "mijn_werk", (*GEMEENTELIJK, Rol.KETENPARTNER, Rol.BEHEERDER)),
    NavItem(
        _("Signalen"),
        "signalen:lijst",
        (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.COORDINATOR),
        "signalen.view_signaal",
    ),
    NavItem(
        _("Overleggen"),
        "signalen:overleg_lijst",
        (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.KETENPARTNER),
        "signalen.view_overleg",
    ),
    NavItem(_("Controles"), "controles:lijst", (*GEMEENTELIJK, Rol.KETENPARTNER), "controles.view_controle"),
    NavItem(
        _("Theseus"),
        "controles:theseus",
        (Rol.BELEIDSMEDEWERKER, Rol.TOEZICHTHOUDER, Rol.COORDINATOR),
        "controles.view_theseuslabel",
    ),
    NavItem(
        _("Actieplan"),
        "actieplan:lijst",
        (Rol.BELEIDSMEDEWERKER, Rol.VOORZITTER, Rol.COORDINATOR),
        "actieplan.view_uitvoeringsplan",
    ),
    NavItem(
        _("Begroting"), "actieplan:begroting", (Rol.BELEIDSMEDEWERKER, Rol.COORDINATOR), "actieplan.view_begroting"
    ),
    NavItem(
        _("Communicatie"),
        "actieplan:communicatie",
        (Rol.BELEIDSMEDEWERKER, Rol.COORDINATOR),
        "actieplan.view_communicatieitem",
    ),
    NavItem(_("Audit"), "audit_lijst", (Rol.BEHEERDER,), "ondermijning.view_auditevent"),
    NavItem(_("Verstrekkingen"), "verstrekking_lijst", (Rol.BEHEERDER,), "ondermijning.view_verstrekking"),
    NavItem(_("Beheer"), "admin:index", (Rol.BEHEERDER,), alleen_staf=True),
]


def navigatie_voor(gebruiker, huidig_pad: str = "") -> list[dict]:
    """The navigation items `gebruiker` may use, with the active one marked."""
    items = []
    for item in NAVIGATIE:
        if not mag_openen(gebruiker, item):
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
