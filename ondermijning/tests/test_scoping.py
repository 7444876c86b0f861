"""Scoping: a user sees only their own municipalities; partners only what was shared; 404 outside."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ondermijning.models import Gemeente
from ondermijning.scoping import GescoptQuerySet, _is_meervoudig, gemeente_ids
from ondermijning.tests.factories import GebruikerFactory
from signalen.models import Adres


@pytest.fixture
def adressen(duiven, westervoort):
    in_duiven = Adres.objects.create(
        gemeente=duiven, straat="Rijksweg", huisnummer="1", postcode="6921 AA", plaats="Duiven"
    )
    in_westervoort = Adres.objects.create(
        gemeente=westervoort, straat="Dorpsstraat", huisnummer="2", postcode="6931 BB", plaats="Westervoort"
    )
    return in_duiven, in_westervoort


def test_gebruiker_ziet_alleen_eigen_gemeenten(adressen, beleid, beleid_westervoort):
    in_duiven, in_westervoort = adressen
    assert set(Adres.objects.voor_gebruiker(beleid)) == {in_duiven, in_westervoort}
    assert list(Adres.objects.voor_gebruiker(beleid_westervoort)) == [in_westervoort]


def test_partner_anoniem_en_inactief_zien_niets(adressen, politie, beleid):
    assert not Adres.objects.voor_gebruiker(politie).exists()
    assert not Adres.objects.voor_gebruiker(AnonymousUser()).exists()
    beleid.is_active = False
    assert not Adres.objects.voor_gebruiker(beleid).exists()


def test_gebruiker_zonder_gemeente_ziet_niets(adressen):
    assert not Adres.objects.voor_gebruiker(GebruikerFactory(username="leeg")).exists()


def test_gemeenten_van_gebruiker(beleid_westervoort, westervoort, duiven):
    assert list(Gemeente.objects.voor_gebruiker(beleid_westervoort)) == [westervoort]
    assert gemeente_ids(beleid_westervoort) == [westervoort.pk]


def test_meervoudig_pad_wordt_herkend():
    assert _is_meervoudig(Gemeente, "gebruikers")
    assert not _is_meervoudig(Adres, "gemeente")


def test_partner_ziet_wat_met_zijn_organisatie_gedeeld_is(politie, politie_org, duiven, beleid):
    """The partner path: a queryset over users' organisations stands in for a shared-with relation."""

    class GedeeldQuerySet(GescoptQuerySet):
        gemeente_pad = "gemeenten"
        gedeeld_met_pad = "organisatie"

    collega = GebruikerFactory(username="agent2", organisatie=politie_org, gemeenten=[duiven])
    qs = GedeeldQuerySet(model=type(beleid))
    zichtbaar = set(qs.voor_gebruiker(politie))
    assert collega in zichtbaar and politie in zichtbaar and beleid not in zichtbaar
    # A municipal user goes through the many-to-many without duplicates.
    assert list(qs.voor_gebruiker(beleid)).count(collega) == 1
