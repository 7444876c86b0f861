"""Pages: the bell, the notification list, mark as read, preferences, Mijn werk, export jobs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meldingen import services
from meldingen.models import ExportOpdracht, ExportStatus, HerinneringSoort, Kanaal, Notificatie, Voorkeur
from ondermijning import export as exports
from ondermijning.models import AuditActie, AuditEvent
from signalen.tests.factories import SignaalFactory

pytestmark = pytest.mark.django_db


def notificatie(ontvanger, tekst="Signaal S-00001 wacht op weging", **velden):
    return Notificatie.objects.create(
        ontvanger=ontvanger, soort=HerinneringSoort.WEGING_TE_LANG, tekst=tekst, url="/meldingen/", **velden
    )


@pytest.fixture
def ingelogd(client, beleid):
    client.force_login(beleid)
    return client


def test_bel_op_elke_pagina_en_het_aantal_ongelezen(ingelogd, beleid, toezicht):
    notificatie(beleid)
    notificatie(beleid)
    notificatie(beleid, gelezen_op=timezone.now())
    notificatie(toezicht)  # someone else's

    # The count is rendered in the page itself: no second request per page for the bell (issue 21).
    pagina = ingelogd.get(reverse("mijn_werk")).content.decode()
    assert 'hx-get="/meldingen/bel/"' not in pagina  # neither hx-get nor data-hx-get
    assert '<span class="badge text-bg-warning"><span aria-hidden="true">2</span>' in pagina
    assert '<span class="visually-hidden">2 ongelezen meldingen</span>' in pagina

    bel = ingelogd.get(reverse("meldingen:bel"), headers={"HX-Request": "true"})
    assert bel.status_code == 200
    # The count for the eye, the words for a screen reader (aria-label on a span is not valid HTML).
    assert '<span class="visually-hidden">2 ongelezen meldingen</span>' in bel.content.decode()
    assert "data-hx-get" not in bel.content.decode()  # loaded once, no polling that would keep the session alive


def test_lijst_toont_alleen_eigen_meldingen(ingelogd, beleid, toezicht):
    notificatie(beleid, tekst="Voor mij")
    notificatie(toezicht, tekst="Voor een ander")
    inhoud = ingelogd.get(reverse("meldingen:lijst")).content.decode()
    assert "Voor mij" in inhoud and "Voor een ander" not in inhoud


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(url).status_code == 200
    return len(vastgelegd)


@pytest.mark.parametrize("naam", ["meldingen:lijst", "meldingen:bel", "mijn_werk"])
def test_vast_aantal_queries_bij_5_en_50_meldingen(ingelogd, beleid, naam):
    for i in range(5):
        notificatie(beleid, tekst=f"Melding {i}")
    bij_5 = _queries(ingelogd, reverse(naam))
    for i in range(45):
        notificatie(beleid, tekst=f"Melding {i}")
    assert _queries(ingelogd, reverse(naam)) == bij_5


def test_markeer_gelezen_met_htmx(ingelogd, beleid):
    n = notificatie(beleid)
    antwoord = ingelogd.post(reverse("meldingen:lees", args=[n.pk]), headers={"HX-Request": "true"})
    assert antwoord.status_code == 200
    assert f'id="melding-{n.pk}"' in antwoord.content.decode() and "<html" not in antwoord.content.decode()
    n.refresh_from_db()
    assert n.gelezen_op is not None


def test_andermans_melding_markeren_is_404(ingelogd, toezicht):
    n = notificatie(toezicht)
    assert ingelogd.post(reverse("meldingen:lees", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.gelezen_op is None


def test_alles_gelezen(ingelogd, beleid, toezicht):
    notificatie(beleid)
    notificatie(beleid)
    ander = notificatie(toezicht)
    antwoord = ingelogd.post(reverse("meldingen:alles_lees"), follow=True)
    assert "2 melding(en) als gelezen gemarkeerd." in antwoord.content.decode()
    assert not Notificatie.objects.filter(ontvanger=beleid, gelezen_op__isnull=True).exists()
    ander.refresh_from_db()
    assert ander.gelezen_op is None


def test_voorkeuren_opslaan(ingelogd, beleid):
    pagina = ingelogd.get(reverse("meldingen:voorkeuren"))
    assert "Alleen in de app" in pagina.content.decode()
    keuzes = {s.value: Kanaal.EMAIL for s in HerinneringSoort}
    keuzes[HerinneringSoort.THESEUS] = Kanaal.IN_APP
    antwoord = ingelogd.post(reverse("meldingen:voorkeuren"), keuzes, follow=True)
    assert "Uw voorkeuren zijn opgeslagen." in antwoord.content.decode()
    assert Voorkeur.objects.get(gebruiker=beleid, soort=HerinneringSoort.THESEUS).kanaal == Kanaal.IN_APP


def test_voorkeuren_ongeldige_keuze_blijft_op_de_pagina(ingelogd, beleid):
    antwoord = ingelogd.post(reverse("meldingen:voorkeuren"), {HerinneringSoort.THESEUS: "fax"})
    assert antwoord.status_code == 200
    assert "Selecteer een geldige keuze" in antwoord.content.decode()
    assert not Voorkeur.objects.exists()


def test_mijn_werk_toont_ongelezen_meldingen(ingelogd, beleid):
    notificatie(beleid, tekst="Morgen: integrale controle")
    inhoud = ingelogd.get(reverse("mijn_werk")).content.decode()
    assert "Morgen: integrale controle" in inhoud


# --- background exports ------------------------------------------------------------------------


def test_export_aanvragen_voortgang_en_download(
    ingelogd, beleid, duiven, testexport, media, eager, django_capture_on_commit_callbacks
):
    SignaalFactory(gemeente=duiven)
    url = reverse("meldingen:export_aanvragen", args=[testexport.code])
    assert "Export starten" in ingelogd.get(url, {"gemeente": duiven.pk}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # eager: the task runs on commit
        antwoord = ingelogd.post(url, {"gemeente": duiven.pk})
    opdracht = ExportOpdracht.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("meldingen:export_status", args=[opdracht.pk])
    assert opdracht.status == ExportStatus.KLAAR and opdracht.voortgang == 100
    assert opdracht.expires_at == opdracht.klaar_op + datetime.timedelta(days=1)

    status = ingelogd.get(reverse("meldingen:export_status", args=[opdracht.pk]), headers={"HX-Request": "true"})
    inhoud_status = status.content.decode()
    assert "Download signalen-duiven.csv" in inhoud_status and "data-hx-trigger" not in inhoud_status

    download = ingelogd.get(reverse("meldingen:export_download", args=[opdracht.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"nummer,status")
    assert AuditEvent.objects.filter(actie=AuditActie.EXPORT, toelichting="download").count() == 1


def test_status_pollt_zolang_de_export_loopt(ingelogd, beleid, duiven, testexport):
    opdracht = ExportOpdracht.objects.create(
        aangevraagd_door=beleid, soort=testexport.code, status=ExportStatus.BEZIG, voortgang=40
    )
    antwoord = ingelogd.get(reverse("meldingen:export_status", args=[opdracht.pk]), headers={"HX-Request": "true"})
    inhoud = antwoord.content.decode()
    assert 'data-hx-trigger="every 2s"' in inhoud and 'value="40"' in inhoud


def _klare_opdracht(gebruiker, gemeente, soort, media, **velden):
    (media / "exports").mkdir(parents=True, exist_ok=True)
    (media / "exports" / "x.csv").write_bytes(b"nummer,status\n")
    velden.setdefault("expires_at", timezone.now() + datetime.timedelta(hours=1))
    return ExportOpdracht.objects.create(
        aangevraagd_door=gebruiker,
        soort=soort,
        parameters={"gemeente": gemeente.pk},
        gemeente=gemeente,
        status=ExportStatus.KLAAR,
        bestand="exports/x.csv",
        bestandsnaam="x.csv",
        **velden,
    )


def test_download_alleen_voor_de_aanvrager(client, beleid, voorzitter, duiven, testexport, media):
    opdracht = _klare_opdracht(beleid, duiven, testexport.code, media)
    client.force_login(voorzitter)  # same municipalities, same permission, but did not ask for it
    assert client.get(reverse("meldingen:export_download", args=[opdracht.pk])).status_code == 404
    assert client.get(reverse("meldingen:export_status", args=[opdracht.pk])).status_code == 404


def test_download_na_een_dag_verlopen(ingelogd, beleid, duiven, testexport, media):
    opdracht = _klare_opdracht(
        beleid, duiven, testexport.code, media, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert ingelogd.get(reverse("meldingen:export_download", args=[opdracht.pk])).status_code == 404
    services.exports_verloop()
    opdracht.refresh_from_db()
    assert opdracht.status == ExportStatus.VERLOPEN and not (media / "exports" / "x.csv").exists()


def test_download_buiten_bereik_na_verlies_van_gemeente(ingelogd, beleid, duiven, westervoort, testexport, media):
    opdracht = _klare_opdracht(beleid, duiven, testexport.code, media)
    beleid.gemeenten.set([westervoort])
    assert ingelogd.get(reverse("meldingen:export_download", args=[opdracht.pk])).status_code == 404
    assert AuditEvent.objects.filter(actie=AuditActie.TOEGANG_GEWEIGERD, toelichting="download buiten bereik").exists()


def test_export_aanvragen_voor_andere_gemeente_is_404(client, beleid_westervoort, duiven, testexport):
    client.force_login(beleid_westervoort)
    url = reverse("meldingen:export_aanvragen", args=[testexport.code])
    assert client.post(url, {"gemeente": duiven.pk}).status_code == 404
    assert not ExportOpdracht.objects.exists()


def test_export_aanvragen_zonder_permissie_is_403(client, politie, duiven, testexport):
    client.force_login(politie)
    assert (
        client.post(reverse("meldingen:export_aanvragen", args=[testexport.code]), {"gemeente": duiven.pk}).status_code
        == 403
    )


def test_mislukte_export_toont_melding(ingelogd, beleid, duiven, testexport, media):
    def kapot(**kwargs):
        raise ValueError("kapot")

    exports.EXPORTS[testexport.code] = exports.ExportSoort(
        code=testexport.code,
        titel="Kapot",
        permissie=testexport.permissie,
        maak=kapot,
        controleer=testexport.controleer,
    )
    opdracht = services.export_aanvraag(door=beleid, soort=testexport.code, parameters={"gemeente": duiven.pk})
    services.export_maak(opdracht_id=opdracht.pk)
    opdracht.refresh_from_db()
    assert opdracht.status == ExportStatus.MISLUKT
    inhoud = ingelogd.get(reverse("meldingen:export_status", args=[opdracht.pk])).content.decode()
    assert "De export is mislukt" in inhoud and "ValueError" in inhoud


def test_export_maak_twee_keer_maakt_een_bestand(beleid, duiven, testexport, media):
    opdracht = services.export_aanvraag(door=beleid, soort=testexport.code, parameters={"gemeente": duiven.pk})
    assert services.export_maak(opdracht_id=opdracht.pk) is not None
    assert services.export_maak(opdracht_id=opdracht.pk) is None  # acks_late redelivery: nothing happens
    assert len(list((media / "exports").iterdir())) == 1


def test_lijst_van_eigen_exports(ingelogd, beleid, voorzitter, testexport):
    ExportOpdracht.objects.create(aangevraagd_door=beleid, soort=testexport.code)
    ExportOpdracht.objects.create(aangevraagd_door=voorzitter, soort=testexport.code, status=ExportStatus.MISLUKT)
    inhoud = ingelogd.get(reverse("meldingen:exports")).content.decode()
    assert inhoud.count("Testexport signalen") == 2  # one row (own job) + the list of available exports
    assert "Mislukt" not in inhoud
