"""The first steps of a signal: the intern meldpunt, the CCV triage (weging) and enrichment (opplussen)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.models import AuditActie
from ondermijning.scoping import gemeente_ids
from signalen.models import (
    Afsluitreden,
    Overleg,
    Signaal,
    SignaalStatus,
    Verrijking,
    Weging,
    WegingUitkomst,
)
from signalen.services.levenscyclus import signaal_registreer, signaal_transitie
from signalen.services.overleg import agendapunt_toevoegen
from signalen.workflow import SIGNAAL


@transaction.atomic
def melding_doe(*, door, gemeente, titel: str, omschrijving: str, adres_tekst: str = "") -> Signaal:
    """A municipal employee reports a suspicion through the intern meldpunt: a new signal for OOV."""
    if gemeente.pk not in gemeente_ids(door):
        raise ValidationError({"gemeente": _("U kunt alleen melden voor een gemeente waarvoor u werkt.")})
    if adres_tekst:
        omschrijving = f"{omschrijving}\n\n{_('Locatie volgens melder')}: {adres_tekst}"
    return signaal_registreer(
        door=door,
        gemeente=gemeente,
        titel=titel,
        omschrijving=omschrijving,
        bron="intern_meldpunt",
        ontvangen_op=klok.vandaag(),
        melder=door,
    )


@transaction.atomic
def weging_vastleggen(
    *,
    signaal: Signaal,
    door,
    is_ondermijning: bool,
    raakt_gemeentelijke_taak: bool,
    is_concreet: bool,
    is_recent: bool,
    uitkomst: str,
    toelichting: str = "",
    doorverwezen_naar: str = "",
) -> Weging:
    """Record the CCV triage and move the signal on as its outcome says."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    SIGNAAL.vereis(signaal, "wegen", door)
    if uitkomst == WegingUitkomst.DOORVERWIJZEN and not doorverwezen_naar.strip():
        raise ValidationError({"doorverwezen_naar": _("Vul in naar wie het signaal is doorverwezen.")})
    weging = Weging(
        signaal=signaal,
        door=door,
        op=klok.nu(),
        is_ondermijning=is_ondermijning,
        raakt_gemeentelijke_taak=raakt_gemeentelijke_taak,
        is_concreet=is_concreet,
        is_recent=is_recent,
        uitkomst=uitkomst,
        toelichting=toelichting,
        doorverwezen_naar=doorverwezen_naar,
    )
    weging.full_clean()
    weging.save()
    weging.agendapunt = None
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=weging, gemeente=signaal.gemeente_id, toelichting=uitkomst)
    if signaal.status == SignaalStatus.GEREGISTREERD:
        signaal = signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=door, reden=_("Weging gestart."))
    reden = _("Uitkomst weging: %(uitkomst)s.") % {"uitkomst": WegingUitkomst(uitkomst).label}
    if uitkomst == WegingUitkomst.GEEN_ACTIE:
        signaal_transitie(
            signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=door, reden=reden, afsluitreden=Afsluitreden.GEEN_ACTIE
        )
    elif uitkomst == WegingUitkomst.DOORVERWIJZEN:
        signaal_transitie(
            signaal=signaal,
            naar=SignaalStatus.AFGESLOTEN,
            door=door,
            reden=f"{reden} {doorverwezen_naar}",
            afsluitreden=Afsluitreden.DOORVERWEZEN,
        )
    elif uitkomst == WegingUitkomst.OPPLUSSEN:
        signaal_transitie(signaal=signaal, naar=SignaalStatus.OPPLUSSEN, door=door, reden=reden)
    elif uitkomst == WegingUitkomst.AGENDEREN:
        # On the next meeting of its municipality; without one the signal waits in status overleg
        # and `weging.agendapunt` stays None, so the page can say that no meeting is planned.
        overleg = Overleg.objects.komend(signaal.gemeente, klok.vandaag()).first()
        if overleg is not None:
            weging.agendapunt = agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=door)
        else:
            signaal_transitie(
                signaal=signaal,
                naar=SignaalStatus.OVERLEG,
                door=door,
                reden=f"{reden} {_('Er is nog geen overleg gepland.')}",
            )
    return weging


@transaction.atomic
def verrijking_toevoegen(
    *,
    signaal: Signaal,
    door,
    bron: str,
    informatie: str,
    datum: date,
    betrouwbaarheid_bron: str,
    betrouwbaarheid_informatie: str,
    grondslag: str = "",
) -> Verrijking:
    """Add an enrichment entry (opplussen) with its source, date, author and reliability."""
    signaal = Signaal.objects.get(pk=signaal.pk)
    SIGNAAL.vereis(signaal, "opplussen", door)
    if datum and datum > klok.vandaag():
        raise ValidationError({"datum": _("De datum van de informatie kan niet in de toekomst liggen.")})
    verrijking = Verrijking(
        signaal=signaal,
        auteur=door,
        bron=bron,
        informatie=informatie,
        datum=datum,
        betrouwbaarheid_bron=betrouwbaarheid_bron,
        betrouwbaarheid_informatie=betrouwbaarheid_informatie,
        grondslag=grondslag,
    )
    verrijking.full_clean()
    verrijking.save()
    audit.log(
        actie=AuditActie.AANMAKEN, actor=door, obj=verrijking, gemeente=signaal.gemeente_id, toelichting=f"bron={bron}"
    )
    return verrijking
