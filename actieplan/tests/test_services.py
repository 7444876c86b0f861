"""Services: automatic bookings (idempotent, Decimal), status changes, version conflicts, follow-up plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actieplan import services
from actieplan.models import ActieStatus, ActieStatusWijziging, TimingSoort, Uitgave, UitgaveCategorie
from controles.tests.factories import ControleFactory
from ondermijning.models import AuditActie, AuditEvent
from ondermijning.workflow import VersieConflict
from signalen.tests.factories import InterventieFactory, SignaalFactory

from .factories import (
    ActieFactory,
    KostenpostFactory,
    ThemaFactory,
    UitvoeringsplanFactory,
)


@pytest.fixture
def plan(duiven, westervoort):
    return UitvoeringsplanFactory(gemeenten=[duiven, westervoort])


def test_bibob_advies_boekt_700_euro_eenmaal(duiven, westervoort, beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan), nummer=11)
    KostenpostFactory(actie=actie, gemeente=westervoort, categorie=UitgaveCategorie.BIBOB, bedrag=Decimal("700"))
    interventie = InterventieFactory(
        signaal=SignaalFactory(gemeente=westervoort), advies_aangevraagd_op=datum(2024, 5, 14)
    )

    uitgave = services.uitgave_boek_bibob_advies(interventie=interventie, door=beleid)
    nogmaals = services.uitgave_boek_bibob_advies(interventie=interventie, door=beleid)

    assert nogmaals.pk == uitgave.pk
    assert Uitgave.objects.count() == 1
    uitgave.refresh_from_db()
    assert uitgave.bedrag == Decimal("700.00") and isinstance(uitgave.bedrag, Decimal)
    assert uitgave.gemeente == westervoort
    assert uitgave.categorie == UitgaveCategorie.BIBOB
    assert uitgave.datum == datum(2024, 5, 14)
    assert uitgave.actie == actie  # linked to the plan action that budgets Bibob advice
    assert AuditEvent.objects.filter(actie=AuditActie.AANMAKEN, object_type="actieplan.uitgave").count() == 1


def test_bibob_advies_zonder_aanvraagdatum_boekt_vandaag(duiven, beleid):
    interventie = InterventieFactory(signaal=SignaalFactory(gemeente=duiven))
    uitgave = services.uitgave_boek_bibob_advies(interventie=interventie, door=beleid)
    assert uitgave.datum == datetime.date.today()
    assert uitgave.gemeente == duiven


def test_odra_kosten_controle_eenmaal_geboekt(duiven, beleid):
    controle = ControleFactory(gemeente=duiven, datum=datum(2024, 6, 12), kosten=Decimal("166.67"))

    eerste = services.uitgave_boek_odra_controle(controle=controle, door=beleid)
    tweede = services.uitgave_boek_odra_controle(controle=controle, door=beleid)

    assert eerste.pk == tweede.pk
    assert Uitgave.objects.filter(controle=controle).count() == 1
    eerste.refresh_from_db()
    assert eerste.bedrag == Decimal("166.67")
    assert (eerste.gemeente, eerste.datum, eerste.categorie) == (duiven, datum(2024, 6, 12), UitgaveCategorie.ODRA)


def test_odra_controle_zonder_kosten_boekt_niets(duiven, beleid):
    controle = ControleFactory(gemeente=duiven, kosten=Decimal("0"))
    assert services.uitgave_boek_odra_controle(controle=controle, door=beleid) is None
    assert not Uitgave.objects.exists()


def test_uitgave_negatief_bedrag_geweigerd(duiven, beleid):
    with pytest.raises(ValidationError) as exc:
        services.uitgave_boek(
            gemeente=duiven,
            datum=datum(2024, 3, 1),
            bedrag=Decimal("-10"),
            omschrijving="Terugboeking",
            categorie=UitgaveCategorie.OVERIG,
            door=beleid,
        )
    assert "positief" in str(exc.value.message_dict["bedrag"])
    assert not Uitgave.objects.exists()


def test_uitgave_buiten_planperiode_geweigerd(duiven, beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    with pytest.raises(ValidationError) as exc:
        services.uitgave_boek(
            gemeente=duiven,
            datum=datum(2025, 2, 1),
            bedrag=Decimal("10"),
            omschrijving="Te laat",
            categorie=UitgaveCategorie.OVERIG,
            actie=actie,
            door=beleid,
        )
    assert "buiten de periode" in str(exc.value.message_dict["datum"])


def test_status_overgang_vastgelegd(beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    services.actie_zet_status(actie=actie, status=ActieStatus.LOPEND, door=beleid, versie=1, reden="gestart")
    actie.refresh_from_db()
    assert actie.status == ActieStatus.LOPEND and actie.versie == 2
    wijziging = ActieStatusWijziging.objects.get(actie=actie)
    assert (wijziging.van, wijziging.naar, wijziging.door, wijziging.reden) == (
        "gepland",
        "lopend",
        beleid,
        "gestart",
    )
    assert AuditEvent.objects.filter(actie=AuditActie.TRANSITIE, object_id=str(actie.pk)).exists()


def test_ongeldige_overgang_geweigerd(beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan), status=ActieStatus.AFGEROND)
    with pytest.raises(ValidationError):
        services.actie_zet_status(actie=actie, status=ActieStatus.GEPLAND, door=beleid)
    actie.refresh_from_db()
    assert actie.status == ActieStatus.AFGEROND


def test_versieconflict_weigert_oude_versie(beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan), omschrijving="Origineel")
    services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Eerste wijziging")
    with pytest.raises(VersieConflict):
        services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Tweede op oude versie")
    actie.refresh_from_db()
    assert actie.omschrijving == "Eerste wijziging" and actie.versie == 2


def test_actie_in_thema_van_ander_plan_geweigerd(beleid, plan, duiven):
    ander = UitvoeringsplanFactory(gemeenten=[duiven])
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    with pytest.raises(ValidationError) as exc:
        services.actie_wijzig(actie=actie, door=beleid, versie=1, thema=ThemaFactory(plan=ander))
    assert "ander plan" in str(exc.value.message_dict["thema"])


def test_kwartaal_buiten_planperiode_geweigerd(beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    with pytest.raises(ValidationError) as exc:
        services.actie_wijzig(actie=actie, door=beleid, versie=1, timing_soort=TimingSoort.KWARTAAL, kwartaal="Q1 2025")
    assert "buiten de periode" in str(exc.value.message_dict["kwartaal"])


def test_vervolgplan_kopieert_onafgeronde_acties(beleid, plan, duiven):
    thema = ThemaFactory(plan=plan, nummer=1)
    klaar = ActieFactory(thema=thema, nummer=1, status=ActieStatus.AFGEROND)
    open_ = ActieFactory(thema=thema, nummer=2, timing_soort=TimingSoort.KWARTAAL, kwartaal="Q4 2024")
    KostenpostFactory(actie=open_, gemeente=duiven, bedrag=Decimal("500"))

    nieuw = services.plan_maak_vervolg(
        plan=plan, naam="Plan 2025", periode_start=datum(2025, 1, 1), periode_eind=datum(2025, 12, 31), door=beleid
    )

    kopie = nieuw.acties.get()
    assert kopie.voortgezet_uit == open_
    assert kopie.omschrijving == open_.omschrijving and kopie.thema.plan == nieuw
    assert kopie.timing_soort == TimingSoort.ANDERS and "Q4 2024" in kopie.timing_toelichting
    assert kopie.kostenposten.get().jaar == 2025
    open_.refresh_from_db()
    klaar.refresh_from_db()
    assert open_.status == ActieStatus.DOORGESCHOVEN and klaar.status == ActieStatus.AFGEROND
    assert set(nieuw.gemeenten.all()) == set(plan.gemeenten.all())


def datum(j, m, d):
    return datetime.date(j, m, d)
