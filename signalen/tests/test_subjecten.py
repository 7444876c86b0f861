"""Subjects are reused only on an exact match of what identifies them; a near match is a choice."""

import datetime

import pytest

from signalen import services
from signalen.models import Bron
from signalen.tests.factories import SignaalFactory


@pytest.fixture
def signaal(beleid, duiven):
    return services.signaal_registreer(
        door=beleid,
        gemeente=duiven,
        titel="Loods met afgeplakte ramen",
        omschrijving="Ramen afgeplakt, 's nachts bedrijvigheid.",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
    )


@pytest.fixture
def rijksweg(beleid, duiven):
    kapsalon = SignaalFactory(gemeente=duiven, titel="Kapsalon zonder klanten")
    return services.adres_koppel(
        signaal=kapsalon, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )


def test_rijnstraat_wordt_niet_stil_rijksweg(signaal, beleid, rijksweg):
    """The defect of issue 14: same postcode and number, another street, was silently reused."""
    with pytest.raises(services.SubjectKeuzeNodig) as keuze:
        services.adres_koppel(
            signaal=signaal, door=beleid, straat="Rijnstraat", huisnummer="12", postcode="6921 AB", plaats="Duiven"
        )
    assert keuze.value.kandidaten == [rijksweg]
    assert not signaal.adressen.exists()
