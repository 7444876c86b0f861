"""Service tests: the lifecycle table, version conflicts, weging, overleg decisions, RIEC, interventions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ondermijning import klok
from ondermijning.models import AuditActie, AuditEvent, OrganisatieType
from ondermijning.tests.factories import OrganisatieFactory
from ondermijning.workflow import OvergangGeweigerd, VersieConflict
from signalen import bewaren, services
from signalen.models import (
    Afsluitreden,
    Besluit,
    Bron,
    CommunicatieTaak,
    Interventie,
    InterventieSoort,
    LadderMaatregel,
    RiecStatus,
    Signaal,
    SignaalStatus,
    SoortZaak,
    Statusovergang,
    VernietigdSignaal,
    WegingUitkomst,
)
from signalen.tests.factories import DamoclesladderFactory, FenomeenFactory, OverlegFactory, SignaalFactory


@pytest.fixture
def signaal(beleid, duiven):
    return services.signaal_registreer(
        door=beleid,
        gemeente=duiven,
        titel="Kapsalon zonder klanten",
        omschrijving="Nooit een afspraak te krijgen, wel veel bezoek 's avonds.",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
        fenomenen=[FenomeenFactory(naam="Witwassen")],
    )


def zet_status(signaal, status):
    Signaal.objects.filter(pk=signaal.pk).update(status=status)
    signaal.refresh_from_db()
    return signaal


def test_registreren_legt_overgang_en_audit_vast(signaal, beleid):
    assert signaal.status == SignaalStatus.GEREGISTREERD
    assert signaal.fenomenen.get().naam == "Witwassen"
    overgang = Statusovergang.objects.get(signaal=signaal)
    assert (overgang.van, overgang.naar, overgang.door) == ("", SignaalStatus.GEREGISTREERD, beleid)
    assert AuditEvent.objects.filter(actie=AuditActie.AANMAKEN, object_id=str(signaal.pk)).exists()


def test_toegestane_overgang(signaal, beleid):
    signaal = services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid, reden="start")
    assert signaal.status == SignaalStatus.WEGING
    assert signaal.statusovergangen.last().reden == "start"
    assert AuditEvent.objects.filter(actie=AuditActie.TRANSITIE, object_id=str(signaal.pk)).count() == 2


def test_geweigerde_overgang_verandert_niets(signaal, beleid):
    versie = signaal.versie
    with pytest.raises(OvergangGeweigerd, match="kan niet naar 'Interventie'"):
        services.signaal_transitie(signaal=signaal, naar=SignaalStatus.INTERVENTIE, door=beleid)
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.GEREGISTREERD
    assert signaal.versie == versie
    assert signaal.statusovergangen.count() == 1


def test_afsluiten_vraagt_een_reden(signaal, beleid):
    with pytest.raises(OvergangGeweigerd, match="reden"):
        services.signaal_transitie(signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid)
    signaal = services.signaal_transitie(
        signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_ACTIE
    )
    assert signaal.afgesloten_op is not None


def test_tabel_biedt_alleen_toegestane_statussen(signaal):
    assert services.toegestane_statussen(signaal) == [SignaalStatus.WEGING, SignaalStatus.AFGESLOTEN]


def test_versieconflict_weigert_tweede_opslag(signaal, beleid):
    services.signaal_wijzig(signaal=signaal, door=beleid, versie=signaal.versie, titel="Eerste wijziging")
    with pytest.raises(VersieConflict):
        services.signaal_wijzig(signaal=signaal, door=beleid, versie=signaal.versie, titel="Tweede wijziging")
    signaal.refresh_from_db()
    assert signaal.titel == "Eerste wijziging"


def test_subjecten_worden_hergebruikt_en_doorzoekbaar(signaal, beleid, duiven):
    a1 = services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921ab", plaats="Duiven"
    )
    tweede = SignaalFactory(gemeente=duiven)
    a2 = services.adres_koppel(
        signaal=tweede, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )
    assert a1 == a2 and a1.postcode == "6921 AB"
    services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Kapsalon Mooi", kvk_nummer="12345678")
    signaal.refresh_from_db()
    assert "12345678" in signaal.zoektekst and "6921 AB" in signaal.zoektekst


def test_kvk_moet_acht_cijfers_zijn(signaal, beleid):
    with pytest.raises(ValidationError) as fout:
        services.bedrijf_koppel(signaal=signaal, door=beleid, naam="X", kvk_nummer="1234")
    assert "8 cijfers" in str(fout.value)


def test_weging_geen_actie_sluit_af(signaal, beleid):
    services.weging_vastleggen(
        signaal=signaal,
        door=beleid,
        is_ondermijning=False,
        raakt_gemeentelijke_taak=False,
        is_concreet=True,
        is_recent=True,
        uitkomst=WegingUitkomst.GEEN_ACTIE,
    )
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.AFGESLOTEN
    assert signaal.afsluitreden == Afsluitreden.GEEN_ACTIE
    assert list(signaal.statusovergangen.values_list("naar", flat=True)) == ["geregistreerd", "weging", "afgesloten"]


def test_weging_opplussen_en_verrijking(signaal, beleid):
    services.weging_vastleggen(
        signaal=signaal,
        door=beleid,
        is_ondermijning=True,
        raakt_gemeentelijke_taak=True,
        is_concreet=True,
        is_recent=True,
        uitkomst=WegingUitkomst.OPPLUSSEN,
    )
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.OPPLUSSEN
    verrijking = services.verrijking_toevoegen(
        signaal=signaal,
        door=beleid,
        bron="kvk",
        informatie="Eigenaar wisselt elk half jaar.",
        datum=datetime.date(2024, 3, 5),
        betrouwbaarheid_bron="A",
        betrouwbaarheid_informatie="1",
    )
    assert verrijking.betrouwbaarheid == "A1"


def test_verrijking_datum_in_toekomst_geweigerd(signaal, beleid):
    zet_status(signaal, SignaalStatus.OPPLUSSEN)
    with pytest.raises(ValidationError):
        services.verrijking_toevoegen(
            signaal=signaal,
            door=beleid,
            bron="kvk",
            informatie="x",
            datum=datetime.date.today() + datetime.timedelta(days=3),
            betrouwbaarheid_bron="A",
            betrouwbaarheid_informatie="1",
        )


def test_besluit_in_overleg_stuurt_overgang_en_riec_concept(signaal, beleid, voorzitter, duiven):
    zet_status(signaal, SignaalStatus.OPPLUSSEN)
    overleg = OverlegFactory(gemeenten=[duiven])
    punt = services.agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=beleid)
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.OVERLEG
    services.agendapunt_besluit(
        agendapunt=punt, door=voorzitter, besluit=Besluit.RIEC_SIGNAAL, notitie="Wie is eigenaar?"
    )
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.RIEC
    melding = signaal.riec_meldingen.get()
    assert melding.status == RiecStatus.CONCEPT
    with pytest.raises(OvergangGeweigerd):
        services.agendapunt_besluit(agendapunt=punt, door=voorzitter, besluit=Besluit.AFSLUITEN, afsluitreden="overig")


def test_agenderen_van_andere_gemeente_geweigerd(signaal, beleid, westervoort):
    overleg = OverlegFactory(gemeenten=[westervoort])
    with pytest.raises(ValidationError):
        services.agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=beleid)
    assert not overleg.agendapunten.exists()


def test_riec_route(signaal, beleid):
    zet_status(signaal, SignaalStatus.OPPLUSSEN)
    melding = services.riec_melding_opstellen(signaal=signaal, door=beleid, vraag_aan_riec="Wie financiert dit?")
    with pytest.raises(OvergangGeweigerd):
        services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.BESPROKEN)
    services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.INGEDIEND)
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.RIEC
    services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.BESPROKEN)
    with pytest.raises(ValidationError):
        services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.INTERVENTIE_DOOR)
    politie = OrganisatieFactory(naam="Politie", type=OrganisatieType.POLITIE)
    melding = services.riec_melding_status(
        melding=melding, door=beleid, naar=RiecStatus.INTERVENTIE_DOOR, partner=politie
    )
    assert melding.partner == politie and melding.besproken_op is not None


def test_sluiting_volgt_damoclesladder_en_maakt_communicatietaken(signaal, beleid, duiven):
    for stap, duur, onbepaald in ((1, 3, False), (2, 6, False), (3, None, True)):
        DamoclesladderFactory(
            gemeente=duiven,
            soort_zaak=SoortZaak.HARDDRUGS_WONING,
            stap=stap,
            duur_maanden=duur,
            onbepaalde_tijd=onbepaald,
            maatregel=LadderMaatregel.SLUITING,
        )
    zet_status(signaal, SignaalStatus.OVERLEG)
    adres = services.adres_koppel(
        signaal=signaal, door=beleid, straat="Dorpsstraat", huisnummer="1", postcode="6921 AA", plaats="Duiven"
    )
    kwargs = {
        "signaal": signaal,
        "door": beleid,
        "soort": InterventieSoort.SLUITING_13B,
        "gestart_op": datetime.date(2024, 5, 1),
        "adres": adres,
        "soort_zaak": SoortZaak.HARDDRUGS_WONING,
    }
    eerste = services.interventie_start(**kwargs)
    tweede = services.interventie_start(**kwargs)
    assert (eerste.sluitingsduur_maanden, tweede.sluitingsduur_maanden) == (3, 6)
    assert CommunicatieTaak.objects.filter(interventie=eerste).count() == 3
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.INTERVENTIE


def test_sluiting_zonder_ladder_geweigerd(signaal, beleid):
    zet_status(signaal, SignaalStatus.OVERLEG)
    adres = services.adres_koppel(
        signaal=signaal, door=beleid, straat="Dorpsstraat", huisnummer="1", postcode="6921 AA", plaats="Duiven"
    )
    with pytest.raises(ValidationError, match="Damoclesladder"):
        services.interventie_start(
            signaal=signaal,
            door=beleid,
            soort=InterventieSoort.SLUITING_13B,
            gestart_op=datetime.date(2024, 5, 1),
            adres=adres,
            soort_zaak=SoortZaak.HARDDRUGS_WONING,
        )
    assert not Interventie.objects.exists()


def test_bibob_advies_termijn_en_verlenging(signaal, beleid):
    zet_status(signaal, SignaalStatus.OVERLEG)
    interventie = services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.BIBOB, gestart_op=datetime.date(2024, 5, 1)
    )
    services.interventie_bibob_advies_aanvragen(
        interventie=interventie, door=beleid, aangevraagd_op=datetime.date(2024, 5, 6)
    )
    assert interventie.advies_termijn_tot == datetime.date(2024, 7, 1)
    services.interventie_bibob_termijn_verlengen(interventie=interventie, door=beleid)
    assert interventie.advies_termijn_tot == datetime.date(2024, 7, 29)
    with pytest.raises(ValidationError):
        services.interventie_bibob_termijn_verlengen(interventie=interventie, door=beleid)
    with pytest.raises(ValidationError):
        services.interventie_afronden(
            interventie=interventie, door=beleid, afgerond_op=datetime.date(2024, 7, 20), uitkomst="advies"
        )
    services.interventie_afronden(
        interventie=interventie,
        door=beleid,
        afgerond_op=datetime.date(2024, 7, 20),
        uitkomst="Vergunning geweigerd",
        bibob_uitkomst="ernstig_gevaar",
    )
    assert Interventie.objects.bibob_adviezen().count() == 1


def test_bibob_advies_boekt_700_euro(signaal, beleid):
    from actieplan.models import Uitgave

    zet_status(signaal, SignaalStatus.OVERLEG)
    interventie = services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.BIBOB, gestart_op=datetime.date(2024, 5, 1)
    )
    services.interventie_bibob_advies_aanvragen(
        interventie=interventie, door=beleid, aangevraagd_op=datetime.date(2024, 5, 6)
    )
    assert Uitgave.objects.get(interventie=interventie).bedrag == 700


def test_melding_voor_eigen_gemeente(toezicht, duiven):
    signaal = services.melding_doe(door=toezicht, gemeente=duiven, titel="Vreemde loods", omschrijving="Ramen dicht.")
    assert signaal.bron == Bron.INTERN_MELDPUNT and signaal.melder == toezicht


def test_melding_voor_andere_gemeente_geweigerd(beleid_westervoort, duiven):
    with pytest.raises(ValidationError):
        services.melding_doe(door=beleid_westervoort, gemeente=duiven, titel="x", omschrijving="y")
    assert not Signaal.objects.exists()


def test_vernietigen_na_een_jaar_laat_spoor(signaal, beleid):
    services.signaal_transitie(
        signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_ACTIE
    )
    Signaal.objects.filter(pk=signaal.pk).update(afgesloten_op=datetime.date(2023, 1, 1))
    assert bewaren.signalen_vernietig_verlopen(peildatum=datetime.date(2023, 6, 1)) == 0
    assert bewaren.signalen_vernietig_verlopen(peildatum=datetime.date(2024, 2, 1)) == 1
    assert not Signaal.objects.filter(pk=signaal.pk).exists()
    spoor = VernietigdSignaal.objects.get(signaal_id=signaal.pk)
    assert spoor.ontvangen_op == datetime.date(2024, 3, 1)


def test_tijdlijn_toont_datum_zonder_tijd_voor_een_interventie(beleid, duiven):
    """An intervention has only a start date: the timeline shows no made-up time of day."""
    from signalen.models import InterventieSoort
    from signalen.selectors import tijdlijn

    signaal = SignaalFactory(gemeente=duiven, status="riec")
    services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.STOP_GESPREK, gestart_op=datetime.date(2024, 5, 6)
    )
    items = {item.soort: item for item in tijdlijn(signaal)}
    assert items["interventie"].alleen_datum
    assert items["interventie"].moment.time() == datetime.time.min
    assert not items["overgang"].alleen_datum


def test_services_lezen_de_klok_van_het_verhaal(signaal, beleid):
    """Under `klok.op(...)` (the demo replaying its story) a recorded time is the story's time, and
    'not in the future' means after the story's today."""
    moment = timezone.make_aware(datetime.datetime(2024, 3, 10, 10, 0))
    with klok.op(moment):
        weging = services.weging_vastleggen(
            signaal=signaal,
            door=beleid,
            is_ondermijning=False,
            raakt_gemeentelijke_taak=False,
            is_concreet=True,
            is_recent=True,
            uitkomst=WegingUitkomst.GEEN_ACTIE,
        )
    signaal.refresh_from_db()
    assert weging.op == moment
    assert signaal.afgesloten_op == datetime.date(2024, 3, 10)
    ander = services.signaal_registreer(
        door=beleid,
        gemeente=signaal.gemeente,
        titel="Loods",
        omschrijving="Afgeplakte ramen.",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
    )
    zet_status(ander, SignaalStatus.OPPLUSSEN)
    with klok.op(moment), pytest.raises(ValidationError):
        services.verrijking_toevoegen(
            signaal=ander,
            door=beleid,
            bron="kvk",
            informatie="Na de dag van het verhaal.",
            datum=datetime.date(2024, 3, 11),
            betrouwbaarheid_bron="A",
            betrouwbaarheid_informatie="1",
        )
