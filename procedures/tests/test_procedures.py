"""Procedures: terms on the time line, skipping only with a reason, no decision without proportionality."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meldingen.herinneringen import PROCEDURE_VOORUIT
from ondermijning import klok
from ondermijning.models import AuditEvent
from procedures import services, termijnen
from procedures.models import ProcedureStap, ProcedureStatus
from procedures.tests.factories import StapSjabloonFactory, damocles, start_13b
from signalen.tests.factories import AdresFactory, DamoclesladderFactory, SignaalFactory

pytestmark = pytest.mark.django_db


def _stap(procedure, volgorde):
    return procedure.stappen.select_related("sjabloon").get(sjabloon__volgorde=volgorde)


def _tot_en_met(procedure, volgorde, door, dag=datetime.date(2026, 3, 2)):
    """Record the steps 1..volgorde as the 13b standard asks (the ladder needs a ladder)."""
    DamoclesladderFactory(gemeente=procedure.gemeente, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    velden = {
        1: {"tekst": "Hennepkwekerij, 200 planten, woning"},
        4: {"uitkomst": "Geen zienswijze ontvangen"},
        5: {"geschikt": "Stopt de handel.", "noodzakelijk": "Waarschuwing al gegeven.", "evenredig": "Drie maanden."},
        6: {"uitkomst": "Sluiting"},
    }
    for n in range(1, volgorde + 1):
        services.stap_vastleggen(stap=_stap(procedure, n), door=door, gedaan_op=dag, **velden.get(n, {}))


def test_start_maakt_de_stappen_en_rekent_de_termijnen_na_de_stap_waarvan_ze_lopen(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    assert procedure.stappen.count() == len(damocles().stappen.all())
    zienswijze = _stap(procedure, 4)
    assert zienswijze.uiterste_datum is None  # counts from the intention letter, not sent yet
    _tot_en_met(procedure, 3, beleid, dag=datetime.date(2026, 4, 13))
    zienswijze.refresh_from_db()
    assert zienswijze.uiterste_datum == datetime.date(2026, 4, 28)  # 27 April is Koningsdag
    assert _stap(procedure, 2).ladderstap.stap == 1


def test_bezwaartermijn_zes_weken_na_verzending_van_het_besluit(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 6, beleid, dag=datetime.date(2026, 3, 2))
    assert _stap(procedure, 8).uiterste_datum == datetime.date(2026, 4, 13)


def test_besluit_zonder_evenredigheidstoets_wordt_geweigerd(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 4, beleid)
    with pytest.raises(ValidationError) as fout:
        services.stap_vastleggen(stap=_stap(procedure, 5), door=beleid, gedaan_op=datetime.date(2026, 3, 2))
    assert "Motiveer waarom een lichtere maatregel niet volstaat." in str(fout.value)
    # Nor can the decision go ahead of it: the proportionality reasoning is missing.
    with pytest.raises(ValidationError) as fout:
        services.stap_vastleggen(
            stap=_stap(procedure, 6), door=beleid, gedaan_op=datetime.date(2026, 3, 2), uitkomst="Sluiting"
        )
    assert "Evenredigheidstoets" in str(fout.value)
    assert _stap(procedure, 6).gedaan_op is None


def test_besluit_weigert_zonder_gemotiveerde_toets_ook_als_de_volgorde_anders_is(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 4, beleid)
    toets = _stap(procedure, 5)
    toets.gedaan_op = datetime.date(2026, 3, 2)  # recorded outside the service, without the reasoning
    toets.save()
    with pytest.raises(ValidationError) as fout:
        services.stap_vastleggen(
            stap=_stap(procedure, 6), door=beleid, gedaan_op=datetime.date(2026, 3, 2), uitkomst="Sluiting"
        )
    assert "Een besluit kan pas worden vastgelegd als de evenredigheidstoets is gemotiveerd" in str(fout.value)


def test_overslaan_kan_alleen_met_reden_en_alleen_waar_het_mag(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 6, beleid)
    sluiting = _stap(procedure, 7)
    with pytest.raises(ValidationError) as fout:
        services.stap_overslaan(stap=sluiting, door=beleid, reden="  ")
    assert "Een stap overslaan kan alleen met een reden." in str(fout.value)
    services.stap_overslaan(stap=sluiting, door=beleid, reden="Waarschuwing, geen sluiting.")
    sluiting.refresh_from_db()
    assert sluiting.overgeslagen and sluiting.reden == "Waarschuwing, geen sluiting."
    with pytest.raises(ValidationError) as fout:
        services.stap_overslaan(stap=_stap(procedure, 8), door=beleid, reden="Geen zin in")
    assert "mag niet worden overgeslagen" in str(fout.value)


def test_een_stap_wacht_op_de_eerdere_stappen(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    with pytest.raises(ValidationError) as fout:
        services.stap_vastleggen(stap=_stap(procedure, 3), door=beleid, gedaan_op=datetime.date(2026, 3, 2))
    assert "Leg eerst de eerdere stap" in str(fout.value)


def test_afsluiten_met_de_uitkomst_van_het_besluit_en_elke_stap_geaudit(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 6, beleid)
    with pytest.raises(ValidationError):
        services.procedure_afsluiten(procedure=procedure, door=beleid, versie=procedure.versie)
    services.stap_vastleggen(
        stap=_stap(procedure, 7),
        door=beleid,
        gedaan_op=datetime.date(2026, 3, 9),
        tot_op=datetime.date(2026, 6, 8),
    )
    assert _stap(procedure, 7).uiterste_datum == datetime.date(2026, 6, 8)  # the reopening date
    services.stap_vastleggen(
        stap=_stap(procedure, 8), door=beleid, gedaan_op=datetime.date(2026, 4, 14), uitkomst="Geen bezwaar ingediend"
    )
    services.stap_overslaan(stap=_stap(procedure, 9), door=beleid, reden="Geen bezwaar.")
    procedure = services.procedure_afsluiten(procedure=procedure, door=beleid, versie=procedure.versie)
    assert procedure.status == ProcedureStatus.AFGESLOTEN and procedure.uitkomst == "Sluiting"
    stappen = AuditEvent.objects.filter(object_id=str(procedure.pk), toelichting__startswith="stap ")
    assert stappen.count() == 9


def test_procedure_van_een_andere_gemeente_is_404(client, beleid_westervoort, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    client.force_login(beleid_westervoort)
    assert client.get(reverse("procedures:detail", args=[procedure.pk])).status_code == 404
    stap = _stap(procedure, 1)
    antwoord = client.post(reverse("procedures:stap", args=[procedure.pk, stap.pk]), {"gedaan_op": "2026-03-02"})
    assert antwoord.status_code == 404
    assert client.get(reverse("procedures:nieuw", args=[procedure.signaal.pk])).status_code == 404


def test_pagina_toont_de_tijdlijn_met_wat_nu_aan_de_beurt_is_en_te_laat(client, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 3, beleid, dag=datetime.date(2026, 3, 2))  # zienswijze term ended 16 March
    client.force_login(beleid)
    inhoud = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "Tijdlijn" in inhoud and "Nu aan de beurt" in inhoud
    assert "Zienswijze" in inhoud and "16-03-2026" in inhoud and "termijn verstreken" in inhoud
    assert "Bezwaartermijn" in inhoud


def test_starten_vanaf_het_signaal_en_stap_vastleggen_via_het_formulier(client, beleid, duiven):
    signaal = SignaalFactory(gemeente=duiven)
    client.force_login(beleid)
    pagina = client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    assert "Procedure starten" in pagina
    antwoord = client.post(
        reverse("procedures:nieuw", args=[signaal.pk]),
        {"soort": damocles().pk, "soort_zaak": "harddrugs_woning", "gestart_op": "2026-03-02"},
    )
    procedure = signaal.procedures.get()
    assert antwoord.status_code == 302 and antwoord.url == procedure.get_absolute_url()
    antwoord = client.post(
        reverse("procedures:stap", args=[procedure.pk, _stap(procedure, 1).pk]), {"gedaan_op": "2026-03-02"}
    )
    assert "Vul in: Bevinding" in antwoord.content.decode()
    antwoord = client.post(
        reverse("procedures:stap", args=[procedure.pk, _stap(procedure, 1).pk]),
        {"gedaan_op": "2026-03-02", "tekst": "Harddrugs, woning"},
    )
    assert antwoord.status_code == 302
    assert _stap(procedure, 1).gedaan_op == datetime.date(2026, 3, 2)


def test_bewaartermijn_vernietigt_geen_signaal_met_een_procedure(beleid, duiven):
    from signalen import bewaren
    from signalen.models import Afsluitreden, SignaalStatus

    procedure = start_13b(gemeente=duiven, door=beleid)
    verlopen = {"status": SignaalStatus.AFGESLOTEN, "afsluitreden": Afsluitreden.GEEN_ACTIE}
    type(procedure.signaal).objects.filter(pk=procedure.signaal_id).update(
        **verlopen, afgesloten_op=datetime.date(2022, 1, 1)
    )
    los = SignaalFactory(gemeente=duiven, **verlopen, afgesloten_op=datetime.date(2022, 1, 1))
    assert list(bewaren.signalen_verlopen(peildatum=datetime.date(2024, 1, 1))) == [los]


def test_overslaan_zonder_reden_via_het_formulier_geeft_een_nederlandse_melding(client, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 6, beleid)
    sluiting = _stap(procedure, 7)
    client.force_login(beleid)
    antwoord = client.post(reverse("procedures:stap_overslaan", args=[procedure.pk, sluiting.pk]), {"reden": ""})
    assert antwoord.status_code == 422
    assert "Een stap overslaan kan alleen met een reden." in antwoord.content.decode()
    sluiting.refresh_from_db()
    assert not sluiting.overgeslagen


def test_beheer_past_eigen_soorten_aan_en_ziet_de_algemene_alleen_in(client, beheerder, duiven):
    from procedures.models import ProcedureSoort

    eigen = ProcedureSoort.objects.create(naam="13b Duiven", vorm="13b", gemeente=duiven)
    client.force_login(beheerder)
    lijst = client.get(reverse("admin:procedures_proceduresoort_changelist")).content.decode()
    assert "13b Duiven" in lijst and damocles().naam in lijst
    assert client.get(reverse("admin:procedures_proceduresoort_change", args=[eigen.pk])).status_code == 200
    algemeen = client.get(reverse("admin:procedures_proceduresoort_change", args=[damocles().pk]))
    assert algemeen.status_code == 200 and 'name="naam"' not in algemeen.content.decode()  # read-only


def test_starten_met_het_pand_van_het_signaal_voor_ladder_en_brieven(client, beleid, duiven):
    """The premises decide the ladder step (earlier measures there) and fill the letters: chosen at the start
    from the signal's addresses; an address of another signal is not offered (and refused)."""
    pand = AdresFactory(gemeente=duiven, straat="Rijksweg", huisnummer="12a")
    ander = AdresFactory(gemeente=duiven, straat="Dorpsstraat", huisnummer="1")
    signaal = SignaalFactory(gemeente=duiven)
    signaal.adressen.add(pand)
    client.force_login(beleid)
    url = reverse("procedures:nieuw", args=[signaal.pk])
    assert "Rijksweg 12a" in client.get(url).content.decode()
    gegevens = {"soort": damocles().pk, "soort_zaak": "harddrugs_woning", "gestart_op": "2026-03-02"}
    antwoord = client.post(url, {**gegevens, "adres": ander.pk})
    assert antwoord.status_code == 200 and not signaal.procedures.exists()
    assert client.post(url, {**gegevens, "adres": pand.pk}).status_code == 302
    assert signaal.procedures.get().adres == pand


