"""Search finds what users type: signal numbers as the receipt shows them, and parts of words,
with exactly the same result on SQLite and PostgreSQL (run this file on both databases)."""

import pytest
from django.db import connection
from django.urls import reverse

from signalen.filters import zoek, zoek_zonder_personen
from signalen.models import Signaal
from signalen.tests.factories import SignaalFactory

pytestmark = pytest.mark.django_db

TEKSTEN = {
    "kwekerij_loods": "Hennepkwekerij in loods aan de Nijverheidsweg",
    "kwekerij_zolder": "Mogelijke hennepkwekerij op zolder, stroom afgetapt",
    "shisha_a": "Shishalounge open na sluitingstijd",
    "shisha_b": "Shisha-bar met veel contant geld",
    "shisha_c": "Jongeren bij shishabar, overlast",
    "drugs_a": "Drugs verkocht vanuit snackbar",
    "drugs_b": "Drugshandel bij station",
    "drugs_c": "Harddrugs in woning aangetroffen",
    "drugs_d": "Vermoeden van drugslab in schuur",
    "kapsalon": "Kapsalon zonder klanten",
    "autobedrijf": "Autobedrijf met wisselende kentekens",
}


@pytest.fixture
def signalen(duiven):
    return {
        sleutel: SignaalFactory(gemeente=duiven, titel=titel, omschrijving="Melding van een inwoner.")
        for sleutel, titel in TEKSTEN.items()
    }


def _gevonden(signalen, term, zoeker=zoek):
    namen = {s.pk: sleutel for sleutel, s in signalen.items()}
    return {namen[pk] for pk in zoeker(Signaal.objects.all(), term).values_list("pk", flat=True)}


@pytest.mark.parametrize("zoeker", [zoek, zoek_zonder_personen])
@pytest.mark.parametrize(
    ("term", "verwacht"),
    [
        ("hennep", {"kwekerij_loods", "kwekerij_zolder"}),
        ("Hennep", {"kwekerij_loods", "kwekerij_zolder"}),
        ("kwekerij", {"kwekerij_loods", "kwekerij_zolder"}),
        ("shisha", {"shisha_a", "shisha_b", "shisha_c"}),
        ("drugs", {"drugs_a", "drugs_b", "drugs_c", "drugs_d"}),
        ("hennep zolder", {"kwekerij_zolder"}),
        ("bedrijf", {"autobedrijf"}),
        ("pizzeria", set()),
    ],
)
def test_woorddelen_gevonden_op_elke_database(signalen, zoeker, term, verwacht):
    """Issue 14.5: on PostgreSQL "hennep" found 0 of 2, "shisha" 0 of 3, "drugs" 1 of 4."""
    assert _gevonden(signalen, term, zoeker) == verwacht, connection.vendor


@pytest.mark.parametrize("zoeker", [zoek, zoek_zonder_personen])
@pytest.mark.parametrize("vorm", ["S-{:05d}", "s-{:05d}", "S{:05d}", "S-{}", "{}", "{:05d}", " S-{:05d} "])
def test_signaalnummer_gevonden(signalen, zoeker, vorm):
    """Issue 14.5: "S-00059" (as on the receipt) or "59" found nothing."""
    doel = signalen["kapsalon"]
    assert doel.nummer == f"S-{doel.pk:05d}"
    assert _gevonden(signalen, vorm.format(doel.pk), zoeker) == {"kapsalon"}


def test_signaalnummer_met_woord(signalen):
    doel = signalen["kapsalon"]
    assert _gevonden(signalen, f"{doel.nummer} kapsalon") == {"kapsalon"}
    assert _gevonden(signalen, f"{doel.nummer} hennep") == set()


def test_nummer_in_de_lijst_via_de_pagina(client, beleid, signalen):
    doel = signalen["kapsalon"]
    client.force_login(beleid)
    inhoud = client.get(reverse("signalen:lijst"), {"q": doel.nummer}).content.decode()
    assert "1 signaal" in inhoud and doel.titel in inhoud


def _plan(qs) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(r[0] for r in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes only on PostgreSQL")
def test_zoeken_gebruikt_de_woorddelenvector(signalen):
    """Issue 21: a word of letters and digits is one lookup in the GIN index of the stored vector
    of word parts (migration 0017), never a trigram scan or `to_tsvector` per row.

    The query without ordering, as the list's count runs it; with a few rows the planner would
    rather read the table, hence seqscan off.
    """
    plan = _plan(zoek(Signaal.objects.all(), "hennep").order_by())
    assert "signaal_zoekvector_gin" in plan and "to_tsvector" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index only on PostgreSQL")
def test_zoeken_met_leestekens_gebruikt_de_trigramindex(signalen):
    """A word with other characters than ASCII letters and digits keeps the trigram index (0013)."""
    plan = _plan(zoek(Signaal.objects.all(), "shisha-bar").order_by())
    assert "signaal_zoektekst_trgm" in plan, plan


WOORDEN = [
    "hennep",
    "kwekerij",
    "EKER",
    "shisha",
    "sha-b",
    "bar",
    "drugs",
    "ugsh",
    "12345678",
    "3456",
    "6811AB",
    "811a",
    "ab",
    "a",
    "café",
    "CAFÉ",
    "afé",
    "van",
    "n",
    "Nijverheidsweg",
    "heidsweg",
    "schuur",
    "x" * 61,
    "wisselende",
    "kentekens",
    "2026",
    "e-mail",
    "info@kapsalon.nl",
    "kapsalon.nl",
    "100%",
    "_",
    "huis_nummer",
    "s-00059",
]
VRIJE_TEKSTEN = [
    "KVK 12345678 Kapsalon Ashraf, 6811AB Arnhem",
    "Café de Zwaan, Marktplein 3, 6811 AB Arnhem; info@kapsalon.nl",
    "Melder: 100% zeker, huis_nummer 12b, e-mail gestuurd",
    "Shisha-bar van Jansen-de Vries " + "x" * 80,
    "",
]


def test_woorddeel_vindt_dezelfde_signalen_als_icontains(signalen, duiven):
    """Issue 21: the vector of word parts finds exactly what `icontains` finds, on every
    database (run with DATABASE_URL on PostgreSQL): words with and without punctuation, parts
    inside words, numbers, accents, case, words shorter than three and longer than 60 characters."""
    for tekst in VRIJE_TEKSTEN:
        SignaalFactory(gemeente=duiven, titel=tekst[:200], omschrijving="", zoektekst=tekst)
    for woord in WOORDEN:
        via_vector = set(Signaal.objects.filter(zoektekst__woorddeel=woord).values_list("pk", flat=True))
        via_icontains = set(Signaal.objects.filter(zoektekst__icontains=woord).values_list("pk", flat=True))
        assert via_vector == via_icontains, (woord, connection.vendor)
    assert Signaal.objects.filter(zoektekst__woorddeel="12345678").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index only on PostgreSQL")
def test_zoeken_gebruikt_de_trigramindex(signalen):
    """At 100,000 signals a substring search must not read the whole table: the plan uses the index.

    The query without ordering, as the list's count runs it; with a few rows the planner would
    rather read the table, hence seqscan off.
    """
    plan = _plan(Signaal.objects.filter(zoektekst__icontains="hennep").order_by())
    assert "signaal_zoektekst_trgm" in plan, plan
