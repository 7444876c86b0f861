"""Retention (issue 6.9): `manage.py opschonen` destroys exactly the expired signals, with their
enrichment and the subjects nothing else uses, leaves tombstones, and the audit chain still verifies.
Time is frozen by patching django.utils.timezone.now (no extra dependency)."""

import datetime
import io
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ondermijning import audit
from ondermijning.models import AuditActie, AuditEvent
from signalen import bewaren, services
from signalen.models import (
    Adres,
    Afsluitreden,
    Bedrijf,
    BetrouwbaarheidBron,
    BetrouwbaarheidInformatie,
    Bewaartermijn,
    Bron,
    Interventie,
    Persoon,
    Signaal,
    SignaalStatus,
    VernietigdSignaal,
    Verrijking,
    VerrijkingBron,
)

AMS = ZoneInfo("Europe/Amsterdam")


@contextmanager
def bevroren(jaar, maand, dag):
    """Freeze timezone.now() (and so localdate()) at noon in Amsterdam on that day (in UTC, as now() gives)."""
    moment = datetime.datetime(jaar, maand, dag, 12, 0, tzinfo=AMS).astimezone(datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def _signaal(beleid, gemeente, titel, *, persoon=None, postcode="6921 AB", huisnummer="1"):
    signaal = services.signaal_registreer(
        door=beleid, gemeente=gemeente, titel=titel, omschrijving="feiten", bron=Bron.INWONER,
        ontvangen_op=timezone.localdate() - datetime.timedelta(days=30),
    )  # fmt: skip
    services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijksweg", huisnummer=huisnummer, postcode=postcode, plaats="Duiven"
    )
    if persoon:
        services.persoon_koppel(signaal=signaal, door=beleid, naam=persoon)
    return signaal


def _sluit(signaal, beleid, reden):
    services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid)
    return services.signaal_transitie(signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=reden)


@pytest.fixture
def wereld(beleid, duiven):
    """Signals closed on 10 January 2024, in every situation retention must tell apart."""
    with bevroren(2024, 1, 10):
        verlopen = _signaal(beleid, duiven, "Verlopen", persoon="Piet Eenmalig", huisnummer="1")
        services.signaal_transitie(signaal=verlopen, naar=SignaalStatus.WEGING, door=beleid)
        services.signaal_transitie(signaal=verlopen, naar=SignaalStatus.OPPLUSSEN, door=beleid)
        services.verrijking_toevoegen(
            signaal=verlopen, door=beleid, bron=VerrijkingBron.KVK, informatie="Eenmanszaak sinds 2023.",
            datum=datetime.date(2024, 1, 9), betrouwbaarheid_bron=BetrouwbaarheidBron.A,
            betrouwbaarheid_informatie=BetrouwbaarheidInformatie.EEN,
        )  # fmt: skip
        services.signaal_transitie(
            signaal=verlopen, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_RESULTAAT
        )
        # Shares its address (number 2) with a signal that stays: the address must stay too.
        gedeeld_adres = _signaal(beleid, duiven, "Verlopen met gedeeld adres", huisnummer="2")
        _sluit(gedeeld_adres, beleid, Afsluitreden.GEEN_ACTIE)
        blijft = _signaal(beleid, duiven, "Loopt nog", huisnummer="2")
        # Closed with follow-up (an intervention, a reason with result): kept.
        met_interventie = _signaal(beleid, duiven, "Met interventie", huisnummer="3")
        _sluit(met_interventie, beleid, Afsluitreden.GEEN_ACTIE)
        Interventie.objects.create(signaal=met_interventie, soort="stop_gesprek", gestart_op=datetime.date(2024, 1, 5))
        met_resultaat = _signaal(beleid, duiven, "Interventie afgerond", huisnummer="4")
        _sluit(met_resultaat, beleid, Afsluitreden.INTERVENTIE_AFGEROND)
    with bevroren(2024, 12, 1):
        recent = _signaal(beleid, duiven, "Recent afgesloten", huisnummer="5")
        _sluit(recent, beleid, Afsluitreden.GEEN_ACTIE)
    return {
        "verlopen": verlopen,
        "gedeeld_adres": gedeeld_adres,
        "blijft": blijft,
        "met_interventie": met_interventie,
        "met_resultaat": met_resultaat,
        "recent": recent,
    }


def _bestaat(signaal) -> bool:
    return Signaal.objects.filter(pk=signaal.pk).exists()


def test_niets_voor_het_jaar_om_is(wereld):
    # Closed 10 January 2024; 365 days later (2024 is a leap year) is 9 January 2025: still kept.
    with bevroren(2025, 1, 9):
        call_command("opschonen", stdout=io.StringIO())
    assert all(_bestaat(s) for s in wereld.values())
    assert not VernietigdSignaal.objects.exists()


