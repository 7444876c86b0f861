"""Pages: role access, scoping (404 outside the user's municipalities), forms with Dutch errors,
version conflicts, exports (content and audit) and constant query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actieplan import services
from actieplan.models import ActieStatus, Uitgave, Uitvoeringsplan
from controles.tests.factories import ControleFactory
from ondermijning.models import AuditActie, AuditEvent, Gebruiker, Gemeente
from signalen.tests.factories import InterventieFactory, SignaalFactory

from .factories import (
    ActieFactory,
    BegrotingFactory,
    CommunicatieItemFactory,
    KostenpostFactory,
    ThemaFactory,
    UitgaveFactory,
    UitvoeringsplanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(duiven, westervoort):
    return UitvoeringsplanFactory(naam="Plan DW", gemeenten=[duiven, westervoort])


@pytest.fixture
def baarn_plan():
    baarn = Gemeente.objects.get_or_create(naam="Baarn", defaults={"cbs_code": "GM0308"})[0]
    return UitvoeringsplanFactory(naam="Plan Baarn", gemeenten=[baarn])


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gebruiker", "url_naam", "verwacht"),
    [
        ("beleid", "actieplan:lijst", 200),
        ("coordinator", "actieplan:lijst", 200),
        ("voorzitter", "actieplan:lijst", 200),
        ("toezicht", "actieplan:lijst", 403),
        ("politie", "actieplan:lijst", 403),
        ("coordinator", "actieplan:begroting", 200),
        ("beleid", "actieplan:begroting", 200),
        ("voorzitter", "actieplan:begroting", 403),
        ("politie", "actieplan:begroting", 403),
        ("beleid", "actieplan:communicatie", 200),
        ("toezicht", "actieplan:communicatie", 403),
        ("voorzitter", "actieplan:uitgave_nieuw", 403),
    ],
)
def test_rollen(client, request, gebruiker, url_naam, verwacht):
    client.force_login(request.getfixturevalue(gebruiker))
    assert client.get(reverse(url_naam)).status_code == verwacht


def test_voorzitter_mag_actie_niet_wijzigen(client, voorzitter, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    client.force_login(voorzitter)
    assert client.get(reverse("actieplan:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("actieplan:actie_bewerken", args=[actie.pk])).status_code == 403


def test_plan_van_andere_gemeente_is_404(client, beleid, plan, baarn_plan):
    actie = ActieFactory(thema=ThemaFactory(plan=baarn_plan))
    client.force_login(beleid)
    lijst = client.get(reverse("actieplan:lijst")).content.decode()
    assert "Plan DW" in lijst and "Plan Baarn" not in lijst
    assert client.get(reverse("actieplan:detail", args=[baarn_plan.pk])).status_code == 404
    assert client.get(reverse("actieplan:kwartaalplanning", args=[baarn_plan.pk])).status_code == 404
    assert client.get(reverse("actieplan:actie_bewerken", args=[actie.pk])).status_code == 404


def test_westervoort_ziet_geen_begroting_van_duiven(client, beleid_westervoort, duiven, westervoort):
    BegrotingFactory(gemeente=duiven, beschikbaar=Decimal("5000"))
    BegrotingFactory(gemeente=westervoort, beschikbaar=Decimal("4321"))
    UitgaveFactory(gemeente=duiven, omschrijving="Geheime uitgave Duiven")
    client.force_login(beleid_westervoort)
    pagina = client.get(reverse("actieplan:begroting") + "?jaar=2024").content.decode()
    assert "Westervoort" in pagina and "4.321,00" in pagina
    assert "Duiven" not in pagina.split('id="inhoud"')[1]
    assert client.get(reverse("actieplan:begroting_gemeente", args=[duiven.pk, 2024])).status_code == 404
    export = client.get(reverse("actieplan:begroting_export", args=[2024]))
    werkboek = load_workbook(io.BytesIO(export.content))
    assert "Duiven" not in str([r for ws in werkboek for r in ws.iter_rows(values_only=True)])


# --- plan page, grid, edit -----------------------------------------------------------------


def test_plan_gegroepeerd_per_thema(client, beleid, plan):
    t1 = ThemaFactory(plan=plan, nummer=1, naam="Bewustwording en organisatie")
    t2 = ThemaFactory(plan=plan, nummer=2, naam="Informatiepositie")
    ActieFactory(thema=t2, nummer=5, omschrijving="Voorlichting intern meldpunt")
    ActieFactory(thema=t1, nummer=1, omschrijving="Bijeenkomst mensenhandel")
    client.force_login(beleid)
    html = client.get(reverse("actieplan:detail", args=[plan.pk])).content.decode()
    assert html.index("1. Bewustwording") < html.index("Bijeenkomst mensenhandel") < html.index("2. Informatiepositie")
    assert html.index("2. Informatiepositie") < html.index("Voorlichting intern meldpunt")


def test_kwartaalgrid_cellen(client, beleid, plan, duiven):
    thema = ThemaFactory(plan=plan)
    ActieFactory(thema=thema, timing_soort="kwartaal", kwartaal="Q2 2024", omschrijving="Week tegen ondermijning")
    ActieFactory(
        thema=thema, timing_soort="kwartaal", kwartaal="Q3 2024", omschrijving="Veiligheidsdag", gemeenten=[duiven]
    )
    client.force_login(beleid)
    response = client.get(reverse("actieplan:kwartaalplanning", args=[plan.pk]))
    grid = response.context["grid"]
    assert grid["kwartalen"] == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]
    rijen = {r["label"]: [[a.omschrijving for a in c] for c in r["cellen"]] for r in grid["rijen"]}
    assert rijen["Gezamenlijk"] == [[], ["Week tegen ondermijning"], [], []]
    assert rijen["Duiven"] == [[], [], ["Veiligheidsdag"], []]
    assert rijen["Westervoort"] == [[], [], [], []]


def _actie_post(actie, **extra):
    data = {
        "omschrijving": actie.omschrijving,
        "thema": actie.thema_id,
        "status": actie.status,
        "timing_soort": actie.timing_soort,
        "datum": "",
        "kwartaal": actie.kwartaal,
        "timing_toelichting": actie.timing_toelichting,
        "financiering": actie.financiering,
        "financiering_toelichting": actie.financiering_toelichting,
        "eigenaar": "",
        "versie": actie.versie,
        "status_toelichting": "",
    }
    data.update(extra)
    return data


def test_actie_status_wijzigen(client, beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    client.force_login(beleid)
    url = reverse("actieplan:actie_bewerken", args=[actie.pk])
    response = client.post(url, _actie_post(actie, status="lopend", status_toelichting="gestart"))
    assert response.status_code == 302
    actie.refresh_from_db()
    assert actie.status == ActieStatus.LOPEND and actie.versie == 2
    assert "gestart" in client.get(url).content.decode()  # status history shown


def test_actie_versieconflict_houdt_invoer(client, beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan), omschrijving="Origineel")
    services.actie_wijzig(actie=actie, door=beleid, versie=1, omschrijving="Door collega gewijzigd")
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:actie_bewerken", args=[actie.pk]),
        _actie_post(actie, omschrijving="Mijn getypte tekst", versie=1),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Mijn getypte tekst" in html
    actie.refresh_from_db()
    assert actie.omschrijving == "Door collega gewijzigd"


def test_actie_kwartaal_buiten_periode_nederlandse_fout(client, beleid, plan):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:actie_bewerken", args=[actie.pk]),
        _actie_post(actie, timing_soort="kwartaal", kwartaal="Q1 2026"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit kwartaal ligt buiten de periode van het plan" in html
    assert 'value="Q1 2026"' in html


def test_actie_thema_van_ander_plan_geweigerd(client, beleid, plan, duiven):
    ander = UitvoeringsplanFactory(naam="Ander plan", gemeenten=[duiven])
    vreemd = ThemaFactory(plan=ander, naam="Vreemd thema")
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    client.force_login(beleid)
    response = client.post(reverse("actieplan:actie_bewerken", args=[actie.pk]), _actie_post(actie, thema=vreemd.pk))
    assert "Dit thema hoort bij een ander plan" in response.content.decode()
    actie.refresh_from_db()
    assert actie.thema.plan == plan


def test_vervolgplan_via_pagina(client, coordinator, plan):
    thema = ThemaFactory(plan=plan)
    ActieFactory(thema=thema, omschrijving="Nog niet klaar")
    ActieFactory(thema=thema, omschrijving="Klaar", status=ActieStatus.AFGEROND)
    client.force_login(coordinator)
    response = client.post(
        reverse("actieplan:vervolg", args=[plan.pk]),
        {"naam": "Plan DW 2025", "periode_start": "2025-01-01", "periode_eind": "2025-12-31"},
    )
    nieuw = Uitvoeringsplan.objects.get(naam="Plan DW 2025")
    assert response.status_code == 302
    assert list(nieuw.acties.values_list("omschrijving", flat=True)) == ["Nog niet klaar"]


# --- budget --------------------------------------------------------------------------------


def test_bibob_advies_verhoogt_uitgaven_juiste_gemeente(client, coordinator, duiven, westervoort):
    BegrotingFactory(gemeente=duiven)
    BegrotingFactory(gemeente=westervoort)
    client.force_login(coordinator)
    url = reverse("actieplan:begroting") + "?jaar=2024"
    voor = {r.gemeente.naam: r.uitgegeven for r in client.get(url).context["regels"]}
    interventie = InterventieFactory(
        signaal=SignaalFactory(gemeente=westervoort), advies_aangevraagd_op=datetime.date(2024, 5, 1)
    )
    services.uitgave_boek_bibob_advies(interventie=interventie, door=coordinator)
    response = client.get(url)
    na = {r.gemeente.naam: r.uitgegeven for r in response.context["regels"]}
    assert na["Westervoort"] - voor["Westervoort"] == Decimal("700.00")
    assert na["Duiven"] == voor["Duiven"]
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html and "<polyline" in html


def test_uitgave_formulier_negatief_bedrag(client, beleid, duiven):
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:uitgave_nieuw"),
        {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": "-25,50", "categorie": "overig",
         "omschrijving": "Drukwerk posters"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een uitgave is een positief bedrag." in html
    assert "Drukwerk posters" in html and "-25,50" in html
    assert not Uitgave.objects.exists()


def test_uitgave_formulier_boekt(client, beleid, duiven):
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:uitgave_nieuw"),
        {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": "25,50", "categorie": "overig",
         "omschrijving": "Drukwerk posters"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Uitgave.objects.get().bedrag == Decimal("25.50")


def test_uitgave_voor_andere_gemeente_geweigerd(client, beleid_westervoort, duiven):
    client.force_login(beleid_westervoort)
    response = client.post(
        reverse("actieplan:uitgave_nieuw"),
        {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": "10", "categorie": "overig", "omschrijving": "x"},
    )
    assert response.status_code == 200
    assert not Uitgave.objects.exists()


def test_xlsx_export_inhoud_en_audit(client, coordinator, duiven, westervoort):
    BegrotingFactory(gemeente=duiven, beschikbaar=Decimal("5000.00"))
    UitgaveFactory(gemeente=duiven, bedrag=Decimal("700.00"), categorie="bibob", omschrijving="Advies LBB")
    client.force_login(coordinator)
    response = client.get(reverse("actieplan:begroting_export", args=[2024]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    werkboek = load_workbook(io.BytesIO(response.content))
    overzicht = list(werkboek["Overzicht"].iter_rows(values_only=True))
    assert overzicht[0][:3] == ("Gemeente", "Jaar", "Beschikbaar")
    assert overzicht[1][0] == "Duiven" and overzicht[1][2] == 5000 and overzicht[1][5] == 700
    uitgaven = list(werkboek["Uitgaven"].iter_rows(values_only=True))
    assert uitgaven[1][1:5] == ("Duiven", "Landelijk Bureau Bibob", "Advies LBB", 700)
    event = AuditEvent.objects.get(actie=AuditActie.EXPORT, object_type="actieplan.begroting")
    assert event.actor == coordinator and event.object_id == "2024"


# --- query counts --------------------------------------------------------------------------


def _maak_plannen(n, gemeenten):
    for i in range(n):
        p = UitvoeringsplanFactory(gemeenten=gemeenten)
        ActieFactory(thema=ThemaFactory(plan=p), status=ActieStatus.AFGEROND if i % 2 else ActieStatus.GEPLAND)


@pytest.mark.parametrize("aantal", [5, 50])
def test_querytelling_planlijst(client, beleid, duiven, westervoort, aantal, django_assert_num_queries):
    _maak_plannen(aantal, [duiven, westervoort])
    client.force_login(beleid)
    client.get(reverse("actieplan:lijst"))  # warm up session and permission caches
    with django_assert_num_queries(QUERIES_LIJST):
        response = client.get(reverse("actieplan:lijst"))
    assert len(response.context["plannen"]) == aantal


@pytest.mark.parametrize("aantal", [5, 50])
def test_querytelling_communicatie(client, beleid, duiven, aantal, django_assert_num_queries):
    for _ in range(aantal):
        CommunicatieItemFactory(gemeenten=[duiven])
    client.force_login(beleid)
    client.get(reverse("actieplan:communicatie"))
    with django_assert_num_queries(QUERIES_COMMUNICATIE):
        response = client.get(reverse("actieplan:communicatie"))
    assert len(response.context["pagina"]) == aantal


@pytest.mark.parametrize("aantal", [5, 50])
def test_querytelling_uitgaven(client, coordinator, duiven, aantal, django_assert_num_queries):
    BegrotingFactory(gemeente=duiven)
    for _ in range(aantal):
        UitgaveFactory(gemeente=duiven)
    client.force_login(coordinator)
    url = reverse("actieplan:begroting_gemeente", args=[duiven.pk, 2024])
    client.get(url)
    with django_assert_num_queries(QUERIES_UITGAVEN):
        response = client.get(url)
    assert len(response.context["pagina"]) == aantal


def test_mijn_werk_blok_coordinator(client, coordinator, duiven, plan):
    from actieplan.overzichten import huidig_kwartaal

    vandaag = datetime.date.today()
    plan.periode_start, plan.periode_eind = datetime.date(vandaag.year, 1, 1), datetime.date(vandaag.year, 12, 31)
    plan.save()
    ActieFactory(thema=ThemaFactory(plan=plan), timing_soort="kwartaal", kwartaal=huidig_kwartaal(vandaag),
                 omschrijving="Deze actie moet nu klaar")  # fmt: skip
    BegrotingFactory(gemeente=duiven, jaar=vandaag.year, beschikbaar=Decimal("100"))
    UitgaveFactory(gemeente=duiven, datum=vandaag, bedrag=Decimal("150"))
    CommunicatieItemFactory(gemeenten=[duiven], datum=vandaag + datetime.timedelta(days=3), onderwerp="Persbericht")
    client.force_login(coordinator)
    html = client.get(reverse("mijn_werk")).content.decode()
    assert "Deze actie moet nu klaar" in html
    assert "Overschrijding" in html
    assert "Persbericht" in html


# Counted once and fixed: the same at 5 and at 50 rows is what matters. Each page counts the bell's
# unread notifications itself (issue 21), one query instead of a second request of six.
QUERIES_LIJST = 14
QUERIES_COMMUNICATIE = 15
QUERIES_UITGAVEN = 20


def test_gebruiker_fixture_namen(beleid):
    assert Gebruiker.objects.filter(username="t_beleid").exists()


def test_actie_koppelen_aan_controle_en_signaal(client, beleid, plan, duiven):
    actie = ActieFactory(thema=ThemaFactory(plan=plan))
    controle = ControleFactory(gemeente=duiven)
    signaal = SignaalFactory(gemeente=duiven)
    vreemd = SignaalFactory(gemeente=Gemeente.objects.get_or_create(naam="Baarn", defaults={"cbs_code": "GM0308"})[0])
    client.force_login(beleid)
    url = reverse("actieplan:actie_bewerken", args=[actie.pk])
    response = client.post(url, _actie_post(actie, controles=[controle.pk], signalen=[vreemd.pk]))
    assert response.status_code == 200  # a signal of another municipality cannot be chosen
    response = client.post(url, _actie_post(actie, controles=[controle.pk], signalen=[signaal.pk]))
    assert response.status_code == 302
    assert list(actie.controles.all()) == [controle] and list(actie.signalen.all()) == [signaal]
    html = client.get(reverse("actieplan:detail", args=[plan.pk])).content.decode()
    assert reverse("controles:detail", args=[controle.pk]) in html and signaal.nummer in html


def test_begroting_vastleggen(client, coordinator, duiven):
    client.force_login(coordinator)
    url = reverse("actieplan:begroting_instellen")
    fout = client.post(url, {"gemeente": duiven.pk, "jaar": 2025, "beschikbaar": "-5", "bron": "Veiligheidsbudget"})
    assert "Een begroting kan niet negatief zijn." in fout.content.decode()
    client.post(url, {"gemeente": duiven.pk, "jaar": 2025, "beschikbaar": "5.250,00", "bron": "Veiligheidsbudget"})
    client.post(url, {"gemeente": duiven.pk, "jaar": 2025, "beschikbaar": "6000", "bron": "Veiligheidsbudget"})
    from actieplan.models import Begroting

    assert Begroting.objects.get(gemeente=duiven, jaar=2025).beschikbaar == Decimal("6000.00")


def test_begroting_vastleggen_alleen_eigen_gemeente(client, beleid_westervoort, duiven):
    client.force_login(beleid_westervoort)
    response = client.post(
        reverse("actieplan:begroting_instellen"),
        {"gemeente": duiven.pk, "jaar": 2025, "beschikbaar": "100", "bron": "x"},
    )
    assert response.status_code == 200
    from actieplan.models import Begroting

    assert not Begroting.objects.exists()


def test_onzinnig_jaar_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("actieplan:jaaroverzicht", args=[99999])).status_code == 404
    assert client.get(reverse("actieplan:begroting") + "?jaar=abc").status_code == 200


@pytest.mark.parametrize("aantal", [5, 50])
def test_querytelling_plan_detail(client, beleid, plan, duiven, aantal, django_assert_num_queries):
    themas = [ThemaFactory(plan=plan, nummer=n) for n in (1, 2)]
    controle = ControleFactory(gemeente=duiven)
    for i in range(aantal):
        actie = ActieFactory(thema=themas[i % 2], timing_soort="kwartaal", kwartaal="Q2 2024", gemeenten=[duiven])
        KostenpostFactory(actie=actie, gemeente=duiven)
        actie.controles.add(controle)
    client.force_login(beleid)
    url = reverse("actieplan:detail", args=[plan.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_PLAN):
        response = client.get(url)
    assert response.context["aantal_acties"] == aantal


QUERIES_PLAN = 23  # with the bell's count, see above


@pytest.mark.parametrize("tekst", ["1.250,50", "1250,50", "1250.50", "€ 1.250,50"])
def test_uitgave_in_nederlandse_notatie(client, beleid, duiven, tekst):
    """Issue 14.8: "1.250,50" was refused with "Voer een getal in."."""
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:uitgave_nieuw"),
        {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": tekst, "categorie": "overig",
         "omschrijving": "Drukwerk posters"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert Uitgave.objects.get().bedrag == Decimal("1250.50")


def test_uitgave_onzin_bedrag_nederlandse_fout_invoer_bewaard(client, beleid, duiven):
    client.force_login(beleid)
    response = client.post(
        reverse("actieplan:uitgave_nieuw"),
        {"gemeente": duiven.pk, "datum": "2024-03-04", "bedrag": "1,250.50", "categorie": "overig",
         "omschrijving": "Drukwerk posters"},
    )  # fmt: skip
    html = response.content.decode()
    assert "Voer een bedrag in, bijvoorbeeld 1.250,50." in html
    assert 'value="1,250.50"' in html
    assert not Uitgave.objects.exists()


def test_begroting_in_nederlandse_notatie(client, coordinator, duiven):
    from actieplan.models import Begroting

    client.force_login(coordinator)
    url = reverse("actieplan:begroting_instellen")
    response = client.post(url, {"gemeente": duiven.pk, "jaar": 2025, "beschikbaar": "€ 12.500,75", "bron": "Budget"})
    assert response.status_code == 302, response.content.decode()
    assert Begroting.objects.get(gemeente=duiven, jaar=2025).beschikbaar == Decimal("12500.75")


def test_admin_bedragen_in_nederlandse_notatie():
    from django.contrib import admin

    from actieplan.models import Actie, Begroting, Kostenpost
    from ondermijning.forms import BedragVeld

    velden = [
        admin.site._registry[Begroting].formfield_for_dbfield(Begroting._meta.get_field("beschikbaar"), request=None),
        admin.site._registry[Uitgave].formfield_for_dbfield(Uitgave._meta.get_field("bedrag"), request=None),
    ]
    inline = next(i for i in admin.site._registry[Actie].inlines if i.model is Kostenpost)
    velden.append(inline(Actie, admin.site).formfield_for_dbfield(Kostenpost._meta.get_field("bedrag"), request=None))
    for veld in velden:
        assert isinstance(veld, BedragVeld)
        assert veld.clean("1.250,50") == Decimal("1250.50")
