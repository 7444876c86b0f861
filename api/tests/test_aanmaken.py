"""Creating through the API goes through the services: same validation, transitions and audit as the web."""

import datetime
import uuid

import pytest
from django.utils import timezone

from api.tests.conftest import api
from api.tests.factories import maak_token
from controles.models import Bezoek, ControleStatus
from controles.tests.factories import ControleFactory, ControleObjectFactory
from ondermijning.models import AuditActie, AuditEvent
from signalen.models import Signaal, SignaalStatus, Statusovergang
from signalen.tests.factories import FenomeenFactory

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


def test_signaal_aanmaken_via_de_service(sleutel_westervoort, westervoort, account_westervoort):
    FenomeenFactory(naam="Drugs")
    gegevens = nieuw(
        westervoort,
        fenomenen=["Drugs"],
        adressen=[{"straat": "Dorpsstraat", "huisnummer": "12a", "postcode": "6931ab", "plaats": "Westervoort"}],
        bedrijven=[{"naam": "Kapsalon X", "kvk_nummer": "12345678"}],
        personen=[{"naam": "J. Jansen"}],
    )
    antwoord = api(sleutel_westervoort).post("/api/v1/signalen/", gegevens, format="json")
    assert antwoord.status_code == 201, antwoord.json()
    signaal = Signaal.objects.get(pk=antwoord.json()["id"])
    assert signaal.status == SignaalStatus.GEREGISTREERD and signaal.gemeente == westervoort
    assert [str(a.postcode) for a in signaal.adressen.all()] == ["6931 AB"]  # normalised by the service
    assert signaal.bedrijven.get().kvk_nummer == "12345678"
    assert signaal.personen.get().naam == "J. Jansen"
    assert list(signaal.fenomenen.values_list("naam", flat=True)) == ["Drugs"]
    assert Statusovergang.objects.filter(signaal=signaal, naar=SignaalStatus.GEREGISTREERD).exists()
    aangemaakt = AuditEvent.objects.get(actie=AuditActie.AANMAKEN, object_type="signalen.signaal")
    assert aangemaakt.actor == account_westervoort and aangemaakt.object_id == str(signaal.pk)
    assert antwoord.json()["adressen"][0]["postcode"] == "6931 AB"


def test_validatiefouten_in_het_nederlands_per_veld(sleutel_westervoort, westervoort):
    antwoord = api(sleutel_westervoort).post(
        "/api/v1/signalen/",
        {"gemeente": westervoort.pk, "bron": "fax", "adressen": [{"straat": "A", "huisnummer": "1", "postcode": "12"}]},
        format="json",
    )
    assert antwoord.status_code == 400
    fout = antwoord.json()
    assert fout["code"] == "ongeldig" and fout["melding"] == "De invoer is niet geldig."
    assert fout["velden"]["titel"] == ["Dit veld is vereist."]
    assert fout["velden"]["bron"] == ['"fax" is een ongeldige keuze.']
    assert fout["velden"]["adressen[0].postcode"] == [
        "Vul een postcode in als 1234 AB (vier cijfers, twee hoofdletters)."
    ]
    assert "adressen[0].plaats" in fout["velden"]
    assert not Signaal.objects.exists()


def test_service_weigert_andere_gemeente(sleutel_westervoort, duiven):
    antwoord = api(sleutel_westervoort).post("/api/v1/signalen/", nieuw(duiven), format="json")
    assert antwoord.status_code == 400
    assert antwoord.json()["velden"]["gemeente"] == [
        "Dit account kan alleen signalen aanmaken voor gemeenten waarvoor het werkt."
    ]
    assert not Signaal.objects.exists()


def test_fout_in_subject_rolt_het_hele_signaal_terug(sleutel_westervoort, westervoort):
    gegevens = nieuw(westervoort, bedrijven=[{"naam": "X", "kvk_nummer": "1234"}])
    antwoord = api(sleutel_westervoort).post("/api/v1/signalen/", gegevens, format="json")
    assert antwoord.status_code == 400
    assert "bedrijven[0].kvk_nummer" in antwoord.json()["velden"]
    assert not Signaal.objects.exists()


