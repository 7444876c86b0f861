"""Re-enrolling the second factor (which also renews the recovery codes) asks for the password again (17.9)."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

WACHTWOORD = "ondermijning-test"


def _code(apparaat: TOTPDevice) -> str:
    return str(totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)).zfill(6)


def _nieuw_apparaat(client, gebruiker) -> TOTPDevice:
    pagina = client.get(reverse("tweefactor_instellen"))
    assert 'name="wachtwoord"' in pagina.content.decode()
    return TOTPDevice.objects.get(user=gebruiker, confirmed=False)


def test_herinstellen_zonder_wachtwoord_geweigerd(client, beleid):
    client.force_login(beleid)  # logged in with a confirmed app and a verified session
    apparaat = _nieuw_apparaat(client, beleid)
    antwoord = client.post(reverse("tweefactor_instellen"), {"code": _code(apparaat)})
    assert antwoord.status_code == 200
    assert "Vul uw huidige wachtwoord in" in antwoord.content.decode()
    apparaat.refresh_from_db()
    assert not apparaat.confirmed and TOTPDevice.objects.filter(user=beleid, name="test", confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=beleid).exists()


def test_herinstellen_met_onjuist_wachtwoord_geweigerd(client, beleid):
    client.force_login(beleid)
    apparaat = _nieuw_apparaat(client, beleid)
    antwoord = client.post(reverse("tweefactor_instellen"), {"code": _code(apparaat), "wachtwoord": "fout"})
    assert "Dit wachtwoord klopt niet" in antwoord.content.decode()
    apparaat.refresh_from_db()
    assert not apparaat.confirmed


def test_herinstellen_met_wachtwoord_geeft_nieuwe_herstelcodes(client, beleid):
    client.force_login(beleid)
    apparaat = _nieuw_apparaat(client, beleid)
    antwoord = client.post(reverse("tweefactor_instellen"), {"code": _code(apparaat), "wachtwoord": WACHTWOORD})
    assert "herstelcodes" in antwoord.content.decode().lower()
    apparaat.refresh_from_db()
    assert apparaat.confirmed and not TOTPDevice.objects.filter(user=beleid, name="test").exists()
    assert StaticToken.objects.filter(device__user=beleid).count() == 10
