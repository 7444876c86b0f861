"""Real small files of every allowed type (and some that only pretend), as uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_INHOUD = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
HTML_INHOUD = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EML_INHOUD = (
    b"From: politie@example.nl\r\nTo: oov@duiven.nl\r\nSubject: Bestuurlijke rapportage\r\n"
    b"Date: Mon, 3 Jun 2024 10:00:00 +0200\r\nMessage-ID: <1@example.nl>\r\n\r\nZie bijlage.\r\n"
)


def _zip(onderdelen: dict[str, bytes]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as archief:
        for naam, inhoud in onderdelen.items():
            archief.writestr(naam, inhoud)
    return uit.getvalue()


def docx_inhoud() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx_inhoud() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt_inhoud() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def upload(naam: str, inhoud: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type=content_type)
