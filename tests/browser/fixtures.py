"""Browser test fixtures (a pytest plugin loaded once from the root conftest, so every app shares one
browser): Debian's Chromium driven by playwright against pytest-django's live server.

Chromium comes from the distribution (`apt-get install chromium`, done by .ci/run); playwright
never downloads a browser here. axe-core is fetched from the npm registry into var/ and injected
by the test only (the pages never serve it), with CSP bypassed for that injection alone.
"""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_VERSIE = "4.10.2"
SCHERMAFDRUKKEN = ROOT / "var" / "screenshots"


def axe_bron() -> str:
    """axe-core's script, fetched once with `npm pack` from the npm registry into var/."""
    doel = ROOT / "var" / "axe" / f"axe-{AXE_VERSIE}.min.js"
    if not doel.exists():
        doel.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"axe-core@{AXE_VERSIE}", "--silent"], cwd=doel.parent, check=True, capture_output=True
        )
        tgz = doel.parent / f"axe-core-{AXE_VERSIE}.tgz"
        subprocess.run(["tar", "xzf", tgz.name, "package/axe.min.js"], cwd=doel.parent, check=True)
        (doel.parent / "package" / "axe.min.js").rename(doel)
        tgz.unlink()
    return doel.read_text()


class _EenVerzoekTegelijk(WSGIServer):
    """The live server for the in-memory SQLite of the tests: one request at a time.

    With an in-memory database the live server's threads share the test's one connection, so a
    threaded server can run two requests on it at once (a page and the tablet's queued visit) and
    SQLite answers "cannot start a transaction within a transaction". Production and PostgreSQL
    use a connection per thread and keep the threaded server. Django closes each connection of a
    server that is not threaded, so the browser does not wait on a kept-alive one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_voor_sqlite(django_db_setup):
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = _EenVerzoekTegelijk


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (fixtures,
    # assertions) must be allowed next to it. Only for the browser tests, and undone afterwards.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Sessie:
    """One user's browser tab with helpers to log in, look and check accessibility."""

    def __init__(self, browser, live_server, *, breedte=1366, hoogte=768, touch=False, naam="pagina", **context_opties):
        self.basis = live_server.url
        self.context = browser.new_context(
            viewport={"width": breedte, "height": hoogte}, has_touch=touch, **context_opties
        )
        self.page = self.context.new_page()
        self.naam = naam
        self.csp_fouten: list[str] = []
        self.page.on(
            "console",
            lambda m: self.csp_fouten.append(m.text) if "Content Security Policy" in m.text else None,
        )

    def ga_naar(self, pad: str):
        self.page.goto(self.basis + pad)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def log_in(self, gebruiker, wachtwoord="ondermijning-test"):
        """Password, then a real TOTP code from the user's authenticator device."""
        self.ga_naar("/accounts/login/")
        self.vul_inlog_in(gebruiker, wachtwoord)

    def vul_inlog_in(self, gebruiker, wachtwoord="ondermijning-test"):
        """Complete the login form on the current page (for a login link followed from another page)."""
        apparaat, _ = TOTPDevice.objects.get_or_create(user=gebruiker, name="app", defaults={"confirmed": True})
        self.page.get_by_label("Gebruikersnaam").fill(gebruiker.username)
        self.page.get_by_label("Wachtwoord").fill(wachtwoord)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url("**/accounts/tweefactor/**")
        apparaat.refresh_from_db()
        # A code is accepted once: a second login within the same 30 s uses the next step's code
        # (within the device's tolerance of one step), as a user would wait for the next code.
        nu = int((time.time() - apparaat.t0) // apparaat.step) + apparaat.drift
        drift = apparaat.drift + max(0, apparaat.last_t + 1 - nu)
        code = str(totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, drift)).zfill(6)
        self.page.get_by_label("Code").fill(code)
        self.page.get_by_role("button", name="Bevestigen").click()
        self.page.wait_for_load_state("networkidle")

    def schermafdruk(self, wat: str) -> Path:
        SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
        pad = SCHERMAFDRUKKEN / f"{self.naam}-{wat}.png"
        self.page.screenshot(path=str(pad), full_page=True)
        return pad

    def toegankelijkheid(self) -> list[dict]:
        """Serious and critical axe-core violations of the current page (WCAG 2.1 A and AA rules)."""
        # A separate CSP-bypassing context loads the same URL with the same cookies, so axe is
        # never injected into the page under test with its CSP weakened.
        context = self.page.context.browser.new_context(
            bypass_csp=True, viewport=self.page.viewport_size, storage_state=self.context.storage_state()
        )
        pagina = context.new_page()
        pagina.goto(self.page.url)
        pagina.wait_for_load_state("networkidle")
        pagina.add_script_tag(content=axe_bron())
        resultaat = pagina.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        )
        context.close()
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in resultaat
            if v["impact"] in ("serious", "critical")
        ]

    def sluit(self):
        self.context.close()


@pytest.fixture
def sessie(browser, live_server, transactional_db):
    geopend = []

    def maak(**kwargs):
        s = Sessie(browser, live_server, **kwargs)
        geopend.append(s)
        return s

    yield maak
    for s in geopend:
        assert not s.csp_fouten, f"CSP-schendingen in de browser: {s.csp_fouten}"
        s.sluit()
