"""Speed guards of issue 9, without timings: every list and detail page runs the same number of
queries with 5 rows as with 50 (no query per row), across all apps.

Each case fills its page with 5 rows, fetches it once to warm per-process caches, counts the
queries, adds 45 rows and counts again. Where rows are visible, the test also checks that the
page did show more of them, so a page that silently shows nothing cannot pass.
"""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actieplan.models import TimingSoort
from actieplan.tests.factories import (
    ActieFactory,
    BegrotingFactory,
    CommunicatieItemFactory,
    KostenpostFactory,
    ThemaFactory,
    UitgaveFactory,
    UitvoeringsplanFactory,
)
from controles.models import ChecklistAntwoord, ControleStatus, Label
from controles.tests.factories import (
    BedrijventerreinFactory,
    BezoekFactory,
    ControleFactory,
    ControleObjectFactory,
    PlanningsregelFactory,
    TheseusLabelFactory,
)
from documenten import services as documenten_services
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory
from signalen.models import (
    BetrouwbaarheidBron,
    BetrouwbaarheidInformatie,
    SignaalStatus,
    Statusovergang,
    Verrijking,
    VerrijkingBron,
)
from signalen.tests.factories import (
    AdresFactory,
    AgendapuntFactory,
    BedrijfFactory,
    FenomeenFactory,
    InterventieFactory,
    OverlegFactory,
    PersoonFactory,
    SignaalFactory,
)
from taken import services as taken_services
from taken.tests.factories import TaakFactory

JAAR = 2024


def _document(omg, signaal):
    """A real (tiny) PDF document on `signal`."""
    return documenten_services.document_voeg_toe(
        door=omg.beleid, bestand=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n"), signaal=signaal, soort="overig",
        datum=datetime.date(2024, 6, 1), vertrouwelijkheid="intern",
    )  # fmt: skip


volgnummer = itertools.count(1)


def tel_queries(client, url: str, params: dict | None = None) -> tuple[int, str]:
    """The number of queries one GET runs (every statement, counted at the cursor), and the page."""
    statements = []

    def tel(execute, sql, params_, many, context):
        statements.append(sql)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(tel):
        response = client.get(url, params or {})
    assert response.status_code == 200, f"{url}: status {response.status_code}"
    return len(statements), response.content.decode()


def vergelijk(client, url: str, vul, *, params: dict | None = None, teken: str | None = None):
    """Queries at 5 rows == queries at 50 rows; with `teken`, the page shows more rows at 50."""
    vul(5)
    client.get(url, params or {})  # warm-up: content types, permissions, session
    bij_5, pagina_5 = tel_queries(client, url, params)
    vul(45)
    bij_50, pagina_50 = tel_queries(client, url, params)
    assert bij_5 == bij_50, f"{url}: {bij_5} queries bij 5 rijen, {bij_50} bij 50 (een query per rij?)"
    if teken is not None:
        assert pagina_5.count(teken) >= 5, f"{url}: de 5 rijen staan niet op de pagina"
        assert pagina_50.count(teken) > pagina_5.count(teken), f"{url}: de extra rijen staan niet op de pagina"


@dataclass
class Omgeving:
    client: object
    duiven: object
    westervoort: object
    beleid: object
    toezicht: object
    coordinator: object
    politie_org: object


