"""Documents: type checked by content, images without metadata, scoped and audited downloads, retention."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from controles.tests.factories import ControleFactory, foto_bestand
from documenten import services
from documenten.models import Document, DocumentSoort, Vertrouwelijkheid
from documenten.tests.factories import (
    EML_INHOUD,
    HTML_INHOUD,
    PDF_INHOUD,
    docx_inhoud,
    odt_inhoud,
    upload,
    xlsx_inhoud,
)
from ondermijning.models import AuditActie, AuditEvent
from ondermijning.tests.factories import GemeenteFactory
from signalen import bewaren as signaal_bewaren
from signalen.models import Afsluitreden, SignaalStatus, VernietigdSignaal
from signalen.tests.factories import SignaalFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def signaal(duiven):
    return SignaalFactory(gemeente=duiven, titel="Kapsalon", status=SignaalStatus.OPPLUSSEN)


def _voeg_toe(signaal, door, bestand, **extra):
    waarden = {
        "soort": DocumentSoort.BESTUURLIJKE_RAPPORTAGE,
        "datum": D(2024, 6, 3),
        "vertrouwelijkheid": Vertrouwelijkheid.VERTROUWELIJK,
    }
    return services.document_voeg_toe(door=door, bestand=bestand, signaal=signaal, **(waarden | extra))


@pytest.mark.parametrize(
    ("naam", "inhoud", "mime"),
    [
        ("rapportage.pdf", PDF_INHOUD, "application/pdf"),
        ("voornemen.docx", docx_inhoud(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("kosten.xlsx", xlsx_inhoud(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("zienswijze.odt", odt_inhoud(), "application/vnd.oasis.opendocument.text"),
        ("mail.eml", EML_INHOUD, "message/rfc822"),
    ],
)
def test_toegestane_types_op_inhoud(signaal, beleid, naam, inhoud, mime):
    document = _voeg_toe(signaal, beleid, upload(naam, inhoud))
    assert document.mime_type == mime
    assert document.bestandsnaam == naam
    assert naam not in document.bestand.name  # stored under a random name
    assert default_storage.open(document.bestand.name).read() == inhoud


def test_html_als_pdf_geweigerd_met_nederlandse_melding(client, signaal, beleid):
    client.force_login(beleid)
    antwoord = client.post(
        reverse("documenten:nieuw", args=["signaal", signaal.pk]),
        {
            "bestand": upload("rapportage.pdf", HTML_INHOUD, "application/pdf"),
            "soort": DocumentSoort.BESTUURLIJKE_RAPPORTAGE,
            "datum": "2024-06-03",
            "vertrouwelijkheid": Vertrouwelijkheid.VERTROUWELIJK,
        },
    )
    assert antwoord.status_code == 200
    assert "De inhoud van dit bestand is geen PDF, al heet het zo." in antwoord.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("voornemen.xlsx", docx_inhoud(), "het heet .xlsx maar is een Word (DOCX)"),
        ("besluit.docx", PDF_INHOUD, "het heet .docx maar is een PDF"),
        ("foto.png", PDF_INHOUD, "het heet .png maar is een PDF"),
        ("mail.eml", HTML_INHOUD, "De inhoud van dit bestand is geen e-mail (EML)"),
        ("kapot.docx", b"PK\x03\x04 geen echte zip", "De inhoud van dit bestand is geen Word (DOCX)"),
        ("script.html", HTML_INHOUD, "Dit soort bestand kan niet worden toegevoegd"),
    ],
)
def test_inhoud_die_niet_past_bij_het_type_geweigerd(signaal, beleid, naam, inhoud, melding):
    with pytest.raises(Exception) as fout:
        _voeg_toe(signaal, beleid, upload(naam, inhoud))
    assert melding in " ".join(fout.value.messages)
    assert not Document.objects.exists()


def test_te_groot_geweigerd(signaal, beleid, monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    with pytest.raises(Exception) as fout:
        _voeg_toe(signaal, beleid, upload("groot.pdf", PDF_INHOUD + b"0" * 200))
    assert "hoogstens" in " ".join(fout.value.messages)


@pytest.mark.parametrize("formaat", ["JPEG", "PNG"])
def test_afbeelding_zonder_exif(signaal, beleid, formaat):
    bestand = foto_bestand(naam=f"foto.{formaat.lower()}", formaat=formaat, exif=True)
    with Image.open(io.BytesIO(bestand.read())) as origineel:
        assert dict(origineel.getexif())  # the upload does carry EXIF (camera, GPS)
    bestand.seek(0)
    document = _voeg_toe(signaal, beleid, bestand)
    with Image.open(default_storage.open(document.bestand.name)) as opgeslagen:
        assert opgeslagen.format == "JPEG"
        assert not dict(opgeslagen.getexif())
        assert "exif" not in opgeslagen.info
    assert document.mime_type == "image/jpeg" and document.bestandsnaam == "foto.jpg"


def test_download_als_bijlage_en_elke_download_een_auditevent(client, signaal, beleid):
    document = _voeg_toe(signaal, beleid, upload("rapportage.pdf", PDF_INHOUD))
    client.force_login(beleid)
    url = reverse("documenten:download", args=[document.pk])
    voor = AuditEvent.objects.filter(object_type="documenten.document", actie=AuditActie.LEZEN).count()
    for keer in (1, 2):
        antwoord = client.get(url)
        assert antwoord.status_code == 200
        assert antwoord["Content-Disposition"].startswith("attachment;")
        assert 'filename="rapportage.pdf"' in antwoord["Content-Disposition"]
        assert antwoord["X-Content-Type-Options"] == "nosniff"
        assert antwoord["Content-Type"] == "application/pdf"
        assert b"".join(antwoord.streaming_content) == PDF_INHOUD
        leesacties = AuditEvent.objects.filter(
            object_type="documenten.document", object_id=str(document.pk), actie=AuditActie.LEZEN
        )
        assert leesacties.count() == voor + keer


def test_download_van_andere_gemeente_is_404(client, beleid, beleid_westervoort, politie, duiven):
    baarn = GemeenteFactory(naam="Baarn")
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    baarn_beleid = GebruikerFactory(username="t_baarn_doc", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[baarn])
    document = _voeg_toe(SignaalFactory(gemeente=baarn), baarn_beleid, upload("rapportage.pdf", PDF_INHOUD))
    duiven_document = _voeg_toe(SignaalFactory(gemeente=duiven), beleid, upload("r.pdf", PDF_INHOUD))
    for gebruiker, doc in ((beleid, document), (beleid_westervoort, duiven_document), (politie, duiven_document)):
        client.force_login(gebruiker)
        assert client.get(reverse("documenten:download", args=[doc.pk])).status_code in (403, 404)
    client.force_login(beleid)
    assert client.get(reverse("documenten:download", args=[document.pk])).status_code == 404
    assert not AuditEvent.objects.filter(
        object_type="documenten.document", object_id=str(document.pk), actie=AuditActie.LEZEN
    ).exists()


def test_vertrouwelijk_niet_voor_coordinator_en_signaaldocument_niet_voor_toezichthouder(
    client, signaal, beleid, coordinator, toezicht, duiven
):
    vertrouwelijk = _voeg_toe(signaal, beleid, upload("a.pdf", PDF_INHOUD))
    intern = _voeg_toe(signaal, beleid, upload("b.pdf", PDF_INHOUD), vertrouwelijkheid=Vertrouwelijkheid.INTERN)
    client.force_login(coordinator)
    assert client.get(reverse("documenten:download", args=[vertrouwelijk.pk])).status_code == 404
    assert client.get(reverse("documenten:download", args=[intern.pk])).status_code == 200
    # The inspector never opens signals; a control's documents are theirs.
    controle = ControleFactory(gemeente=duiven, deelnemers=[toezicht])
    controledoc = services.document_voeg_toe(
        door=toezicht, bestand=upload("c.pdf", PDF_INHOUD), controle=controle, soort=DocumentSoort.OVERIG,
        datum=D(2024, 6, 3), vertrouwelijkheid=Vertrouwelijkheid.VERTROUWELIJK,
    )  # fmt: skip
    client.force_login(toezicht)
    assert client.get(reverse("documenten:download", args=[intern.pk])).status_code == 404
    assert client.get(reverse("documenten:download", args=[controledoc.pk])).status_code == 200


def test_blok_op_signaalpagina_en_upload_via_formulier(client, signaal, beleid):
    client.force_login(beleid)
    pagina = client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    assert "Documenten" in pagina and reverse("documenten:nieuw", args=["signaal", signaal.pk]) in pagina
    antwoord = client.post(
        reverse("documenten:nieuw", args=["signaal", signaal.pk]),
        {"bestand": upload("besluit.pdf", PDF_INHOUD), "soort": DocumentSoort.BESLUIT, "titel": "Besluit sluiting",
         "datum": "2024-06-03", "vertrouwelijkheid": Vertrouwelijkheid.INTERN},
    )  # fmt: skip
    assert antwoord.status_code == 302
    pagina = client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    assert "Besluit sluiting" in pagina


def _verlopen(signaal):
    type(signaal).objects.filter(pk=signaal.pk).update(
        status=SignaalStatus.AFGESLOTEN, afsluitreden=Afsluitreden.GEEN_ACTIE, afgesloten_op=D(2020, 1, 1)
    )


def test_bewaartermijn_vernietigt_documenten_met_bestanden(django_capture_on_commit_callbacks, signaal, beleid):
    documenten = [_voeg_toe(signaal, beleid, upload(f"{n}.pdf", PDF_INHOUD)) for n in "ab"]
    namen = [d.bestand.name for d in documenten]
    _verlopen(signaal)

    # A dry run rolls back: the files stay.
    with django_capture_on_commit_callbacks(execute=True):
        assert len(signaal_bewaren.signalen_vernietig(peildatum=D(2024, 1, 1), proef=True)) == 1
    assert Document.objects.count() == 2 and all(default_storage.exists(n) for n in namen)

    with django_capture_on_commit_callbacks(execute=True):
        signaal_bewaren.signalen_vernietig(peildatum=D(2024, 1, 1))
    assert not Document.objects.exists()
    assert not any(default_storage.exists(n) for n in namen)
    spoor = VernietigdSignaal.objects.get(signaal_id=signaal.pk)
    assert spoor.onderdelen == {"documenten": 2}
    assert AuditEvent.objects.filter(object_type="documenten.document", actie=AuditActie.VERWIJDEREN).count() == 2
