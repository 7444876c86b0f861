"""Every write on a procedure: start it, record or skip a step, close it. Each one audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.models import AuditActie
from procedures import stappentaken, termijnen
from procedures.models import Procedure, ProcedureSoort, ProcedureStap, ProcedureStatus, StapRol
from procedures.workflow import PROCEDURE
from signalen.models import InterventieSoort
from signalen.services import interventie_bibob_advies_aanvragen, ladderstap_voor

STAP_VELDEN = (
    "gedaan_op",
    "tot_op",
    "begunstigd_tot",
    "tekst",
    "geschikt",
    "noodzakelijk",
    "evenredig",
    "uitkomst",
    "mate_van_gevaar",
)


def termijnen_herbereken(procedure: Procedure, stappen: list[ProcedureStap]) -> None:
    """Recompute every step's last day from the date it counts from (stored, so reminders can query it)."""
    gedaan = {stap.sjabloon_id: stap.gedaan_op for stap in stappen}
    rollen = {stap.sjabloon_id: stap.sjabloon.rol for stap in stappen}
    # A dwelling's grace period (on the decision): the closure is due when it ends.
    begunstigd_tot = next(
        (s.begunstigd_tot for s in stappen if s.sjabloon.rol == StapRol.BESLUIT and s.gedaan_op and s.begunstigd_tot),
        None,
    )
    gewijzigd = []
    for stap in stappen:
        sjabloon = stap.sjabloon
        if sjabloon.rol == StapRol.SLUITING and stap.tot_op:
            nieuw = stap.tot_op  # the reopening date: reminded before the closure ends
        elif sjabloon.rol == StapRol.SLUITING and begunstigd_tot and not stap.afgehandeld:
            nieuw = begunstigd_tot
        elif rollen.get(sjabloon.vanaf_id) == StapRol.BIBOB_ADVIES and _adviestermijn(procedure):
            # The advice term is the Bibob intervention's (8 weeks, once extended by 4 in signalen).
            nieuw = _adviestermijn(procedure)
        elif sjabloon.termijn is None:
            nieuw = None
        else:
            begin = procedure.gestart_op if sjabloon.vanaf_id is None else gedaan.get(sjabloon.vanaf_id)
            nieuw = (
                termijnen.uiterste_datum(
                    begin, termijn=sjabloon.termijn, eenheid=sjabloon.eenheid, werkdagen=sjabloon.werkdagen
                )
                if begin
                else None
            )
        if nieuw != stap.uiterste_datum:
            stap.uiterste_datum = nieuw
            gewijzigd.append(stap)
    if gewijzigd:
        ProcedureStap.objects.bulk_update(gewijzigd, ["uiterste_datum"])


def _adviestermijn(procedure: Procedure) -> date | None:
    """The last day of the advice as the procedure's Bibob intervention records it, if it was requested."""
    if procedure.interventie_id is None:
        return None
    interventie = procedure.interventie
    return interventie.advies_termijn_tot if interventie.soort == InterventieSoort.BIBOB else None


def _stappen(procedure: Procedure) -> list[ProcedureStap]:
    return list(procedure.stappen.select_related("sjabloon").order_by("sjabloon__volgorde", "pk"))


