"""Issue 19: every page reachable from the menu, judged by outside engines (WCAG 2.1 AA, EN 301 549).

For four demo roles, on the demo data, the crawler follows same-origin links from the menu (GET
only, bounded, one or two instances per URL pattern such as /signalen/<n>/) and checks every page
at 1366x768, 768x1024 and 320 px wide with
- axe-core (every WCAG 2 A/AA violation, any impact) and HTML_CodeSniffer (WCAG2AA errors, the
  engine pa11y uses);
- reflow (WCAG 1.4.10): at 320 px the page itself never scrolls sideways (a wide table scrolls
  inside its own box, which does not widen the document);
- Chromium's accessibility tree: every form field has a name, every chart its numbers;
and afterwards the Nu Html Checker (vnu) over the HTML of every crawled page, in one batch.
States a crawler reaches only by acting (an unread notification, the month view, open details, a
form with errors) are checked the same way. The engines come from npm into tests/a11y/
(package-lock.json) and are injected by the test only; the pages never serve them.
"""

import json
import re
import subprocess
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from actieplan.models import Uitvoeringsplan
from meldingen.models import Notificatie
from ondermijning.demo import DEMO_WACHTWOORD
from ondermijning.models import Gebruiker
from tests.browser.fixtures import ROOT, axe_bron

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A11Y = ROOT / "tests" / "a11y"
ROLLEN = ["beleid", "voorzitter", "coordinator", "toezicht"]
BREEDTES = [(1366, 768), (768, 1024), (320, 640)]
PER_PATROON = 2  # instances of one URL pattern (/signalen/<n>/) per role
MAX_PAGINAS = 35  # per role: keeps the crawl bounded in time
DIEPTE = 3  # the menu is depth 1
# Downloads, the logout, the back office and the machine API are not pages of the menu's web UI.
OVERSLAAN = re.compile(
    r"(\.(pdf|xlsx|csv|ics|js|json|png|jpg)$|/export|/download/|/accounts/|/admin/|/api/v1/|/api/schema/"
    r"|/media/|/static/|/fotos/|/csrf/)"
)
VELDROLLEN = {"textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "spinbutton", "slider", "switch"}


def npm_ci() -> None:
    """vnu-jar and html_codesniffer at the versions of tests/a11y/package-lock.json."""
    if (
        not (A11Y / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js").exists()
        or not (A11Y / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar").exists()
    ):
        subprocess.run(["npm", "ci", "--silent", "--ignore-scripts"], cwd=A11Y, check=True, capture_output=True)


def htmlcs_bron() -> str:
    npm_ci()
    return (A11Y / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js").read_text()


def patroon(pad: str) -> str:
    """/signalen/12/?pagina=2 -> /signalen/<n>/ (instances of one page kind: a query string such
    as a filter or a page number shows the same template)."""
    return re.sub(r"\d+", "<n>", urlsplit(pad).path)


AXE = """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations
  .map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,
               doel: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""

HTMLCS = """() => new Promise(klaar => HTMLCS.process('WCAG2AA', document, () => klaar(
  HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => {
    let e = m.element, pad = [];
    while (e && e.nodeType === 1 && pad.length < 4) {
      pad.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (e.classList && e.classList.length ? '.' + [...e.classList].join('.') : ''));
      e = e.parentElement;
    }
    return {code: m.code.split('.').slice(3).join('.'), doel: pad.join(' > '),
            tekst: (m.element.textContent || '').trim().slice(0, 40)};
  }))))"""

# Elements that stick out of the viewport while not inside a box that scrolls them.
UITSTEKERS = """(breedte) => {
  const uit = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right <= breedte + 0.5 || r.width === 0) continue;
    let p = e.parentElement, binnen = false;
    while (p && p !== document.body) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') {
        binnen = p.getBoundingClientRect().right <= breedte + 0.5;
        if (binnen) break;
      }
      p = p.parentElement;
    }
    if (!binnen) uit.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
                          + ' ' + Math.round(r.right));
  }
  return uit.slice(0, 6);
}"""


class Crawl:
    """Collects findings per engine, and the HTML of every page for vnu."""

    def __init__(self, tmp: Path):
        self.fouten: dict[str, list[str]] = defaultdict(list)
        self.html_dir = tmp / "html"
        self.html_dir.mkdir()
        self.html_bron: dict[str, str] = {}
        self.paginas = 0

    def meld(self, engine: str, waar: str, wat) -> None:
        self.fouten[engine].append(f"{waar}: {wat}")

    def bewaar_html(self, sleutel: str, html: str) -> None:
        naam = f"p{len(self.html_bron):03d}.html"
        (self.html_dir / naam).write_text(html)
        self.html_bron[naam] = sleutel


def injecteer(page) -> None:
    """axe and HTML_CodeSniffer, evaluated through DevTools (CSP stays in force for the page)."""
    if not page.evaluate("() => typeof axe !== 'undefined' && typeof HTMLCS !== 'undefined'"):
        page.evaluate(axe_bron())
        page.evaluate(htmlcs_bron())


def toets_staat(crawl: Crawl, page, waar: str, *, breedte: int) -> None:
    """Both engines on the page as it is now; the reflow check at 320 px."""
    # Two frames after a resize: the page's ResizeObserver (scroll regions) has run, as for a user.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    injecteer(page)
    for v in page.evaluate(AXE):
        crawl.meld("axe", f"{waar} @{breedte}", f"{v['id']} ({v['impact']}, {v['n']}x) {v['doel']}")
    for m in page.evaluate(HTMLCS):
        crawl.meld("htmlcs", f"{waar} @{breedte}", f"{m['code']} {m['doel']} {m['tekst']!r}")
    if breedte <= 320:
        breed = page.evaluate("document.documentElement.scrollWidth")
        if breed > breedte:
            uitstekers = page.evaluate(UITSTEKERS, breedte)
            crawl.meld("reflow", f"{waar} @{breedte}", f"{breed - breedte}px te breed: {uitstekers}")


def toets_boom(crawl: Crawl, page, waar: str) -> None:
    """Chromium's accessibility tree: form fields with a name; charts with their numbers."""
    cdp = page.context.new_cdp_session(page)
    knopen = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    for k in knopen:
        rol = (k.get("role") or {}).get("value")
        if k.get("ignored") or rol not in VELDROLLEN:
            continue
        if not ((k.get("name") or {}).get("value") or "").strip():
            crawl.meld("naam", waar, f"{rol} zonder naam (backend node {k.get('backendDOMNodeId')})")
    for grafiek in page.evaluate(
        """() => [...document.querySelectorAll('svg.grafiek')].map(svg => ({
             titel: svg.querySelector('title') ? svg.querySelector('title').textContent : '?',
             heeft: svg.hasAttribute('data-cijfers'),
             cijfers: (svg.dataset.cijfers || '').split(' ').filter(Boolean),
             tabel: svg.closest('figure') && svg.closest('figure').querySelector('table') ?
               svg.closest('figure').querySelector('table').innerText : ''}))"""
    ):
        if not grafiek["heeft"]:
            crawl.meld("grafiek", waar, f"{grafiek['titel']!r}: geen cijfers bij de grafiek (data-cijfers)")
            continue
        ontbreekt = [c for c in grafiek["cijfers"] if c not in grafiek["tabel"]]
        if ontbreekt:
            crawl.meld("grafiek", waar, f"{grafiek['titel']!r}: cijfers {ontbreekt[:5]} niet in een tabel")
    # The table must be in the tree too (not hidden from assistive technology).
    tekst = " ".join(((k.get("name") or {}).get("value") or "") for k in knopen if not k.get("ignored"))
    alle = page.evaluate("() => [...document.querySelectorAll('svg.grafiek')].map(s => s.dataset.cijfers || '')")
    for cijfers in alle:
        for c in cijfers.split():
            if c not in tekst:
                crawl.meld("grafiek", waar, f"cijfer {c} niet in de toegankelijkheidsboom")
                break


