"""The whole demo (`laad_demo`, as `make run` loads it) tells a living, consistent story on any day.

Cross-app: it loads the demo data of every app and looks at it the way each demo user does.
"today" is injected with `laad_demo --vandaag` and, for the pages, by fixing django's clock.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actieplan.models import Actie, Begroting, CommunicatieItem, Kostenpost, Uitgave, Uitvoeringsplan
from actieplan.overzichten import jaaroverzicht
from controles.models import Bezoek, Controle, ControleSoort, ControleStatus, ControleStatusWijziging
from documenten.models import Document
from ondermijning.demo import GEBRUIKERS, maandag
from ondermijning.models import Gebruiker
from procedures.models import Procedure, ProcedureStap, ProcedureStatus, StapRol
from signalen.models import (
    SLUITINGEN,
    CommunicatieSoort,
    Interventie,
    InterventieSoort,
    Overleg,
    Signaal,
    Statusovergang,
)
from taken.models import Taak, TaakStatus

pytestmark = pytest.mark.django_db

WOENSDAG_2027 = datetime.date(2027, 3, 10)
ZONDAG_2031 = datetime.date(2031, 11, 30)

# Models whose number must not grow when the demo is loaded again, on the same or a later day.
ROLLEND = [Controle, Bezoek, ControleStatusWijziging, Overleg, Signaal, Statusovergang, Interventie, CommunicatieItem]


# Told once and then history (procedures, with their tasks and documents): never more on a later run.
ROLLEND += [Procedure, ProcedureStap, Taak, Document]


def _laad(vandaag):
    call_command("laad_demo", vandaag=vandaag, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def klok(monkeypatch):
    """Fix django's clock on a day (10:00 in Amsterdam), so the pages see that day as today."""

    def zet(dag):
        moment = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(10, 0)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return zet


def _tellingen(modellen):
    return {m.__name__: m.objects.count() for m in modellen}


def _assert_levend(vandaag):
    """What a new user must find around `vandaag`."""
    jaar = vandaag.year
    plannen = Uitvoeringsplan.objects.filter(
        gemeenten__naam="Duiven", periode_start__lte=vandaag, periode_eind__gte=vandaag
    ).distinct()
    assert plannen.exists(), f"geen actieplan voor {jaar}"
    assert Actie.objects.filter(plan__in=plannen).count() >= 10
    assert Begroting.objects.filter(jaar=jaar, gemeente__naam="Duiven").exists()

    komend = Overleg.objects.filter(datum__gt=vandaag, datum__lte=vandaag + datetime.timedelta(days=14))
    assert komend.exists(), "geen overleg in de komende twee weken"

    week = maandag(vandaag)
    controles = Controle.objects.exclude(status=ControleStatus.GEANNULEERD)
    deze_week = controles.filter(datum__range=(week, week + datetime.timedelta(days=6)))
    volgende_week = controles.filter(
        datum__range=(week + datetime.timedelta(days=7), week + datetime.timedelta(days=13)),
        status=ControleStatus.GEPLAND,
    )
    assert deze_week.exists() and volgende_week.exists(), "geen controles deze en volgende week"
    assert controles.filter(datum=vandaag, deelnemers__username="toezicht", status=ControleStatus.GEPLAND).exists()

    bibob = Interventie.objects.filter(
        soort=InterventieSoort.BIBOB,
        afgerond_op=None,
        advies_termijn_tot__gte=vandaag,
        advies_aangevraagd_op__lte=vandaag,
    )
    assert bibob.exists(), "geen lopende Bibob-termijn"

    assert CommunicatieItem.objects.filter(
        datum__range=(vandaag, vandaag + datetime.timedelta(days=14)), gemeenten__naam="Duiven"
    ).exists(), "geen communicatie in de komende weken"


def _mijn_werk_items(blokken) -> int:
    """The number of listed things (signals, meetings, controls, actions, ...) over all blocks."""
    return sum(len(v) for b in blokken for v in b.context.values() if isinstance(v, list))


def _assert_mijn_werk(client, settings):
    settings.OTP_VERPLICHT = False
    for username in GEBRUIKERS:
        if username == "beheer2":
            # The grant waiting on `beheer` was asked by beheer2, who cannot approve it: nothing for beheer2.
            continue
        client.force_login(Gebruiker.objects.get(username=username))
        response = client.get(reverse("mijn_werk"))
        assert response.status_code == 200
        assert _mijn_werk_items(response.context["blokken"]) >= 1, f"Mijn werk van {username} is leeg"


