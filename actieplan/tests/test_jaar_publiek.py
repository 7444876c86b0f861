"""The year in public (issue 18): public editions per municipality in every format, small counts
never exact, vastgesteld editions frozen against corrections and retention, and the evaluation."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from actieplan import publiek, vaststellen
from actieplan.models import ActieStatus, EditieStatus, PubliekProfiel, Resultaat
from controles.models import ControleSoort, ControleStatus
from controles.tests.factories import ControleFactory
from ondermijning.models import AuditActie, AuditEvent
from signalen.models import SoortZaak
from signalen.tests.factories import InterventieFactory, SignaalFactory

from .factories import (
    ActieFactory,
    ThemaFactory,
    UitvoeringsplanFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _pdf_tekst(inhoud: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(inhoud)).pages)


def _gegevens(duiven, westervoort):
    """Duiven: 4 Bibob, 1 measure in a dwelling, 5 integrated controls; Westervoort: 2 street-dealing measures."""
    for _i in range(4):
        InterventieFactory(signaal=SignaalFactory(gemeente=duiven), soort="bibob", gestart_op=D(2024, 3, 1))
    InterventieFactory(
        signaal=SignaalFactory(gemeente=duiven),
        soort="13b_sluiting",
        soort_zaak=SoortZaak.HARDDRUGS_WONING,
        gestart_op=D(2024, 4, 1),
    )
    for maand in range(1, 6):
        ControleFactory(
            gemeente=duiven,
            datum=D(2024, maand, 10),
            soort=ControleSoort.INTEGRALE_CONTROLE,
            status=ControleStatus.AFGEROND,
        )
    for _i in range(2):
        InterventieFactory(
            signaal=SignaalFactory(gemeente=westervoort), soort="drugshandel_straat", gestart_op=D(2024, 6, 1)
        )


def _editie(gemeente, door, **kwargs):
    return vaststellen.editie_bewaar(
        gemeente=gemeente,
        jaar=2024,
        titel=f"Samen houden we {gemeente.naam} veilig",
        verhaal="Wat de gemeente deed en waarom uw melding telt.",
        cijfers=publiek.STANDAARD_KEUZE,
        door=door,
        **kwargs,
    )


def test_beide_publieksversies_in_elk_formaat(client, coordinator, duiven, westervoort):
    _gegevens(duiven, westervoort)
    PubliekProfiel.objects.create(gemeente=duiven, meldroute="www.duiven.nl/melden")
    client.force_login(coordinator)
    for gemeente in (duiven, westervoort):
        _editie(gemeente, coordinator)
        url = reverse("actieplan:editie_vaststellen", args=[2024, gemeente.pk])
        assert client.post(url).status_code == 302
        pdf = client.get(reverse("actieplan:editie_bestand", args=[2024, gemeente.pk, "a4.pdf"]))
        assert pdf["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.content))
        assert len(reader.pages) == 1  # one page, A4
        assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
        tekst = _pdf_tekst(pdf.content)
        assert f"Samen houden we {gemeente.naam} veilig" in tekst
        assert "0800-7000" in tekst and "Meld Misdaad Anoniem" in tekst
        for bestand, maat in (("vierkant.png", (1080, 1080)), ("breed.png", (1200, 630))):
            png = client.get(reverse("actieplan:editie_bestand", args=[2024, gemeente.pk, bestand]))
            assert png["Content-Type"] == "image/png"
            assert Image.open(io.BytesIO(png.content)).size == maat
        pagina = client.get(reverse("actieplan:editie_pagina", args=[2024, gemeente.pk])).content.decode()
        assert '<html lang="nl"' in pagina and "<h1" in pagina and "0800-7000" in pagina
        assert "<style" not in pagina and "<script" not in pagina and "style=" not in pagina
    duiven_pdf = _pdf_tekst(client.get(reverse("actieplan:editie_bestand", args=[2024, duiven.pk, "a4.pdf"])).content)
    assert "www.duiven.nl/melden" in duiven_pdf
    assert re.search(r"\b4\s*Bibob", duiven_pdf)  # at the threshold: published exactly
    assert re.search(r"\b5\s*integrale controles", duiven_pdf)
    assert AuditEvent.objects.filter(actie=AuditActie.TRANSITIE, object_type="actieplan.publiekeeditie").count() == 2
    assert AuditEvent.objects.filter(actie=AuditActie.EXPORT, object_type="actieplan.publiekeeditie").count() == 9


def _getallen(tekst: str) -> set[int]:
    return {int(g) for g in re.findall(r"(?<![\d-])\d{1,3}(?![\d-])", tekst)}


@pytest.mark.parametrize("drempel", [3, 5])
def test_geen_exact_klein_aantal_in_enig_publiek_formaat(client, coordinator, duiven, westervoort, drempel):
    """Westervoort has 2 street-dealing measures, Duiven 1 dwelling measure and 4 Bibob: below the
    threshold none of them appears as a number, not in the PDF, the web page or the PNGs' source."""
    _gegevens(duiven, westervoort)
    PubliekProfiel.objects.create(gemeente=duiven, drempel=drempel)
    PubliekProfiel.objects.create(gemeente=westervoort, drempel=drempel)
    client.force_login(coordinator)
    for gemeente in (duiven, westervoort):
        editie = vaststellen.editie_stel_vast(editie=_editie(gemeente, coordinator), door=coordinator)
        live = publiek.live_cijfers(gemeente, 2024)
        klein = {live[s] for s in editie.cijfers if live[s] < drempel}
        assert klein  # the test means something
        pdf = _pdf_tekst(bytes(editie.pdf))
        pagina = client.get(reverse("actieplan:editie_pagina", args=[2024, gemeente.pk])).content.decode()
        pagina_tekst = re.sub(r"<[^>]+>", " ", pagina)
        # The PNGs are rasterised from the same rendering: check the text they were drawn from.
        for formaat in ("vierkant", "breed"):
            html = render_to_string("actieplan/publiek/editie.html", publiek.weergave(editie.momentopname, formaat))
            png_tekst = _pdf_tekst(HTML(string=html).write_pdf())
            assert f"minder dan {drempel}" in png_tekst
            assert not (_getallen(png_tekst.replace(str(editie.jaar), "")) & klein)
        for tekst in (pdf, pagina_tekst):
            assert f"minder dan {drempel}" in tekst
            assert not (_getallen(tekst.replace(str(editie.jaar), "")) & klein), tekst
    # The edition page for staff shows the published text, not the count.
    html = client.get(reverse("actieplan:editie", args=[2024, westervoort.pk])).content.decode()
    assert f"<td>minder dan {drempel}</td>" in html


