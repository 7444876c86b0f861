"""Issue 6 in the signalen app: person data on need-to-know, the disclosure register on every
sharing, "wie heeft dit signaal bekeken" for the beheerder, formula-safe exports."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from api.tests.factories import maak_token
from ondermijning.models import AuditActie, AuditEvent, Grondslag, OrganisatieType, Verstrekking
from ondermijning.tests.factories import OrganisatieFactory
from signalen import services
from signalen.models import Agendapunt, Bron, RiecStatus, SignaalStatus
from signalen.selectors import mag_persoonsgegevens_zien
from signalen.tests.conftest import naar_status
from signalen.tests.test_views import pdf_tekst

PERSOON = "Jan Kapper"


def url(naam, *args):
    return reverse(f"signalen:{naam}", args=args)


@pytest.fixture
def punt(beleid, overleg, duiven_signaal):
    """The Duiven signal (with person Jan Kapper) on the agenda of the overleg, not yet shared."""
    services.signaal_transitie(signaal=duiven_signaal, naar=SignaalStatus.WEGING, door=beleid)
    return services.agendapunt_toevoegen(overleg=overleg, signaal=duiven_signaal, door=beleid)


def _delen(client, punt, **velden):
    data = {f"d{punt.pk}-{k}": v for k, v in velden.items()}
    return client.post(url("agendapunt_delen", punt.pk), data)


# --- field-level need-to-know -----------------------------------------------------------------


@pytest.mark.parametrize(("rol", "ziet"), [("beleid", True), ("voorzitter", True), ("coordinator", False)])
def test_personen_op_detailpagina_alleen_voor_rollen_die_ze_nodig_hebben(request, client, duiven_signaal, rol, ziet):
    client.force_login(request.getfixturevalue(rol))
    inhoud = client.get(url("detail", duiven_signaal.pk)).content.decode()
    assert "Knipgoed" in inhoud  # the rest of the signal is there for every role that may read it
    assert (PERSOON in inhoud) is ziet
    assert ("Persoonsgegevens zijn afgeschermd" in inhoud) is not ziet


def test_brp_verrijking_afgeschermd_voor_coordinator(client, beleid, coordinator, duiven_signaal):
    from signalen.models import BetrouwbaarheidBron, BetrouwbaarheidInformatie, VerrijkingBron

    naar_status(duiven_signaal, SignaalStatus.OPPLUSSEN)
    services.verrijking_toevoegen(
        signaal=duiven_signaal, door=beleid, bron=VerrijkingBron.BRP, informatie="Sinds 2019, alleenstaand.",
        datum=datetime.date(2024, 3, 2), betrouwbaarheid_bron=BetrouwbaarheidBron.A,
        betrouwbaarheid_informatie=BetrouwbaarheidInformatie.EEN,
    )  # fmt: skip
    client.force_login(beleid)
    assert "alleenstaand" in client.get(url("detail", duiven_signaal.pk)).content.decode()
    client.force_login(coordinator)
    inhoud = client.get(url("detail", duiven_signaal.pk)).content.decode()
    assert "alleenstaand" not in inhoud and "Informatie uit de BRP is afgeschermd" in inhoud


def test_een_brp_masker_voor_pagina_en_pdf(beleid, coordinator, duiven_signaal):
    """verrijkingen_van is the one mask: the page's timeline and the RIEC PDF both take it, text removed."""
    from signalen.models import BetrouwbaarheidBron, BetrouwbaarheidInformatie, VerrijkingBron
    from signalen.selectors import tijdlijn, verrijkingen_van

    naar_status(duiven_signaal, SignaalStatus.OPPLUSSEN)
    for bron in (VerrijkingBron.BRP, VerrijkingBron.KVK):
        services.verrijking_toevoegen(
            signaal=duiven_signaal, door=beleid, bron=bron, informatie=f"Uit {bron}.", datum=datetime.date(2024, 3, 2),
            betrouwbaarheid_bron=BetrouwbaarheidBron.A, betrouwbaarheid_informatie=BetrouwbaarheidInformatie.EEN,
        )  # fmt: skip
    for gebruiker, ziet in ((beleid, True), (coordinator, False)):
        toon = mag_persoonsgegevens_zien(gebruiker, duiven_signaal)
        assert toon is ziet
        pdf = {v.bron: (v.afgeschermd, v.informatie) for v in verrijkingen_van(duiven_signaal, toon_personen=toon)}
        pagina = {
            i.object.bron: (i.object.afgeschermd, i.object.informatie)
            for i in tijdlijn(duiven_signaal, toon_personen=toon)
            if i.soort == "verrijking"
        }
        assert pdf == pagina
        assert pdf["brp"] == ((False, "Uit brp.") if ziet else (True, ""))
        assert pdf["kvk"] == (False, "Uit kvk.")


