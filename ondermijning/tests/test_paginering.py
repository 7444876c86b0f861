"""The bounded paginator: a count that stops at its limit, pages that stop there too (issue 21)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ondermijning.models import Gemeente
from ondermijning.paginering import BegrensdePaginator
from ondermijning.tests.factories import GemeenteFactory

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