def test_vastgesteld_verandert_niet_bij_correctie_en_opschonen(client, coordinator, duiven, westervoort, beleid):
    from signalen import services as signaal_services
    from signalen.models import Afsluitreden, Bron, SignaalStatus

    _gegevens(duiven, westervoort)
    # A 2024 signal without follow-up: retention destroys it later.
    weg = signaal_services.signaal_registreer(
        door=beleid, gemeente=duiven, titel="Kapsalon", omschrijving="Nooit een afspraak", bron=Bron.MMA,
        ontvangen_op=D(2024, 2, 1),
    )  # fmt: skip
    signaal_services.signaal_transitie(signaal=weg, naar=SignaalStatus.WEGING, door=beleid)
    signaal_services.signaal_transitie(
        signaal=weg, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_ACTIE
    )
    editie = vaststellen.editie_stel_vast(editie=_editie(duiven, coordinator), door=coordinator)
    bestanden = (bytes(editie.pdf), bytes(editie.png_vierkant), bytes(editie.png_breed))
    opname = dict(editie.momentopname)

    # Corrections: a fifth integrated control and another Bibob investigation; then retention.
    ControleFactory(
        gemeente=duiven, datum=D(2024, 9, 1), soort=ControleSoort.INTEGRALE_CONTROLE, status=ControleStatus.AFGEROND
    )
    InterventieFactory(signaal=SignaalFactory(gemeente=duiven), soort="bibob", gestart_op=D(2024, 10, 1))
    PubliekProfiel.objects.update_or_create(gemeente=duiven, defaults={"drempel": 10})
    call_command("opschonen", stdout=io.StringIO())

    editie.refresh_from_db()
    assert editie.momentopname == opname
    assert (bytes(editie.pdf), bytes(editie.png_vierkant), bytes(editie.png_breed)) == bestanden
    client.force_login(coordinator)
    for bestand, inhoud in zip(("a4.pdf", "vierkant.png", "breed.png"), bestanden, strict=True):
        assert client.get(reverse("actieplan:editie_bestand", args=[2024, duiven.pk, bestand])).content == inhoud
    with pytest.raises(ValidationError):
        _editie(duiven, coordinator)
    # The edition page and the internal live overview show what now differs.
    pagina = client.get(reverse("actieplan:editie", args=[2024, duiven.pk])).content.decode()
    assert "Een live cijfer wijkt nu af van het gepubliceerde." in pagina
    assert "integrale controles met politie en ODRA: gepubliceerd 5, nu 6" in pagina
    intern = client.get(reverse("actieplan:jaaroverzicht", args=[2024])).content.decode()
    assert "live cijfers wijken af" in intern
    assert "Bibob-onderzoeken naar aanvragers van vergunningen: gepubliceerd 4, nu 5" in intern


