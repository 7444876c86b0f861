"""Paging through the signal list by its Volgende/Vorige links: a seek on (sort column, id), the
URL holding only a page number and an id (issue 21)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ondermijning.paginering import BegrensdePaginator
from ondermijning.tests.factories import GemeenteFactory
from signalen.filters import SignaalFilter
from signalen.models import Prioriteit, Signaal, SignaalStatus
from signalen.tests.factories import FenomeenFactory, SignaalFactory
from signalen.views import PER_PAGINA

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


@pytest.mark.parametrize("sorteer", ["", "status", "-status", "titel", "gemeente", "-gemeente", "-ontvangen"])
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


# --- sorted by municipality name: per municipality its first ids, then only those sorted --------


@pytest.fixture
def drie_gemeenten_scheef():
    """Three municipalities whose names sort differently from their ids, unevenly filled, ids interleaved."""
    gemeenten = [GemeenteFactory(naam=naam) for naam in ("Zevenaar", "Arnhem", "Duiven")]
    for i in range(26):
        SignaalFactory(gemeente=gemeenten[0 if i % 5 in (0, 1) else 1 if i % 5 in (2, 3) else 2])
    return gemeenten


@pytest.mark.parametrize("volgorde", [("gemeente__naam", "pk"), ("-gemeente__naam", "-pk")])
def test_op_gemeentenaam_dezelfde_rijen_als_de_volle_sortering(drie_gemeenten_scheef, volgorde):
    """With `groepen` every page (by number, by Volgende, by Vorige) holds exactly the rows of the
    plain join-and-sort, with the same number of queries; on PostgreSQL the rows come from one
    (gemeente_id, id) probe per municipality instead of a sort of every row."""
    qs = Signaal.objects.order_by(*volgorde)
    groepen = {"gemeente__naam": ("gemeente_id", lambda: [g.pk for g in drie_gemeenten_scheef])}
    live = list(qs.values_list("pk", flat=True))
    assert len(live) == 26
    for nummer in range(1, 7):
        met = BegrensdePaginator(qs, 5, groepen=groepen)
        with CaptureQueriesContext(connection) as vastgelegd:
            rijen = [s.pk for s in met.pagina(nummer)]
        with CaptureQueriesContext(connection) as zonder_groepen:
            assert [s.pk for s in BegrensdePaginator(qs, 5).pagina(nummer)] == rijen
        assert rijen == live[(nummer - 1) * 5 : nummer * 5]
        assert len(vastgelegd) == len(zonder_groepen)
        if connection.vendor == "postgresql":
            assert "UNION ALL" in vastgelegd[-1]["sql"]
    # Volgende from every page, then Vorige from the last: the same rows again.
    pagina, gezien = BegrensdePaginator(qs, 5, groepen=groepen).pagina(1), []
    gezien.append([s.pk for s in pagina])
    while pagina.has_next():
        pagina = BegrensdePaginator(qs, 5, groepen=groepen).pagina(pagina.next_page_number(), na=pagina.na)
        gezien.append([s.pk for s in pagina])
    assert [pk for p in gezien for pk in p] == live
    terug = BegrensdePaginator(qs, 5, groepen=groepen).pagina(pagina.number - 1, voor=pagina.voor)
    assert [s.pk for s in terug] == gezien[-2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes only on PostgreSQL")
def test_status_filter_loopt_de_index_in_lijstvolgorde(veel_signalen, beleid):
    """Issue 21: filtered by status, the list's first page walks the (status, -ontvangen_op, -id)
    index in its order and stops after a page, instead of sorting every signal of that status
    (28 ms at 1M). With a few rows the planner would read the table and sort, hence those off."""
    filter_ = SignaalFilter({"status": SignaalStatus.OPPLUSSEN}, queryset=Signaal.objects.all(), gebruiker=beleid)
    sql, params = filter_.qs[:25].query.sql_with_params()
    with connection.cursor() as cursor:
        for instelling in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {instelling} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "signaal_status_ontvangen_idx" in plan, plan


# --- a page number typed deep into the list: a deferred join, the skip over ids only ----------------


@pytest.fixture
def diepe_lijst(duiven, westervoort):
    """70 signals in scope with ties on every sort column (three dates, three statuses, three
    priorities), a third of them with a phenomenon, and 10 in a municipality out of scope."""
    arnhem = GemeenteFactory(naam="Arnhem")  # sorts before both visible municipalities
    drugs = FenomeenFactory(naam="Drugs")
    statussen = [SignaalStatus.GEREGISTREERD, SignaalStatus.WEGING, SignaalStatus.OPPLUSSEN]
    prioriteiten = [Prioriteit.HOOG, Prioriteit.NORMAAL, Prioriteit.LAAG]
    for i in range(80):
        signaal = SignaalFactory(
            gemeente=arnhem if i % 8 == 7 else duiven if i % 2 else westervoort,
            status=statussen[i % 3],
            prioriteit=prioriteiten[(i // 3) % 3],
            ontvangen_op=f"2026-0{1 + i % 3}-15",
            titel=f"Signaal {i % 7}",
        )
        if i % 3 == 0:
            signaal.fenomenen.add(drugs)
    return drugs


def _paginator(filter_, per: int, gebruiker) -> BegrensdePaginator:
    """The paginator as signaal_lijst builds it."""
    groepen = {"gemeente__naam": ("gemeente_id", lambda: list(gebruiker.gemeenten.values_list("pk", flat=True)))}
    return BegrensdePaginator(filter_.qs, per, groepen=groepen)


@pytest.mark.parametrize(
    "sorteer", ["", "-ontvangen", "ontvangen", "titel", "-titel", "status", "prioriteit", "gemeente", "-gemeente"]
)
@pytest.mark.parametrize("filter_op", ["", "status", "fenomeen", "gemeente", "zoek"])
def test_getypte_diepe_pagina_dezelfde_rijen_als_offset(beleid, diepe_lijst, duiven, sorteer, filter_op):
    """Every page typed by number holds exactly the rows of the plain OFFSET slice of the same list,
    in the same order, for every order (with ties, with the municipality name) and filter."""
    data = {
        "": {},
        "status": {"status": SignaalStatus.WEGING},
        "fenomeen": {"fenomeen": diepe_lijst.pk},
        "gemeente": {"gemeente": duiven.pk},
        "zoek": {"q": "Signaal"},
    }[filter_op]
    if sorteer:
        data = {**data, "sorteer": sorteer}
    filter_ = SignaalFilter(data, queryset=Signaal.objects.voor_gebruiker(beleid), gebruiker=beleid)
    alle = list(filter_.qs.values_list("pk", flat=True))
    assert alle and not Signaal.objects.filter(pk__in=alle).exclude(gemeente__in=beleid.gemeenten.all()).exists()
    per = 4
    gezien, aantallen = [], set()
    for nummer in range(1, -(-len(alle) // per) + 1):
        paginator = _paginator(filter_, per, beleid)
        _ = paginator.count  # the page's header asks for it first, as in the view
        with CaptureQueriesContext(connection) as vastgelegd:
            rijen = [s.pk for s in paginator.pagina(nummer)]
        assert rijen == alle[(nummer - 1) * per : nummer * per], (nummer, sorteer, filter_op)
        aantallen.add(len(vastgelegd))
        gezien += rijen
    assert gezien == alle
    assert len(aantallen) == 1  # as many queries on the last page as on the first


def _pagina_query(vastgelegd) -> str:
    """The query that reads the page's rows of signals (with the municipality joined for the list)."""
    begin = 'SELECT "signalen_signaal"."id", "signalen_signaal"."gemeente_id", "signalen_signaal"."titel"'
    (sql,) = [q["sql"] for q in vastgelegd if q["sql"].startswith(begin)]
    return sql


