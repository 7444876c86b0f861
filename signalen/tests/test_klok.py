"""The signalen services record the time of the clock (ondermijning.klok): the story time when the
demo loader replays its story under `klok.op(...)`, so a recorded time is when the thing happened."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ondermijning import klok
from signalen import services
from signalen.models import Bron, RiecStatus, SignaalStatus, WegingUitkomst

pytestmark = pytest.mark.django_db


def _op(datum: datetime.date, uur: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur)))


def test_de_levensloop_van_een_signaal_draagt_de_tijd_van_de_klok(beleid, voorzitter, duiven):
    with klok.op(_op(datetime.date(2024, 3, 1), 9)):
        signaal = services.signaal_registreer(
            door=beleid,
            gemeente=duiven,
            titel="Kapsalon zonder klanten",
            omschrijving="Nooit een afspraak te krijgen.",
            bron=Bron.INWONER,
            ontvangen_op=datetime.date(2024, 3, 1),
        )
    with klok.op(_op(datetime.date(2024, 3, 7), 11)):
        weging = services.weging_vastleggen(
            signaal=signaal,
            door=beleid,
            is_ondermijning=True,
            raakt_gemeentelijke_taak=True,
            is_concreet=True,
            is_recent=True,
            uitkomst=WegingUitkomst.OPPLUSSEN,
        )
    with klok.op(_op(datetime.date(2024, 3, 9))):
        verrijking = services.verrijking_toevoegen(
            signaal=signaal,
            door=beleid,
            bron="kvk",
            informatie="KVK: geen personeel.",
            datum=datetime.date(2024, 3, 9),
            betrouwbaarheid_bron="A",
            betrouwbaarheid_informatie="1",
        )
    with klok.op(_op(datetime.date(2024, 3, 12), 14)):
        services.signaal_transitie(signaal=signaal, naar=SignaalStatus.OVERLEG, door=beleid, reden="Geagendeerd.")
        melding = services.riec_melding_opstellen(signaal=signaal, door=beleid, vraag_aan_riec="Bekend bij partners?")
    with klok.op(_op(datetime.date(2024, 3, 15))):
        services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.INGEDIEND)

    signaal.refresh_from_db()
    melding.refresh_from_db()
    assert signaal.created_at == _op(datetime.date(2024, 3, 1), 9)
    assert [o.created_at.date() for o in signaal.statusovergangen.order_by("created_at", "pk")] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 7),
        datetime.date(2024, 3, 7),
        datetime.date(2024, 3, 12),
        datetime.date(2024, 3, 15),
    ]
    assert weging.op == _op(datetime.date(2024, 3, 7), 11)
    assert verrijking.created_at == _op(datetime.date(2024, 3, 9))
    assert melding.created_at == _op(datetime.date(2024, 3, 12), 14)
    assert melding.ingediend_op == datetime.date(2024, 3, 15)  # the default date is the clock's today
    assert signaal.status == SignaalStatus.RIEC


def test_de_regels_over_de_toekomst_gelden_ten_opzichte_van_de_klok(beleid, duiven):
    """In the story, 'not in the future' means not after the story's today."""
    with klok.op(_op(datetime.date(2024, 3, 1))), pytest.raises(ValidationError):
        services.signaal_registreer(
            door=beleid,
            gemeente=duiven,
            titel="Te vroeg",
            omschrijving="Ontvangen na de dag van het verhaal.",
            bron=Bron.INWONER,
            ontvangen_op=datetime.date(2024, 3, 2),
        )
