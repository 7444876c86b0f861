"""Search by part of a word on PostgreSQL: pg_trgm and a trigram GIN index on UPPER(zoektekst).

The list searches with `zoektekst__icontains`, which Django writes on PostgreSQL as
`UPPER("zoektekst"::text) LIKE UPPER('%hennep%')`; a GIN index with `gin_trgm_ops` on that same
expression answers it without reading the table. The Dutch full-text index of 0003 is dropped:
the search no longer uses it (stemming found other signals than SQLite, and missed word parts).
On SQLite every operation here does nothing (SQLite searches with LIKE over the table).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEX = "signaal_zoektekst_trgm"
VOLTEKST_INDEX = "signaal_zoektekst_gin"


# Written out: Django puts parentheses around an OpClass over a function, which PostgreSQL refuses.
MAAK_TRIGRAM = f'CREATE INDEX "{TRIGRAM_INDEX}" ON "signalen_signaal" USING gin (UPPER("zoektekst") gin_trgm_ops)'
VERWIJDER_TRIGRAM = f'DROP INDEX IF EXISTS "{TRIGRAM_INDEX}"'


def _voltekst_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("zoektekst", config="dutch"), name=VOLTEKST_INDEX)


def naar_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    signaal = apps.get_model("signalen", "Signaal")
    schema_editor.remove_index(signaal, _voltekst_index())
    schema_editor.execute(MAAK_TRIGRAM)


def naar_voltekst(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    signaal = apps.get_model("signalen", "Signaal")
    schema_editor.execute(VERWIJDER_TRIGRAM)
    schema_editor.add_index(signaal, _voltekst_index())


class Migration(migrations.Migration):
    dependencies = [("signalen", "0012_subject_identiteit_en_ontkoppeling")]

    operations = [
        TrigramExtension(),  # a no-op on SQLite; pg_trgm is a trusted extension (database owner may create it)
        migrations.RunPython(naar_trigram, naar_voltekst, elidable=False),
    ]
