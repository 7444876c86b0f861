"""Every write and status transition of the signalen app.

Keyword-only functions `<noun>_<verb>(*, ...)`, each in a transaction, validating with
`full_clean()` before saving, recording transitions and writing the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie, AuditEvent, Grondslag, Organisatie, OrganisatieType, Verstrekking
from ondermijning.scoping import Rol, gemeente_ids
from ondermijning.services import verstrekking_registreer, verstrekking_trek_in
from ondermijning.workflow import OvergangGeweigerd, controleer_versie
from signalen.models import (
    SLUITINGEN,
    Adres,
    Afsluitreden,
    Agendapunt,
    Bedrijf,
    Besluit,
    BesluitCorrectie,
    CommunicatieSoort,
    CommunicatieTaak,
    Damoclesladder,
    Interventie,
    InterventieSoort,
    InterventieStatus,
    LadderMaatregel,
    Overleg,
    Persoon,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
    SubjectOntkoppeling,
    Verrijking,
    Weging,
    WegingUitkomst,
    normaliseer_postcode,
)
from signalen.selectors import behandelaars_van
from signalen.subjecten import NIEUW, adres_zoek, bedrijf_zoek, persoon_zoek
from signalen.workflow import RIEC, SIGNAAL


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
    SIGNAAL.controleer(signaal, naar=naar, user=door)
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


# --------------------------------------------------------------------------------------------
# Subjects
# --------------------------------------------------------------------------------------------


class SubjectKeuzeNodig(ValidationError):
    """A near match exists and no choice was made: nothing was linked. `kandidaten` are the near matches."""

    def __init__(self, *, soort: str, kandidaten: list):
        self.soort, self.kandidaten = soort, kandidaten
        super().__init__(
            SUBJECT_KEUZE_MELDINGEN[soort] % {"kandidaten": "; ".join(str(k) for k in kandidaten)}, code="keuze"
        )


SUBJECT_KEUZE_MELDINGEN = {
    "adres": gettext_lazy(
        "Er bestaat al een vergelijkbaar adres: %(kandidaten)s. Kies of u dat bedoelt, of maak een nieuw adres aan."
    ),
    "bedrijf": gettext_lazy(
        "Er bestaat al een vergelijkbaar bedrijf: %(kandidaten)s. Kies of u dat bedoelt, of maak een nieuw bedrijf aan."
    ),
    "persoon": gettext_lazy(
        "Er bestaat al een vergelijkbare persoon: %(kandidaten)s. "
        "Kies of u die bedoelt, of maak een nieuwe persoon aan."
    ),
}


def _kies_subject(*, soort: str, model, exact, bijna: list, keuze, nieuw: dict):
    """The subject to link: the exact match, the chosen near match, or a new one; refused when unsure."""
    if exact is not None:
        return exact, False
    if bijna and keuze != NIEUW:
        gekozen = next((k for k in bijna if str(k.pk) == str(keuze)), None)
        if gekozen is None:
            raise SubjectKeuzeNodig(soort=soort, kandidaten=bijna)
        return gekozen, False
    subject = model(**nieuw)
    subject.full_clean()
    subject.save()
    return subject, True


def _toelichting(soort: str, subject, nieuw: bool, bijna: list) -> str:
    # Ids only: the audit trail holds no personal data.
    tekst = f"{soort} {subject.pk} gekoppeld"
    if nieuw and bijna:
        tekst += f" (nieuw naast vergelijkbaar {','.join(str(k.pk) for k in bijna)})"
    return tekst


@transaction.atomic
def adres_koppel(
    *,
    signaal: Signaal,
    door,
    straat: str,
    huisnummer: str,
    postcode: str,
    plaats: str,
    bag_id: str = "",
    keuze: str | int | None = None,
) -> Adres:
    """Link an address to a signal: the same address is reused, a near match only when chosen (see subjecten)."""
    straat, huisnummer, plaats = straat.strip(), huisnummer.strip(), plaats.strip()
    exact, bijna = adres_zoek(gemeente=signaal.gemeente, straat=straat, huisnummer=huisnummer, postcode=postcode)
    nieuw = {
        "gemeente": signaal.gemeente,
        "straat": straat,
        "huisnummer": huisnummer,
        "postcode": normaliseer_postcode(postcode),
        "plaats": plaats,
        "bag_id": bag_id,
    }
    adres, aangemaakt = _kies_subject(soort="adres", model=Adres, exact=exact, bijna=bijna, keuze=keuze, nieuw=nieuw)
    signaal.adressen.add(adres)
    _subject_gewijzigd(signaal=signaal, door=door, toelichting=_toelichting("adres", adres, aangemaakt, bijna))
    return adres


@transaction.atomic
def bedrijf_koppel(
    *,
    signaal: Signaal,
    door,
    naam: str,
    kvk_nummer: str = "",
    adres: Adres | None = None,
    keuze: str | int | None = None,
) -> Bedrijf:
    """Link a business to a signal: the same KVK number is reused, a similar name only when chosen."""
    naam, kvk_nummer = naam.strip(), kvk_nummer.strip()
    exact, bijna = bedrijf_zoek(gemeente=signaal.gemeente, naam=naam, kvk_nummer=kvk_nummer)
    nieuw = {"gemeente": signaal.gemeente, "naam": naam, "kvk_nummer": kvk_nummer, "adres": adres}
    bedrijf, aangemaakt = _kies_subject(
        soort="bedrijf", model=Bedrijf, exact=exact, bijna=bijna, keuze=keuze, nieuw=nieuw
    )
    signaal.bedrijven.add(bedrijf)
    _subject_gewijzigd(signaal=signaal, door=door, toelichting=_toelichting("bedrijf", bedrijf, aangemaakt, bijna))
    return bedrijf


@transaction.atomic
def persoon_koppel(
    *, signaal: Signaal, door, naam: str, geboortedatum: date | None = None, keuze: str | int | None = None
) -> Persoon:
    """Link a person to a signal: the same name and date of birth is reused, a near match only when chosen."""
    naam = naam.strip()
    exact, bijna = persoon_zoek(gemeente=signaal.gemeente, naam=naam, geboortedatum=geboortedatum)
    nieuw = {"gemeente": signaal.gemeente, "naam": naam, "geboortedatum": geboortedatum}
    persoon, aangemaakt = _kies_subject(
        soort="persoon", model=Persoon, exact=exact, bijna=bijna, keuze=keuze, nieuw=nieuw
    )
    signaal.personen.add(persoon)
    _subject_gewijzigd(signaal=signaal, door=door, toelichting=_toelichting("persoon", persoon, aangemaakt, bijna))
    return persoon


@transaction.atomic
def subject_ontkoppel(*, signaal: Signaal, door, subject, reden: str) -> SubjectOntkoppeling:
    """Remove a wrongly linked subject from a signal, with a reason (the subject itself stays: others may use it)."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef een reden om dit subject los te koppelen.")})
    soort = {Adres: "adres", Bedrijf: "bedrijf", Persoon: "persoon"}[type(subject)]
    veld = {"adres": signaal.adressen, "bedrijf": signaal.bedrijven, "persoon": signaal.personen}[soort]
    if not veld.filter(pk=subject.pk).exists():
        raise ValidationError(_("Dit subject is niet (meer) gekoppeld aan dit signaal."))
    veld.remove(subject)
    ontkoppeling = SubjectOntkoppeling(signaal=signaal, door=door, soort=soort, reden=reden, **{soort: subject})
    ontkoppeling.full_clean()
    ontkoppeling.save()
    _subject_gewijzigd(signaal=signaal, door=door, toelichting=f"{soort} {subject.pk} ontkoppeld")
    return ontkoppeling


