"""Every write of the documenten app: upload (checked by content), download (audited), destruction."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from controles.services import afbeelding_zonder_metadata
from documenten import bestandstype
from documenten.models import Document
from ondermijning import audit
from ondermijning.models import AuditActie

MAX_BYTES = 20 * 1024 * 1024


def _lees(bestand) -> bytes:
    te_groot = ValidationError(
        {"bestand": _("Een document mag hoogstens %(mb)s MB zijn.") % {"mb": MAX_BYTES // (1024 * 1024)}}
    )
    if getattr(bestand, "size", 0) > MAX_BYTES:
        raise te_groot
    bestand.seek(0)
    data = bestand.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise te_groot
    if not data:
        raise ValidationError({"bestand": _("Het bestand is leeg.")})
    return data


def _zonder_metadata(data: bytes) -> bytes:
    """Images as photos are: re-encoded without EXIF (position, camera, time)."""
    try:
        return afbeelding_zonder_metadata(ContentFile(data, name="afbeelding"))
    except ValidationError as fout:
        raise ValidationError({"bestand": fout.messages}) from fout


def _bestandsnaam(naam: str, soort: bestandstype.Bestandstype) -> str:
    """The original name without a path, with the extension of what is stored (a PNG is stored as JPEG)."""
    naam = naam.replace("\\", "/").rsplit("/", 1)[-1].strip() or "document"
    stam = naam.rsplit(".", 1)[0][:150] or "document"
    return f"{stam}.{soort.extensies[0]}"


def document_voeg_toe(
    *,
    door,
    bestand,
    soort: str,
    datum: datetime.date,
    vertrouwelijkheid: str,
    titel: str = "",
    signaal=None,
    interventie=None,
    controle=None,
    onderdeel=None,
) -> Document:
    """Add a document to a signal, intervention, control or later part; only allowed types, checked by content."""
    if interventie is not None:
        signaal = interventie.signaal
    if onderdeel is not None and signaal is None:
        signaal = getattr(onderdeel, "signaal", None)
    if signaal is None and controle is None:
        raise ValidationError(_("Een document hoort bij een signaal, interventie of controle."))
    naam = getattr(bestand, "name", "") or ""
    data = _lees(bestand)
    soort_bestand = bestandstype.controleer(bestandsnaam=naam, data=data)
    if soort_bestand in bestandstype.AFBEELDINGEN:
        data = _zonder_metadata(data)  # slow for a big image: before the transaction
        soort_bestand = bestandstype.JPEG
    bestandsnaam = _bestandsnaam(naam, soort_bestand)
    with transaction.atomic():
        document = Document(
            gemeente=(signaal or controle).gemeente,
            soort=soort,
            titel=titel.strip() or bestandsnaam,
            datum=datum,
            vertrouwelijkheid=vertrouwelijkheid,
            bestandsnaam=bestandsnaam,
            mime_type=soort_bestand.mime_type,
            grootte=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            signaal=signaal,
            interventie=interventie,
            controle=controle,
            door=door,
        )
        if onderdeel is not None:
            document.onderdeel_type = ContentType.objects.get_for_model(onderdeel)
            document.onderdeel_id = onderdeel.pk
        document.bestand.save(bestandsnaam, ContentFile(data), save=False)
        # A file whose row is refused must not stay behind in the storage.
        naam_in_opslag, opslag = document.bestand.name, document.bestand.storage
        try:
            document.full_clean()
            document.save()
            audit.log(
                actie=AuditActie.AANMAKEN,
                actor=door,
                obj=document,
                gemeente=document.gemeente_id,
                toelichting=f"{soort} {soort_bestand.extensies[0]}",
            )
        except Exception:
            opslag.delete(naam_in_opslag)
            raise
    return document


def document_open(*, document: Document, gebruiker):
    """Open a document's file for download and record the read (one audit event per download)."""
    try:
        bestand = document.bestand.open("rb")
    except FileNotFoundError:
        return None
    audit.log(
        actie=AuditActie.LEZEN, actor=gebruiker, obj=document, gemeente=document.gemeente_id, toelichting="download"
    )
    return bestand


def _verwijder_bestanden_na_commit(namen: list[str], opslag) -> None:
    """Remove stored files once the deletion is committed: a dry run or a rollback keeps them."""

    def verwijder():
        for naam in namen:
            opslag.delete(naam)

    transaction.on_commit(verwijder)


def documenten_vernietig_voor_signaal(*, signaal, door, **kwargs) -> dict[str, int]:
    """Retention destroys a signal: its documents go too, files included; the tombstone counts them."""
    documenten = list(Document.objects.filter(signaal=signaal))
    if not documenten:
        return {}
    audit.log_reeks(
        [{"actie": AuditActie.VERWIJDEREN, "actor": door, "obj": d, "toelichting": "bewaartermijn"} for d in documenten]
    )
    _verwijder_bestanden_na_commit([d.bestand.name for d in documenten], documenten[0].bestand.storage)
    Document.objects.filter(pk__in=[d.pk for d in documenten]).delete()
    return {"documenten": len(documenten)}
