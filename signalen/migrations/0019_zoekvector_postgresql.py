"""Search without a trigram scan per word on PostgreSQL: a stored, generated `tsvector` of every
word part, with a GIN index (issue 21).

The list searches every word as a part of the search text (`zoektekst__icontains`, the same on
SQLite and PostgreSQL, signalen/tests/test_zoeken.py). A plain `to_tsvector` only finds whole
words or their beginnings; this column holds every suffix (of at least three characters) of
every run of ASCII letters and digits in the text, so "a part of a word" is "the beginning of
one of its suffixes", which a prefix query (`kwekerij:*`) answers from the GIN index. A word of
ASCII letters and digits is a part of the text exactly when it is a part of one such run, so the
column finds the same signals as `icontains` (see `signalen.models.ZoekDeel`); other words keep
the trigram index of 0013, which stays.

Runs longer than 60 characters keep only 60-character suffix prefixes (a search word longer
than that goes through the trigram index), which bounds the vector well below PostgreSQL's 1 MB.
On SQLite every operation here does nothing.
"""

from django.db import migrations

MAAK = [
    """
    CREATE FUNCTION signaal_zoekdelen(tekst text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT substr(lexeem, i, 60))), ''::tsvector)
        FROM unnest(tsvector_to_array(to_tsvector(
                 'pg_catalog.simple'::regconfig,
                 regexp_replace(coalesce(tekst, ''), '[^0-9A-Za-z]+', ' ', 'g')
             ))) AS lexeem,
             LATERAL generate_series(1, greatest(length(lexeem) - 2, 1)) AS i
    $$
    """,
    'ALTER TABLE "signalen_signaal" ADD COLUMN "zoekvector" tsvector '
    'GENERATED ALWAYS AS (signaal_zoekdelen("zoektekst")) STORED',
    'CREATE INDEX "signaal_zoekvector_gin" ON "signalen_signaal" USING gin ("zoekvector")',
]
VERWIJDER = [
    'DROP INDEX IF EXISTS "signaal_zoekvector_gin"',
    'ALTER TABLE "signalen_signaal" DROP COLUMN IF EXISTS "zoekvector"',
    "DROP FUNCTION IF EXISTS signaal_zoekdelen(text)",
]


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in MAAK:
        schema_editor.execute(sql)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in VERWIJDER:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("signalen", "0018_alter_statusovergang_created_at")]

    operations = [migrations.RunPython(maak, verwijder, elidable=False)]
