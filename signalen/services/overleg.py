"""The lokaal ondermijningsoverleg: planning, the agenda, decisions and their corrections, sharing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie, AuditEvent, Grondslag
from ondermijning.scoping import Rol, gemeente_ids
from ondermijning.services import verstrekkingen_bij
from ondermijning.workflow import OvergangGeweigerd
from signalen.models import (
    Agendapunt,
    Besluit,
    BesluitCorrectie,
    Interventie,
    InterventieSoort,
    InterventieStatus,
    Overleg,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
)
from signalen.services.levenscyclus import signaal_transitie
from signalen.services.riec import riec_melding_opstellen
from signalen.workflow import SIGNAAL


@transaction.atomic
def overleg_plan(
    *,
    door,
    datum: date,
    gemeenten: Iterable,
    organisaties: Iterable = (),
    aanvang=None,
    locatie: str = "",
    titel: str = "",
    voorzitter=None,
) -> Overleg:
    """Plan a lokaal ondermijningsoverleg for one or more municipalities."""
    gemeenten = list(gemeenten)
    if not gemeenten:
        raise ValidationError({"gemeenten": _("Kies ten minste één gemeente.")})
    toegestaan = set(gemeente_ids(door))
    if any(g.pk not in toegestaan for g in gemeenten):
        raise ValidationError({"gemeenten": _("U kunt alleen een overleg plannen voor uw eigen gemeenten.")})
    overleg = Overleg(datum=datum, aanvang=aanvang, locatie=locatie, voorzitter=voorzitter)
    if titel:
        overleg.titel = titel
    overleg.full_clean()
    overleg.save()
    overleg.gemeenten.set(gemeenten)
    overleg.organisaties.set(list(organisaties))
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=overleg, gemeente=gemeenten[0])
    return overleg


@transaction.atomic
def agendapunt_toevoegen(*, overleg: Overleg, signaal: Signaal, door) -> Agendapunt:
    """Put a signal on the agenda; the signal moves to status overleg if it is not there yet."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if overleg.gesloten_op:
        raise ValidationError(_("Het overleg is gesloten; agendeer het signaal voor een volgend overleg."))
    if not overleg.gemeenten.filter(pk=signaal.gemeente_id).exists():
        raise ValidationError(_("Dit signaal hoort bij een gemeente die niet aan dit overleg deelneemt."))
    if overleg.agendapunten.filter(signaal=signaal).exists():
        raise ValidationError(_("Dit signaal staat al op de agenda van dit overleg."))
    if signaal.status != SignaalStatus.OVERLEG:
        signaal_transitie(
            signaal=signaal,
            naar=SignaalStatus.OVERLEG,
            door=door,
            reden=_("Geagendeerd voor het overleg van %(datum)s.") % {"datum": f"{overleg.datum:%d-%m-%Y}"},
        )
    volgorde = overleg.agendapunten.count() + 1
    punt = Agendapunt(overleg=overleg, signaal=signaal, volgorde=volgorde)
    punt.full_clean()
    punt.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=punt, gemeente=signaal.gemeente_id)
    return punt


# A decision on an agenda item drives the signal's transition (None: the status stays).
BESLUIT_NAAR_STATUS: dict[str, str | None] = {
    Besluit.OPPLUSSEN: SignaalStatus.OPPLUSSEN,
    Besluit.RIEC_SIGNAAL: SignaalStatus.RIEC,
    Besluit.CONTROLE_PLANNEN: SignaalStatus.OPPLUSSEN,
    Besluit.STOP_GESPREK: SignaalStatus.INTERVENTIE,
    Besluit.BIBOB: SignaalStatus.INTERVENTIE,
    Besluit.TRAJECT_13B: SignaalStatus.INTERVENTIE,
    Besluit.HELING: SignaalStatus.INTERVENTIE,
    Besluit.AFSLUITEN: SignaalStatus.AFGESLOTEN,
    Besluit.ANDERS: None,
}