def links_op(page, basis: str, *, alleen_menu: bool) -> list[str]:
    selector = "#hoofdmenu a[href]" if alleen_menu else "main a[href]"
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    uit = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if not href.startswith(basis):
            continue
        pad = href[len(basis) :] or "/"
        if OVERSLAAN.search(urlsplit(pad).path):
            continue
        uit.append(pad)
    return uit


def crawl_rol(crawl: Crawl, browser, live_server, gebruikersnaam: str) -> None:
    from tests.browser.fixtures import Sessie

    s = Sessie(browser, live_server, naam=f"a11y-{gebruikersnaam}")
    s.log_in(Gebruiker.objects.get(username=gebruikersnaam), DEMO_WACHTWOORD)
    page = s.page
    basis = live_server.url
    wachtrij = [(pad, 1) for pad in dict.fromkeys(["/", *links_op(page, basis, alleen_menu=True)])]
    gezien: set[str] = set()
    per_patroon: Counter = Counter()
    while wachtrij and len(gezien) < MAX_PAGINAS:
        pad, diepte = wachtrij.pop(0)
        if pad in gezien or per_patroon[patroon(pad)] >= PER_PATROON:
            continue
        gezien.add(pad)
        per_patroon[patroon(pad)] += 1
        page.set_viewport_size({"width": BREEDTES[0][0], "height": BREEDTES[0][1]})
        antwoord = page.goto(basis + pad)
        page.wait_for_load_state("networkidle")
        waar = f"{gebruikersnaam} {pad}"
        if antwoord is None or antwoord.status != 200 or "text/html" not in antwoord.headers.get("content-type", ""):
            crawl.meld("status", waar, antwoord.status if antwoord else "geen antwoord")
            continue
        crawl.paginas += 1
        crawl.bewaar_html(waar, antwoord.text())
        toets_boom(crawl, page, waar)
        for breedte, hoogte in BREEDTES:
            page.set_viewport_size({"width": breedte, "height": hoogte})
            toets_staat(crawl, page, waar, breedte=breedte)
        if page.locator("main details:not([open])").count():
            page.set_viewport_size({"width": BREEDTES[0][0], "height": BREEDTES[0][1]})
            page.eval_on_selector_all("main details", "els => els.forEach(d => d.open = true)")
            toets_boom(crawl, page, waar + " (details open)")
            toets_staat(crawl, page, waar + " (details open)", breedte=BREEDTES[0][0])
            page.set_viewport_size({"width": 320, "height": 640})
            toets_staat(crawl, page, waar + " (details open)", breedte=320)
        if diepte < DIEPTE:
            wachtrij.extend((p, diepte + 1) for p in links_op(page, basis, alleen_menu=False) if p not in gezien)
    s.sluit()


