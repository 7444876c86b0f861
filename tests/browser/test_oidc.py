"""Login through a real OpenID Connect provider (tests/oidc/provider.js, panva/oidc-provider) in Chromium:
provisioning, role mapping, a changed group, refusals, tampered ID tokens and RP-initiated logout.
No endpoint of the provider is mocked."""

import pytest

from ondermijning.models import AuditActie, AuditEvent, AuditResultaat, Gebruiker
from tests.oidc.fixtures import WACHTWOORD

pytestmark = pytest.mark.browser


def via_provider(s, login, wachtwoord=WACHTWOORD):
    """Click 'Inloggen via Testprovider', log in at the provider, wait until back at the app (or refused)."""
    s.ga_naar("/accounts/login/")
    s.page.get_by_role("link", name="Inloggen via Testprovider").click()
    s.page.get_by_label("Gebruikersnaam").fill(login)
    s.page.get_by_label("Wachtwoord").fill(wachtwoord)
    s.page.get_by_role("button", name="Inloggen bij provider").click()
    s.page.wait_for_load_state("networkidle")


def rollen_en_gemeenten(login):
    gebruiker = Gebruiker.objects.get(username=login)
    return (
        set(gebruiker.groups.values_list("name", flat=True)),
        set(gebruiker.gemeenten.values_list("cbs_code", flat=True)),
    )


def laatste(actie, **filters):
    return AuditEvent.objects.filter(actie=actie, **filters).order_by("-id").first()


def test_twee_gebruikers_krijgen_rollen_en_gemeenten_van_hun_groepen(sessie, oidc_config):
    s = sessie(naam="oidc-anna")
    via_provider(s, "anna")
    assert s.page.get_by_role("heading", name="Mijn werk").is_visible()
    assert rollen_en_gemeenten("anna") == ({"beleidsmedewerker"}, {"GM0226", "GM0293"})
    anna = Gebruiker.objects.get(username="anna")
    assert anna.oidc_sub == "anna" and not anna.has_usable_password()
    login = laatste(AuditActie.LOGIN_GELUKT, actor=anna)
    assert "acr=urn:ondermijning:test:mfa" in login.toelichting and "amr=pwd,otp" in login.toelichting
    assert laatste(AuditActie.AANMAKEN, object_id=str(anna.pk)) is not None
    assert "+beleidsmedewerker" in laatste(AuditActie.WIJZIGEN, object_id=str(anna.pk)).toelichting

    b = sessie(naam="oidc-bram")
    via_provider(b, "bram")
    assert b.page.get_by_role("heading", name="Mijn werk").is_visible()
    assert rollen_en_gemeenten("bram") == ({"toezichthouder"}, {"GM0293"})


def test_gewijzigde_groep_geldt_bij_de_volgende_login(sessie, oidc_provider, oidc_config):
    via_provider(sessie(naam="oidc-eerste"), "anna")
    oidc_provider.zet(anna={"groups": ["ondermijning-toezicht", "gemeente-duiven"]})
    s = sessie(naam="oidc-tweede")
    via_provider(s, "anna")
    assert s.page.get_by_role("heading", name="Mijn werk").is_visible()
    assert rollen_en_gemeenten("anna") == ({"toezichthouder"}, {"GM0226"})
    wijziging = laatste(AuditActie.WIJZIGEN, object_id=str(Gebruiker.objects.get(username="anna").pk))
    assert "+toezichthouder -beleidsmedewerker" in wijziging.toelichting
    assert "-GM0293" in wijziging.toelichting


def test_geen_gekoppelde_groep_geeft_geen_toegang_met_uitleg(sessie, oidc_provider, oidc_config):
    s = sessie(naam="oidc-cas")
    via_provider(s, "cas")
    assert s.page.get_by_role("heading", name="U heeft (nog) geen toegang tot Ondermijning").is_visible()
    assert "Vraag de servicedesk (servicedesk@duiven.example)" in s.page.content()
    assert not Gebruiker.objects.filter(username="cas").exists()
    assert laatste(AuditActie.LOGIN_MISLUKT).resultaat == AuditResultaat.GEWEIGERD
    s.ga_naar("/")
    assert "/accounts/login/" in s.page.url

    # Taken out of every mapped group at the provider: the roles go, and so does access.
    via_provider(sessie(naam="oidc-anna-voor"), "anna")
    oidc_provider.zet(anna={"groups": ["kantinecommissie"]})
    a = sessie(naam="oidc-anna-na")
    via_provider(a, "anna")
    assert a.page.get_by_role("heading", name="U heeft (nog) geen toegang tot Ondermijning").is_visible()
    assert rollen_en_gemeenten("anna") == (set(), set())


def test_uitgeschakeld_bij_provider_of_lokaal_kan_niet_inloggen(sessie, oidc_config):
    s = sessie(naam="oidc-dirk")
    via_provider(s, "dirk")
    assert "account uitgeschakeld" in s.page.content()  # the provider refuses
    assert not Gebruiker.objects.filter(username="dirk").exists()

    via_provider(sessie(naam="oidc-anna-actief"), "anna")
    Gebruiker.objects.filter(username="anna").update(is_active=False)
    a = sessie(naam="oidc-anna-inactief")
    via_provider(a, "anna")
    assert a.page.get_by_role("heading", name="Inloggen is niet gelukt").is_visible()
    assert "account gedeactiveerd" in laatste(AuditActie.LOGIN_MISLUKT).toelichting
    a.ga_naar("/")
    assert "/accounts/login/" in a.page.url


@pytest.mark.parametrize("sabotage", ["audience", "handtekening", "verlopen"])
def test_gemanipuleerd_id_token_wordt_geweigerd(sessie, oidc_provider, oidc_config, sabotage):
    oidc_provider.zet(sabotage=sabotage)
    s = sessie(naam=f"oidc-{sabotage}")
    via_provider(s, "anna")
    assert s.page.get_by_role("heading", name="Inloggen is niet gelukt").is_visible()
    event = laatste(AuditActie.LOGIN_MISLUKT)
    assert event.toelichting == f"via identity provider: id-token {sabotage}"
    assert event.resultaat == AuditResultaat.MISLUKT
    assert not Gebruiker.objects.filter(username="anna").exists()
    s.ga_naar("/")
    assert "/accounts/login/" in s.page.url


def test_uitloggen_ook_bij_de_provider(sessie, oidc_config):
    s = sessie(naam="oidc-uitloggen")
    via_provider(s, "bram")
    s.page.get_by_role("button", name="Uitloggen").click()
    s.page.get_by_role("button", name="Ja, uitloggen").click()  # the provider's end_session page
    s.page.wait_for_url("**/accounts/login/**")
    assert laatste(AuditActie.UITLOGGEN) is not None
    s.ga_naar("/")
    assert "/accounts/login/" in s.page.url
    # The provider session is over too: it asks for the password again instead of logging straight in.
    s.page.get_by_role("link", name="Inloggen via Testprovider").click()
    assert s.page.get_by_role("button", name="Inloggen bij provider").is_visible()


def test_zonder_tweede_factor_bij_provider_volgt_de_eigen_code(sessie, oidc_config):
    oidc_config.telt_als_tweede_factor = False
    oidc_config.save()
    s = sessie(naam="oidc-totp")
    via_provider(s, "anna")
    assert "/accounts/tweefactor/instellen/" in s.page.url
