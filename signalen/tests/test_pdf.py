"""The PDFs of signalen (RIEC form, agenda) are accessible documents: tagged PDF/UA-1, and the
RIEC form breaks its pages so that no page holds a lone line."""

import datetime

import pytest
from django.urls import reverse

from ondermijning.tests.pdfcontrole import assert_toegankelijke_pdf, pagina_teksten
from signalen import services
from signalen.models import Signaal, SignaalStatus

pytestmark = pytest.mark.django_db

ZIN = (
    "Volgens buurtbewoners staat er 's avonds regelmatig een dure auto met buitenlands kenteken voor de deur, "
    "terwijl de zaak overdag vrijwel leeg is en de rolluiken vaak dicht zijn."
)


def test_riec_formulier_is_getagd(client, voorzitter, duiven_signaal):
    client.force_login(voorzitter)
    response = client.get(reverse("signalen:riec_pdf", args=[duiven_signaal.pk]))
    assert_toegankelijke_pdf(response.content, f"RIEC-signaalformulier {duiven_signaal.nummer}")


def test_agenda_is_getagd(client, beleid, overleg, duiven_signaal):
    services.signaal_transitie(signaal=duiven_signaal, naar=SignaalStatus.WEGING, door=beleid)
    services.agendapunt_toevoegen(overleg=overleg, signaal=duiven_signaal, door=beleid)
    client.force_login(beleid)
    response = client.get(reverse("signalen:overleg_agenda_pdf", args=[overleg.pk]))
    assert_toegankelijke_pdf(response.content, "Agenda")


@pytest.fixture
def lang_signaal(beleid, duiven_signaal):
    """A signal as a busy municipality files it: many subjects, a long enrichment, measures taken."""
    namen = [
        "Autobedrijf Zuid",
        "Shisha Lounge Oost",
        "Nagelstudio Centrum",
        "Bouwbedrijf Rivierzicht",
        "Opslag De Loods",
        "Koeriersdienst Snel",
        "Belwinkel Plaza",
        "Autowasstraat Glans",
    ]
    for i, naam in enumerate(namen):
        services.adres_koppel(
            signaal=duiven_signaal,
            door=beleid,
            straat=f"Industrieweg{i}",
            huisnummer=str(10 + i),
            postcode="6921 RA",
            plaats="Duiven",
        )
        services.bedrijf_koppel(signaal=duiven_signaal, door=beleid, naam=naam, keuze=services.NIEUW)
    services.signaal_transitie(signaal=duiven_signaal, naar=SignaalStatus.WEGING, door=beleid)
    services.signaal_transitie(signaal=duiven_signaal, naar=SignaalStatus.OPPLUSSEN, door=beleid)
    for i in range(6):
        services.verrijking_toevoegen(
            signaal=duiven_signaal,
            door=beleid,
            bron="kadaster",
            informatie=" ".join([ZIN] * (1 + i % 3)),
            datum=datetime.date(2024, 3, 1 + i),
            betrouwbaarheid_bron="B",
            betrouwbaarheid_informatie="2",
        )
    services.riec_melding_opstellen(
        signaal=duiven_signaal,
        door=beleid,
        vraag_aan_riec="Wie financiert de panden, en zijn er verbanden met andere zaken in de regio?",
        genomen_maatregelen="\n".join([ZIN] * 4),
    )
    return duiven_signaal


def _inhoudsregels(regels: list[str]) -> list[str]:
    """The lines of a page without its running footer (confidentiality note and page number)."""
    return [r for r in regels if "Vertrouwelijk - alleen voor" not in r and not r.startswith("Pagina ")]


def test_riec_formulier_laat_geen_losse_regel_op_een_pagina(client, voorzitter, lang_signaal):
    """Whatever the length of the description, no page carries only one or two lines of the form."""
    client.force_login(voorzitter)
    for zinnen in range(0, 30, 3):
        Signaal.objects.filter(pk=lang_signaal.pk).update(omschrijving=" ".join([ZIN] * zinnen) or "-")
        response = client.get(reverse("signalen:riec_pdf", args=[lang_signaal.pk]))
        paginas = pagina_teksten(response.content)
        for nummer, regels in enumerate(paginas, start=1):
            inhoud = _inhoudsregels(regels)
            assert len(inhoud) > 2, f"{zinnen} zinnen: pagina {nummer} van {len(paginas)} bevat alleen {inhoud}"
