"""Migration 0024 vacuums the signals after 0019 rewrote them (issue 21), outside a transaction."""

import importlib

import pytest
from django.db import connection, transaction

migratie = importlib.import_module("signalen.migrations.0024_vacuum_na_zoekvector")


def _vacuums() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'signalen_signaal'")
        return cursor.fetchone()[0]


def test_niet_in_een_transactie():
    assert migratie.Migration.atomic is False  # VACUUM refuses to run inside one


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_vacuum_draait():
    voor = _vacuums()
    with connection.schema_editor(atomic=False) as schema_editor:
        migratie.vacuum(None, schema_editor)
    assert _vacuums() == voor + 1
    with transaction.atomic(), connection.schema_editor(atomic=False) as schema_editor:
        migratie.vacuum(None, schema_editor)  # inside a transaction: skipped, not an error
    assert _vacuums() == voor + 1
