"""Factories of the actieplan app. Signals and controls come from their own apps' factories."""

import datetime
from decimal import Decimal

import factory

from actieplan.models import (
    Actie,
    Begroting,
    CommunicatieItem,
    CommunicatieType,
    Kanaal,
    Kostenpost,
    Thema,
    TimingSoort,
    Uitgave,
    UitgaveCategorie,
    Uitvoeringsplan,
)
from ondermijning.tests.factories import GemeenteFactory


class UitvoeringsplanFactory(factory.django.DjangoModelFactory):
    """A plan for 2024; `gemeenten=[...]` sets the municipalities it covers."""

    class Meta:
        model = Uitvoeringsplan
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Uitvoeringsplan {n}")
    periode_start = datetime.date(2024, 1, 1)
    periode_eind = datetime.date(2024, 12, 31)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)


class ThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thema

    plan = factory.SubFactory(UitvoeringsplanFactory)
    nummer = factory.Sequence(lambda n: n + 1)
    naam = factory.Sequence(lambda n: f"Thema {n}")


class ActieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actie
        skip_postgeneration_save = True

    thema = factory.SubFactory(ThemaFactory)
    plan = factory.SelfAttribute("thema.plan")
    nummer = factory.Sequence(lambda n: n + 1)
    omschrijving = factory.Sequence(lambda n: f"Actie {n}")
    timing_soort = TimingSoort.DOORLOPEND

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)


class KostenpostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kostenpost

    actie = factory.SubFactory(ActieFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024
    categorie = UitgaveCategorie.OVERIG
    bedrag = Decimal("100.00")


class BegrotingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Begroting

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024
    beschikbaar = Decimal("5000.00")
    bron = "Algemeen veiligheidsbudget"


class UitgaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Uitgave

    gemeente = factory.SubFactory(GemeenteFactory)
    datum = datetime.date(2024, 3, 1)
    bedrag = Decimal("125.00")
    omschrijving = factory.Sequence(lambda n: f"Uitgave {n}")
    categorie = UitgaveCategorie.OVERIG


class CommunicatieItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicatieItem
        skip_postgeneration_save = True

    onderwerp = factory.Sequence(lambda n: f"Bericht {n}")
    datum = datetime.date(2024, 5, 1)
    kanaal = Kanaal.SOCIALE_MEDIA
    type = CommunicatieType.ALGEMEEN
    thema = "Mensenhandel"

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)
