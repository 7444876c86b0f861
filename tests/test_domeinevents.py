"""The domain events of ondermijning/domeinevents.py: a lower app sends, a higher app reacts.

Cross-app by nature, so here: for each event, the lower app's service really sends it and the
higher app's receiver (connected in its AppConfig.ready) does what the event promises.
"""

import datetime
from decimal import Decimal

import pytest
from django.dispatch import Signal
from django.utils import timezone

from actieplan import overzichten
from actieplan.models import Uitgave, UitgaveCategorie
from actieplan.tests.factories import ActieFactory
from controles import services as controle_services
from controles.models import ControleStatus
from controles.tests.factories import BezoekFactory, ControleFactory
from meldingen.models import Herinnering, HerinneringSoort
from ondermijning import domeinevents
from ondermijning.models import OrganisatieType
from ondermijning.tests.factories import OrganisatieFactory
from procedures import services as procedure_services
from procedures.tests.factories import GESLOTEN_13B, GEWEIGERD_BIBOB, bibob, doorloop, start_13b
from signalen import bewaren
from signalen import services as signaal_services
from signalen.models import Afsluitreden, InterventieSoort, Signaal, SignaalStatus
from signalen.selectors import ook_bekend_in
from signalen.tests.factories import DamoclesladderFactory, SignaalFactory
from taken.models import Taak

pytestmark = pytest.mark.django_db


class Opvanger:
    """A temporary receiver: records what an event was sent with (objects as their pk at that moment)."""

    def __init__(self, event: Signal):
        self.event, self.ontvangen = event, []

    def __call__(self, sender, **kwargs):
        self.ontvangen.append({naam: getattr(waarde, "pk", waarde) for naam, waarde in kwargs.items()})

    def __enter__(self):
        self.event.connect(self, weak=False)
        return self

    def __exit__(self, *exc):
        self.event.disconnect(self)


@pytest.mark.parametrize(
    "naam", [naam for naam, waarde in vars(domeinevents).items() if isinstance(waarde, Signal)], ids=str
)
def test_elk_event_heeft_een_ontvanger(naam):
    """An event nobody listens to is a reaction that silently no longer happens."""
    assert getattr(domeinevents, naam).has_listeners()


def _uitgevoerd(controle, door):
    return controle_services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=door)


def test_controle_uitgevoerd_boekt_odra_kosten(toezicht, duiven, politie_org):
    odra = OrganisatieFactory(naam="ODRA", type=OrganisatieType.OMGEVINGSDIENST)
    vandaag = timezone.localdate()
    met_odra = ControleFactory(gemeente=duiven, datum=vandaag, kosten=Decimal("250.00"), organisaties=[odra])
    zonder_odra = ControleFactory(gemeente=duiven, datum=vandaag, kosten=Decimal("90"), organisaties=[politie_org])
    with Opvanger(domeinevents.controle_uitgevoerd) as opvanger:
        _uitgevoerd(met_odra, toezicht)
        _uitgevoerd(zonder_odra, toezicht)
    assert [o["controle"] for o in opvanger.ontvangen] == [met_odra.pk, zonder_odra.pk]
    uitgave = Uitgave.objects.get(controle=met_odra)
    assert (uitgave.bedrag, uitgave.categorie, uitgave.gemeente) == (Decimal("250.00"), UitgaveCategorie.ODRA, duiven)
    assert not Uitgave.objects.filter(controle=zonder_odra).exists()
    met_odra.refresh_from_db()
    zonder_odra.refresh_from_db()
    assert met_odra.kosten_geboekt and not zonder_odra.kosten_geboekt
    # Sent again (a redelivered event): still one booking.
    domeinevents.controle_uitgevoerd.send(sender=type(met_odra), controle=met_odra, door=toezicht)
    assert Uitgave.objects.filter(controle=met_odra).count() == 1


def test_bibob_advies_aangevraagd_boekt_700_euro(beleid, duiven):
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.OVERLEG)
    interventie = signaal_services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.BIBOB, gestart_op=datetime.date(2024, 5, 1)
    )
    with Opvanger(domeinevents.bibob_advies_aangevraagd) as opvanger:
        signaal_services.interventie_bibob_advies_aanvragen(
            interventie=interventie, door=beleid, aangevraagd_op=datetime.date(2024, 5, 6)
        )
    assert [o["interventie"] for o in opvanger.ontvangen] == [interventie.pk]
    uitgave = Uitgave.objects.get(interventie=interventie)
    assert (uitgave.bedrag, uitgave.categorie) == (Decimal("700"), UitgaveCategorie.BIBOB)
    domeinevents.bibob_advies_aangevraagd.send(sender=type(interventie), interventie=interventie, door=beleid)
    assert Uitgave.objects.filter(interventie=interventie).count() == 1