def test_selector_ook_buiten_de_views_gebonden_aan_eigen_gemeenten(beleid, beleid_westervoort, duiven_signaal):
    assert mag_persoonsgegevens_zien(beleid, duiven_signaal)
    assert not mag_persoonsgegevens_zien(beleid_westervoort, duiven_signaal)


def test_persoonspagina_is_404_voor_coordinator(client, beleid, coordinator, duiven_signaal):
    persoon = duiven_signaal.personen.get()
    client.force_login(coordinator)
    assert client.get(url("subject_detail", "persoon", persoon.pk)).status_code == 404
    adres = duiven_signaal.adressen.get()
    assert client.get(url("subject_detail", "adres", adres.pk)).status_code == 200
    client.force_login(beleid)
    assert client.get(url("subject_detail", "persoon", persoon.pk)).status_code == 200


def test_ook_bekend_in_verraadt_geen_persoon_aan_coordinator(client, beleid, coordinator, duiven, duiven_signaal):
    ander = services.signaal_registreer(
        door=beleid, gemeente=duiven, titel="Dure auto bij uitkeringsgerechtigde", omschrijving="x",
        bron=Bron.INWONER, ontvangen_op=datetime.date(2024, 3, 5),
    )  # fmt: skip
    # Same name without a date of birth is a near match: the user chose the existing person.
    services.persoon_koppel(signaal=ander, door=beleid, naam=PERSOON, keuze=duiven_signaal.personen.get().pk)
    client.force_login(beleid)
    assert ander.titel in client.get(url("detail", duiven_signaal.pk)).content.decode()
    client.force_login(coordinator)
    assert ander.titel not in client.get(url("detail", duiven_signaal.pk)).content.decode()


def test_zoeken_op_persoonsnaam_alleen_met_need_to_know(client, beleid, coordinator, duiven_signaal):
    client.force_login(beleid)
    assert duiven_signaal.titel in client.get(url("lijst"), {"q": "Kapper"}).content.decode()
    client.force_login(coordinator)
    assert duiven_signaal.titel not in client.get(url("lijst"), {"q": "Kapper"}).content.decode()
    # Business, address and title still find it.
    for term in ("Knipgoed", "6921", "Kapsalon"):
        assert duiven_signaal.titel in client.get(url("lijst"), {"q": term}).content.decode(), term


def test_riec_pdf_bevat_personen_voor_voorzitter(client, voorzitter, duiven_signaal):
    client.force_login(voorzitter)
    assert PERSOON in pdf_tekst(client.get(url("riec_pdf", duiven_signaal.pk)).content)


def test_api_laat_personen_weg_voor_coordinator(beleid, coordinator, duiven_signaal):
    cache.clear()
    for gebruiker, ziet in ((beleid, True), (coordinator, False)):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {maak_token(gebruiker)[1]}")
        data = api.get(f"/api/v1/signalen/{duiven_signaal.pk}/").json()
        assert data["titel"] == duiven_signaal.titel
        assert ("personen" in data) is ziet
        assert (PERSOON in str(data)) is ziet
    cache.clear()


def test_partner_ziet_personen_alleen_bij_delen_op_grondslag(client, beleid, politie, punt, politie_org):
    client.force_login(beleid)
    assert _delen(client, punt, organisaties=[politie_org.pk], grondslag=Grondslag.LOKAAL_OVERLEG).status_code == 302
    client.force_login(politie)
    inhoud = client.get(url("overleg_detail", punt.overleg_id)).content.decode()
    assert "Kapsalon Knipgoed" in inhoud and "Knipgoed V.O.F." in inhoud
    assert PERSOON not in inhoud
    assert "Afgeschermd: niet gedeeld op een grondslag" in inhoud
    assert PERSOON not in pdf_tekst(client.get(url("overleg_agenda_pdf", punt.overleg_id)).content)
    assert not mag_persoonsgegevens_zien(politie, punt)

    client.force_login(beleid)
    antwoord = _delen(
        client, punt, organisaties=[politie_org.pk], grondslag=Grondslag.SAMEN_WEERBAAR, persoonsgegevens="on"
    )
    assert antwoord.status_code == 302
    client.force_login(politie)
    assert PERSOON in client.get(url("overleg_detail", punt.overleg_id)).content.decode()
    assert PERSOON in pdf_tekst(client.get(url("overleg_agenda_pdf", punt.overleg_id)).content)
    assert mag_persoonsgegevens_zien(politie, punt) and mag_persoonsgegevens_zien(politie, punt.signaal)
    # The signal itself stays closed to the partner: only the agenda item is shared.
    assert client.get(url("detail", punt.signaal_id)).status_code in (403, 404)


