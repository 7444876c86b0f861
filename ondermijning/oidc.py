"""Login through the municipality's identity provider (OpenID Connect), on top of mozilla-django-oidc.

Authorization-code flow with PKCE; state and nonce are checked by mozilla-django-oidc, the ID token's
RS256 signature (keys from the provider's JWKS), issuer, audience and expiry here. The configuration is
one `OidcProvider` row edited in the admin; environment variables (`OIDC_ISSUER` and friends, see
settings) override it for a fixed deployment.

Roles and municipalities follow the groups claim on every login (`gebruiker_via_oidc`): the identity
provider decides them, so they apply at once and are audited, without the beheerder's four-eyes
approval that role grants made in the admin need. Roles a beheerder adds by hand to a provider
account are taken away again at its next login. A user in no mapped group gets no access.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from ondermijning import audit
from ondermijning.models import AuditActie, Gemeente, OidcProvider
from ondermijning.scoping import Rol

logger = logging.getLogger(__name__)

ALGORITME = "RS256"
KLOKSPELING = 30  # seconds of clock skew allowed on exp/iat
# Claims only the ID token may carry: the userinfo response must not override them.
ID_TOKEN_CLAIMS = ("iss", "aud", "azp", "exp", "iat", "nonce", "acr", "amr", "auth_time", "sub")


@dataclass(frozen=True)
class Config:
    naam: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    claim_gebruikersnaam: str = "preferred_username"
    claim_groepen: str = "groups"
    telt_als_tweede_factor: bool = False
    wachtwoord_inloggen_uit: bool = False
    contact_toegang: str = "de functioneel beheerder Ondermijning van uw gemeente"
    rollen: dict[str, frozenset[str]] = field(default_factory=dict)  # group -> role names
    gemeenten: dict[str, frozenset[str]] = field(default_factory=dict)  # group -> CBS codes


def _uit_omgeving() -> Config:
    def koppeling(paren: dict) -> dict[str, frozenset[str]]:
        return {groep: frozenset(waarde.split("|")) for groep, waarde in paren.items()}

    return Config(
        naam=settings.OIDC_NAAM,
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_RP_CLIENT_ID,
        client_secret=settings.OIDC_RP_CLIENT_SECRET,
        scopes=settings.OIDC_RP_SCOPES,
        claim_gebruikersnaam=settings.OIDC_CLAIM_GEBRUIKERSNAAM,
        claim_groepen=settings.OIDC_CLAIM_GROEPEN,
        telt_als_tweede_factor=settings.OIDC_TELT_ALS_TWEEDE_FACTOR,
        wachtwoord_inloggen_uit=settings.WACHTWOORD_INLOGGEN_UIT,
        contact_toegang=settings.OIDC_CONTACT_TOEGANG,
        rollen=koppeling(settings.OIDC_ROLLEN),
        gemeenten=koppeling(settings.OIDC_GEMEENTEN),
    )


def huidige_config() -> Config | None:
    """The active provider: from the environment when OIDC_ISSUER is set, else the admin's row; None if none."""
    if settings.OIDC_ISSUER:
        return _uit_omgeving()
    provider = OidcProvider.objects.filter(actief=True).first()
    if provider is None:
        return None
    rollen: dict[str, set[str]] = {}
    gemeenten: dict[str, set[str]] = {}
    for groep, rol, cbs_code in provider.groepen.values_list("groep", "rol", "gemeente__cbs_code"):
        if rol:
            rollen.setdefault(groep, set()).add(rol)
        if cbs_code:
            gemeenten.setdefault(groep, set()).add(cbs_code)
    return Config(
        naam=provider.naam,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scopes=provider.scopes,
        claim_gebruikersnaam=provider.claim_gebruikersnaam,
        claim_groepen=provider.claim_groepen,
        telt_als_tweede_factor=provider.telt_als_tweede_factor,
        wachtwoord_inloggen_uit=provider.wachtwoord_inloggen_uit or settings.WACHTWOORD_INLOGGEN_UIT,
        contact_toegang=provider.contact_toegang,
        rollen={k: frozenset(v) for k, v in rollen.items()},
        gemeenten={k: frozenset(v) for k, v in gemeenten.items()},
    )


def wachtwoord_inloggen_uit() -> bool:
    """Whether password login is off for everyone but break-glass accounts (only with an active provider)."""
    config = huidige_config()
    return config is not None and config.wachtwoord_inloggen_uit