@transaction.atomic
def procedure_start(
    *,
    signaal,
    soort: ProcedureSoort,
    door,
    eigenaar=None,
    interventie=None,
    gestart_op: date | None = None,
    soort_zaak: str = "",
    adres=None,
) -> Procedure:
    """Start a procedure of `soort` on a signal: one step per step of the kind, terms computed, audited."""
    gemeente = signaal.gemeente
    eigenaar = eigenaar or door
    if not ProcedureSoort.objects.voor_gemeente(gemeente).filter(pk=soort.pk).exists():
        raise ValidationError(
            {"soort": _("Deze soort procedure is niet beschikbaar voor %(gemeente)s.") % {"gemeente": gemeente}}
        )
    if interventie is not None and interventie.signaal_id != signaal.pk:
        raise ValidationError({"interventie": _("De interventie hoort niet bij dit signaal.")})
    if not eigenaar.gemeenten.filter(pk=gemeente.pk).exists():
        raise ValidationError({"eigenaar": _("De eigenaar werkt niet voor %(gemeente)s.") % {"gemeente": gemeente}})
    if interventie is not None:
        soort_zaak = soort_zaak or interventie.soort_zaak
        adres = adres or interventie.adres
    # The premises decide the ladder step and fill the letters: only one of the signal's own addresses.
    if adres is not None and not signaal.adressen.filter(pk=adres.pk).exists():
        raise ValidationError({"adres": _("Dit pand is geen adres van het signaal.")})
    sjablonen = list(soort.stappen.order_by("volgorde"))
    if not sjablonen:
        raise ValidationError({"soort": _("Deze soort procedure heeft nog geen stappen (zie Beheer).")})
    if any(s.rol == StapRol.LADDER for s in sjablonen) and not soort_zaak:
        raise ValidationError({"soort_zaak": _("Kies de soort zaak: die bepaalt de stap op de Damoclesladder.")})
    procedure = Procedure(
        signaal=signaal,
        interventie=interventie,
        soort=soort,
        gemeente=gemeente,
        eigenaar=eigenaar,
        gestart_op=gestart_op or klok.vandaag(),
        soort_zaak=soort_zaak,
        adres=adres,
        door=door,
    )
    procedure.full_clean()
    procedure.save()
    stappen = ProcedureStap.objects.bulk_create(ProcedureStap(procedure=procedure, sjabloon=s) for s in sjablonen)
    for stap, sjabloon in zip(stappen, sjablonen, strict=True):
        stap.sjabloon = sjabloon
    termijnen_herbereken(procedure, stappen)
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=procedure, gemeente=gemeente.pk, toelichting=soort.naam)
    PROCEDURE.registreer_begin(procedure, door=door)
    stappentaken.werk_bij(procedure=procedure, stappen=stappen, door=door)
    return procedure


def _vergrendel(stap: ProcedureStap, door) -> tuple[Procedure, list[ProcedureStap]]:
    procedure = Procedure.objects.select_for_update().get(pk=stap.procedure_id)
    PROCEDURE.vereis(procedure, "stap_vastleggen", door)
    stappen = _stappen(procedure)
    for eerder in stappen:
        if eerder.pk == stap.pk:
            break
        if not eerder.afgehandeld:
            raise ValidationError(
                _("Leg eerst de eerdere stap '%(stap)s' vast, of sla die met een reden over.")
                % {"stap": eerder.sjabloon.naam}
            )
    return procedure, stappen