def test_andere_partner_ziet_geen_personen_van_gedeeld_punt(beleid, punt, politie_org):
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    odra = OrganisatieFactory(naam="ODRA", type=OrganisatieType.OMGEVINGSDIENST)
    odra_gebruiker = GebruikerFactory(username="t_odra", rol=Rol.KETENPARTNER, organisatie=odra)
    services.agendapunt_delen(
        agendapunt=punt, door=beleid, organisaties=[politie_org], grondslag=Grondslag.CONVENANT_RIEC,
        persoonsgegevens=True,
    )  # fmt: skip
    assert not mag_persoonsgegevens_zien(odra_gebruiker, punt)


def test_personen_delen_zonder_wettelijke_grondslag_geweigerd(client, beleid, punt, politie_org):
    client.force_login(beleid)
    antwoord = _delen(
        client, punt, organisaties=[politie_org.pk], grondslag=Grondslag.LOKAAL_OVERLEG, persoonsgegevens="on"
    )
    assert antwoord.status_code == 200
    assert "Personen delen vraagt een convenant of wettelijke taak" in antwoord.content.decode()
    assert not punt.gedeeld_met.exists() and not Verstrekking.objects.exists()
    antwoord = _delen(client, punt, organisaties=[politie_org.pk])
    assert "Kies de grondslag waarop u deelt." in antwoord.content.decode()
    assert not punt.gedeeld_met.exists()


# --- disclosure register ----------------------------------------------------------------------


def test_delen_en_intrekken_komen_in_het_register(client, beleid, beheerder, punt, politie_org):
    client.force_login(beleid)
    _delen(client, punt, organisaties=[politie_org.pk], grondslag=Grondslag.CONVENANT_RIEC, persoonsgegevens="on")
    v = Verstrekking.objects.get()
    assert (v.organisatie, v.grondslag, v.persoonsgegevens, v.door) == (
        politie_org, Grondslag.CONVENANT_RIEC, True, beleid
    )  # fmt: skip
    assert (v.object_type, v.object_id) == ("signalen.agendapunt", str(punt.pk))
    assert v.gemeente_id == punt.signaal.gemeente_id
    assert punt.signaal.nummer in v.omschrijving and PERSOON not in v.omschrijving

    # Saving the same choice again records nothing new.
    _delen(client, punt, organisaties=[politie_org.pk], grondslag=Grondslag.CONVENANT_RIEC, persoonsgegevens="on")
    assert Verstrekking.objects.count() == 1

    # Un-sharing marks the entry withdrawn and the partner loses the item.
    _delen(client, punt, grondslag="")
    v.refresh_from_db()
    assert v.ingetrokken_op is not None
    assert not punt.gedeeld_met.exists()

    client.force_login(beheerder)
    inhoud = client.get(reverse("verstrekking_lijst")).content.decode()
    assert punt.signaal.nummer in inhoud and "Ingetrokken" in inhoud and "met persoonsgegevens" in inhoud


def test_andere_grondslag_trekt_oude_in_en_legt_nieuwe_vast(beleid, punt, politie_org):
    services.agendapunt_delen(agendapunt=punt, door=beleid, organisaties=[politie_org])
    services.agendapunt_delen(
        agendapunt=punt, door=beleid, organisaties=[politie_org], grondslag=Grondslag.WETTELIJKE_TAAK,
        persoonsgegevens=True,
    )  # fmt: skip
    oud, nieuw = Verstrekking.objects.order_by("pk")
    assert oud.grondslag == Grondslag.LOKAAL_OVERLEG and oud.ingetrokken_op is not None
    assert nieuw.grondslag == Grondslag.WETTELIJKE_TAAK and nieuw.persoonsgegevens and nieuw.ingetrokken_op is None


def test_riec_indienen_is_een_verstrekking_aan_het_riec(beleid, duiven_signaal):
    naar_status(duiven_signaal, SignaalStatus.OPPLUSSEN)
    riec = OrganisatieFactory(naam="RIEC Oost-Nederland", type=OrganisatieType.RIEC)
    melding = services.riec_melding_opstellen(signaal=duiven_signaal, door=beleid, vraag_aan_riec="Wie zit erachter?")
    assert not Verstrekking.objects.exists()  # a draft stays in the house
    services.riec_melding_status(melding=melding, door=beleid, naar=RiecStatus.INGEDIEND)
    v = Verstrekking.objects.get()
    assert (v.organisatie, v.grondslag, v.persoonsgegevens) == (riec, Grondslag.CONVENANT_RIEC, True)
    assert v.object_type == "signalen.riecmelding" and v.gemeente == duiven_signaal.gemeente