def toets_handelingen(crawl: Crawl, browser, live_server) -> None:
    """States reached only by acting: month view, a form sent with errors (unread notifications
    are created before the crawl, so /meldingen/ is crawled with them)."""
    from tests.browser.fixtures import Sessie

    s = Sessie(browser, live_server, naam="a11y-handelingen")
    s.log_in(Gebruiker.objects.get(username="beleid"), DEMO_WACHTWOORD)
    page = s.page
    page.goto(live_server.url + "/communicatie/")
    page.wait_for_load_state("networkidle")
    maand = page.locator("a[href*='weergave=maand']")
    assert maand.count(), "geen link naar de maandweergave op /communicatie/"
    maand.first.click()
    page.wait_for_load_state("networkidle")
    for breedte, hoogte in BREEDTES:
        page.set_viewport_size({"width": breedte, "height": hoogte})
        toets_staat(crawl, page, "beleid /communicatie/ maandweergave", breedte=breedte)
    s.sluit()

    # The BES plan has eight quarters: at 1366 px all of them are in view, none scrolled away.
    s = Sessie(browser, live_server, naam="a11y-bes")
    s.log_in(Gebruiker.objects.get(username="baarn"), DEMO_WACHTWOORD)
    page = s.page
    for plan in Uitvoeringsplan.objects.filter(gemeenten__naam="Baarn").distinct():
        page.goto(f"{live_server.url}/actieplan/{plan.pk}/kwartalen/")
        page.wait_for_load_state("networkidle")
        vak = page.locator(".table-responsive:has(.kwartaal-grid)")
        breed, zichtbaar = vak.evaluate("v => [v.scrollWidth, v.clientWidth]")
        if breed > zichtbaar + 1:
            waar = f"baarn /actieplan/{plan.pk}/kwartalen/ @1366"
            crawl.meld("reflow", waar, f"kwartalen {breed - zichtbaar}px buiten beeld")
    s.sluit()

    s = Sessie(browser, live_server, naam="a11y-formulieren")
    s.log_in(Gebruiker.objects.get(username="beleid"), DEMO_WACHTWOORD)
    page = s.page
    for pad in ("/melden/", "/controles/nieuw/", "/communicatie/nieuw/", "/signalen/nieuw/"):
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(live_server.url + pad)
        page.wait_for_load_state("networkidle")
        formulier = page.locator("main form[method=post]").first
        formulier.evaluate("f => { f.noValidate = true; }")
        with page.expect_navigation():
            formulier.locator("button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".is-invalid, .invalid-feedback, .errorlist").count(), f"{pad}: geen foutmelding"
        toets_boom(crawl, page, f"beleid {pad} met fouten")
        for breedte, hoogte in BREEDTES:
            page.set_viewport_size({"width": breedte, "height": hoogte})
            toets_staat(crawl, page, f"beleid {pad} met fouten", breedte=breedte)
        crawl.bewaar_html(f"beleid {pad} met fouten", page.content())
    s.sluit()


def vnu(crawl: Crawl) -> None:
    """The Nu Html Checker once over all collected pages (errors only)."""
    npm_ci()
    jar = A11Y / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    uit = subprocess.run(
        ["java", "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(crawl.html_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    for bericht in json.loads(uit.stderr or uit.stdout or '{"messages": []}')["messages"]:
        naam = Path(urlsplit(bericht.get("url", "")).path).name
        crawl.meld("vnu", crawl.html_bron.get(naam, naam), f"r{bericht.get('lastLine')}: {bericht['message'][:160]}")


def test_alle_paginas_uit_het_menu_voor_vier_rollen(browser, live_server, tmp_path):
    """0 findings from axe, HTML_CodeSniffer, the reflow check, the accessibility tree and vnu."""
    begin = time.monotonic()
    call_command("laad_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for naam in ROLLEN:
        ontvanger = Gebruiker.objects.get(username=naam)
        Notificatie.objects.create(ontvanger=ontvanger, soort="weging_te_lang", tekst="Ongelezen: weging", url="/")
    crawl = Crawl(tmp_path)
    for naam in ROLLEN:
        crawl_rol(crawl, browser, live_server, naam)
    toets_handelingen(crawl, browser, live_server)
    vnu(crawl)
    duur = time.monotonic() - begin
    telling = {engine: len(f) for engine, f in crawl.fouten.items()}
    rapport = "\n".join(f"[{engine}] {f}" for engine, lijst in crawl.fouten.items() for f in lijst)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "toegankelijkheid.txt").write_text(
        f"{crawl.paginas} pagina's in {duur:.0f} s; bevindingen: {telling}\n{rapport}\n"
    )
    assert crawl.paginas >= 40, crawl.paginas
    assert not crawl.fouten, f"{crawl.paginas} pagina's, {duur:.0f} s; per engine {telling}:\n{rapport[:20000]}"
