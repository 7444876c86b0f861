"""render_pdf(template, context): HTML template to A4 PDF with WeasyPrint (imported lazily);
render_png: the same route for a fixed pixel size, the PDF page rasterised with pypdfium2 (no browser)."""

import io

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint lays out in CSS px (1/96 in); a PDF point is 1/72 in.
PX_PER_PT = 96 / 72


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes. Static files are resolved from disk, not over HTTP."""
    from weasyprint import HTML  # lazy: Pango is only needed when a PDF is actually made

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
