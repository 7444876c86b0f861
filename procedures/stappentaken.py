"""Which tasks (app taken) the steps of a procedure make: one rule, called after every write on a procedure.

The step next in turn gets one task when its template asks for it (`StapSjabloon.taak`): owned by the
template's partner organisation or else the procedure's owner, due on the step's last day (a step
without a term: `taak_dagen` after it came up), about the procedure's signal and intervention, linked
to the step. Recording the step completes its task; skipping it lets the task lapse with the reason;
stopping the procedure lets what is still open lapse. A recorded closure adds its communication tasks
(posters, letter to neighbours, press release), except those its intervention already ticked off.
A closure's communication task and the intervention's checklist item of the same kind are one piece of
work: completing either completes the other (`communicatie_*_afgerond`, answers to domain events).
Nothing is made twice: a step's tasks are found through the step (taken's link to a part of a case)
and their description.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from ondermijning import klok
from ondermijning.models import Grondslag
from procedures.models import Procedure, ProcedureStap, ProcedureStatus, StapRol
from signalen import services as signalen_services
from signalen.models import CommunicatieSoort, CommunicatieTaak
from taken import services as taken_services
from taken.models import Taak, TaakStatus


def omschrijving(stap: ProcedureStap) -> str:
    """The description of a step's own task: the procedure and the step, as on the time line."""
    return f"{stap.procedure.soort.naam}: {stap.sjabloon.naam}"[:300]


def communicatie_omschrijving(soort: str) -> str:
    return _("Sluiting: %(taak)s") % {"taak": CommunicatieSoort(soort).label}


def taken_van(stappen: list[ProcedureStap]) -> dict[int, list[Taak]]:
    """The tasks of these steps, per step id (one query)."""
    per_stap: dict[int, list[Taak]] = {stap.pk: [] for stap in stappen}
    if not stappen:
        return per_stap
    for taak in Taak.objects.filter(
        onderdeel_type=ContentType.objects.get_for_model(ProcedureStap), onderdeel_id__in=list(per_stap)
    ).order_by("uiterlijk_op", "pk"):
        per_stap[taak.onderdeel_id].append(taak)
    return per_stap


def _maak(*, procedure: Procedure, stap: ProcedureStap, door, tekst: str, uiterlijk_op: datetime.date, organisatie):
    eigenaar = {"eigenaar_organisatie": organisatie} if organisatie else {"eigenaar": procedure.eigenaar}
    return taken_services.taak_maak(
        door=door,
        omschrijving=tekst,
        uiterlijk_op=uiterlijk_op,
        signaal=procedure.signaal,
        interventie=procedure.interventie,
        onderdeel=stap,
        # A partner's part in a legal procedure (the police's rapportage) is part of its statutory task.
        grondslag=Grondslag.WETTELIJKE_TAAK,
        **eigenaar,
    )


def _afgeronde_communicatie(procedure: Procedure) -> set[str]:
    if procedure.interventie_id is None:
        return set()
    return set(
        procedure.interventie.communicatietaken.filter(afgerond_op__isnull=False).values_list("soort", flat=True)
    )


