"""Decisions of the overleg create the work they name, and the chair can correct a wrong one (issue 14, item 3).

Cross-app: a "controle plannen" decision in signalen plans a control in controles.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from controles import services as controle_services
from controles.models import Controle, ControleStatus
from ondermijning.models import AuditEvent
from signalen import services
from signalen.models import (
    Agendapunt,
    BesluitCorrectie,
    Bron,
    Interventie,
    InterventieStatus,
    RiecMelding,
    RiecStatus,
    SignaalStatus,
)
from signalen.models import Besluit as B
from signalen.selectors import tijdlijn
from signalen.tests.factories import OverlegFactory

S = SignaalStatus

# Every decision: the signal's status after it, the intervention kind it creates (or None), whether it
# drafts the RIEC form and whether it plans a control. A status never claims work that does not exist.
VERWACHT = {
    "opplussen": (S.OPPLUSSEN, None, False, False),
    "riec_signaal": (S.RIEC, None, True, False),
    "controle_plannen": (S.OPPLUSSEN, None, False, True),
    "stop_gesprek": (S.INTERVENTIE, "stop_gesprek", False, False),
    "bibob": (S.INTERVENTIE, "bibob", False, False),
    "13b_traject": (S.INTERVENTIE, "13b_traject", False, False),
    "heling": (S.INTERVENTIE, "heling_dor", False, False),
    "afsluiten": (S.AFGESLOTEN, None, False, False),
    "anders": (S.OVERLEG, None, False, False),
}


@pytest.fixture
def duiven_signaal(beleid, duiven):
    """A Duiven signal about a barber shop, with its address and business."""
    signaal = services.signaal_registreer(
        door=beleid,
        gemeente=duiven,
        titel="Kapsalon Knipgoed zonder klanten",
        omschrijving="Nooit een afspraak te krijgen, wel veel contant geld.",
        bron=Bron.INWONER,
        ontvangen_op=datetime.date(2024, 3, 1),
    )
    services.adres_koppel(
        signaal=signaal, door=beleid, straat="Rijksweg", huisnummer="12", postcode="6921 AB", plaats="Duiven"
    )
    services.bedrijf_koppel(signaal=signaal, door=beleid, naam="Knipgoed V.O.F.", kvk_nummer="12345678")
    signaal.refresh_from_db()
    return signaal


@pytest.fixture
def punt(beleid, duiven_signaal, duiven):
    """A Duiven signal with a handler on the agenda of a meeting today."""
    services.signaal_wijzig(signaal=duiven_signaal, door=beleid, versie=duiven_signaal.versie, behandelaar=beleid)
    services.signaal_transitie(signaal=duiven_signaal, naar=S.WEGING, door=beleid)
    overleg = OverlegFactory(gemeenten=[duiven], datum=timezone.localdate())
    return services.agendapunt_toevoegen(overleg=overleg, signaal=duiven_signaal, door=beleid)


def besluit(punt, door, waarde):
    return services.agendapunt_besluit(
        agendapunt=punt, door=door, besluit=waarde, afsluitreden="overig" if waarde == "afsluiten" else ""
    )


def test_elke_besluitsoort_heeft_een_verwachting():
    assert set(B.values) == set(VERWACHT)


@pytest.mark.parametrize("waarde", sorted(VERWACHT))
def test_besluit_maakt_zijn_werk(waarde, punt, voorzitter, beleid):
    status, interventie_soort, riec, controle = VERWACHT[waarde]
    besluit(punt, voorzitter, waarde)
    signaal = punt.signaal
    signaal.refresh_from_db()
    assert signaal.status == status
    interventies = list(Interventie.objects.filter(signaal=signaal))
    if interventie_soort:
        assert [(i.soort, i.status, i.behandelaar) for i in interventies] == [
            (interventie_soort, InterventieStatus.CONCEPT, beleid)
        ]
    else:
        assert interventies == []
    assert RiecMelding.objects.filter(signaal=signaal, status=RiecStatus.CONCEPT).count() == (1 if riec else 0)
    controles = list(Controle.objects.filter(signaal=signaal))
    if controle:
        assert len(controles) == 1 and controles[0].status == ControleStatus.GEPLAND
        assert controles[0].datum >= timezone.localdate() and controles[0].datum.weekday() < 5
        assert set(controles[0].objecten.values_list("adres_id", flat=True)) >= set(
            signaal.adressen.values_list("pk", flat=True)
        )
    else:
        assert controles == []


# --- weging: agenderen ------------------------------------------------------------------------


def test_agenderen_zet_signaal_op_het_volgende_overleg(beleid, duiven_signaal, duiven, westervoort):
    vandaag = timezone.localdate()
    OverlegFactory(gemeenten=[duiven], datum=vandaag - datetime.timedelta(days=7))
    OverlegFactory(gemeenten=[westervoort], datum=vandaag + datetime.timedelta(days=3))
    volgende = OverlegFactory(gemeenten=[duiven], datum=vandaag + datetime.timedelta(days=10))
    OverlegFactory(gemeenten=[duiven], datum=vandaag + datetime.timedelta(days=40))
    services.weging_vastleggen(
        signaal=duiven_signaal,
        door=beleid,
        is_ondermijning=True,
        raakt_gemeentelijke_taak=True,
        is_concreet=True,
        is_recent=True,
        uitkomst="agenderen",
    )
    assert list(Agendapunt.objects.filter(signaal=duiven_signaal).values_list("overleg", flat=True)) == [volgende.pk]
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.status == S.OVERLEG


def test_agenderen_zonder_gepland_overleg_zegt_dat(client, beleid, duiven_signaal, duiven):
    client.force_login(beleid)
    response = client.post(
        reverse("signalen:weging", args=[duiven_signaal.pk]),
        {
            "is_ondermijning": "ja",
            "raakt_gemeentelijke_taak": "ja",
            "is_concreet": "ja",
            "is_recent": "ja",
            "uitkomst": "agenderen",
        },
        follow=True,
    )
    assert "Er is nog geen overleg gepland voor Duiven" in response.content.decode()
    assert not Agendapunt.objects.filter(signaal=duiven_signaal).exists()


# --- correcting a decision --------------------------------------------------------------------


def test_correctie_trekt_onaangeroerd_werk_in(punt, voorzitter):
    besluit(punt, voorzitter, B.BIBOB)
    signaal = punt.signaal
    interventie = signaal.interventies.get()
    voor = AuditEvent.objects.count()
    services.agendapunt_besluit_corrigeer(
        agendapunt=punt, door=voorzitter, besluit=B.RIEC_SIGNAAL, reden="Verkeerd aangeklikt: RIEC bedoeld."
    )
    signaal.refresh_from_db()
    assert signaal.status == S.RIEC
    assert not Interventie.objects.filter(pk=interventie.pk).exists()
    assert signaal.riec_meldingen.get().status == RiecStatus.CONCEPT
    correctie = BesluitCorrectie.objects.get(agendapunt=punt)
    assert (correctie.oud, correctie.nieuw, correctie.door, correctie.reden) == (
        B.BIBOB,
        B.RIEC_SIGNAAL,
        voorzitter,
        "Verkeerd aangeklikt: RIEC bedoeld.",
    )
    assert correctie.op is not None and correctie.waarschuwing == ""
    assert "correctie" in [item.soort for item in tijdlijn(signaal)]
    correcties = AuditEvent.objects.filter(pk__gt=0, toelichting__startswith="besluit gecorrigeerd")
    assert correcties.count() == 1
    assert AuditEvent.objects.count() > voor
    punt.refresh_from_db()
    assert punt.besluit == B.RIEC_SIGNAAL


def test_correctie_markeert_werk_waaraan_al_gewerkt_is(client, punt, voorzitter, beleid):
    besluit(punt, voorzitter, B.BIBOB)
    interventie = punt.signaal.interventies.get()
    services.interventie_afronden(
        interventie=interventie, door=beleid, afgerond_op=timezone.localdate(), uitkomst="Intake gevoerd."
    )
    services.agendapunt_besluit_corrigeer(
        agendapunt=punt, door=voorzitter, besluit=B.OPPLUSSEN, reden="Toch eerst KVK."
    )
    interventie.refresh_from_db()
    punt.signaal.refresh_from_db()
    assert punt.signaal.status == S.OPPLUSSEN
    correctie = BesluitCorrectie.objects.get(agendapunt=punt)
    assert "Bibob" in correctie.waarschuwing
    client.force_login(beleid)
    inhoud = client.get(reverse("signalen:detail", args=[punt.signaal.pk])).content.decode()
    assert "Besluit gecorrigeerd" in inhoud and "Toch eerst KVK." in inhoud
    assert "er is al aan gewerkt" in inhoud


def test_correctie_van_controle_plannen(punt, voorzitter, beleid):
    besluit(punt, voorzitter, B.CONTROLE_PLANNEN)
    controle = Controle.objects.get(signaal=punt.signaal)
    services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=B.STOP_GESPREK, reden="Mis.")
    assert not Controle.objects.filter(pk=controle.pk).exists()
    assert punt.signaal.interventies.get().soort == "stop_gesprek"
    # Back to a control, then someone plans it in: a second correction keeps it and warns.
    services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=B.CONTROLE_PLANNEN, reden="Toch.")
    controle = Controle.objects.get(signaal=punt.signaal)
    controle_services.controle_wijzig(controle=controle, door=beleid, versie=controle.versie, omschrijving="Met BOA's")
    services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=B.ANDERS, reden="Later.")
    assert Controle.objects.filter(pk=controle.pk).exists()
    assert "controle" in BesluitCorrectie.objects.filter(agendapunt=punt).latest("op").waarschuwing.lower()
    assert not punt.signaal.interventies.exists()


def test_correctie_na_sluiten_overleg_geweigerd(punt, voorzitter):
    besluit(punt, voorzitter, B.BIBOB)
    services.overleg_sluiten(overleg=punt.overleg, door=voorzitter)
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=B.RIEC_SIGNAAL, reden="x")
    assert "Het overleg is gesloten" in " ".join(fout.value.messages)
    assert punt.signaal.interventies.count() == 1


def test_correctie_vraagt_een_reden(punt, voorzitter):
    besluit(punt, voorzitter, B.BIBOB)
    with pytest.raises(ValidationError):
        services.agendapunt_besluit_corrigeer(agendapunt=punt, door=voorzitter, besluit=B.RIEC_SIGNAAL, reden=" ")


def test_correctie_alleen_door_de_voorzitter(client, punt, voorzitter, beleid):
    besluit(punt, voorzitter, B.BIBOB)
    with pytest.raises(ValidationError):
        services.agendapunt_besluit_corrigeer(agendapunt=punt, door=beleid, besluit=B.RIEC_SIGNAAL, reden="x")
    client.force_login(beleid)
    response = client.post(
        reverse("signalen:agendapunt_corrigeren", args=[punt.pk]),
        {f"c{punt.pk}-besluit": "riec_signaal", f"c{punt.pk}-reden": "x"},
    )
    assert response.status_code in (403, 404)
    punt.refresh_from_db()
    assert punt.besluit == B.BIBOB


def test_correctie_via_de_pagina(client, punt, voorzitter):
    besluit(punt, voorzitter, B.BIBOB)
    client.force_login(voorzitter)
    pagina = client.get(reverse("signalen:overleg_detail", args=[punt.overleg.pk])).content.decode()
    assert "Besluit corrigeren" in pagina
    response = client.post(
        reverse("signalen:agendapunt_corrigeren", args=[punt.pk]),
        {f"c{punt.pk}-besluit": "riec_signaal", f"c{punt.pk}-reden": "Mis."},
    )
    assert response.status_code == 302
    punt.refresh_from_db()
    assert punt.besluit == B.RIEC_SIGNAAL
    client.post(reverse("signalen:overleg_sluiten", args=[punt.overleg.pk]))
    pagina = client.get(reverse("signalen:overleg_detail", args=[punt.overleg.pk])).content.decode()
    assert "Besluit corrigeren" not in pagina and "gesloten" in pagina
