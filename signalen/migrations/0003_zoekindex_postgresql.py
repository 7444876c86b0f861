"""Full-text GIN index on Signaal.zoektekst, only on PostgreSQL (SQLite searches with icontains).

The index expression is built from the same `SearchVector` the list view filters on, so the
planner can use it.
"""

from django.db import migrations

INDEX_NAAM = "signaal_zoektekst_gin"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("zoektekst", config="dutch"), name=INDEX_NAAM)


def maak_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("signalen", "Signaal"), _index())


def verwijder_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("signalen", "Signaal"), _index())


class Migration(migrations.Migration):
    dependencies = [("signalen", "0002_signaal_en_lijst")]

    operations = [migrations.RunPython(maak_index, verwijder_index, elidable=False)]
