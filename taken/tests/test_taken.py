"""Tasks: decisions create them with owners, Mijn werk orders them overdue first, partners see only theirs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from controles.models import Controle
from ondermijning.models import AuditActie, AuditEvent, Grondslag, OrganisatieType, Verstrekking
from ondermijning.tests.factories import OrganisatieFactory
from signalen import bewaren as signaal_bewaren
from signalen import services as signaal_services
from signalen.models import Afsluitreden, Besluit, SignaalStatus, VernietigdSignaal
from signalen.tests.factories import OverlegFactory, SignaalFactory
from taken import services
from taken.besluiten import BESLUIT_TAKEN
from taken.models import Taak, TaakStatus
from taken.tests.factories import TaakFactory

pytestmark = pytest.mark.django_db
vandaag = timezone.localdate
dag = datetime.timedelta(days=1)


@pytest.fixture
def signaal(duiven, beleid):
    signaal = SignaalFactory(gemeente=duiven, titel="Kapsalon zonder klanten", behandelaar=beleid)
    signaal_services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )
    return signaal


@pytest.fixture
def punt(signaal, beleid, duiven):
    signaal_services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid)
    overleg = OverlegFactory(gemeenten=[duiven], datum=vandaag())
    return signaal_services.agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=beleid)


def _besluit(punt, door, besluit):
    return signaal_services.agendapunt_besluit(agendapunt=punt, door=door, besluit=besluit)


# --- decisions create their tasks ----------------------------------------------------------------


@pytest.mark.parametrize("besluit", [b for b in Besluit.values if b != Besluit.AFSLUITEN])
def test_besluit_maakt_taken_met_eigenaar_en_termijn(besluit, punt, voorzitter, beleid):
    _besluit(punt, voorzitter, besluit)
    taken = list(Taak.objects.filter(agendapunt=punt))
    verwacht = [t for t in BESLUIT_TAKEN.get(besluit, ()) if not t.partner]  # not shared: no partner task
    assert [(t.omschrijving, t.eigenaar, t.uiterlijk_op) for t in taken] == [
        (str(v.omschrijving), beleid, vandaag() + datetime.timedelta(days=v.dagen)) for v in verwacht
    ]
    for taak in taken:
        assert taak.signaal == punt.signaal and taak.status == TaakStatus.OPEN and taak.door == voorzitter
    if besluit == Besluit.CONTROLE_PLANNEN:
        assert taken[0].controle == Controle.objects.get(agendapunt=punt)
    if besluit == Besluit.BIBOB:
        assert taken[0].interventie == punt.signaal.interventies.get()


def test_besluit_zonder_behandelaar_gaat_naar_de_voorzitter(punt, voorzitter):
    type(punt.signaal).objects.filter(pk=punt.signaal_id).update(behandelaar=None)
    punt.signaal.behandelaar = None
    _besluit(punt, voorzitter, Besluit.STOP_GESPREK)
    assert Taak.objects.get(agendapunt=punt).eigenaar == voorzitter


def test_13b_gedeeld_met_politie_geeft_politie_een_taak_in_het_register(punt, voorzitter, politie_org):
    signaal_services.agendapunt_delen(
        agendapunt=punt, door=voorzitter, organisaties=[politie_org], grondslag=Grondslag.LOKAAL_OVERLEG
    )
    _besluit(punt, voorzitter, Besluit.TRAJECT_13B)
    taak = Taak.objects.get(agendapunt=punt, eigenaar_organisatie=politie_org)
    assert taak.omschrijving == "Bestuurlijke rapportage aanleveren"
    verstrekking = Verstrekking.objects.get(object_type="taken.taak", object_id=str(taak.pk))
    assert verstrekking.organisatie == politie_org and verstrekking.gemeente_id == punt.signaal.gemeente_id
    assert punt.signaal.nummer in verstrekking.omschrijving


def test_correctie_trekt_onaangeroerde_taken_in_en_houdt_afgeronde(punt, voorzitter, beleid):
    _besluit(punt, voorzitter, Besluit.BIBOB)
    taak = Taak.objects.get(agendapunt=punt)
    signaal_services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=Besluit.STOP_GESPREK,
                                                  reden="Verkeerd.")  # fmt: skip
    assert not Taak.objects.filter(pk=taak.pk).exists()
    nieuw = Taak.objects.get(agendapunt=punt)
    services.taak_rond_af(taak=nieuw, door=beleid, notitie="Gesprek gevoerd.")
    correctie = signaal_services.agendapunt_besluit_corrigeer(
        agendapunt=punt, door=voorzitter, besluit=Besluit.ANDERS, reden="Toch niet."
    )
    assert Taak.objects.filter(pk=nieuw.pk).exists()
    assert "STOP-gesprek plannen" in correctie.waarschuwing


# --- services -------------------------------------------------------------------------------------


def test_maak_wijzig_rond_af_geaudit_met_versie(signaal, beleid, voorzitter):
    taak = services.taak_maak(door=beleid, omschrijving="Buren spreken", uiterlijk_op=vandaag(), signaal=signaal,
                              eigenaar=beleid)  # fmt: skip
    with pytest.raises(ValidationError, match="gewijzigd"):
        services.taak_wijzig(taak=taak, door=voorzitter, versie=taak.versie + 1, omschrijving="x")
    with pytest.raises(ValidationError, match="gewijzigd"):
        services.taak_wijzig(taak=taak, door=voorzitter, versie=None, omschrijving="x")
    taak = services.taak_wijzig(taak=taak, door=voorzitter, versie=taak.versie, eigenaar=voorzitter)
    assert taak.eigenaar == voorzitter and taak.versie == 2
    taak = services.taak_rond_af(taak=taak, door=voorzitter, notitie="Gesproken met de buren.")
    assert (taak.status, taak.afgerond_door, taak.notitie) == (TaakStatus.GEREED, voorzitter, "Gesproken met de buren.")
    with pytest.raises(ValidationError):
        services.taak_rond_af(taak=taak, door=voorzitter, notitie="Nog eens.")
    acties = list(
        AuditEvent.objects.filter(object_type="taken.taak", object_id=str(taak.pk))
        .order_by("volgnummer")
        .values_list("actie", flat=True)
    )
    assert acties == [AuditActie.AANMAKEN, AuditActie.WIJZIGEN, AuditActie.TRANSITIE]


def test_taak_loopt_over_de_workflowkit(signaal, beleid, voorzitter):
    """The task machine is a table of the core kit: its refusal, its audit shape, its offered steps."""
    from ondermijning.workflow import OvergangGeweigerd, toegestane_acties
    from taken.workflow import TAAK

    assert all(str(stap.reden).strip() for stap in (*TAAK.transities, *TAAK.handelingen.values()))
    taak = services.taak_maak(door=beleid, omschrijving="Buren spreken", uiterlijk_op=vandaag(), signaal=signaal,
                              eigenaar=beleid)  # fmt: skip
    assert {"afronden", "laten_vervallen", "wijzigen"} <= toegestane_acties(taak, beleid)
    taak = services.taak_laat_vervallen(taak=taak, door=beleid, reden="Zaak liep anders.")
    assert toegestane_acties(taak, beleid) == set()
    with pytest.raises(OvergangGeweigerd, match="Vervallen"):
        services.taak_rond_af(taak=taak, door=beleid, notitie="Toch gedaan.")
    with pytest.raises(OvergangGeweigerd, match="open taak"):
        services.taak_wijzig(taak=taak, door=beleid, versie=taak.versie, omschrijving="x")
    event = AuditEvent.objects.get(actie=AuditActie.TRANSITIE, object_id=str(taak.pk), object_type="taken.taak")
    assert (event.toelichting, event.gemeente_id) == ("open -> vervallen", taak.gemeente_id)


def test_eigenaar_moet_voor_de_gemeente_werken(signaal, beleid, beleid_westervoort, politie):
    for eigenaar in (beleid_westervoort, politie):
        with pytest.raises(ValidationError):
            services.taak_maak(door=beleid, omschrijving="x", uiterlijk_op=vandaag(), signaal=signaal,
                               eigenaar=eigenaar)  # fmt: skip
    with pytest.raises(ValidationError, match="precies één eigenaar"):
        services.taak_maak(door=beleid, omschrijving="x", uiterlijk_op=vandaag(), signaal=signaal)


# --- partners -------------------------------------------------------------------------------------


@pytest.fixture
def partnertaken(signaal, beleid, politie_org, duiven):
    odra = OrganisatieFactory(naam="ODRA", type=OrganisatieType.OMGEVINGSDIENST)
    eigen = services.taak_maak(door=beleid, omschrijving="POLITIETAAK rapportage", uiterlijk_op=vandaag(),
                               signaal=signaal, eigenaar_organisatie=politie_org)  # fmt: skip
    ander = services.taak_maak(door=beleid, omschrijving="ODRATAAK milieu", uiterlijk_op=vandaag(), signaal=signaal,
                               eigenaar_organisatie=odra)  # fmt: skip
    intern = services.taak_maak(door=beleid, omschrijving="GEMEENTETAAK", uiterlijk_op=vandaag(), signaal=signaal,
                                eigenaar=beleid)  # fmt: skip
    return eigen, ander, intern


def test_partner_ziet_alleen_taken_van_zijn_organisatie(client, politie, partnertaken):
    eigen, ander, intern = partnertaken
    assert list(Taak.objects.voor_gebruiker(politie)) == [eigen]
    assert Verstrekking.objects.filter(object_type="taken.taak", object_id=str(eigen.pk)).count() == 1
    client.force_login(politie)
    werk = client.get(reverse("mijn_werk")).content.decode()
    assert "POLITIETAAK" in werk and "ODRATAAK" not in werk and "GEMEENTETAAK" not in werk
    pagina = client.get(reverse("taken:detail", args=[eigen.pk]))
    assert pagina.status_code == 200 and "Kapsalon" not in pagina.content.decode()  # no signal title
    for taak in (ander, intern):
        assert client.get(reverse("taken:detail", args=[taak.pk])).status_code == 404
        assert client.post(reverse("taken:afronden", args=[taak.pk]), {"notitie": "x"}).status_code == 404


def test_partner_rondt_af_met_notitie_en_kan_verder_niets(client, politie, partnertaken, signaal):
    eigen, _ander, _intern = partnertaken
    client.force_login(politie)
    assert client.post(reverse("taken:afronden", args=[eigen.pk]), {"notitie": ""}).status_code == 302
    eigen.refresh_from_db()
    assert eigen.status == TaakStatus.OPEN  # a note is required
    antwoord = client.post(reverse("taken:afronden", args=[eigen.pk]), {"notitie": "Rapportage gemaild."})
    assert antwoord.status_code == 302
    eigen.refresh_from_db()
    assert (eigen.status, eigen.notitie, eigen.afgerond_door) == (TaakStatus.GEREED, "Rapportage gemaild.", politie)
    assert AuditEvent.objects.filter(
        object_type="taken.taak", object_id=str(eigen.pk), actie=AuditActie.TRANSITIE, actor=politie
    ).exists()
    for naam, data in (("taken:wijzigen", {"omschrijving": "x"}), ("taken:vervallen", {"reden": "x"})):
        assert client.post(reverse(naam, args=[eigen.pk]), data).status_code == 403
    assert client.post(reverse("taken:nieuw", args=["signaal", signaal.pk]), {}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.taak_maak(door=politie, omschrijving="x", uiterlijk_op=vandaag(), signaal=signaal,
                           eigenaar_organisatie=politie.organisatie)  # fmt: skip


# --- pages ----------------------------------------------------------------------------------------


def test_mijn_werk_op_termijn_te_laat_eerst(client, beleid, voorzitter, duiven):
    for omschrijving, dagen in (("TAAK-LATER", 10), ("TAAK-TE-LAAT", -3), ("TAAK-VANDAAG", 0), ("TAAK-ERG-LAAT", -20)):
        TaakFactory(gemeente=duiven, eigenaar=beleid, omschrijving=omschrijving, uiterlijk_op=vandaag() + dagen * dag)
    TaakFactory(gemeente=duiven, eigenaar=voorzitter, omschrijving="TAAK-VAN-ANDER", uiterlijk_op=vandaag() - 30 * dag)
    TaakFactory(gemeente=duiven, eigenaar=beleid, omschrijving="TAAK-KLAAR", status=TaakStatus.GEREED,
                uiterlijk_op=vandaag() - 40 * dag)  # fmt: skip
    client.force_login(beleid)
    werk = client.get(reverse("mijn_werk")).content.decode()
    volgorde = ["TAAK-ERG-LAAT", "TAAK-TE-LAAT", "TAAK-VANDAAG", "TAAK-LATER"]
    posities = [werk.index(t) for t in volgorde]
    assert posities == sorted(posities)
    assert "TAAK-VAN-ANDER" not in werk and "TAAK-KLAAR" not in werk
    assert werk.count("te laat") >= 2


def test_overlegagenda_toont_open_taken_per_signaal(client, punt, voorzitter, beleid):
    _besluit(punt, voorzitter, Besluit.STOP_GESPREK)
    client.force_login(voorzitter)
    pagina = client.get(reverse("signalen:overleg_detail", args=[punt.overleg_id])).content.decode()
    assert "Openstaande taken" in pagina and "STOP-gesprek plannen en voeren" in pagina


def test_taak_toevoegen_op_signaal_en_wijzigen(client, signaal, beleid, voorzitter):
    client.force_login(beleid)
    antwoord = client.post(
        reverse("taken:nieuw", args=["signaal", signaal.pk]),
        {"omschrijving": "Eigenaar pand bellen", "uiterlijk_op": "2030-01-01", "eigenaar": voorzitter.pk},
    )
    taak = Taak.objects.get(omschrijving="Eigenaar pand bellen")
    assert antwoord.status_code == 302 and taak.eigenaar == voorzitter and taak.signaal == signaal
    assert "Eigenaar pand bellen" in client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    antwoord = client.post(
        reverse("taken:wijzigen", args=[taak.pk]),
        {"omschrijving": "Eigenaar pand bellen", "uiterlijk_op": "2030-02-01", "eigenaar": beleid.pk, "versie": 1},
    )
    assert antwoord.status_code == 302
    taak.refresh_from_db()
    assert taak.eigenaar == beleid and taak.uiterlijk_op == datetime.date(2030, 2, 1)
    # The same form again (an old version) is refused with a Dutch message.
    antwoord = client.post(
        reverse("taken:wijzigen", args=[taak.pk]),
        {"omschrijving": "Anders", "uiterlijk_op": "2030-02-01", "eigenaar": beleid.pk, "versie": 1},
    )
    assert antwoord.status_code == 200 and "Iemand anders heeft deze taak gewijzigd" in antwoord.content.decode()


def test_bewaartermijn_vernietigt_taken(signaal, beleid):
    services.taak_maak(door=beleid, omschrijving="x", uiterlijk_op=vandaag(), signaal=signaal, eigenaar=beleid)
    type(signaal).objects.filter(pk=signaal.pk).update(
        status=SignaalStatus.AFGESLOTEN, afsluitreden=Afsluitreden.GEEN_ACTIE, afgesloten_op=datetime.date(2020, 1, 1)
    )
    signaal_bewaren.signalen_vernietig(peildatum=datetime.date(2024, 1, 1))
    assert not Taak.objects.exists()
    assert VernietigdSignaal.objects.get(signaal_id=signaal.pk).onderdelen == {"taken": 1}