def discovery(config: Config) -> dict:
    """The provider's metadata (endpoints, JWKS URI), cached for an hour; its issuer must be ours exactly."""
    sleutel = "oidc-discovery:" + hashlib.sha256(config.issuer.encode()).hexdigest()
    metadata = cache.get(sleutel)
    if metadata is None:
        antwoord = requests.get(config.issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=10)
        antwoord.raise_for_status()
        metadata = antwoord.json()
        if metadata.get("issuer", "").rstrip("/") != config.issuer.rstrip("/"):
            raise SuspiciousOperation("issuer in discovery document differs from the configured issuer")
        cache.set(sleutel, metadata, 3600)
    return metadata


def instellingen(config: Config) -> dict:
    """mozilla-django-oidc's settings for this provider (it reads them through `get_settings`)."""
    metadata = discovery(config)
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": metadata["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": metadata["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": metadata.get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": metadata["jwks_uri"],
        "OIDC_OP_END_SESSION_ENDPOINT": metadata.get("end_session_endpoint"),
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SIGN_ALGO": ALGORITME,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_VERIFY_KID": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint for the provider's logout
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_TIMEOUT": 10,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_callback",
    }


class InloggenGeweigerd(Exception):
    """The provider login is refused; `reden` goes to the audit trail (codes only), the page explains."""

    def __init__(self, reden: str, *, geen_toegang: bool = False):
        super().__init__(reden)
        self.reden = reden
        self.geen_toegang = geen_toegang


class OngeldigToken(SuspiciousOperation):
    def __init__(self, reden: str):
        super().__init__(reden)
        self.reden = reden


def rollen_en_gemeenten(config: Config, claims: dict) -> tuple[set[str], set[str]]:
    """The roles and CBS codes the user's groups claim maps to."""
    groepen = claims.get(config.claim_groepen) or []
    if isinstance(groepen, str):
        groepen = [groepen]
    rollen = {rol for groep in groepen for rol in config.rollen.get(groep, ())}
    gemeenten = {code for groep in groepen for code in config.gemeenten.get(groep, ())}
    return rollen & set(Rol.values), gemeenten


def _verschil(oud: set[str], nieuw: set[str]) -> str:
    return " ".join([f"+{x}" for x in sorted(nieuw - oud)] + [f"-{x}" for x in sorted(oud - nieuw)])


@transaction.atomic
def gebruiker_via_oidc(*, config: Config, claims: dict):
    """Find or provision the user of verified `claims` and bring roles and municipalities in line with the
    groups claim (audited). Raises InloggenGeweigerd when the user may not log in."""
    Gebruiker = get_user_model()
    sub = claims.get("sub")
    gebruikersnaam = claims.get(config.claim_gebruikersnaam)
    if not sub or not gebruikersnaam:
        raise InloggenGeweigerd("claim ontbreekt")
    rollen, gemeente_codes = rollen_en_gemeenten(config, claims)

    gebruiker = Gebruiker.objects.select_for_update().filter(oidc_sub=sub).first()
    if gebruiker is None:
        gebruiker = Gebruiker.objects.select_for_update().filter(username=gebruikersnaam).first()
        if gebruiker is not None:
            # An existing local account of that name is taken over once, unless it is a break-glass,
            # superuser or system account, or already tied to another identity at the provider.
            if gebruiker.oidc_sub or gebruiker.noodaccount or gebruiker.is_superuser or gebruiker.is_systeemaccount:
                raise InloggenGeweigerd("gebruikersnaam bezet door lokaal account")
            gebruiker.oidc_sub = sub
            gebruiker.save(update_fields=["oidc_sub"])
            audit.log(actie=AuditActie.WIJZIGEN, actor=gebruiker, obj=gebruiker,
                      toelichting="lokaal account gekoppeld aan identity provider")  # fmt: skip
    if gebruiker is None:
        if not rollen:
            raise InloggenGeweigerd("geen gekoppelde groep", geen_toegang=True)
        gebruiker = Gebruiker.objects.create_user(gebruikersnaam, oidc_sub=sub)
        gebruiker.set_unusable_password()
        gebruiker.save(update_fields=["password"])
        audit.log(actie=AuditActie.AANMAKEN, actor=gebruiker, obj=gebruiker, toelichting="via identity provider")
    if not gebruiker.is_active:
        raise InloggenGeweigerd("account gedeactiveerd")

    gebruiker.email = claims.get("email", gebruiker.email) or ""
    gebruiker.first_name = (claims.get("given_name") or claims.get("name") or "")[:150]
    gebruiker.last_name = (claims.get("family_name") or "")[:150]
    gebruiker.is_staff = Rol.BEHEERDER in rollen
    gebruiker.save(update_fields=["email", "first_name", "last_name", "is_staff"])

    oude_rollen = set(gebruiker.groups.filter(name__in=Rol.values).values_list("name", flat=True))
    oude_gemeenten = set(gebruiker.gemeenten.values_list("cbs_code", flat=True))
    if oude_rollen != rollen:
        gebruiker.groups.remove(*Group.objects.filter(name__in=oude_rollen - rollen))
        gebruiker.groups.add(*Group.objects.filter(name__in=rollen - oude_rollen))
    if oude_gemeenten != gemeente_codes:
        gebruiker.gemeenten.set(Gemeente.objects.filter(cbs_code__in=gemeente_codes))
    if oude_rollen != rollen or oude_gemeenten != gemeente_codes:
        audit.log(
            actie=AuditActie.WIJZIGEN, actor=gebruiker, obj=gebruiker,
            toelichting=f"via identity provider; rollen: {_verschil(oude_rollen, rollen) or '='}; "
                        f"gemeenten: {_verschil(oude_gemeenten, gemeente_codes) or '='}",
        )  # fmt: skip
    gebruiker.__dict__.pop("rollen", None)
    return gebruiker


