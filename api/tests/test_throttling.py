"""Rate limit per token: the token's own limit per minute, then 429 with a Dutch message."""

import pytest

from api.tests.conftest import api
from api.tests.factories import maak_token
from ondermijning.models import AuditActie, AuditEvent

pytestmark = pytest.mark.django_db


def test_limiet_per_token(account_westervoort, account_duiven):
    _token, krap = maak_token(account_westervoort, per_minuut=3)
    _token, ander = maak_token(account_duiven, per_minuut=3)
    client = api(krap)
    assert [client.get("/api/v1/signalen/").status_code for _ in range(3)] == [200, 200, 200]
    antwoord = client.get("/api/v1/signalen/")
    assert antwoord.status_code == 429
    assert antwoord.json()["code"] == "te_veel_verzoeken"
    assert "seconden opnieuw" in antwoord.json()["melding"]
    assert int(antwoord["Retry-After"]) > 0
    assert AuditEvent.objects.filter(actie=AuditActie.TOEGANG_GEWEIGERD, toelichting__contains="429").exists()
    # Another token (another system) has its own count.
    assert api(ander).get("/api/v1/signalen/").status_code == 200


def _ander_werkproces():
    """What another gunicorn worker sees: none of this process's memory (LocMem caches live per process)."""
    from django.core.cache.backends import locmem

    for geheugen in (*locmem._caches.values(), *locmem._expire_info.values()):
        geheugen.clear()


def test_limiet_geldt_over_alle_werkprocessen(account_westervoort):
    """With 3 workers a per-process count let 3x the limit through; the count is kept in a shared cache."""
    _token, krap = maak_token(account_westervoort, per_minuut=3)
    client = api(krap)
    assert [client.get("/api/v1/signalen/").status_code for _ in range(3)] == [200, 200, 200]
    _ander_werkproces()
    assert client.get("/api/v1/signalen/").status_code == 429


def test_gedeelde_cache_ook_zonder_redis(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