def test_de_service_weigert_een_pand_dat_niet_bij_het_signaal_hoort(beleid, duiven):
    """The rule is the service's, not only the form's: an API or import caller is refused alike."""
    pand = AdresFactory(gemeente=duiven)
    ander = AdresFactory(gemeente=duiven)
    signaal = SignaalFactory(gemeente=duiven)
    signaal.adressen.add(pand)
    gegevens = {"signaal": signaal, "soort": damocles(), "door": beleid, "soort_zaak": "harddrugs_woning"}
    with pytest.raises(ValidationError) as fout:
        services.procedure_start(**gegevens, adres=ander)
    assert "adres" in fout.value.error_dict and not signaal.procedures.exists()
    assert services.procedure_start(**gegevens, adres=pand).adres == pand


def test_herinnering_vooraf_hoogstens_zo_ver_als_de_herinneringsscan_vooruitkijkt():
    sjabloon = StapSjabloonFactory.build(soort=damocles(), volgorde=99, herinneren_dagen=PROCEDURE_VOORUIT.days + 1)
    with pytest.raises(ValidationError) as fout:
        sjabloon.full_clean()
    assert "herinneren_dagen" in fout.value.error_dict
    sjabloon.herinneren_dagen = PROCEDURE_VOORUIT.days
    sjabloon.full_clean()


