"""Factories for the core model, used by every app's tests."""

import factory
from django.contrib.auth.models import Group

from ondermijning.models import Gebruiker, Gemeente, Organisatie, OrganisatieType
from ondermijning.scoping import Rol


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    # Six characters like a real code (GM0226); the counter runs past 999 in a long suite and the
    # column is varchar(6) (PostgreSQL refuses longer, SQLite does not check).
    cbs_code = factory.Sequence(lambda n: f"GM{(9000 + n) % 10000:04d}")


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisatieType.GEMEENTE


class GebruikerFactory(factory.django.DjangoModelFactory):
    """A user; `rol=Rol.X` puts them in that role's group, `gemeenten=[...]` sets their scope."""

    class Meta:
        model = Gebruiker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisatie = factory.SubFactory(OrganisatieFactory)
    password = factory.django.Password("ondermijning-test")

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Rol(extracted).value))

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)
