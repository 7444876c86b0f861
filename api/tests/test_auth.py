"""Authentication and authorisation: no, wrong, expired or revoked token = 401; missing scope or role = 403."""

import pytest
from django.test import Client

from api.tests.conftest import api
from api.tests.factories import maak_token
from ondermijning.models import AuditActie, AuditEvent, AuditResultaat
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory
from signalen.models import Signaal
from signalen.tests.factories import SignaalFactory

pytestmark = pytest.mark.django_db

NIEUW = {"titel": "Via API", "omschrijving": "Melding uit MMA.", "bron": "mma", "ontvangen_op": "2024-03-01"}


def test_zonder_sleutel_401_met_uitleg_en_audit():
    antwoord = api().get("/api/v1/signalen/")
    assert antwoord.status_code == 401
    assert antwoord["WWW-Authenticate"] == 'Bearer realm="api"'
    assert antwoord.json()["code"] == "niet_geauthenticeerd"
    assert "Bearer" in antwoord.json()["melding"]
    event = AuditEvent.objects.first()
    assert event.actie == AuditActie.TOEGANG_GEWEIGERD and event.resultaat == AuditResultaat.GEWEIGERD


@pytest.mark.parametrize("sleutel", ["onzin", "ond_" + "x" * 43, ""])
def test_onbekende_sleutel_401(sleutel):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {sleutel}")
    assert client.get("/api/v1/signalen/").status_code == 401


def test_verlopen_sleutel_401(account_westervoort):
    _token, sleutel = maak_token(account_westervoort, dagen=-1)
    antwoord = api(sleutel).get("/api/v1/signalen/")
    assert antwoord.status_code == 401
    assert "verlopen" in antwoord.json()["melding"]


def test_ingetrokken_sleutel_en_inactief_account_401(account_westervoort):
    token, sleutel = maak_token(account_westervoort)
    assert api(sleutel).get("/api/v1/signalen/").status_code == 200
    token.actief = False
    token.save()
    assert api(sleutel).get("/api/v1/signalen/").status_code == 401
    token.actief = True
    token.save()
    account_westervoort.is_active = False
    account_westervoort.save()
    assert api(sleutel).get("/api/v1/signalen/").status_code == 401


def test_alleen_de_hash_staat_in_de_database(account_westervoort):
    token, sleutel = maak_token(account_westervoort)
    token.refresh_from_db()
    assert sleutel not in {token.sleutel_hash, token.sleutel_prefix, token.naam}
    assert len(token.sleutel_hash) == 64 and sleutel.startswith(token.sleutel_prefix)


def test_zonder_scope_lezen_403(account_westervoort, westervoort):
    _token, sleutel = maak_token(account_westervoort, lezen=False, signalen=True)
    antwoord = api(sleutel).get("/api/v1/signalen/")
    assert antwoord.status_code == 403
    assert antwoord.json()["code"] == "geen_toegang"
    assert "Lezen" in antwoord.json()["melding"]
    # ...but creating is what this token is for.
    antwoord = api(sleutel).post("/api/v1/signalen/", {**NIEUW, "gemeente": westervoort.pk}, format="json")
    assert antwoord.status_code == 201


def test_zonder_scope_signalen_aanmaken_403_en_niets_aangemaakt(account_westervoort, westervoort):
    _token, sleutel = maak_token(account_westervoort, lezen=True, signalen=False)
    antwoord = api(sleutel).post("/api/v1/signalen/", {**NIEUW, "gemeente": westervoort.pk}, format="json")
    assert antwoord.status_code == 403
    assert "Signalen aanmaken" in antwoord.json()["melding"]
    assert not Signaal.objects.exists()


def test_rol_van_het_account_telt_ook(westervoort):
    """A toezichthouder account cannot register (or list) signals, whatever the token's scopes say."""
    account = GebruikerFactory(username="svc_boa", rol=Rol.TOEZICHTHOUDER, gemeenten=[westervoort])
    _token, sleutel = maak_token(account, signalen=True)
    antwoord = api(sleutel).post("/api/v1/signalen/", {**NIEUW, "gemeente": westervoort.pk}, format="json")
    assert antwoord.status_code == 403
    assert api(sleutel).get("/api/v1/uitgaven/").status_code == 403
    assert api(sleutel).get("/api/v1/signalen/").status_code == 403
    assert api(sleutel).get("/api/v1/controles/").status_code == 200


def test_sleutel_wordt_niet_naar_de_tweede_stap_gestuurd(settings, sleutel_westervoort):
    """Token calls carry no session: the two-factor middleware lets them through to DRF."""
    settings.OTP_VERPLICHT = True
    antwoord = api(sleutel_westervoort).get("/api/v1/signalen/")
    assert antwoord.status_code == 200


def test_sessie_zonder_tweede_stap_krijgt_geen_gegevens(settings, beleid, westervoort):
    settings.OTP_VERPLICHT = True
    SignaalFactory(gemeente=westervoort)
    client = Client()
    client.force_login(beleid)  # password only, no second factor
    antwoord = client.get("/api/v1/signalen/")
    assert antwoord.status_code == 302
    assert "/accounts/tweefactor" in antwoord["Location"]


def test_geverifieerde_sessie_mag_lezen_niet_schrijven(client, beleid, westervoort):
    SignaalFactory(gemeente=westervoort)
    client.force_login(beleid)
    antwoord = client.get("/api/v1/signalen/")
    assert antwoord.status_code == 200
    assert antwoord.json()["count"] == 1
    antwoord = client.post("/api/v1/signalen/", {**NIEUW, "gemeente": westervoort.pk}, content_type="application/json")
    assert antwoord.status_code == 403
    assert not Signaal.objects.filter(titel="Via API").exists()


def test_elke_lees_aanroep_komt_in_de_audittrail(sleutel_westervoort, westervoort, account_westervoort):
    signaal = SignaalFactory(gemeente=westervoort)
    eerder = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    assert api(sleutel_westervoort).get(f"/api/v1/signalen/{signaal.pk}/").status_code == 200
    event = AuditEvent.objects.get(pk__gt=eerder)  # the audit trail is append-only: no delete
    assert event.actie == AuditActie.LEZEN
    assert event.actor == account_westervoort
    assert (event.object_type, event.object_id) == ("signalen.signaal", str(signaal.pk))
    assert "token=" in event.toelichting and signaal.titel not in event.toelichting
