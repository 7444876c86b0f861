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
    """A 13b procedure on a fresh signal of `gemeente` (case type hard drugs in a dwelling); an `adres`
    given becomes one of the signal's addresses (a procedure's premises must be)."""
    signaal = SignaalFactory(gemeente=gemeente)
    if kwargs.get("adres") is not None:
        signaal.adressen.add(kwargs["adres"])
    return services.procedure_start(
        signaal=signaal,
        soort=damocles(),
        door=door,
        gestart_op=gestart_op,
        soort_zaak="harddrugs_woning",
        **kwargs,
    )


def bibob():
    """The standard Bibob kind the migration seeds."""
    return ProcedureSoort.objects.get(vorm="bibob", gemeente=None)


def doorloop(procedure, door, stappen: dict, dag=datetime.date(2026, 3, 2)):
    """Record or skip the steps in order: {volgorde: fields} records, {volgorde: "reason"} skips.
    Steps not named are recorded with only their date."""
    for stap in procedure.stappen.select_related("sjabloon").order_by("sjabloon__volgorde"):
        velden = stappen.get(stap.sjabloon.volgorde, {})
        if isinstance(velden, str):
            services.stap_overslaan(stap=stap, door=door, reden=velden)
        else:
            services.stap_vastleggen(stap=stap, door=door, **{"gedaan_op": dag, **velden})
    procedure.refresh_from_db()
    return services.procedure_afsluiten(procedure=procedure, door=door, versie=procedure.versie)


TOETS = {"geschikt": "Stopt de handel.", "noodzakelijk": "Lichter volstaat niet.", "evenredig": "In verhouding."}

# The 13b steps up to a closure with an objection declared unfounded (a ladder must exist).
GESLOTEN_13B = {
    1: {"tekst": "Cocaïne, 400 gram, woning"},
    4: {"uitkomst": "Geen zienswijze ontvangen"},
    5: TOETS,
    6: {"uitkomst": "Sluiting"},
    7: {"tot_op": datetime.date(2026, 6, 1)},
    8: {"uitkomst": "Bezwaar ingediend"},
    9: {"uitkomst": "Ongegrond"},
}

# A Bibob procedure without the national bureau, ending in a refusal.
GEWEIGERD_BIBOB = {
    4: {"tekst": "Financiering niet te herleiden."},
    5: "Geen tip van het OM.",
    6: "Eigen onderzoek volstaat.",
    7: "Geen advies gevraagd.",
    9: {"uitkomst": "Zienswijze ontvangen"},
    10: TOETS,
    11: {"uitkomst": "Geweigerd / ingetrokken", "mate_van_gevaar": "ernstig"},
    12: {"uitkomst": "Geen bezwaar ingediend"},
}
