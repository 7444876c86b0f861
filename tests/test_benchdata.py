"""`maak_benchdata` (the data of `make bench`) fills a database with what the benchmark expects."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from actieplan.models import Actie, Begroting, Uitgave, Uitvoeringsplan
from bench.management.commands.maak_benchdata import BENCH_BEHEERDER, BENCH_GEBRUIKER
from controles.models import Bezoek, Controle, TheseusLabel
from ondermijning.models import Gebruiker, Gemeente
from ondermijning.scoping import Rol
from signalen.models import Adres, Bedrijf, Persoon, Signaal, SignaalStatus, Statusovergang, Verrijking


@pytest.fixture
def benchdata(db):
    uit = StringIO()
    call_command("maak_benchdata", "--signalen", "200", stdout=uit)
    return uit.getvalue()


def test_maakt_de_verwachte_data(benchdata):
    assert "Benchmarkdata in" in benchdata
    assert Gemeente.objects.count() == 15
    assert Signaal.objects.count() == 200
    # ~0.3 recurring subjects per signal, with a floor of 30.
    assert Adres.objects.count() + Bedrijf.objects.count() + Persoon.objects.count() == 60
    assert Controle.objects.count() == 10
    assert 0 < Bezoek.objects.count() <= 40
    assert Uitvoeringsplan.objects.count() == 40  # four partnerships, ten years
    assert Actie.objects.count() == 800
    assert Begroting.objects.count() == 150  # 15 municipalities, ten years
    assert Uitgave.objects.exists()
    assert Verrijking.objects.exists()

    # Every signal has a phenomenon and a recorded lifecycle.
    assert not Signaal.objects.filter(fenomenen=None).exists()
    eerste = Statusovergang.objects.filter(van="").values_list("signaal_id", "naar")
    assert len(eerste) == 200 and {naar for _, naar in eerste} == {SignaalStatus.GEREGISTREERD}
    # The last recorded transition is the signal's current status.
    laatste = {}
    for overgang in Statusovergang.objects.order_by("created_at", "pk"):
        laatste[overgang.signaal_id] = overgang.naar
    assert laatste == dict(Signaal.objects.values_list("pk", "status"))
    # Subjects recur: at least one address is linked to more than one signal.
    assert Adres.objects.annotate(n=Count("signalen")).filter(n__gt=1).exists()

    # Theseus: a label history, exactly one current label per business.
    bedrijven = TheseusLabel.objects.values("bedrijf").distinct().count()
    assert bedrijven > 0
    assert TheseusLabel.objects.filter(huidig=True).count() == bedrijven
    assert TheseusLabel.objects.count() > bedrijven

    # Users in every role, and the user the benchmark logs in as.
    for rol in Rol:
        assert Gebruiker.objects.filter(groups__name=rol.value).exists(), rol
    bench = Gebruiker.objects.get(username=BENCH_GEBRUIKER)
    assert bench.heeft_rol(Rol.BELEIDSMEDEWERKER) and bench.heeft_rol(Rol.COORDINATOR)
    assert bench.gemeenten.count() == 3
    assert Gebruiker.objects.get(username=BENCH_BEHEERDER).is_superuser
    zichtbaar = Signaal.objects.voor_gebruiker(bench)
    assert 0 < zichtbaar.count() < 200
    assert not zichtbaar.exclude(gemeente__in=bench.gemeenten.all()).exists()

    # Ten years of data.
    oudste = Signaal.objects.order_by("ontvangen_op").first().ontvangen_op
    assert oudste < datetime.date.today() - datetime.timedelta(days=365 * 5)


def test_weigert_een_database_met_benchdata(benchdata):
    with pytest.raises(CommandError):
        call_command("maak_benchdata", "--signalen", "200", stdout=StringIO())
    assert Signaal.objects.count() == 200


def _sleutels_en_indexen():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        )
        sleutels = set(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return sleutels, set(cursor.fetchall())


def test_sleutels_en_indexen_na_het_laden_terug(db):
    """The loader drops foreign keys and indexes of the big tables during the load (PostgreSQL):
    afterwards every one is back, with the same definition (and the keys validated)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("drops and rebuilds only on PostgreSQL")
    voor = _sleutels_en_indexen()
    assert any(tabel == "signalen_signaal" for tabel, _naam, _def in voor[0])
    call_command("maak_benchdata", "--signalen", "50", stdout=StringIO())
    assert _sleutels_en_indexen() == voor
