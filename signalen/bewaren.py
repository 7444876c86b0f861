"""Retention of signals: which closed signals have passed their retention period, and destroying
them with their enrichment and the subjects nobody uses any more (a tombstone stays).

Signalen's own rule. Apps above it take part through domain events, never by being imported:
`signalen_in_gebruik` asks which signals their records still need (actieplan: actions), and
`signaal_vernietigd` lets them remove what they keep about a destroyed signal (meldingen:
reminders). The nightly run and `manage.py opschonen` live in meldingen, which knows every app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ondermijning import audit, domeinevents, klok
from ondermijning.models import AuditActie
from signalen.models import (
    AFSLUITREDENEN_ZONDER_RESULTAAT,
    Adres,
    Afsluitreden,
    Bedrijf,
    Bewaartermijn,
    Interventie,
    Persoon,
    Signaal,
    SignaalStatus,
    SubjectOntkoppeling,
    VernietigdSignaal,
)

STANDAARD_BEWAARTERMIJN_DAGEN = 365


def bewaartermijnen() -> dict[str, int]:
    """Days a signal closed for each reason without follow-up is kept (admin-configurable, default a year)."""
    termijnen = {reden.value: STANDAARD_BEWAARTERMIJN_DAGEN for reden in AFSLUITREDENEN_ZONDER_RESULTAAT}
    termijnen.update(Bewaartermijn.objects.values_list("afsluitreden", "dagen"))
    return termijnen


def signalen_verlopen(*, peildatum: date | None = None):
    """Signals closed without follow-up whose retention period has passed on `peildatum`.

    Without follow-up: closed for a reason of AFSLUITREDENEN_ZONDER_RESULTAAT and no intervention
    and no record of a higher app (an action of an action plan) refers to it: those are the
    municipality's own record. The higher apps answer the `signalen_in_gebruik` event.
    """
    peildatum = peildatum or klok.vandaag()
    verlopen = Q(pk__in=[])
    for reden, dagen in bewaartermijnen().items():
        verlopen |= Q(afsluitreden=reden, afgesloten_op__lt=peildatum - timedelta(days=dagen))
    kandidaten = (
        Signaal.objects.filter(status=SignaalStatus.AFGESLOTEN)
        .filter(verlopen)
        .exclude(pk__in=Interventie.objects.values("signaal_id"))
    )
    for _ontvanger, in_gebruik in domeinevents.signalen_in_gebruik.send(sender=Signaal):
        kandidaten = kandidaten.exclude(pk__in=in_gebruik)
    return kandidaten.order_by("pk")


def _nog_in_gebruik(obj) -> bool:
    """Whether any row anywhere (signals, visits, businesses, labels...) still points at `obj`."""
    for rel in obj._meta.get_fields(include_hidden=True):
        verwijzing = rel.is_relation and rel.auto_created and not rel.concrete
        # The record that a subject was unlinked does not keep it alive (SET_NULL when destroyed).
        verwijzing = verwijzing and rel.related_model is not SubjectOntkoppeling
        if verwijzing and rel.related_model._base_manager.filter(**{rel.field.name: obj}).exists():
            return True
    return False


@dataclass
class Vernietiging:
    """What one run destroyed (or, in a dry run, would destroy): tombstones and subject counts."""

    sporen: list = field(default_factory=list)
    subjecten: dict = field(default_factory=lambda: {"personen": 0, "bedrijven": 0, "adressen": 0})
    verrijkingen: int = 0

    def __len__(self):
        return len(self.sporen)


@transaction.atomic
def signalen_vernietig(*, peildatum: date | None = None, door=None, proef: bool = False) -> Vernietiging:
    """Destroy expired signals with their enrichment, decisions and now unreferenced subjects; keep a tombstone.

    `proef` (dry run) does exactly the same inside the transaction and then rolls it back, so
    what it reports is what a real run would destroy.
    """
    peildatum = peildatum or klok.vandaag()
    termijnen = bewaartermijnen()
    resultaat = Vernietiging()
    kandidaten: dict[type, set[int]] = {Persoon: set(), Bedrijf: set(), Adres: set()}
    fenomeen_rijen = []
    verlopen = signalen_verlopen(peildatum=peildatum).select_for_update(of=("self",)).prefetch_related("fenomenen")
    for signaal in verlopen:
        kandidaten[Persoon].update(signaal.personen.values_list("pk", flat=True))
        kandidaten[Bedrijf].update(signaal.bedrijven.values_list("pk", flat=True))
        kandidaten[Adres].update(signaal.adressen.values_list("pk", flat=True))
        kandidaten[Adres].update(signaal.bedrijven.exclude(adres=None).values_list("adres_id", flat=True))
        resultaat.verrijkingen += signaal.verrijkingen.count()
        termijn = termijnen[signaal.afsluitreden]
        spoor = VernietigdSignaal(
            signaal_id=signaal.pk,
            gemeente_id=signaal.gemeente_id,
            ontvangen_op=signaal.ontvangen_op,
            bron=signaal.bron,
            afgesloten_op=signaal.afgesloten_op,
            afsluitreden=signaal.afsluitreden,
            vernietigd_op=klok.nu(),
            reden=_("Bewaartermijn van %(dagen)s dagen na afsluiten (%(reden)s) verstreken.")
            % {"dagen": termijn, "reden": Afsluitreden(signaal.afsluitreden).label},
        )
        spoor.full_clean()
        spoor.save()
        resultaat.sporen.append(spoor)
        fenomeen_rijen += [
            VernietigdSignaal.fenomenen.through(vernietigdsignaal_id=spoor.pk, fenomeen_id=f.pk)
            for f in signaal.fenomenen.all()
        ]
        # Higher apps (reminders, tasks, documents) destroy what they hold about the signal and say how much.
        onderdelen: dict[str, int] = {}
        for _ontvanger, aantallen in domeinevents.signaal_vernietigd.send(sender=Signaal, signaal=signaal, door=door):
            for soort, aantal in (aantallen or {}).items():
                onderdelen[soort] = onderdelen.get(soort, 0) + aantal
        if onderdelen:
            spoor.onderdelen = onderdelen
            spoor.save(update_fields=["onderdelen"])
        audit.log(
            actie=AuditActie.VERWIJDEREN,
            actor=door,
            obj=signaal,
            toelichting=f"bewaartermijn verstreken ({signaal.afsluitreden}, {termijn} dagen)",
        )
        signaal.delete()
    # The tombstones' phenomena in one query (the year overview counts them).
    VernietigdSignaal.fenomenen.through.objects.bulk_create(fenomeen_rijen)
    # Subjects go last, persons and businesses before addresses (a business points at its address).
    for model, sleutel in ((Persoon, "personen"), (Bedrijf, "bedrijven"), (Adres, "adressen")):
        for subject in model.objects.filter(pk__in=kandidaten[model]):
            if not _nog_in_gebruik(subject):
                audit.log(actie=AuditActie.VERWIJDEREN, actor=door, obj=subject, toelichting="niet meer gebruikt")
                subject.delete()
                resultaat.subjecten[sleutel] += 1
    if proef:
        transaction.set_rollback(True)
    return resultaat


def signalen_vernietig_verlopen(*, peildatum: date | None = None, door=None) -> int:
    """Destroy the expired signals (see signalen_vernietig); returns how many (the nightly task's count)."""
    return len(signalen_vernietig(peildatum=peildatum, door=door))
