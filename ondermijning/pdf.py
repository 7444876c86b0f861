"""render_pdf(template, context): HTML template to A4 PDF with WeasyPrint (imported lazily).

Every PDF is PDF/UA-1 (EN 301 549 clause 10): tagged, so a screen reader finds its headings,
tables and reading order, with the document's language and title. The template supplies them:
`<html lang="nl">`, a `<title>` and headings h1, h2, ... in order.
"""

from django.conf import settings
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to tagged PDF bytes. Static files are resolved from disk, not over HTTP."""
    from weasyprint import HTML  # lazy: Pango is only needed when a PDF is actually made

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)
