"""Navigation never leads to a refusal: every link a role is shown, it may open.

Cross-app: it loads the whole demo (`laad_demo`) and, for every demo user, follows the menu
from `/` and then the links on those pages, two levels deep (one page per kind of page, i.e. per
URL name). A menu link must answer 200; any link that answers 403 should not have been shown to
that role.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from actieplan.models import Uitvoeringsplan
from ondermijning.demo import GEBRUIKERS
from ondermijning.models import Gebruiker

pytestmark = pytest.mark.django_db

# Links that are not pages to visit: logging out is a form, the admin has its own navigation,
# a file download costs a render and is checked by its own tests.
OVERGESLAGEN = re.compile(r"^(admin:(?!index$)|.*_(pdf|xlsx|csv|ics)$)")


class Links(HTMLParser):
    """The hrefs of the page, and those inside the main menu (#hoofdmenu) separately."""

    def __init__(self):
        super().__init__()
        self.alle: list[str] = []
        self.menu: list[str] = []
        self._diepte_menu = 0
        self._diepte = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            self._diepte += 1
            if attrs.get("id") == "hoofdmenu":
                self._diepte_menu = self._diepte
        if tag == "a" and attrs.get("href"):
            self.alle.append(attrs["href"])
            if self._diepte_menu:
                self.menu.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div":
            if self._diepte == self._diepte_menu:
                self._diepte_menu = 0
            self._diepte -= 1


def _links(response) -> Links:
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def _url_naam(href: str) -> str | None:
    """The URL name of an internal link, or None for another site, an anchor or a mailto."""
    if not href.startswith("/") or href.startswith("//"):
        return None
    try:
        return resolve(href.split("?")[0].split("#")[0]).view_name
    except Resolver404:
        return None


@pytest.fixture
def demo(settings):
    settings.OTP_VERPLICHT = False
    call_command("laad_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_elke_menulink_en_elke_link_daarachter_opent_voor_elke_rol(client, demo):
    weigeringen = []
    for username in GEBRUIKERS:
        client.force_login(Gebruiker.objects.get(username=username))
        menu = [href for href in _links(client.get("/")).menu if _url_naam(href)]
        assert menu, f"{username}: geen menu"
        bezocht: dict[str, str] = {}
        te_doen = [(href, "menu", 1) for href in menu]
        while te_doen:
            href, via, diepte = te_doen.pop(0)
            naam = _url_naam(href)
            if naam is None or naam in bezocht or OVERGESLAGEN.match(naam):
                continue
            bezocht[naam] = href
            response = client.get(href)
            if via == "menu" and response.status_code != 200:
                weigeringen.append(f"{username}: menu -> {href} geeft {response.status_code}")
            elif response.status_code == 403:
                weigeringen.append(f"{username}: {via} -> {href} geeft 403")
            if diepte < 3 and response.status_code == 200 and "html" in response["Content-Type"]:
                te_doen.extend((link, href, diepte + 1) for link in _links(response).alle)
    assert not weigeringen, "\n".join(weigeringen)


def test_actieplan_van_de_voorzitter_linkt_niet_naar_controles(client, demo):
    voorzitter = Gebruiker.objects.get(username="voorzitter")
    plannen = Uitvoeringsplan.objects.voor_gebruiker(voorzitter)
    assert plannen.filter(acties__controles__isnull=False).exists(), "de demo koppelt controles aan acties"
    client.force_login(voorzitter)
    for plan in plannen:
        html = client.get(reverse("actieplan:detail", args=[plan.pk])).content.decode()
        assert 'href="/controles/' not in html, plan
