"""The demo reproduces the two source plans exactly, and loading it twice duplicates nothing."""

from decimal import Decimal

import pytest

from actieplan.models import (
    Actie,
    Begroting,
    CommunicatieItem,
    Financiering,
    Kostenpost,
    TimingSoort,
    Uitgave,
    Uitvoeringsplan,
)
from actieplan.overzichten import begroting_overzicht, kwartaalplanning
from ondermijning.models import Gebruiker

pytestmark = pytest.mark.django_db


def test_duiven_westervoort_2024_heeft_21_acties_in_vijf_themas(demo):
    plan = Uitvoeringsplan.objects.get(naam=demo.DW_NAAM)
    assert plan.acties.count() == 21
    assert list(plan.themas.values_list("naam", flat=True)) == [
        "Bewustwording en organisatie",
        "Informatiepositie",
        "Beleid en handhaving",
        "Integere en veilige werkomgeving",
        "Communicatie",
    ]
    assert sorted(plan.gemeenten.values_list("naam", flat=True)) == ["Duiven", "Westervoort"]
    actie8 = plan.acties.get(nummer=8)
    assert actie8.thema.nummer == 2 and actie8.financiering == Financiering.BUDGET
    actie19 = plan.acties.get(nummer=19)
    assert (actie19.timing_soort, actie19.kwartaal, actie19.thema.nummer) == (TimingSoort.KWARTAAL, "Q3 2024", 5)
    assert plan.acties.get(nummer=1).timing_soort == TimingSoort.IN_OVERLEG_SW
    assert plan.acties.get(nummer=21).wanneer == "Na elke sluiting"
    assert plan.acties.filter(financiering=Financiering.SAMEN_WEERBAAR).count() == 7


def test_kosten_3700_van_5000_per_gemeente(demo):
    coordinator = Gebruiker.objects.get(username="coordinator")
    regels = {r.gemeente.naam: r for r in begroting_overzicht(coordinator, 2024)}
    for naam in ("Duiven", "Westervoort"):
        regel = regels[naam]
        assert regel.beschikbaar == Decimal("5000.00")
        assert regel.bron == "Algemeen veiligheidsbudget"
        assert regel.gepland == Decimal("3700.00")
        per_cat = {c.categorie: c.gepland for c in regel.categorieen if c.gepland}
        assert per_cat == {
            "odra": Decimal("1000.00"),
            "kvk": Decimal("500.00"),
            "bibob": Decimal("700.00"),
            "evenement": Decimal("1500.00"),
        }
    # Spending of the fictitious 2024 entries, and what remains.
    assert regels["Duiven"].uitgegeven == Decimal("3671.90")
    assert regels["Duiven"].resterend == Decimal("1328.10")
    assert regels["Westervoort"].uitgegeven == Decimal("4770.00")
    assert any("ODRA" in w for w in regels["Westervoort"].waarschuwingen)


def test_bes_plan_met_vijf_ivp_doelen_en_kwartaalplanning(demo):
    plan = Uitvoeringsplan.objects.get(naam=demo.BES_NAAM)
    assert plan.themas.count() == 5
    assert plan.kwartalen == [f"Q{q} {j}" for j in (2024, 2025) for q in (1, 2, 3, 4)]
    grid = kwartaalplanning(plan, plan.acties.prefetch_related("gemeenten"))
    rijen = {r["label"]: r["cellen"] for r in grid["rijen"]}
    assert list(rijen) == ["Gezamenlijk", "Baarn", "Bunschoten", "De Bilt", "Eemnes", "Soest"]
    tekst = {k: [[a.omschrijving for a in cel] for cel in cellen] for k, cellen in rijen.items()}
    assert tekst["Gezamenlijk"][0] == [
        "Inventarisatie OOV-beleidsstukken",
        "Communicatieplan Ondermijning",
        "Opzet Implementatie 1e en 2e tranche Bibob",
    ]
    assert "Week tegen de ondermijning" in tekst["Gezamenlijk"][1]
    assert tekst["Gezamenlijk"][5] == ["Week tegen de ondermijning"]  # Q2 2025
    assert tekst["Baarn"][2] == ["Bijeenkomst vastgoedsector"]
    assert tekst["Bunschoten"][1] == ["Voorlichtingsactiviteit jonge aanwas", "Veiligheidsdag"]
    assert tekst["De Bilt"] == [[]] * 8


