# ruff: noqa: S608  (every name in this SQL is a constant of this module; no value comes from outside;
# the same reason for each "nosec B608" below)
"""The yearly counts of signals per municipality, source and phenomenon, kept by PostgreSQL (issue 21).

The year overview counted every signal of the year joined to its phenomena: at 1,000,000 signals
that is ~47,000 (signal, phenomenon) pairs for three municipalities, 150-190 ms, growing with the
data. `Jaartelling` holds the same figures, kept right by statement-level triggers with transition
tables on the four tables they come from (live signals, tombstones of destroyed signals, and the
phenomenon links of both), so whatever writes them (the web form, the API, the import, retention,
a bulk load with COPY, an UPDATE by hand) moves the counts in the same transaction:

- a signal (or tombstone) inserted adds its source, its phenomena and, without phenomena, "";
  deleted subtracts them; updated in municipality, date or source moves them;
- a phenomenon link inserted adds the phenomenon and, when it is the signal's first, takes the
  signal out of ""; deleted the reverse. A link is never updated (the trigger refuses it).

Written in SQL rather than declared with django-pgtrigger: the link tables are Django's
auto-created many-to-many tables, which have no model Meta to declare a trigger on, and the eight
triggers share two set-oriented queries generated below for both table pairs.

The rows are upserted in key order (no deadlock between two registrations) and lock only their
own (municipality, year, key) rows until commit. `herbereken()` rebuilds the table from the data
(the migration fills it with it; a test checks that the triggers agree with it and with the live
count after creates, edits, phenomenon changes and destruction).

SQLite has no statement triggers with transition tables: there the table stays empty and
`jaartellingen()` answers None, so the year overview counts live (small data, fast enough).
"""

from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q

from .models import Fenomeen, Interventie, Jaartelling, Signaal, VernietigdSignaal

# (table, its phenomenon link table, the link's column to the table)
TABELLEN = (
    ("signalen_signaal", "signalen_signaal_fenomenen", "signaal_id"),
    ("signalen_vernietigdsignaal", "signalen_vernietigdsignaal_fenomenen", "vernietigdsignaal_id"),
)
JAAR = "EXTRACT(YEAR FROM s.ontvangen_op)::int"


def _bijdrage(rijen: str, koppel: str, kolom: str, teken: str) -> str:
    """What the signals `rijen` (a relation with id, gemeente_id, ontvangen_op, bron) count for, with sign."""
    return f"""
        SELECT s.gemeente_id, {JAAR} AS jaar, 'bron' AS soort, COALESCE(s.bron, '') AS sleutel, {teken} AS d
          FROM {rijen} s
        UNION ALL
        SELECT s.gemeente_id, {JAAR}, 'fenomeen', f.fenomeen_id::text, {teken}
          FROM {rijen} s JOIN {koppel} f ON f.{kolom} = s.id
        UNION ALL
        SELECT s.gemeente_id, {JAAR}, 'fenomeen', '', {teken}
          FROM {rijen} s WHERE NOT EXISTS (SELECT 1 FROM {koppel} f WHERE f.{kolom} = s.id)"""  # nosec B608


INTERVENTIE_VELDEN = "id, signaal_id, gestart_op, soort, soort_zaak"


def _interventies(rijen: str, signalen: str, teken: str) -> str:
    """What the interventions `rijen` (a relation with INTERVENTIE_VELDEN) count for, with sign, in the
    municipality of their signal in `signalen` (a relation with id, gemeente_id): per kind, and per kind
    those about a dwelling (the year overview's "13b, woning")."""
    return f"""
        SELECT s.gemeente_id, EXTRACT(YEAR FROM i.gestart_op)::int AS jaar, 'interventie' AS soort,
               i.soort AS sleutel, {teken} AS d
          FROM {rijen} i JOIN {signalen} s ON s.id = i.signaal_id
        UNION ALL
        SELECT s.gemeente_id, EXTRACT(YEAR FROM i.gestart_op)::int, 'interventie_woning', i.soort, {teken}
          FROM {rijen} i JOIN {signalen} s ON s.id = i.signaal_id WHERE i.soort_zaak LIKE '%woning'"""  # nosec B608


def _interventies_van(signalen: str) -> str:
    """The interventions of the signals in `signalen` (a relation with id)."""
    return (
        f"(SELECT {INTERVENTIE_VELDEN} FROM signalen_interventie WHERE signaal_id IN (SELECT id FROM {signalen} AS v))"  # nosec B608
    )


