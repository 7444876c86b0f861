"""Procedure steps make their tasks: the step next in turn has one, recording it completes it, never twice."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documenten.models import Document
from ondermijning import klok
from procedures import services, stappentaken
from procedures.models import ProcedureStap, ProcedureStatus
from procedures.tests.factories import damocles, start_13b
from signalen import services as signalen_services
from signalen.models import CommunicatieSoort, CommunicatieTaak, InterventieSoort, SignaalStatus
from signalen.tests.factories import AdresFactory, DamoclesladderFactory, SignaalFactory
from taken import services as taken_services
from taken.models import Taak, TaakStatus

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)


def _stap(procedure, volgorde):
    return procedure.stappen.select_related("sjabloon").get(sjabloon__volgorde=volgorde)


def _taken(procedure):
    stappen = list(procedure.stappen.all())
    return [t for lijst in stappentaken.taken_van(stappen).values() for t in lijst]


def _vastleggen(procedure, volgorde, door, dag=MAANDAG, **velden):
    standaard = {
        1: {"tekst": "Hennepkwekerij, 200 planten, woning"},
        4: {"uitkomst": "Geen zienswijze ontvangen"},
        5: {"geschikt": "Stopt de handel.", "noodzakelijk": "Waarschuwing gegeven.", "evenredig": "Drie maanden."},
        6: {"uitkomst": "Sluiting"},
    }
    return services.stap_vastleggen(
        stap=_stap(procedure, volgorde), door=door, gedaan_op=dag, **{**standaard.get(volgorde, {}), **velden}
    )


def test_de_stap_die_aan_de_beurt_is_heeft_een_taak_voor_de_eigenaar(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    [taak] = _taken(procedure)
    assert taak.omschrijving == f"{damocles().naam}: Intake bestuurlijke rapportage politie"
    assert taak.eigenaar == beleid and taak.status == TaakStatus.OPEN
    assert taak.signaal == procedure.signaal and taak.onderdeel_id == _stap(procedure, 1).pk


def test_vastleggen_rondt_de_taak_af_en_de_volgende_stap_krijgt_er_een_met_de_termijn(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    procedure = start_13b(gemeente=duiven, door=beleid)
    for volgorde in (1, 2, 3):
        _vastleggen(procedure, volgorde, beleid, dag=datetime.date(2026, 4, 13))
    taken = {t.omschrijving.split(": ", 1)[1]: t for t in _taken(procedure)}
    assert taken["Intake bestuurlijke rapportage politie"].status == TaakStatus.GEREED
    assert "Stap vastgelegd" in taken["Voornemen verzonden"].notitie
    zienswijze = taken["Zienswijze"]
    # Due on the step's computed term: two weeks after the intention letter, past Koningsdag.
    assert zienswijze.status == TaakStatus.OPEN and zienswijze.uiterlijk_op == datetime.date(2026, 4, 28)
    assert len(taken) == 4


def test_niets_dubbel_ook_niet_als_een_stap_opnieuw_wordt_vastgelegd(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _vastleggen(procedure, 1, beleid)
    _vastleggen(procedure, 1, beleid, tekst="Bijgewerkt: 250 planten")
    omschrijvingen = [t.omschrijving for t in _taken(procedure)]
    assert len(omschrijvingen) == len(set(omschrijvingen)) == 2


def test_overslaan_laat_de_taak_vervallen_met_de_reden(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    procedure = start_13b(gemeente=duiven, door=beleid)
    for volgorde in range(1, 7):
        _vastleggen(procedure, volgorde, beleid, **({"uitkomst": "Waarschuwing"} if volgorde == 6 else {}))
    services.stap_overslaan(stap=_stap(procedure, 7), door=beleid, reden="Waarschuwing, geen sluiting.")
    sluiting = next(t for t in _taken(procedure) if t.omschrijving.endswith("Sluiting van/tot"))
    assert sluiting.status == TaakStatus.VERVALLEN and "Waarschuwing, geen sluiting." in sluiting.notitie
    # No closure: no posters, no letter, no press release.
    assert not [t for t in _taken(procedure) if t.omschrijving.startswith("Sluiting: ")]


def test_sjabloon_zonder_taak_of_met_een_ketenpartner(beleid, duiven, politie_org):
    soort = damocles()
    soort.stappen.filter(volgorde=1).update(taak_organisatie=politie_org)
    soort.stappen.filter(volgorde=2).update(taak=False)
    procedure = start_13b(gemeente=duiven, door=beleid)
    [taak] = _taken(procedure)
    assert taak.eigenaar is None and taak.eigenaar_organisatie == politie_org
    assert taak.uiterlijk_op == klok.vandaag() + datetime.timedelta(days=10)  # no term: taak_dagen
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    _vastleggen(procedure, 1, beleid)
    _vastleggen(procedure, 2, beleid)
    assert not any(t.omschrijving.endswith("Stap op de Damoclesladder") for t in _taken(procedure))


def test_sluiting_maakt_de_communicatietaken_behalve_wat_de_interventie_al_afvinkte(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.INTERVENTIE)
    adres = AdresFactory(gemeente=duiven)
    signaal.adressen.add(adres)
    with klok.op(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        interventie = signalen_services.interventie_start(
            signaal=signaal, door=beleid, soort=InterventieSoort.SLUITING_13B, gestart_op=MAANDAG,
            soort_zaak="harddrugs_woning", adres=adres,
        )  # fmt: skip
    CommunicatieTaak.objects.filter(interventie=interventie, soort=CommunicatieSoort.POSTERS).update(
        afgerond_op=MAANDAG
    )
    procedure = services.procedure_start(
        signaal=signaal, soort=damocles(), door=beleid, interventie=interventie, gestart_op=MAANDAG
    )
    for volgorde in range(1, 7):
        _vastleggen(procedure, volgorde, beleid)
    _vastleggen(procedure, 7, beleid, dag=datetime.date(2026, 3, 9), tot_op=datetime.date(2026, 6, 8))
    communicatie = {t.omschrijving: t for t in _taken(procedure) if t.omschrijving.startswith("Sluiting: ")}
    assert set(communicatie) == {"Sluiting: Brief aan omwonenden", "Sluiting: Persbericht"}
    for taak in communicatie.values():
        assert taak.uiterlijk_op == datetime.date(2026, 3, 9) and taak.interventie == interventie
    _vastleggen(procedure, 7, beleid, dag=datetime.date(2026, 3, 9), tot_op=datetime.date(2026, 6, 15))
    assert len([t for t in _taken(procedure) if t.omschrijving.startswith("Sluiting: ")]) == 2


def _gesloten_met_interventie(duiven, beleid):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.INTERVENTIE)
    adres = AdresFactory(gemeente=duiven)
    signaal.adressen.add(adres)
    with klok.op(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        interventie = signalen_services.interventie_start(
            signaal=signaal, door=beleid, soort=InterventieSoort.SLUITING_13B, gestart_op=MAANDAG,
            soort_zaak="harddrugs_woning", adres=adres,
        )  # fmt: skip
    procedure = services.procedure_start(
        signaal=signaal, soort=damocles(), door=beleid, interventie=interventie, gestart_op=MAANDAG
    )
    for volgorde in range(1, 7):
        _vastleggen(procedure, volgorde, beleid)
    _vastleggen(procedure, 7, beleid, dag=datetime.date(2026, 3, 9), tot_op=datetime.date(2026, 6, 8))
    communicatie = {t.omschrijving: t for t in _taken(procedure) if t.omschrijving.startswith("Sluiting: ")}
    return interventie, communicatie


def test_taak_afronden_vinkt_het_communicatiepunt_van_de_interventie_af(beleid, duiven):
    interventie, communicatie = _gesloten_met_interventie(duiven, beleid)
    taak = communicatie["Sluiting: Persbericht"]
    taken_services.taak_rond_af(taak=taak, door=beleid, notitie="Persbericht verstuurd.")
    punt = CommunicatieTaak.objects.get(interventie=interventie, soort=CommunicatieSoort.PERSBERICHT)
    assert punt.afgerond_op is not None and punt.afgerond_door == beleid
    assert (
        not CommunicatieTaak.objects.filter(interventie=interventie, afgerond_op__isnull=False)
        .exclude(soort=CommunicatieSoort.PERSBERICHT)
        .exists()
    )


def test_communicatiepunt_afvinken_rondt_de_taak_af(beleid, duiven):
    interventie, communicatie = _gesloten_met_interventie(duiven, beleid)
    punt = CommunicatieTaak.objects.get(interventie=interventie, soort=CommunicatieSoort.POSTERS)
    signalen_services.communicatietaak_afronden(taak=punt, door=beleid)
    taak = Taak.objects.get(pk=communicatie["Sluiting: Posters op het pand"].pk)
    assert taak.status == TaakStatus.GEREED and "interventie" in taak.notitie
    assert Taak.objects.get(pk=communicatie["Sluiting: Persbericht"].pk).status == TaakStatus.OPEN


def test_taken_staan_op_de_procedurepagina_en_in_mijn_werk(client, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    client.force_login(beleid)
    pagina = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "Taken" in pagina and "Intake bestuurlijke rapportage politie" in pagina
    mijn_werk = client.get(reverse("mijn_werk")).content.decode()
    assert "Intake bestuurlijke rapportage politie" in mijn_werk


def test_afgeronde_taak_telt_de_verhaaltijd(beleid, duiven):
    moment = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    with klok.op(moment):
        procedure = start_13b(gemeente=duiven, door=beleid)
        _vastleggen(procedure, 1, beleid)
    intake = Taak.objects.get(onderdeel_id=_stap(procedure, 1).pk)
    assert intake.created_at == moment and intake.afgerond_op == moment
    assert procedure.created_at == moment
    assert ProcedureStap.objects.get(pk=_stap(procedure, 1).pk).updated_at == moment


def test_document_bij_een_stap_staat_op_de_tijdlijn(client, beleid, beleid_westervoort, duiven, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    procedure = start_13b(gemeente=duiven, door=beleid)
    stap = _stap(procedure, 1)
    url = reverse("procedures:stap_document", args=[procedure.pk, stap.pk])
    gegevens = {"soort": "bestuurlijke_rapportage", "titel": "Rapportage politie", "datum": "2026-03-02",
                "vertrouwelijkheid": "vertrouwelijk"}  # fmt: skip
    client.force_login(beleid)
    nep = client.post(url, {**gegevens, "bestand": SimpleUploadedFile("r.pdf", b"<html><script></script></html>")})
    assert nep.status_code == 200 and not Document.objects.exists()
    antwoord = client.post(url, {**gegevens, "bestand": SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert antwoord.status_code == 302
    document = Document.objects.get()
    assert document.onderdeel_id == stap.pk and document.signaal == procedure.signaal
    pagina = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "Rapportage politie" in pagina and reverse("documenten:download", args=[document.pk]) in pagina
    client.force_login(beleid_westervoort)
    assert client.get(url).status_code == 404


def test_staken_kan_alleen_met_reden_en_laat_de_open_taken_vervallen(client, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    client.force_login(beleid)
    url = reverse("procedures:staken", args=[procedure.pk])
    assert "Procedure staken" in client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    client.post(url, {"reden": " ", "versie": procedure.versie})
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.LOPEND
    antwoord = client.post(url, {"reden": "Pand al gesloten door de woningcorporatie.", "versie": procedure.versie})
    assert antwoord.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.GESTAAKT
    assert procedure.statusovergangen.get(naar=ProcedureStatus.GESTAAKT).reden.startswith("Pand al gesloten")
    [intake] = _taken(procedure)
    assert intake.status == TaakStatus.VERVALLEN and "Pand al gesloten" in intake.notitie


def test_de_taak_volgt_de_termijn_als_een_eerdere_datum_wordt_gecorrigeerd(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    procedure = start_13b(gemeente=duiven, door=beleid)
    for volgorde in (1, 2, 3):
        _vastleggen(procedure, volgorde, beleid, dag=datetime.date(2026, 3, 2))
    _vastleggen(procedure, 3, beleid, dag=datetime.date(2026, 3, 9))  # the letter went out a week later
    zienswijze = next(t for t in _taken(procedure) if t.omschrijving.endswith(": Zienswijze"))
    assert zienswijze.uiterlijk_op == datetime.date(2026, 3, 23) and zienswijze.status == TaakStatus.OPEN


def test_taakpagina_verwijst_naar_de_stap_van_de_procedure_alleen_voor_wie_die_mag_openen(
    client, beleid, toezicht, duiven
):
    """taken knows nothing of procedures: the link comes from the step's own URL through the generic link,
    shown only to a user who may open the procedure (the inspector owning the task may not)."""
    procedure = start_13b(gemeente=duiven, door=beleid)
    [taak] = _taken(procedure)
    url = f'href="{procedure.get_absolute_url()}#stap-{_stap(procedure, 1).pk}"'
    client.force_login(beleid)
    pagina = client.get(reverse("taken:detail", args=[taak.pk])).content.decode()
    assert url in pagina and "Intake bestuurlijke rapportage politie" in pagina
    Taak.objects.filter(pk=taak.pk).update(eigenaar=toezicht)
    client.force_login(toezicht)
    pagina = client.get(reverse("taken:detail", args=[taak.pk])).content.decode()
    assert url not in pagina and reverse("signalen:detail", args=[procedure.signaal.pk]) not in pagina
