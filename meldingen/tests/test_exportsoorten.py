"""The real background exports: the apps' own export views, run as a job for the requester."""

import io

import pytest
from django.http import Http404
from openpyxl import load_workbook
from pypdf import PdfReader

from meldingen import services
from meldingen.models import ExportOpdracht, ExportStatus
from ondermijning.models import AuditActie, AuditEvent
from signalen.tests.factories import AgendapuntFactory, OverlegFactory, SignaalFactory

pytestmark = pytest.mark.django_db


def _maak(door, soort, parameters, media) -> bytes:
    opdracht = services.export_aanvraag(door=door, soort=soort, parameters=parameters)
    services.export_maak(opdracht_id=opdracht.pk)
    opdracht.refresh_from_db()
    assert opdracht.status == ExportStatus.KLAAR, opdracht.foutmelding
    return (media / opdracht.bestand).read_bytes()


def test_signalenlijst_xlsx_met_filter(beleid, duiven, westervoort, media):
    SignaalFactory(gemeente=duiven, titel="Kapsalon zonder klanten")
    SignaalFactory(gemeente=westervoort, titel="Garagebox met verduisterde ramen")
    inhoud = _maak(beleid, "signalenlijst-xlsx", {"gemeente": str(duiven.pk)}, media)
    blad = load_workbook(io.BytesIO(inhoud)).active
    titels = [rij[2] for rij in blad.iter_rows(min_row=2, values_only=True)]
    assert titels == ["Kapsalon zonder klanten"]
    opdracht = ExportOpdracht.objects.get()
    assert opdracht.bestandsnaam.endswith(".xlsx")
    # The app's own audit event of the export, with the requester as actor.
    assert AuditEvent.objects.filter(actie=AuditActie.EXPORT, actor=beleid, object_type="signalen.signaal").exists()


def test_overleg_agenda_pdf(voorzitter, duiven, media):
    overleg = OverlegFactory(gemeenten=[duiven])
    AgendapuntFactory(overleg=overleg, signaal=SignaalFactory(gemeente=duiven, titel="Drugspand Rijksweg"))
    tekst = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(_maak(voorzitter, "overleg-agenda", {"overleg": overleg.pk}, media))).pages
    )
    assert "Drugspand Rijksweg" in tekst


def test_overleg_van_een_andere_gemeente_is_niet_aan_te_vragen(beleid_westervoort, duiven):
    overleg = OverlegFactory(gemeenten=[duiven])
    with pytest.raises(Http404):
        services.export_aanvraag(door=beleid_westervoort, soort="overleg-agenda", parameters={"overleg": overleg.pk})
    assert not ExportOpdracht.objects.exists()


def test_jaaroverzicht_pdf(coordinator, media):
    tekst = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(_maak(coordinator, "jaaroverzicht", {"jaar": "2024"}, media))).pages
    )
    assert "2024" in tekst


def test_exportpagina_biedt_de_exports_met_hun_keuzes(client, voorzitter, duiven):
    overleg = OverlegFactory(gemeenten=[duiven])
    client.force_login(voorzitter)
    inhoud = client.get("/exports/").content.decode()
    assert "Agenda van een overleg (PDF)" in inhoud and f'value="{overleg.pk}"' in inhoud
