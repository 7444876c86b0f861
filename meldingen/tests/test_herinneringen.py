"""Each kind of reminder is created by the scan (or the event), once, and sent exactly once.

Time is frozen by passing `nu` (12 June 2024, 10:00) to the services.
"""

import datetime

import pgtrigger
import pytest

from actieplan.models import ActieStatus, CommunicatieItem, TimingSoort
from actieplan.tests.factories import ActieFactory, ThemaFactory, UitvoeringsplanFactory
from controles.models import (
    Bedrijventerrein,
    Controle,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    TheseusLabel,
)
from meldingen import services
from meldingen.models import Afgeleverd, Herinnering, HerinneringSoort, Kanaal, Notificatie, Voorkeur
from meldingen.tests.conftest import NU, VANDAAG
from ondermijning.models import AuditEvent
from signalen.models import Interventie, InterventieSoort, SignaalStatus
from signalen.tests.factories import BedrijfFactory, SignaalFactory

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


def scan_twee_keer() -> list[Herinnering]:
    services.herinneringen_scan(nu=NU)
    assert services.herinneringen_scan(nu=NU) == 0, "a second scan must create nothing"
    return list(Herinnering.objects.order_by("ontvanger__username"))


def verstuur_twee_keer() -> int:
    aantal = services.herinneringen_verstuur(nu=NU)
    assert services.herinneringen_verstuur(nu=NU) == 0, "a second send must send nothing"
    return aantal


def controle(gemeente, datum, status=ControleStatus.UITGEVOERD, **velden):
    return Controle.objects.create(
        soort=ControleSoort.INTEGRALE_CONTROLE, gemeente=gemeente, datum=datum, status=status, **velden
    )


def test_integrale_controle_binnen_twee_weken_nodig_en_niets_gepland(duiven, westervoort, toezicht, beleid, mailoutbox):
    Planningsregel.objects.create(gemeente=duiven, interval_weken=6)
    Planningsregel.objects.create(gemeente=westervoort, interval_weken=6)
    controle(duiven, VANDAAG - datetime.timedelta(weeks=5))  # due in one week: remind
    controle(westervoort, VANDAAG - datetime.timedelta(weeks=5))
    controle(westervoort, VANDAAG + 3 * DAG, status=ControleStatus.GEPLAND)  # already planned: no reminder

    herinneringen = scan_twee_keer()

    assert [(h.ontvanger, h.gemeente) for h in herinneringen] == [(beleid, duiven), (toezicht, duiven)]
    assert herinneringen[0].peildatum == VANDAAG - datetime.timedelta(weeks=5) + datetime.timedelta(weeks=6)
    assert verstuur_twee_keer() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [beleid.email, toezicht.email]
    assert "Integrale controle in Duiven nodig" in mailoutbox[0].body


def test_integrale_controle_niet_als_de_volgende_nog_ver_weg_is(duiven, toezicht):
    Planningsregel.objects.create(gemeente=duiven, interval_weken=6)
    controle(duiven, VANDAAG - datetime.timedelta(weeks=2))
    assert services.herinneringen_scan(nu=NU) == 0


def test_controle_morgen_voor_de_deelnemers_ook_via_het_event(duiven, toezicht, beleid, mailoutbox):
    morgen = controle(duiven, VANDAAG + DAG, status=ControleStatus.GEPLAND)
    morgen.deelnemers.set([toezicht])
    services.controle_herinneringen_plan(controle=morgen)  # the event, in the control's transaction

    herinneringen = scan_twee_keer()

    assert [(h.soort, h.ontvanger) for h in herinneringen] == [(HerinneringSoort.CONTROLE_MORGEN, toezicht)]
    assert herinneringen[0].due_at == NU.replace(hour=8)
    assert verstuur_twee_keer() == 1
    assert [m.to for m in mailoutbox] == [[toezicht.email]]
    assert "Morgen (13-06-2024)" in mailoutbox[0].body


def test_verplaatste_controle_vervalt_zonder_bericht(duiven, toezicht, mailoutbox):
    c = controle(duiven, VANDAAG + DAG, status=ControleStatus.GEPLAND)
    c.deelnemers.set([toezicht])
    services.controle_herinneringen_plan(controle=c)
    Controle.objects.filter(pk=c.pk).update(datum=VANDAAG + 8 * DAG)

    services.herinneringen_verstuur(nu=NU)

    herinnering = Herinnering.objects.get()
    assert herinnering.afgeleverd == Afgeleverd.VERVALLEN and herinnering.sent_at == NU
    assert mailoutbox == [] and not Notificatie.objects.exists()


