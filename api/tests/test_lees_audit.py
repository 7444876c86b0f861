"""API reads of personal data are traceable per object (issue 17.7): one event per object, in one batch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.conftest import api
from ondermijning.models import AuditActie, AuditEvent
from signalen.tests.factories import PersoonFactory, SignaalFactory

pytestmark = pytest.mark.django_db


def signalen_met_personen(gemeente, aantal):
    signalen = []
    for _ in range(aantal):
        signaal = SignaalFactory(gemeente=gemeente)
        signaal.personen.add(PersoonFactory(gemeente=gemeente))
        signalen.append(signaal)
    return signalen


def lees_events(object_type):
    return AuditEvent.objects.filter(actie=AuditActie.LEZEN, object_type=object_type)


def test_lijst_van_signalen_met_personen_geeft_een_event_per_signaal(sleutel_westervoort, westervoort):
    signalen = signalen_met_personen(westervoort, 4)
    antwoord = api(sleutel_westervoort).get("/api/v1/signalen/")
    assert antwoord.status_code == 200
    assert all(s["personen"] for s in antwoord.json()["results"])
    events = lees_events("signalen.signaal")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(s.pk) for s in signalen)
    assert all(e.gemeente_id == westervoort.pk and "personen" in e.toelichting for e in events)


def test_aantal_queries_hangt_niet_af_van_het_aantal_signalen(sleutel_westervoort, westervoort):
    signalen_met_personen(westervoort, 2)
    api(sleutel_westervoort).get("/api/v1/signalen/")  # warm up (token last-used, content types)
    with CaptureQueriesContext(connection) as weinig:
        api(sleutel_westervoort).get("/api/v1/signalen/")
    signalen_met_personen(westervoort, 8)
    with CaptureQueriesContext(connection) as veel:
        api(sleutel_westervoort).get("/api/v1/signalen/")
    assert len(veel) == len(weinig)


def test_detail_geeft_een_event_met_het_id(sleutel_westervoort, westervoort):
    (signaal,) = signalen_met_personen(westervoort, 1)
    api(sleutel_westervoort).get(f"/api/v1/signalen/{signaal.pk}/")
    assert list(lees_events("signalen.signaal").values_list("object_id", flat=True)) == [str(signaal.pk)]


def test_lijst_van_personen_geeft_een_event_per_persoon(sleutel_westervoort, westervoort):
    personen = [PersoonFactory(gemeente=westervoort) for _ in range(3)]
    antwoord = api(sleutel_westervoort).get("/api/v1/personen/")
    assert antwoord.status_code == 200 and antwoord.json()["count"] == 3
    ids = sorted(lees_events("signalen.persoon").values_list("object_id", flat=True))
    assert ids == sorted(str(p.pk) for p in personen)
