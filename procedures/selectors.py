"""Reads of the procedures app shared by pages (and later letters and exports)."""

from procedures.models import Procedure, ProcedureStap


def tijdlijn(procedure: Procedure) -> list[ProcedureStap]:
    """The steps of a procedure in order, with their templates and ladder step (one query)."""
    return list(
        procedure.stappen.select_related("sjabloon", "sjabloon__vanaf", "ladderstap", "door").order_by(
            "sjabloon__volgorde", "pk"
        )
    )
