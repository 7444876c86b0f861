"""Reads of the procedures app shared by pages (and later letters and exports)."""

from django.contrib.contenttypes.models import ContentType

from procedures.models import Procedure, ProcedureStap
from taken.models import Taak


def tijdlijn(procedure: Procedure) -> list[ProcedureStap]:
    """The steps of a procedure in order, with their templates and ladder step (one query)."""
    return list(
        procedure.stappen.select_related("sjabloon", "sjabloon__vanaf", "ladderstap", "door").order_by(
            "sjabloon__volgorde", "pk"
        )
    )


def taken(stappen: list[ProcedureStap], gebruiker) -> list[Taak]:
    """The tasks of these steps the user may see, by due date (one query, plus the content type once)."""
    soort = ContentType.objects.get_for_model(ProcedureStap)
    return list(
        Taak.objects.voor_gebruiker(gebruiker)
        .filter(onderdeel_type=soort, onderdeel_id__in=[s.pk for s in stappen])
        .select_related("eigenaar", "eigenaar_organisatie")
        .order_by("uiterlijk_op", "pk")
    )
