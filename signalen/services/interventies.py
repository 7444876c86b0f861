"""Administrative measures on a signal: the Damocles ladder (13b), Bibob advice, closures' communication."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie
from signalen.models import (
    SLUITINGEN,
    Adres,
    CommunicatieSoort,
    CommunicatieTaak,
    Damoclesladder,
    Interventie,
    InterventieSoort,
    InterventieStatus,
    LadderMaatregel,
    Signaal,
    SignaalStatus,
)
from signalen.services.levenscyclus import signaal_transitie
from signalen.workflow import SIGNAAL

BIBOB_TERMIJN = timedelta(weeks=8)
BIBOB_VERLENGING = timedelta(weeks=4)


# The measures of art. 13b Opiumwet that climb the Damocles ladder: the warning and the closures.
MAATREGELEN_13B = (InterventieSoort.WAARSCHUWING_13B, *SLUITINGEN)


def ladderstap_voor(*, gemeente, soort_zaak: str, adres: Adres | None) -> Damoclesladder:
    """The next step of the municipality's Damocles ladder for this case type at these premises.

    Every 13b measure recorded earlier at the address for the same case type counts, the warning
    included: a first finding of soft drugs in a dwelling is step 1 (the warning, where the ladder
    has one), the next is the first closure. Past the last step the last step repeats.
    """
    stappen = list(Damoclesladder.objects.filter(gemeente=gemeente, soort_zaak=soort_zaak).order_by("stap"))
    if not stappen:
        raise ValidationError(
            {"soort_zaak": _("Voor deze gemeente en soort zaak is geen Damoclesladder ingesteld (zie Beheer).")}
        )
    eerdere = 0
    if adres is not None:
        eerdere = Interventie.objects.filter(adres=adres, soort__in=MAATREGELEN_13B, soort_zaak=soort_zaak).count()
    return stappen[min(eerdere, len(stappen) - 1)]


def _controleer_ladderstap(*, soort: str, stap: Damoclesladder, gemeente) -> None:
    """The requested measure must be the one the ladder prescribes now (the mayor's decision follows the policy)."""
    gegevens = {"gemeente": gemeente.naam, "stap": stap.stap, "maatregel": stap.duur_tekst}
    if stap.maatregel == LadderMaatregel.WAARSCHUWING and soort in SLUITINGEN:
        raise ValidationError(
            {
                "soort": _(
                    "Volgens de Damoclesladder van %(gemeente)s is voor dit pand eerst een waarschuwing aan de beurt "
                    "(stap %(stap)s). Leg eerst de waarschuwing vast."
                )
                % gegevens
            }
        )
    if stap.maatregel == LadderMaatregel.SLUITING and soort == InterventieSoort.WAARSCHUWING_13B:
        raise ValidationError(
            {
                "soort": _(
                    "Volgens de Damoclesladder van %(gemeente)s is voor dit pand stap %(stap)s aan de beurt: "
                    "%(maatregel)s. Een waarschuwing past daar niet bij."
                )
                % gegevens
            }
        )


@transaction.atomic
def interventie_start(
    *,
    signaal: Signaal,
    door,
    soort: str,
    gestart_op: date,
    omschrijving: str = "",
    adres: Adres | None = None,
    soort_zaak: str = "",
) -> Interventie:
    """Start an administrative measure on a signal; a 13b measure is the step its ladder prescribes now."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    SIGNAAL.vereis(signaal, "interventie_starten", door)
    if gestart_op and gestart_op > klok.vandaag():
        raise ValidationError({"gestart_op": _("De startdatum kan niet in de toekomst liggen.")})
    if adres is not None and not signaal.adressen.filter(pk=adres.pk).exists():
        raise ValidationError({"adres": _("Kies een adres van dit signaal.")})
    interventie = Interventie(
        signaal=signaal, door=door, soort=soort, gestart_op=gestart_op, omschrijving=omschrijving, adres=adres
    )
    if soort in MAATREGELEN_13B:
        if not soort_zaak:
            raise ValidationError({"soort_zaak": _("Kies de soort zaak (soft- of harddrugs, woning of bedrijfspand).")})
        if adres is None:
            if soort in SLUITINGEN:
                raise ValidationError({"adres": _("Kies het pand dat wordt gesloten.")})
            raise ValidationError({"adres": _("Kies het pand waarvoor de waarschuwing geldt.")})
        # Lock the premises so two measures started at once cannot both take the same step.
        Adres.objects.select_for_update().filter(pk=adres.pk).exists()
        stap = ladderstap_voor(gemeente=signaal.gemeente, soort_zaak=soort_zaak, adres=adres)
        _controleer_ladderstap(soort=soort, stap=stap, gemeente=signaal.gemeente)
        interventie.soort_zaak = soort_zaak
        interventie.ladderstap = stap
    if soort in SLUITINGEN:
        interventie.sluitingsduur_maanden = stap.duur_maanden
        interventie.sluiting_onbepaalde_tijd = stap.onbepaalde_tijd
    interventie.full_clean()
    interventie.save()
    if soort in SLUITINGEN:
        for taak in CommunicatieSoort:
            CommunicatieTaak.objects.create(interventie=interventie, soort=taak)
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=interventie, gemeente=signaal.gemeente_id, toelichting=soort)
    if signaal.status != SignaalStatus.INTERVENTIE:
        signaal_transitie(
            signaal=signaal,
            naar=SignaalStatus.INTERVENTIE,
            door=door,
            reden=_("Interventie gestart: %(soort)s.") % {"soort": InterventieSoort(soort).label},
        )
    return interventie


def _bewaar_gewerkt(interventie: Interventie, *, door, toelichting: str) -> None:
    """Save a step worked on an intervention: no longer a concept, checked, saved and audited."""
    interventie.status = InterventieStatus.GESTART
    interventie.full_clean()
    interventie.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=interventie,
        gemeente=interventie.signaal.gemeente_id,
        toelichting=toelichting,
    )


@transaction.atomic
def interventie_bibob_advies_aanvragen(*, interventie: Interventie, door, aangevraagd_op: date) -> Interventie:
    """Record the advice request to the Landelijk Bureau Bibob (answer due in 8 weeks); actieplan books EUR 700."""
    if interventie.soort != InterventieSoort.BIBOB:
        raise ValidationError(_("Alleen bij een Bibob-onderzoek kan advies worden aangevraagd."))
    if interventie.advies_aangevraagd_op:
        raise ValidationError(_("Het advies is al aangevraagd."))
    if aangevraagd_op > klok.vandaag():
        raise ValidationError({"aangevraagd_op": _("De aanvraagdatum kan niet in de toekomst liggen.")})
    interventie.advies_aangevraagd_op = aangevraagd_op
    interventie.advies_termijn_tot = aangevraagd_op + BIBOB_TERMIJN
    _bewaar_gewerkt(interventie, door=door, toelichting="bibob-advies aangevraagd")
    domeinevents.bibob_advies_aangevraagd.send(sender=Interventie, interventie=interventie, door=door)
    return interventie


@transaction.atomic
def interventie_bibob_termijn_verlengen(*, interventie: Interventie, door) -> Interventie:
    """Extend the advice deadline once by 4 weeks."""
    if not interventie.advies_aangevraagd_op:
        raise ValidationError(_("Er is nog geen advies aangevraagd."))
    if interventie.advies_termijn_verlengd:
        raise ValidationError(_("De adviestermijn kan maar één keer met 4 weken worden verlengd."))
    interventie.advies_termijn_tot += BIBOB_VERLENGING
    interventie.advies_termijn_verlengd = True
    _bewaar_gewerkt(interventie, door=door, toelichting="bibob-termijn verlengd")
    domeinevents.bibob_adviestermijn_verlengd.send(sender=Interventie, interventie=interventie, door=door)
    return interventie


@transaction.atomic
def interventie_afronden(
    *, interventie: Interventie, door, afgerond_op: date, uitkomst: str, bibob_uitkomst: str = ""
) -> Interventie:
    """Close an intervention with its date and outcome (and the Bibob outcome for an advice)."""
    if interventie.afgerond_op:
        raise ValidationError(_("Deze interventie is al afgerond."))
    if afgerond_op > klok.vandaag():
        raise ValidationError({"afgerond_op": _("De datum van afronden kan niet in de toekomst liggen.")})
    if afgerond_op < interventie.gestart_op:
        raise ValidationError({"afgerond_op": _("Afronden kan niet vóór de start van de interventie.")})
    if interventie.soort == InterventieSoort.BIBOB and interventie.advies_aangevraagd_op and not bibob_uitkomst:
        raise ValidationError({"bibob_uitkomst": _("Vul de uitkomst van het Bibob-advies in.")})
    interventie.afgerond_op = afgerond_op
    interventie.uitkomst = uitkomst
    interventie.bibob_uitkomst = bibob_uitkomst
    _bewaar_gewerkt(interventie, door=door, toelichting="interventie afgerond")
    return interventie


@transaction.atomic
def communicatietaak_afronden(*, taak: CommunicatieTaak, door, afgerond_op: date | None = None) -> CommunicatieTaak:
    """Tick off a communication task of a closure (posters, letter, press release)."""
    if taak.afgerond_op:
        raise ValidationError(_("Deze taak is al afgerond."))
    taak.afgerond_op = afgerond_op or klok.vandaag()
    taak.afgerond_door = door
    Interventie.objects.filter(pk=taak.interventie_id).update(status=InterventieStatus.GESTART)
    taak.full_clean()
    taak.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=taak,
        gemeente=taak.interventie.signaal.gemeente_id,
        toelichting=taak.soort,
    )
    domeinevents.communicatietaak_afgerond.send(sender=CommunicatieTaak, taak=taak, door=door)
    return taak