def test_signaal_wacht_langer_dan_14_dagen_op_weging(duiven, beleid, beleid_westervoort, mailoutbox):
    oud = SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 15 * DAG)
    SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 10 * DAG)  # not yet
    SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 30 * DAG, status=SignaalStatus.OPPLUSSEN)  # weighed

    herinneringen = scan_twee_keer()

    assert [(h.ontvanger, h.object_id) for h in herinneringen] == [(beleid, oud.pk)]  # not the Westervoort user
    assert verstuur_twee_keer() == 1
    assert oud.nummer in mailoutbox[0].body
    assert oud.titel not in mailoutbox[0].body  # no content of the signal in an e-mail


def test_weging_naar_de_behandelaar_als_die_er_is(duiven, beleid, toezicht):
    SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 20 * DAG, behandelaar=toezicht)
    assert [h.ontvanger for h in scan_twee_keer()] == [toezicht]


def test_gewogen_voor_verzenden_vervalt(duiven, beleid, mailoutbox):
    signaal = SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 15 * DAG)
    services.herinneringen_scan(nu=NU)
    signaal.status = SignaalStatus.OPPLUSSEN
    signaal.save()
    services.herinneringen_verstuur(nu=NU)
    assert Herinnering.objects.get().afgeleverd == Afgeleverd.VERVALLEN
    assert mailoutbox == []


def _bibob(signaal, door, aangevraagd_op):
    return Interventie.objects.create(
        signaal=signaal,
        soort=InterventieSoort.BIBOB,
        gestart_op=aangevraagd_op,
        advies_aangevraagd_op=aangevraagd_op,
        advies_termijn_tot=aangevraagd_op + datetime.timedelta(weeks=8),
        door=door,
    )


def test_bibob_advies_acht_weken_na_aanvraag(duiven, beleid, mailoutbox):
    signaal = SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 100 * DAG, status=SignaalStatus.INTERVENTIE)
    interventie = _bibob(signaal, beleid, VANDAAG - datetime.timedelta(weeks=8))
    services.bibob_herinnering_plan(interventie=interventie)  # the event (advice requested)

    herinneringen = scan_twee_keer()

    assert [(h.soort, h.ontvanger, h.peildatum) for h in herinneringen] == [
        (HerinneringSoort.BIBOB_ADVIES, beleid, VANDAAG)
    ]
    assert verstuur_twee_keer() == 1
    assert "Bibob-advies" in mailoutbox[0].body and "12-06-2024" in mailoutbox[0].body


def test_bibob_herinnering_wacht_tot_de_termijn(duiven, beleid, mailoutbox):
    signaal = SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 30 * DAG, status=SignaalStatus.INTERVENTIE)
    interventie = _bibob(signaal, beleid, VANDAAG - 7 * DAG)
    services.bibob_herinnering_plan(interventie=interventie)

    assert services.herinneringen_verstuur(nu=NU) == 0
    later = NU + datetime.timedelta(weeks=7, days=1)
    assert services.herinneringen_verstuur(nu=later) == 1
    assert len(mailoutbox) == 1


def test_actie_dit_kwartaal_nog_niet_gestart(duiven, beleid, beleid_westervoort, mailoutbox):
    plan = UitvoeringsplanFactory(gemeenten=[duiven])
    thema = ThemaFactory(plan=plan)
    actie = ActieFactory(thema=thema, timing_soort=TimingSoort.KWARTAAL, kwartaal="Q2 2024")
    ActieFactory(thema=thema, timing_soort=TimingSoort.KWARTAAL, kwartaal="Q2 2024", status=ActieStatus.LOPEND)
    ActieFactory(thema=thema, timing_soort=TimingSoort.KWARTAAL, kwartaal="Q3 2024")
    ActieFactory(thema=thema, timing_soort=TimingSoort.DATUM, datum=VANDAAG + 5 * DAG, eigenaar=beleid_westervoort)

    herinneringen = scan_twee_keer()

    assert sorted((h.ontvanger.username, h.peildatum) for h in herinneringen) == [
        (beleid.username, datetime.date(2024, 6, 30)),
        (beleid_westervoort.username, VANDAAG + 5 * DAG),  # the owner, even of another municipality's plan
    ]
    verstuur_twee_keer()
    # The owner cannot see a Duiven-only plan: that reminder lapses instead of leaking it.
    assert [m.to for m in mailoutbox] == [[beleid.email]]
    assert f"Actie {actie.nummer}" in mailoutbox[0].body
    assert Herinnering.objects.get(ontvanger=beleid_westervoort).afgeleverd == Afgeleverd.VERVALLEN


