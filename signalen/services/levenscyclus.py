"""Registering, changing and moving a signal through its statuses; its own field rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ondermijning import audit, klok
from ondermijning.models import AuditActie
from ondermijning.workflow import OvergangGeweigerd, controleer_versie
from signalen.models import (
    Adres,
    Bedrijf,
    Persoon,
    Signaal,
    SignaalStatus,
)
from signalen.selectors import behandelaars_van
from signalen.workflow import SIGNAAL


def toegestane_statussen(signaal: Signaal) -> list[str]:
    """The statuses `signaal` may move to now (the only ones the UI offers)."""
    return SIGNAAL.naar_statussen(signaal.status)


def _zoektekst(signaal: Signaal) -> str:
    delen = [signaal.titel, signaal.omschrijving]
    if signaal.pk:
        delen += [str(a) for a in signaal.adressen.all()]
        delen += [f"{b.naam} {b.kvk_nummer}" for b in signaal.bedrijven.all()]
        delen += [p.naam for p in signaal.personen.all()]
    return " ".join(d for d in delen if d)


BEHANDELAAR_ONBEKEND = gettext_lazy(
    "Deze behandelaar kan het signaal niet inzien: kies een beleidsmedewerker van de gemeente van het signaal."
)


def controleer_behandelaar(*, behandelaar, gemeente_id: int) -> None:
    """Refuse a handler who may not see a signal of this municipality (see selectors.behandelaars_van)."""
    if behandelaar is None:
        return
    if not behandelaars_van([gemeente_id]).filter(pk=behandelaar.pk).exists():
        raise ValidationError({"behandelaar": BEHANDELAAR_ONBEKEND}, code="behandelaar")


def signaal_zoektekst_bijwerken(*, signaal: Signaal) -> None:
    """Refresh the denormalised search text after the signal or its subjects changed."""
    Signaal.objects.filter(pk=signaal.pk).update(zoektekst=_zoektekst(signaal))


def valideer_signaal(*, titel: str, omschrijving: str, ontvangen_op: date | None) -> None:
    """The rules of a signal's own fields; one Dutch message per field, the same for web, API and import.

    Raises ValidationError with field keys. Called by the services before saving and by the web form
    for its field-by-field feedback; forms and serializers check only the shape of the input.
    """
    fouten = {}
    if not (titel or "").strip():
        fouten["titel"] = _("Geef het signaal een korte titel.")
    if not (omschrijving or "").strip():
        fouten["omschrijving"] = _("Beschrijf de feiten van het signaal.")
    if isinstance(ontvangen_op, datetime):
        ontvangen_op = timezone.localdate(ontvangen_op) if timezone.is_aware(ontvangen_op) else ontvangen_op.date()
    if ontvangen_op and ontvangen_op > klok.vandaag():
        fouten["ontvangen_op"] = _("De datum van ontvangst kan niet in de toekomst liggen.")
    if fouten:
        raise ValidationError(fouten)


def _signaal_controleer(signaal: Signaal) -> None:
    """The signal's rules, then the model's checks (lengths, choices) for the fields the rules left alone."""
    fouten: dict[str, list] = {}
    try:
        valideer_signaal(titel=signaal.titel, omschrijving=signaal.omschrijving, ontvangen_op=signaal.ontvangen_op)
    except ValidationError as fout:
        fouten.update(fout.error_dict)
    try:
        signaal.full_clean(exclude=list(fouten))
    except ValidationError as fout:
        fouten.update(fout.error_dict)
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def signaal_registreer(
    *,
    door,
    gemeente,
    titel: str,
    omschrijving: str,
    bron: str,
    ontvangen_op,
    fenomenen: Iterable = (),
    adressen: Iterable[Adres] = (),
    bedrijven: Iterable[Bedrijf] = (),
    personen: Iterable[Persoon] = (),
    prioriteit: int | None = None,
    behandelaar=None,
    melder=None,
) -> Signaal:
    """Register a new signal (status geregistreerd) with its phenomena and subjects."""
    signaal = Signaal(
        gemeente=gemeente,
        titel=titel,
        omschrijving=omschrijving,
        bron=bron,
        ontvangen_op=ontvangen_op,
        behandelaar=behandelaar,
        melder=melder,
        status=SignaalStatus.GEREGISTREERD,
    )
    if prioriteit is not None:
        signaal.prioriteit = prioriteit
    controleer_behandelaar(behandelaar=behandelaar, gemeente_id=gemeente.pk)
    _signaal_controleer(signaal)
    signaal.save()
    signaal.fenomenen.set(list(fenomenen))
    for subjecten, veld in ((adressen, signaal.adressen), (bedrijven, signaal.bedrijven), (personen, signaal.personen)):
        subjecten = list(subjecten)
        andere = [s for s in subjecten if s.gemeente_id != gemeente.pk]
        if andere:
            raise ValidationError(_("Een subject hoort bij een andere gemeente dan het signaal."))
        veld.set(subjecten)
    signaal_zoektekst_bijwerken(signaal=signaal)
    SIGNAAL.registreer_begin(signaal, door=door, reden=_("Signaal geregistreerd."))
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=signaal, toelichting=f"bron={bron}")
    signaal.refresh_from_db()
    return signaal


@transaction.atomic
def signaal_transitie(*, signaal: Signaal, naar: str, door, reden: str = "", afsluitreden: str = "") -> Signaal:
    """Move `signaal` to status `naar` if the table allows it; otherwise refuse and change nothing."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    SIGNAAL.controleer(signaal, naar=naar, door=door)
    if naar == SignaalStatus.AFGESLOTEN and not afsluitreden:
        raise OvergangGeweigerd(_("Kies een reden om het signaal af te sluiten."))
    if naar == SignaalStatus.AFGESLOTEN:
        velden = {"afsluitreden": afsluitreden, "afgesloten_op": klok.vandaag()}
    else:
        velden = {"afsluitreden": "", "afgesloten_op": None}
    SIGNAAL.voer_uit(signaal, naar=naar, door=door, reden=reden, velden=velden, valideer=True)
    signaal.refresh_from_db()
    return signaal


