"""The bounded paginator: a count that stops at its limit, pages that stop there too (issue 21)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ondermijning.models import Gemeente, Organisatie, OrganisatieType
from ondermijning.paginering import BegrensdePaginator
from ondermijning.tests.factories import GemeenteFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


def test_telt_tot_de_grens_en_biedt_geen_diepere_paginas():
    GemeenteFactory.create_batch(7)
    alle = Gemeente.objects.order_by("pk")
    paginator = BegrensdePaginator(alle, 2, grens=5)
    with CaptureQueriesContext(connection) as vastgelegd:
        assert paginator.begrensd and paginator.count == 5 and paginator.num_pages == 3
    assert "LIMIT 6" in vastgelegd[0]["sql"]  # never counts past the limit
    assert "ORDER BY" not in vastgelegd[0]["sql"]  # nor sorts what it only counts
    laatste = paginator.get_page(99)
    assert laatste.number == 3 and len(laatste.object_list) == 1  # row 5, not rows 5-7


def test_onder_de_grens_exact():
    GemeenteFactory.create_batch(4)
    paginator = BegrensdePaginator(Gemeente.objects.order_by("pk"), 2, grens=5)
    assert not paginator.begrensd and paginator.count == 4 and paginator.num_pages == 2


# --- seek (keyset) pages: Volgende/Vorige carry an id, not an OFFSET ---------------------------


def _doorbladeren(qs, per: int) -> list[list[int]]:
    """Every page as the Volgende links reach it: page 1, then each page anchored on the last id."""
    paginator = BegrensdePaginator(qs, per)
    pagina = paginator.pagina(1)
    paginas = [[o.pk for o in pagina]]
    while pagina.has_next():
        pagina = BegrensdePaginator(qs, per).pagina(pagina.next_page_number(), na=pagina.na)
        paginas.append([o.pk for o in pagina])
    return paginas


@pytest.mark.parametrize("volgorde", [("type", "pk"), ("-type", "-pk"), ("-naam", "-pk")])
def test_volgende_zoekt_zonder_gaten_of_dubbelen_ook_bij_gelijke_waarden(volgorde):
    """Ties in the sort column (seven organisations of one type) across page boundaries: every
    row exactly once, in the list's order, on every page."""
    for i in range(7):
        OrganisatieFactory(naam=f"Politie {i}", type=OrganisatieType.POLITIE)
        OrganisatieFactory(naam=f"Gemeente {i}", type=OrganisatieType.GEMEENTE if i % 2 else OrganisatieType.RIEC)
    qs = Organisatie.objects.order_by(*volgorde)
    paginas = _doorbladeren(qs, 3)
    assert [pk for pagina in paginas for pk in pagina] == list(qs.values_list("pk", flat=True))
    assert [len(p) for p in paginas] == [3, 3, 3, 3, 2]


def test_vorige_geeft_dezelfde_pagina_terug():
    OrganisatieFactory.create_batch(5, type=OrganisatieType.POLITIE)
    OrganisatieFactory.create_batch(5, type=OrganisatieType.DOUANE)
    qs = Organisatie.objects.order_by("type", "pk")
    paginas = _doorbladeren(qs, 3)
    derde = BegrensdePaginator(qs, 3).pagina(3, na=paginas[1][-1])
    terug = BegrensdePaginator(qs, 3).pagina(2, voor=derde.voor)
    assert [o.pk for o in terug] == paginas[1] and terug.number == 2
    assert terug.has_previous() and terug.has_next()


