"""Controls follow the clock (ondermijning.klok): planned, carried out and recorded at the story's time."""

import datetime

import pytest
from django.utils import timezone

from controles import services
from controles.models import ControleSoort, ControleStatus
from ondermijning import klok

pytestmark = pytest.mark.django_db

DATUM = datetime.date(2024, 3, 20)


def _op(datum: datetime.date, uur: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur)))


def test_een_controle_in_het_verhaal_draagt_de_tijd_van_de_klok(duiven, beleid):
    with klok.op(_op(DATUM - datetime.timedelta(days=28), 9)):
        controle = services.controle_maak(
            door=beleid, gemeente=duiven, soort=ControleSoort.INTEGRALE_CONTROLE, datum=DATUM, omschrijving="Demo"
        )
    with klok.op(_op(DATUM, 15)):
        services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=beleid)
    assert [w.created_at for w in controle.statuswijzigingen.order_by("created_at")] == [
        _op(DATUM - datetime.timedelta(days=28), 9),
        _op(DATUM, 15),
    ]