def heeft_rol(gebruiker) -> bool:
    return gebruiker.groups.filter(name__in=Rol.values).exists()


class WachtwoordBackend(ModelBackend):
    """Password login; refused for all but break-glass accounts when the beheerder switched it off."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        gebruiker = super().authenticate(request, username=username, password=password, **kwargs)
        if gebruiker is not None and not gebruiker.noodaccount and wachtwoord_inloggen_uit():
            return None
        return gebruiker


BACKEND_ATTRIBUTEN = (
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_RP_SIGN_ALGO",
    "OIDC_RP_IDP_SIGN_KEY",
)


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the configuration from `huidige_config` and a strict ID token check."""

    def __init__(self, *args, **kwargs):
        # Django builds a backend for every request (get_user): no configuration is read here.
        self.UserModel = get_user_model()
        self.instellingen: dict = {}

    def get_settings(self, attr, *args):
        if attr in self.instellingen:
            return self.instellingen[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs:
            return None  # not the OIDC callback (a password login)
        self.config = huidige_config()
        if self.config is None:
            return None
        self.instellingen = instellingen(self.config)
        for naam in BACKEND_ATTRIBUTEN:
            setattr(self, naam, self.instellingen[naam])
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature with the provider's key, and issuer, audience and expiry (mozilla-django-oidc skips aud)."""
        if jwt.get_unverified_header(payload).get("alg") != ALGORITME:
            raise OngeldigToken("algoritme")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[ALGORITME],
                audience=self.config.client_id,
                issuer=discovery(self.config)["issuer"],
                leeway=KLOKSPELING,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as fout:
            raise OngeldigToken("verlopen") from fout
        except jwt.InvalidAudienceError as fout:
            raise OngeldigToken("audience") from fout
        except jwt.InvalidSignatureError as fout:
            raise OngeldigToken("handtekening") from fout
        except jwt.InvalidIssuerError as fout:
            raise OngeldigToken("issuer") from fout
        except jwt.InvalidTokenError as fout:
            raise OngeldigToken("ongeldig") from fout
        meerdere = isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1
        if meerdere and claims.get("azp") != self.config.client_id:
            raise OngeldigToken("azp")
        return claims

    def verify_token(self, token, **kwargs):
        """The verified ID token claims; remembered on the request for the audit trail (acr/amr)."""
        try:
            kop = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as fout:
            raise OngeldigToken("ongeldig") from fout
        if kop.get("alg") != ALGORITME:
            raise OngeldigToken("algoritme")  # before any key is looked up: no 'none', no HS256 with the secret
        claims = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is not None:
            self.request.oidc_id_claims = claims
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed with the userinfo endpoint's (Keycloak and oidc-provider put the
        groups there; Entra ID puts them in the ID token)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise OngeldigToken("userinfo sub")
            claims.update({k: v for k, v in info.items() if k not in ID_TOKEN_CLAIMS})
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        gebruiker = gebruiker_via_oidc(config=self.config, claims=self.get_userinfo(access_token, id_token, payload))
        if not heeft_rol(gebruiker):
            # After the roles were taken away (committed and audited): no access any more.
            raise InloggenGeweigerd("geen gekoppelde groep", geen_toegang=True)
        return gebruiker

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)  # refuses an inactive user, unlike mozilla-django-oidc's


def eind_sessie_url(request, id_token: str) -> str | None:
    """The provider's end_session_endpoint for RP-initiated logout, back to our login page; None if it has none."""
    config = huidige_config()
    if config is None:
        return None
    try:
        eindpunt = discovery(config).get("end_session_endpoint")
    except (requests.RequestException, ValueError, SuspiciousOperation):
        logger.warning("OIDC: discovery niet bereikbaar bij uitloggen; alleen lokaal uitgelogd")
        return None
    if not eindpunt:
        return None
    parameters = {
        "id_token_hint": id_token,
        "client_id": config.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    return f"{eindpunt}?{urlencode(parameters)}"