def _verlopen_signaal(gemeente, titel):
    return SignaalFactory(
        gemeente=gemeente,
        titel=titel,
        status=SignaalStatus.AFGESLOTEN,
        afsluitreden=Afsluitreden.GEEN_ACTIE,
        afgesloten_op=datetime.date(2022, 1, 1),
    )


def _herinnering(signaal, ontvanger):
    return Herinnering.objects.create(
        soort=HerinneringSoort.WEGING_TE_LANG,
        ontvanger=ontvanger,
        object_type=Signaal._meta.label_lower,
        object_id=signaal.pk,
        gemeente=signaal.gemeente,
        peildatum=datetime.date(2021, 6, 1),
        onderwerp="Signaal wacht op weging",
        due_at=timezone.now(),
    )


def test_signaal_vernietigd_neemt_zijn_herinneringen_mee(beleid, duiven):
    verlopen = _verlopen_signaal(duiven, "Verlopen")
    blijft = SignaalFactory(gemeente=duiven, titel="Blijft")
    weg, andere = _herinnering(verlopen, beleid), _herinnering(blijft, beleid)
    with Opvanger(domeinevents.signaal_vernietigd) as opvanger:
        assert bewaren.signalen_vernietig_verlopen(peildatum=datetime.date(2024, 1, 1)) == 1
    assert [o["signaal"] for o in opvanger.ontvangen] == [verlopen.pk]
    assert not Herinnering.objects.filter(pk=weg.pk).exists()
    assert Herinnering.objects.filter(pk=andere.pk).exists()


def test_signalen_in_gebruik_houdt_een_signaal_van_een_actie_vast(beleid, duiven):
    in_actie = _verlopen_signaal(duiven, "Genoemd in een actie")
    los = _verlopen_signaal(duiven, "Zonder vervolg")
    ActieFactory(gemeenten=[duiven]).signalen.add(in_actie)
    assert list(bewaren.signalen_verlopen(peildatum=datetime.date(2024, 1, 1))) == [los]
    bewaren.signalen_vernietig_verlopen(peildatum=datetime.date(2024, 1, 1))
    assert list(Signaal.objects.filter(pk__in=[in_actie.pk, los.pk])) == [in_actie]


def test_bezoeken_bij_subjecten_komen_van_controles(beleid, politie, duiven):
    bezoek = BezoekFactory(controle=ControleFactory(gemeente=duiven, status=ControleStatus.UITGEVOERD))
    bedrijf = bezoek.bedrijf
    gevonden = ook_bekend_in(gebruiker=beleid, bedrijven=[bedrijf])
    assert [b.pk for b in gevonden.bezoeken] == [bezoek.pk]
    assert gevonden.bezoeken[0].via  # which of our subjects links the visit
    # controles answers None for a user without the right to see visits (a partner): signalen shows none.
    assert not politie.has_perm("controles.view_bezoek")
    antwoorden = domeinevents.bezoeken_bij_subjecten.send(
        sender=Signaal, gebruiker=politie, adres_ids=[], bedrijf_ids=[bedrijf.pk]
    )
    assert [antwoord for _ontvanger, antwoord in antwoorden] == [None]


