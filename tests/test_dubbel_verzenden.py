"""Double submit (issue 17.4): every create form carries a one-time token; the same token twice
creates one object, and the second answer leads to the object the first one made."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actieplan.models import CommunicatieItem, Uitgave
from controles.models import Controle
from signalen.models import Overleg, Signaal

TOKEN = re.compile(
    r'name="formulier_token"[^>]*value="([0-9a-f-]{36})"|value="([0-9a-f-]{36})"[^>]*name="formulier_token"'
)


def _formulier_token(client, url) -> str:
    html = client.get(url).content.decode()
    gevonden = TOKEN.search(html)
    assert gevonden, f"{url}: geen eenmalig formulier-token in het formulier"
    return gevonden.group(1) or gevonden.group(2)


def _morgen():
    return (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


FORMULIEREN = {
    "signaal": (
        "signalen:nieuw",
        Signaal,
        lambda duiven: {"gemeente": duiven.pk, "titel": "Loods", "omschrijving": "Ramen afgeplakt, veel verkeer.",
                        "bron": "politie", "ontvangen_op": "01-03-2024", "prioriteit": 2},
    ),
    "melden": (
        "signalen:melden",
        Signaal,
        lambda duiven: {"gemeente": duiven.pk, "titel": "Kapper", "omschrijving": "Nooit klanten, veel contant geld."},
    ),
    "uitgave": (
        "actieplan:uitgave_nieuw",
        Uitgave,
        lambda duiven: {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": "25,50", "categorie": "overig",
                        "omschrijving": "Drukwerk posters"},
    ),
    "communicatie": (
        "actieplan:communicatie_nieuw",
        CommunicatieItem,
        lambda duiven: {"onderwerp": "Persbericht", "datum": "2024-06-10", "kanaal": "lokale_krant",
                        "type": "algemeen", "thema": "Drugs", "gemeenten": [duiven.pk], "status": "gepland"},
    ),
    "controle": (
        "controles:nieuw",
        Controle,
        lambda duiven: {"soort": "integrale_controle", "gemeente": duiven.pk, "datum": _morgen(), "starttijd": "09:30",
                        "doel": "witte_vlekken", "omschrijving": "Rondgang", "kosten": "0"},
    ),
    "overleg": (
        "signalen:overleg_nieuw",
        Overleg,
        lambda duiven: {"titel": "LOO", "datum": _morgen(), "aanvang": "10:00", "locatie": "Gemeentehuis",
                        "gemeenten": [duiven.pk]},
    ),
}  # fmt: skip


@pytest.mark.parametrize("soort", FORMULIEREN)
def test_zelfde_token_twee_keer_maakt_een_object(client, beleid, duiven, soort):
    url_naam, model, gegevens = FORMULIEREN[soort]
    if soort == "overleg":
        from django.contrib.auth.models import Permission

        beleid.user_permissions.add(Permission.objects.get(codename="add_overleg"))
    client.force_login(beleid)
    url = reverse(url_naam)
    data = {**gegevens(duiven), "formulier_token": _formulier_token(client, url)}
    eerste = client.post(url, data)
    assert eerste.status_code == 302, eerste.content.decode()[:2000]
    tweede = client.post(url, data)
    assert tweede.status_code == 302
    assert tweede.url == eerste.url  # the second answer shows what the first one made
    assert model.objects.count() == 1


def test_nieuw_token_maakt_wel_een_tweede(client, beleid, duiven):
    url_naam, model, gegevens = FORMULIEREN["uitgave"]
    client.force_login(beleid)
    url = reverse(url_naam)
    for _ in range(2):
        data = {**gegevens(duiven), "formulier_token": _formulier_token(client, url)}
        assert client.post(url, data).status_code == 302
    assert model.objects.count() == 2


def test_token_van_een_ander_maakt_niets(client, beleid, duiven, westervoort):
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    url_naam, model, gegevens = FORMULIEREN["uitgave"]
    client.force_login(beleid)
    url = reverse(url_naam)
    data = {**gegevens(duiven), "formulier_token": _formulier_token(client, url)}
    assert client.post(url, data).status_code == 302
    ander = GebruikerFactory(username="t_ander", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[duiven])
    client.force_login(ander)
    antwoord = client.post(url, data)
    assert antwoord.status_code == 200  # refused with a message; nothing about the first object is shown
    assert model.objects.count() == 1


def test_mislukte_verzending_laat_het_token_bruikbaar(client, beleid, duiven):
    url_naam, model, gegevens = FORMULIEREN["uitgave"]
    client.force_login(beleid)
    url = reverse(url_naam)
    data = {**gegevens(duiven), "formulier_token": _formulier_token(client, url)}
    assert client.post(url, {**data, "bedrag": "-1"}).status_code == 200
    assert client.post(url, data).status_code == 302
    assert model.objects.count() == 1


def test_verzendknop_wordt_uitgeschakeld_door_script_zonder_inline_code(client, beleid):
    client.force_login(beleid)
    html = client.get(reverse("signalen:nieuw")).content.decode()
    assert "data-eenmalig" in html and "js/eenmalig.js" in html


@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_verzending_maakt_een_object(beleid, duiven):
    """Two threads with one token at the same moment (PostgreSQL: the second waits on the unique index)."""
    import threading
    import time
    import uuid
    from decimal import Decimal

    from django.db import connection as verbinding
    from django.db import connections

    from actieplan import services
    from ondermijning.eenmalig import AlVerzonden, eenmalig_maken

    if verbinding.vendor != "postgresql":
        pytest.skip("gelijktijdige transacties: alleen op PostgreSQL")
    token, start, uitkomsten = uuid.uuid4(), threading.Barrier(2), []

    def maak():
        uitgave = services.uitgave_boek(
            gemeente=duiven, datum=datetime.date(2024, 3, 4), bedrag=Decimal("10"), omschrijving="x",
            categorie="overig", door=beleid,
        )  # fmt: skip
        time.sleep(0.3)  # keep the first transaction open while the second arrives
        return uitgave

    def verzend():
        start.wait()
        try:
            eenmalig_maken(token=token, gebruiker=beleid, maak=maak, url=lambda u: f"/uitgave/{u.pk}/")
            uitkomsten.append("gemaakt")
        except AlVerzonden as al:
            uitkomsten.append(al.url)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=verzend) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert Uitgave.objects.count() == 1
    assert sorted(uitkomsten) == sorted(["gemaakt", f"/uitgave/{Uitgave.objects.get().pk}/"])


@pytest.mark.django_db
def test_oude_formuliertokens_worden_opgeruimd(beleid):
    """Nightly retention removes the tokens of forms that can no longer be sent (session over); a
    token of today still stops a double submit."""
    import uuid

    from meldingen import services as meldingen
    from ondermijning.models import Formuliertoken

    nu = timezone.now()
    oud = Formuliertoken.objects.create(token=uuid.uuid4(), gebruiker=beleid, url="/signalen/1/")
    recent = Formuliertoken.objects.create(token=uuid.uuid4(), gebruiker=beleid, url="/signalen/2/")
    Formuliertoken.objects.filter(pk=oud.pk).update(created_at=nu - datetime.timedelta(days=2))
    Formuliertoken.objects.filter(pk=recent.pk).update(created_at=nu - datetime.timedelta(hours=11))
    resultaat = meldingen.opschonen(nu=nu)
    assert resultaat["formuliertokens"] == 1
    assert list(Formuliertoken.objects.values_list("pk", flat=True)) == [recent.pk]