# The intervention a decision starts, as a draft owned by the signal's handler. The 13b decision
# starts the procedure; which step of the Damocles ladder follows is chosen later.
BESLUIT_INTERVENTIE: dict[str, str] = {
    Besluit.STOP_GESPREK: InterventieSoort.STOP_GESPREK,
    Besluit.BIBOB: InterventieSoort.BIBOB,
    Besluit.TRAJECT_13B: InterventieSoort.TRAJECT_13B,
    Besluit.HELING: InterventieSoort.HELING_DOR,
}


def is_voorzitter(gebruiker, overleg: Overleg) -> bool:
    """The chair of this meeting: its named voorzitter, or, when none is named, a user with the role."""
    if overleg.voorzitter_id:
        return overleg.voorzitter_id == gebruiker.pk
    return gebruiker.heeft_rol(Rol.VOORZITTER) and overleg.gemeenten.filter(pk__in=gemeente_ids(gebruiker)).exists()


def _weiger_als_gesloten(overleg: Overleg) -> None:
    if overleg.gesloten_op:
        raise OvergangGeweigerd(_("Het overleg is gesloten; de besluiten daarin liggen vast."))


def _besluit_werk_maken(*, agendapunt: Agendapunt, besluit: str, door) -> list:
    """Create the work `besluit` names, in the caller's transaction; returns what was created."""
    signaal = agendapunt.signaal
    gemaakt: list = []
    soort = BESLUIT_INTERVENTIE.get(besluit)
    if soort:
        interventie = Interventie(
            signaal=signaal,
            soort=soort,
            status=InterventieStatus.CONCEPT,
            behandelaar=signaal.behandelaar,
            agendapunt=agendapunt,
            door=door,
            gestart_op=klok.vandaag(),
            omschrijving=_("Besluit van het overleg van %(datum)s.")
            % {"datum": f"{agendapunt.overleg.datum:%d-%m-%Y}"},
        )
        interventie.full_clean()
        interventie.save()
        audit.log(
            actie=AuditActie.AANMAKEN, actor=door, obj=interventie, gemeente=signaal.gemeente_id, toelichting=soort
        )
        gemaakt.append(interventie)
    if besluit == Besluit.RIEC_SIGNAAL and not signaal.riec_meldingen.exclude(status=RiecStatus.TERUGGELEGD).exists():
        melding = riec_melding_opstellen(
            signaal=signaal, door=door, vraag_aan_riec=agendapunt.notitie or _("Nog in te vullen.")
        )
        RiecMelding.objects.filter(pk=melding.pk).update(agendapunt=agendapunt)
        gemaakt.append(melding)
    for _ontvanger, resultaat in domeinevents.besluit_genomen.send(
        sender=Agendapunt, agendapunt=agendapunt, besluit=besluit, door=door
    ):
        gemaakt += resultaat or []
    if besluit == Besluit.CONTROLE_PLANNEN and not gemaakt:
        raise ValidationError(_("De controle kon niet worden gepland; het besluit is niet vastgelegd."))
    return gemaakt


def _is_bewerkt(obj) -> bool:
    """Whether anyone changed `obj` after it was created (a change or transition in the audit trail)."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actie__in=(AuditActie.WIJZIGEN, AuditActie.TRANSITIE),
    ).exists()


def _besluit_werk_intrekken(*, agendapunt: Agendapunt, door, reden: str) -> tuple[list[str], list[str]]:
    """Withdraw the untouched work of the agenda item's decision; keep (and name) what someone worked on."""
    ingetrokken: list[str] = []
    behouden: list[str] = []
    for interventie in agendapunt.interventies.all():
        naam = _("interventie %(soort)s") % {"soort": interventie.get_soort_display()}
        if interventie.status == InterventieStatus.CONCEPT:
            interventie.delete()
            ingetrokken.append(naam)
        else:
            behouden.append(naam)
    for melding in agendapunt.riec_meldingen.all():
        naam = _("RIEC-signaalformulier (%(status)s)") % {"status": melding.get_status_display()}
        if melding.status == RiecStatus.CONCEPT and not _is_bewerkt(melding):
            melding.delete()
            ingetrokken.append(naam)
        else:
            behouden.append(naam)
    for _ontvanger, resultaat in domeinevents.besluit_ingetrokken.send(
        sender=Agendapunt, agendapunt=agendapunt, besluit=agendapunt.besluit, door=door, reden=reden
    ):
        weg, blijft = resultaat or ((), ())
        ingetrokken += weg
        behouden += blijft
    return ingetrokken, behouden


