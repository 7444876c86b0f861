"""Reads of the procedures app shared by pages (and later letters and exports)."""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F

from documenten.models import Document
from ondermijning import klok
from ondermijning.domeinevents import Jaarcijfer
from procedures.models import Procedure, ProcedureStap, ProcedureStatus, StapRol, Vorm
from taken.models import Taak


def tijdlijn(procedure: Procedure) -> list[ProcedureStap]:
    """The steps of a procedure in order, with their templates and ladder step (one query)."""
    return list(
        procedure.stappen.select_related("sjabloon", "sjabloon__vanaf", "ladderstap", "door").order_by(
            "sjabloon__volgorde", "pk"
        )
    )


def heropening(procedure: Procedure, stappen: list[ProcedureStap]) -> dict | None:
    """The closure in effect (recorded, not yet reopened; also after the procedure closed, as the reminders
    see it), whether its reminder is due and whether its end has passed without a recorded reopening."""
    if procedure.status not in (ProcedureStatus.LOPEND, ProcedureStatus.AFGESLOTEN):
        return None
    vandaag = klok.vandaag()
    for stap in stappen:
        if stap.sjabloon.rol == StapRol.SLUITING and not stap.overgeslagen and stap.tot_op and not stap.heropend_op:
            herinnering = stap.tot_op - datetime.timedelta(days=stap.sjabloon.herinneren_dagen)
            return {"stap": stap, "nadert": vandaag >= herinnering, "verstreken": vandaag > stap.tot_op}
    return None


def taken(stappen: list[ProcedureStap], gebruiker) -> list[Taak]:
    """The tasks of these steps the user may see, by due date (one query, plus the content type once)."""
    soort = ContentType.objects.get_for_model(ProcedureStap)
    return list(
        Taak.objects.voor_gebruiker(gebruiker)
        .filter(onderdeel_type=soort, onderdeel_id__in=[s.pk for s in stappen])
        .select_related("eigenaar", "eigenaar_organisatie")
        .order_by("uiterlijk_op", "pk")
    )


def documenten(stappen: list[ProcedureStap], gebruiker) -> dict[int, list[Document]]:
    """The documents of these steps the user may see, per step id (one query)."""
    per_stap: dict[int, list[Document]] = {stap.pk: [] for stap in stappen}
    if not gebruiker.has_perm("documenten.view_document"):
        return per_stap
    for document in (
        Document.objects.voor_gebruiker(gebruiker)
        .filter(onderdeel_type=ContentType.objects.get_for_model(ProcedureStap), onderdeel_id__in=list(per_stap))
        .order_by("datum", "pk")
    ):
        per_stap[document.onderdeel_id].append(document)
    return per_stap


def jaarcijfers(*, gebruiker, jaar: int) -> list[Jaarcijfer]:
    """The closed procedures whose decision fell in `jaar`, counted by the decision's outcome and by the
    outcomes of the steps after it (objection term, objection decided), per form (13b, Bibob). Every
    configured outcome is listed, also when it did not occur. Two queries."""
    if not gebruiker.has_perm("procedures.view_procedure"):
        return []
    gesloten = Procedure.objects.voor_gebruiker(gebruiker).filter(status=ProcedureStatus.AFGESLOTEN)
    besluiten = (
        ProcedureStap.objects.filter(procedure__in=gesloten, sjabloon__rol=StapRol.BESLUIT, gedaan_op__year=jaar)
        .values("procedure__soort__vorm", "sjabloon__volgorde", "sjabloon__naam", "sjabloon__uitkomsten", "uitkomst")
        .annotate(n=Count("procedure", distinct=True))
        .order_by()
    )
    # The steps after the decision of the same procedure (one join: both conditions in one filter call).
    daarna = (
        ProcedureStap.objects.filter(
            procedure__in=gesloten,
            procedure__stappen__sjabloon__rol=StapRol.BESLUIT,
            procedure__stappen__gedaan_op__year=jaar,
            sjabloon__volgorde__gt=F("procedure__stappen__sjabloon__volgorde"),
        )
        .exclude(sjabloon__uitkomsten="")
        .values("procedure__soort__vorm", "sjabloon__volgorde", "sjabloon__naam", "sjabloon__uitkomsten", "uitkomst")
        .annotate(n=Count("procedure", distinct=True))
        .order_by()
    )
    vormen = dict(Vorm.choices)
    groepen: dict[str, dict[str, int]] = defaultdict(dict)
    volgorde: dict[str, tuple] = {}
    for rij in [*besluiten, *daarna]:
        groep = f"{vormen.get(rij['procedure__soort__vorm'], '')}: {rij['sjabloon__naam']}"
        plaats = (rij["procedure__soort__vorm"], rij["sjabloon__volgorde"], groep)
        volgorde[groep] = min(volgorde.get(groep, plaats), plaats)
        tellingen = groepen[groep]
        for keuze in rij["sjabloon__uitkomsten"].splitlines():
            if keuze.strip():
                tellingen.setdefault(keuze.strip(), 0)
        if rij["uitkomst"]:
            tellingen[rij["uitkomst"]] = tellingen.get(rij["uitkomst"], 0) + rij["n"]
    return [
        Jaarcijfer(groep=groep, label=label, aantal=aantal)
        for groep in sorted(groepen, key=volgorde.__getitem__)
        for label, aantal in groepen[groep].items()
    ]


def jaarcijfers_van_procedures(sender, *, gebruiker, jaar, **kwargs) -> list[Jaarcijfer]:
    """Answer to `jaarcijfers_gevraagd`: see `jaarcijfers`."""
    return jaarcijfers(gebruiker=gebruiker, jaar=jaar)
