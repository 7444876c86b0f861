"""Fixtures of the signalen tests: a Duiven signal with subjects, a Westervoort signal, an overleg."""

import datetime

import pytest

from signalen import services
from signalen.models import Bron, SignaalStatus
from signalen.tests.factories import FenomeenFactory, OverlegFactory


@pytest.fixture
def witwassen(db):
    return FenomeenFactory(naam="Witwassen", samen_weerbaar_prioriteit=True)


@pytest.fixture
def duiven_signaal(beleid, duiven, witwassen):
    """A Duiven-only signal about a barber shop, with an address, business and person."""
    signaal = services.signaal_registreer(
        door=beleid,
        gemeente=duiven,
        titel="Kapsalon Knipgoed zonder klanten",
        omschrijving="Nooit een afspraak te krijgen, wel veel contant geld en dure auto's voor de deur.",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
        fenomenen=[witwassen],
    )
    services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )
    services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Knipgoed V.O.F.", kvk_nummer="12345678")
    services.persoon_koppel(signaal=signaal, door=beleid, naam="Jan Kapper")
    signaal.refresh_from_db()
    return signaal


@pytest.fixture
def westervoort_signaal(beleid, westervoort):
    return services.signaal_registreer(
        door=beleid,
        gemeente=westervoort,
        titel="Loods met afgeplakte ramen",
        omschrijving="Ramen afgeplakt, stroomkabels naar buiten, 's nachts bedrijvigheid.",
        bron=Bron.POLITIE,
        ontvangen_op=datetime.date(2024, 2, 1),
    )


@pytest.fixture
def overleg(duiven, westervoort):
    return OverlegFactory(gemeenten=[duiven, westervoort], datum=datetime.date(2024, 4, 10))


def naar_status(signaal, status):
    from signalen.models import Signaal

    Signaal.objects.filter(pk=signaal.pk).update(status=status)
    signaal.refresh_from_db()
    return signaal


@pytest.fixture
def in_overleg():
    return lambda signaal: naar_status(signaal, SignaalStatus.OVERLEG)