def test_begunstigingstermijn_is_een_datum_die_de_sluitingsstap_laat_wachten_en_herinneren(client, beleid, duiven):
    """A dwelling's grace period is a date on the decision: shown on the time line, the closure step (and its
    task and reminder) is due when it ends; it cannot end before the decision."""
    procedure = start_13b(gemeente=duiven, door=beleid)
    _tot_en_met(procedure, 5, beleid)
    besluit = {"gedaan_op": datetime.date(2026, 3, 2), "uitkomst": "Sluiting"}
    with pytest.raises(ValidationError) as fout:
        services.stap_vastleggen(
            stap=_stap(procedure, 6), door=beleid, **besluit, begunstigd_tot=datetime.date(2026, 3, 1)
        )
    assert "begunstigd_tot" in fout.value.error_dict
    services.stap_vastleggen(
        stap=_stap(procedure, 6), door=beleid, **besluit, begunstigd_tot=datetime.date(2026, 3, 16)
    )
    assert _stap(procedure, 7).uiterste_datum == datetime.date(2026, 3, 16)
    assert ProcedureStap.objects.met_lopende_termijn().filter(pk=_stap(procedure, 7).pk).exists()
    client.force_login(beleid)
    inhoud = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "Begunstigingstermijn tot en met 16-03-2026" in inhoud


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("Sluiting volgens de Damoclesladder; begunstigingstermijn twee weken (woning).", datetime.date(2026, 3, 16)),
        ("Begunstigingstermijn: 10 dagen na verzending.", datetime.date(2026, 3, 12)),
        ("Sluiting drie maanden.", None),
    ],
)
def test_oude_vrije_tekst_van_de_begunstigingstermijn_wordt_een_datum(tekst, verwacht):
    assert termijnen.begunstiging_uit_tekst(tekst, datetime.date(2026, 3, 2)) == verwacht


