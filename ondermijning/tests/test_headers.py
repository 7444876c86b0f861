"""Security headers on every response, and what logging out tells the browser to forget."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _beleid_per_functie(response) -> dict[str, str]:
    return dict(regel.strip().split("=", 1) for regel in response["Permissions-Policy"].split(","))


@pytest.fixture
def antwoorden(client, beleid):
    """A page, the login page, a 404, a static file, the service worker and a JSON answer."""
    anoniem = Client()
    login = anoniem.get(reverse("login"))
    client.force_login(beleid)
    return {
        "pagina": client.get(reverse("mijn_werk")),
        "login": login,
        "404": client.get("/bestaat-niet/"),
        "statisch": client.get("/static/js/app.js"),
        "service worker": client.get(reverse("controles:service_worker")),
        "api": anoniem.get("/api/", HTTP_ACCEPT="application/json"),
    }


def test_elk_antwoord_heeft_permissions_policy_en_corp(antwoorden):
    assert antwoorden["statisch"].status_code == antwoorden["service worker"].status_code == 200
    assert antwoorden["404"].status_code == 404
    for wat, response in antwoorden.items():
        assert response.get("Cross-Origin-Resource-Policy") == "same-origin", wat
        assert "Permissions-Policy" in response, wat
        beleid = _beleid_per_functie(response)
        # The tablet's photos come from <input type=file capture>: the system camera app, not
        # getUserMedia, so not even the camera is granted to the pages.
        for functie in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert beleid.get(functie) == "()", (wat, functie, beleid)


def test_uitloggen_wist_de_cache_maar_niet_de_wachtrij(client, beleid):
    client.force_login(beleid)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    waarden = [w.strip() for w in response["Clear-Site-Data"].split(",")]
    assert '"cache"' in waarden
    # "storage" would also wipe IndexedDB, i.e. visits still queued on the tablet: the logout
    # script clears the offline page cache itself and warns about the queue instead.
    assert '"storage"' not in waarden