def test_communicatie_volgende_week(duiven, beleid, mailoutbox):
    item = CommunicatieItem.objects.create(
        onderwerp="Artikel Duivenpost", datum=VANDAAG + 3 * DAG, kanaal="website", type="algemeen"
    )
    item.gemeenten.set([duiven])
    later = CommunicatieItem.objects.create(
        onderwerp="Later", datum=VANDAAG + 10 * DAG, kanaal="website", type="algemeen"
    )
    later.gemeenten.set([duiven])

    herinneringen = scan_twee_keer()

    assert [(h.ontvanger, h.object_id) for h in herinneringen] == [(beleid, item.pk)]
    assert verstuur_twee_keer() == 1
    assert "Artikel Duivenpost" in mailoutbox[0].body


def test_theseus_wit_of_rood_drie_maanden_zonder_controle(duiven, toezicht, beleid, mailoutbox):
    terrein = Bedrijventerrein.objects.create(gemeente=duiven, naam="Nieuwgraaf")
    wit = TheseusLabel.objects.create(
        bedrijf=BedrijfFactory(gemeente=duiven), bedrijventerrein=terrein, label=Label.WIT, datum=VANDAAG - 100 * DAG
    )
    gecontroleerd = BedrijfFactory(gemeente=duiven)
    TheseusLabel.objects.create(
        bedrijf=gecontroleerd, bedrijventerrein=terrein, label=Label.ROOD, datum=VANDAAG - 100 * DAG
    )
    c = controle(duiven, VANDAAG - 20 * DAG)
    ControleObject.objects.create(controle=c, bedrijf=gecontroleerd)
    TheseusLabel.objects.create(
        bedrijf=BedrijfFactory(gemeente=duiven), bedrijventerrein=terrein, label=Label.GROEN, datum=VANDAAG - 200 * DAG
    )
    TheseusLabel.objects.create(
        bedrijf=BedrijfFactory(gemeente=duiven), bedrijventerrein=terrein, label=Label.ROOD, datum=VANDAAG - 30 * DAG
    )

    herinneringen = scan_twee_keer()

    assert {(h.ontvanger, h.object_id) for h in herinneringen} == {(toezicht, wit.pk), (beleid, wit.pk)}
    assert verstuur_twee_keer() == 2
    assert "Nieuwgraaf" in mailoutbox[0].body and wit.bedrijf.naam not in mailoutbox[0].body


def test_gebroken_auditketen_waarschuwt_de_beheerder(duiven, beleid, beheerder, mailoutbox):
    services.voorkeuren_wijzig(door=beleid, keuzes={HerinneringSoort.THESEUS: Kanaal.IN_APP})  # writes an event
    assert services.auditketen_controleer(nu=NU) == []
    with pgtrigger.ignore():  # tampered with past PostgreSQL's guard trigger
        AuditEvent.objects.update(toelichting="geknoeid")

    assert services.auditketen_controleer(nu=NU)
    assert services.auditketen_controleer(nu=NU)  # twice: still one reminder

    assert [h.ontvanger for h in Herinnering.objects.all()] == [beheerder]
    assert verstuur_twee_keer() == 1
    assert mailoutbox[0].to == [beheerder.email]


def test_voorkeur_alleen_in_de_app(duiven, beleid, mailoutbox):
    Voorkeur.objects.create(gebruiker=beleid, soort=HerinneringSoort.WEGING_TE_LANG, kanaal=Kanaal.IN_APP)
    SignaalFactory(gemeente=duiven, ontvangen_op=VANDAAG - 15 * DAG)
    services.herinneringen_scan(nu=NU)

    assert verstuur_twee_keer() == 1

    assert mailoutbox == []
    notificatie = Notificatie.objects.get()
    assert notificatie.ontvanger == beleid and notificatie.gelezen_op is None
    assert Herinnering.objects.get().afgeleverd == Afgeleverd.IN_APP