def _sluiting_tot(procedure, door, tot=datetime.date(2026, 6, 1)):
    _tot_en_met(procedure, 6, door)
    services.stap_vastleggen(stap=_stap(procedure, 7), door=door, gedaan_op=datetime.date(2026, 3, 9), tot_op=tot)


def test_heropenen_legt_de_werkelijke_datum_vast_en_de_vlag_verdwijnt(client, beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    _sluiting_tot(procedure, beleid)
    client.force_login(beleid)
    url = reverse("procedures:detail", args=[procedure.pk])
    with klok.op(timezone.make_aware(datetime.datetime(2026, 5, 25, 10))):
        assert "heropening nadert" in client.get(url).content.decode()
        with pytest.raises(ValidationError) as fout:
            services.pand_heropenen(procedure=procedure, door=beleid, heropend_op=datetime.date(2026, 3, 8))
        assert "heropend_op" in fout.value.error_dict  # before the closure began
        antwoord = client.post(reverse("procedures:heropend", args=[procedure.pk]), {"heropend_op": "2026-05-25"})
        assert antwoord.status_code == 302
        inhoud = client.get(url).content.decode()
    sluiting = _stap(procedure, 7)
    assert sluiting.heropend_op == datetime.date(2026, 5, 25)
    assert "heropening nadert" not in inhoud and "Heropend op 25-05-2026" in inhoud
    assert not ProcedureStap.objects.met_lopende_termijn().filter(pk=sluiting.pk).exists()  # no more reminder
    assert AuditEvent.objects.filter(object_id=str(procedure.pk), toelichting="pand heropend op 2026-05-25").exists()
    with pytest.raises(ValidationError):  # once
        services.pand_heropenen(procedure=procedure, door=beleid, heropend_op=datetime.date(2026, 5, 25))


def test_heropenen_zonder_sluiting_wordt_geweigerd(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    with pytest.raises(ValidationError, match="geen sluiting"):
        services.pand_heropenen(procedure=procedure, door=beleid, heropend_op=datetime.date(2026, 3, 2))


@pytest.mark.django_db(transaction=True)
def test_standaardsoorten_zijn_er_weer_na_leegmaken_van_de_database():
    """A flush (as between transactional tests) empties the data migration's kinds: post_migrate brings them
    back, with the letter and the Bibob booking of each step as on a migrated database."""
    from django.core.management import call_command

    from procedures.models import ProcedureSoort, StapSjabloon

    call_command("flush", interactive=False, verbosity=0)
    assert set(ProcedureSoort.objects.filter(gemeente=None).values_list("vorm", flat=True)) == {"13b", "bibob"}
    assert StapSjabloon.objects.get(soort__vorm="13b", soort__gemeente=None, volgorde=3).brief == "voornemen"
    assert StapSjabloon.objects.get(soort__vorm="bibob", volgorde=6).rol == "bibob_advies"
    call_command("flush", interactive=False, verbosity=0)
    assert ProcedureSoort.objects.filter(gemeente=None).count() == 2  # once, never twice
