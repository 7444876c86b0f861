"""Issue 21: the yearly counts kept by PostgreSQL's triggers equal the live count, whatever writes.

The year overview reads `Jaartelling` on PostgreSQL instead of joining every signal of the year to
its phenomena. These tests change signals every way the app (and a bulk load or a hand-written
UPDATE) can and compare, after each step, the kept counts with the live count of the same user
(`jaartellingen_live`) and with the table rebuilt from scratch (`herbereken_sql`).
"""

import datetime
import io

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from actieplan.overzichten import jaaroverzicht
from signalen import bewaren, jaartelling, services
from signalen.jaartelling import jaartellingen_live
from signalen.models import (
    Afsluitreden,
    Bron,
    Fenomeen,
    Interventie,
    Jaartelling,
    Signaal,
    SignaalStatus,
    VernietigdSignaal,
)
from signalen.tests.factories import InterventieFactory, SignaalFactory

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")

D = datetime.date
JAREN = (2023, 2024, 2025)


def _tabel() -> set[tuple]:
    return set(
        Jaartelling.objects.filter(aantal__gt=0).values_list("gemeente_id", "jaar", "soort", "sleutel", "aantal")
    )


def _klopt(*gebruikers) -> None:
    """Kept == live for every user and year, and kept == rebuilt from the data."""
    for gebruiker in gebruikers:
        gebruiker._gemeente_ids = None
        for jaar in JAREN:
            assert jaartelling.jaartellingen(gebruiker, jaar) == jaartellingen_live(gebruiker, jaar), (
                gebruiker.username,
                jaar,
            )
    bijgehouden = _tabel()
    with connection.cursor() as cursor:
        cursor.execute(jaartelling.herbereken_sql())
    assert _tabel() == bijgehouden


@pytest.fixture
def fenomenen(db):
    return [Fenomeen.objects.get_or_create(naam=naam)[0] for naam in ("Drugs", "Witwassen", "Mensenhandel")]


def _registreer(door, gemeente, ontvangen_op, fenomenen, bron=Bron.MMA):
    return services.signaal_registreer(
        door=door, gemeente=gemeente, titel="Kapsalon", omschrijving="Nooit een afspraak", bron=bron,
        ontvangen_op=ontvangen_op, fenomenen=fenomenen,
    )  # fmt: skip


@postgresql
def test_telling_volgt_elke_wijziging(beleid, coordinator, beleid_westervoort, duiven, westervoort, fenomenen):
    drugs, witwassen, mensenhandel = fenomenen
    a = _registreer(beleid, duiven, D(2024, 3, 1), [drugs, witwassen])
    b = _registreer(beleid, westervoort, D(2024, 5, 1), [])
    c = _registreer(beleid, duiven, D(2023, 12, 31), [drugs], bron=Bron.POLITIE)
    _klopt(beleid, coordinator, beleid_westervoort)
    assert jaartelling.jaartellingen(coordinator, 2024)[1] == [("mma", 2)]

    # Phenomena changed: added to one without, one removed, all cleared.
    services.signaal_wijzig(signaal=b, door=beleid, versie=b.versie, fenomenen=[mensenhandel])
    a.refresh_from_db()
    services.signaal_wijzig(signaal=a, door=beleid, versie=a.versie, fenomenen=[witwassen])
    c.refresh_from_db()
    services.signaal_wijzig(signaal=c, door=beleid, versie=c.versie, fenomenen=[])
    _klopt(beleid, coordinator, beleid_westervoort)

    # Date (another year), municipality and source changed.
    a.refresh_from_db()
    services.signaal_wijzig(signaal=a, door=beleid, versie=a.versie, ontvangen_op=D(2025, 1, 2), bron=Bron.POLITIE)
    b.refresh_from_db()
    services.signaal_wijzig(signaal=b, door=beleid, versie=b.versie, gemeente=duiven)
    _klopt(beleid, coordinator, beleid_westervoort)

    # Bulk writes that bypass the services: bulk_create with links, a queryset UPDATE, a delete.
    nieuw = Signaal.objects.bulk_create(
        [
            SignaalFactory.build(gemeente=westervoort, ontvangen_op=D(2024, 1, 1) + datetime.timedelta(i))
            for i in range(5)
        ]
    )
    Signaal.fenomenen.through.objects.bulk_create(
        [Signaal.fenomenen.through(signaal_id=s.pk, fenomeen_id=f.pk) for s in nieuw for f in (drugs, mensenhandel)]
    )
    Signaal.objects.filter(pk__in=[s.pk for s in nieuw[:2]]).update(ontvangen_op=D(2025, 6, 1))
    Signaal.objects.filter(pk=nieuw[4].pk).delete()
    _klopt(beleid, coordinator, beleid_westervoort)


