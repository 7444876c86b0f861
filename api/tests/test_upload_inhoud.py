"""Uploads are checked by content, not by name (issue 6.10): the batch import's .xlsx."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api import importeren
from api.importeren import BestandOnleesbaar, lees_bestand


def _zip(onderdelen: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in onderdelen.items():
            archief.writestr(naam, inhoud)
    return buffer.getvalue()


def test_pdf_met_xlsx_naam_geweigerd():
    with pytest.raises(BestandOnleesbaar, match="niet te lezen"):
        lees_bestand(SimpleUploadedFile("batch.xlsx", b"%PDF-1.7\n..."))


def test_zip_zonder_werkboek_geweigerd():
    with pytest.raises(BestandOnleesbaar, match="niet te lezen"):
        lees_bestand(SimpleUploadedFile("batch.xlsx", _zip({"word/document.xml": b"<w/>"})))


def test_zipbom_geweigerd_voor_openpyxl_leest(monkeypatch):
    monkeypatch.setattr(importeren, "MAX_UITGEPAKT", 1024 * 1024)
    # 4 MB of zeros packs to a few KB: under the upload limit, over the unpacked limit.
    bom = _zip({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": b"0" * (4 * 1024 * 1024)})
    assert len(bom) < 100_000
    with pytest.raises(BestandOnleesbaar, match="uitgepakt te groot"):
        lees_bestand(SimpleUploadedFile("batch.xlsx", bom))


def test_echte_xlsx_wordt_gelezen():
    from openpyxl import Workbook

    boek = Workbook()
    boek.active.append(["gemeente", "titel", "omschrijving", "bron", "ontvangen_op"])
    boek.active.append(["Duiven", "Loods", "Afgeplakte ramen", "inwoner", "01-03-2024"])
    buffer = io.BytesIO()
    boek.save(buffer)
    rijen = lees_bestand(SimpleUploadedFile("batch.xlsx", buffer.getvalue()))
    assert rijen[0]["titel"] == "Loods"