def test_ongeldige_json_geeft_nederlandse_fout(sleutel_westervoort):
    antwoord = api(sleutel_westervoort).post("/api/v1/signalen/", "{kapot", content_type="application/json")
    assert antwoord.status_code == 400
    assert antwoord.json()["melding"] == "De inhoud van het verzoek is geen geldige JSON."


def test_bezoek_vastleggen_via_de_service_en_herhaald_verzenden(sleutel_westervoort, westervoort):
    controle = ControleFactory(gemeente=westervoort, status=ControleStatus.UITGEVOERD)
    object = ControleObjectFactory(controle=controle)
    gegevens = {
        "controle": controle.pk,
        "object": object.pk,
        "client_uuid": str(uuid.uuid4()),
        "bevindingen": "Ramen afgeplakt.",
    }
    client = api(sleutel_westervoort)
    eerste = client.post("/api/v1/bezoeken/", gegevens, format="json")
    assert eerste.status_code == 201, eerste.json()
    tweede = client.post("/api/v1/bezoeken/", gegevens, format="json")
    assert tweede.json()["id"] == eerste.json()["id"]
    bezoek = Bezoek.objects.get()
    assert bezoek.bedrijf == object.bedrijf and bezoek.bevindingen == "Ramen afgeplakt."
    assert AuditEvent.objects.filter(actie=AuditActie.AANMAKEN, object_type="controles.bezoek").count() == 1


def test_bezoek_bij_controle_van_andere_gemeente_onbekend(sleutel_westervoort, duiven):
    controle = ControleFactory(gemeente=duiven, status=ControleStatus.UITGEVOERD)
    gegevens = {"controle": controle.pk, "client_uuid": str(uuid.uuid4())}
    antwoord = api(sleutel_westervoort).post("/api/v1/bezoeken/", gegevens, format="json")
    assert antwoord.status_code == 400
    assert "geen toegang" in antwoord.json()["velden"]["controle"][0]
    assert not Bezoek.objects.exists()


def test_bezoek_bij_afgeronde_controle_geweigerd_door_service(sleutel_westervoort, westervoort):
    controle = ControleFactory(gemeente=westervoort, status=ControleStatus.AFGEROND)
    object = ControleObjectFactory(controle=controle)
    gegevens = {"controle": controle.pk, "object": object.pk, "client_uuid": str(uuid.uuid4())}
    antwoord = api(sleutel_westervoort).post("/api/v1/bezoeken/", gegevens, format="json")
    assert antwoord.status_code == 400
    assert "Afgerond" in antwoord.json()["velden"]["algemeen"][0]


def test_bezoektijd_in_de_toekomst_geweigerd_door_dezelfde_regel_als_het_formulier(sleutel_westervoort, westervoort):
    controle = ControleFactory(gemeente=westervoort, status=ControleStatus.UITGEVOERD)
    object = ControleObjectFactory(controle=controle)
    gegevens = {
        "controle": controle.pk,
        "object": object.pk,
        "client_uuid": str(uuid.uuid4()),
        "bezocht_op": (timezone.now() + datetime.timedelta(hours=1)).isoformat(),
    }
    antwoord = api(sleutel_westervoort).post("/api/v1/bezoeken/", gegevens, format="json")
    assert antwoord.status_code == 400
    assert "ligt in de toekomst" in antwoord.json()["velden"]["bezocht_op"][0]
    assert not Bezoek.objects.exists()


def test_bezoek_zonder_scope_403(account_westervoort, westervoort):
    _token, sleutel = maak_token(account_westervoort, bezoeken=False)
    controle = ControleFactory(gemeente=westervoort, status=ControleStatus.UITGEVOERD)
    antwoord = api(sleutel).post(
        "/api/v1/bezoeken/", {"controle": controle.pk, "client_uuid": str(uuid.uuid4())}, format="json"
    )
    assert antwoord.status_code == 403