@postgresql
def test_interventies_tellen_in_de_gemeente_van_hun_signaal(
    beleid, coordinator, beleid_westervoort, duiven, westervoort
):
    """Interventions per kind and per kind about a dwelling, in their signal's municipality and their start year."""
    a = SignaalFactory(gemeente=duiven, ontvangen_op=D(2023, 6, 1))
    b = SignaalFactory(gemeente=westervoort, ontvangen_op=D(2024, 6, 1))
    sluiting = InterventieFactory(
        signaal=a, soort="13b_sluiting", soort_zaak="harddrugs_woning", gestart_op=D(2024, 4, 1)
    )
    InterventieFactory(
        signaal=a, soort="13b_waarschuwing", soort_zaak="softdrugs_bedrijfspand", gestart_op=D(2024, 4, 2)
    )
    bibob = InterventieFactory(signaal=b, soort="bibob", gestart_op=D(2025, 1, 5))
    _klopt(beleid, coordinator, beleid_westervoort)
    assert jaartelling.jaartellingen(coordinator, 2024).interventies == {
        "13b_sluiting": {"n": 1, "woning": 1},
        "13b_waarschuwing": {"n": 1, "woning": 0},
    }

    # An intervention changed in year, kind and case; one moved to another signal; one deleted.
    Interventie.objects.filter(pk=sluiting.pk).update(gestart_op=D(2025, 2, 1), soort_zaak="softdrugs_woning")
    Interventie.objects.filter(pk=bibob.pk).update(signaal=a)
    _klopt(beleid, coordinator, beleid_westervoort)
    # The signal moves to another municipality: its interventions move with it.
    Signaal.objects.filter(pk=a.pk).update(gemeente=westervoort)
    _klopt(beleid, coordinator, beleid_westervoort)
    assert jaartelling.jaartellingen(beleid_westervoort, 2025).interventies["bibob"] == {"n": 1, "woning": 0}
    Interventie.objects.filter(pk=bibob.pk).delete()
    _klopt(beleid, coordinator, beleid_westervoort)


@postgresql
def test_vernietigen_verandert_de_telling_niet(beleid, coordinator, duiven, fenomenen):
    """Retention moves a signal from the live table to the tombstones: the counts do not move."""
    signaal = _registreer(beleid, duiven, D(2024, 2, 1), fenomenen[:2])
    _registreer(beleid, duiven, D(2024, 2, 2), [])
    services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid)
    services.signaal_transitie(
        signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_ACTIE
    )
    voor = _tabel()
    assert len(bewaren.signalen_vernietig(peildatum=D(2030, 1, 1))) == 1
    assert VernietigdSignaal.objects.filter(signaal_id=signaal.pk).exists()
    assert _tabel() == voor
    _klopt(beleid, coordinator)


@postgresql
def test_jaaroverzicht_leest_de_telling(coordinator, beleid, duiven, fenomenen):
    """The page's figures come from the kept counts (a wrong count would show), and equal the live ones."""
    _registreer(beleid, duiven, D(2024, 2, 1), fenomenen[:1])
    overzicht = jaaroverzicht(coordinator, 2024)
    assert overzicht["cijfers"]["signalen"] == 1
    Jaartelling.objects.filter(soort="bron").update(aantal=7)  # as if the triggers had counted wrong
    assert jaaroverzicht(coordinator, 2024)["cijfers"]["signalen"] == 7


@postgresql
def test_koppeling_wijzigen_wordt_geweigerd(beleid, duiven, fenomenen):
    signaal = _registreer(beleid, duiven, D(2024, 2, 1), fenomenen[:1])
    with pytest.raises(InternalError, match="fenomeenkoppeling"), transaction.atomic():
        Signaal.fenomenen.through.objects.filter(signaal=signaal).update(fenomeen=fenomenen[1])
    _klopt(beleid)


@postgresql
def test_een_telling_per_sleutel(duiven):
    Jaartelling.objects.create(gemeente=duiven, jaar=2024, soort="bron", sleutel="mma", aantal=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Jaartelling.objects.create(gemeente=duiven, jaar=2024, soort="bron", sleutel="mma", aantal=1)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps no counts")
def test_sqlite_telt_live(coordinator, beleid, duiven, fenomenen):
    _registreer(beleid, duiven, D(2024, 2, 1), fenomenen[:1])
    assert jaartelling.jaartellingen(coordinator, 2024) is None
    assert not Jaartelling.objects.exists()
    assert jaaroverzicht(coordinator, 2024)["cijfers"]["signalen"] == 1


@postgresql
def test_commando_controleert_en_herstelt(beleid, duiven, fenomenen):
    from django.core.management import CommandError, call_command

    _registreer(beleid, duiven, D(2024, 2, 1), fenomenen[:2])
    uit = io.StringIO()
    call_command("jaartelling", stdout=uit)
    assert "kloppen" in uit.getvalue()
    Jaartelling.objects.filter(soort="bron").update(aantal=5)
    uit = io.StringIO()
    with pytest.raises(CommandError, match="1 jaartelling"):
        call_command("jaartelling", stdout=uit)
    assert "'mma': 5 bijgehouden, 1 in de data" in uit.getvalue()
    call_command("jaartelling", "--herbereken", stdout=io.StringIO())
    assert jaartelling.verschillen() == []