def test_opschonen_vernietigt_precies_de_verlopen_signalen(wereld, duiven):
    verlopen = wereld["verlopen"]
    persoon = verlopen.personen.get()
    eigen_adres = verlopen.adressen.get()
    gedeeld = wereld["gedeeld_adres"].adressen.get()
    assert Verrijking.objects.filter(signaal=verlopen).count() == 1
    uit = io.StringIO()
    with bevroren(2025, 1, 12) as nu:
        call_command("opschonen", stdout=uit)
    weg = {"verlopen", "gedeeld_adres"}
    for naam, signaal in wereld.items():
        assert _bestaat(signaal) is (naam not in weg), naam
    # Enrichment and subjects nothing else uses are gone; the shared address stays.
    assert not Verrijking.objects.filter(signaal_id=verlopen.pk).exists()
    assert not Persoon.objects.filter(pk=persoon.pk).exists()
    assert not Adres.objects.filter(pk=eigen_adres.pk).exists()
    assert Adres.objects.filter(pk=gedeeld.pk).exists()
    # Tombstones: id, municipality, dates, reason; no content.
    spoor = VernietigdSignaal.objects.get(signaal_id=verlopen.pk)
    assert spoor.gemeente == duiven
    assert spoor.afgesloten_op == datetime.date(2024, 1, 10)
    assert spoor.ontvangen_op == datetime.date(2023, 12, 11)
    assert spoor.afsluitreden == Afsluitreden.GEEN_RESULTAAT
    assert spoor.vernietigd_op == nu
    assert "365 dagen" in spoor.reden
    assert VernietigdSignaal.objects.count() == 2
    tekst = uit.getvalue()
    assert f"S-{verlopen.pk:05d}" in tekst and "2 signalen, 1 verrijkingen" in tekst and "1 personen" in tekst
    assert "Verlopen" not in tekst and "Piet" not in tekst  # no titles or names in the output
    # Destruction is audited, and the chain still verifies (audit_verify exits 1 when broken).
    assert AuditEvent.objects.filter(
        actie=AuditActie.VERWIJDEREN, object_type="signalen.signaal", object_id=str(verlopen.pk)
    ).exists()
    assert audit.verifieer() == []
    call_command("audit_verify", stdout=io.StringIO())
    # A second run finds nothing more.
    with bevroren(2025, 1, 13):
        assert bewaren.signalen_vernietig_verlopen() == 0


def test_dry_run_toont_maar_vernietigt_niets(wereld):
    uit = io.StringIO()
    events = AuditEvent.objects.count()
    with bevroren(2025, 1, 12):
        call_command("opschonen", "--dry-run", stdout=uit)
    tekst = uit.getvalue()
    assert f"Zou vernietigen: signaal S-{wereld['verlopen'].pk:05d}" in tekst
    assert f"S-{wereld['gedeeld_adres'].pk:05d}" in tekst
    assert f"S-{wereld['blijft'].pk:05d}" not in tekst and f"S-{wereld['recent'].pk:05d}" not in tekst
    assert "Proefrun: er is niets vernietigd." in tekst
    assert all(_bestaat(s) for s in wereld.values())
    assert not VernietigdSignaal.objects.exists()
    assert wereld["verlopen"].personen.exists()
    assert AuditEvent.objects.count() == events
    assert audit.verifieer() == []


def test_bewaartermijn_per_afsluitreden_is_instelbaar(beleid, duiven):
    Bewaartermijn.objects.update_or_create(afsluitreden=Afsluitreden.DOORVERWEZEN, defaults={"dagen": 30})
    with bevroren(2024, 3, 1):
        doorverwezen = _signaal(beleid, duiven, "Doorverwezen", huisnummer="7")
        _sluit(doorverwezen, beleid, Afsluitreden.DOORVERWEZEN)
        geen_actie = _signaal(beleid, duiven, "Geen actie", huisnummer="8")
        _sluit(geen_actie, beleid, Afsluitreden.GEEN_ACTIE)
    with bevroren(2024, 3, 31):
        assert bewaren.signalen_vernietig_verlopen() == 0
    with bevroren(2024, 4, 1):
        assert bewaren.signalen_vernietig_verlopen() == 1
    assert not _bestaat(doorverwezen) and _bestaat(geen_actie)
    assert "30 dagen" in VernietigdSignaal.objects.get(signaal_id=doorverwezen.pk).reden


def test_bedrijf_in_gebruik_bij_controle_blijft(beleid, duiven):
    from controles.tests.factories import ControleObjectFactory

    with bevroren(2024, 1, 10):
        signaal = _signaal(beleid, duiven, "Bedrijf ook gecontroleerd", huisnummer="9")
        bedrijf = services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Garage Snel", kvk_nummer="87654321")
        ControleObjectFactory(bedrijf=bedrijf, adres=None, controle__gemeente=duiven)
        _sluit(signaal, beleid, Afsluitreden.GEEN_ACTIE)
    with bevroren(2025, 2, 1):
        resultaat = bewaren.signalen_vernietig()
    assert not _bestaat(signaal)
    assert Bedrijf.objects.filter(pk=bedrijf.pk).exists()
    assert resultaat.subjecten["bedrijven"] == 0


def test_beheerder_ziet_de_sporen_in_beheer(client, beheerder, wereld):
    with bevroren(2025, 1, 12):
        bewaren.signalen_vernietig_verlopen()
    client.force_login(beheerder)
    lijst = client.get(reverse("admin:signalen_vernietigdsignaal_changelist"))
    assert lijst.status_code == 200
    assert str(wereld["verlopen"].pk) in lijst.content.decode()
    assert client.get(reverse("admin:signalen_vernietigdsignaal_add")).status_code == 403
    assert client.get(reverse("admin:signalen_bewaartermijn_changelist")).status_code == 200
    # "Wie heeft dit bekeken" still answers for a destroyed signal, and says it was destroyed.
    inhoud = client.get(reverse("signalen:bekeken", args=[wereld["verlopen"].pk])).content.decode()
    assert "Dit signaal is vernietigd op" in inhoud
