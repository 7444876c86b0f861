"""Paging through the signal list by its Volgende/Vorige links: a seek on (sort column, id), the
URL holding only a page number and an id (issue 21)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from signalen.models import Signaal, SignaalStatus
from signalen.tests.factories import SignaalFactory

pytestmark = pytest.mark.django_db

VOLGENDE = re.compile(r'<a class="page-link"[^>]*href="([^"]*)">Volgende</a>')
VORIGE = re.compile(r'<a class="page-link"[^>]*href="([^"]*)">Vorige</a>')
RIJ = re.compile(r'href="/signalen/(\d+)/"')


def _rijen(inhoud: str) -> list[int]:
    return list(dict.fromkeys(int(pk) for pk in RIJ.findall(inhoud)))


def _link(patroon, inhoud: str) -> str | None:
    gevonden = patroon.search(inhoud)
    return unescape(gevonden.group(1)) if gevonden else None


@pytest.fixture
def veel_signalen(duiven, westervoort):
    """60 signals with only three statuses and two dates (ties everywhere), plus one out of scope."""
    statussen = [SignaalStatus.GEREGISTREERD, SignaalStatus.WEGING, SignaalStatus.OPPLUSSEN]
    for i in range(60):
        SignaalFactory(
            gemeente=duiven if i % 2 else westervoort,
            status=statussen[i % 3],
            ontvangen_op=f"2026-0{1 + i % 2}-15",
            titel=f"Geheime naam {i}",
        )


@pytest.mark.parametrize("sorteer", ["", "status", "-status", "titel", "gemeente", "-ontvangen"])
def test_volgende_tot_het_eind_geeft_elk_signaal_een_keer(client, beleid, veel_signalen, sorteer):
    client.force_login(beleid)
    lijst = reverse("signalen:lijst")
    params = {"sorteer": sorteer} if sorteer else {}
    inhoud = client.get(lijst, params).content.decode()
    gezien, urls = [_rijen(inhoud)], []
    while volgende := _link(VOLGENDE, inhoud):
        urls.append(volgende)
        inhoud = client.get(lijst + volgende).content.decode()
        gezien.append(_rijen(inhoud))
    alle = [pk for pagina in gezien for pk in pagina]
    # The same rows in the same order as one long page (per=100) shows them.
    verwacht = _rijen(client.get(lijst, {**params, "per": "100"}).content.decode())
    assert alle == verwacht and len(alle) == 60 and [len(p) for p in gezien] == [25, 25, 10]
    for volgende in urls:
        query = parse_qs(urlsplit(volgende).query)
        assert set(query) <= {"pagina", "na", "sorteer"}  # nothing else; no title, no name
        assert query["na"][0].isdigit() and "Geheime" not in volgende
    # Back from the last page: the second page again.
    vorige = _link(VORIGE, inhoud)
    assert set(parse_qs(urlsplit(vorige).query)) <= {"pagina", "voor", "sorteer"}
    assert _rijen(client.get(lijst + vorige).content.decode()) == gezien[1]


def test_anker_van_buiten_de_scope_toont_niets_daarvan(client, beleid_westervoort, veel_signalen, duiven):
    """An id from a municipality the user cannot see anchors nothing: page 2 by its number."""
    client.force_login(beleid_westervoort)
    vreemd = Signaal.objects.filter(gemeente=duiven).first()
    lijst = reverse("signalen:lijst")
    via_anker = _rijen(client.get(lijst, {"pagina": "2", "na": vreemd.pk}).content.decode())
    via_nummer = _rijen(client.get(lijst, {"pagina": "2"}).content.decode())
    assert via_anker == via_nummer and vreemd.pk not in via_anker
    assert not Signaal.objects.filter(pk__in=via_anker, gemeente=duiven).exists()
