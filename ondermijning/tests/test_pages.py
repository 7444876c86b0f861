"""The base UI: login is the only public page, Mijn werk shows the navigation a role may use."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_alles_behalve_login_vraagt_om_inloggen(client):
    response = client.get(reverse("mijn_werk"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_inloggen_toont_mijn_werk_in_het_nederlands(client, beleid):
    assert client.login(username="t_beleid", password="ondermijning-test")
    response = client.get(reverse("mijn_werk"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Mijn werk" in html
    assert "Uitloggen" in html
    assert 'href="#inhoud"' in html  # skip link


def test_partner_ziet_geen_beheer_en_beheerder_wel(client, politie, beheerder):
    client.force_login(politie)
    html = client.get(reverse("mijn_werk")).content.decode()
    assert "Beheer" not in html
    client.force_login(beheerder)
    html = client.get(reverse("mijn_werk")).content.decode()
    assert 'href="/admin/"' in html


def test_uitloggen_alleen_met_post(client, beleid):
    client.force_login(beleid)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("mijn_werk")).status_code == 302


def test_paginas_mogen_niet_gecachet_worden(client, beleid):
    client.force_login(beleid)
    assert client.get(reverse("mijn_werk"))["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_toegankelijkheidsverklaring_zegt_wat_er_getest_wordt(client):
    html = " ".join(client.get(reverse("toegankelijkheid")).content.decode().split())
    assert "niet getagd" not in html  # the PDFs are PDF/UA-1 now
    for toets in ("PDF/UA", "pdfinfo", "axe-core", "HTML_CodeSniffer", "Nu Html Checker", "320"):
        assert toets in html, toets
    assert "elke link in het menu" in html
