"""API and import: a handler who cannot see the signal is refused by the same service rule (issue 17.6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests.conftest import api
from signalen.models import Signaal

pytestmark = pytest.mark.django_db


def nieuw(gemeente, **extra):
    return {
        "gemeente": gemeente.pk,
        "titel": "Kapsalon zonder klanten",
        "omschrijving": "Tip via Meld Misdaad Anoniem.",
        "bron": "mma",
        "ontvangen_op": "2024-03-01",
        **extra,
    }


def test_api_weigert_behandelaar_die_het_signaal_niet_ziet(sleutel_duiven, duiven, beleid_westervoort):
    antwoord = api(sleutel_duiven).post("/api/v1/signalen/", nieuw(duiven, behandelaar="t_westervoort"), format="json")
    assert antwoord.status_code == 400, antwoord.json()
    assert "behandelaar" in str(antwoord.json())
    assert not Signaal.objects.exists()


def test_api_onbekende_behandelaar_zelfde_melding(sleutel_duiven, duiven, beleid_westervoort):
    onbekend = api(sleutel_duiven).post("/api/v1/signalen/", nieuw(duiven, behandelaar="bestaat_niet"), format="json")
    buiten = api(sleutel_duiven).post("/api/v1/signalen/", nieuw(duiven, behandelaar="t_westervoort"), format="json")
    assert onbekend.status_code == buiten.status_code == 400
    assert onbekend.json()["velden"] == buiten.json()["velden"]  # no way to tell who exists


def test_api_aanvaardt_behandelaar_die_het_signaal_ziet(sleutel_duiven, duiven, beleid):
    antwoord = api(sleutel_duiven).post("/api/v1/signalen/", nieuw(duiven, behandelaar="t_beleid"), format="json")
    assert antwoord.status_code == 201, antwoord.json()
    assert Signaal.objects.get().behandelaar == beleid


def test_import_weigert_behandelaar_die_het_signaal_niet_ziet(client, beleid, duiven, beleid_westervoort):
    client.force_login(beleid)
    tekst = (
        "gemeente;titel;omschrijving;bron;ontvangen_op;behandelaar\n"
        "Duiven;Loods;Ramen dicht;mma;01-03-2024;t_westervoort\n"
    )
    bestand = SimpleUploadedFile("mma.csv", tekst.encode(), content_type="text/csv")
    antwoord = client.post("/api/import/", {"bestand": bestand})
    assert antwoord.status_code == 400
    fouten = antwoord.context["fouten"]
    assert "behandelaar" in fouten[2]
    assert not Signaal.objects.exists()
