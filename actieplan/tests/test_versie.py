"""The optimistic lock on editing an action and an expense: a missing version is refused (issue 17.5)."""

import datetime
from decimal import Decimal

import pytest

from actieplan import services
from actieplan.models import UitgaveCategorie
from ondermijning.workflow import VersieConflict

from .factories import ActieFactory, ThemaFactory, UitvoeringsplanFactory


@pytest.fixture
def actie(duiven, westervoort):
    plan = UitvoeringsplanFactory(gemeenten=[duiven, westervoort])
    return ActieFactory(thema=ThemaFactory(plan=plan), omschrijving="Origineel")


@pytest.fixture
def uitgave(duiven, beleid):
    return services.uitgave_boek(
        gemeente=duiven,
        datum=datetime.date(2024, 5, 1),
        bedrag=Decimal("125.00"),
        omschrijving="Drukwerk",
        categorie=UitgaveCategorie.OVERIG,
        door=beleid,
    )


def test_actie_ontbrekende_versie_wordt_geweigerd(actie, beleid):
    with pytest.raises(VersieConflict) as fout:
        services.actie_wijzig(actie=actie, door=beleid, versie=None, omschrijving="Zonder versie")
    assert "versie" in str(fout.value).lower()
    actie.refresh_from_db()
    assert actie.omschrijving == "Origineel" and actie.versie == 1


def test_actie_verouderde_versie_wordt_geweigerd(actie, beleid):
    services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Eerste")
    with pytest.raises(VersieConflict):
        services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Tweede")
    actie.refresh_from_db()
    assert actie.omschrijving == "Eerste"


def test_actie_huidige_versie_wordt_aanvaard(actie, beleid):
    actie = services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Nieuw")
    assert actie.omschrijving == "Nieuw" and actie.versie == 2


def test_uitgave_ontbrekende_versie_wordt_geweigerd(uitgave, beleid):
    with pytest.raises(VersieConflict) as fout:
        services.uitgave_wijzig(uitgave=uitgave, door=beleid, versie=None, omschrijving="Zonder versie")
    assert "versie" in str(fout.value).lower()
    uitgave.refresh_from_db()
    assert uitgave.omschrijving == "Drukwerk" and uitgave.versie == 1


def test_uitgave_verouderde_versie_wordt_geweigerd(uitgave, beleid):
    services.uitgave_wijzig(uitgave=uitgave, door=beleid, versie=1, omschrijving="Eerste")
    with pytest.raises(VersieConflict):
        services.uitgave_wijzig(uitgave=uitgave, door=beleid, versie=1, bedrag=Decimal("1.00"))
    uitgave.refresh_from_db()
    assert uitgave.omschrijving == "Eerste" and uitgave.bedrag == Decimal("125.00")


def test_uitgave_huidige_versie_wordt_aanvaard(uitgave, beleid):
    uitgave = services.uitgave_wijzig(uitgave=uitgave, door=beleid, versie=1, bedrag=Decimal("130.00"))
    assert uitgave.bedrag == Decimal("130.00") and uitgave.versie == 2


def test_beheer_corrigeert_uitgave_via_dienst_met_versie(client, uitgave, beleid):
    """The admin's change form carries the version; a stale one is refused, the current one audited."""
    from django.contrib.auth.models import Permission

    from ondermijning.models import AuditActie, AuditEvent

    beleid.is_staff = True
    beleid.save()
    beleid.user_permissions.add(Permission.objects.get(codename="change_uitgave"))
    client.force_login(beleid)
    url = f"/admin/actieplan/uitgave/{uitgave.pk}/change/"
    gegevens = {
        "gemeente": uitgave.gemeente_id,
        "datum": "01-05-2024",
        "bedrag": "150,00",
        "omschrijving": "Drukwerk",
        "categorie": UitgaveCategorie.OVERIG,
        "gezien_versie": 0,
    }
    assert client.post(url, gegevens).status_code == 200  # stale: the form shows the message
    uitgave.refresh_from_db()
    assert uitgave.bedrag == Decimal("125.00")
    gegevens["gezien_versie"] = 1
    assert client.post(url, gegevens).status_code == 302
    uitgave.refresh_from_db()
    assert uitgave.bedrag == Decimal("150.00") and uitgave.versie == 2
    assert AuditEvent.objects.filter(actie=AuditActie.WIJZIGEN, object_id=str(uitgave.pk)).exists()
