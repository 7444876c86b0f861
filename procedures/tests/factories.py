import datetime

import factory

from procedures import services
from procedures.models import ProcedureSoort, StapSjabloon
from signalen.tests.factories import SignaalFactory


class ProcedureSoortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureSoort

    naam = factory.Sequence(lambda n: f"Procedure {n}")
    vorm = "overig"


class StapSjabloonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StapSjabloon

    soort = factory.SubFactory(ProcedureSoortFactory)
    volgorde = factory.Sequence(lambda n: n + 1)
    naam = factory.Sequence(lambda n: f"Stap {n}")


def damocles():
    """The standard 13b kind the migration seeds."""
    return ProcedureSoort.objects.get(vorm="13b", gemeente=None)


def start_13b(*, gemeente, door, gestart_op=datetime.date(2026, 3, 2), **kwargs):
    """A 13b procedure on a fresh signal of `gemeente` (case type hard drugs in a dwelling)."""
    signaal = SignaalFactory(gemeente=gemeente)
    return services.procedure_start(
        signaal=signaal,
        soort=damocles(),
        door=door,
        gestart_op=gestart_op,
        soort_zaak="harddrugs_woning",
        **kwargs,
    )