def test_jaarcijfers_gevraagd_telt_afgesloten_procedures_naar_uitkomst(beleid, coordinator, beleid_westervoort, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    doorloop(start_13b(gemeente=duiven, door=beleid), beleid, GESLOTEN_13B)
    bibob_procedure = procedure_services.procedure_start(
        signaal=SignaalFactory(gemeente=duiven), soort=bibob(), door=beleid, gestart_op=datetime.date(2026, 3, 2)
    )
    doorloop(bibob_procedure, beleid, GEWEIGERD_BIBOB)
    start_13b(gemeente=duiven, door=beleid)  # still running: does not count

    with Opvanger(domeinevents.jaarcijfers_gevraagd) as opvanger:
        uitkomsten = overzichten.jaaroverzicht(coordinator, 2026)["uitkomsten"]
    assert [(o["gebruiker"], o["jaar"]) for o in opvanger.ontvangen] == [(coordinator.pk, 2026)]
    tabel = {g["groep"]: dict(g["rijen"]) for g in uitkomsten}
    assert tabel["Art. 13b Opiumwet (Damocles): Besluit verzonden"] == {
        "Sluiting": 1, "Waarschuwing": 0, "Afzien van maatregel": 0,
    }  # fmt: skip
    assert tabel["Art. 13b Opiumwet (Damocles): Uitkomst bezwaar/beroep"]["Ongegrond"] == 1
    assert tabel["Art. 13b Opiumwet (Damocles): Bezwaartermijn"]["Bezwaar ingediend"] == 1
    assert tabel["Wet Bibob: Besluit op de vergunning"] == {
        "Verleend": 0, "Verleend met voorwaarden": 0, "Geweigerd / ingetrokken": 1,
    }  # fmt: skip
    assert [g["groep"] for g in uitkomsten][0] == "Art. 13b Opiumwet (Damocles): Besluit verzonden"
    # Counted in the year of the decision, within the user's municipalities.
    assert overzichten.jaaroverzicht(coordinator, 2025)["uitkomsten"] == []
    assert overzichten.jaaroverzicht(beleid_westervoort, 2026)["uitkomsten"] == []


def test_adviesaanvraag_in_een_bibob_procedure_boekt_700_euro_op_de_interventie(beleid, duiven):
    """The procedure's advice request step is the intervention's request: booked once, with its 8-week term."""
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.OVERLEG)
    interventie = signaal_services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.BIBOB, gestart_op=datetime.date(2026, 3, 2)
    )
    procedure = procedure_services.procedure_start(
        signaal=signaal, soort=bibob(), door=beleid, interventie=interventie, gestart_op=datetime.date(2026, 3, 2)
    )
    stappen = {s.sjabloon.volgorde: s for s in procedure.stappen.select_related("sjabloon")}
    for n in range(1, 5):
        procedure_services.stap_vastleggen(
            stap=stappen[n], door=beleid, gedaan_op=datetime.date(2026, 3, 2), tekst="Bevindingen"
        )
    procedure_services.stap_overslaan(stap=stappen[5], door=beleid, reden="Geen tip.")
    with Opvanger(domeinevents.bibob_advies_aangevraagd) as opvanger:
        procedure_services.stap_vastleggen(stap=stappen[6], door=beleid, gedaan_op=datetime.date(2026, 3, 9))
        procedure_services.stap_vastleggen(stap=stappen[6], door=beleid, gedaan_op=datetime.date(2026, 3, 9))
    assert [o["interventie"] for o in opvanger.ontvangen] == [interventie.pk]
    interventie.refresh_from_db()
    assert (interventie.advies_aangevraagd_op, interventie.advies_termijn_tot) == (
        datetime.date(2026, 3, 9),
        datetime.date(2026, 5, 4),
    )
    assert Uitgave.objects.get(interventie=interventie).bedrag == Decimal("700")


def test_verlengde_adviestermijn_in_signalen_verschuift_de_adviesstap_van_de_procedure_en_haar_taak(beleid, duiven):
    """8 + 4 weeks: the extension is the intervention's action (signalen); the procedure's advice step
    (and its task, reminded by its due date) follows it through `bibob_adviestermijn_verlengd`."""
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.OVERLEG)
    interventie = signaal_services.interventie_start(
        signaal=signaal, door=beleid, soort=InterventieSoort.BIBOB, gestart_op=datetime.date(2026, 3, 2)
    )
    procedure = procedure_services.procedure_start(
        signaal=signaal, soort=bibob(), door=beleid, interventie=interventie, gestart_op=datetime.date(2026, 3, 2)
    )
    stappen = {s.sjabloon.volgorde: s for s in procedure.stappen.select_related("sjabloon")}
    for n in range(1, 5):
        procedure_services.stap_vastleggen(stap=stappen[n], door=beleid, gedaan_op=datetime.date(2026, 3, 2), tekst="B")
    procedure_services.stap_overslaan(stap=stappen[5], door=beleid, reden="Geen tip.")
    procedure_services.stap_vastleggen(stap=stappen[6], door=beleid, gedaan_op=datetime.date(2026, 3, 9))
    advies = stappen[7]
    advies.refresh_from_db()
    assert advies.uiterste_datum == datetime.date(2026, 5, 4)
    interventie.refresh_from_db()
    with Opvanger(domeinevents.bibob_adviestermijn_verlengd) as opvanger:
        signaal_services.interventie_bibob_termijn_verlengen(interventie=interventie, door=beleid)
    assert [o["interventie"] for o in opvanger.ontvangen] == [interventie.pk]
    advies.refresh_from_db()
    assert advies.uiterste_datum == datetime.date(2026, 6, 1)  # 8 + 4 weeks after 9 March
    taak = Taak.objects.get(onderdeel_id=advies.pk, omschrijving__endswith=advies.sjabloon.naam)
    assert taak.uiterlijk_op == datetime.date(2026, 6, 1)
