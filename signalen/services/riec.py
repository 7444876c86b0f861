"""The RIEC route of a signal: drafting the signaalformulier and tracking it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.models import AuditActie, Grondslag, Organisatie, OrganisatieType, Verstrekking
from ondermijning.services import verstrekking_registreer
from signalen.models import (
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
)
from signalen.services.levenscyclus import signaal_transitie
from signalen.workflow import RIEC, SIGNAAL


def _riec_verstrekking(*, melding: RiecMelding, door) -> Verstrekking:
    """Submitting the form hands the signal, its subjects (persons included) and enrichment to the
    RIEC: a disclosure on the RIEC covenant, recorded in the register. 'Interventie door (partner)'
    is not one: the RIEC assigns the partner and shares under its own covenant; the municipality
    hands over nothing further through this application."""
    riec = Organisatie.objects.filter(type=OrganisatieType.RIEC).order_by("pk").first()
    if riec is None:
        riec = Organisatie.objects.create(naam="RIEC", type=OrganisatieType.RIEC)
    return verstrekking_registreer(
        obj=melding,
        organisatie=riec,
        door=door,
        grondslag=Grondslag.CONVENANT_RIEC,
        omschrijving=_("RIEC-signaalformulier %(melding)s (signaal %(nummer)s), met persoonsgegevens")
        % {"melding": melding.pk, "nummer": melding.signaal.nummer},
        persoonsgegevens=True,
        gemeente=melding.signaal.gemeente_id,
    )


@transaction.atomic
def riec_melding_opstellen(
    *, signaal: Signaal, door, vraag_aan_riec: str, genomen_maatregelen: str = "", contactpersoon=None
) -> RiecMelding:
    """Draft the RIEC signaalformulier of a signal (status concept)."""
    SIGNAAL.vereis(signaal, "riec_opstellen", door)
    if signaal.riec_meldingen.exclude(status=RiecStatus.TERUGGELEGD).exists():
        raise ValidationError(_("Er loopt al een RIEC-melding voor dit signaal."))
    melding = RiecMelding(
        signaal=signaal,
        vraag_aan_riec=vraag_aan_riec,
        genomen_maatregelen=genomen_maatregelen,
        contactpersoon=contactpersoon or door,
    )
    melding.full_clean()
    melding.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=melding, gemeente=signaal.gemeente_id)
    return melding


@transaction.atomic
def riec_melding_wijzig(*, melding: RiecMelding, door, vraag_aan_riec: str, genomen_maatregelen: str) -> RiecMelding:
    """Change the text of a RIEC form while it is still a draft."""
    RIEC.vereis(melding, "wijzigen", door)
    melding.vraag_aan_riec, melding.genomen_maatregelen = vraag_aan_riec, genomen_maatregelen
    melding.full_clean()
    melding.save()
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=melding, gemeente=melding.signaal.gemeente_id)
    return melding


@transaction.atomic
def riec_melding_status(
    *,
    melding: RiecMelding,
    door,
    naar: str,
    datum: date | None = None,
    partner=None,
    terugkoppeling: str = "",
) -> RiecMelding:
    """Track the RIEC route: ingediend, besproken op Infoplein, interventie door partner, teruggelegd."""
    melding = RiecMelding.objects.select_for_update().select_related("signaal").get(pk=melding.pk)
    RIEC.controleer(melding, naar=naar, door=door)
    if naar == RiecStatus.INTERVENTIE_DOOR and partner is None:
        raise ValidationError({"partner": _("Kies de partner die de interventie uitvoert.")})
    datum = datum or klok.vandaag()
    if datum > klok.vandaag():
        raise ValidationError({"datum": _("Deze datum kan niet in de toekomst liggen.")})
    velden = {
        RiecStatus.INGEDIEND: {"ingediend_op": datum},
        RiecStatus.BESPROKEN: {"besproken_op": datum},
        RiecStatus.INTERVENTIE_DOOR: {"partner": partner},
        RiecStatus.TERUGGELEGD: {"teruggelegd_op": datum},
    }[naar]
    if terugkoppeling:
        velden["terugkoppeling"] = terugkoppeling
    RIEC.voer_uit(melding, naar=naar, door=door, velden=velden, valideer=True)
    signaal = melding.signaal
    if naar == RiecStatus.INGEDIEND:
        _riec_verstrekking(melding=melding, door=door)
    if naar == RiecStatus.INGEDIEND and signaal.status != SignaalStatus.RIEC:
        signaal_transitie(
            signaal=signaal, naar=SignaalStatus.RIEC, door=door, reden=_("RIEC-signaalformulier ingediend.")
        )
    elif naar == RiecStatus.TERUGGELEGD and signaal.status == SignaalStatus.RIEC:
        signaal_transitie(signaal=signaal, naar=SignaalStatus.OVERLEG, door=door, reden=_("Teruggelegd door het RIEC."))
    return melding
