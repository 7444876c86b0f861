"""Read-side helpers: need-to-know on person data, "ook bekend in" and the timeline.

Every query is scoped to the user. `mag_persoonsgegevens_zien` is the one place that decides
whether a user sees the persons (names, dates of birth) of a signal or agenda item; views,
templates (through the flags the views pass), PDFs, the API and the search use it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from ondermijning import audit, domeinevents
from ondermijning.models import Gebruiker, Verstrekking
from ondermijning.scoping import Rol, gemeente_ids
from signalen.apps import PERSONEN_ZIEN
from signalen.models import (
    Adres,
    Agendapunt,
    Bedrijf,
    BesluitCorrectie,
    Persoon,
    Signaal,
    Verrijking,
    VerrijkingBron,
)
from signalen.subjecten import adres_sleutel, persoon_sleutel


def _actief(gebruiker) -> bool:
    return gebruiker is not None and gebruiker.is_authenticated and gebruiker.is_active


def behandelaars_van(gemeente_ids_: list[int]):
    """Who may handle a signal of one of these municipalities: active policy officers working for it.

    The one rule for the handler (form choices, the service's check, API and import): a handler
    must see the signal, or reminders and the work list go to someone who cannot open it.
    """
    return (
        Gebruiker.objects.filter(is_active=True, groups__name=Rol.BELEIDSMEDEWERKER, gemeenten__in=gemeente_ids_)
        .distinct()
        .order_by("first_name", "last_name")
    )


def agendapunten_met_persoonsgegevens(gebruiker, agendapunt_ids) -> set[int]:
    """Of these agenda items, the ones shared with the partner `gebruiker` works for *with* person data
    on a legal basis (an open entry in the disclosure register). One query for any number."""
    if not _actief(gebruiker) or not gebruiker.is_ketenpartner or not gebruiker.organisatie_id:
        return set()
    ids = [str(pk) for pk in agendapunt_ids]
    if not ids:
        return set()
    gedeeld = Verstrekking.objects.filter(
        object_type=Agendapunt._meta.label_lower,
        object_id__in=ids,
        organisatie_id=gebruiker.organisatie_id,
        persoonsgegevens=True,
        ingetrokken_op=None,
    ).values_list("object_id", flat=True)
    # The register alone is not enough: the item must still be shared with the organisation.
    return set(
        Agendapunt.objects.filter(pk__in=[int(i) for i in gedeeld], gedeeld_met=gebruiker.organisatie_id).values_list(
            "pk", flat=True
        )
    )


def mag_persoonsgegevens_zien(gebruiker, obj=None) -> bool:
    """May `gebruiker` see the persons of `obj` (a Signaal or Agendapunt the user may already see)?

    Municipal users: only roles that need it (permission signalen.view_persoon: beleidsmedewerker
    and voorzitter, see SignalenConfig). Partners: only for an agenda item (or the signal of one)
    shared with their organisation on a legal basis for person data.
    """
    if not _actief(gebruiker):
        return False
    if gebruiker.is_ketenpartner:
        if isinstance(obj, Agendapunt):
            return bool(agendapunten_met_persoonsgegevens(gebruiker, [obj.pk]))
        if isinstance(obj, Signaal):
            punten = obj.agendapunten.values_list("pk", flat=True)
            return bool(agendapunten_met_persoonsgegevens(gebruiker, punten))
        return False
    if not gebruiker.has_perm(PERSONEN_ZIEN):
        return False
    # Defence in depth: the views already load through the scoped QuerySets.
    if isinstance(obj, Signaal):
        return obj.gemeente_id in gemeente_ids(gebruiker)
    if isinstance(obj, Agendapunt):
        return obj.signaal.gemeente_id in gemeente_ids(gebruiker)
    return True


def zichtbare_agendapunten(gebruiker, overleg) -> list:
    """The agenda items the user may see, each with `personen`: the persons the user may see (need-to-know).

    One reading for the page and the PDF of the agenda alike.
    """
    punten = list(
        Agendapunt.objects.voor_gebruiker(gebruiker)
        .filter(overleg=overleg)
        .select_related("signaal", "signaal__gemeente", "besloten_door")
        .prefetch_related(
            "gedeeld_met", "signaal__fenomenen", "signaal__adressen", "signaal__bedrijven", "signaal__personen"
        )
    )
    if gebruiker.is_ketenpartner:
        met_personen = agendapunten_met_persoonsgegevens(gebruiker, [p.pk for p in punten])
    else:
        met_personen = {p.pk for p in punten} if mag_persoonsgegevens_zien(gebruiker) else set()
    for punt in punten:
        punt.personen_zichtbaar = punt.pk in met_personen
        punt.personen = list(punt.signaal.personen.all()) if punt.personen_zichtbaar else []
        punt.personen_afgeschermd = not punt.personen_zichtbaar and bool(punt.signaal.personen.all())
    return punten


def agendapunten_gelezen(gebruiker, overleg, punten, actie, toelichting) -> None:
    """One audit event per signal shown (who saw which signal through the agenda), in fixed queries."""
    audit.log_reeks(
        [
            {
                "actie": actie,
                "actor": gebruiker,
                "obj": punt.signaal,
                "toelichting": f"{toelichting} overleg {overleg.pk}, agendapunt {punt.pk}"
                + (", met personen" if punt.personen_zichtbaar else ""),
            }
            for punt in punten
        ]
    )


@dataclass
class OokBekendIn:
    signalen: list = field(default_factory=list)
    bezoeken: list = field(default_factory=list)


@dataclass(frozen=True)
class Koppeling:
    """Which subject of ours links a related signal or visit: its kind (adres, KVK, persoon) and the subject."""

    soort: str
    subject: object

    @property
    def label(self) -> str:
        if self.soort == "bedrijf" and not self.subject.kvk_nummer:
            return _("bedrijf %(naam)s") % {"naam": self.subject.naam}
        if self.soort == "bedrijf":
            return _("KVK %(kvk)s (%(naam)s)") % {"kvk": self.subject.kvk_nummer, "naam": self.subject.naam}
        if self.soort == "persoon":
            return _("persoon %(persoon)s") % {"persoon": self.subject}
        return _("adres %(adres)s") % {"adres": self.subject}


def _zelfde_subjecten(gebruiker, adressen, bedrijven, personen) -> tuple[dict, dict, dict]:
    """The subjects in the user's scope that are the same as ours (same row, or the same identity by
    signalen/subjecten.py: no near matches here), each mapped to our subject. Three queries."""
    adres_map: dict[int, Adres] = {a.pk: a for a in adressen}
    sleutels = {adres_sleutel(straat=a.straat, huisnummer=a.huisnummer, postcode=a.postcode): a for a in adressen}
    if adressen:
        # The postcode narrows it (index); the normalised street and number are compared here.
        kandidaten = Adres.objects.voor_gebruiker(gebruiker).filter(postcode__in={a.postcode for a in adressen})
        for kandidaat in kandidaten.only("pk", "straat", "huisnummer", "postcode"):
            sleutel = adres_sleutel(
                straat=kandidaat.straat, huisnummer=kandidaat.huisnummer, postcode=kandidaat.postcode
            )
            if sleutel in sleutels:
                adres_map.setdefault(kandidaat.pk, sleutels[sleutel])
    bedrijf_map: dict[int, Bedrijf] = {b.pk: b for b in bedrijven}
    per_kvk = {b.kvk_nummer: b for b in bedrijven if b.kvk_nummer}
    if per_kvk:
        kandidaten = Bedrijf.objects.voor_gebruiker(gebruiker).filter(kvk_nummer__in=per_kvk)
        for pk, kvk in kandidaten.values_list("pk", "kvk_nummer"):
            bedrijf_map.setdefault(pk, per_kvk[kvk])
    persoon_map: dict[int, Persoon] = {p.pk: p for p in personen}
    per_sleutel = {persoon_sleutel(naam=p.naam, geboortedatum=p.geboortedatum): p for p in personen if p.geboortedatum}
    if per_sleutel:
        kandidaten = Persoon.objects.voor_gebruiker(gebruiker).filter(geboortedatum__in={s[1] for s in per_sleutel})
        for pk, naam, geboortedatum in kandidaten.values_list("pk", "naam", "geboortedatum"):
            sleutel = persoon_sleutel(naam=naam, geboortedatum=geboortedatum)
            if sleutel in per_sleutel:
                persoon_map.setdefault(pk, per_sleutel[sleutel])
    return adres_map, bedrijf_map, persoon_map


def _links(adres_map, bedrijf_map, persoon_map, signaal_ids=None, alleen_signaal=False):
    """One UNION of the three link tables (each uses its subject index): (signal, kind, subject) rows."""
    delen = []
    for soort, veld, ids in (
        ("adres", "adressen", adres_map),
        ("bedrijf", "bedrijven", bedrijf_map),
        ("persoon", "personen", persoon_map),
    ):
        rijen = getattr(Signaal, veld).through.objects.filter(**{f"{soort}_id__in": list(ids)})
        if signaal_ids is not None:
            rijen = rijen.filter(signaal_id__in=signaal_ids)
        if alleen_signaal:
            delen.append(rijen.values("signaal_id"))
        else:
            delen.append(rijen.values("signaal_id", subject_id=F(f"{soort}_id"), soort=Value(soort)))
    return delen[0].union(*delen[1:], all=not alleen_signaal)


def _bezoek_via(bezoek, adres_map, bedrijf_map) -> list[Koppeling]:
    via = []
    if bezoek.adres_id in adres_map:
        via.append(Koppeling("adres", adres_map[bezoek.adres_id]))
    if bezoek.bedrijf_id in bedrijf_map:
        via.append(Koppeling("bedrijf", bedrijf_map[bezoek.bedrijf_id]))
    if bezoek.bedrijf_id and bezoek.bedrijf.adres_id in adres_map:
        koppeling = Koppeling("adres", adres_map[bezoek.bedrijf.adres_id])
        if koppeling not in via:
            via.append(koppeling)
    return via


def ook_bekend_in(*, gebruiker, adressen=(), bedrijven=(), personen=(), behalve: Signaal | None = None) -> OokBekendIn:
    """Other signals and control visits in the user's scope about the same address, KVK number or person.

    Each signal and visit gets `via`: the Koppelingen (which of our subjects) that link it.
    """
    adressen, bedrijven, personen = list(adressen), list(bedrijven), list(personen)
    if personen and not mag_persoonsgegevens_zien(gebruiker):
        # A match on a person tells who the signal is about: only for roles that may see persons.
        personen = []
    if not (adressen or bedrijven or personen):
        return OokBekendIn()
    adres_map, bedrijf_map, persoon_map = _zelfde_subjecten(gebruiker, adressen, bedrijven, personen)
    # The matching ids are collected first and then sorted, instead of an OR over three
    # many-to-many joins (no index at 100,000 signals) or an OR of semi-joins (PostgreSQL walks
    # all signals newest first).
    treffers = _links(adres_map, bedrijf_map, persoon_map, alleen_signaal=True)
    signalen = Signaal.objects.voor_gebruiker(gebruiker).filter(pk__in=treffers).select_related("gemeente")
    if behalve is not None:
        signalen = signalen.exclude(pk=behalve.pk)
    resultaat = OokBekendIn(signalen=list(signalen.order_by("-ontvangen_op", "-pk")[:50]))
    if resultaat.signalen:
        # One more query for the links of the (at most 50) signals shown: which subject links each.
        mappen = {"adres": adres_map, "bedrijf": bedrijf_map, "persoon": persoon_map}
        via: dict[int, list[Koppeling]] = {}
        getoond = [s.pk for s in resultaat.signalen]
        for rij in _links(adres_map, bedrijf_map, persoon_map, signaal_ids=getoond):
            koppeling = Koppeling(rij["soort"], mappen[rij["soort"]][rij["subject_id"]])
            if koppeling not in via.setdefault(rij["signaal_id"], []):
                via[rij["signaal_id"]].append(koppeling)
        for signaal in resultaat.signalen:
            signaal.via = via.get(signaal.pk, [])
    # Visits are controles' (a higher app): it answers the event with those the user may see.
    for _ontvanger, bezoeken in domeinevents.bezoeken_bij_subjecten.send(
        sender=Signaal, gebruiker=gebruiker, adres_ids=list(adres_map), bedrijf_ids=list(bedrijf_map)
    ):
        if bezoeken is not None:
            resultaat.bezoeken += list(bezoeken[:50])
    for bezoek in resultaat.bezoeken:
        bezoek.via = _bezoek_via(bezoek, adres_map, bedrijf_map)
    return resultaat


@dataclass
class TijdlijnItem:
    moment: datetime.datetime
    soort: str
    object: object

    @property
    def alleen_datum(self) -> bool:
        """Recorded as a date (an intervention's start): shown without a time of day."""
        return self.moment.time() == datetime.time.min and self.soort in ("besluit", "interventie")


def _moment(waarde) -> datetime.datetime:
    if isinstance(waarde, datetime.datetime):
        return timezone.localtime(waarde)
    # A date only: the start of that day, so it sorts before what was recorded later that day.
    return timezone.make_aware(datetime.datetime.combine(waarde, datetime.time.min))


def verrijkingen_van(signaal: Signaal, *, toon_personen: bool) -> list[Verrijking]:
    """The enrichment of a signal, with BRP information masked for who may not see persons.

    The one mask for the page and the PDF: a masked entry has `afgeschermd` set and its text
    removed, so no template can show it by mistake. `toon_personen` is mag_persoonsgegevens_zien.
    """
    verrijkingen = list(signaal.verrijkingen.select_related("auteur"))
    for verrijking in verrijkingen:
        verrijking.afgeschermd = verrijking.bron == VerrijkingBron.BRP and not toon_personen
        if verrijking.afgeschermd:
            verrijking.informatie = ""
    return verrijkingen


def tijdlijn(signaal: Signaal, *, toon_personen: bool = False) -> list[TijdlijnItem]:
    """Transitions, weging, enrichment, decisions, RIEC steps, unlinked subjects and interventions, oldest first.

    BRP enrichment is masked unless `toon_personen` (see verrijkingen_van).
    """
    items: list[TijdlijnItem] = []
    for o in signaal.statusovergangen.select_related("door"):
        items.append(TijdlijnItem(_moment(o.created_at), "overgang", o))
    for w in signaal.wegingen.select_related("door"):
        items.append(TijdlijnItem(_moment(w.op), "weging", w))
    for v in verrijkingen_van(signaal, toon_personen=toon_personen):
        items.append(TijdlijnItem(_moment(v.created_at), "verrijking", v))
    for a in signaal.agendapunten.select_related("overleg", "besloten_door").exclude(besluit=""):
        items.append(TijdlijnItem(_moment(a.besloten_op or a.overleg.datum), "besluit", a))
    for c in BesluitCorrectie.objects.filter(agendapunt__signaal=signaal).select_related("door", "agendapunt__overleg"):
        items.append(TijdlijnItem(_moment(c.op), "correctie", c))
    for r in signaal.riec_meldingen.select_related("partner"):
        items.append(TijdlijnItem(_moment(r.created_at), "riec", r))
    for o in signaal.ontkoppelingen.select_related("door", "adres", "bedrijf", "persoon"):
        items.append(TijdlijnItem(_moment(o.created_at), "ontkoppeling", o))
    for i in signaal.interventies.all():
        items.append(TijdlijnItem(_moment(i.gestart_op), "interventie", i))
    return sorted(items, key=lambda item: item.moment)
