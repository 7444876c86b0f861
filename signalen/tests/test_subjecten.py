"""Subjects are reused only on an exact match of what identifies them; a near match is a choice (issue 14)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api.services import signaal_extern_registreer, signalen_importeer
from ondermijning.models import AuditEvent
from signalen import services
from signalen.models import Adres, Bedrijf, Bron, Persoon, Signaal, SubjectOntkoppeling
from signalen.selectors import ook_bekend_in, tijdlijn
from signalen.subjecten import NIEUW
from signalen.tests.factories import SignaalFactory
from signalen.tests.test_views import pdf_tekst


def url(naam, *args):
    return reverse(f"signalen:{naam}", args=args)


@pytest.fixture
def signaal(beleid, duiven):
    return services.signaal_registreer(
        door=beleid,
        gemeente=duiven,
        titel="Loods met afgeplakte ramen",
        omschrijving="Ramen afgeplakt, 's nachts bedrijvigheid.\n\nLocatie volgens melder: Rijnstraat 12",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
    )


@pytest.fixture
def kapsalon(beleid, duiven):
    return SignaalFactory(gemeente=duiven, titel="Kapsalon zonder klanten")


@pytest.fixture
def rijksweg(beleid, kapsalon):
    return services.adres_koppel(
        signaal=kapsalon, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )


def rijnstraat(signaal, beleid, **extra):
    return services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijnstraat", huisnummer="12", postcode="6921 AB", plaats="Duiven", **extra
    )


# --- the rule, per kind of subject ---------------------------------------------------------------


def test_rijnstraat_wordt_niet_stil_rijksweg(signaal, beleid, rijksweg):
    """The defect of issue 14: same postcode and number in another street was silently reused."""
    with pytest.raises(services.SubjectKeuzeNodig) as keuze:
        rijnstraat(signaal, beleid)
    assert keuze.value.kandidaten == [rijksweg]
    assert "Rijksweg 12" in keuze.value.messages[0]
    assert not signaal.adressen.exists()
    # The user says it is a new address: it is made as typed, the Rijksweg stays as it was.
    adres = rijnstraat(signaal, beleid, keuze=NIEUW)
    assert adres != rijksweg and str(adres) == "Rijnstraat 12, 6921 AB Duiven"
    assert list(signaal.adressen.all()) == [adres]
    rijksweg.refresh_from_db()
    assert rijksweg.straat == "Rijksweg"


def test_adres_exact_na_normaliseren_wordt_hergebruikt(signaal, beleid, rijksweg):
    adres = services.adres_koppel(
        signaal=signaal, door=beleid, straat="  RIJKSWÉG ", huisnummer="12", postcode="6921ab", plaats="Duiven"
    )
    assert adres == rijksweg


def test_adres_andere_toevoeging_is_een_keuze(signaal, beleid, rijksweg):
    met_a = services.adres_koppel(
        signaal=SignaalFactory(gemeente=signaal.gemeente), door=beleid, straat="Rijksweg", huisnummer="12a",
        postcode="6921 AB", plaats="Duiven", keuze=NIEUW,
    )  # fmt: skip
    # "12 A" is "12a" (the same addition): reused; plain "12" is the Rijksweg 12 itself.
    assert (
        services.adres_koppel(
            signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12 A", postcode="6921 AB", plaats="Duiven"
        )
        == met_a
    )
    with pytest.raises(services.SubjectKeuzeNodig) as keuze:
        services.adres_koppel(
            signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12b", postcode="6921 AB", plaats="Duiven"
        )
    assert set(keuze.value.kandidaten) == {rijksweg, met_a}


def test_gekozen_kandidaat_wordt_gekoppeld_een_andere_niet(signaal, beleid, rijksweg, duiven):
    vreemd = Adres.objects.create(gemeente=duiven, straat="Elders", huisnummer="1", postcode="6921 ZZ", plaats="Duiven")
    with pytest.raises(services.SubjectKeuzeNodig):
        rijnstraat(signaal, beleid, keuze=vreemd.pk)  # not one of the near matches: asked again
    assert rijnstraat(signaal, beleid, keuze=str(rijksweg.pk)) == rijksweg


def test_bedrijf_alleen_hergebruikt_op_kvk(signaal, beleid, kapsalon):
    knipgoed = services.bedrijf_koppel(signaal=kapsalon, door=beleid, naam="Knipgoed V.O.F.", kvk_nummer="12345678")
    # Same KVK number: the same business, whatever name was typed.
    assert services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Knipgoed", kvk_nummer="12345678") == knipgoed
    # A similar name is a question, with or without a KVK number.
    with pytest.raises(services.SubjectKeuzeNodig) as keuze:
        services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Knipgoed VOF", kvk_nummer="87654321")
    assert keuze.value.kandidaten == [knipgoed]
    with pytest.raises(services.SubjectKeuzeNodig):
        services.bedrijf_koppel(signaal=signaal, door=beleid, naam="knipgoed v.o.f.")
    nieuw = services.bedrijf_koppel(
        signaal=signaal, door=beleid, naam="Knipgoed VOF", kvk_nummer="87654321", keuze=NIEUW
    )
    assert nieuw != knipgoed and nieuw.kvk_nummer == "87654321"
    # Nothing alike: simply made.
    garage = services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Garage Snel")
    assert garage.naam == "Garage Snel" and Bedrijf.objects.count() == 3


def test_persoon_alleen_hergebruikt_op_naam_en_geboortedatum(signaal, beleid, kapsalon):
    geboren = datetime.date(1980, 5, 1)
    jan = services.persoon_koppel(signaal=kapsalon, door=beleid, naam="Jan Kapper", geboortedatum=geboren)
    assert services.persoon_koppel(signaal=signaal, door=beleid, naam=" jan  kápper", geboortedatum=geboren) == jan
    for geboortedatum in (None, datetime.date(1981, 5, 1)):
        with pytest.raises(services.SubjectKeuzeNodig) as keuze:
            services.persoon_koppel(signaal=signaal, door=beleid, naam="Jan Kapper", geboortedatum=geboortedatum)
        assert keuze.value.kandidaten == [jan]
    zonder = services.persoon_koppel(signaal=signaal, door=beleid, naam="Jan Kapper", keuze=NIEUW)
    assert zonder != jan and zonder.geboortedatum is None
    assert Persoon.objects.count() == 2


# --- API and import: no silent reuse either --------------------------------------------------------


def test_api_en_import_maken_nieuw_subject_bij_bijna_gelijk(beleid, duiven, rijksweg):
    signaal = signaal_extern_registreer(
        door=beleid, gemeente=duiven, titel="Via de API", omschrijving="x", bron=Bron.POLITIE,
        ontvangen_op=datetime.date(2024, 3, 1),
        adressen=[{"straat": "Rijnstraat", "huisnummer": "12", "postcode": "6921 AB", "plaats": "Duiven"}],
    )  # fmt: skip
    assert str(signaal.adressen.get()) == "Rijnstraat 12, 6921 AB Duiven"
    rij = {
        "regel": 2, "gemeente": "Duiven", "titel": "Via import", "omschrijving": "x", "bron": "mma",
        "ontvangen_op": "01-03-2024", "straat": "Rijksweg", "huisnummer": "12", "postcode": "6921AB",
        "plaats": "Duiven",
    }  # fmt: skip
    [geimporteerd] = signalen_importeer(door=beleid, rijen=[rij])
    assert geimporteerd.adressen.get() == rijksweg  # the exact same address is still reused
    assert Adres.objects.count() == 2


# --- one use case, one service: the signal with its subjects -------------------------------------


def _registreer(beleid, duiven, **subjecten):
    return services.signaal_met_subjecten_registreer(
        door=beleid, gemeente=duiven, titel="Eén dienst", omschrijving="x", bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1), **subjecten,
    )  # fmt: skip


def test_een_dienst_vraagt_alle_bijna_gelijken_tegelijk_en_bewaart_niets(beleid, duiven, kapsalon, rijksweg):
    jan = services.persoon_koppel(signaal=kapsalon, door=beleid, naam="Jan Kapper")
    adressen, bedrijven = Adres.objects.count(), Bedrijf.objects.count()
    with pytest.raises(services.SubjectKeuzesNodig) as keuzes:
        _registreer(
            beleid, duiven,
            adressen=[{"straat": "Rijnstraat", "huisnummer": "12", "postcode": "6921 AB", "plaats": "Duiven"}],
            bedrijven=[{"naam": "Nieuw B.V.", "kvk_nummer": "87654321"}],
            personen=[{"naam": "Jan Kapper", "geboortedatum": datetime.date(1980, 5, 1)}],
        )  # fmt: skip
    assert [(v.pad, v.soort, v.kandidaten) for v in keuzes.value.vragen] == [
        ("adressen[0]", "adres", [rijksweg]),
        ("personen[0]", "persoon", [jan]),
    ]
    assert not Signaal.objects.filter(titel="Eén dienst").exists()
    assert (Adres.objects.count(), Bedrijf.objects.count(), Persoon.objects.count()) == (adressen, bedrijven, 1)


def test_een_dienst_fout_in_een_subject_rolt_alles_terug(beleid, duiven):
    with pytest.raises(ValidationError) as fout:
        _registreer(beleid, duiven, bedrijven=[{"naam": "Knipgoed", "kvk_nummer": "1234"}])
    assert list(fout.value.message_dict) == ["bedrijven[0].kvk_nummer"]
    assert not Signaal.objects.filter(titel="Eén dienst").exists() and not Bedrijf.objects.exists()


def test_een_dienst_alleen_voor_eigen_gemeente(beleid_westervoort, duiven):
    with pytest.raises(ValidationError) as fout:
        _registreer(beleid_westervoort, duiven)
    assert list(fout.value.message_dict) == ["gemeente"]


def test_een_dienst_voor_systemen_maakt_nieuw_en_noemt_de_bijna_gelijke(beleid, duiven, rijksweg):
    signaal = _registreer(
        beleid, duiven, bij_bijna_gelijk=NIEUW,
        adressen=[{"straat": "Rijnstraat", "huisnummer": "12", "postcode": "6921 AB", "plaats": "Duiven"}],
    )  # fmt: skip
    nieuw = signaal.adressen.get()
    assert nieuw != rijksweg
    toelichting = AuditEvent.objects.filter(object_id=str(signaal.pk), toelichting__startswith="adres").get()
    assert toelichting.toelichting == f"adres {nieuw.pk} gekoppeld (nieuw naast vergelijkbaar {rijksweg.pk})"


def test_nieuw_signaal_subjectfout_staat_bij_het_veld(client, beleid, duiven):
    client.force_login(beleid)
    getypt = {
        "gemeente": duiven.pk, "titel": "Kapsalon", "omschrijving": "Geen klanten.", "bron": Bron.INWONER,
        "ontvangen_op": "2024-03-01", "prioriteit": 2, "bedrijf_naam": "Knipgoed", "bedrijf_kvk": "1234",
    }  # fmt: skip
    antwoord = client.post(url("nieuw"), getypt)
    assert antwoord.status_code == 200
    assert "8 cijfers" in str(antwoord.context["form"].errors["bedrijf_kvk"])
    assert not Signaal.objects.filter(titel="Kapsalon").exists()


# --- the web form: "Bedoelt u ...?" -----------------------------------------------------------------


def test_bedoelt_u_bij_adres_toevoegen(client, beleid, signaal, rijksweg):
    client.force_login(beleid)
    getypt = {"straat": "Rijnstraat", "huisnummer": "12", "postcode": "6921ab", "plaats": "Duiven"}
    antwoord = client.post(url("subject_toevoegen", signaal.pk, "adres"), getypt)
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert "Bedoelt u Rijksweg 12, 6921 AB Duiven?" in inhoud
    assert "Nee, een nieuw adres aanmaken zoals ingevuld" in inhoud
    assert 'value="Rijnstraat"' in inhoud and 'value="Duiven"' in inhoud  # what was typed stays
    assert not signaal.adressen.exists()
    antwoord = client.post(url("subject_toevoegen", signaal.pk, "adres"), {**getypt, "keuze": NIEUW})
    assert antwoord.status_code == 302
    assert str(signaal.adressen.get()) == "Rijnstraat 12, 6921 AB Duiven"
    # Or the user did mean the existing one.
    ander = SignaalFactory(gemeente=signaal.gemeente)
    client.post(url("subject_toevoegen", ander.pk, "adres"), {**getypt, "straat": "Rijksstraat", "keuze": rijksweg.pk})
    assert list(ander.adressen.all()) == [rijksweg]


def test_bedoelt_u_bij_nieuw_signaal(client, beleid, duiven, rijksweg):
    client.force_login(beleid)
    getypt = {
        "gemeente": duiven.pk, "titel": "Rijnstraat 12", "omschrijving": "Afgeplakte ramen.", "bron": Bron.INWONER,
        "ontvangen_op": "2024-03-01", "prioriteit": 2, "adres_straat": "Rijnstraat", "adres_huisnummer": "12",
        "adres_postcode": "6921 AB", "adres_plaats": "Duiven",
    }  # fmt: skip
    antwoord = client.post(url("nieuw"), getypt)
    assert antwoord.status_code == 200, antwoord.content.decode()[:500]
    inhoud = antwoord.content.decode()
    assert "Bedoelt u Rijksweg 12, 6921 AB Duiven?" in inhoud and 'value="Rijnstraat"' in inhoud
    assert not Signaal.objects.filter(titel="Rijnstraat 12").exists()  # rolled back, nothing half-saved
    antwoord = client.post(url("nieuw"), {**getypt, "adres_keuze": NIEUW})
    assert antwoord.status_code == 302
    assert str(Signaal.objects.get(titel="Rijnstraat 12").adressen.get()) == "Rijnstraat 12, 6921 AB Duiven"


# --- unlinking, "ook bekend in", the RIEC form --------------------------------------------------------


def test_ontkoppelen_met_reden_in_tijdlijn_en_een_auditevent(client, beleid, beleid_westervoort, signaal, rijksweg):
    signaal.adressen.add(rijksweg)  # linked wrongly, as before the fix
    actie = url("subject_ontkoppelen", signaal.pk, "adres", rijksweg.pk)
    client.force_login(beleid_westervoort)
    assert client.post(actie, {"reden": "x"}).status_code == 404  # another municipality's signal
    client.force_login(beleid)
    client.post(actie, {"reden": ""})
    assert signaal.adressen.exists()  # no reason, no unlink
    events = AuditEvent.objects.count()
    antwoord = client.post(actie, {"reden": "Verkeerd adres: het gaat om Rijnstraat 12."})
    assert antwoord.status_code == 302
    assert not signaal.adressen.exists() and Adres.objects.filter(pk=rijksweg.pk).exists()
    assert AuditEvent.objects.count() == events + 1
    ontkoppeling = SubjectOntkoppeling.objects.get()
    assert ontkoppeling.door == beleid and ontkoppeling.adres == rijksweg
    assert [i.object for i in tijdlijn(signaal) if i.soort == "ontkoppeling"] == [ontkoppeling]
    inhoud = client.get(url("detail", signaal.pk)).content.decode()
    assert "Subject losgekoppeld (adres)" in inhoud and "Verkeerd adres: het gaat om Rijnstraat 12." in inhoud


def test_ook_bekend_in_zegt_via_welk_subject(client, beleid, signaal, kapsalon, rijksweg):
    rijnstraat(signaal, beleid, keuze=NIEUW)
    services.bedrijf_koppel(signaal=kapsalon, door=beleid, naam="Knipgoed", kvk_nummer="12345678")
    # An unrelated signal about the Rijnstraat is not linked to the barber's.
    assert ook_bekend_in(gebruiker=beleid, adressen=signaal.adressen.all(), behalve=signaal).signalen == []
    tweede = SignaalFactory(gemeente=signaal.gemeente, titel="Tweede melding kapper")
    services.adres_koppel(
        signaal=tweede, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )
    services.bedrijf_koppel(signaal=tweede, door=beleid, naam="Knipgoed", kvk_nummer="12345678")
    client.force_login(beleid)
    inhoud = client.get(url("detail", kapsalon.pk)).content.decode()
    assert "Tweede melding kapper" in inhoud
    assert "via adres Rijksweg 12, 6921 AB Duiven, KVK 12345678 (Knipgoed)" in inhoud
    assert signaal.titel not in inhoud


def test_riec_pdf_toont_het_getypte_adres(client, voorzitter, beleid, signaal, rijksweg):
    rijnstraat(signaal, beleid, keuze=NIEUW)
    client.force_login(voorzitter)
    tekst = pdf_tekst(client.get(url("riec_pdf", signaal.pk)).content)
    assert "Rijnstraat 12" in tekst and "Rijksweg" not in tekst