def _optellen(delta: str) -> str:
    """Add the signed rows of `delta` to the counts, in key order, skipping keys that net to zero."""
    return f"""
        INSERT INTO signalen_jaartelling AS t (gemeente_id, jaar, soort, sleutel, aantal)
        SELECT gemeente_id, jaar, soort, sleutel, sum(d) FROM ({delta}) AS delta
         GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (gemeente_id, jaar, soort, sleutel) DO UPDATE SET aantal = t.aantal + EXCLUDED.aantal;"""  # nosec B608


def _functie(naam: str, lichaam: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
        {lichaam}
        RETURN NULL;
        END $$;"""


def _installeer_sql() -> list[str]:
    sql = []
    for tabel, koppel, kolom in TABELLEN:
        velden = "id, gemeente_id, ontvangen_op, bron"
        gewijzigd = (
            "(SELECT {kant}.id, {kant}.gemeente_id, {kant}.ontvangen_op, {kant}.bron "
            "FROM oud o JOIN nieuw n USING (id) "
            "WHERE (o.gemeente_id, o.ontvangen_op, o.bron) IS DISTINCT FROM (n.gemeente_id, n.ontvangen_op, n.bron))"
        )
        invoegen = _bijdrage(f"(SELECT {velden} FROM nieuw)", koppel, kolom, "1")  # nosec B608
        verwijderen = _bijdrage(f"(SELECT {velden} FROM oud)", koppel, kolom, "-1")  # nosec B608
        wijzigen = (
            _bijdrage(gewijzigd.format(kant="o"), koppel, kolom, "-1")
            + " UNION ALL "
            + _bijdrage(gewijzigd.format(kant="n"), koppel, kolom, "1")
        )
        if tabel == "signalen_signaal":
            # Interventions count in their signal's municipality: they come and go with it (whichever is
            # written first, the other's trigger finds it) and move when it moves.
            verhuisd = (
                "(SELECT o.id FROM oud o JOIN nieuw n USING (id) WHERE o.gemeente_id IS DISTINCT FROM n.gemeente_id)"
            )
            invoegen += " UNION ALL " + _interventies(_interventies_van("nieuw"), "nieuw", "1")
            verwijderen += " UNION ALL " + _interventies(_interventies_van("oud"), "oud", "-1")
            wijzigen += (
                " UNION ALL "
                + _interventies(_interventies_van(verhuisd), "oud", "-1")
                + " UNION ALL "
                + _interventies(_interventies_van(verhuisd), "nieuw", "1")
            )
        functies = {
            "na_invoegen": ("INSERT", "REFERENCING NEW TABLE AS nieuw", _optellen(invoegen)),
            "na_verwijderen": ("DELETE", "REFERENCING OLD TABLE AS oud", _optellen(verwijderen)),
            "na_wijzigen": ("UPDATE", "REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw", _optellen(wijzigen)),
        }
        for achtervoegsel, (gebeurtenis, referentie, lichaam) in functies.items():
            naam = f"{tabel}_jaartelling_{achtervoegsel}"
            sql.append(_functie(naam, lichaam))
            sql.append(
                f"CREATE TRIGGER {naam} AFTER {gebeurtenis} ON {tabel} {referentie} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {naam}();"
            )
        # The links: the phenomenon itself, and "" for a signal that gains its first or loses its last.
        koppel_invoegen = f"""
            SELECT s.gemeente_id, {JAAR} AS jaar, 'fenomeen' AS soort, n.fenomeen_id::text AS sleutel, 1 AS d
              FROM nieuw n JOIN {tabel} s ON s.id = n.{kolom}
            UNION ALL
            SELECT s.gemeente_id, {JAAR}, 'fenomeen', '', -1
              FROM {tabel} s
             WHERE s.id IN (SELECT {kolom} FROM nieuw)
               AND NOT EXISTS (SELECT 1 FROM {koppel} f WHERE f.{kolom} = s.id
                                 AND NOT EXISTS (SELECT 1 FROM nieuw n2 WHERE n2.id = f.id))"""  # nosec B608
        koppel_verwijderen = f"""
            SELECT s.gemeente_id, {JAAR} AS jaar, 'fenomeen' AS soort, o.fenomeen_id::text AS sleutel, -1 AS d
              FROM oud o JOIN {tabel} s ON s.id = o.{kolom}
            UNION ALL
            SELECT s.gemeente_id, {JAAR}, 'fenomeen', '', 1
              FROM {tabel} s
             WHERE s.id IN (SELECT {kolom} FROM oud)
               AND NOT EXISTS (SELECT 1 FROM {koppel} f WHERE f.{kolom} = s.id)"""  # nosec B608
        for achtervoegsel, gebeurtenis, referentie, lichaam in (
            ("na_invoegen", "INSERT", "REFERENCING NEW TABLE AS nieuw", _optellen(koppel_invoegen)),
            ("na_verwijderen", "DELETE", "REFERENCING OLD TABLE AS oud", _optellen(koppel_verwijderen)),
            (
                "niet_wijzigen",
                "UPDATE",
                "",
                "RAISE EXCEPTION 'Een fenomeenkoppeling wordt niet gewijzigd maar verwijderd en opnieuw gemaakt "
                "(tabel %%, jaartelling).', TG_TABLE_NAME;",
            ),
        ):
            naam = f"{koppel}_jaartelling_{achtervoegsel}"
            sql.append(_functie(naam, lichaam))
            sql.append(
                f"CREATE TRIGGER {naam} AFTER {gebeurtenis} ON {koppel} {referentie} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {naam}();"
            )
    gewijzigd = (
        "(SELECT {kant}.id, {kant}.signaal_id, {kant}.gestart_op, {kant}.soort, {kant}.soort_zaak "
        "FROM oud o JOIN nieuw n USING (id) WHERE (o.signaal_id, o.gestart_op, o.soort, o.soort_zaak) "
        "IS DISTINCT FROM (n.signaal_id, n.gestart_op, n.soort, n.soort_zaak))"
    )
    for achtervoegsel, gebeurtenis, referentie, delta in (
        ("na_invoegen", "INSERT", "REFERENCING NEW TABLE AS nieuw", _interventies("nieuw", "signalen_signaal", "1")),
        ("na_verwijderen", "DELETE", "REFERENCING OLD TABLE AS oud", _interventies("oud", "signalen_signaal", "-1")),
        (
            "na_wijzigen",
            "UPDATE",
            "REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw",
            _interventies(gewijzigd.format(kant="o"), "signalen_signaal", "-1")
            + " UNION ALL "
            + _interventies(gewijzigd.format(kant="n"), "signalen_signaal", "1"),
        ),
    ):
        naam = f"signalen_interventie_jaartelling_{achtervoegsel}"
        sql.append(_functie(naam, _optellen(delta)))
        sql.append(
            f"CREATE TRIGGER {naam} AFTER {gebeurtenis} ON signalen_interventie {referentie} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {naam}();"
        )
    return sql


def _verwijder_sql() -> list[str]:
    sql = []
    for tabel, koppel, _kolom in TABELLEN:
        for achtervoegsel in ("na_invoegen", "na_verwijderen", "na_wijzigen"):
            sql.append(f"DROP TRIGGER IF EXISTS {tabel}_jaartelling_{achtervoegsel} ON {tabel};")
            sql.append(f"DROP FUNCTION IF EXISTS {tabel}_jaartelling_{achtervoegsel}();")
        for achtervoegsel in ("na_invoegen", "na_verwijderen", "niet_wijzigen"):
            sql.append(f"DROP TRIGGER IF EXISTS {koppel}_jaartelling_{achtervoegsel} ON {koppel};")
            sql.append(f"DROP FUNCTION IF EXISTS {koppel}_jaartelling_{achtervoegsel}();")
    for achtervoegsel in ("na_invoegen", "na_verwijderen", "na_wijzigen"):
        naam = f"signalen_interventie_jaartelling_{achtervoegsel}"
        sql.append(f"DROP TRIGGER IF EXISTS {naam} ON signalen_interventie;")
        sql.append(f"DROP FUNCTION IF EXISTS {naam}();")
    return sql


def _alles() -> str:
    """Every signed row the data counts for (all +1)."""
    return " UNION ALL ".join(
        [
            _bijdrage(f"(SELECT id, gemeente_id, ontvangen_op, bron FROM {tabel})", koppel, kolom, "1")  # nosec B608
            for tabel, koppel, kolom in TABELLEN
        ]
        + [_interventies("signalen_interventie", "signalen_signaal", "1")]
    )


def herbereken_sql() -> str:
    """The counts rebuilt from the data (the migration's fill; the tests' reference)."""
    return "DELETE FROM signalen_jaartelling; " + _optellen(_alles())  # nosec B608


def _uit_de_data_sql() -> str:
    delen = _alles()
    return f"SELECT gemeente_id, jaar, soort, sleutel, sum(d)::int AS aantal FROM ({delen}) AS x GROUP BY 1, 2, 3, 4"  # nosec B608


def verschillen() -> list[tuple]:
    """(municipality id, year, kind, key, kept, from the data) for every count the triggers got wrong."""
    sql = f"""
        SELECT COALESCE(t.gemeente_id, d.gemeente_id), COALESCE(t.jaar, d.jaar), COALESCE(t.soort, d.soort),
               COALESCE(t.sleutel, d.sleutel), COALESCE(t.aantal, 0), COALESCE(d.aantal, 0)
          FROM (SELECT * FROM signalen_jaartelling WHERE aantal <> 0) t
          FULL JOIN ({_uit_de_data_sql()}) d USING (gemeente_id, jaar, soort, sleutel)
         WHERE COALESCE(t.aantal, 0) <> COALESCE(d.aantal, 0)
         ORDER BY 1, 2, 3, 4"""  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def herbereken() -> None:
    with connection.cursor() as cursor:
        cursor.execute(herbereken_sql())


def installeer(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in _installeer_sql():
        schema_editor.execute(sql.replace("%%", "%"), params=None)
    schema_editor.execute(herbereken_sql(), params=None)


def verwijder(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in _verwijder_sql():
        schema_editor.execute(sql, params=None)


def bijgehouden() -> bool:
    """Whether this database keeps the counts (PostgreSQL)."""
    return connection.vendor == "postgresql"


class Jaartellingen(NamedTuple):
    """The year's figures the year overview takes from signals and interventions."""

    fenomenen: list[tuple]  # [(phenomenon name or None, count)], by count then name
    bronnen: list[tuple]  # [(source code, count)], by count then code
    interventies: dict  # {kind: {"n": count, "woning": of which about a dwelling}}


def gesorteerd(totaal: dict) -> list[tuple]:
    return sorted(totaal.items(), key=lambda r: (-r[1], r[0] or ""))


def jaartellingen(gebruiker, jaar: int) -> Jaartellingen | None:
    """The kept counts of the municipalities of `gebruiker` for `jaar`, as the year overview's live
    count gives them; None where they are not kept (SQLite) or the user sees signals by sharing, not
    by municipality (a chain partner): `jaartellingen_live` counts them then."""
    if not bijgehouden() or getattr(gebruiker, "is_ketenpartner", False):
        return None
    rijen = (
        Jaartelling.objects.voor_gebruiker(gebruiker)
        .filter(jaar=jaar, aantal__gt=0)
        .values_list("soort", "sleutel", "aantal")
    )
    per: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for soort, sleutel, aantal in rijen:
        per[soort][sleutel] += aantal
    namen = dict(Fenomeen.objects.values_list("pk", "naam"))  # a short list; always one query
    fenomenen: dict = defaultdict(int)
    for sleutel, aantal in per["fenomeen"].items():
        fenomenen[namen.get(int(sleutel)) if sleutel else None] += aantal
    interventies = {
        soort: {"n": n, "woning": per["interventie_woning"].get(soort, 0)} for soort, n in per["interventie"].items()
    }
    return Jaartellingen(gesorteerd(fenomenen), gesorteerd(per["bron"]), interventies)


def jaartellingen_live(gebruiker, jaar: int) -> Jaartellingen:
    """The year's signals per phenomenon name and per source and its interventions per kind, counted
    live within the user's scope (where `signalen.jaartelling` keeps no counts). One query per figure."""
    # Destroyed signals still count: retention removes content, not what was published (tombstones
    # keep year, municipality, source and phenomena). Live UNION ALL destroyed.
    signalen = Signaal.objects.voor_gebruiker(gebruiker).filter(ontvangen_op__year=jaar)
    sporen = VernietigdSignaal.objects.voor_gebruiker(gebruiker).filter(ontvangen_op__year=jaar)

    def opgeteld(veld: str, *, distinct: bool = False) -> list[tuple]:
        delen = [
            qs.values(veld).annotate(n=Count("pk", distinct=distinct)).values_list(veld, "n").order_by()
            for qs in (signalen, sporen)
        ]
        totaal: dict = defaultdict(int)
        for waarde, n in delen[0].union(delen[1], all=True):
            totaal[waarde] += n
        return gesorteerd(totaal)

    interventies = (
        Interventie.objects.voor_gebruiker(gebruiker)
        .filter(gestart_op__year=jaar)
        .values("soort")
        .annotate(n=Count("pk"), woning=Count("pk", filter=Q(soort_zaak__endswith="woning")))
        .order_by()
    )
    return Jaartellingen(
        opgeteld("fenomenen__naam", distinct=True),
        opgeteld("bron"),
        {r["soort"]: {"n": r["n"], "woning": r["woning"]} for r in interventies},
    )
