"""Two-factor login, brute-force lockout and session limits."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ondermijning.beveiliging import LOGIN_TIJDSTIP
from ondermijning.tests.factories import GebruikerFactory

WACHTWOORD = "ondermijning-test"


def _code(apparaat: TOTPDevice, stappen_verder: int = 0) -> str:
    waarde = totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift + stappen_verder)
    return str(waarde).zfill(apparaat.digits)


def _inloggen(client: Client, username: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": WACHTWOORD}, **extra)


@pytest.fixture
def kaal():
    """A plain test client: logs in with password only, like a browser."""
    return Client()


def test_zonder_tweede_factor_geen_toegang_maar_eerst_instellen(kaal, beleid):
    _inloggen(kaal, "t_beleid")
    response = kaal.get(reverse("mijn_werk"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("tweefactor_instellen"))


def test_instellen_met_qr_code_en_herstelcodes(kaal, beleid):
    _inloggen(kaal, "t_beleid")
    pagina = kaal.get(reverse("tweefactor_instellen"))
    html = pagina.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # QR rendered locally, no external service
    apparaat = TOTPDevice.objects.get(user=beleid, confirmed=False)
    fout = kaal.post(reverse("tweefactor_instellen"), {"code": "000000"})
    assert "Deze code klopt niet" in fout.content.decode()
    apparaat.refresh_from_db()
    apparaat.throttling_failure_timestamp = None
    apparaat.throttling_failure_count = 0
    apparaat.save()
    response = kaal.post(reverse("tweefactor_instellen"), {"code": _code(apparaat)})
    assert "herstelcodes" in response.content.decode().lower()
    assert StaticToken.objects.filter(device__user=beleid).count() == 10
    assert TOTPDevice.objects.get(user=beleid).confirmed
    assert kaal.get(reverse("mijn_werk")).status_code == 200


@pytest.fixture
def met_app(beleid):
    return TOTPDevice.objects.create(user=beleid, name="app", confirmed=True)


def test_code_vragen_na_wachtwoord_en_hergebruik_weigeren(kaal, beleid, met_app):
    _inloggen(kaal, "t_beleid")
    assert kaal.get(reverse("mijn_werk")).url.startswith(reverse("tweefactor"))
    code = _code(met_app)
    assert kaal.post(reverse("tweefactor"), {"code": code}).status_code == 302
    assert kaal.get(reverse("mijn_werk")).status_code == 200

    # The same code in a second session is a replay: refused.
    tweede = Client()
    _inloggen(tweede, "t_beleid")
    response = tweede.post(reverse("tweefactor"), {"code": code})
    assert response.status_code == 200
    assert "klopt niet of is al gebruikt" in response.content.decode()
    assert tweede.get(reverse("mijn_werk")).status_code == 302


def test_onjuiste_codes_worden_afgeremd(kaal, beleid, met_app):
    _inloggen(kaal, "t_beleid")
    kaal.post(reverse("tweefactor"), {"code": "000000"})
    # Right after a wrong code even the right code is refused: throttling.
    response = kaal.post(reverse("tweefactor"), {"code": _code(met_app)})
    assert "Te veel onjuiste codes" in response.content.decode()
    assert kaal.get(reverse("mijn_werk")).status_code == 302


def test_herstelcode_werkt_precies_een_keer(kaal, beleid, met_app):
    from ondermijning.beveiliging import herstelcodes_vernieuw

    codes = herstelcodes_vernieuw(gebruiker=beleid)
    _inloggen(kaal, "t_beleid")
    assert kaal.post(reverse("tweefactor"), {"code": codes[0]}).status_code == 302
    tweede = Client()
    _inloggen(tweede, "t_beleid")
    assert tweede.post(reverse("tweefactor"), {"code": codes[0]}).status_code == 200
    assert tweede.get(reverse("mijn_werk")).status_code == 302


def test_demo_instelling_zet_verplichting_uit(kaal, beleid, settings):
    settings.OTP_VERPLICHT = False
    _inloggen(kaal, "t_beleid")
    assert kaal.get(reverse("mijn_werk")).status_code == 200


def _fout_inloggen(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": "helemaal-fout"}, **extra)


def test_blokkade_na_vijf_fouten_per_gebruiker_en_ip(kaal, beleid):
    for _ in range(5):
        _fout_inloggen(kaal, "t_beleid", REMOTE_ADDR="10.0.0.5")
    response = _inloggen(kaal, "t_beleid", REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    # The same user from another address, and another user from this address, still get in.
    assert _inloggen(Client(), "t_beleid", REMOTE_ADDR="10.0.0.6").status_code == 302
    GebruikerFactory(username="collega", password=WACHTWOORD)
    assert _inloggen(Client(), "collega", REMOTE_ADDR="10.0.0.5").status_code == 302


def test_vervalste_x_forwarded_for_omzeilt_blokkade_niet(kaal, beleid, settings):
    settings.TRUSTED_PROXIES = ["10.9.9.9/32"]  # our proxy, which appends the real client address
    for i in range(5):
        _fout_inloggen(kaal, "t_beleid", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 192.0.2.7")
    # A new spoofed left-most entry does not create a new "address": still locked.
    response = _inloggen(kaal, "t_beleid", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="8.8.8.8, 192.0.2.7")
    assert response.status_code == 429
    # And spoofing the victim's address from elsewhere does not lock the victim out.
    victim = _inloggen(Client(), "t_beleid", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert victim.status_code == 302


def test_nieuwe_sessie_id_bij_inloggen(kaal, beleid, settings):
    settings.OTP_VERPLICHT = False
    kaal.get(reverse("login"))
    kaal.cookies["sessionid"] = "voorafgezet-sessie-id-van-aanvaller"
    _inloggen(kaal, "t_beleid")
    assert kaal.cookies["sessionid"].value != "voorafgezet-sessie-id-van-aanvaller"


def test_sessie_verloopt_na_tien_uur_ook_bij_activiteit(client, beleid):
    client.force_login(beleid)
    assert client.get(reverse("mijn_werk")).status_code == 200
    sessie = client.session
    sessie[LOGIN_TIJDSTIP] = int(time.time()) - 10 * 3600 - 1
    sessie.save()
    response = client.get(reverse("mijn_werk"))
    assert response.status_code == 302 and "verlopen=1" in response.url
    assert client.get(reverse("mijn_werk")).status_code == 302


def test_deactiveren_beeindigt_alle_sessies(client, beleid, beheerder):
    tablet, laptop = Client(), Client()
    for c in (tablet, laptop):
        _inloggen(c, "t_beleid")
    assert Session.objects.count() >= 2
    beheer = client
    beheer.force_login(beheerder)
    beheerder.is_superuser = True
    beheerder.save()
    url = reverse("admin:ondermijning_gebruiker_change", args=[beleid.pk])
    formulier = beheer.get(url).context["adminform"].form
    data = {k: v for k, v in formulier.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "username": beleid.username,
            "is_active": "",
            "date_joined_0": beleid.date_joined.strftime("%d-%m-%Y"),
            "date_joined_1": beleid.date_joined.strftime("%H:%M:%S"),
            "gemeenten": [g.pk for g in beleid.gemeenten.all()],
            "groups": [g.pk for g in beleid.groups.all()],
        }
    )
    data.pop("last_login", None)
    data.pop("password", None)
    response = beheer.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    beleid.refresh_from_db()
    assert not beleid.is_active
    for c in (tablet, laptop):
        assert not Session.objects.filter(session_key=c.cookies["sessionid"].value).exists()


def test_code_pagina_zonder_menu_en_bel_en_htmx_krijgt_volledige_navigatie(kaal, beleid, met_app):
    """Before the second factor the page shows no menu or bell (whose htmx load would otherwise get
    the code page swapped into the header); an htmx request is sent on with HX-Redirect."""
    _inloggen(kaal, "t_beleid")
    pagina = kaal.get(reverse("tweefactor")).content.decode()
    assert 'id="meldingen-bel"' not in pagina
    assert reverse("signalen:lijst") not in pagina
    fragment = kaal.get(reverse("meldingen:bel"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == reverse("tweefactor")
    kaal.post(reverse("tweefactor"), {"code": _code(met_app)})
    assert 'id="meldingen-bel"' in kaal.get(reverse("mijn_werk")).content.decode()