def test_herinnering_plan_is_idempotent(duiven, beleid):
    signaal = SignaalFactory(gemeente=duiven)
    eerste = services.herinnering_plan(
        soort=HerinneringSoort.WEGING_TE_LANG, ontvanger=beleid, obj=signaal, gemeente=duiven, due_at=NU
    )
    tweede = services.herinnering_plan(
        soort=HerinneringSoort.WEGING_TE_LANG, ontvanger=beleid, obj=signaal, gemeente=duiven, due_at=NU
    )
    assert eerste.pk == tweede.pk and Herinnering.objects.count() == 1


def test_herinnering_plan_hoort_bij_de_transactie_van_het_event(duiven, beleid):
    from django.db import transaction

    signaal = SignaalFactory(gemeente=duiven)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.herinnering_plan(
            soort=HerinneringSoort.WEGING_TE_LANG, ontvanger=beleid, obj=signaal, gemeente=duiven, due_at=NU
        )
        raise RuntimeError("het event mislukt")
    assert not Herinnering.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_auditcontrole_loopt_de_keten_na_buiten_een_transactie(monkeypatch):
    """On SQLite a transaction holds the write lock from its start: walking the whole chain inside one
    would hold up every page view (each writes the session and the audit trail) while it runs."""
    from django.db import connection

    in_transactie = []
    monkeypatch.setattr(
        services.audit, "verifieer", lambda **kwargs: in_transactie.append(connection.in_atomic_block) or []
    )
    assert services.auditketen_controleer(nu=NU) == []
    assert in_transactie == [False]


def test_dagelijkse_controle_vergelijkt_met_het_ankerbestand(duiven, beleid, beheerder, settings, tmp_path):
    """Issue 17.2: with AUDIT_ANKER_BESTAND the daily check also catches a tail cut off with its head moved."""
    from ondermijning import audit
    from ondermijning.models import AuditKop

    settings.AUDIT_ANKER_BESTAND = str(tmp_path / "ankers.jsonl")
    for _ in range(3):
        services.voorkeuren_wijzig(door=beleid, keuzes={HerinneringSoort.THESEUS: Kanaal.IN_APP})
    laatste = audit.veranker()["volgnummer"]
    with pgtrigger.ignore():
        AuditEvent.objects.filter(volgnummer=laatste).delete()
        vorige = AuditEvent.objects.get(volgnummer=laatste - 1)
        AuditKop.objects.filter(pk=1).update(volgnummer=vorige.volgnummer, hash=vorige.hash)
    assert audit.verifieer() == []
    assert any("korter dan het anker" in fout for fout in services.auditketen_controleer(nu=NU))
    assert [h.ontvanger for h in Herinnering.objects.all()] == [beheerder]


def _procedure_met_voornemen(gemeente, eigenaar, verzonden_op):
    """A 13b procedure whose intention letter went out on `verzonden_op` (the zienswijze term runs)."""
    from procedures import services as procedure_services
    from procedures.tests.factories import start_13b
    from signalen.tests.factories import DamoclesladderFactory

    DamoclesladderFactory(gemeente=gemeente, soort_zaak="harddrugs_woning")
    procedure = start_13b(gemeente=gemeente, door=eigenaar, gestart_op=verzonden_op)
    stappen = list(procedure.stappen.select_related("sjabloon").order_by("sjabloon__volgorde"))
    for stap, velden in zip(stappen[:3], ({"tekst": "Harddrugs in woning"}, {}, {}), strict=True):
        procedure_services.stap_vastleggen(stap=stap, door=eigenaar, gedaan_op=verzonden_op, **velden)
    return procedure, stappen[3]


def test_procedurestap_termijn_herinnert_de_eigenaar_vooraf(duiven, voorzitter, mailoutbox):
    # Voornemen sent Friday 31 May 2024: the zienswijze term ends Friday 14 June; reminded 3 days before.
    procedure, zienswijze = _procedure_met_voornemen(duiven, voorzitter, datetime.date(2024, 5, 31))

    scan_twee_keer()
    herinneringen = list(Herinnering.objects.filter(soort=HerinneringSoort.PROCEDURESTAP))

    assert [(h.ontvanger, h.object_id, h.peildatum) for h in herinneringen] == [
        (voorzitter, zienswijze.pk, datetime.date(2024, 6, 14))
    ]
    assert herinneringen[0].url == f"/procedures/{procedure.pk}/"
    Herinnering.objects.exclude(soort=HerinneringSoort.PROCEDURESTAP).delete()  # the signal's own (weging)
    assert verstuur_twee_keer() == 1
    assert "Zienswijze" in mailoutbox[0].body and "14-06-2024" in mailoutbox[0].body