def test_alleen_de_coordinator_stelt_vast_en_alleen_eigen_gemeente(client, beleid, beleid_westervoort, duiven):
    editie = _editie(duiven, beleid)
    client.force_login(beleid)
    assert client.post(reverse("actieplan:editie_vaststellen", args=[2024, duiven.pk])).status_code == 403
    client.force_login(beleid_westervoort)
    assert client.get(reverse("actieplan:editie", args=[2024, duiven.pk])).status_code == 404
    assert client.get(reverse("actieplan:editie_bestand", args=[2024, duiven.pk, "a4.pdf"])).status_code == 404
    editie.refresh_from_db()
    assert editie.status == EditieStatus.CONCEPT


def test_vijf_tot_acht_cijfers(coordinator, duiven):
    with pytest.raises(ValidationError):
        vaststellen.editie_bewaar(
            gemeente=duiven, jaar=2024, titel="T", verhaal="", cijfers=["bibob", "signalen"], door=coordinator
        )


# --- the year-end evaluation -----------------------------------------------------------------


@pytest.fixture
def plan(duiven, westervoort):
    plan = UitvoeringsplanFactory(gemeenten=[duiven, westervoort])
    thema1 = ThemaFactory(plan=plan, nummer=1, naam="Bewustwording en organisatie")
    thema3 = ThemaFactory(plan=plan, nummer=3, naam="Beleid en handhaving")
    ActieFactory(plan=plan, thema=thema1, nummer=1, status=ActieStatus.AFGEROND, omschrijving="Themadag drugs")
    ActieFactory(plan=plan, thema=thema3, nummer=2, status=ActieStatus.LOPEND, omschrijving="Damoclesbeleid herzien")
    ActieFactory(plan=plan, thema=thema3, nummer=3, status=ActieStatus.GEPLAND, omschrijving="Bibob-beleid herzien")
    return plan