def _controleer_stap(procedure: Procedure, stap: ProcedureStap, stappen: list[ProcedureStap]) -> None:
    """The rules of a step's content; each refusal in Dutch under its field."""
    sjabloon = stap.sjabloon
    fouten: dict[str, str] = {}
    if stap.gedaan_op is None:
        fouten["gedaan_op"] = _("Vul de datum in.")
    elif stap.gedaan_op > klok.vandaag():
        fouten["gedaan_op"] = _("De datum ligt in de toekomst; leg een stap vast als die gedaan is.")
    elif stap.gedaan_op < procedure.gestart_op:
        fouten["gedaan_op"] = _("De datum ligt voor de start van de procedure.")
    if sjabloon.tekst_verplicht and not stap.tekst.strip():
        fouten["tekst"] = _("Vul in: %(wat)s.") % {"wat": sjabloon.tekst_label or _("tekst")}
    if sjabloon.rol == StapRol.PROPORTIONALITEIT:
        for veld, wat in (
            ("geschikt", _("waarom de maatregel geschikt is")),
            ("noodzakelijk", _("waarom een lichtere maatregel niet volstaat")),
            ("evenredig", _("waarom de gevolgen in verhouding staan tot het doel")),
        ):
            if not getattr(stap, veld).strip():
                fouten[veld] = _("Motiveer %(wat)s.") % {"wat": wat}
    if sjabloon.rol == StapRol.BESLUIT:
        toetsen = [s for s in stappen if s.sjabloon.rol == StapRol.PROPORTIONALITEIT]
        if any(s.gedaan_op is None or not (s.geschikt and s.noodzakelijk and s.evenredig) for s in toetsen):
            raise ValidationError(
                _(
                    "Een besluit kan pas worden vastgelegd als de evenredigheidstoets is gemotiveerd "
                    "(geschikt, noodzakelijk en evenredig). Zonder die motivering houdt het besluit "
                    "in bezwaar en beroep geen stand."
                )
            )
    if stap.begunstigd_tot is not None:
        if sjabloon.rol != StapRol.BESLUIT:
            stap.begunstigd_tot = None  # only a decision grants a grace period
        elif stap.gedaan_op and stap.begunstigd_tot < stap.gedaan_op:
            fouten["begunstigd_tot"] = _("De begunstigingstermijn eindigt niet voor het besluit.")
    if sjabloon.rol == StapRol.SLUITING:
        if stap.tot_op is None:
            fouten["tot_op"] = _("Vul in tot en met wanneer het pand gesloten is.")
        elif stap.gedaan_op and stap.tot_op < stap.gedaan_op:
            fouten["tot_op"] = _("Het einde van de sluiting ligt voor het begin.")
    keuzes = sjabloon.uitkomst_keuzes
    if keuzes and stap.uitkomst not in keuzes:
        fouten["uitkomst"] = _("Kies een uitkomst.")
    if sjabloon.mate_van_gevaar and not stap.mate_van_gevaar:
        fouten["mate_van_gevaar"] = _("Kies de mate van gevaar.")
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def stap_vastleggen(*, stap: ProcedureStap, door, **velden) -> ProcedureStap:
    """Record a step as done with what it requires; the terms that count from it follow."""
    procedure, stappen = _vergrendel(stap, door)
    stap = next(s for s in stappen if s.pk == stap.pk)
    for naam in STAP_VELDEN:
        if naam in velden:
            setattr(stap, naam, velden[naam])
    _controleer_stap(procedure, stap, stappen)
    if stap.sjabloon.rol == StapRol.LADDER:
        try:
            stap.ladderstap = ladderstap_voor(
                gemeente=procedure.gemeente, soort_zaak=procedure.soort_zaak, adres=procedure.adres
            )
        except ValidationError as fout:
            raise ValidationError(fout.messages) from fout
        stap.uitkomst = stap.ladderstap.duur_tekst[:120]
    stap.overgeslagen, stap.reden = False, ""
    stap.door, stap.updated_at = door, klok.nu()
    stap.full_clean(exclude=["procedure", "sjabloon", "ladderstap", "door"])
    stap.save()
    termijnen_herbereken(procedure, stappen)
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=procedure,
        gemeente=procedure.gemeente_id,
        toelichting=f"stap {stap.sjabloon.volgorde} vastgelegd",
    )
    if stap.sjabloon.rol == StapRol.BIBOB_ADVIES:
        _bibob_advies_aanvragen(procedure, stap, door)
    stappentaken.werk_bij(procedure=procedure, stappen=stappen, door=door)
    return stap


def _bibob_advies_aanvragen(procedure: Procedure, stap: ProcedureStap, door) -> None:
    """The advice request is the Bibob intervention's: signalen records it (8-week term) and actieplan
    books the EUR 700 (domain event), once. Without a Bibob intervention there is nothing to book on."""
    interventie = procedure.interventie
    if interventie is None or interventie.soort != InterventieSoort.BIBOB or interventie.advies_aangevraagd_op:
        return
    interventie_bibob_advies_aanvragen(interventie=interventie, door=door, aangevraagd_op=stap.gedaan_op)


@transaction.atomic
def stap_overslaan(*, stap: ProcedureStap, door, reden: str) -> ProcedureStap:
    """Skip a step that may be skipped, never without a recorded reason."""
    procedure, stappen = _vergrendel(stap, door)
    stap = next(s for s in stappen if s.pk == stap.pk)
    if not stap.sjabloon.overslaanbaar:
        raise ValidationError(_("De stap '%(stap)s' mag niet worden overgeslagen.") % {"stap": stap.sjabloon.naam})
    if not (reden or "").strip():
        raise ValidationError({"reden": _("Een stap overslaan kan alleen met een reden.")})
    stap.overgeslagen, stap.reden, stap.gedaan_op = True, reden.strip(), None
    stap.door, stap.updated_at = door, klok.nu()
    stap.save(update_fields=["overgeslagen", "reden", "gedaan_op", "door", "updated_at"])
    termijnen_herbereken(procedure, stappen)
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=procedure,
        gemeente=procedure.gemeente_id,
        toelichting=f"stap {stap.sjabloon.volgorde} overgeslagen",
    )
    stappentaken.werk_bij(procedure=procedure, stappen=stappen, door=door)
    return stap