def _subject_gewijzigd(*, signaal: Signaal, door, toelichting: str) -> None:
    Signaal.objects.filter(pk=signaal.pk).update(versie=F("versie") + 1, updated_at=klok.nu())
    signaal_zoektekst_bijwerken(signaal=signaal)
    audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=signaal, toelichting=toelichting)


# --------------------------------------------------------------------------------------------
# Intern meldpunt, weging, opplussen
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Lokaal ondermijningsoverleg
# --------------------------------------------------------------------------------------------


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


def is_voorzitter(user, overleg: Overleg) -> bool:
    """The chair of this meeting: its named voorzitter, or, when none is named, a user with the role."""
    if overleg.voorzitter_id:
        return overleg.voorzitter_id == user.pk
    return user.heeft_rol(Rol.VOORZITTER) and overleg.gemeenten.filter(pk__in=gemeente_ids(user)).exists()


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
    gewenst = {o.pk: o for o in organisaties}
    huidig = {o.pk: o for o in agendapunt.gedeeld_met.all()}
    open_registraties = {
        v.organisatie_id: v
        for v in Verstrekking.objects.filter(
            object_type=agendapunt._meta.label_lower, object_id=str(agendapunt.pk), ingetrokken_op=None
        )
    }
    omschrijving = _("Agendapunt %(punt)s (signaal %(nummer)s, overleg %(overleg)s)") % {
        "punt": agendapunt.pk,
        "nummer": signaal.nummer,
        "overleg": agendapunt.overleg_id,
    }
    for pk, organisatie in gewenst.items():
        bestaand = open_registraties.get(pk)
        if bestaand and (bestaand.grondslag, bestaand.persoonsgegevens, bestaand.toelichting) == (
            grondslag,
            persoonsgegevens,
            toelichting,
        ):
            continue
        if bestaand:
            verstrekking_trek_in(obj=agendapunt, organisatie=organisatie, door=door)
        verstrekking_registreer(
            obj=agendapunt,
            organisatie=organisatie,
            door=door,
            grondslag=grondslag,
            omschrijving=omschrijving + (_(", met persoonsgegevens") if persoonsgegevens else ""),
            toelichting=toelichting,
            persoonsgegevens=persoonsgegevens,
            gemeente=signaal.gemeente_id,
        )
    for pk in set(huidig) | set(open_registraties):
        if pk not in gewenst:
            organisatie = huidig.get(pk) or open_registraties[pk].organisatie
            verstrekking_trek_in(obj=agendapunt, organisatie=organisatie, door=door)
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


# --------------------------------------------------------------------------------------------
# RIEC
# --------------------------------------------------------------------------------------------


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
    RIEC.controleer(melding, naar=naar, user=door)
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


# --------------------------------------------------------------------------------------------
# Interventies
# --------------------------------------------------------------------------------------------

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
    interventie.status = InterventieStatus.GESTART
    interventie.full_clean()
    interventie.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=interventie,
        gemeente=interventie.signaal.gemeente_id,
        toelichting="bibob-advies aangevraagd",
    )
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
    interventie.status = InterventieStatus.GESTART
    interventie.full_clean()
    interventie.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=interventie,
        gemeente=interventie.signaal.gemeente_id,
        toelichting="bibob-termijn verlengd",
    )
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
    interventie.status = InterventieStatus.GESTART
    interventie.full_clean()
    interventie.save()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        actor=door,
        obj=interventie,
        gemeente=interventie.signaal.gemeente_id,
        toelichting="interventie afgerond",
    )
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
    return taak