def werk_bij(*, procedure: Procedure, stappen: list[ProcedureStap], door) -> list[Taak]:
    """Bring the tasks in line with the steps (see the module): returns the tasks it made."""
    bestaande = taken_van(stappen)
    gemaakt = []
    for stap in stappen:
        stap.procedure = procedure
        eigen = [t for t in bestaande[stap.pk] if t.omschrijving == omschrijving(stap)]
        if stap.afgehandeld:
            for taak in eigen:
                if taak.status != TaakStatus.OPEN:
                    continue
                if stap.overgeslagen:
                    reden = _("Stap overgeslagen: %(reden)s") % {"reden": stap.reden}
                    taken_services.taak_laat_vervallen(taak=taak, door=door, reden=reden)
                else:
                    notitie = _("Stap vastgelegd in de procedure (%(datum)s).") % {
                        "datum": stap.gedaan_op.strftime("%d-%m-%Y")
                    }
                    taken_services.taak_rond_af(taak=taak, door=door, notitie=notitie)
        if stap.sjabloon.rol == StapRol.SLUITING and stap.gedaan_op and not stap.overgeslagen:
            al = {t.omschrijving for t in bestaande[stap.pk]}
            afgerond = _afgeronde_communicatie(procedure)
            for soort in CommunicatieSoort:
                tekst = communicatie_omschrijving(soort)
                if tekst in al or soort in afgerond:
                    continue
                gemaakt.append(
                    _maak(
                        procedure=procedure,
                        stap=stap,
                        door=door,
                        tekst=tekst,
                        uiterlijk_op=stap.gedaan_op,
                        organisatie=None,
                    )  # fmt: skip
                )
    if procedure.status != ProcedureStatus.LOPEND:
        return gemaakt
    volgende = next((s for s in stappen if not s.afgehandeld), None)
    if volgende is None or not volgende.sjabloon.taak:
        return gemaakt
    eigen = [t for t in bestaande[volgende.pk] if t.omschrijving == omschrijving(volgende)]
    for taak in eigen:
        # An earlier step's date was corrected: the open task follows the step's recomputed term.
        if taak.status == TaakStatus.OPEN and volgende.uiterste_datum and taak.uiterlijk_op != volgende.uiterste_datum:
            taken_services.taak_wijzig(taak=taak, door=door, versie=taak.versie, uiterlijk_op=volgende.uiterste_datum)
    if not eigen:
        uiterlijk_op = volgende.uiterste_datum or klok.vandaag() + datetime.timedelta(days=volgende.sjabloon.taak_dagen)
        gemaakt.append(
            _maak(
                procedure=procedure,
                stap=volgende,
                door=door,
                tekst=omschrijving(volgende),
                uiterlijk_op=uiterlijk_op,
                organisatie=volgende.sjabloon.taak_organisatie,
            )
        )
    return gemaakt


def laat_open_taken_vervallen(*, stappen: list[ProcedureStap], door, reden: str) -> int:
    """The procedure stopped: the open tasks of its steps lapse with the reason (communication stays)."""
    aantal = 0
    bestaande = taken_van(stappen)
    for stap in stappen:
        for taak in bestaande[stap.pk]:
            if taak.status == TaakStatus.OPEN and taak.omschrijving == omschrijving(stap):
                taken_services.taak_laat_vervallen(taak=taak, door=door, reden=reden)
                aantal += 1
    return aantal


def communicatie_taak_afgerond(sender, *, taak: Taak, door, **kwargs) -> None:
    """Answer to `taak_afgerond`: a closure's communication task done ticks the intervention's item."""
    if taak.interventie_id is None or taak.onderdeel_type_id != ContentType.objects.get_for_model(ProcedureStap).pk:
        return
    soort = next((s for s in CommunicatieSoort if communicatie_omschrijving(s) == taak.omschrijving), None)
    if soort is None:
        return
    for punt in CommunicatieTaak.objects.filter(interventie_id=taak.interventie_id, soort=soort, afgerond_op=None):
        signalen_services.communicatietaak_afronden(
            taak=punt, door=door, afgerond_op=timezone.localdate(taak.afgerond_op) if taak.afgerond_op else None
        )


def communicatie_punt_afgerond(sender, *, taak: CommunicatieTaak, door, **kwargs) -> None:
    """Answer to `communicatietaak_afgerond`: the item ticked on the intervention completes its open task."""
    open_taken = Taak.objects.filter(
        interventie_id=taak.interventie_id,
        onderdeel_type=ContentType.objects.get_for_model(ProcedureStap),
        omschrijving=communicatie_omschrijving(taak.soort),
        status=TaakStatus.OPEN,
    )
    notitie = _("Afgevinkt bij de interventie (%(datum)s).") % {"datum": taak.afgerond_op.strftime("%d-%m-%Y")}
    for open_taak in open_taken:
        taken_services.taak_rond_af(taak=open_taak, door=door, notitie=notitie)
