"""One workflow kit for every status machine (issue 15.2): one refusal, one version lock, one
history shape, and pages that ask the kit instead of comparing status literals."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from actieplan import services as actieplan_services
from actieplan.models import ActieStatus, ActieStatusWijziging
from actieplan.tests.factories import ActieFactory, ThemaFactory, UitvoeringsplanFactory
from controles import services as controles_services
from controles.models import Bezoek, ControleStatus, ControleStatusWijziging
from controles.tests.factories import ControleFactory
from meldingen import services as meldingen_services
from meldingen.models import HerinneringSoort, Notificatie
from ondermijning import klok
from ondermijning.models import AuditActie, AuditEvent
from procedures.models import Procedurestatusovergang
from signalen import services as signalen_services
from signalen.models import Afsluitreden, Signaal, SignaalStatus, Statusovergang
from signalen.tests.factories import SignaalFactory

HISTORIE = [Statusovergang, ControleStatusWijziging, ActieStatusWijziging, Procedurestatusovergang]


@pytest.mark.parametrize("model", HISTORIE, ids=lambda m: m.__name__)
def test_een_vorm_van_statushistorie(model):
    velden = {veld.name for veld in model._meta.get_fields()}
    assert {"van", "naar", "door", "created_at", "reden"} <= velden
    assert not velden & {"op", "tijdstip", "toelichting"}


def test_versieconflict_is_in_elke_app_een_validationerror(beleid, duiven):
    actie = ActieFactory(thema=ThemaFactory(plan=UitvoeringsplanFactory(gemeenten=[duiven])))
    with pytest.raises(ValidationError):
        actieplan_services.actie_wijzig(actie=actie, door=beleid, versie=None, omschrijving="zonder versie")
    controle = ControleFactory(gemeente=duiven)
    with pytest.raises(ValidationError):
        controles_services.controle_wijzig(controle=controle, door=beleid, versie=None, omschrijving="zonder versie")


def test_een_weigering_voor_elke_machine(beleid, duiven):
    from ondermijning.workflow import OvergangGeweigerd

    signaal = SignaalFactory(gemeente=duiven)
    with pytest.raises(OvergangGeweigerd):
        signalen_services.signaal_transitie(signaal=signaal, naar=SignaalStatus.INTERVENTIE, door=beleid)
    controle = ControleFactory(gemeente=duiven, status=ControleStatus.AFGEROND)
    with pytest.raises(OvergangGeweigerd):
        controles_services.controle_transitie(controle=controle, naar=ControleStatus.GEPLAND, door=beleid)
    actie = ActieFactory(
        thema=ThemaFactory(plan=UitvoeringsplanFactory(gemeenten=[duiven])), status=ActieStatus.AFGEROND
    )
    with pytest.raises(OvergangGeweigerd) as fout:
        actieplan_services.actie_zet_status(actie=actie, status=ActieStatus.GEPLAND, door=beleid)
    assert "status" in fout.value.message_dict  # shown under the status field of the edit form
    assert not ActieStatusWijziging.objects.exists() and not ControleStatusWijziging.objects.exists()


def test_elke_stap_zegt_waarom():
    from actieplan.workflow import ACTIE
    from controles.workflow import CONTROLE
    from signalen.workflow import RIEC, SIGNAAL

    for machine in (SIGNAAL, RIEC, CONTROLE, ACTIE):
        for stap in (*machine.transities, *machine.handelingen.values()):
            assert str(stap.reden).strip(), stap


def test_stap_schrijft_historie_status_en_audit_in_een_keer(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, datum=datetime.date(2024, 3, 1))
    controles_services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=beleid, versie=1)
    controle.refresh_from_db()
    assert controle.status == ControleStatus.UITGEVOERD and controle.versie == 2
    rij = ControleStatusWijziging.objects.get(controle=controle)
    assert (rij.van, rij.naar, rij.door, rij.created_at is not None) == ("gepland", "uitgevoerd", beleid, True)
    event = AuditEvent.objects.get(actie=AuditActie.TRANSITIE, object_id=str(controle.pk))
    assert event.toelichting == "gepland -> uitgevoerd"


def test_verouderde_versie_bij_een_stap_verandert_niets(beleid, duiven):
    from ondermijning.workflow import VersieConflict

    controle = ControleFactory(gemeente=duiven, datum=datetime.date(2024, 3, 1))
    with pytest.raises(VersieConflict):
        controles_services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=beleid, versie=7)
    controle.refresh_from_db()
    assert controle.status == ControleStatus.GEPLAND and not controle.statuswijzigingen.exists()


def test_toegestane_acties_volgen_status_en_rechten(beleid, politie, duiven):
    from ondermijning.workflow import toegestane_acties

    signaal = signalen_services.signaal_registreer(
        door=beleid, gemeente=duiven, titel="Kapsalon", omschrijving="Veel contant geld.", bron="inwoner",
        ontvangen_op=datetime.date(2024, 3, 1),
    )  # fmt: skip
    assert {"wegen", "riec_opstellen"} <= toegestane_acties(signaal, beleid)
    assert "opplussen" not in toegestane_acties(signaal, beleid)
    assert toegestane_acties(signaal, politie) == set()  # a partner has none of the permissions
    signaal = signalen_services.signaal_transitie(signaal=signaal, naar=SignaalStatus.WEGING, door=beleid)
    signaal = signalen_services.signaal_transitie(signaal=signaal, naar=SignaalStatus.OPPLUSSEN, door=beleid)
    assert "opplussen" in toegestane_acties(signaal, beleid) and "wegen" not in toegestane_acties(signaal, beleid)
    signaal = signalen_services.signaal_transitie(
        signaal=signaal, naar=SignaalStatus.AFGESLOTEN, door=beleid, afsluitreden=Afsluitreden.GEEN_ACTIE
    )
    assert toegestane_acties(signaal, beleid) == set()
    html = Template(
        '{% load workflow %}{% toegestane_acties s u as a %}{% if "wegen" in a %}wegen{% else %}niet{% endif %}'
    ).render(Context({"s": signaal, "u": beleid}))
    assert html == "niet"


def test_geen_riec_formulier_op_een_afgesloten_signaal(beleid, duiven):
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.AFGESLOTEN)
    with pytest.raises(ValidationError):
        signalen_services.riec_melding_opstellen(signaal=signaal, door=beleid, vraag_aan_riec="Wat weet het RIEC?")
    assert not Signaal.objects.get(pk=signaal.pk).riec_meldingen.exists()


@pytest.mark.parametrize("sjabloon", ["signalen/signaal_detail.html", "controles/controle_detail.html"])
def test_paginas_vragen_de_kit_in_plaats_van_statusletters(sjabloon):
    tekst = (Path(settings.BASE_DIR) / "templates" / sjabloon).read_text()
    for object_naam in ("signaal", "controle"):
        assert f"{object_naam}.status ==" not in tekst and f"{object_naam}.status !=" not in tekst


def test_geen_sjabloon_vergelijkt_een_status_met_een_letterlijke_waarde():
    """Pages ask toegestane_acties or a model property; a status literal in a template repeats a rule."""
    vergelijking = re.compile(r"\.status\s*(==|!=)|(==|!=)\s*\S*\.status\b|\.status\s+(not\s+)?in\s")
    overtreders = [
        f"{pad.relative_to(settings.BASE_DIR)}:{nummer}"
        for pad in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for nummer, regel in enumerate(pad.read_text().splitlines(), 1)
        if vergelijking.search(regel)
    ]
    assert overtreders == []


@pytest.mark.parametrize(
    ("model", "veld"),
    [(m, "created_at") for m in HISTORIE] + [(Bezoek, "bezocht_op")],
    ids=lambda m: getattr(m, "__name__", m),
)
def test_een_vastgelegde_tijd_volgt_de_klok_van_het_verhaal(model, veld):
    """A history row or visit saved without a time gets the story time, so the demo's history is in its story."""
    moment = timezone.make_aware(datetime.datetime(2024, 3, 4, 10, 0))
    with klok.op(moment):
        assert model._meta.get_field(veld).get_default() == moment


def test_notificatie_lezen_volgt_de_klok(beleid):
    moment = timezone.make_aware(datetime.datetime(2024, 3, 4, 10, 0))
    notificatie = Notificatie.objects.create(
        ontvanger=beleid, soort=HerinneringSoort.CONTROLE_MORGEN, tekst="Controle morgen"
    )
    with klok.op(moment):
        meldingen_services.notificatie_lees(notificatie=notificatie, door=beleid)
    notificatie.refresh_from_db()
    assert notificatie.gelezen_op == moment
