"""Factories for the controles app."""

import datetime
import io
import uuid

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from controles.models import (
    Bedrijventerrein,
    Bezoek,
    Controle,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    TheseusLabel,
)
from ondermijning.tests.factories import GebruikerFactory, GemeenteFactory
from signalen.tests.factories import AdresFactory, BedrijfFactory  # noqa: F401 (re-exported for tests)


class ControleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Controle
        skip_postgeneration_save = True

    soort = ControleSoort.INTEGRALE_CONTROLE
    gemeente = factory.SubFactory(GemeenteFactory)
    datum = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    starttijd = datetime.time(9, 30)
    status = ControleStatus.GEPLAND

    @factory.post_generation
    def organisaties(self, create, extracted, **kwargs):
        if create and extracted:
            self.deelnemende_organisaties.set(extracted)

    @factory.post_generation
    def deelnemers(self, create, extracted, **kwargs):
        if create and extracted:
            self.deelnemers.set(extracted)


class ControleObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControleObject

    controle = factory.SubFactory(ControleFactory)
    bedrijf = factory.SubFactory(BedrijfFactory, gemeente=factory.SelfAttribute("..controle.gemeente"))
    adres = None


class BezoekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bezoek

    controle = factory.SubFactory(ControleFactory, status=ControleStatus.UITGEVOERD)
    object = factory.SubFactory(ControleObjectFactory, controle=factory.SelfAttribute("..controle"))
    bedrijf = factory.SelfAttribute("object.bedrijf")
    bevindingen = "Pand in gebruik als opslag; ramen afgeplakt."
    client_uuid = factory.LazyFunction(uuid.uuid4)
    door = factory.SubFactory(GebruikerFactory)


class PlanningsregelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Planningsregel
        django_get_or_create = ("gemeente", "soort")

    gemeente = factory.SubFactory(GemeenteFactory)
    soort = ControleSoort.INTEGRALE_CONTROLE
    interval_weken = 6


class BedrijventerreinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bedrijventerrein

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Bedrijventerrein {n}")


class TheseusLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TheseusLabel

    bedrijventerrein = factory.SubFactory(BedrijventerreinFactory)
    bedrijf = factory.SubFactory(BedrijfFactory, gemeente=factory.SelfAttribute("..bedrijventerrein.gemeente"))
    label = Label.WIT
    toelichting = "Geen informatie in open bronnen."
    bronnen = "open bronnen"
    huidig = True


def foto_bestand(naam: str = "foto.jpg", formaat: str = "JPEG", grootte=(40, 30), exif: bool = False):
    """A real small image as an upload, optionally with EXIF (GPS) metadata."""
    from PIL import Image

    beeld = Image.new("RGB", grootte, (200, 30, 30))
    uit = io.BytesIO()
    kwargs = {}
    if exif:
        gegevens = Image.Exif()
        gegevens[0x010F] = "TestCamera"  # Make
        gegevens[0x8825] = {1: "N", 2: (52.0, 0.0, 0.0)}  # GPS info
        kwargs["exif"] = gegevens
    beeld.save(uit, format=formaat, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[formaat]
    return SimpleUploadedFile(naam, uit.getvalue(), content_type=content_type)
