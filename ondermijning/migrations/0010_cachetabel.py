"""The table of the database cache (settings.CACHES): the API rate limit is counted there, shared by all workers."""

from django.core.management import call_command
from django.db import migrations


def maak_cachetabel(apps, schema_editor):
    # createcachetable reads settings.CACHES and skips a table that already exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("ondermijning", "0009_formuliertoken"),
    ]

    operations = [
        migrations.RunPython(maak_cachetabel, migrations.RunPython.noop),
    ]
