"""VACUUM (ANALYZE) the signals after 0019 rewrote the table (issue 21).

Migration 0019 added a stored generated column to `signalen_signaal`, which rewrites the table and
leaves its visibility map empty. Autovacuum does not come for a table nobody writes to, so every
index-only scan (the list's bounded count, the year overview's live count) read the table's pages:
at 1,000,000 signals a count per source read 26,000 pages (230 ms instead of 8, BENCH.md). The
deploy note said to run this by hand; now `migrate` does it, once. VACUUM cannot run in a
transaction, hence `atomic = False`; it does not block reads or writes. Nothing on SQLite.
"""

from django.db import migrations


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or schema_editor.connection.in_atomic_block:
        return  # SQLite; or a caller that wrapped migrate in a transaction (then autovacuum comes later)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) signalen_signaal")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("signalen", "0023_jaartelling")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True)]