def test_procedurestap_herinnering_vervalt_als_de_stap_is_gedaan(duiven, voorzitter, mailoutbox):
    from procedures import services as procedure_services

    _procedure, zienswijze = _procedure_met_voornemen(duiven, voorzitter, datetime.date(2024, 5, 31))
    services.herinneringen_scan(nu=NU)
    procedure_services.stap_vastleggen(
        stap=zienswijze, door=voorzitter, gedaan_op=datetime.date(2024, 6, 10), uitkomst="Zienswijze ontvangen"
    )

    Herinnering.objects.exclude(soort=HerinneringSoort.PROCEDURESTAP).delete()  # the signal's own (weging)
    services.herinneringen_verstuur(nu=NU)
    assert Herinnering.objects.get().afgeleverd == Afgeleverd.VERVALLEN
    assert not mailoutbox


def test_einde_van_een_sluiting_wordt_vooraf_herinnerd(duiven, voorzitter, mailoutbox):
    from procedures import services as procedure_services

    procedure, zienswijze = _procedure_met_voornemen(duiven, voorzitter, datetime.date(2024, 3, 1))
    stappen = list(procedure.stappen.select_related("sjabloon").order_by("sjabloon__volgorde"))
    velden = {
        3: {"uitkomst": "Geen zienswijze ontvangen"},
        4: {"geschikt": "Ja.", "noodzakelijk": "Ja.", "evenredig": "Ja."},
        5: {"uitkomst": "Sluiting"},
        6: {"tot_op": datetime.date(2024, 6, 20)},  # closed for three months, reopening 20 June
    }
    for n in range(3, 7):
        procedure_services.stap_vastleggen(
            stap=stappen[n], door=voorzitter, gedaan_op=datetime.date(2024, 3, 20), **velden[n]
        )

    services.herinneringen_scan(nu=NU)  # 12 June: within the 14 days before the reopening

    herinnering = Herinnering.objects.get(soort=HerinneringSoort.PROCEDURESTAP)
    assert (herinnering.ontvanger, herinnering.object_id, herinnering.peildatum) == (
        voorzitter,
        stappen[6].pk,
        datetime.date(2024, 6, 20),
    )
    assert "eindigt op 20-06-2024" in herinnering.onderwerp


def test_einde_van_een_sluiting_wordt_ook_herinnerd_als_de_procedure_al_is_afgesloten(duiven, voorzitter):
    """The objection was decided and the procedure closed, but the premises stay closed until 20 June."""
    from procedures import services as procedure_services

    procedure, _zienswijze = _procedure_met_voornemen(duiven, voorzitter, datetime.date(2024, 3, 1))
    stappen = list(procedure.stappen.select_related("sjabloon").order_by("sjabloon__volgorde"))
    velden = {
        3: {"uitkomst": "Geen zienswijze ontvangen"},
        4: {"geschikt": "Ja.", "noodzakelijk": "Ja.", "evenredig": "Ja."},
        5: {"uitkomst": "Sluiting"},
        6: {"tot_op": datetime.date(2024, 6, 20)},
        7: {"uitkomst": "Geen bezwaar ingediend"},
    }
    for n in range(3, 8):
        procedure_services.stap_vastleggen(
            stap=stappen[n], door=voorzitter, gedaan_op=datetime.date(2024, 3, 20), **velden[n]
        )
    procedure_services.stap_overslaan(stap=stappen[8], door=voorzitter, reden="Geen bezwaar.")
    procedure.refresh_from_db()
    procedure_services.procedure_afsluiten(procedure=procedure, door=voorzitter, versie=procedure.versie)

    services.herinneringen_scan(nu=NU)  # 12 June: within the 14 days before the reopening

    herinnering = Herinnering.objects.get(soort=HerinneringSoort.PROCEDURESTAP)
    assert (herinnering.object_id, herinnering.peildatum) == (stappen[6].pk, datetime.date(2024, 6, 20))