def test_evaluatie_dekt_elke_actie_en_schuift_door(client, coordinator, plan):
    from actieplan import services

    client.force_login(coordinator)
    url = reverse("actieplan:evaluatie", args=[plan.pk, 2024])
    assert client.post(url, {"samenvatting": "Een goed jaar."}).status_code == 302
    evaluatie = plan.evaluaties.get(jaar=2024)
    regels = {r.actie.nummer: r for r in evaluatie.regels.select_related("actie")}
    assert sorted(regels) == [1, 2, 3]  # every action of the plan
    with pytest.raises(ValidationError, match="Nog geen resultaat bij actie 1, 2, 3"):
        vaststellen.evaluatie_stel_vast(evaluatie=evaluatie, door=coordinator)
    gegevens = {
        f"r{regels[1].pk}-resultaat": Resultaat.GEREED, f"r{regels[1].pk}-effect": "120 bezoekers",
        f"r{regels[1].pk}-les": "Samen met PVO organiseren",
        f"r{regels[2].pk}-resultaat": Resultaat.DEELS, f"r{regels[2].pk}-doorschuiven": "on",
        f"r{regels[3].pk}-resultaat": Resultaat.NIET, f"r{regels[3].pk}-doorschuiven": "on",
    }  # fmt: skip
    client.post(url, gegevens)
    with pytest.raises(ValidationError, match="vervolgplan"):
        vaststellen.evaluatie_stel_vast(evaluatie=evaluatie, door=coordinator)
    volgend = services.plan_maak_vervolg(
        plan=plan, naam="Plan 2025", periode_start=D(2025, 1, 1), periode_eind=D(2025, 12, 31), door=coordinator
    )
    assert volgend.acties.count() == 2  # the existing carry-over: every unfinished action
    assert client.post(reverse("actieplan:evaluatie_vaststellen", args=[plan.pk, 2024])).status_code == 302
    evaluatie.refresh_from_db()
    assert evaluatie.is_vastgesteld and evaluatie.vastgesteld_door == coordinator
    # Carried over into next year's plan, linked to their origin; nothing duplicated.
    assert volgend.acties.count() == 2
    for nummer in (2, 3):
        regel = evaluatie.regels.get(actie__nummer=nummer)
        assert regel.voortzetting.plan == volgend and regel.voortzetting.voortgezet_uit == regel.actie
    assert evaluatie.regels.get(actie__nummer=1).voortzetting is None

    pdf = client.get(reverse("actieplan:evaluatie_pdf", args=[plan.pk, 2024]))
    tekst = _pdf_tekst(pdf.content)
    assert "Raadsinformatiebrief" in tekst and "Evaluatie aanpak ondermijning 2024" in tekst
    assert "Bewustwording en organisatie" in tekst and "Beleid en handhaving" in tekst
    assert "120 bezoekers" in tekst and "Damoclesbeleid herzien" in tekst and "Een goed jaar." in tekst
    assert pdf.content == bytes(evaluatie.pdf)
    # Frozen: no more changes, and later data leaves the letter alone.
    with pytest.raises(ValidationError):
        vaststellen.evaluatie_regel_bewaar(regel=regels[1], door=coordinator, resultaat=Resultaat.NIET)
    assert AuditEvent.objects.filter(actie=AuditActie.TRANSITIE, object_type="actieplan.evaluatie").count() == 1
    assert AuditEvent.objects.filter(actie=AuditActie.EXPORT, object_type="actieplan.evaluatie").count() == 1


def test_doorschuiven_maakt_de_actie_in_het_vervolgplan_met_herkomst(coordinator, plan):
    """A follow-up plan made by hand (without the copy of plan_maak_vervolg) gets the action from the evaluation."""
    volgend = UitvoeringsplanFactory(gemeenten=list(plan.gemeenten.all()), gebaseerd_op=plan)
    evaluatie = vaststellen.evaluatie_open(plan=plan, jaar=2024, door=coordinator)
    for regel in evaluatie.regels.select_related("evaluatie", "actie"):
        vaststellen.evaluatie_regel_bewaar(
            regel=regel,
            door=coordinator,
            resultaat=Resultaat.GEREED if regel.actie.nummer == 1 else Resultaat.DOORLOPEND,
            doorschuiven=regel.actie.nummer == 2,
        )
    vaststellen.evaluatie_stel_vast(evaluatie=evaluatie, door=coordinator)
    kopie = volgend.acties.get()
    assert kopie.omschrijving == "Damoclesbeleid herzien" and kopie.voortgezet_uit.nummer == 2
    assert kopie.thema.naam == "Beleid en handhaving"
    assert plan.acties.get(nummer=2).status == ActieStatus.DOORGESCHOVEN