def _besluit_toepassen(*, agendapunt: Agendapunt, door, besluit: str, notitie: str, afsluitreden: str) -> None:
    if besluit == Besluit.AFSLUITEN and not afsluitreden:
        raise ValidationError({"afsluitreden": _("Kies een reden om het signaal af te sluiten.")})
    naar = BESLUIT_NAAR_STATUS[besluit]
    signaal = agendapunt.signaal
    if naar and naar != signaal.status:
        agendapunt.signaal = signaal_transitie(
            signaal=signaal,
            naar=naar,
            door=door,
            reden=_("Besluit overleg: %(besluit)s.") % {"besluit": Besluit(besluit).label},
            afsluitreden=afsluitreden,
        )
    agendapunt.besluit = besluit
    agendapunt.notitie = notitie
    agendapunt.besloten_door = door
    agendapunt.besloten_op = klok.nu()
    agendapunt.full_clean()
    agendapunt.save()
    _besluit_werk_maken(agendapunt=agendapunt, besluit=besluit, door=door)


@transaction.atomic
def agendapunt_besluit(
    *, agendapunt: Agendapunt, door, besluit: str, notitie: str = "", afsluitreden: str = ""
) -> Agendapunt:
    """Record the decision on an agenda item, move the signal as it says and create the work it names."""
    agendapunt = Agendapunt.objects.select_for_update().select_related("overleg", "signaal").get(pk=agendapunt.pk)
    if agendapunt.besluit:
        raise OvergangGeweigerd(_("Over dit agendapunt is al besloten."))
    _weiger_als_gesloten(agendapunt.overleg)
    _besluit_toepassen(agendapunt=agendapunt, door=door, besluit=besluit, notitie=notitie, afsluitreden=afsluitreden)
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=agendapunt,
        gemeente=agendapunt.signaal.gemeente_id,
        toelichting=besluit,
    )
    return agendapunt


@transaction.atomic
def agendapunt_besluit_corrigeer(
    *,
    agendapunt: Agendapunt,
    door,
    besluit: str,
    reden: str,
    notitie: str | None = None,
    afsluitreden: str = "",
) -> BesluitCorrectie:
    """The chair corrects a decision until the meeting is closed.

    The untouched work of the old decision is withdrawn, work someone already started is kept and
    named on the signal; the signal returns to status overleg and follows the new decision.
    """
    agendapunt = Agendapunt.objects.select_for_update().select_related("overleg", "signaal").get(pk=agendapunt.pk)
    overleg = agendapunt.overleg
    if not is_voorzitter(door, overleg):
        raise OvergangGeweigerd(_("Alleen de voorzitter van het overleg kan een besluit corrigeren."))
    if overleg.gesloten_op:
        raise OvergangGeweigerd(_("Het overleg is gesloten; een besluit daarin kan niet meer worden gecorrigeerd."))
    if not agendapunt.besluit:
        raise OvergangGeweigerd(_("Over dit agendapunt is nog niet besloten."))
    if besluit == agendapunt.besluit:
        raise ValidationError({"besluit": _("Kies een ander besluit dan het huidige.")})
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de correctie.")})
    if besluit == Besluit.AFSLUITEN and not afsluitreden:
        raise ValidationError({"afsluitreden": _("Kies een reden om het signaal af te sluiten.")})
    oud = agendapunt.besluit
    ingetrokken, behouden = _besluit_werk_intrekken(agendapunt=agendapunt, door=door, reden=reden)
    # Back to where the decision was taken (status overleg), recorded with the reason; from there
    # the new decision moves the signal on like any decision.
    signaal = Signaal.objects.select_for_update().get(pk=agendapunt.signaal_id)
    if signaal.status != SignaalStatus.OVERLEG:
        SIGNAAL.voer_uit(
            signaal,
            naar=SignaalStatus.OVERLEG,
            actie="besluit_corrigeren",
            door=door,
            reden=_("Besluit gecorrigeerd (%(oud)s naar %(nieuw)s): %(reden)s")
            % {"oud": Besluit(oud).label, "nieuw": Besluit(besluit).label, "reden": reden.strip()},
            velden={"afsluitreden": "", "afgesloten_op": None},
        )
        signaal.refresh_from_db()
    agendapunt.signaal = signaal
    _besluit_toepassen(
        agendapunt=agendapunt,
        door=door,
        besluit=besluit,
        notitie=agendapunt.notitie if notitie is None else notitie,
        afsluitreden=afsluitreden,
    )
    correctie = BesluitCorrectie(
        agendapunt=agendapunt,
        oud=oud,
        nieuw=besluit,
        reden=reden.strip(),
        door=door,
        op=klok.nu(),
        ingetrokken="; ".join(ingetrokken),
        waarschuwing="; ".join(behouden),
    )
    correctie.full_clean()
    correctie.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=agendapunt,
        gemeente=signaal.gemeente_id,
        toelichting=f"besluit gecorrigeerd: {oud} -> {besluit}; ingetrokken {len(ingetrokken)}, "
        f"behouden {len(behouden)}; correctie {correctie.pk}",
    )
    return correctie