def _assert_consistent():
    """The rules of the domain hold in the demo story too."""
    for interventie in Interventie.objects.filter(soort__in=SLUITINGEN).select_related("signaal__gemeente"):
        taken = set(interventie.communicatietaken.values_list("soort", flat=True))
        assert taken == set(CommunicatieSoort.values), f"sluiting {interventie.pk} zonder communicatietaken"
        items = CommunicatieItem.objects.filter(datum=interventie.gestart_op, gemeenten=interventie.signaal.gemeente)
        assert items.count() >= 3, f"sluiting {interventie.pk} zonder communicatie op de kalender"
    for controle in Controle.objects.filter(soort=ControleSoort.INTEGRALE_CONTROLE).prefetch_related(
        "deelnemende_organisaties"
    ):
        partners = {o.naam for o in controle.deelnemende_organisaties.all()}
        assert {"Politie", "ODRA"} <= partners, f"integrale controle {controle} zonder politie en ODRA: {partners}"
    # Whoever weighs, enriches or moves a signal works for its municipality (or is a coordinator/chair
    # of it): the demo never records work by someone who could not even see the signal.
    from signalen.models import Statusovergang, Verrijking, Weging

    for model, wie in ((Weging, "door"), (Verrijking, "auteur"), (Statusovergang, "door")):
        for rij in model.objects.select_related(f"{wie}", "signaal__gemeente").exclude(**{f"{wie}__isnull": True}):
            persoon = getattr(rij, wie)
            gemeenten = set(persoon.gemeenten.values_list("naam", flat=True))
            assert rij.signaal.gemeente.naam in gemeenten, (
                f"{model.__name__} van signaal in {rij.signaal.gemeente.naam} door {persoon.username} ({gemeenten})"
            )
    for controle in Controle.objects.all():
        if controle.datum.weekday() == 6:
            assert controle.soort == ControleSoort.ACTIEWEEK and "bewust" in controle.omschrijving, (
                f"controle op zondag {controle}: {controle.omschrijving}"
            )


@pytest.mark.parametrize("vandaag", [WOENSDAG_2027, ZONDAG_2031], ids=["woensdag-2027", "zondag-2031"])
def test_demo_leeft_op_elke_dag(vandaag, client, settings, klok):
    _laad(vandaag)
    klok(vandaag)
    _assert_levend(vandaag)
    _assert_consistent()
    _assert_mijn_werk(client, settings)


