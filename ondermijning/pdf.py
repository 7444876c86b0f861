"""render_pdf(template, context): HTML template to A4 PDF with WeasyPrint (imported lazily);
render_png: the same route for a fixed pixel size, the PDF page rasterised with pypdfium2 (no browser).

WeasyPrint fetches what the HTML refers to (stylesheets, images, objects). Its fetcher here
serves the app's own static files only: no http(s) (no requests to internal services from the
server), no file outside the static folders, no other scheme. A refused resource is logged by
WeasyPrint and left out of the PDF.

Every PDF is PDF/UA-1 (EN 301 549 clause 10): tagged, so a screen reader finds its headings,
tables and reading order, with the document's language and title. The template supplies them:
`<html lang="nl">`, a `<title>` and headings h1, h2, ... in order.
"""

import functools
import io
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import get_template, render_to_string
from django.urls import get_resolver

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"

# WeasyPrint lays out in CSS px (1/96 in); a PDF point is 1/72 in.
PX_PER_PT = 96 / 72


def statisch_bestand(url: str) -> Path | None:
    """The app's own static file a (resolved) URL points at, or None for anything else."""
    delen = urlsplit(url)
    if delen.scheme != "file" or delen.netloc not in ("", "localhost"):
        return None
    pad = unquote(delen.path)
    if pad.startswith(settings.STATIC_URL):
        # "/static/css/x.css" in a template: looked up like {% static %} does (safe_join inside).
        try:
            gevonden = finders.find(pad.removeprefix(settings.STATIC_URL))
        except SuspiciousFileOperation:
            return None
        return Path(gevonden).resolve() if isinstance(gevonden, str) and Path(gevonden).is_file() else None
    bestand = Path(pad).resolve()
    mappen = [d[1] if isinstance(d, list | tuple) else d for d in settings.STATICFILES_DIRS]
    wortels = [Path(m).resolve() for m in (*mappen, settings.STATIC_ROOT)]
    if bestand.is_file() and any(bestand.is_relative_to(wortel) for wortel in wortels):
        return bestand
    return None


@functools.cache
def _fetcher_klasse():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # lazy: WeasyPrint loads Pango

    class AlleenStatischeBestanden(URLFetcher):
        """WeasyPrint's fetcher limited to statisch_bestand()."""

        def fetch(self, url, headers=None):
            bestand = statisch_bestand(url)
            if bestand is None:
                raise ValueError(f"Niet toegestaan in een PDF (alleen eigen statische bestanden): {url[:100]}")
            soort = mimetypes.guess_type(bestand.name)[0] or "application/octet-stream"
            return URLFetcherResponse(bestand.as_uri(), bestand.read_bytes(), {"Content-Type": soort})

    return AlleenStatischeBestanden


def html_naar_pdf(html: str) -> bytes:
    """HTML to PDF bytes; relative and /static/ URLs resolve to the app's static files on disk."""
    from weasyprint import HTML  # lazy: Pango is only needed when a PDF is actually made

    fetcher = _fetcher_klasse()(allowed_protocols={"file"}, allow_redirects=False)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes with the restricted fetcher (html_naar_pdf)."""
    return html_naar_pdf(render_to_string(template_name, context, request=request))


def pdf_naar_png(pdf: bytes, breedte: int, hoogte: int) -> bytes:
    """The first page of a PDF laid out at `breedte` x `hoogte` CSS px, as a PNG of exactly that size."""
    import pypdfium2 as pdfium  # lazy, like WeasyPrint

    document = pdfium.PdfDocument(pdf)
    try:
        pagina = document[0]
        beeld = pagina.render(scale=PX_PER_PT).to_pil().convert("RGB")
    finally:
        document.close()
    if beeld.size != (breedte, hoogte):  # rounding of the page box: at most a pixel
        beeld = beeld.resize((breedte, hoogte))
    uit = io.BytesIO()
    beeld.save(uit, format="PNG", optimize=True)
    return uit.getvalue()


def render_png(template_name: str, context: dict, breedte: int, hoogte: int, request=None) -> bytes:
    """Render a template whose @page is `breedte` x `hoogte` px to a PNG of that size."""
    return pdf_naar_png(render_pdf(template_name, context, request=request), breedte, hoogte)


def opwarmen() -> None:
    """Load WeasyPrint, Pango and the fonts once, at worker start (gunicorn.conf.py), not in the
    first user's request: the first PDF of a fresh worker took 2-5 s instead of 0.1 (issue 21).
    Also compiles the base template and the URL resolver the first page needs. Never raises: a
    worker without Pango still serves every page that is not a PDF."""
    try:
        get_resolver().reverse_dict  # noqa: B018 (populates the resolver)
        get_template("base.html")
        from weasyprint import HTML  # lazy and inside the try: a worker without Pango still starts

        HTML(string="<p style='font-family: sans-serif'>Opwarmen <b>vet</b> <i>cursief</i></p>").write_pdf()
    except Exception:  # noqa: BLE001 (a warm-up; the real request reports its own errors)
        logger.warning("Opwarmen van PDF/templates mislukt", exc_info=True)
