"""A closed procedure counts in the internal year overview (page and PDF) by its outcome; the public
edition does not change."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actieplan import publiek
from actieplan.overzichten import jaaroverzicht
from procedures import services
from procedures.tests.factories import GESLOTEN_13B, GEWEIGERD_BIBOB, bibob, doorloop, start_13b
from signalen.tests.factories import DamoclesladderFactory, SignaalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gesloten(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    doorloop(start_13b(gemeente=duiven, door=beleid), beleid, GESLOTEN_13B)
    procedure = services.procedure_start(
        signaal=SignaalFactory(gemeente=duiven), soort=bibob(), door=beleid, gestart_op=datetime.date(2026, 3, 2)
    )
    doorloop(procedure, beleid, GEWEIGERD_BIBOB)


def test_jaaroverzicht_pagina_en_pdf_tellen_procedures_naar_uitkomst(client, coordinator, gesloten):
    client.force_login(coordinator)
    html = client.get(reverse("actieplan:jaaroverzicht", args=[2026])).content.decode()
    assert "Afgesloten procedures naar uitkomst" in html
    assert "<caption>Wet Bibob: Besluit op de vergunning</caption>" in html
    assert "<td>Geweigerd / ingetrokken</td><td>1</td>" in html and "<td>Ongegrond</td><td>1</td>" in html
    pdf = client.get(reverse("actieplan:jaaroverzicht_pdf", args=[2026])).content
    tekst = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Afgesloten procedures naar uitkomst" in tekst and "Geweigerd / ingetrokken" in tekst


def test_jaaroverzicht_zonder_procedurerecht_toont_geen_procedures(client, toezicht, gesloten, coordinator):
    assert jaaroverzicht(toezicht, 2026)["uitkomsten"] == []
    assert jaaroverzicht(coordinator, 2026)["uitkomsten"]


def test_publieke_cijfers_bewegen_niet(duiven, beleid, gesloten):
    """The public edition counts interventions only: closing procedures adds nothing to published figures."""
    assert publiek.live_cijfers(duiven, 2026)["bibob"] == 0
    assert publiek.live_cijfers(duiven, 2026)["drugs_woning"] == 0
