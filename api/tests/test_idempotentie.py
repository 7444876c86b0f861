"""Idempotency-Key: a retried create returns the first answer and creates nothing twice."""

import pytest

from api.tests.conftest import api
from api.tests.factories import maak_token
from signalen.models import Signaal

pytestmark = pytest.mark.django_db


def gegevens(gemeente, titel="Drugspand"):
    return {
        "gemeente": gemeente.pk,
        "titel": titel,
        "omschrijving": "MMA.",
        "bron": "mma",
        "ontvangen_op": "2024-03-01",
    }


def test_zelfde_sleutel_maakt_een_signaal(sleutel_westervoort, westervoort):
    client = api(sleutel_westervoort)
    eerste = client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="mma-123")
    tweede = client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="mma-123")
    assert eerste.status_code == tweede.status_code == 201
    assert tweede.json() == eerste.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Signaal.objects.count() == 1


def test_andere_sleutel_maakt_een_nieuw_signaal(sleutel_westervoort, westervoort):
    client = api(sleutel_westervoort)
    client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="a")
    client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert Signaal.objects.count() == 2


def test_zelfde_sleutel_ander_verzoek_422(sleutel_westervoort, westervoort):
    client = api(sleutel_westervoort)
    client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    antwoord = client.post(
        "/api/v1/signalen/", gegevens(westervoort, titel="Iets anders"), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert antwoord.status_code == 422
    assert antwoord.json()["code"] == "idempotentie_conflict"
    assert "al gebruikt" in antwoord.json()["melding"]
    assert Signaal.objects.count() == 1


def test_mislukte_poging_legt_de_sleutel_niet_vast(sleutel_westervoort, westervoort):
    client = api(sleutel_westervoort)
    fout = client.post("/api/v1/signalen/", {"gemeente": westervoort.pk}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert fout.status_code == 400
    goed = client.post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert goed.status_code == 201
    assert Signaal.objects.count() == 1


def test_sleutels_zijn_per_token(sleutel_westervoort, account_westervoort, westervoort):
    _token, andere = maak_token(account_westervoort, signalen=True, naam="Tweede systeem")
    api(sleutel_westervoort).post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="x")
    api(andere).post("/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert Signaal.objects.count() == 2


def test_ongeldige_sleutel_400(sleutel_westervoort, westervoort):
    antwoord = api(sleutel_westervoort).post(
        "/api/v1/signalen/", gegevens(westervoort), format="json", HTTP_IDEMPOTENCY_KEY="x" * 101
    )
    assert antwoord.status_code == 400
    assert "Idempotency-Key" in antwoord.json()["velden"]
    assert not Signaal.objects.exists()
