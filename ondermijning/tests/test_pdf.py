"""PDFs: WeasyPrint may read the app's own static files and nothing else (no http(s), no other file)."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from pypdf import PdfReader

from ondermijning.pdf import html_naar_pdf, statisch_bestand


def _tekst(pdf: bytes) -> str:
    return "".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def http_server():
    """A local web server that counts what is asked of it (as an internal service would be)."""
    gevraagd = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            gevraagd.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::before { content: "VANHTTP" }')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", gevraagd
    server.shutdown()


def test_pdf_haalt_niets_over_http(http_server):
    adres, gevraagd = http_server
    pdf = html_naar_pdf(f'<link rel="stylesheet" href="{adres}/stijl.css"><img src="{adres}/x.png"><p>Inhoud</p>')
    assert "Inhoud" in _tekst(pdf)
    assert gevraagd == []
    assert "VANHTTP" not in _tekst(pdf)


def test_pdf_leest_geen_bestand_buiten_static(tmp_path):
    buiten = tmp_path / "geheim.css"
    buiten.write_text('body::before { content: "UITBESTAND" }')
    project = settings.BASE_DIR / "README.md"
    html = (
        f'<link rel="stylesheet" href="file://{buiten}">'
        '<link rel="stylesheet" href="/static/../README.md">'
        f'<object data="file://{project}"></object><p>Inhoud</p>'
    )
    tekst = _tekst(html_naar_pdf(html))
    assert "Inhoud" in tekst
    assert "UITBESTAND" not in tekst
    assert "Ondermijning" not in tekst


def test_pdf_mag_eigen_statische_bestanden_gebruiken(tmp_path, settings):
    statisch = tmp_path / "static"
    (statisch / "css").mkdir(parents=True)
    (statisch / "css" / "print.css").write_text('body::before { content: "EIGENSTIJL" }')
    settings.STATICFILES_DIRS = [statisch]
    assert "EIGENSTIJL" in _tekst(html_naar_pdf('<link rel="stylesheet" href="/static/css/print.css"><p>x</p>'))
    pad = statisch / "css" / "print.css"
    assert "EIGENSTIJL" in _tekst(html_naar_pdf(f'<link rel="stylesheet" href="file://{pad}"><p>x</p>'))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://andere-host/static/css/app.css",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_fetcher_weigert_alles_buiten_eigen_static(url):
    assert statisch_bestand(url) is None


def test_fetcher_weigert_projectbestand_buiten_static():
    assert statisch_bestand((settings.BASE_DIR / "manage.py").as_uri()) is None
    assert statisch_bestand((settings.BASE_DIR / "static" / "img" / "favicon.svg").as_uri()) is not None
    assert statisch_bestand("file:///static/img/favicon.svg") is not None
