"""Reads of the procedures app shared by pages (and later letters and exports)."""

import datetime

from ondermijning import klok
from procedures.models import Procedure, ProcedureStap, ProcedureStatus, StapRol


def tijdlijn(procedure: Procedure) -> list[ProcedureStap]:
    """The steps of a procedure in order, with their templates and ladder step (one query)."""
    return list(
        procedure.stappen.select_related("sjabloon", "sjabloon__vanaf", "ladderstap", "door").order_by(
            "sjabloon__volgorde", "pk"
        )
    )


def heropening(procedure: Procedure, stappen: list[ProcedureStap]) -> dict | None:
    """The closure in effect (recorded, its last day still to come) and whether its reminder is due."""
    if procedure.status != ProcedureStatus.LOPEND:
        return None
    vandaag = klok.vandaag()
    for stap in stappen:
        if stap.sjabloon.rol == StapRol.SLUITING and not stap.overgeslagen and stap.tot_op and stap.tot_op >= vandaag:
            herinnering = stap.tot_op - datetime.timedelta(days=stap.sjabloon.herinneren_dagen)
            return {"stap": stap, "nadert": vandaag >= herinnering}
    return None
