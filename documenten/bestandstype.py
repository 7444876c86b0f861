"""What a file is, read from its content (magic bytes, the zip's parts, mail headers), never from its name.

A file is accepted only when its content is one of the allowed types AND its extension names that type:
an HTML page renamed to .pdf, or a DOCX renamed to .xlsx, is refused.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from email.parser import BytesHeaderParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bestandstype:
    naam: str  # as users say it
    extensies: tuple[str, ...]  # the first is the one a stored file gets
    mime_type: str


PDF = Bestandstype("PDF", ("pdf",), "application/pdf")
DOCX = Bestandstype("Word (DOCX)", ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Bestandstype("Excel (XLSX)", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = Bestandstype("OpenDocument-tekst (ODT)", ("odt",), "application/vnd.oasis.opendocument.text")
JPEG = Bestandstype("JPEG-afbeelding", ("jpg", "jpeg"), "image/jpeg")
PNG = Bestandstype("PNG-afbeelding", ("png",), "image/png")
EML = Bestandstype("e-mail (EML)", ("eml",), "message/rfc822")

TYPES = (PDF, DOCX, XLSX, ODT, JPEG, PNG, EML)
PER_EXTENSIE = {ext: t for t in TYPES for ext in t.extensies}
AFBEELDINGEN = (JPEG, PNG)

# A mail header line: a field name, a colon. An HTML page, a script or plain text does not start so.
_KOPREGEL = re.compile(rb"^[A-Za-z0-9][A-Za-z0-9-]*:[ \t]?\S")
_MAILKOPPEN = {"from", "date", "subject", "message-id", "to", "received", "mime-version"}


def _zip_type(data: bytes) -> Bestandstype | None:
    """DOCX, XLSX or ODT by the parts inside the zip (reading names only; nothing is unpacked but ODT's mimetype)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            namen = set(archief.namelist())
            klein = "mimetype" in namen and archief.getinfo("mimetype").file_size < 100
            if klein and archief.read("mimetype").strip() == ODT.mime_type.encode():
                return ODT
            if "[Content_Types].xml" in namen:
                if "word/document.xml" in namen:
                    return DOCX
                if "xl/workbook.xml" in namen:
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def _is_eml(data: bytes) -> bool:
    """A mail message: it starts with header lines and has at least two of the usual mail headers."""
    begin = data.lstrip(b"\r\n")[:200]
    if not _KOPREGEL.match(begin):
        return False
    koppen = BytesHeaderParser().parsebytes(data[: 64 * 1024])
    return len({k.lower() for k in koppen} & _MAILKOPPEN) >= 2


def herken(data: bytes) -> Bestandstype | None:
    """The allowed type the content is, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if _is_eml(data):
        return EML
    return None


def controleer(*, bestandsnaam: str, data: bytes) -> Bestandstype:
    """The file's type when its content is an allowed type that its extension names; else a Dutch refusal."""
    extensie = bestandsnaam.rsplit(".", 1)[-1].lower() if "." in bestandsnaam else ""
    verwacht = PER_EXTENSIE.get(extensie)
    toegestaan = ", ".join(t.naam for t in TYPES)
    if verwacht is None:
        raise ValidationError(
            {
                "bestand": _("Dit soort bestand kan niet worden toegevoegd. Toegestaan: %(types)s.")
                % {"types": toegestaan}
            }
        )
    gevonden = herken(data)
    if gevonden is None:
        raise ValidationError(
            {
                "bestand": _(
                    "De inhoud van dit bestand is geen %(type)s, al heet het zo. Het wordt niet toegevoegd: "
                    "alleen echte %(types)s-bestanden zijn toegestaan."
                )
                % {"type": verwacht.naam, "types": toegestaan}
            }
        )
    if gevonden != verwacht:
        raise ValidationError(
            {
                "bestand": _(
                    "De inhoud van dit bestand past niet bij de naam: het heet .%(extensie)s maar is een %(type)s. "
                    "Geef het bestand de juiste extensie."
                )
                % {"extensie": extensie, "type": gevonden.naam}
            }
        )
    return gevonden