DIEPE_SUBQUERY = re.compile(r'"signalen_signaal"\."id" IN \(SELECT .* LIMIT \d+ OFFSET (\d+)\)\)', re.DOTALL)


@pytest.mark.parametrize("sorteer", ["", "gemeente", "titel"])
def test_getypte_diepe_pagina_is_een_uitgestelde_join(client, beleid, diepe_lijst, sorteer):
    """Page 3 typed in the URL: one query reads the rows, `WHERE id IN (SELECT id ... LIMIT 25 OFFSET 50)`,
    the OFFSET inside (over ids only) and none outside; the same number of queries as page 1, and the
    rows of the plain OFFSET slice. Page 1 has nothing to skip and stays a plain LIMIT."""
    client.force_login(beleid)
    lijst = reverse("signalen:lijst")
    params = {"sorteer": sorteer} if sorteer else {}
    alle = _rijen(client.get(lijst, {**params, "per": "100"}).content.decode())
    assert len(alle) == 70
    with CaptureQueriesContext(connection) as eerste:
        client.get(lijst, params)
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(lijst, {**params, "pagina": "3"})
    assert _rijen(antwoord.content.decode()) == alle[2 * PER_PAGINA :]
    assert len(vastgelegd) == len(eerste)
    sql = _pagina_query(vastgelegd)
    gevonden = DIEPE_SUBQUERY.search(sql)
    assert gevonden and gevonden.group(1) == str(2 * PER_PAGINA), sql
    assert not re.search(r"OFFSET \d+$", sql), sql  # the outer query only takes the page
    assert "OFFSET" not in _pagina_query(eerste)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE only on PostgreSQL")
