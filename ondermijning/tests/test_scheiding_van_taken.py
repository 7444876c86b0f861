"""Separation of duties in the user admin (issue 17.1): a beheerder cannot make itself see everything.

No grant of a role or a municipality to oneself; every such grant waits for a second beheerder
(four eyes), removals are effective at once; superuser and raw permissions are not in the admin;
system accounts cannot log in; every change is in the chained audit trail with before and after.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ondermijning.models import AuditEvent, Besluit, Gebruiker, Toekenningsverzoek
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory, GemeenteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder2(duiven, westervoort):
    """A second beheerder of the same municipalities, to give the second pair of eyes."""
    return GebruikerFactory(username="t_beheer2", rol=Rol.BEHEERDER, is_staff=True, gemeenten=[duiven, westervoort])


def _groep(rol: Rol) -> int:
    return Group.objects.get(name=rol).pk


def _formulier(gebruiker, *, rollen, gemeenten, **extra) -> dict:
    """The user admin's change form as a browser would POST it (with every field Django's admin once had)."""
    data = {
        "username": gebruiker.username,
        "first_name": gebruiker.first_name,
        "last_name": gebruiker.last_name,
        "email": gebruiker.email,
        "is_active": "on",
        "organisatie": gebruiker.organisatie_id or "",
        "groups": [_groep(r) for r in rollen],
        "gemeenten": [g.pk for g in gemeenten],
        "date_joined_0": "01-01-2024",
        "date_joined_1": "12:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    if gebruiker.is_staff:
        data["is_staff"] = "on"
    data.update(extra)
    return data


def _wijzig(client, gebruiker, **kwargs):
    return client.post(
        reverse("admin:ondermijning_gebruiker_change", args=[gebruiker.pk]), _formulier(gebruiker, **kwargs)
    )


def _rollen(gebruiker) -> set[str]:
    return set(Gebruiker.objects.get(pk=gebruiker.pk).groups.values_list("name", flat=True))


def _gemeenten(gebruiker) -> set[str]:
    return set(Gebruiker.objects.get(pk=gebruiker.pk).gemeenten.values_list("naam", flat=True))


def test_beheerder_maakt_zichzelf_geen_superuser_of_beleidsmedewerker(client, beheerder, duiven, westervoort):
    baarn = GemeenteFactory(naam="Baarn")
    client.force_login(beheerder)
    antwoord = _wijzig(
        client,
        beheerder,
        rollen=[Rol.BEHEERDER, Rol.BELEIDSMEDEWERKER],
        gemeenten=[duiven, westervoort, baarn],
        is_superuser="on",
        user_permissions=[],
    )
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert _rollen(beheerder) == {Rol.BEHEERDER}
    assert _gemeenten(beheerder) == {"Duiven", "Westervoort"}
    assert not Toekenningsverzoek.objects.exists()  # refused, not queued
    assert antwoord.status_code == 200
    assert "U kunt uzelf geen rollen of gemeenten geven" in antwoord.content.decode()


def test_superuser_en_losse_rechten_staan_niet_in_het_beheerscherm(client, beheerder, beleid):
    client.force_login(beheerder)
    html = client.get(reverse("admin:ondermijning_gebruiker_change", args=[beleid.pk])).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html
    _wijzig(client, beleid, rollen=[Rol.BELEIDSMEDEWERKER], gemeenten=list(beleid.gemeenten.all()), is_superuser="on")
    beleid.refresh_from_db()
    assert not beleid.is_superuser


def test_rol_voor_een_ander_wacht_op_tweede_beheerder(client, beheerder, beheerder2, toezicht, duiven, westervoort):
    client.force_login(beheerder)
    antwoord = _wijzig(
        client, toezicht, rollen=[Rol.TOEZICHTHOUDER, Rol.BELEIDSMEDEWERKER], gemeenten=[duiven, westervoort]
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert _rollen(toezicht) == {Rol.TOEZICHTHOUDER}  # not yet effective
    verzoek = Toekenningsverzoek.objects.get()
    assert (verzoek.gebruiker, verzoek.rol, verzoek.aangevraagd_door, verzoek.besluit) == (
        toezicht, Rol.BELEIDSMEDEWERKER, beheerder, Besluit.OPEN
    )  # fmt: skip

    # The requester cannot approve its own request.
    lijst = reverse("admin:ondermijning_toekenningsverzoek_changelist")
    client.post(lijst, {"action": "goedkeuren", "_selected_action": [verzoek.pk]})
    verzoek.refresh_from_db()
    assert verzoek.besluit == Besluit.OPEN and _rollen(toezicht) == {Rol.TOEZICHTHOUDER}

    # The second beheerder sees it on Mijn werk and approves it: only then it is effective.
    client.force_login(beheerder2)
    assert "Wacht op uw goedkeuring" in client.get("/").content.decode()
    client.post(lijst, {"action": "goedkeuren", "_selected_action": [verzoek.pk]})
    verzoek.refresh_from_db()
    assert (verzoek.besluit, verzoek.beoordeeld_door) == (Besluit.GOEDGEKEURD, beheerder2)
    assert _rollen(toezicht) == {Rol.TOEZICHTHOUDER, Rol.BELEIDSMEDEWERKER}
    event = AuditEvent.objects.filter(object_type="ondermijning.gebruiker", object_id=str(toezicht.pk)).first()
    assert event.actor == beheerder2
    assert "toezichthouder -> beleidsmedewerker,toezichthouder" in event.toelichting


def test_gemeente_wacht_ook_en_afwijzen_past_niets_toe(client, beheerder, beheerder2, beleid_westervoort, duiven):
    client.force_login(beheerder)
    _wijzig(
        client,
        beleid_westervoort,
        rollen=[Rol.BELEIDSMEDEWERKER],
        gemeenten=[*beleid_westervoort.gemeenten.all(), duiven],
    )
    assert _gemeenten(beleid_westervoort) == {"Westervoort"}
    verzoek = Toekenningsverzoek.objects.get()
    assert verzoek.gemeente == duiven
    client.force_login(beheerder2)
    lijst = reverse("admin:ondermijning_toekenningsverzoek_changelist")
    client.post(lijst, {"action": "afwijzen", "_selected_action": [verzoek.pk]})
    verzoek.refresh_from_db()
    assert verzoek.besluit == Besluit.AFGEWEZEN
    assert _gemeenten(beleid_westervoort) == {"Westervoort"}


def test_de_betrokkene_keurt_zijn_eigen_verzoek_niet_goed(client, beheerder, beheerder2, duiven):
    """A beheerder asked a role for a colleague beheerder: that colleague cannot approve it for itself."""
    client.force_login(beheerder)
    _wijzig(client, beheerder2, rollen=[Rol.BEHEERDER, Rol.REGIOBEHEERDER], gemeenten=[*beheerder2.gemeenten.all()])
    verzoek = Toekenningsverzoek.objects.get()
    client.force_login(beheerder2)
    client.post(
        reverse("admin:ondermijning_toekenningsverzoek_changelist"),
        {"action": "goedkeuren", "_selected_action": [verzoek.pk]},
    )
    verzoek.refresh_from_db()
    assert verzoek.besluit == Besluit.OPEN
    assert _rollen(beheerder2) == {Rol.BEHEERDER}


def test_intrekken_werkt_direct_en_staat_in_de_audit(client, beheerder, beleid, duiven, westervoort):
    client.force_login(beheerder)
    antwoord = _wijzig(client, beleid, rollen=[], gemeenten=[westervoort])
    assert antwoord.status_code == 302
    assert _rollen(beleid) == set() and _gemeenten(beleid) == {"Westervoort"}
    teksten = list(
        AuditEvent.objects.filter(
            object_type="ondermijning.gebruiker", object_id=str(beleid.pk), actor=beheerder
        ).values_list("toelichting", flat=True)
    )
    assert any("rollen: beleidsmedewerker -> (geen)" in t for t in teksten), teksten
    assert any(f"gemeenten: {duiven.pk},{westervoort.pk} -> {westervoort.pk}" in t for t in teksten), teksten


def test_systeemaccount_kan_niet_inloggen(client, beheerder):
    client.force_login(beheerder)
    antwoord = client.post(
        reverse("admin:ondermijning_gebruiker_add"),
        {"username": "svc_mma", "is_systeemaccount": "on", "usable_password": "false"},
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    account = Gebruiker.objects.get(username="svc_mma")
    assert account.is_systeemaccount and not account.has_usable_password()
    # Even with a password set afterwards, the login form refuses a system account.
    account.set_password("een-lang-wachtwoord-123")
    account.save()
    antwoord = Client().post(reverse("login"), {"username": "svc_mma", "password": "een-lang-wachtwoord-123"})
    assert antwoord.status_code == 200 and "_auth_user_id" not in antwoord.wsgi_request.session


def test_systeemaccount_is_achteraf_niet_aan_te_zetten(client, beheerder, beleid):
    """Otherwise a beheerder turns `beleid` into a system account and makes a key for it."""
    client.force_login(beheerder)
    _wijzig(
        client, beleid, rollen=[Rol.BELEIDSMEDEWERKER], gemeenten=list(beleid.gemeenten.all()), is_systeemaccount="on"
    )
    beleid.refresh_from_db()
    assert not beleid.is_systeemaccount


def test_superuser_alleen_via_de_opdrachtregel_met_audit(beleid):
    call_command("superuser_zet", beleid.username)
    beleid.refresh_from_db()
    assert beleid.is_superuser
    event = AuditEvent.objects.filter(object_type="ondermijning.gebruiker", object_id=str(beleid.pk)).first()
    assert "is_superuser: nee -> ja" in event.toelichting
    call_command("superuser_zet", beleid.username, "--uit")
    beleid.refresh_from_db()
    assert not beleid.is_superuser


def test_tweede_factor_wijzigingen_staan_in_de_audit_met_voor_en_na(beleid):
    from django.test import RequestFactory
    from django_otp.oath import TOTP

    from ondermijning.beveiliging import herstelcodes_vernieuw, totp_apparaat_begin, totp_apparaat_bevestig

    verzoek = RequestFactory().get("/")
    verzoek.user, verzoek.session = beleid, {}
    apparaat = totp_apparaat_begin(gebruiker=beleid)
    code = f"{TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits).token():06d}"
    assert totp_apparaat_bevestig(request=verzoek, apparaat=apparaat, code=code)
    herstelcodes_vernieuw(gebruiker=beleid)
    teksten = list(
        AuditEvent.objects.filter(object_type="ondermijning.gebruiker", object_id=str(beleid.pk), actor=beleid)
        .order_by("id")
        .values_list("toelichting", flat=True)
    )
    assert "tweede factor (authenticator-app): 0 -> 1" in teksten[0], teksten
    assert "herstelcodes: 0 -> 10" in teksten[1], teksten
    assert "herstelcodes: 10 -> 10 (vernieuwd)" in teksten[2], teksten
