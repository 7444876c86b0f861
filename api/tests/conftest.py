"""Fixtures of the api tests: service accounts per municipality, their tokens and an API client."""

import pytest
from rest_framework.test import APIClient

from api.tests.factories import maak_token
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory


@pytest.fixture
def account_westervoort(westervoort):
    """Service account of a Westervoort system: beleidsmedewerker role, Westervoort only."""
    return GebruikerFactory(
        username="svc_westervoort", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[westervoort], is_systeemaccount=True
    )


@pytest.fixture
def account_duiven(duiven):
    return GebruikerFactory(
        username="svc_duiven", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[duiven], is_systeemaccount=True
    )


@pytest.fixture
def sleutel_westervoort(account_westervoort):
    return maak_token(account_westervoort, signalen=True, bezoeken=True)[1]


@pytest.fixture
def sleutel_duiven(account_duiven):
    return maak_token(account_duiven, signalen=True, bezoeken=True)[1]


def api(sleutel: str | None = None) -> APIClient:
    client = APIClient()
    if sleutel:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {sleutel}")
    return client


@pytest.fixture
def api_client():
    return api