@transaction.atomic
def overleg_sluiten(*, overleg: Overleg, door) -> Overleg:
    """The chair closes the meeting: from then on its decisions stand and cannot be corrected."""
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if not is_voorzitter(door, overleg):
        raise OvergangGeweigerd(_("Alleen de voorzitter kan het overleg sluiten."))
    if overleg.gesloten_op:
        raise OvergangGeweigerd(_("Dit overleg is al gesloten."))
    if overleg.datum > klok.vandaag():
        raise OvergangGeweigerd(_("Een overleg kan pas op of na de vergaderdatum worden gesloten."))
    overleg.gesloten_op = klok.nu()
    overleg.save(update_fields=["gesloten_op"])
    audit.log(
        actie=AuditActie.TRANSITIE,
        actor=door,
        obj=overleg,
        gemeente=overleg.gemeenten.values_list("pk", flat=True).first(),
        toelichting="gesloten",
    )
    return overleg


@transaction.atomic
def agendapunt_delen(
    *,
    agendapunt: Agendapunt,
    door,
    organisaties: Iterable,
    grondslag: str = Grondslag.LOKAAL_OVERLEG,
    persoonsgegevens: bool = False,
    toelichting: str = "",
) -> Agendapunt:
    """Share an agenda item with partner organisations: only their users see it (and only it).

    Every new sharing goes into the disclosure register with its legal basis; stopping it marks
    the entry withdrawn. Changing the basis or the person-data choice for an organisation that
    already sees the item withdraws the old entry and records a new one. Partners see persons
    only when `persoonsgegevens` is chosen on a basis that allows it (see verstrekking_registreer).
    """
    organisaties = list(organisaties)
    signaal = agendapunt.signaal
    omschrijving = _("Agendapunt %(punt)s (signaal %(nummer)s, overleg %(overleg)s)") % {
        "punt": agendapunt.pk,
        "nummer": signaal.nummer,
        "overleg": agendapunt.overleg_id,
    }
    verstrekkingen_bij(
        obj=agendapunt,
        organisaties=organisaties,
        door=door,
        grondslag=grondslag,
        omschrijving=omschrijving + (_(", met persoonsgegevens") if persoonsgegevens else ""),
        toelichting=toelichting,
        persoonsgegevens=persoonsgegevens,
        gemeente=signaal.gemeente_id,
    )
    agendapunt.gedeeld_met.set(organisaties)
    codes = ",".join(str(o.pk) for o in organisaties) or "-"
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=agendapunt,
        gemeente=signaal.gemeente_id,
        toelichting=f"gedeeld met organisaties {codes}",
    )
    return agendapunt
