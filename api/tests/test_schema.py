"""The OpenAPI schema validates; the documentation page works under the strict CSP; tokens come from the admin."""

import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

from api.models import ApiToken
from api.tests.conftest import api
from ondermijning.geheim import geheim_hash

pytestmark = pytest.mark.django_db


def test_schema_valideert_en_beschrijft_de_api(sleutel_westervoort):
    antwoord = api(sleutel_westervoort).get("/api/schema/?format=json")
    assert antwoord.status_code == 200
    schema = antwoord.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["info"]["title"] == "Ondermijning API"
    paden = set(schema["paths"])
    for pad in ("signalen", "adressen", "bedrijven", "personen", "controles", "bezoeken", "acties", "uitgaven"):
        assert f"/api/v1/{pad}/" in paden and f"/api/v1/{pad}/{{id}}/" in paden
    assert set(schema["paths"]["/api/v1/signalen/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/controles/"]) == {"get"}
    assert schema["components"]["securitySchemes"]["apiSleutel"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["apiSleutel"]["description"],
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/signalen/"]["post"]["parameters"]}
    assert "Idempotency-Key" in parameters
    assert "Fout" in schema["components"]["schemas"]


def test_schema_niet_zonder_sleutel():
    assert api().get("/api/schema/").status_code == 401


def test_documentatie_voor_ingelogde_gebruiker_zonder_cdn(client, beleid):
    client.force_login(beleid)
    antwoord = client.get("/api/docs/")  # the client fixture checks the strict CSP
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in scripts
    assert "/static/js/api.js" in scripts
    assert all(s.startswith("/static/") for s in scripts)
    assert not re.search(r"<script(?![^>]*src=)[^>]*>", html), "inline script"
    assert 'style="' not in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert 'data-schema-url="/api/schema/?format=json"' in html


def test_documentatie_vraagt_inloggen(client):
    antwoord = client.get("/api/docs/")
    assert antwoord.status_code == 302 and "/accounts/login/" in antwoord["Location"]


def test_beheerder_maakt_sleutel_en_ziet_hem_een_keer(client, beheerder, account_westervoort):
    client.force_login(beheerder)
    antwoord = client.post(
        "/admin/api/apitoken/add/",
        {
            "naam": "MMA-intake",
            "gebruiker": account_westervoort.pk,
            "mag_lezen": "",
            "mag_signalen_aanmaken": "on",
            "verloopt_op_0": "31-12-2030",
            "verloopt_op_1": "12:00:00",
            "verzoeken_per_minuut": "60",
            "actief": "on",
        },
    )
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    melding = next(str(m) for m in get_messages(antwoord.wsgi_request))
    sleutel = re.search(r"(ond_\S+)", melding).group(1)
    token = ApiToken.objects.get()
    assert token.sleutel_hash == geheim_hash(sleutel) and token.scopes == {"signalen_aanmaken"}
    assert token.aangemaakt_door == beheerder
    eerste = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert sleutel in eerste  # the message, shown on the next page only
    daarna = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert sleutel not in daarna and token.sleutel_prefix in daarna
    # The key works, within its scopes.
    assert api(sleutel).get("/api/v1/signalen/").status_code == 403
