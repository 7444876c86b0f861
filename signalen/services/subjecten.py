"""Linking subjects (addresses, businesses, persons) to a signal and unlinking them.

When two subjects are the same is decided in `signalen.subjecten`; here the near match is asked
about (`SubjectKeuzeNodig`) or, with `keuze`, resolved.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ondermijning import audit, klok
from ondermijning.models import AuditActie
from signalen.models import (
    Adres,
    Bedrijf,
    Persoon,
    Signaal,
    SubjectOntkoppeling,
    normaliseer_postcode,
)
from signalen.services.levenscyclus import signaal_zoektekst_bijwerken
from signalen.subjecten import NIEUW, adres_zoek, bedrijf_zoek, persoon_zoek


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