def test_diepe_pagina_slaat_over_met_een_index_only_scan(beleid, diepe_lijst):
    """The ids of the default order come from `signaal_ontvangen_idx` alone: it holds the
    municipality the scope filters on (INCLUDE gemeente_id), so the OFFSET never reads the table.
    Sequential and bitmap scans and sorts off, and index scans too (in PostgreSQL that setting
    penalises index-only scans alike): among equally penalised plans the one that reads no table is
    the cheapest, and there is one only if the index holds gemeente_id (fails without it)."""
    filter_ = SignaalFilter({}, queryset=Signaal.objects.voor_gebruiker(beleid), gebruiker=beleid)
    sql, params = filter_.qs.values("pk")[50:75].query.sql_with_params()
    with connection.cursor() as cursor:
        for instelling in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {instelling} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "Index Only Scan using signaal_ontvangen_idx" in plan, plan


# --- a search: the count query also returns the first page's ids ------------------------------


@pytest.mark.parametrize("sorteer", ["", "titel", "-status", "prioriteit", "gewijzigd", "gemeente"])
@pytest.mark.parametrize(("per", "wezen", "grens"), [(25, 0, 10_000), (5, 0, 10_000), (25, 10, 10_000), (5, 0, 20)])
def test_ids_bij_de_telling_dezelfde_pagina(veel_signalen, beleid, sorteer, per, wezen, grens):
    """`ids_met_telling` (a search): the same count, the same first page in the same order and the
    same number of queries as a count and a page query; beyond `grens` (an arbitrary subset
    counted) and for a sort through a relation it falls back to the page query (PostgreSQL)."""
    data = {"q": "Geheime naam", **({"sorteer": sorteer} if sorteer else {})}
    qs = SignaalFilter(data, queryset=Signaal.objects.all(), gebruiker=beleid).qs

    def pagina(ids_met_telling):
        paginator = BegrensdePaginator(qs, per, orphans=wezen, grens=grens, ids_met_telling=ids_met_telling)
        with CaptureQueriesContext(connection) as vastgelegd:
            rijen = [s.pk for s in paginator.pagina(None)]
        return (rijen, paginator.count, paginator.begrensd, paginator.num_pages), vastgelegd

    met, vastgelegd = pagina(True)
    zonder, zonder_vastgelegd = pagina(False)
    assert met == zonder and len(met[0]) == min(60, per + (wezen if per + wezen >= 60 else 0))
    assert len(vastgelegd) == len(zonder_vastgelegd) == 2
    if connection.vendor == "postgresql":
        eigen_kolommen = sorteer != "gemeente" and grens > 60
        assert ("array_agg" in vastgelegd[0]["sql"]) == (sorteer != "gemeente")
        assert ("LIMIT" not in vastgelegd[1]["sql"]) == eigen_kolommen, vastgelegd[1]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the ids come with the count on PostgreSQL only")
def test_zoeken_in_de_lijst_filtert_een_keer(client, beleid, veel_signalen):
    """Issue 21: a search's cost is its filter (at 1M two prefix lookups in the word-part index,
    12 of the 15 ms of each query); the count query returns the first page's ids, so the page
    query reads 25 rows by primary key instead of filtering and sorting every match again."""
    client.force_login(beleid)
    lijst = reverse("signalen:lijst")
    with CaptureQueriesContext(connection) as vastgelegd:
        inhoud = client.get(lijst, {"q": "Geheime naam"}).content.decode()
    signaal_sql = [q["sql"] for q in vastgelegd if 'FROM "signalen_signaal"' in q["sql"]]
    telling = next(sql for sql in signaal_sql if "COUNT(*)" in sql)
    pagina = next(sql for sql in signaal_sql if sql.startswith('SELECT "signalen_signaal"."id"'))
    assert "array_agg" in telling and '"signalen_signaal"."id" IN (' in pagina and "LIMIT" not in pagina
    assert len(_rijen(inhoud)) == 25
    with CaptureQueriesContext(connection) as zonder_zoeken:
        client.get(lijst, {"q": ""})
    assert len(vastgelegd) == len(zonder_zoeken)