def test_demo_tweemaal_laden_dupliceert_niets(demo):
    tellingen = [m.objects.count() for m in (Uitvoeringsplan, Actie, Kostenpost, Begroting, Uitgave, CommunicatieItem)]
    demo.laad()
    assert [
        m.objects.count() for m in (Uitvoeringsplan, Actie, Kostenpost, Begroting, Uitgave, CommunicatieItem)
    ] == tellingen


def test_demo_communicatiekalender(demo):
    onderwerpen = set(CommunicatieItem.objects.values_list("onderwerp", flat=True))
    assert "Voorlichting ondermijning op Westervoort in Beweging" in onderwerpen
    assert "Voorlichting ondermijning op Duuve te Gek" in onderwerpen
    assert CommunicatieItem.objects.filter(kanaal="duivenpost_westervoortpost").count() >= 3
    assert CommunicatieItem.objects.filter(onderwerp="Persbericht sluiting drugspand").count() == 2


def test_coordinator_dashboard_met_demo(client, demo):
    from django.urls import reverse

    client.force_login(Gebruiker.objects.get(username="coordinator"))
    response = client.get(reverse("actieplan:begroting") + "?jaar=2024")
    html = response.content.decode()
    assert [r.gemeente.naam for r in response.context["regels"]] == ["Duiven", "Westervoort"]
    assert html.count('<td class="text-end text-nowrap">€ 5.000,00</td>') == 2
    assert html.count('<td class="text-end text-nowrap">€ 3.700,00</td>') == 2
    assert html.count("<svg") == 2
    # The demo BES plan is not visible to the coordinator of Duiven and Westervoort.
    plannen = client.get(reverse("actieplan:lijst")).content.decode()
    assert demo.DW_NAAM in plannen and demo.BES_NAAM not in plannen


def test_jaar_in_publiek_2024_vastgesteld_en_geevalueerd(demo):
    """Issue 18: both public editions and the evaluation of the 21 actions are vastgesteld; the four
    unfinished actions carry over into this year's plan, linked to their origin; loading again changes nothing."""
    from actieplan.models import Evaluatie, PubliekeEditie

    edities = PubliekeEditie.objects.filter(jaar=2024).select_related("gemeente")
    assert sorted(e.gemeente.naam for e in edities if e.is_vastgesteld) == ["Duiven", "Westervoort"]
    assert all(e.pdf and e.png_vierkant and e.png_breed for e in edities)
    plan = Uitvoeringsplan.objects.get(naam=demo.DW_NAAM)
    evaluatie = Evaluatie.objects.get(plan=plan, jaar=2024)
    assert evaluatie.is_vastgesteld and evaluatie.regels.count() == 21
    assert not evaluatie.regels.filter(resultaat="").exists()
    door = evaluatie.regels.filter(doorschuiven=True).select_related("actie", "voortzetting")
    assert sorted(r.actie.nummer for r in door) == [4, 12, 14, 16]
    assert all(r.voortzetting.voortgezet_uit_id == r.actie_id for r in door)
    acties, bestanden = Actie.objects.count(), [bytes(e.pdf) for e in edities]
    demo.laad()
    assert Actie.objects.count() == acties
    assert [bytes(e.pdf) for e in PubliekeEditie.objects.filter(jaar=2024).order_by("gemeente__naam")] == bestanden


def test_de_stand_van_de_acties_loopt_via_de_workflow_in_de_tijd_van_het_verhaal(demo):
    """Each demo action reached its status through the service: one history row, at the story's moment."""
    import datetime

    from actieplan.models import ActieStatus, ActieStatusWijziging

    plan = Uitvoeringsplan.objects.get(naam=demo.DW_NAAM)
    afgerond = plan.acties.get(nummer=1)
    assert afgerond.status == ActieStatus.AFGEROND
    stap = ActieStatusWijziging.objects.get(actie=afgerond)
    assert (stap.van, stap.naar, stap.created_at.date()) == ("gepland", "afgerond", datetime.date(2024, 12, 16))
    assert stap.door.username == "coordinator"
    bes = Uitvoeringsplan.objects.get(naam=demo.BES_NAAM)
    eerste_kwartaal = bes.acties.filter(kwartaal="Q1 2024").first()
    assert ActieStatusWijziging.objects.get(actie=eerste_kwartaal).created_at.date() == datetime.date(2024, 3, 29)
    demo.laad()
    assert ActieStatusWijziging.objects.filter(actie=afgerond).count() == 1
