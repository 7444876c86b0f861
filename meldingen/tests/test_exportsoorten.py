"""The real background exports: the apps' own export builders, run as a job for the requester."""

import io

import pytest
from django.http import Http404, QueryDict
from django.urls import reverse
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


@pytest.mark.parametrize(
    ("soort", "actor", "url"),
    [
        ("overleg-agenda", "voorzitter", lambda o: reverse("signalen:overleg_agenda_pdf", args=[o.pk])),
        ("signalenlijst-xlsx", "beleid", lambda o: reverse("signalen:export", args=["xlsx"]) + "?status=geregistreerd"),
        ("jaaroverzicht", "coordinator", lambda o: reverse("actieplan:jaaroverzicht_pdf", args=[2024])),
    ],
)
def test_grote_export_gaat_naar_de_achtergrond_en_wordt_daar_gemaakt(
    request, client, duiven, media, settings, soort, actor, url
):
    """Above the threshold the page sends the user to the job page instead of rendering in the
    request; the job then calls the same builder the page calls below the threshold."""
    import datetime

    overleg = OverlegFactory(gemeenten=[duiven])
    for _ in range(3):
        signaal = SignaalFactory(gemeente=duiven, ontvangen_op=datetime.date(2024, 3, 1))
        AgendapuntFactory(overleg=overleg, signaal=signaal)
    settings.EXPORT_ACHTERGROND_VANAF = {**settings.EXPORT_ACHTERGROND_VANAF, soort: 3}
    gebruiker = request.getfixturevalue(actor)
    client.force_login(gebruiker)
    antwoord = client.get(url(overleg))
    assert antwoord.status_code == 302
    assert antwoord.url.startswith(reverse("meldingen:export_aanvragen", args=[soort]))
    pagina = client.get(antwoord.url)
    assert pagina.status_code == 200 and "achtergrond" in pagina.content.decode()
    parameters = dict(QueryDict(antwoord.url.split("?", 1)[1]).items())
    assert _maak(gebruiker, soort, parameters, media)[:4] in (b"%PDF", b"PK\x03\x04")
    # Below the threshold: rendered in the request as before.
    settings.EXPORT_ACHTERGROND_VANAF = {**settings.EXPORT_ACHTERGROND_VANAF, soort: 4}
    assert client.get(url(overleg)).status_code == 200
