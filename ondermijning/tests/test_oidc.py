"""OIDC login (ondermijning/oidc.py): provisioning from the groups claim, the password-login switch, the
login page, and the ID token check against the real provider's JWKS (tests/oidc/provider.js). The whole
browser flow is in tests/browser/test_oidc.py."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.test import Client, override_settings
from django.urls import reverse

from ondermijning import oidc
from ondermijning.models import AuditActie, AuditEvent, Gebruiker, OidcGroep, OidcProvider
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory
from tests.oidc.fixtures import CLIENT_ID, CLIENT_SECRET

WACHTWOORD = "ondermijning-test"


@pytest.fixture
def provider(duiven, westervoort):
    rij = OidcProvider.objects.create(
        actief=True, naam="Entra", issuer="https://idp.example/tenant/v2.0", client_id="app", client_secret="geheim123"
    )
    OidcGroep.objects.create(provider=rij, groep="g-beleid", rol=Rol.BELEIDSMEDEWERKER)
    OidcGroep.objects.create(provider=rij, groep="g-beheer", rol=Rol.BEHEERDER, gemeente=duiven)
    OidcGroep.objects.create(provider=rij, groep="g-westervoort", gemeente=westervoort)
    return rij


def claims(*groepen, sub="sub-1", naam="e.de.vries"):
    return {"sub": sub, "preferred_username": naam, "email": "e@example.org", "groups": list(groepen)}


def test_eerste_login_richt_gebruiker_in_en_volgende_login_brengt_rollen_in_lijn(provider):
    config = oidc.huidige_config()
    gebruiker = oidc.gebruiker_via_oidc(config=config, claims=claims("g-beleid", "g-westervoort", "onbekend"))
    assert gebruiker.oidc_sub == "sub-1" and not gebruiker.has_usable_password() and not gebruiker.is_staff
    assert set(gebruiker.groups.values_list("name", flat=True)) == {"beleidsmedewerker"}
    assert set(gebruiker.gemeenten.values_list("cbs_code", flat=True)) == {"GM0293"}

    gebruiker = oidc.gebruiker_via_oidc(config=config, claims=claims("g-beheer", naam="nieuwe-naam"))
    assert set(gebruiker.groups.values_list("name", flat=True)) == {"beheerder"}
    assert set(gebruiker.gemeenten.values_list("cbs_code", flat=True)) == {"GM0226"}
    assert gebruiker.is_staff  # the admin is the beheerder's back office
    wijziging = AuditEvent.objects.filter(actie=AuditActie.WIJZIGEN, object_id=str(gebruiker.pk)).first()
    assert wijziging.toelichting == (
        "via identity provider; rollen: +beheerder -beleidsmedewerker; gemeenten: +GM0226 -GM0293"
    )
    assert Gebruiker.objects.filter(oidc_sub="sub-1").count() == 1  # matched on sub, not on the name


def test_geen_gekoppelde_groep_maakt_geen_account(provider):
    with pytest.raises(oidc.InloggenGeweigerd) as fout:
        oidc.gebruiker_via_oidc(config=oidc.huidige_config(), claims=claims("kantine"))
    assert fout.value.geen_toegang
    assert not Gebruiker.objects.filter(username="e.de.vries").exists()


def test_noodaccount_wordt_niet_overgenomen_door_provider(provider):
    GebruikerFactory(username="e.de.vries", noodaccount=True)
    with pytest.raises(oidc.InloggenGeweigerd):
        oidc.gebruiker_via_oidc(config=oidc.huidige_config(), claims=claims("g-beleid"))
    assert Gebruiker.objects.get(username="e.de.vries").oidc_sub is None


def test_inlogpagina_toont_knop_alleen_met_actieve_provider(db, provider):
    assert "Inloggen via Entra" in Client().get(reverse("login")).content.decode()
    OidcProvider.objects.update(actief=False)
    assert "Inloggen via" not in Client().get(reverse("login")).content.decode()
    assert Client().get(reverse("oidc_inloggen")).status_code == 404


def test_wachtwoord_uit_behalve_voor_noodaccount(provider, beleid):
    provider.wachtwoord_inloggen_uit = True
    provider.save()
    nood = GebruikerFactory(username="t_nood", noodaccount=True)
    antwoord = Client().post(reverse("login"), {"username": beleid.username, "password": WACHTWOORD})
    assert antwoord.status_code == 200
    assert "Inloggen met wachtwoord staat uit" in antwoord.content.decode()
    antwoord = Client().post(reverse("login"), {"username": nood.username, "password": WACHTWOORD})
    assert antwoord.status_code == 302


@override_settings(
    OIDC_ISSUER="https://keycloak.example/realms/gemeente",
    OIDC_NAAM="Keycloak",
    OIDC_ROLLEN={"toezicht": "toezichthouder"},
    OIDC_GEMEENTEN={"duiven": "GM0226|GM0293"},
)
def test_omgevingsvariabelen_gaan_voor_de_beheerinstelling(provider):
    config = oidc.huidige_config()
    assert config.naam == "Keycloak" and config.issuer.startswith("https://keycloak")
    assert oidc.rollen_en_gemeenten(config, {"groups": ["toezicht", "duiven"]}) == (
        {"toezichthouder"},
        {"GM0226", "GM0293"},
    )


# The ID token check, with the real provider's discovery document and JWKS.


def _backend(issuer):
    backend = oidc.OidcBackend()
    backend.config = oidc.Config(naam="Test", issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    backend.instellingen = oidc.instellingen(backend.config)
    for naam in oidc.BACKEND_ATTRIBUTEN:
        setattr(backend, naam, backend.instellingen[naam])
    return backend


def _token(issuer, *, sleutel=None, alg="RS256", kid="sleutel-1", **afwijkend):
    nu = int(time.time())
    inhoud = {"iss": issuer, "aud": CLIENT_ID, "sub": "anna", "iat": nu, "exp": nu + 300, "nonce": "n"} | afwijkend
    if sleutel is None:
        sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(inhoud, sleutel, algorithm=alg, headers={"kid": kid})


@pytest.mark.parametrize(
    ("token", "reden"),
    [
        (lambda iss: _token(iss), "handtekening"),  # a key that is not in the provider's JWKS, same kid
        (lambda iss: _token(iss, alg="HS256", sleutel=CLIENT_SECRET.encode() * 2), "algoritme"),
        (lambda iss: jwt.encode({"iss": iss, "sub": "x"}, None, algorithm="none"), "algoritme"),
    ],
)
def test_id_token_met_vreemde_sleutel_of_algoritme_geweigerd(oidc_provider, token, reden):
    with pytest.raises(oidc.OngeldigToken) as fout:
        _backend(oidc_provider.issuer).verify_token(token(oidc_provider.issuer), nonce="n")
    assert fout.value.reden == reden


def test_id_token_met_onbekende_kid_geweigerd(oidc_provider):
    with pytest.raises(SuspiciousOperation):
        _backend(oidc_provider.issuer).verify_token(_token(oidc_provider.issuer, kid="onbekend"), nonce="n")
