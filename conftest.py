"""Fixtures shared by every app: two municipalities and a user per role, and a test client
that checks the Content Security Policy on every HTML response the suite fetches."""

import pytest
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ondermijning.models import OrganisatieType
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory, GemeenteFactory, OrganisatieFactory

VERPLICHTE_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                  "base-uri 'none'", "frame-ancestors 'none'"]  # fmt: skip


class CspControlerendeClient(Client):
    """Every HTML page must carry the strict CSP; the suite fails on the first page without it.

    Logging in through this client also passes the second factor (a confirmed TOTP device, as
    after a correct code), because two-factor login is required in the test settings too. Tests
    of the second factor itself use a plain `django.test.Client`.
    """

    def login(self, **credentials):
        # django-axes needs the request to authenticate; Django's Client.login passes none.
        verzoek = HttpRequest()
        verzoek.META["REMOTE_ADDR"] = "127.0.0.1"
        user = authenticate(verzoek, **credentials)
        if user is None:
            return False
        self._login(user)
        return True

    def _login(self, user, backend=None):
        super()._login(user, backend or "ondermijning.oidc.WachtwoordBackend")
        apparaat, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        sessie = self.session
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie.save()

    def request(self, **request):
        response = super().request(**request)
        if response.get("Content-Type", "").startswith("text/html") and response.status_code != 302:
            csp = response.get("Content-Security-Policy", "")
            for directive in VERPLICHTE_CSP:
                assert directive in csp, f"{request.get('PATH_INFO')}: CSP mist {directive!r} in {csp!r}"
            assert "unsafe-inline" not in csp
        return response


# The browser fixtures (Debian's Chromium via playwright, TOTP login, axe-core) as one plugin: a
# session-scoped browser defined in two conftests would start two playwright loops in one thread.
pytest_plugins = ["tests.browser.fixtures", "tests.oidc.fixtures"]


@pytest.fixture
def client():
    return CspControlerendeClient()


@pytest.fixture
def duiven(db):
    return GemeenteFactory(naam="Duiven", cbs_code="GM0226")


@pytest.fixture
def westervoort(db):
    return GemeenteFactory(naam="Westervoort", cbs_code="GM0293")


@pytest.fixture
def politie_org(db):
    return OrganisatieFactory(naam="Politie", type=OrganisatieType.POLITIE)


@pytest.fixture
def beleid(duiven, westervoort):
    """Beleidsmedewerker for Duiven and Westervoort, like the demo user `beleid`."""
    return GebruikerFactory(username="t_beleid", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[duiven, westervoort])


@pytest.fixture
def beleid_westervoort(westervoort):
    """Beleidsmedewerker for Westervoort only: must never see Duiven-only data."""
    return GebruikerFactory(username="t_westervoort", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[westervoort])


@pytest.fixture
def toezicht(duiven, westervoort):
    return GebruikerFactory(username="t_toezicht", rol=Rol.TOEZICHTHOUDER, gemeenten=[duiven, westervoort])


@pytest.fixture
def voorzitter(duiven, westervoort):
    return GebruikerFactory(username="t_voorzitter", rol=Rol.VOORZITTER, gemeenten=[duiven, westervoort])


@pytest.fixture
def coordinator(duiven, westervoort):
    return GebruikerFactory(username="t_coordinator", rol=Rol.COORDINATOR, gemeenten=[duiven, westervoort])


@pytest.fixture
def politie(politie_org):
    """Ketenpartner user of the police: sees only what was shared with the police."""
    return GebruikerFactory(username="t_politie", rol=Rol.KETENPARTNER, organisatie=politie_org)


@pytest.fixture
def beheerder(duiven, westervoort):
    """Beheerder of Duiven and Westervoort, like the demo user `beheer`: their back office only."""
    return GebruikerFactory(username="t_beheer", rol=Rol.BEHEERDER, is_staff=True, gemeenten=[duiven, westervoort])