def test_zoeken_met_een_vast_aantal_queries_en_zonder_offset():
    """Two queries per page however deep (the anchor's sort values, the rows), no OFFSET."""
    GemeenteFactory.create_batch(30)
    qs = Gemeente.objects.order_by("-naam", "-pk")
    anker = list(qs.values_list("pk", flat=True))[20]
    paginator = BegrensdePaginator(qs, 3)
    _ = paginator.count  # the bounded count, as the page's header asks for it
    with CaptureQueriesContext(connection) as vastgelegd:
        pagina = paginator.pagina(8, na=anker)
        rijen = list(pagina)
    assert len(vastgelegd) == 2
    assert "OFFSET" not in vastgelegd[1]["sql"]
    assert [o.pk for o in rijen] == list(qs.values_list("pk", flat=True))[21:24]


@pytest.mark.parametrize("anker", ["abc", "-3", "0", "999999"])
def test_onbruikbaar_anker_telt_het_paginanummer(anker):
    """A malformed id, or one outside the (scoped, filtered) list: the page number counts (OFFSET)."""
    GemeenteFactory.create_batch(7)
    qs = Gemeente.objects.order_by("pk")
    pagina = BegrensdePaginator(qs, 3).pagina("2", na=anker)
    assert [o.pk for o in pagina] == list(qs.values_list("pk", flat=True))[3:6]


def test_anker_buiten_het_filter_zoekt_niet():
    """An id the filtered list does not hold (another user's scope) never anchors a page."""
    binnen = OrganisatieFactory.create_batch(4, type=OrganisatieType.POLITIE)
    buiten = OrganisatieFactory(type=OrganisatieType.DOUANE)
    qs = Organisatie.objects.filter(type=OrganisatieType.POLITIE).order_by("pk")
    pagina = BegrensdePaginator(qs, 2).pagina(2, na=buiten.pk)
    assert [o.pk for o in pagina] == [g.pk for g in binnen[2:]]


def test_gemengde_richtingen_vallen_terug_op_offset():
    GemeenteFactory.create_batch(6)
    qs = Gemeente.objects.order_by("naam", "-pk")
    alle = list(qs.values_list("pk", flat=True))
    pagina = BegrensdePaginator(qs, 2).pagina(2, na=alle[0])
    assert [o.pk for o in pagina] == alle[2:4]  # page 2 by number, not the rows after the anchor


# --- a page number: a deferred join, the OFFSET over ids only ----------------------------------


@pytest.mark.parametrize("volgorde", [("naam", "pk"), ("-type", "-pk"), ("-pk",)])
def test_pagina_op_nummer_dezelfde_rijen_als_de_offset(volgorde):
    """Every page by its number holds the rows of the plain slice; from page 2 on in one query whose
    OFFSET sits in the `id IN (...)` subquery."""
    for i in range(11):
        OrganisatieFactory(naam=f"Org {i:02d}", type=OrganisatieType.POLITIE if i % 3 else OrganisatieType.DOUANE)
    qs = Organisatie.objects.filter(naam__startswith="Org").order_by(*volgorde)
    alle = list(qs.values_list("pk", flat=True))
    for nummer in range(1, 5):
        paginator = BegrensdePaginator(qs, 3)
        _ = paginator.count
        with CaptureQueriesContext(connection) as vastgelegd:
            rijen = [o.pk for o in paginator.pagina(nummer)]
        assert rijen == alle[(nummer - 1) * 3 : nummer * 3]
        assert len(vastgelegd) == 1
        sql = vastgelegd[0]["sql"]
        assert ("IN (SELECT" in sql and "OFFSET" in sql) == (nummer > 1), sql
        assert not sql.endswith(f"OFFSET {(nummer - 1) * 3}")


def test_distinct_houdt_de_gewone_offset():
    """A DISTINCT query would select its sort columns beside the ids: it keeps the plain slice."""
    GemeenteFactory.create_batch(7)
    qs = Gemeente.objects.order_by("naam", "pk")
    alle = list(qs)
    uniek = qs.distinct()
    with CaptureQueriesContext(connection) as vastgelegd:
        assert list(BegrensdePaginator(uniek, 3).page(3)) == alle[6:]
    assert "IN (SELECT" not in vastgelegd[-1]["sql"]
