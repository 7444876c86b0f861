"""Factories for the signalen app."""

import datetime

import factory

from ondermijning.tests.factories import GemeenteFactory
from signalen.models import (
    Adres,
    Agendapunt,
    Bedrijf,
    Bron,
    Damoclesladder,
    Fenomeen,
    Interventie,
    InterventieSoort,
    Overleg,
    Persoon,
    Signaal,
    SoortZaak,
)


class FenomeenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fenomeen
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Fenomeen {n}")


class SignaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signaal

    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.Sequence(lambda n: f"Signaal {n}: kapsalon zonder klanten")
    omschrijving = "Altijd dicht, maar 's avonds veel verkeer en dure auto's voor de deur."
    bron = Bron.INWONER
    ontvangen_op = datetime.date(2024, 3, 1)
    zoektekst = factory.LazyAttribute(lambda o: f"{o.titel} {o.omschrijving}")


class AdresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adres

    gemeente = factory.SubFactory(GemeenteFactory)
    straat = "Rijksweg"
    huisnummer = factory.Sequence(lambda n: str(n + 1))
    postcode = "6921 AB"
    plaats = "Duiven"


class BedrijfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bedrijf

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Bedrijf {n} B.V.")
    kvk_nummer = factory.Sequence(lambda n: f"{70000000 + n}")


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persoon

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Persoon {n}")


class OverlegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overleg
        skip_postgeneration_save = True

    datum = datetime.date(2024, 4, 10)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)


class AgendapuntFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agendapunt

    overleg = factory.SubFactory(OverlegFactory)
    signaal = factory.SubFactory(SignaalFactory)


class DamoclesladderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Damoclesladder

    gemeente = factory.SubFactory(GemeenteFactory)
    soort_zaak = SoortZaak.HARDDRUGS_WONING
    stap = 1
    duur_maanden = 3


class InterventieFactory(factory.django.DjangoModelFactory):
    """An intervention on a signal (a Bibob investigation from April 2024 unless told otherwise)."""

    class Meta:
        model = Interventie

    signaal = factory.SubFactory(SignaalFactory)
    soort = InterventieSoort.BIBOB
    gestart_op = datetime.date(2024, 4, 1)
