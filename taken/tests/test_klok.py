"""Tasks follow the clock (ondermijning.klok): a decision taken in the demo story at a past moment
creates its task at that moment with its term from that day, and finishing it records that time."""

import datetime

import pytest
from django.utils import timezone

from ondermijning import klok
from signalen import services as signaal_services
from signalen.models import Besluit, SignaalStatus
from signalen.tests.factories import OverlegFactory, SignaalFactory
from taken import services
from taken.models import Taak

pytestmark = pytest.mark.django_db

OVERLEG = datetime.date(2024, 4, 10)


def _op(datum: datetime.date, uur: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur)))


def test_besluit_in_het_verhaal_geeft_een_taak_van_die_dag(duiven, beleid, voorzitter):
    signaal = SignaalFactory(gemeente=duiven, behandelaar=beleid)
    signaal_services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid)
    overleg = OverlegFactory(gemeenten=[duiven], datum=OVERLEG)
    punt = signaal_services.agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=beleid)
    with klok.op(_op(OVERLEG, 11)):
        signaal_services.agendapunt_besluit(agendapunt=punt, door=voorzitter, besluit=Besluit.STOP_GESPREK)
    taak = Taak.objects.get(agendapunt=punt)
    assert taak.created_at == _op(OVERLEG, 11)
    assert taak.uiterlijk_op == OVERLEG + datetime.timedelta(days=14)
    with klok.op(_op(OVERLEG + datetime.timedelta(days=7), 16)):
        taak = services.taak_rond_af(taak=taak, door=beleid, notitie="Gesprek gevoerd.")
    assert taak.afgerond_op == _op(OVERLEG + datetime.timedelta(days=7), 16)