VERSIE_ONTBREEKT = gettext_lazy(
    "De versie van het signaal ontbreekt. Open het signaal opnieuw en breng uw wijziging dan aan."
)
VERSIE_VEROUDERD = gettext_lazy(
    "Iemand anders heeft dit signaal gewijzigd nadat u het opende. Uw tekst is niet opgeslagen: "
    "kopieer wat u wilt bewaren, open het signaal opnieuw en breng uw wijziging dan aan."
)


def _controleer_versie(signaal: Signaal, versie: int | None) -> None:
    controleer_versie(signaal, versie, ontbreekt=VERSIE_ONTBREEKT, verouderd=VERSIE_VEROUDERD)


SIGNAAL_VELDEN = ("titel", "omschrijving", "bron", "ontvangen_op", "prioriteit", "behandelaar", "gemeente")


@transaction.atomic
def signaal_wijzig(
    *, signaal: Signaal, door, versie: int | None, fenomenen: Iterable | None = None, **velden
) -> Signaal:
    """Change a signal's fields; refused when someone else saved it since `versie` was read."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    _controleer_versie(signaal, versie)
    onbekend = set(velden) - set(SIGNAAL_VELDEN)
    if onbekend:
        raise ValueError(f"Onbekende velden: {sorted(onbekend)}")
    if "gemeente" in velden and velden["gemeente"].pk != signaal.gemeente_id and _heeft_subjecten(signaal):
        raise ValidationError({"gemeente": _("Een signaal met subjecten kan niet naar een andere gemeente.")})
    gewijzigd = sorted(naam for naam, waarde in velden.items() if getattr(signaal, naam) != waarde)
    for naam, waarde in velden.items():
        setattr(signaal, naam, waarde)
    if "behandelaar" in gewijzigd or "gemeente" in gewijzigd:
        controleer_behandelaar(behandelaar=signaal.behandelaar, gemeente_id=signaal.gemeente_id)
    signaal.versie += 1
    _signaal_controleer(signaal)
    signaal.save()
    if fenomenen is not None:
        signaal.fenomenen.set(list(fenomenen))
    signaal_zoektekst_bijwerken(signaal=signaal)
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=signaal, toelichting=",".join(gewijzigd)[:200])
    return signaal


def _heeft_subjecten(signaal: Signaal) -> bool:
    return signaal.adressen.exists() or signaal.bedrijven.exists() or signaal.personen.exists()
