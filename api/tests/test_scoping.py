"""The same scoping as the web: a Westervoort token never sees Duiven rows (404), partners see what is shared."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime

from actieplan.tests.factories import ActieFactory, UitgaveFactory, UitvoeringsplanFactory
from api.tests.conftest import api
from api.tests.factories import maak_token
from controles.models import ControleStatus
from controles.tests.factories import BezoekFactory, ControleFactory, ControleObjectFactory
from ondermijning.models import AuditActie, AuditEvent
from signalen.tests.factories import AdresFactory, BedrijfFactory, PersoonFactory, SignaalFactory

pytestmark = pytest.mark.django_db


def test_westervoort_sleutel_leest_geen_duivens_signaal(sleutel_westervoort, duiven, westervoort):
    duivens = SignaalFactory(gemeente=duiven)
    eigen = SignaalFactory(gemeente=westervoort)
    client = api(sleutel_westervoort)
    antwoord = client.get(f"/api/v1/signalen/{duivens.pk}/")
    assert antwoord.status_code == 404
    assert antwoord.json() == {"status": 404, "code": "niet_gevonden", "melding": "Niet gevonden."}
    assert client.get(f"/api/v1/signalen/{eigen.pk}/").json()["titel"] == eigen.titel
    ids = [s["id"] for s in client.get("/api/v1/signalen/").json()["results"]]
    assert ids == [eigen.pk]
    # Filtering on the other municipality yields nothing rather than an error that reveals it.
    assert client.get(f"/api/v1/signalen/?gemeente={duiven.pk}").json()["count"] == 0
    assert AuditEvent.objects.filter(actie=AuditActie.TOEGANG_GEWEIGERD, object_id=str(duivens.pk)).exists()


@pytest.mark.parametrize(
    "pad,maak",
    [
        ("adressen", lambda g: AdresFactory(gemeente=g)),
        ("bedrijven", lambda g: BedrijfFactory(gemeente=g)),
        ("personen", lambda g: PersoonFactory(gemeente=g)),
        ("controles", lambda g: ControleFactory(gemeente=g)),
        ("bezoeken", lambda g: BezoekFactory(controle__gemeente=g)),
        ("acties", lambda g: ActieFactory(thema__plan=UitvoeringsplanFactory(gemeenten=[g]))),
        ("uitgaven", lambda g: UitgaveFactory(gemeente=g, datum=datetime.date(2024, 4, 1), bedrag=Decimal("10"))),
    ],
)
def test_elk_eindpunt_is_gescopet(pad, maak, sleutel_westervoort, duiven, westervoort):
    duivens, eigen = maak(duiven), maak(westervoort)
    client = api(sleutel_westervoort)
    assert client.get(f"/api/v1/{pad}/{duivens.pk}/").status_code == 404
    assert client.get(f"/api/v1/{pad}/{eigen.pk}/").status_code == 200
    assert [r["id"] for r in client.get(f"/api/v1/{pad}/").json()["results"]] == [eigen.pk]


def test_ketenpartner_ziet_alleen_gedeelde_controles(politie, politie_org, duiven):
    gedeeld = ControleFactory(gemeente=duiven, organisaties=[politie_org])
    ControleObjectFactory(controle=gedeeld)
    niet_gedeeld = ControleFactory(gemeente=duiven)
    bezoek = BezoekFactory(controle=gedeeld)
    _token, sleutel = maak_token(politie)
    client = api(sleutel)
    assert client.get(f"/api/v1/controles/{gedeeld.pk}/").status_code == 200
    assert client.get(f"/api/v1/controles/{gedeeld.pk}/").json()["objecten"]
    assert client.get(f"/api/v1/controles/{niet_gedeeld.pk}/").status_code == 404
    assert [c["id"] for c in client.get("/api/v1/controles/").json()["results"]] == [gedeeld.pk]
    # Visits, signals and subjects are never shared with partners.
    assert client.get(f"/api/v1/bezoeken/{bezoek.pk}/").status_code == 403
    assert client.get("/api/v1/signalen/").status_code == 403


def _rijen(aantal, gemeente):
    for _ in range(aantal):
        signaal = SignaalFactory(gemeente=gemeente)
        signaal.adressen.add(AdresFactory(gemeente=gemeente))
        signaal.personen.add(PersoonFactory(gemeente=gemeente))
        BezoekFactory(controle=ControleFactory(gemeente=gemeente, status=ControleStatus.UITGEVOERD))


@pytest.mark.parametrize("pad", ["signalen", "controles", "bezoeken", "adressen"])
def test_lijst_met_vast_aantal_queries_bij_5_en_50_rijen(pad, sleutel_westervoort, westervoort):
    client = api(sleutel_westervoort)
    client.get(f"/api/v1/{pad}/")  # first use of the token records "last used" once
    _rijen(5, westervoort)
    with CaptureQueriesContext(connection) as bij_5:
        assert client.get(f"/api/v1/{pad}/").json()["count"] == 5
    _rijen(45, westervoort)
    with CaptureQueriesContext(connection) as bij_50:
        assert client.get(f"/api/v1/{pad}/").json()["count"] == 50
    # The rate limit's count in the shared cache table costs a fixed few queries of its own.
    eigen_5, eigen_50 = (_zonder_cache(q) for q in (bij_5, bij_50))
    assert len(eigen_5) == len(eigen_50) <= 20
    assert len(bij_5) - len(eigen_5) <= 6
    assert len(bij_5) == len(bij_50)


def _zonder_cache(vastgelegd) -> list[str]:
    """The queries of the request itself: not the rate limiter's in the cache table, nor its savepoint."""
    sql = [q["sql"] for q in vastgelegd.captured_queries]

    def cache(i: int) -> bool:
        return 0 <= i < len(sql) and "ondermijning_cache" in sql[i]

    return [q for i, q in enumerate(sql) if not cache(i) and not ("SAVEPOINT" in q and (cache(i - 1) or cache(i + 1)))]


def test_actie_houdt_haar_publieke_veldnaam_gewijzigd_op(sleutel_westervoort, westervoort):
    # The model calls it updated_at (one name for a record time); the API's field name stays.
    actie = ActieFactory(thema__plan=UitvoeringsplanFactory(gemeenten=[westervoort]), gemeenten=[westervoort])
    gegevens = api(sleutel_westervoort).get(f"/api/v1/acties/{actie.pk}/").json()
    assert "updated_at" not in gegevens
    assert parse_datetime(gegevens["gewijzigd_op"]) == actie.updated_at