@transaction.atomic
def pand_heropenen(*, procedure: Procedure, door, heropend_op: date) -> ProcedureStap:
    """Record the day the closed premises were actually reopened: the closure's reminder and flag end."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    PROCEDURE.vereis(procedure, "pand_heropenen", door)
    sluiting = next(
        (
            s
            for s in _stappen(procedure)
            if s.sjabloon.rol == StapRol.SLUITING and s.gedaan_op and s.tot_op and not s.overgeslagen
        ),
        None,
    )
    if sluiting is None:
        raise ValidationError(_("Deze procedure heeft geen sluiting die kan worden beëindigd."))
    if sluiting.heropend_op:
        raise ValidationError(
            _("Het pand is al heropend op %(datum)s.") % {"datum": sluiting.heropend_op.strftime("%d-%m-%Y")}
        )
    if heropend_op is None:
        raise ValidationError({"heropend_op": _("Vul de datum van de heropening in.")})
    if heropend_op < sluiting.gedaan_op:
        raise ValidationError({"heropend_op": _("De heropening ligt voor het begin van de sluiting.")})
    if heropend_op > klok.vandaag():
        raise ValidationError({"heropend_op": _("De datum ligt in de toekomst; leg de heropening vast als die er is.")})
    sluiting.heropend_op, sluiting.door, sluiting.updated_at = heropend_op, door, klok.nu()
    sluiting.save(update_fields=["heropend_op", "door", "updated_at"])
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=procedure,
        gemeente=procedure.gemeente_id,
        toelichting=f"pand heropend op {heropend_op.isoformat()}",
    )
    return sluiting


@transaction.atomic
def procedure_afsluiten(*, procedure: Procedure, door, uitkomst: str = "", versie=None) -> Procedure:
    """Close a procedure whose every step is done or skipped; its outcome is the decision's."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    stappen = _stappen(procedure)
    open_stappen = [s.sjabloon.naam for s in stappen if not s.afgehandeld]
    if open_stappen:
        raise ValidationError(
            _("Nog niet afgehandeld: %(stappen)s. Leg die stappen vast of sla ze met een reden over.")
            % {"stappen": ", ".join(open_stappen)}
        )
    besluit = next((s for s in reversed(stappen) if s.sjabloon.rol == StapRol.BESLUIT and s.gedaan_op), None)
    uitkomst = uitkomst or (besluit.uitkomst if besluit else "")
    return PROCEDURE.voer_uit(
        procedure, naar=ProcedureStatus.AFGESLOTEN, door=door, versie=versie, velden={"uitkomst": uitkomst}
    )


@transaction.atomic
def procedure_staken(*, procedure: Procedure, door, reden: str, versie=None) -> Procedure:
    """Stop a running procedure before its end (the premises were closed already, the permit withdrawn),
    never without a recorded reason; the open tasks of its steps lapse with that reason."""
    if not (reden or "").strip():
        raise ValidationError({"reden": _("Een procedure staken kan alleen met een reden.")})
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    procedure = PROCEDURE.voer_uit(
        procedure, naar=ProcedureStatus.GESTAAKT, door=door, versie=versie, reden=reden.strip()
    )
    stappentaken.laat_open_taken_vervallen(
        stappen=_stappen(procedure),
        door=door,
        reden=_("Procedure gestaakt: %(reden)s") % {"reden": reden.strip()},
    )
    return procedure


@transaction.atomic
def adviestermijn_volgen(sender, *, interventie, door, **kwargs) -> None:
    """Answer to `bibob_adviestermijn_verlengd`: the advice step of each running procedure on the
    intervention (and its open task) takes the intervention's extended last day."""
    for procedure in Procedure.objects.select_for_update().filter(
        interventie=interventie, status=ProcedureStatus.LOPEND
    ):
        procedure.interventie = interventie
        stappen = _stappen(procedure)
        termijnen_herbereken(procedure, stappen)
        stappentaken.werk_bij(procedure=procedure, stappen=stappen, door=door)


def signalen_met_procedure(sender, **kwargs):
    """The signals a procedure is about (answer to `signalen_in_gebruik`): kept by retention."""
    return Procedure.objects.values("signaal_id")
