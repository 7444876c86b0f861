"""Tablet and offline behaviour in a real Chromium (Debian's, driven by playwright; the browser
fixtures come from tests/browser/fixtures.py): nothing typed is lost, a visit logged offline
arrives exactly once, and the tablet pages pass axe-core without CSP violations."""

import time

import pytest
from django.utils import timezone

from controles.models import Bezoek, ControleSoort, Thema
from controles.tests.factories import ControleFactory, ControleObjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wacht_tot(voorwaarde, seconden=15.0):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


def test_bezoek_offline_vastgelegd_komt_precies_eenmaal_aan(sessie, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate(), deelnemers=[toezicht])
    obj = ControleObjectFactory(controle=controle)
    s = sessie(breedte=768, hoogte=1024, touch=True, naam="controles-offline")
    s.log_in(toezicht)
    page, context = s.page, s.context

    page = s.ga_naar("/controles/vandaag/")
    assert obj.bedrijf.naam in page.content()
    formulier = f"/controles/{controle.pk}/bezoek/?object={obj.pk}"
    # The service worker keeps today's page and the visit forms for offline use.
    page.wait_for_function(
        """async (url) => {
            const sw = await navigator.serviceWorker.ready;
            const namen = await caches.keys();
            for (const naam of namen) { if (await (await caches.open(naam)).match(url)) return true; }
            return false;
        }""",
        arg=formulier,
        timeout=15000,
    )
    page.goto(f"{s.basis}{formulier}")
    page.wait_for_selector("[data-bezoek-form]")

    context.set_offline(True)
    page.fill("textarea[name=bevindingen]", "Ramen afgeplakt, geur van hennep bij de achterdeur")
    page.fill("textarea[name=aanwezigen]", "Eigenaar")
    # A reload while offline (crash, accidental refresh) loses nothing typed.
    page.wait_for_timeout(600)
    page.reload()
    page.wait_for_selector("[data-bezoek-form]")
    page.wait_for_function(
        "() => document.querySelector('textarea[name=bevindingen]').value.includes('hennep')", timeout=10000
    )

    page.click("[data-bezoek-form] button[type=submit]")
    page.wait_for_selector("[data-wachtrij-status]:not([hidden])", timeout=10000)
    assert "1 bezoek nog niet verzonden" in page.inner_text("[data-wachtrij-status]")
    assert Bezoek.objects.count() == 0

    page.reload()  # still offline: served from the service worker, the queue survives
    page.wait_for_selector("[data-wachtrij-status]:not([hidden])", timeout=10000)
    assert "1 bezoek nog niet verzonden" in page.inner_text("[data-wachtrij-status]")

    context.set_offline(False)
    page.click("[data-wachtrij-verzend]")  # the 'online' event sends too: two triggers, still one visit
    assert _wacht_tot(lambda: Bezoek.objects.count() == 1)
    page.wait_for_selector("[data-wachtrij-status]", state="hidden", timeout=10000)
    page.reload()
    page.wait_for_timeout(1500)
    assert Bezoek.objects.count() == 1
    bezoek = Bezoek.objects.get()
    assert "hennep" in bezoek.bevindingen
    assert bezoek.object == obj
    assert bezoek.door == toezicht


def test_tablet_paginas_toegankelijk(sessie, toezicht, duiven):
    controle = ControleFactory(
        gemeente=duiven,
        datum=timezone.localdate(),
        deelnemers=[toezicht],
        soort=ControleSoort.THEMACONTROLE,
        thema=Thema.HORECA,
    )
    obj = ControleObjectFactory(controle=controle)
    s = sessie(breedte=768, hoogte=1024, touch=True, naam="controles-tablet")
    s.log_in(toezicht)
    for pad in ("/controles/vandaag/", f"/controles/{controle.pk}/bezoek/?object={obj.pk}", "/theseus/"):
        s.ga_naar(pad)
        assert s.toegankelijkheid() == [], pad
    s.ga_naar(f"/controles/{controle.pk}/bezoek/?object={obj.pk}")
    # Touch targets: every button and choice label of the visit form is at least 44px high.
    hoogtes = s.page.eval_on_selector_all(
        "[data-bezoek-form] .btn", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert hoogtes and min(hoogtes) >= 44
    assert s.page.get_attribute("input[type=file]", "capture") == "environment"
    s.schermafdruk("bezoek")
