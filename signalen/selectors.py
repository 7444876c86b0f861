"""Read-side helpers: need-to-know on person data, "ook bekend in" and the timeline.

Every query is scoped to the user. `mag_persoonsgegevens_zien` is the one place that decides
whether a user sees the persons (names, dates of birth) of a signal or agenda item; views,
templates (through the flags the views pass), PDFs, the API and the search use it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from ondermijning.models import Verstrekking
from ondermijning.scoping import gemeente_ids
from signalen.apps import PERSONEN_ZIEN
from signalen.models import Adres, Agendapunt, Bedrijf, BesluitCorrectie, Persoon, Signaal


def _actief(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def agendapunten_met_persoonsgegevens(user, agendapunt_ids) -> set[int]:
    """Of these agenda items, the ones shared with the partner `user` works for *with* person data
    on a legal basis (an open entry in the disclosure register). One query for any number."""
    if not _actief(user) or not user.is_ketenpartner or not user.organisatie_id:
        return set()
    ids = [str(pk) for pk in agendapunt_ids]
    if not ids:
        return set()
    gedeeld = Verstrekking.objects.filter(
        object_type=Agendapunt._meta.label_lower,
        object_id__in=ids,
        organisatie_id=user.organisatie_id,
        persoonsgegevens=True,
        ingetrokken_op=None,
    ).values_list("object_id", flat=True)
    # The register alone is not enough: the item must still be shared with the organisation.
    return set(
        Agendapunt.objects.filter(pk__in=[int(i) for i in gedeeld], gedeeld_met=user.organisatie_id).values_list(
            "pk", flat=True
        )
    )


def mag_persoonsgegevens_zien(user, obj=None) -> bool:
    """May `user` see the persons of `obj` (a Signaal or Agendapunt the user may already see)?

    Municipal users: only roles that need it (permission signalen.view_persoon: beleidsmedewerker
    and voorzitter, see SignalenConfig). Partners: only for an agenda item (or the signal of one)
    shared with their organisation on a legal basis for person data.
    """
    if not _actief(user):
        return False
    if user.is_ketenpartner:
        if isinstance(obj, Agendapunt):
            return bool(agendapunten_met_persoonsgegevens(user, [obj.pk]))
        if isinstance(obj, Signaal):
            punten = obj.agendapunten.values_list("pk", flat=True)
            return bool(agendapunten_met_persoonsgegevens(user, punten))
        return False
    if not user.has_perm(PERSONEN_ZIEN):
        return False
    # Defence in depth: the views already load through the scoped QuerySets.
    if isinstance(obj, Signaal):
        return obj.gemeente_id in gemeente_ids(user)
    if isinstance(obj, Agendapunt):
        return obj.signaal.gemeente_id in gemeente_ids(user)
    return True


@dataclass
class OokBekendIn:
    signalen: list = field(default_factory=list)
    bezoeken: list = field(default_factory=list)


def _subject_filter(adressen, bedrijven, personen) -> tuple[Q, Q, Q]:
    """Match subjects by what identifies them across municipalities: postcode+number, KVK, name(+birth date)."""
    q_adres, q_bedrijf, q_persoon = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
    for a in adressen:
        q_adres |= Q(postcode=a.postcode, huisnummer__iexact=a.huisnummer)
    for b in bedrijven:
        q_bedrijf |= Q(kvk_nummer=b.kvk_nummer) if b.kvk_nummer else Q(naam__iexact=b.naam, kvk_nummer="")
    for p in personen:
        if p.geboortedatum:
            q_persoon |= Q(naam__iexact=p.naam, geboortedatum=p.geboortedatum)
        else:
            q_persoon |= Q(naam__iexact=p.naam)
    return q_adres, q_bedrijf, q_persoon


def ook_bekend_in(*, user, adressen=(), bedrijven=(), personen=(), behalve: Signaal | None = None) -> OokBekendIn:
    """Other signals and control visits in the user's scope about the same address, KVK number or person."""
    adressen, bedrijven, personen = list(adressen), list(bedrijven), list(personen)
    if personen and not mag_persoonsgegevens_zien(user):
        # A match on a person tells who the signal is about: only for roles that may see persons.
        personen = []
    if not (adressen or bedrijven or personen):
        return OokBekendIn()
    q_adres, q_bedrijf, q_persoon = _subject_filter(adressen, bedrijven, personen)
    adres_ids = list(Adres.objects.voor_gebruiker(user).filter(q_adres).values_list("pk", flat=True))
    bedrijf_ids = list(Bedrijf.objects.voor_gebruiker(user).filter(q_bedrijf).values_list("pk", flat=True))
    persoon_ids = list(Persoon.objects.voor_gebruiker(user).filter(q_persoon).values_list("pk", flat=True))
    # One UNION of the three link tables (each uses its subject index): the matching ids are
    # collected first and then sorted, instead of an OR over three many-to-many joins (no index
    # at 100,000 signals) or an OR of semi-joins (PostgreSQL walks all signals newest first).
    treffers = (
        Signaal.adressen.through.objects.filter(adres_id__in=adres_ids)
        .values("signaal_id")
        .union(
            Signaal.bedrijven.through.objects.filter(bedrijf_id__in=bedrijf_ids).values("signaal_id"),
            Signaal.personen.through.objects.filter(persoon_id__in=persoon_ids).values("signaal_id"),
        )
    )
    signalen = Signaal.objects.voor_gebruiker(user).filter(pk__in=treffers).select_related("gemeente")
    if behalve is not None:
        signalen = signalen.exclude(pk=behalve.pk)
    resultaat = OokBekendIn(signalen=list(signalen.order_by("-ontvangen_op", "-pk")[:50]))
    if user.has_perm("controles.view_bezoek"):
        from controles.selectors import bezoeken_bij_subjecten

        resultaat.bezoeken = list(bezoeken_bij_subjecten(user=user, adres_ids=adres_ids, bedrijf_ids=bedrijf_ids)[:50])
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


def tijdlijn(signaal: Signaal) -> list[TijdlijnItem]:
    """Transitions, weging, enrichment, decisions, RIEC steps and interventions of a signal, oldest first."""
    items: list[TijdlijnItem] = []
    for o in signaal.statusovergangen.select_related("door"):
        items.append(TijdlijnItem(_moment(o.op), "overgang", o))
    for w in signaal.wegingen.select_related("door"):
        items.append(TijdlijnItem(_moment(w.op), "weging", w))
    for v in signaal.verrijkingen.select_related("auteur"):
        items.append(TijdlijnItem(_moment(v.created_at), "verrijking", v))
    for a in signaal.agendapunten.select_related("overleg", "besloten_door").exclude(besluit=""):
        items.append(TijdlijnItem(_moment(a.besloten_op or a.overleg.datum), "besluit", a))
    for c in BesluitCorrectie.objects.filter(agendapunt__signaal=signaal).select_related("door", "agendapunt__overleg"):
        items.append(TijdlijnItem(_moment(c.op), "correctie", c))
    for r in signaal.riec_meldingen.select_related("partner"):
        items.append(TijdlijnItem(_moment(r.created_at), "riec", r))
    for i in signaal.interventies.all():
        items.append(TijdlijnItem(_moment(i.gestart_op), "interventie", i))
    return sorted(items, key=lambda item: item.moment)
