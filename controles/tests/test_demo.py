import datetime

import pytest
from django.utils import timezone

from controles import demo
from controles.models import (
    Bezoek,
    ChecklistAntwoord,
    Controle,
    ControleSoort,
    Foto,
    Label,
    Planningsregel,
    TheseusLabel,
)
from controles.selectors import planning_overzicht
from ondermijning import demo as kern_demo
from ondermijning.models import AuditActie, AuditEvent, Gebruiker

pytestmark = pytest.mark.django_db


def _tellingen():
    return (
        Controle.objects.count(),
        Bezoek.objects.count(),
        Foto.objects.count(),
        TheseusLabel.objects.count(),
        Planningsregel.objects.count(),
    )


def test_demo_idempotent_en_volledig():
    kern_demo.laad()
    demo.laad()
    eerste = _tellingen()
    demo.laad()
    assert _tellingen() == eerste

    toezicht = Gebruiker.objects.get(username="toezicht")
    vandaag = Controle.objects.filter(datum=timezone.localdate(), deelnemers=toezicht)
    assert vandaag.exists() and vandaag.first().objecten.count() >= 1

    jaar = Controle.objects.filter(datum__year=2024)
    for gemeente in ("Duiven", "Westervoort"):
        integraal = jaar.filter(gemeente__naam=gemeente, soort=ControleSoort.INTEGRALE_CONTROLE).order_by("datum")
        datums = list(integraal.values_list("datum", flat=True))
        assert len(datums) >= 7
        assert max(b - a for a, b in zip(datums, datums[1:], strict=False)) <= datetime.timedelta(weeks=10)
        # ODRA: EUR 1,000 per municipality for the regular integrated controls of 2024.
        assert sum(c.kosten for c in integraal) == 1000
        assert jaar.filter(gemeente__naam=gemeente, soort=ControleSoort.ACTIEWEEK).exists()
        assert jaar.filter(gemeente__naam=gemeente, soort=ControleSoort.DOR_CONTROLE).exists()
    for thema in ("automotive", "garageboxen", "buitengebied"):
        assert jaar.filter(soort=ControleSoort.THEMACONTROLE, thema=thema).exists()
    assert Bezoek.objects.exclude(bevindingen="").exists()
    assert Foto.objects.exists()

    huidig = TheseusLabel.objects.filter(huidig=True)
    assert 70 <= huidig.count() <= 90
    assert {Label.GROEN, Label.WIT, Label.ROOD} <= set(huidig.values_list("label", flat=True))

    # Visits, checklist answers, photos and labels went through the services: each visit and label
    # has its audit event, and each visit was registered under the story clock (on its control's day).
    assert AuditEvent.objects.filter(object_type="controles.bezoek", actie=AuditActie.AANMAKEN).count() == (
        Bezoek.objects.count()
    )
    assert AuditEvent.objects.filter(object_type="controles.theseuslabel").count() == TheseusLabel.objects.count()
    assert ChecklistAntwoord.objects.exists()
    assert all(b.bezocht_op.date() == b.controle.datum for b in Bezoek.objects.select_related("controle"))

    standen = {s.regel.gemeente.naam: s.status for s in planning_overzicht(gebruiker=toezicht)}
    assert standen == {"Duiven": "op_schema", "Westervoort": "ontbreekt"}
