"""Look at a PDF the way an outside checker does: poppler's `pdfinfo` and the text per page."""

import io
import shutil
import subprocess

from pypdf import PdfReader


def pdfinfo(inhoud: bytes) -> dict[str, str]:
    """The fields `pdfinfo` (poppler-utils) prints for the PDF, e.g. {"Tagged": "yes", "Title": ...}."""
    programma = shutil.which("pdfinfo")
    assert programma, "pdfinfo ontbreekt: apt-get install poppler-utils (.ci/run doet dat)"
    uitvoer = subprocess.run([programma, "-"], input=inhoud, capture_output=True, check=True).stdout.decode()  # noqa: S603 (a fixed program, a PDF on stdin)
    velden = {}
    for regel in uitvoer.splitlines():
        sleutel, _, waarde = regel.partition(":")
        velden[sleutel.strip()] = waarde.strip()
    return velden


def assert_toegankelijke_pdf(inhoud: bytes, titel: str) -> None:
    """Tagged (PDF/UA-1), with a title, Dutch as its language and a heading structure (H1 first)."""
    info = pdfinfo(inhoud)
    assert info.get("Tagged") == "yes", info
    assert titel in info.get("Title", ""), info
    lezer = PdfReader(io.BytesIO(inhoud))
    catalogus = lezer.trailer["/Root"]
    assert str(catalogus.get("/Lang", "")).startswith("nl"), catalogus.get("/Lang")
    assert catalogus["/ViewerPreferences"]["/DisplayDocTitle"], "de viewer toont de titel, niet de bestandsnaam"
    koppen = [rol for rol in _structuurrollen(catalogus["/StructTreeRoot"]) if rol in ("/H1", "/H2", "/H3")]
    assert koppen and koppen[0] == "/H1", koppen
    assert "/H2" in koppen, koppen


def _structuurrollen(element) -> list[str]:
    """The roles (/H1, /P, /Table, ...) of the structure tree, in reading order."""
    rollen = []
    element = element.get_object()
    if "/S" in element:
        rollen.append(str(element["/S"]))
    kinderen = element.get("/K")
    if kinderen is None:
        return rollen
    kinderen = kinderen.get_object()
    if not isinstance(kinderen, list):
        kinderen = [kinderen]
    for kind in kinderen:
        kind = kind.get_object() if hasattr(kind, "get_object") else kind
        if isinstance(kind, dict) and ("/S" in kind or "/K" in kind) and kind.get("/Type") != "/MCR":
            rollen.extend(_structuurrollen(kind))
    return rollen


def pagina_teksten(inhoud: bytes) -> list[list[str]]:
    """The non-empty text lines of each page."""
    return [
        [regel for regel in (pagina.extract_text() or "").splitlines() if regel.strip()]
        for pagina in PdfReader(io.BytesIO(inhoud)).pages
    ]
