"""Page weight on the tablet (issue 8): today's controls and the visit form must stay light.

Budget: at most 150 KB compressed on first load (everything the page fetches: HTML, CSS, JS,
fonts, images) and at most 30 KB per htmx update. The test server sends files uncompressed; in
production whitenoise serves static files precompressed and the proxy compresses the HTML, so
every body the browser received is gzip-compressed here (level 6, what both use) and summed.
The measured sizes are printed.
"""

import gzip

import pytest
from django.utils import timezone

from controles.models import ControleStatus
from controles.tests.factories import ControleFactory, ControleObjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_EERSTE_KEER = 150 * 1024
BUDGET_HTMX = 30 * 1024


class Meter:
    """Every response the page receives: its URL, whether htmx asked for it, compressed size."""

    def __init__(self, page):
        self.regels: list[tuple[str, bool, int, int]] = []
        page.on("response", self._ontvangen)

    def _ontvangen(self, antwoord):
        if antwoord.status in (301, 302, 304) or antwoord.request.url.startswith("data:"):
            return
        try:
            inhoud = antwoord.body()
        except Exception:  # noqa: BLE001 (a body the browser discarded, e.g. an aborted prefetch)
            return
        htmx = antwoord.request.headers.get("hx-request") == "true"
        self.regels.append((antwoord.url, htmx, len(inhoud), len(gzip.compress(inhoud, 6))))

    def totaal(self, *, htmx: bool | None = None) -> int:
        return sum(g for _u, h, _r, g in self.regels if htmx is None or h == htmx)

    def verslag(self, titel: str) -> str:
        regels = [f"{titel}: {self.totaal() / 1024:.1f} KB gecomprimeerd"]
        regels += [f"  {g / 1024:6.1f} KB ({r / 1024:6.1f} KB ruw) {u}" for u, _h, r, g in self.regels]
        return "\n".join(regels)


def test_vandaag_en_bezoekformulier_binnen_het_budget(sessie, toezicht, duiven, capsys):
    controle = ControleFactory(
        gemeente=duiven, datum=timezone.localdate(), deelnemers=[toezicht], status=ControleStatus.GEPLAND
    )
    obj = ControleObjectFactory(controle=controle)
    s = sessie(naam="gewicht", breedte=768, hoogte=1024, touch=True)
    s.log_in(toezicht)
    verslagen = []
    for pad in ("/controles/vandaag/", f"/controles/{controle.pk}/bezoek/?object={obj.pk}"):
        # First load: a fresh browser context per page (logged in), so nothing comes from a cache.
        vers = s.context.browser.new_context(
            viewport={"width": 768, "height": 1024}, has_touch=True, storage_state=s.context.storage_state()
        )
        page = vers.new_page()
        meter = Meter(page)
        page.goto(s.basis + pad)
        page.wait_for_load_state("networkidle")
        assert meter.totaal() > 10 * 1024, f"{pad}: er is niets gemeten"
        assert meter.totaal(htmx=False) <= BUDGET_EERSTE_KEER, meter.verslag(pad)
        # The bell's count is now rendered in the page (issue 21); its refresh is still an htmx
        # update, so ask for it as htmx does and weigh that answer.
        with page.expect_response(lambda antwoord: "/meldingen/bel/" in antwoord.url) as bel:
            page.evaluate("() => htmx.ajax('GET', '/meldingen/bel/', {target: '#meldingen-bel', swap: 'outerHTML'})")
        assert bel.value.request.headers.get("hx-request") == "true"
        verslagen.append(meter.verslag(pad))
        htmx_updates = [(url, g) for url, htmx, _r, g in meter.regels if htmx]
        htmx_updates.append((bel.value.url, len(gzip.compress(bel.value.body(), 6))))
        for url, gecomprimeerd in htmx_updates:
            assert gecomprimeerd <= BUDGET_HTMX, f"htmx-update {url}: {gecomprimeerd} bytes"
        vers.close()
    with capsys.disabled():
        print("\n" + "\n".join(verslagen))
