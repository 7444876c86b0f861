"""Factories for the taken app."""

import datetime

import factory

from ondermijning.tests.factories import GemeenteFactory
from taken.models import Taak


class TaakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taak

    gemeente = factory.SubFactory(GemeenteFactory)
    omschrijving = factory.Sequence(lambda n: f"Taak {n}: bewoners spreken")
    uiterlijk_op = datetime.date(2024, 6, 1)