# --- audit: who read this signal ---------------------------------------------------------------


def test_detail_lezen_staat_in_audit_en_beheerder_ziet_wie(client, beleid, voorzitter, beheerder, duiven_signaal):
    for gebruiker in (beleid, voorzitter):
        client.force_login(gebruiker)
        client.get(url("detail", duiven_signaal.pk))
    assert AuditEvent.objects.filter(
        actie=AuditActie.LEZEN, object_type="signalen.signaal", object_id=str(duiven_signaal.pk), actor=voorzitter
    ).exists()
    assert client.get(url("bekeken", duiven_signaal.pk)).status_code == 403
    client.force_login(beheerder)
    inhoud = client.get(url("bekeken", duiven_signaal.pk)).content.decode()
    assert "t_beleid" in inhoud and "t_voorzitter" in inhoud
    assert duiven_signaal.titel not in inhoud and PERSOON not in inhoud  # no content for the beheerder
    assert url("bekeken", duiven_signaal.pk) in client.get(reverse("audit_lijst")).content.decode()


def test_partner_die_agendapunt_ziet_staat_bij_wie_bekeek(client, beleid, politie, beheerder, punt, politie_org):
    services.agendapunt_delen(agendapunt=punt, door=beleid, organisaties=[politie_org])
    client.force_login(politie)
    client.get(url("overleg_detail", punt.overleg_id))
    client.get(url("overleg_agenda_pdf", punt.overleg_id))
    client.force_login(beheerder)
    inhoud = client.get(url("bekeken", punt.signaal_id)).content.decode()
    assert "t_politie" in inhoud and "Politie" in inhoud
    assert f"agenda overleg {punt.overleg_id}" in inhoud and f"agenda-pdf overleg {punt.overleg_id}" in inhoud


def test_wie_bekeek_is_gepagineerd_en_404_voor_onbekend(client, beleid, beheerder, duiven_signaal):
    from ondermijning import audit

    audit.log_reeks([{"actie": AuditActie.LEZEN, "actor": beleid, "obj": duiven_signaal} for _ in range(60)])
    client.force_login(beheerder)
    eerste = client.get(url("bekeken", duiven_signaal.pk))
    assert "60 keer bekeken" in eerste.content.decode() and "Pagina 1 van 2" in eerste.content.decode()
    assert eerste.content.decode().count("<tr>") == 51  # header + 50 rows
    assert client.get(url("bekeken", duiven_signaal.pk), {"pagina": 2}).content.decode().count("<tr>") == 11
    assert client.get(url("bekeken", 999999)).status_code == 404


# --- exports are safe in a spreadsheet --------------------------------------------------------


def test_export_neutraliseert_formules(client, beleid, duiven):
    from openpyxl import load_workbook

    services.signaal_registreer(
        door=beleid, gemeente=duiven, titel='=HYPERLINK("http://x","klik")', omschrijving="x",
        bron=Bron.INWONER, ontvangen_op=datetime.date(2024, 3, 1),
    )  # fmt: skip
    client.force_login(beleid)
    antwoord = client.get(url("export", "csv"))
    tekst = b"".join(antwoord.streaming_content if antwoord.streaming else [antwoord.content]).decode("utf-8-sig")
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert rijen[1][2] == '\'=HYPERLINK("http://x","klik")'
    blad = load_workbook(io.BytesIO(client.get(url("export", "xlsx")).content)).active
    assert blad["C2"].value == '\'=HYPERLINK("http://x","klik")'
    assert blad["E2"].value.date() == datetime.date(2024, 3, 1)  # dates stay dates


def test_begroting_export_neutraliseert_formules(client, coordinator, duiven):
    from openpyxl import load_workbook

    from actieplan.tests.factories import UitgaveFactory

    UitgaveFactory(gemeente=duiven, datum=datetime.date(2024, 5, 1), omschrijving="@SUM(A1:A9)")
    client.force_login(coordinator)
    antwoord = client.get(reverse("actieplan:begroting_export", args=[2024]))
    assert antwoord.status_code == 200
    boek = load_workbook(io.BytesIO(antwoord.content))
    waarden = [c.value for rij in boek.worksheets[2].iter_rows(min_row=2) for c in rij]
    assert "'@SUM(A1:A9)" in waarden


def test_agendapunt_model_blijft_gescoped(punt, politie):
    # Guard for the helpers above: a partner only ever gets agenda items shared with it.
    assert not Agendapunt.objects.voor_gebruiker(politie).exists()
