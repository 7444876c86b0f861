"""Demo documents: the police's rapportage (PDF) and a mail (EML) on a Duiven case. Idempotent."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from documenten.models import Document, DocumentSoort, Vertrouwelijkheid
from documenten.services import document_voeg_toe
from ondermijning.demo import demo_vandaag
from ondermijning.models import Gebruiker
from signalen.models import Interventie, Signaal


def _pdf() -> bytes:
    schrijver = PdfWriter()
    schrijver.add_blank_page(width=595, height=842)
    schrijver.add_metadata({"/Title": "Bestuurlijke rapportage (demo)"})
    uit = io.BytesIO()
    schrijver.write(uit)
    return uit.getvalue()


def _eml(vandaag: datetime.date) -> bytes:
    return (
        "From: wijkagent@politie.example\r\nTo: oov@1stroom.example\r\nSubject: Melding drugsvangst (demo)\r\n"
        f"Date: {vandaag:%d %b %Y} 09:30:00 +0200\r\nMessage-ID: <demo-1@politie.example>\r\n\r\n"
        "Bij de doorzoeking is een hoeveelheid hennep aangetroffen. De rapportage volgt.\r\n"
    ).encode()


def laad(stdout=None, vandaag=None) -> None:
    """Add the demo documents once (a later run finds them by title)."""
    vandaag = demo_vandaag(vandaag)
    beleid = Gebruiker.objects.filter(username="beleid").first()
    interventie = Interventie.objects.filter(signaal__gemeente__naam="Duiven").order_by("pk").first()
    signaal = interventie.signaal if interventie else Signaal.objects.filter(gemeente__naam="Duiven").first()
    if beleid is None or signaal is None:
        return
    stukken = [
        ("Bestuurlijke rapportage politie", "rapportage.pdf", _pdf(), DocumentSoort.BESTUURLIJKE_RAPPORTAGE),
        ("Mail wijkagent over de vangst", "mail-wijkagent.eml", _eml(vandaag), DocumentSoort.OVERIG),
    ]
    aantal = 0
    for titel, naam, inhoud, soort in stukken:
        if Document.objects.filter(signaal=signaal, titel=titel).exists():
            continue
        document_voeg_toe(
            door=beleid, bestand=SimpleUploadedFile(naam, inhoud), soort=soort, titel=titel,
            datum=vandaag - datetime.timedelta(days=7), vertrouwelijkheid=Vertrouwelijkheid.VERTROUWELIJK,
            signaal=signaal, interventie=interventie,
        )  # fmt: skip
        aantal += 1
    if stdout:
        stdout.write(f"Documenten: {aantal} nieuw.")
