"""Connection settings of PostgreSQL that the speed of big lists depends on (issue 21)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_willekeurige_leesactie_geprijsd_als_op_ssd():
    """random_page_cost 1.1, not the spinning-disk default 4: with 4 the search ANDed its GIN lookup
    with a bitmap of every signal in scope (BENCH.md, third part)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
