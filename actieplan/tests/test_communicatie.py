"""Communicatiekalender: list and month view, the iCal feed (parsed back, scoped, revocable, audited)."""

import datetime
import hashlib
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from actieplan import services
from actieplan.models import CommunicatieItem, KalenderToken
from ondermijning.models import AuditActie, AuditEvent

from .factories import CommunicatieItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(duiven, westervoort):
    return [
        CommunicatieItemFactory(
            onderwerp="Duivenpost mensenhandel", gemeenten=[duiven], datum=datetime.date(2024, 2, 15)
        ),
        CommunicatieItemFactory(
            onderwerp="Westervoort in Beweging",
            gemeenten=[westervoort],
            kanaal="evenement",
            datum=datetime.date(2024, 9, 7),
        ),
        CommunicatieItemFactory(
            onderwerp="MMA-campagne",
            gemeenten=[duiven, westervoort],
            datum=datetime.date(2024, 3, 4),
            datum_eind=datetime.date(2024, 3, 31),
        ),
    ]


def _link_maken(client) -> str:
    """Ask for a new link and read its secret from the one answer that shows it."""
    response = client.post(reverse("actieplan:kalender_koppeling"), {"actie": "vernieuwen"})
    assert response.status_code == 200
    url = html.unescape(re.search(r'id="kalender-url" value="([^"]+)"', response.content.decode()).group(1))
    return re.search(r"token=([^&]+)$", url).group(1)


def _feed(token):
    # Calendar apps have no session: a plain client without login.
    return Client().get(reverse("actieplan:kalender_ics"), {"token": token})


def test_ical_feed_parseert_en_toont_alleen_eigen_scope(beleid_westervoort, items):
    _token, geheim = services.kalender_token_vernieuw(door=beleid_westervoort)
    response = _feed(geheim)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    kalender = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in kalender.walk("VEVENT")}
    assert set(events) == {"Westervoort in Beweging", "MMA-campagne"}
    mma = events["MMA-campagne"]
    assert mma.decoded("dtstart") == datetime.date(2024, 3, 4)
    assert mma.decoded("dtend") == datetime.date(2024, 4, 1)  # exclusive end: the whole of 31 March
    assert AuditEvent.objects.filter(
        actie=AuditActie.EXPORT, actor=beleid_westervoort, object_type="actieplan.communicatieitem"
    ).exists()


def test_ical_zonder_of_met_fout_token_is_404(items):
    assert Client().get(reverse("actieplan:kalender_ics")).status_code == 404
    assert _feed("x" * 43).status_code == 404


def test_ical_token_intrekken_en_vernieuwen(client, beleid, items):
    client.force_login(beleid)
    eerste = _link_maken(client)
    assert _feed(eerste).status_code == 200
    tweede = _link_maken(client)
    assert tweede != eerste
    assert _feed(eerste).status_code == 404
    assert _feed(tweede).status_code == 200
    client.post(reverse("actieplan:kalender_koppeling"), {"actie": "intrekken"})
    assert _feed(tweede).status_code == 404


def test_ical_token_alleen_als_hash_bewaard_en_eenmalig_getoond(client, beleid, items):
    """Whoever reads the database (or a backup) cannot use the feed links in it."""
    client.force_login(beleid)
    geheim = _link_maken(client)
    assert _feed(geheim).status_code == 200
    rij = KalenderToken.objects.values().get(gebruiker=beleid)
    assert geheim not in str(rij)
    assert rij["token_hash"] == hashlib.sha256(geheim.encode()).hexdigest()
    pagina = client.get(reverse("actieplan:kalender_koppeling")).content.decode()
    assert geheim not in pagina
    assert "alleen direct na het maken" in pagina


def test_ical_token_van_gedeactiveerde_gebruiker_werkt_niet(beleid, items):
    _token, geheim = services.kalender_token_vernieuw(door=beleid)
    beleid.is_active = False
    beleid.save()
    assert _feed(geheim).status_code == 404


def test_lijst_is_gescoped(client, beleid_westervoort, items):
    client.force_login(beleid_westervoort)
    html = client.get(reverse("actieplan:communicatie")).content.decode()
    assert "Westervoort in Beweging" in html and "MMA-campagne" in html
    assert "Duivenpost mensenhandel" not in html


def test_lijst_filter_htmx_partial(client, beleid, items):
    client.force_login(beleid)
    response = client.get(reverse("actieplan:communicatie"), {"kanaal": "evenement"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Westervoort in Beweging" in html and "MMA-campagne" not in html
    assert "<html" not in html


def test_maandweergave_toont_periode_op_elke_dag(client, beleid, items):
    client.force_login(beleid)
    response = client.get(reverse("actieplan:communicatie"), {"weergave": "maand", "maand": "2024-03"})
    dagen = [d for week in response.context["weken"] for d in week if d["in_maand"]]
    assert all([i.onderwerp for i in d["items"]] == ["MMA-campagne"] for d in dagen if 4 <= d["dag"].day <= 31)
    assert [d["items"] for d in dagen if d["dag"].day == 1] == [[]]


def test_nieuw_item_met_fout_houdt_invoer(client, beleid, duiven):
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:communicatie_nieuw"),
        {"onderwerp": "Persbericht sluiting", "datum": "2024-06-10", "datum_eind": "2024-06-01",
         "kanaal": "lokale_krant", "type": "algemeen", "thema": "Drugs", "gemeenten": [duiven.pk],
         "status": "gepland"},
    )  # fmt: skip
    html = response.content.decode()
    assert "De einddatum ligt vóór de begindatum." in html
    assert "Persbericht sluiting" in html
    assert not CommunicatieItem.objects.exists()


def test_item_wijzigen_status_en_scope(client, beleid_westervoort, items, westervoort):
    duiven_item, westervoort_item, gedeeld = items
    client.force_login(beleid_westervoort)
    assert client.get(reverse("actieplan:communicatie_bewerken", args=[duiven_item.pk])).status_code == 404
    response = client.post(
        reverse("actieplan:communicatie_bewerken", args=[gedeeld.pk]),
        {"onderwerp": gedeeld.onderwerp, "datum": "2024-03-04", "datum_eind": "2024-03-31", "kanaal": gedeeld.kanaal,
         "type": gedeeld.type, "thema": gedeeld.thema, "gemeenten": [westervoort.pk], "status": "gepubliceerd"},
    )  # fmt: skip
    assert response.status_code == 302
    gedeeld.refresh_from_db()
    assert gedeeld.status == "gepubliceerd"
    # Duiven stays on the shared item although this user cannot see or choose Duiven.
    assert sorted(gedeeld.gemeenten.values_list("naam", flat=True)) == ["Duiven", "Westervoort"]
    assert AuditEvent.objects.filter(actie=AuditActie.WIJZIGEN, object_id=str(gedeeld.pk)).exists()
