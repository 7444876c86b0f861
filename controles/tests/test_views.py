import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from controles import services
from controles.models import Bezoek, Controle, ControleSoort, ControleStatus, Label, Thema
from controles.tests.factories import (
    BedrijfFactory,
    BezoekFactory,
    ControleFactory,
    ControleObjectFactory,
    PlanningsregelFactory,
    TheseusLabelFactory,
    foto_bestand,
)
from ondermijning.models import AuditActie, AuditEvent

pytestmark = pytest.mark.django_db


def _ingelogd(client, user):
    client.force_login(user)
    return client


# --- role access and scope ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gebruiker", "status"),
    [("beleid", 200), ("toezicht", 200), ("coordinator", 200), ("voorzitter", 403), ("beheerder", 403)],
)
def test_lijst_toegang_per_rol(client, request, gebruiker, status):
    _ingelogd(client, request.getfixturevalue(gebruiker))
    assert client.get(reverse("controles:lijst")).status_code == status


def test_anoniem_naar_login(client):
    response = client.get(reverse("controles:lijst"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_westervoort_ziet_geen_duivense_controle(client, beleid_westervoort, duiven, westervoort):
    eigen = ControleFactory(gemeente=westervoort, omschrijving="westervoort-controle")
    vreemd = ControleFactory(gemeente=duiven, omschrijving="duivense-controle")
    bezoek = BezoekFactory(controle=ControleFactory(gemeente=duiven, status=ControleStatus.UITGEVOERD))
    foto = services.foto_toevoegen(bezoek=bezoek, door=bezoek.door, bestand=foto_bestand())
    label = TheseusLabelFactory(bedrijventerrein__gemeente=duiven)
    _ingelogd(client, beleid_westervoort)
    lijst = client.get(reverse("controles:lijst")).content.decode()
    assert reverse("controles:detail", args=[eigen.pk]) in lijst
    assert reverse("controles:detail", args=[vreemd.pk]) not in lijst
    for url in [
        reverse("controles:detail", args=[vreemd.pk]),
        reverse("controles:wijzig", args=[vreemd.pk]),
        reverse("controles:bezoek_nieuw", args=[vreemd.pk]),
        reverse("controles:bezoek_detail", args=[bezoek.pk]),
        reverse("controles:foto", args=[foto.pk]),
        reverse("controles:theseus_terrein", args=[label.bedrijventerrein_id]),
        reverse("controles:theseus_bedrijf", args=[label.bedrijf_id]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("controles:status", args=[vreemd.pk]), {"naar": "geannuleerd", "reden": "x"}).status_code
        == 404
    )
    vreemd.refresh_from_db()
    assert vreemd.status == ControleStatus.GEPLAND
    assert label.bedrijventerrein.naam not in client.get(reverse("controles:theseus")).content.decode()
    assert AuditEvent.objects.filter(actie=AuditActie.TOEGANG_GEWEIGERD, actor=beleid_westervoort).exists()


def test_partner_ziet_alleen_gezamenlijke_controles_alleen_lezen(client, politie, politie_org, duiven, odra):
    mee = ControleFactory(gemeente=duiven, organisaties=[politie_org, odra])
    ControleObjectFactory(controle=mee)
    niet_mee = ControleFactory(gemeente=duiven, organisaties=[odra])
    bezoek = BezoekFactory(controle=mee)
    _ingelogd(client, politie)
    lijst = client.get(reverse("controles:lijst")).content.decode()
    assert reverse("controles:detail", args=[mee.pk]) in lijst
    assert reverse("controles:detail", args=[niet_mee.pk]) not in lijst
    detail = client.get(reverse("controles:detail", args=[mee.pk]))
    assert detail.status_code == 200
    assert "alleen lezen" in detail.content.decode()
    assert reverse("controles:wijzig", args=[mee.pk]) not in detail.content.decode()
    assert client.get(reverse("controles:detail", args=[niet_mee.pk])).status_code == 404
    assert client.get(reverse("controles:wijzig", args=[mee.pk])).status_code == 403
    assert client.get(reverse("controles:bezoek_detail", args=[bezoek.pk])).status_code in (403, 404)
    assert client.get(reverse("controles:vandaag")).status_code == 403
    assert client.get(reverse("controles:theseus")).status_code == 403


def test_foto_alleen_via_gescoopte_view_zonder_cache(client, toezicht, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    foto = services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand())
    _ingelogd(client, toezicht)
    response = client.get(reverse("controles:foto", args=[foto.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert AuditEvent.objects.filter(actie=AuditActie.LEZEN, object_type="controles.foto").exists()


# --- create / edit ---------------------------------------------------------------------------------


def _formdata(gemeente, **extra):
    data = {
        "soort": ControleSoort.INTEGRALE_CONTROLE,
        "thema": "",
        "gemeente": gemeente.pk,
        "datum": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "starttijd": "09:30",
        "eindtijd": "",
        "doel": "witte_vlekken",
        "omschrijving": "Rondgang Centerpoort",
        "kosten": "166.67",
    }
    data.update(extra)
    return data


def test_controle_plannen(client, beleid, duiven, odra):
    _ingelogd(client, beleid)
    response = client.post(reverse("controles:nieuw"), _formdata(duiven, deelnemende_organisaties=[odra.pk]))
    controle = Controle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("controles:detail", args=[controle.pk])
    assert controle.kosten == Decimal("166.67")
    assert list(controle.deelnemende_organisaties.all()) == [odra]


def test_controle_fouten_in_het_nederlands_invoer_bewaard(client, beleid, duiven):
    _ingelogd(client, beleid)
    gisteren = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("controles:nieuw"),
        _formdata(duiven, datum=gisteren, soort=ControleSoort.THEMACONTROLE, omschrijving="Mijn getypte tekst"),
    )
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "kan niet &#x27;gepland&#x27; zijn" in inhoud or "kan niet 'gepland' zijn" in inhoud
    assert "Mijn getypte tekst" in inhoud
    assert gisteren in inhoud
    assert not Controle.objects.exists()


def test_themacontrole_zonder_thema_melding_bij_veld(client, beleid, duiven):
    _ingelogd(client, beleid)
    response = client.post(reverse("controles:nieuw"), _formdata(duiven, soort=ControleSoort.THEMACONTROLE))
    assert "Kies het thema van de themacontrole." in response.content.decode()


def test_controle_in_andere_gemeente_niet_te_kiezen(client, beleid_westervoort, duiven):
    _ingelogd(client, beleid_westervoort)
    response = client.post(reverse("controles:nieuw"), _formdata(duiven))
    assert response.status_code == 200
    assert not Controle.objects.exists()


def test_verouderde_wijziging_geweigerd_met_melding(client, beleid, duiven):
    controle = ControleFactory(gemeente=duiven, omschrijving="oud")
    services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="door collega")
    _ingelogd(client, beleid)
    response = client.post(
        reverse("controles:wijzig", args=[controle.pk]),
        _formdata(duiven, datum=controle.datum.isoformat(), omschrijving="mijn versie", versie=1),
    )
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in inhoud
    assert "mijn versie" in inhoud
    controle.refresh_from_db()
    assert controle.omschrijving == "door collega"


def test_status_wijzigen_via_detail(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    _ingelogd(client, toezicht)
    response = client.post(
        reverse("controles:status", args=[controle.pk]), {"naar": "uitgevoerd", "versie": controle.versie}
    )
    assert response.status_code == 302
    controle.refresh_from_db()
    assert controle.status == ControleStatus.UITGEVOERD
    response = client.post(
        reverse("controles:status", args=[controle.pk]), {"naar": "gepland", "versie": controle.versie}, follow=True
    )
    assert "kan niet naar" in response.content.decode()


def test_detail_logt_lezen(client, beleid, duiven):
    controle = ControleFactory(gemeente=duiven)
    _ingelogd(client, beleid)
    assert client.get(reverse("controles:detail", args=[controle.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        actie=AuditActie.LEZEN, object_type="controles.controle", object_id=str(controle.pk), actor=beleid
    ).exists()


def test_plan_volgende_vult_formulier(client, beleid, duiven, odra, politie_org):
    vorige = ControleFactory(
        gemeente=duiven,
        datum=timezone.localdate() - datetime.timedelta(days=3),
        status=ControleStatus.UITGEVOERD,
        organisaties=[odra, politie_org],
    )
    _ingelogd(client, beleid)
    response = client.get(reverse("controles:nieuw") + f"?volgende={duiven.pk}")
    form = response.context["form"]
    assert form.initial["datum"] == vorige.datum + datetime.timedelta(weeks=6)
    assert set(form.initial["deelnemende_organisaties"]) == {odra, politie_org}
    assert "Voorstel" in response.content.decode()


# --- lists: htmx and query counts ------------------------------------------------------------------


def test_lijst_htmx_geeft_alleen_rijen(client, beleid, duiven):
    ControleFactory(gemeente=duiven)
    _ingelogd(client, beleid)
    response = client.get(reverse("controles:lijst"), {"status": "gepland"}, HTTP_HX_REQUEST="true")
    inhoud = response.content.decode()
    assert "<table" in inhoud
    assert "<html" not in inhoud


def test_lijst_filter_op_soort(client, beleid, duiven):
    dor = ControleFactory(gemeente=duiven, soort=ControleSoort.DOR_CONTROLE)
    integraal = ControleFactory(gemeente=duiven)
    _ingelogd(client, beleid)
    inhoud = client.get(reverse("controles:lijst"), {"soort": "dor_controle"}).content.decode()
    assert reverse("controles:detail", args=[dor.pk]) in inhoud
    assert reverse("controles:detail", args=[integraal.pk]) not in inhoud


@pytest.mark.parametrize(
    "url_naam", ["controles:lijst", "controles:vandaag", "controles:theseus", "controles:planning"]
)
def test_aantal_queries_onafhankelijk_van_aantal_rijen(client, toezicht, duiven, politie_org, url_naam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _ingelogd(client, toezicht)
    PlanningsregelFactory(gemeente=duiven)
    tellingen = []
    for aantal in (5, 50):
        for _ in range(aantal - Controle.objects.count()):
            controle = ControleFactory(
                gemeente=duiven, datum=timezone.localdate(), organisaties=[politie_org], deelnemers=[toezicht]
            )
            ControleObjectFactory(controle=controle)
            TheseusLabelFactory(bedrijventerrein__gemeente=duiven)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_naam)).status_code == 200
        tellingen.append(len(ctx.captured_queries))
    assert tellingen[0] == tellingen[1], f"{url_naam}: {tellingen}"


def test_theseus_terrein_queries_constant(client, beleid, duiven):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    label = TheseusLabelFactory(bedrijventerrein__gemeente=duiven)
    terrein = label.bedrijventerrein
    _ingelogd(client, beleid)
    tellingen = []
    for aantal in (5, 50):
        for _ in range(aantal - terrein.labels.count()):
            TheseusLabelFactory(bedrijventerrein=terrein)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("controles:theseus_terrein", args=[terrein.pk])).status_code == 200
        tellingen.append(len(ctx.captured_queries))
    assert tellingen[0] == tellingen[1]


# --- today and the visit form -------------------------------------------------------------------


def test_vandaag_toont_eigen_controle_en_objecten(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate(), deelnemers=[toezicht])
    obj = ControleObjectFactory(controle=controle)
    morgen = ControleFactory(gemeente=duiven, deelnemers=[toezicht])
    _ingelogd(client, toezicht)
    inhoud = client.get(reverse("controles:vandaag")).content.decode()
    assert obj.bedrijf.naam in inhoud
    assert f"{reverse('controles:bezoek_nieuw', args=[controle.pk])}?object={obj.pk}" in inhoud
    assert reverse("controles:bezoek_nieuw", args=[morgen.pk]) not in inhoud
    assert "js/controles.js" in inhoud
    assert "data-wachtrij-status" in inhoud


def test_bezoekformulier_tablet(client, toezicht, duiven):
    controle = ControleFactory(
        gemeente=duiven, datum=timezone.localdate(), soort=ControleSoort.THEMACONTROLE, thema=Thema.HORECA
    )
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    response = client.get(reverse("controles:bezoek_nieuw", args=[controle.pk]) + f"?object={obj.pk}")
    inhoud = response.content.decode()
    assert 'accept="image/*"' in inhoud
    assert "capture=" in inhoud
    assert 'name="client_uuid"' in inhoud
    assert "exploitatievergunning" in inhoud  # the horeca checklist
    assert f'value="{obj.pk}"' in inhoud and "checked" in inhoud
    assert 'enctype="multipart/form-data"' in inhoud


def _bezoek_post(obj, **extra):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "object": obj.pk,
        "aanwezigen": "eigenaar",
        "bevindingen": "Ramen afgeplakt",
        "vervolg": "niets",
        "vervolg_toelichting": "",
        "theseus_label": "",
    }
    data.update(extra)
    return data


def test_bezoek_opslaan_met_foto_en_herhaling_maakt_niets_dubbel(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    url = reverse("controles:bezoek_nieuw", args=[controle.pk])
    data = _bezoek_post(obj)
    eerste = client.post(url, {**data, "fotos": foto_bestand()}, HTTP_ACCEPT="application/json")
    assert eerste.status_code == 201
    assert eerste.json()["aangemaakt"] is True
    tweede = client.post(url, {**data, "fotos": foto_bestand()}, HTTP_ACCEPT="application/json")
    assert tweede.status_code == 200
    assert tweede.json()["bezoek"] == eerste.json()["bezoek"]
    bezoek = Bezoek.objects.get()
    assert bezoek.fotos.count() == 1
    # The ordinary (non-JSON) submit of the same uuid also lands on the one visit.
    derde = client.post(url, data)
    assert derde["Location"] == reverse("controles:bezoek_detail", args=[bezoek.pk])
    assert Bezoek.objects.count() == 1


def test_bezoek_fout_json_en_html_invoer_bewaard(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    url = reverse("controles:bezoek_nieuw", args=[controle.pk])
    data = _bezoek_post(ControleObjectFactory(controle=controle), object="", bevindingen="Mijn bevinding")
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "object" in response.json()["fouten"]
    response = client.post(url, data)
    inhoud = response.content.decode()
    assert "Kies het bezochte object." in inhoud
    assert "Mijn bevinding" in inhoud
    assert data["client_uuid"] in inhoud
    assert not Bezoek.objects.exists()


def test_bezoek_krijgt_de_tijd_van_het_apparaat(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    url = reverse("controles:bezoek_nieuw", args=[controle.pk])
    op_tablet = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    # As the tablet sends it: ISO 8601 in UTC with its offset.
    data = _bezoek_post(obj, bezocht_op=op_tablet.astimezone(datetime.UTC).isoformat())
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    bezoek = Bezoek.objects.get()
    assert bezoek.bezocht_op == op_tablet
    assert bezoek.created_at - bezoek.bezocht_op >= datetime.timedelta(hours=3)
    detail = client.get(reverse("controles:bezoek_detail", args=[bezoek.pk])).content.decode()
    assert "Ontvangen op" in detail


def test_bezoektijd_in_de_toekomst_geweigerd_met_nederlandse_melding(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    url = reverse("controles:bezoek_nieuw", args=[controle.pk])
    data = _bezoek_post(obj, bezocht_op=(timezone.now() + datetime.timedelta(hours=1)).isoformat())
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "ligt in de toekomst" in " ".join(response.json()["fouten"]["bezocht_op"])
    # The ordinary submit shows the message on the page, although the field is hidden.
    assert "ligt in de toekomst" in client.post(url, data).content.decode()
    assert not Bezoek.objects.exists()


def test_geen_foto_maar_andere_inhoud(client, toezicht, duiven):
    from django.core.files.uploadedfile import SimpleUploadedFile

    controle = ControleFactory(gemeente=duiven, datum=timezone.localdate())
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    nep = SimpleUploadedFile("foto.jpg", b"geen afbeelding", content_type="image/jpeg")
    response = client.post(reverse("controles:bezoek_nieuw", args=[controle.pk]), {**_bezoek_post(obj), "fotos": nep})
    assert "geen foto" in response.content.decode()
    assert not Bezoek.objects.exists()


def test_bezoek_bij_geannuleerde_controle_geweigerd(client, toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, status=ControleStatus.GEANNULEERD)
    obj = ControleObjectFactory(controle=controle)
    _ingelogd(client, toezicht)
    response = client.post(reverse("controles:bezoek_nieuw", args=[controle.pk]), _bezoek_post(obj))
    assert response.status_code == 200
    assert "geen bezoek worden vastgelegd" in response.content.decode()
    assert not Bezoek.objects.exists()


def test_signaal_uit_bezoek_via_formulier(client, toezicht, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht, bevindingen="Hennepgeur bij achterdeur")
    _ingelogd(client, toezicht)
    url = reverse("controles:bezoek_signaal", args=[bezoek.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Hennepgeur bij achterdeur" in response.content.decode()
    response = client.post(url, {"titel": "Hennep?", "omschrijving": "Hennepgeur bij achterdeur"})
    bezoek.refresh_from_db()
    assert bezoek.signaal is not None
    assert bezoek.signaal.titel == "Hennep?"
    detail = client.get(reverse("controles:bezoek_detail", args=[bezoek.pk])).content.decode()
    assert "Hennep?" in detail
    # A second signal from the same visit is not offered.
    assert client.get(url).status_code == 302


def test_bezoek_detail_logt_lezen(client, toezicht, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    _ingelogd(client, toezicht)
    assert client.get(reverse("controles:bezoek_detail", args=[bezoek.pk])).status_code == 200
    assert AuditEvent.objects.filter(actie=AuditActie.LEZEN, object_type="controles.bezoek").exists()


def test_service_worker_en_csrf(client, toezicht):
    _ingelogd(client, toezicht)
    sw = client.get(reverse("controles:service_worker"))
    assert sw["Content-Type"].startswith("application/javascript")
    assert sw["Service-Worker-Allowed"] == "/controles/"
    assert b"caches" in sw.content
    assert client.get(reverse("controles:csrf")).json().keys() == {"csrf", "gebruiker"}


# --- Theseus ---------------------------------------------------------------------------------------


def test_theseus_tellingen_per_terrein(client, beleid, duiven):
    eerste = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, bedrijventerrein__naam="Centerpoort-Noord")
    terrein = eerste.bedrijventerrein
    TheseusLabelFactory(bedrijventerrein=terrein, label=Label.WIT)
    TheseusLabelFactory(bedrijventerrein=terrein, label=Label.ROOD)
    groen = TheseusLabelFactory(bedrijventerrein=terrein, label=Label.GROEN)
    # A business relabelled counts once, with its current label.
    services.theseus_label_zet(bedrijf=groen.bedrijf, bedrijventerrein=terrein, label=Label.ROOD, door=beleid)
    _ingelogd(client, beleid)
    response = client.get(reverse("controles:theseus"))
    (rij,) = response.context["terreinen"]
    assert (rij.groen, rij.wit, rij.rood, rij.totaal) == (0, 2, 2, 4)
    inhoud = response.content.decode()
    assert "Centerpoort-Noord" in inhoud
    assert "(50%)" in inhoud
    # Labels are readable without colour: text and a shape.
    assert "theseus-icoon" in inhoud and "Rood" in inhoud


def test_theseus_plan_controle_via_formulier(client, beleid, duiven, politie_org, odra):
    wit = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.WIT)
    rood = TheseusLabelFactory(bedrijventerrein=wit.bedrijventerrein, label=Label.ROOD)
    url = reverse("controles:theseus_terrein", args=[wit.bedrijventerrein_id])
    _ingelogd(client, beleid)
    morgen = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        url, {"bedrijven": [wit.bedrijf_id, rood.bedrijf_id], "datum": morgen, "deelnemende_organisaties": [odra.pk]}
    )
    assert "twee partnerorganisaties" in response.content.decode()
    assert not Controle.objects.exists()
    response = client.post(
        url,
        {
            "bedrijven": [wit.bedrijf_id, rood.bedrijf_id],
            "datum": morgen,
            "deelnemende_organisaties": [odra.pk, politie_org.pk],
        },
    )
    controle = Controle.objects.get()
    assert response["Location"] == reverse("controles:detail", args=[controle.pk])
    assert set(controle.objecten.values_list("bedrijf_id", flat=True)) == {wit.bedrijf_id, rood.bedrijf_id}


def test_theseus_groen_niet_te_kiezen(client, beleid, duiven):
    groen = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.GROEN)
    _ingelogd(client, beleid)
    morgen = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("controles:theseus_terrein", args=[groen.bedrijventerrein_id]),
        {"bedrijven": [groen.bedrijf_id], "datum": morgen},
    )
    assert response.status_code == 200
    assert not Controle.objects.exists()


def test_theseus_labelhistorie(client, beleid, duiven):
    label = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.WIT, toelichting="geen info")
    _ingelogd(client, beleid)
    url = reverse("controles:theseus_bedrijf", args=[label.bedrijf_id])
    response = client.post(url, {"label": "rood", "toelichting": "politie-informatie", "bronnen": "politie"})
    assert response.status_code == 302
    inhoud = client.get(url).content.decode()
    assert "politie-informatie" in inhoud and "geen info" in inhoud


# --- Mijn werk ---------------------------------------------------------------------------------


def test_mijn_werk_toezichthouder_en_ritme(client, toezicht, beleid, duiven):
    PlanningsregelFactory(gemeente=duiven)
    ControleFactory(
        gemeente=duiven, datum=timezone.localdate(), deelnemers=[toezicht], soort=ControleSoort.DOR_CONTROLE
    )
    TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.ROOD)
    _ingelogd(client, toezicht)
    inhoud = client.get(reverse("mijn_werk")).content.decode()
    assert "Controles vandaag" in inhoud
    assert "DOR-controle" in inhoud
    assert "1 rode bedrijven" in inhoud
    assert "Ritme van de controles" in inhoud
    assert "geen controle gepland" in inhoud
    client.logout()
    _ingelogd(client, beleid)
    inhoud = client.get(reverse("mijn_werk")).content.decode()
    assert "Ritme van de controles" in inhoud
    assert "Controles vandaag" not in inhoud


def test_mijn_werk_geen_ritmemelding_als_gepland(client, beleid, duiven):
    PlanningsregelFactory(gemeente=duiven)
    ControleFactory(gemeente=duiven, datum=timezone.localdate() + datetime.timedelta(weeks=2))
    _ingelogd(client, beleid)
    assert "Ritme van de controles" not in client.get(reverse("mijn_werk")).content.decode()


def test_objecten_toevoegen_en_verwijderen(client, beleid, duiven, westervoort):
    controle = ControleFactory(gemeente=duiven)
    bedrijf = BedrijfFactory(gemeente=duiven)
    vreemd = BedrijfFactory(gemeente=westervoort)
    _ingelogd(client, beleid)
    url = reverse("controles:objecten", args=[controle.pk])
    client.post(url, {"objecten-bedrijven": [vreemd.pk]})
    assert not controle.objecten.exists()
    client.post(url, {"objecten-bedrijven": [bedrijf.pk]})
    obj = controle.objecten.get()
    client.post(reverse("controles:object_verwijder", args=[obj.pk]))
    assert not controle.objecten.exists()


@pytest.mark.parametrize("tekst", ["1.250,50", "1250,50", "1250.50", "€ 1.250,50"])
def test_controle_kosten_in_nederlandse_notatie(client, beleid, duiven, tekst):
    _ingelogd(client, beleid)
    response = client.post(reverse("controles:nieuw"), _formdata(duiven, kosten=tekst))
    assert response.status_code == 302, response.content.decode()
    assert Controle.objects.get().kosten == Decimal("1250.50")


def test_controle_kosten_terug_in_nederlandse_notatie(client, beleid, duiven):
    _ingelogd(client, beleid)
    client.post(reverse("controles:nieuw"), _formdata(duiven, kosten="1.250,50"))
    controle = Controle.objects.get()
    html = client.get(reverse("controles:wijzig", args=[controle.pk])).content.decode()
    assert 'value="1.250,50"' in html
    detail = client.get(reverse("controles:detail", args=[controle.pk])).content.decode()
    assert "1.250,50" in detail


def test_controlepagina_heeft_elk_id_eenmaal(client, beleid, duiven):
    """Issue 19: the status form and the objects form each had a field with id `id_reden`; the
    second field got no accessible name. Each form now has its own prefix."""
    import re
    from collections import Counter

    controle = ControleFactory(gemeente=duiven)
    _ingelogd(client, beleid)
    html = client.get(reverse("controles:detail", args=[controle.pk])).content.decode()
    dubbel = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert dubbel == []
    assert 'name="objecten-reden"' in html
