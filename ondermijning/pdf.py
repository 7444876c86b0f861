"""render_pdf(template, context): HTML template to A4 PDF with WeasyPrint (imported lazily)."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes. Static files are resolved from disk, not over HTTP."""
    from weasyprint import HTML  # lazy: Pango is only needed when a PDF is actually made

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def opwarmen() -> None:
    """Load WeasyPrint, Pango and the fonts once, at worker start (gunicorn.conf.py), not in the
    first user's request: the first PDF of a fresh worker took 2-5 s instead of 0.1 (issue 21).
    Also compiles the base template and the URL resolver the first page needs. Never raises: a
    worker without Pango still serves every page that is not a PDF."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    try:
        get_resolver().reverse_dict  # noqa: B018 (populates the resolver)
        get_template("base.html")
        from weasyprint import HTML

        HTML(string="<p style='font-family: sans-serif'>Opwarmen <b>vet</b> <i>cursief</i></p>").write_pdf()
    except Exception:  # noqa: BLE001 (a warm-up; the real request reports its own errors)
        import logging

        logging.getLogger(__name__).warning("Opwarmen van PDF/templates mislukt", exc_info=True)