@pytest.fixture
def omg(client, duiven, westervoort, beleid, toezicht, coordinator, politie_org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # documents
    return Omgeving(client, duiven, westervoort, beleid, toezicht, coordinator, politie_org)


def _signaal(omg, **kwargs):
    """A Duiven signal with a handler, a phenomenon and one subject of each kind (all distinct rows)."""
    n = next(volgnummer)
    if "behandelaar" not in kwargs:
        kwargs["behandelaar"] = GebruikerFactory(rol=Rol.BELEIDSMEDEWERKER, gemeenten=[omg.duiven])
    signaal = SignaalFactory(gemeente=omg.duiven, **kwargs)
    signaal.fenomenen.add(FenomeenFactory(naam=f"Fenomeen querytelling {n}"))
    signaal.adressen.add(AdresFactory(gemeente=omg.duiven, huisnummer=f"{n}a"))
    signaal.bedrijven.add(BedrijfFactory(gemeente=omg.duiven))
    signaal.personen.add(PersoonFactory(gemeente=omg.duiven))
    return signaal


# --- signalen ---------------------------------------------------------------------------------


def test_signalenlijst(omg):
    omg.client.force_login(omg.beleid)
    vergelijk(
        omg.client,
        reverse("signalen:lijst"),
        lambda n: [_signaal(omg) for _ in range(n)],
        teken="kapsalon zonder klanten",
    )


def test_signalenlijst_gefilterd_en_gezocht(omg):
    omg.client.force_login(omg.beleid)
    vergelijk(
        omg.client,
        reverse("signalen:lijst"),
        lambda n: [_signaal(omg, status=SignaalStatus.WEGING) for _ in range(n)],
        params={"status": SignaalStatus.WEGING, "q": "kapsalon"},
        teken="kapsalon zonder klanten",
    )


def test_signaal_detail_met_ook_bekend_in(omg):
    omg.client.force_login(omg.beleid)
    hoofd = _signaal(omg)
    adres = hoofd.adressen.get()
    bedrijf = hoofd.bedrijven.get()

    def vul(n):
        for _ in range(n):
            ander = _signaal(omg)
            ander.adressen.add(adres)  # "ook bekend in": the same address in another signal
            hoofd.bedrijven.add(BedrijfFactory(gemeente=omg.duiven))
            BezoekFactory(controle__gemeente=omg.duiven, object__bedrijf=bedrijf, door=omg.toezicht)
            Verrijking.objects.create(
                signaal=hoofd,
                bron=VerrijkingBron.KVK,
                informatie="Inschrijving nagegaan.",
                datum=datetime.date(2024, 3, 2),
                auteur=omg.beleid,
                betrouwbaarheid_bron=BetrouwbaarheidBron.A,
                betrouwbaarheid_informatie=BetrouwbaarheidInformatie.EEN,
            )
            Statusovergang.objects.create(
                signaal=hoofd, van="", naar=SignaalStatus.GEREGISTREERD, door=omg.beleid, created_at=timezone.now()
            )
            TaakFactory(gemeente=omg.duiven, signaal=hoofd, eigenaar=omg.beleid)
            TaakFactory(gemeente=omg.duiven, signaal=hoofd, eigenaar_organisatie=omg.politie_org)
            _document(omg, hoofd)

    vergelijk(omg.client, reverse("signalen:detail", args=[hoofd.pk]), vul, teken="kapsalon zonder klanten")


def test_subject_detail(omg):
    omg.client.force_login(omg.beleid)
    adres = AdresFactory(gemeente=omg.duiven)

    def vul(n):
        for _ in range(n):
            _signaal(omg).adressen.add(adres)

    vergelijk(
        omg.client, reverse("signalen:subject_detail", args=["adres", adres.pk]), vul, teken="kapsalon zonder klanten"
    )


def test_overleglijst(omg):
    omg.client.force_login(omg.beleid)

    def vul(n):
        for _ in range(n):
            overleg = OverlegFactory(gemeenten=[omg.duiven], titel="Overleg querytelling")
            AgendapuntFactory(overleg=overleg, signaal=_signaal(omg))

    vergelijk(omg.client, reverse("signalen:overleg_lijst"), vul, teken="Overleg querytelling")


def test_overleg_detail(omg):
    omg.client.force_login(omg.beleid)
    overleg = OverlegFactory(gemeenten=[omg.duiven])

    def vul(n):
        for _ in range(n):
            punt = AgendapuntFactory(overleg=overleg, signaal=_signaal(omg))
            punt.gedeeld_met.add(omg.politie_org)
            TaakFactory(gemeente=omg.duiven, signaal=punt.signaal, eigenaar=omg.beleid)

    vergelijk(omg.client, reverse("signalen:overleg_detail", args=[overleg.pk]), vul, teken="kapsalon zonder klanten")


# --- controles --------------------------------------------------------------------------------


def _controle(omg, **kwargs):
    controle = ControleFactory(gemeente=omg.duiven, organisaties=[omg.politie_org], deelnemers=[omg.toezicht], **kwargs)
    ControleObjectFactory(controle=controle, bedrijf=BedrijfFactory(gemeente=omg.duiven, naam="Object querytelling"))
    return controle


def test_controlelijst(omg):
    omg.client.force_login(omg.toezicht)
    vergelijk(
        omg.client, reverse("controles:lijst"), lambda n: [_controle(omg) for _ in range(n)], teken="Integrale controle"
    )


def test_controle_detail(omg):
    omg.client.force_login(omg.toezicht)
    controle = ControleFactory(gemeente=omg.duiven, status=ControleStatus.UITGEVOERD, organisaties=[omg.politie_org])

    def vul(n):
        for _ in range(n):
            controle.deelnemers.add(GebruikerFactory(rol=Rol.TOEZICHTHOUDER, gemeenten=[omg.duiven]))
            obj = ControleObjectFactory(controle=controle, bedrijf=BedrijfFactory(gemeente=omg.duiven))
            BezoekFactory(controle=controle, object=obj, door=omg.toezicht)

    vergelijk(omg.client, reverse("controles:detail", args=[controle.pk]), vul, teken="B.V.")


def test_bezoek_detail(omg):
    omg.client.force_login(omg.toezicht)
    terrein = BedrijventerreinFactory(gemeente=omg.duiven)
    label = TheseusLabelFactory(bedrijventerrein=terrein, huidig=True)
    bezoek = BezoekFactory(controle__gemeente=omg.duiven, object__bedrijf=label.bedrijf, door=omg.toezicht)

    def vul(n):
        for _ in range(n):
            i = next(volgnummer)
            ChecklistAntwoord.objects.create(bezoek=bezoek, vraag_tekst=f"Vraag querytelling {i}", antwoord="ja")
            TheseusLabelFactory(bedrijventerrein=terrein, bedrijf=label.bedrijf, huidig=False, door=omg.beleid)

    vergelijk(omg.client, reverse("controles:bezoek_detail", args=[bezoek.pk]), vul, teken="Vraag querytelling")


def test_vandaag(omg):
    omg.client.force_login(omg.toezicht)
    vergelijk(
        omg.client,
        reverse("controles:vandaag"),
        lambda n: [_controle(omg, datum=timezone.localdate()) for _ in range(n)],
        teken="Object querytelling",
    )


def test_planning(omg):
    omg.client.force_login(omg.coordinator)
    PlanningsregelFactory(gemeente=omg.duiven)
    PlanningsregelFactory(gemeente=omg.westervoort)
    vergelijk(omg.client, reverse("controles:planning"), lambda n: [_controle(omg) for _ in range(n)])


def test_theseus_overzicht(omg):
    omg.client.force_login(omg.beleid)

    def vul(n):
        for _ in range(n):
            terrein = BedrijventerreinFactory(gemeente=omg.duiven, naam=f"Terrein querytelling {next(volgnummer)}")
            TheseusLabelFactory(bedrijventerrein=terrein, label=Label.ROOD, door=omg.beleid)

    vergelijk(omg.client, reverse("controles:theseus"), vul, teken="Terrein querytelling")


def test_theseus_terrein(omg):
    omg.client.force_login(omg.beleid)
    terrein = BedrijventerreinFactory(gemeente=omg.duiven)
    vergelijk(
        omg.client,
        reverse("controles:theseus_terrein", args=[terrein.pk]),
        lambda n: [TheseusLabelFactory(bedrijventerrein=terrein, door=omg.beleid) for _ in range(n)],
        teken="B.V.",
    )


def test_theseus_bedrijf(omg):
    omg.client.force_login(omg.beleid)
    terrein = BedrijventerreinFactory(gemeente=omg.duiven)
    huidig = TheseusLabelFactory(bedrijventerrein=terrein, door=omg.beleid, huidig=True)

    def vul(n):
        for _ in range(n):
            bezoek = BezoekFactory(controle__gemeente=omg.duiven, object__bedrijf=huidig.bedrijf, door=omg.toezicht)
            TheseusLabelFactory(
                bedrijventerrein=terrein,
                bedrijf=huidig.bedrijf,
                huidig=False,
                bezoek=bezoek,
                door=GebruikerFactory(rol=Rol.BELEIDSMEDEWERKER, gemeenten=[omg.duiven]),
                toelichting="Historie querytelling",
            )

    vergelijk(
        omg.client,
        reverse("controles:theseus_bedrijf", args=[huidig.bedrijf_id]),
        vul,
        teken="Historie querytelling",
    )


# --- actieplan --------------------------------------------------------------------------------


def _plan(omg):
    return UitvoeringsplanFactory(
        gemeenten=[omg.duiven, omg.westervoort],
        periode_start=datetime.date(JAAR, 1, 1),
        periode_eind=datetime.date(JAAR, 12, 31),
        naam=f"Plan querytelling {next(volgnummer)}",
    )


def _actie(omg, plan, thema):
    actie = ActieFactory(
        plan=plan,
        thema=thema,
        timing_soort=TimingSoort.KWARTAAL,
        kwartaal=f"Q{next(volgnummer) % 4 + 1} {JAAR}",
        eigenaar=omg.beleid,
        omschrijving=f"Actie querytelling {next(volgnummer)}",
        gemeenten=[omg.duiven],
    )
    KostenpostFactory(actie=actie, gemeente=omg.duiven, jaar=JAAR, bedrag=Decimal("500.00"))
    actie.controles.add(ControleFactory(gemeente=omg.duiven))
    actie.signalen.add(SignaalFactory(gemeente=omg.duiven))
    return actie


def test_planlijst(omg):
    omg.client.force_login(omg.beleid)

    def vul(n):
        for _ in range(n):
            plan = _plan(omg)
            _actie(omg, plan, ThemaFactory(plan=plan))

    vergelijk(omg.client, reverse("actieplan:lijst"), vul, teken="Plan querytelling")


def test_plan_detail_en_kwartaalplanning(omg):
    omg.client.force_login(omg.beleid)
    plan = _plan(omg)
    themas = [ThemaFactory(plan=plan, nummer=i) for i in range(1, 6)]

    def vul(n):
        for i in range(n):
            _actie(omg, plan, themas[i % 5])

    vergelijk(omg.client, reverse("actieplan:detail", args=[plan.pk]), vul, teken="Actie querytelling")
    bij, _pagina = tel_queries(omg.client, reverse("actieplan:kwartaalplanning", args=[plan.pk]))
    _actie(omg, plan, themas[0])
    assert tel_queries(omg.client, reverse("actieplan:kwartaalplanning", args=[plan.pk]))[0] == bij


def _uitgaven(omg):
    """A budget for both municipalities and a filler of spending entries (Duiven, this plan year)."""
    for gemeente in (omg.duiven, omg.westervoort):
        BegrotingFactory(gemeente=gemeente, jaar=JAAR)
    plan = _plan(omg)
    actie = _actie(omg, plan, ThemaFactory(plan=plan))

    def vul(n):
        for i in range(n):
            UitgaveFactory(
                gemeente=omg.duiven,
                datum=datetime.date(JAAR, 1 + i % 12, 10),
                actie=actie,
                geboekt_door=omg.coordinator,
                omschrijving=f"Uitgave querytelling {next(volgnummer)}",
            )

    return vul


def test_begrotingsdashboard(omg):
    omg.client.force_login(omg.coordinator)
    vergelijk(omg.client, reverse("actieplan:begroting"), _uitgaven(omg), params={"jaar": JAAR})


def test_begroting_per_gemeente(omg):
    omg.client.force_login(omg.coordinator)
    vergelijk(
        omg.client,
        reverse("actieplan:begroting_gemeente", args=[omg.duiven.pk, JAAR]),
        _uitgaven(omg),
        teken="Uitgave querytelling",
    )


def test_communicatiekalender(omg):
    omg.client.force_login(omg.beleid)
    plan = _plan(omg)
    actie = _actie(omg, plan, ThemaFactory(plan=plan))
    vergelijk(
        omg.client,
        reverse("actieplan:communicatie"),
        lambda n: [
            CommunicatieItemFactory(
                gemeenten=[omg.duiven, omg.westervoort], actie=actie, onderwerp="Bericht querytelling"
            )
            for _ in range(n)
        ],
        teken="Bericht querytelling",
    )


def test_jaaroverzicht(omg):
    omg.client.force_login(omg.coordinator)
    plan = _plan(omg)
    thema = ThemaFactory(plan=plan)

    def vul(n):
        for _ in range(n):
            _actie(omg, plan, thema)
            InterventieFactory(signaal=SignaalFactory(gemeente=omg.duiven), gestart_op=datetime.date(JAAR, 5, 1))
            ControleFactory(gemeente=omg.duiven, datum=datetime.date(JAAR, 6, 1), status=ControleStatus.AFGEROND)

    vergelijk(omg.client, reverse("actieplan:jaaroverzicht", args=[JAAR]), vul)


# --- Mijn werk --------------------------------------------------------------------------------


def test_mijn_werk(omg):
    omg.client.force_login(omg.beleid)
    plan = _plan(omg)
    thema = ThemaFactory(plan=plan)

    def vul(n):
        for _ in range(n):
            _signaal(omg, status=SignaalStatus.WEGING, behandelaar=omg.beleid)
            _actie(omg, plan, thema)
            _controle(omg, datum=timezone.localdate())
            TaakFactory(gemeente=omg.duiven, signaal=_signaal(omg), eigenaar=omg.beleid, omschrijving="Taak telling")

    vergelijk(omg.client, reverse("mijn_werk"), vul, teken="Taak telling")


def test_procedure_detail(omg):
    from procedures import services as procedure_services
    from procedures.models import ProcedureStap
    from procedures.tests.factories import StapSjabloonFactory

    eerste = StapSjabloonFactory(naam="Stap querytelling", termijn=2, eenheid="weken")
    soort = eerste.soort
    procedure = procedure_services.procedure_start(
        signaal=SignaalFactory(gemeente=omg.duiven), soort=soort, door=omg.beleid, gestart_op=datetime.date(2024, 3, 1)
    )
    vorige = [eerste]

    def vul(n):
        for _ in range(n):
            sjabloon = StapSjabloonFactory(
                soort=soort, naam="Stap querytelling", termijn=5, werkdagen=True, vanaf=vorige[-1]
            )
            stap = ProcedureStap.objects.create(
                procedure=procedure, sjabloon=sjabloon, gedaan_op=datetime.date(2024, 3, 4), door=omg.beleid
            )
            vorige.append(sjabloon)
            # Each step with its task (owner shown) and a document (on the time line).
            taken_services.taak_maak(
                door=omg.beleid, omschrijving="Taak querytelling", uiterlijk_op=datetime.date(2024, 4, 1),
                eigenaar=omg.beleid, signaal=procedure.signaal, onderdeel=stap,
            )  # fmt: skip
            documenten_services.document_voeg_toe(
                door=omg.beleid, bestand=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n"), signaal=procedure.signaal,
                soort="overig", datum=datetime.date(2024, 6, 1), vertrouwelijkheid="intern", titel="Stuk querytelling",
                onderdeel=stap,
            )  # fmt: skip

    omg.client.force_login(omg.beleid)
    vergelijk(omg.client, reverse("procedures:detail", args=[procedure.pk]), vul, teken="Stuk querytelling")


def test_signaal_detail_met_procedures(omg):
    from procedures import services as procedure_services
    from procedures.tests.factories import StapSjabloonFactory

    signaal = SignaalFactory(gemeente=omg.duiven)
    soort = StapSjabloonFactory(soort__naam="Procedure querytelling").soort

    def vul(n):
        for _ in range(n):
            procedure_services.procedure_start(signaal=signaal, soort=soort, door=omg.beleid)

    omg.client.force_login(omg.beleid)
    vergelijk(omg.client, reverse("signalen:detail", args=[signaal.pk]), vul, teken="Procedure querytelling")
