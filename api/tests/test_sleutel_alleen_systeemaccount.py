"""API keys only for system accounts (issue 17.1): the beheerder made a key for `beleid` and read as beleid."""

import pytest
from django.core.exceptions import ValidationError

from api.models import ApiToken
from api.tests.factories import maak_token
from ondermijning.models import AuditEvent

pytestmark = pytest.mark.django_db


def _formulier(gebruiker) -> dict:
    return {
        "naam": "Iets",
        "gebruiker": gebruiker.pk,
        "mag_lezen": "on",
        "verloopt_op_0": "31-12-2030",
        "verloopt_op_1": "12:00:00",
        "verzoeken_per_minuut": "60",
        "actief": "on",
    }


def test_beheerder_maakt_geen_sleutel_voor_een_gewone_gebruiker(client, beheerder, beleid):
    client.force_login(beheerder)
    antwoord = client.post("/admin/api/apitoken/add/", _formulier(beleid))
    assert antwoord.status_code == 200
    assert not ApiToken.objects.exists()
    with pytest.raises(ValidationError):
        maak_token(beleid, door=beheerder)
    assert not ApiToken.objects.exists()


def test_sleutel_voor_systeemaccount_mag_en_staat_in_de_audit(client, beheerder, account_westervoort):
    client.force_login(beheerder)
    antwoord = client.post("/admin/api/apitoken/add/", _formulier(account_westervoort))
    assert antwoord.status_code == 302
    token = ApiToken.objects.get()
    gemaakt = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).get()
    assert gemaakt.actor == beheerder and f"account={account_westervoort.pk}" in gemaakt.toelichting

    # Revoking it is an event with before and after; the account of a key cannot be switched.
    data = _formulier(account_westervoort) | {"actief": "", "verzoeken_per_minuut": "30"}
    client.post(f"/admin/api/apitoken/{token.pk}/change/", data)
    token.refresh_from_db()
    assert not token.actief
    gewijzigd = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).first()
    assert "actief: ja -> nee" in gewijzigd.toelichting
    assert "verzoeken_per_minuut: 60 -> 30" in gewijzigd.toelichting


def test_sleutel_voor_zichzelf_mag(beleid):
    token, _sleutel = maak_token(beleid, door=beleid)
    assert token.pk is not None
