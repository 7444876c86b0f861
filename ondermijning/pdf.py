"""render_pdf(template, context): HTML template to A4 PDF with WeasyPrint (imported lazily)."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes. Static files are resolved from disk, not over HTTP."""
    from weasyprint import HTML  # lazy: Pango is only needed when a PDF is actually made

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