def test_demo_is_consistent_vandaag():
    call_command("laad_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _assert_consistent()
    _assert_levend(timezone.localdate())


def test_demo_op_een_latere_dag_stapelt_niets_op(client, settings, klok):
    _laad(WOENSDAG_2027)
    eerst = _tellingen([*ROLLEND, Uitvoeringsplan, Actie, Begroting, Kostenpost, Uitgave])
    _laad(WOENSDAG_2027)
    assert _tellingen([*ROLLEND, Uitvoeringsplan, Actie, Begroting, Kostenpost, Uitgave]) == eerst

    # The next day and a month later: the rolling story moves along, nothing is added.
    for dag in (WOENSDAG_2027 + datetime.timedelta(days=1), WOENSDAG_2027 + datetime.timedelta(days=33)):
        _laad(dag)
        assert _tellingen([*ROLLEND, Uitvoeringsplan, Actie, Begroting, Kostenpost, Uitgave]) == eerst
        _assert_levend(dag)

    # Years later: a new plan for that year per partnership (with its budget), the rolling story moved along.
    _laad(ZONDAG_2031)
    assert _tellingen(ROLLEND) == {m.__name__: eerst[m.__name__] for m in ROLLEND}
    assert Uitvoeringsplan.objects.count() == eerst["Uitvoeringsplan"] + 2
    klok(ZONDAG_2031)
    _assert_levend(ZONDAG_2031)
    _assert_consistent()
    _assert_mijn_werk(client, settings)


def test_een_uitgevoerde_controle_van_de_demo_blijft_staan(klok):
    """A rolling object someone changed stays as it is; a fresh one takes its place."""
    _laad(WOENSDAG_2027)
    vandaag = Controle.objects.get(datum=WOENSDAG_2027, deelnemers__username="toezicht", status=ControleStatus.GEPLAND)
    Controle.objects.filter(pk=vandaag.pk).update(status=ControleStatus.UITGEVOERD)
    _laad(WOENSDAG_2027 + datetime.timedelta(days=7))
    vandaag.refresh_from_db()
    assert (vandaag.datum, vandaag.status) == (WOENSDAG_2027, ControleStatus.UITGEVOERD)
    _assert_levend(WOENSDAG_2027 + datetime.timedelta(days=7))


def test_demo_heeft_een_lopende_13b_procedure_in_mijn_werk_van_de_eigenaar(client, settings, klok):
    """The running 13b procedure: the zienswijze term is open and due soon; its task is in the owner's Mijn werk."""
    _laad(WOENSDAG_2027)
    klok(WOENSDAG_2027)
    procedure = Procedure.objects.get(status=ProcedureStatus.LOPEND, soort__vorm="13b")
    zienswijze = procedure.stappen.select_related("sjabloon").get(sjabloon__naam="Zienswijze")
    assert zienswijze.gedaan_op is None
    assert WOENSDAG_2027 <= zienswijze.uiterste_datum <= WOENSDAG_2027 + datetime.timedelta(days=7)
    taak = Taak.objects.get(onderdeel_id=zienswijze.pk, status=TaakStatus.OPEN)
    assert taak.eigenaar == procedure.eigenaar and taak.uiterlijk_op == zienswijze.uiterste_datum
    settings.OTP_VERPLICHT = False
    client.force_login(procedure.eigenaar)
    assert taak.get_absolute_url() in client.get(reverse("mijn_werk")).content.decode()


def test_demo_vertelt_procedures_met_taken_documenten_en_jaarcijfers(klok):
    """A complete 13b closure with an objection, a Bibob refusal and a Bibob grant with conditions."""
    _laad(WOENSDAG_2027)
    procedures = Procedure.objects.select_related("soort", "signaal__gemeente").order_by("pk")
    assert [(p.soort.vorm, p.status, p.uitkomst) for p in procedures] == [
        ("13b", ProcedureStatus.AFGESLOTEN, "Sluiting"),
        ("bibob", ProcedureStatus.AFGESLOTEN, "Geweigerd / ingetrokken"),
        ("bibob", ProcedureStatus.AFGESLOTEN, "Verleend met voorwaarden"),
        ("13b", ProcedureStatus.LOPEND, ""),
    ]
    assert {p.signaal.gemeente.naam for p in procedures} == {"Duiven", "Westervoort"}
    damocles = procedures[0]
    sluiting = damocles.stappen.get(sjabloon__rol=StapRol.SLUITING, tot_op__isnull=False)
    # Reopened the day after the closure ended, or still closed (then the page flags the coming reopening).
    assert sluiting.heropend_op == (
        sluiting.tot_op + datetime.timedelta(days=1) if sluiting.tot_op < WOENSDAG_2027 else None
    )
    assert damocles.stappen.get(sjabloon__rol=StapRol.BESLUIT).begunstigd_tot < sluiting.gedaan_op
    assert damocles.stappen.get(sjabloon__volgorde=9).uitkomst == "Ongegrond"
    for procedure in procedures[:3]:
        stappen = procedure.stappen.values_list("pk", flat=True)
        taken = Taak.objects.filter(onderdeel_id__in=stappen, signaal=procedure.signaal)
        assert taken.count() >= 5 and not taken.filter(status=TaakStatus.OPEN).exists()
        assert Document.objects.filter(onderdeel_id__in=stappen, signaal=procedure.signaal).exists()
    assert Taak.objects.filter(omschrijving="Sluiting: Persbericht", status=TaakStatus.GEREED).exists()
    # Recorded at story time, not when the demo was loaded.
    besluit = damocles.stappen.get(sjabloon__rol=StapRol.BESLUIT)
    assert besluit.updated_at.date() == besluit.gedaan_op < WOENSDAG_2027
    assert damocles.created_at.date() == damocles.gestart_op

    coordinator = Gebruiker.objects.get(username="coordinator")
    tabel = {g["groep"]: dict(g["rijen"]) for g in jaaroverzicht(coordinator, besluit.gedaan_op.year)["uitkomsten"]}
    assert tabel["Art. 13b Opiumwet (Damocles): Besluit verzonden"]["Sluiting"] == 1
    bibob = {
        k: v for jaar in {WOENSDAG_2027.year - 1, WOENSDAG_2027.year}
        for g in jaaroverzicht(coordinator, jaar)["uitkomsten"] if g["groep"] == "Wet Bibob: Besluit op de vergunning"
        for k, v in g["rijen"] if v
    }  # fmt: skip
    assert bibob == {"Geweigerd / ingetrokken": 1, "Verleend met voorwaarden": 1}
