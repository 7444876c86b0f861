import datetime
import io
import re
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from controles import services
from controles.models import (
    Bezoek,
    ChecklistAntwoord,
    ChecklistSjabloon,
    Controle,
    ControleSoort,
    ControleStatus,
    Foto,
    Label,
    Thema,
    TheseusLabel,
    Vervolg,
)
from controles.selectors import bezoeken_bij_subjecten, planning_overzicht, volgende_controle_voorstel
from controles.tests.factories import (
    AdresFactory,
    BedrijfFactory,
    BezoekFactory,
    ControleFactory,
    ControleObjectFactory,
    PlanningsregelFactory,
    TheseusLabelFactory,
    foto_bestand,
)
from ondermijning.models import AuditActie, AuditEvent
from ondermijning.workflow import VersieConflict

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate


def _morgen():
    return VANDAAG() + datetime.timedelta(days=1)


# --- controls and their status ---------------------------------------------------------------


def test_controle_maak_plant_en_logt(beleid, duiven, politie_org, odra):
    bedrijf = BedrijfFactory(gemeente=duiven)
    controle = services.controle_maak(
        door=beleid,
        organisaties=[politie_org, odra],
        bedrijven=[bedrijf],
        soort=ControleSoort.INTEGRALE_CONTROLE,
        gemeente=duiven,
        datum=_morgen(),
        kosten=Decimal("250.00"),
    )
    assert controle.status == ControleStatus.GEPLAND
    assert set(controle.deelnemende_organisaties.all()) == {politie_org, odra}
    assert list(controle.objecten.values_list("bedrijf", flat=True)) == [bedrijf.pk]
    assert AuditEvent.objects.filter(
        actie=AuditActie.AANMAKEN, object_type="controles.controle", object_id=str(controle.pk)
    ).exists()


def test_controle_in_verleden_kan_niet_gepland(beleid, duiven):
    with pytest.raises(ValidationError) as fout:
        services.controle_maak(
            door=beleid,
            soort=ControleSoort.INTEGRALE_CONTROLE,
            gemeente=duiven,
            datum=VANDAAG() - datetime.timedelta(1),
        )
    assert "datum" in fout.value.message_dict
    assert not Controle.objects.exists()


def test_themacontrole_vraagt_thema(beleid, duiven):
    with pytest.raises(ValidationError) as fout:
        services.controle_maak(door=beleid, soort=ControleSoort.THEMACONTROLE, gemeente=duiven, datum=_morgen())
    assert "thema" in fout.value.message_dict


def test_object_van_andere_gemeente_geweigerd(beleid, duiven, westervoort):
    with pytest.raises(ValidationError):
        services.controle_maak(
            door=beleid,
            soort=ControleSoort.INTEGRALE_CONTROLE,
            gemeente=duiven,
            datum=_morgen(),
            bedrijven=[BedrijfFactory(gemeente=westervoort)],
        )
    assert not Controle.objects.exists()


@pytest.mark.parametrize(
    ("van", "naar"),
    [
        (ControleStatus.GEPLAND, ControleStatus.UITGEVOERD),
        (ControleStatus.GEPLAND, ControleStatus.GEANNULEERD),
        (ControleStatus.UITGEVOERD, ControleStatus.AFGEROND),
    ],
)
def test_toegestane_overgangen(toezicht, duiven, van, naar):
    controle = ControleFactory(gemeente=duiven, status=van, datum=VANDAAG())
    services.controle_transitie(controle=controle, naar=naar, door=toezicht, reden="weer slecht")
    controle.refresh_from_db()
    assert controle.status == naar
    assert controle.versie == 2
    assert controle.statuswijzigingen.filter(van=van, naar=naar, door=toezicht).exists()
    assert AuditEvent.objects.filter(actie=AuditActie.TRANSITIE, object_id=str(controle.pk)).exists()


@pytest.mark.parametrize(
    ("van", "naar"),
    [
        (ControleStatus.GEPLAND, ControleStatus.AFGEROND),
        (ControleStatus.AFGEROND, ControleStatus.GEPLAND),
        (ControleStatus.GEANNULEERD, ControleStatus.UITGEVOERD),
        (ControleStatus.UITGEVOERD, ControleStatus.GEANNULEERD),
    ],
)
def test_geweigerde_overgangen(toezicht, duiven, van, naar):
    controle = ControleFactory(gemeente=duiven, status=van, datum=VANDAAG())
    with pytest.raises(ValidationError):
        services.controle_transitie(controle=controle, naar=naar, door=toezicht, reden="x")
    controle.refresh_from_db()
    assert controle.status == van
    assert not controle.statuswijzigingen.exists()


def test_annuleren_vraagt_reden(toezicht, duiven):
    controle = ControleFactory(gemeente=duiven)
    with pytest.raises(ValidationError) as fout:
        services.controle_transitie(controle=controle, naar=ControleStatus.GEANNULEERD, door=toezicht)
    assert "reden" in fout.value.message_dict


def test_toekomstige_controle_niet_uitgevoerd(toezicht, duiven):
    controle = ControleFactory(gemeente=duiven, datum=_morgen())
    with pytest.raises(ValidationError):
        services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=toezicht)


def test_uitgevoerd_boekt_odra_kosten_eenmaal(toezicht, duiven, odra):
    from actieplan.models import Uitgave

    controle = ControleFactory(gemeente=duiven, datum=VANDAAG(), kosten=Decimal("166.67"), organisaties=[odra])
    services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=toezicht)
    uitgave = Uitgave.objects.get(controle=controle)
    assert uitgave.bedrag == Decimal("166.67")
    assert uitgave.gemeente == duiven
    controle.refresh_from_db()
    assert controle.kosten_geboekt


def test_zonder_odra_geen_boeking(toezicht, duiven, politie_org):
    from actieplan.models import Uitgave

    controle = ControleFactory(gemeente=duiven, datum=VANDAAG(), kosten=Decimal("100"), organisaties=[politie_org])
    services.controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=toezicht)
    assert not Uitgave.objects.filter(controle=controle).exists()


def test_versieconflict_weigert_en_wijzigt_niets(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, omschrijving="oud")
    services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="eerste")
    with pytest.raises(VersieConflict):
        services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="tweede")
    controle.refresh_from_db()
    assert controle.omschrijving == "eerste"
    assert controle.versie == 2


def test_afgeronde_controle_niet_wijzigbaar(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, status=ControleStatus.AFGEROND, datum=VANDAAG())
    with pytest.raises(ValidationError):
        services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="x")


# --- rhythm ------------------------------------------------------------------------------------


def test_plan_volgende_zes_weken_later_met_dezelfde_partners(beleid, toezicht, duiven, politie_org, odra):
    vorige = ControleFactory(
        gemeente=duiven,
        datum=VANDAAG() - datetime.timedelta(days=7),
        status=ControleStatus.UITGEVOERD,
        organisaties=[politie_org, odra],
        deelnemers=[toezicht],
        kosten=Decimal("166.67"),
    )
    voorstel = volgende_controle_voorstel(gebruiker=beleid, gemeente=duiven)
    assert voorstel["datum"] == vorige.datum + datetime.timedelta(weeks=6)
    assert set(voorstel["deelnemende_organisaties"]) == {politie_org, odra}
    assert voorstel["deelnemers"] == [toezicht]
    assert voorstel["kosten"] == Decimal("166.67")


def test_plan_volgende_volgt_planningsregel(beleid, duiven):
    PlanningsregelFactory(gemeente=duiven, interval_weken=4)
    vorige = ControleFactory(gemeente=duiven, datum=VANDAAG(), status=ControleStatus.UITGEVOERD)
    voorstel = volgende_controle_voorstel(gebruiker=beleid, gemeente=duiven)
    assert voorstel["datum"] == vorige.datum + datetime.timedelta(weeks=4)


def test_planning_markeert_gemeente_zonder_geplande_controle(beleid, duiven, westervoort):
    PlanningsregelFactory(gemeente=duiven)
    PlanningsregelFactory(gemeente=westervoort)
    for gemeente in (duiven, westervoort):
        ControleFactory(
            gemeente=gemeente, datum=VANDAAG() - datetime.timedelta(weeks=2), status=ControleStatus.AFGEROND
        )
    ControleFactory(gemeente=duiven, datum=VANDAAG() + datetime.timedelta(weeks=3))
    standen = {s.regel.gemeente.naam: s for s in planning_overzicht(gebruiker=beleid)}
    assert standen["Duiven"].status == "op_schema"
    assert standen["Westervoort"].status == "ontbreekt"
    assert standen["Westervoort"].vervaldatum == VANDAAG() + datetime.timedelta(weeks=4)


def test_planning_te_laat_gepland(beleid, duiven):
    PlanningsregelFactory(gemeente=duiven)
    ControleFactory(gemeente=duiven, datum=VANDAAG() - datetime.timedelta(weeks=5), status=ControleStatus.UITGEVOERD)
    ControleFactory(gemeente=duiven, datum=VANDAAG() + datetime.timedelta(weeks=3))
    (stand,) = planning_overzicht(gebruiker=beleid)
    assert stand.status == "te_laat_gepland"
    assert stand.gemarkeerd


# --- visits -------------------------------------------------------------------------------------


def _bezoek_args(controle, toezicht, obj, **extra):
    return {
        "controle": controle,
        "door": toezicht,
        "client_uuid": extra.pop("client_uuid", uuid.uuid4()),
        "object": obj,
        "bevindingen": "Ramen afgeplakt, sterke geur.",
        **extra,
    }


def test_bezoek_idempotent_op_client_uuid(toezicht, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    sleutel = uuid.uuid4()
    eerste, aangemaakt = services.bezoek_registreer(
        **_bezoek_args(obj.controle, toezicht, obj, client_uuid=sleutel, fotos=[foto_bestand()])
    )
    assert aangemaakt
    tweede, opnieuw = services.bezoek_registreer(
        **_bezoek_args(obj.controle, toezicht, obj, client_uuid=str(sleutel), fotos=[foto_bestand()])
    )
    assert not opnieuw
    assert tweede.pk == eerste.pk
    assert Bezoek.objects.count() == 1
    assert Foto.objects.count() == 1
    assert AuditEvent.objects.filter(actie=AuditActie.AANMAKEN, object_type="controles.bezoek").count() == 1


def test_bezoek_houdt_de_tijd_van_het_apparaat_en_de_aankomsttijd(toezicht, duiven):
    """A visit queued offline at 10:00 and sent at 12:00 happened at 10:00; 12:00 is when it arrived."""
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    op_tablet = timezone.now() - datetime.timedelta(hours=2)
    bezoek, _ = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, bezocht_op=op_tablet))
    bezoek.refresh_from_db()
    assert bezoek.bezocht_op == op_tablet
    assert bezoek.created_at - op_tablet >= datetime.timedelta(hours=2)
    assert abs(bezoek.created_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_bezoek_zonder_tijd_van_het_apparaat_is_nu(toezicht, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    bezoek, _ = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj))
    assert abs(bezoek.bezocht_op - timezone.now()) < datetime.timedelta(minutes=1)
    assert abs(bezoek.created_at - bezoek.bezocht_op) < datetime.timedelta(seconds=5)


@pytest.mark.parametrize(
    ("verschuiving", "melding"),
    [
        (datetime.timedelta(minutes=6), "ligt in de toekomst"),
        (datetime.timedelta(days=1), "ligt in de toekomst"),
        (-datetime.timedelta(days=7, minutes=1), "meer dan 7 dagen geleden"),
        (-datetime.timedelta(days=30), "meer dan 7 dagen geleden"),
    ],
)
def test_bezoektijd_in_de_toekomst_of_te_oud_geweigerd(toezicht, duiven, verschuiving, melding):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    with pytest.raises(ValidationError, match=melding) as fout:
        services.bezoek_registreer(
            **_bezoek_args(obj.controle, toezicht, obj, bezocht_op=timezone.now() + verschuiving)
        )
    assert "bezocht_op" in fout.value.error_dict
    assert not Bezoek.objects.exists()


@pytest.mark.parametrize(
    "verschuiving",
    [datetime.timedelta(minutes=4), -datetime.timedelta(days=6, hours=23), datetime.timedelta(0)],
)
def test_bezoektijd_binnen_de_grenzen_aanvaard(toezicht, duiven, verschuiving):
    """A tablet clock a few minutes fast is tolerated; a visit queued for almost a week still lands."""
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    tijd = timezone.now() + verschuiving
    bezoek, aangemaakt = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, bezocht_op=tijd))
    assert aangemaakt
    assert bezoek.bezocht_op == tijd


def test_herhaalde_verzending_van_een_ontvangen_bezoek_wordt_niet_op_tijd_geweigerd(toezicht, duiven):
    """The retry of a visit that already arrived returns that visit, even when its time is now too old."""
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    sleutel = uuid.uuid4()
    tijd = timezone.now() - datetime.timedelta(days=6)
    eerste, _ = services.bezoek_registreer(
        **_bezoek_args(obj.controle, toezicht, obj, client_uuid=sleutel, bezocht_op=tijd)
    )
    Bezoek.objects.filter(pk=eerste.pk).update(bezocht_op=tijd - datetime.timedelta(days=2))
    tweede, opnieuw = services.bezoek_registreer(
        **_bezoek_args(obj.controle, toezicht, obj, client_uuid=sleutel, bezocht_op=tijd - datetime.timedelta(days=2))
    )
    assert (tweede.pk, opnieuw) == (eerste.pk, False)


def test_bezoek_uuid_van_ander_bezoek_geweigerd(toezicht, coordinator, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    sleutel = uuid.uuid4()
    services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, client_uuid=sleutel))
    ander = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    with pytest.raises(ValidationError):
        services.bezoek_registreer(**_bezoek_args(ander.controle, toezicht, ander, client_uuid=sleutel))
    assert Bezoek.objects.count() == 1


def test_geen_bezoek_bij_geannuleerde_controle(toezicht, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__status=ControleStatus.GEANNULEERD)
    with pytest.raises(ValidationError, match="geannuleerd|Geannuleerd"):
        services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj))
    assert not Bezoek.objects.exists()


def test_bezoek_object_van_andere_controle_geweigerd(toezicht, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven)
    andere = ControleFactory(gemeente=duiven)
    with pytest.raises(ValidationError):
        services.bezoek_registreer(**_bezoek_args(andere, toezicht, obj))


def test_checklist_antwoorden_bewaard_met_vraagtekst(toezicht, duiven):
    obj = ControleObjectFactory(
        controle__gemeente=duiven, controle__soort=ControleSoort.THEMACONTROLE, controle__thema=Thema.HORECA
    )
    vragen = services.checklist_vragen(obj.controle)
    assert vragen, "het zaaisjabloon voor horeca ontbreekt"
    assert ChecklistSjabloon.objects.get(soort="themacontrole", thema="horeca") == vragen[0].sjabloon
    antwoorden = {vragen[0].pk: "ja", vragen[-1].pk: "Veel contant geld gezien"}
    bezoek, _ = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, antwoorden=antwoorden))
    rijen = {a.vraag_tekst: a.antwoord for a in ChecklistAntwoord.objects.filter(bezoek=bezoek)}
    assert rijen == {vragen[0].tekst: "ja", vragen[-1].tekst: "Veel contant geld gezien"}


def test_checklist_ongeldig_antwoord(toezicht, duiven):
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__soort=ControleSoort.DOR_CONTROLE)
    vraag = services.checklist_vragen(obj.controle)[0]
    with pytest.raises(ValidationError):
        services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, antwoorden={vraag.pk: "misschien"}))
    assert not Bezoek.objects.exists()


def test_bezoek_wijzig_versiecontrole(toezicht, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    services.bezoek_wijzig(bezoek=bezoek, door=toezicht, versie=1, bevindingen="aangevuld")
    with pytest.raises(VersieConflict):
        services.bezoek_wijzig(bezoek=bezoek, door=toezicht, versie=1, bevindingen="verouderd")
    bezoek.refresh_from_db()
    assert bezoek.bevindingen == "aangevuld"


def test_signaal_uit_bezoek_gekoppeld(toezicht, beleid, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    voorstel = services.signaal_voorstel(bezoek)
    assert bezoek.bedrijf.naam in voorstel["titel"]
    signaal = services.bezoek_signaal_maak(bezoek=bezoek, door=toezicht, **voorstel)
    bezoek.refresh_from_db()
    assert bezoek.signaal == signaal
    assert bezoek.vervolg == Vervolg.NIEUW_SIGNAAL
    assert signaal.bron == "eigen_controle"
    assert signaal.gemeente == duiven
    assert list(signaal.bedrijven.all()) == [bezoek.bedrijf]
    with pytest.raises(ValidationError):
        services.bezoek_signaal_maak(bezoek=bezoek, door=toezicht, **voorstel)


def test_bezoeken_bij_subjecten_gescoped(beleid, beleid_westervoort, duiven):
    adres = AdresFactory(gemeente=duiven)
    bedrijf = BedrijfFactory(gemeente=duiven, adres=adres)
    bezoek = BezoekFactory(controle__gemeente=duiven, object__bedrijf=bedrijf)
    assert list(bezoeken_bij_subjecten(gebruiker=beleid, adres_ids=[adres.pk], bedrijf_ids=[])) == [bezoek]
    assert list(bezoeken_bij_subjecten(gebruiker=beleid, adres_ids=[], bedrijf_ids=[bedrijf.pk])) == [bezoek]
    assert (
        list(bezoeken_bij_subjecten(gebruiker=beleid_westervoort, adres_ids=[adres.pk], bedrijf_ids=[bedrijf.pk])) == []
    )
    assert list(bezoeken_bij_subjecten(gebruiker=beleid, adres_ids=[], bedrijf_ids=[])) == []


# --- photos -------------------------------------------------------------------------------------


def test_foto_zonder_exif_onder_willekeurige_naam(toezicht, duiven):
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    foto = services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand("IMG_thuisadres.jpg", exif=True))
    assert "thuisadres" not in foto.bestand.name
    with Image.open(foto.bestand.path) as beeld:
        assert beeld.format == "JPEG"
        assert not beeld.getexif()
    assert foto.breedte == 40


def test_foto_weigert_niet_afbeelding_met_jpg_extensie(toezicht, duiven):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    nep = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 dit is geen foto", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="geen foto"):
        services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=nep)
    assert not Foto.objects.exists()


def test_foto_te_veel_pixels(toezicht, duiven, monkeypatch):
    monkeypatch.setattr(services, "FOTO_MAX_PIXELS", 100)
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    with pytest.raises(ValidationError, match="pixels"):
        services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand(grootte=(20, 20)))


def _reusachtige_png(zijde: int) -> SimpleUploadedFile:
    """A PNG of a few kilobytes that decodes to zijde x zijde pixels (a decompression bomb)."""
    uit = io.BytesIO()
    Image.new("1", (zijde, zijde)).save(uit, format="PNG")
    return SimpleUploadedFile("klein.png", uit.getvalue(), content_type="image/png")


@pytest.mark.parametrize("zijde", [7000, 20000])
def test_reusachtige_png_snel_geweigerd_met_nederlandse_melding(toezicht, duiven, zijde):
    """7000x7000 took 17-19 s of CPU and 624 MB; the pixel count is read from the header, before decoding."""
    bestand = _reusachtige_png(zijde)
    assert bestand.size < 3 * 1024 * 1024
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    begin = time.perf_counter()
    with pytest.raises(ValidationError) as fout:
        services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=bestand)
    assert time.perf_counter() - begin < 1
    assert "te veel pixels" in fout.value.messages[0]
    assert "40 megapixel" in fout.value.messages[0]
    assert not Foto.objects.exists()


def test_jpeg_commentaar_en_exif_verdwijnen(toezicht, duiven):
    beeld, uit = Image.new("RGB", (40, 30), (200, 30, 30)), io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"
    beeld.save(uit, format="JPEG", exif=exif, comment=b"Thuisadres Jansen, Kerkstraat 1")
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    bestand = SimpleUploadedFile("foto.jpg", uit.getvalue(), content_type="image/jpeg")
    foto = services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=bestand)
    with Image.open(foto.bestand.path) as opgeslagen:
        assert "comment" not in opgeslagen.info
        assert not opgeslagen.getexif()
        assert not opgeslagen.applist or all(marker in ("APP0",) for marker, _ in opgeslagen.applist)
    inhoud = Path(foto.bestand.path).read_bytes()
    assert b"Jansen" not in inhoud and b"TestCamera" not in inhoud


def _atomaire_diepte_bij_decoderen(monkeypatch) -> list[int]:
    diepten, echt = [], services._foto_inhoud

    def meten(bestand):
        diepten.append(len(connection.atomic_blocks))
        return echt(bestand)

    monkeypatch.setattr(services, "_foto_inhoud", meten)
    return diepten


def test_foto_van_bezoek_gedecodeerd_buiten_de_transactie_met_rijslot(toezicht, duiven, monkeypatch):
    """Decoding is slow: it must not happen while the control's row is locked (select_for_update)."""
    obj = ControleObjectFactory(controle__gemeente=duiven, controle__datum=VANDAAG())
    diepten, buiten = _atomaire_diepte_bij_decoderen(monkeypatch), len(connection.atomic_blocks)
    bezoek, _ = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, fotos=[foto_bestand()]))
    assert diepten == [buiten]
    assert bezoek.fotos.count() == 1
    services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand())
    assert diepten == [buiten, buiten]


def test_foto_te_groot(toezicht, duiven, monkeypatch):
    monkeypatch.setattr(services, "FOTO_MAX_BYTES", 10)
    bezoek = BezoekFactory(controle__gemeente=duiven, door=toezicht)
    with pytest.raises(ValidationError, match="MB"):
        services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand())


# --- Theseus ------------------------------------------------------------------------------------


def test_label_historie_een_huidig(beleid, duiven):
    label = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.WIT)
    services.theseus_label_zet(
        bedrijf=label.bedrijf, bedrijventerrein=label.bedrijventerrein, label=Label.ROOD, door=beleid, bronnen="politie"
    )
    assert TheseusLabel.objects.filter(bedrijf=label.bedrijf).count() == 2
    assert TheseusLabel.objects.get(bedrijf=label.bedrijf, huidig=True).label == Label.ROOD


def test_label_na_bezoek(toezicht, duiven):
    label = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.WIT)
    obj = ControleObjectFactory(controle__gemeente=duiven, bedrijf=label.bedrijf)
    bezoek, _ = services.bezoek_registreer(**_bezoek_args(obj.controle, toezicht, obj, theseus_label=Label.GROEN))
    huidig = TheseusLabel.objects.get(bedrijf=label.bedrijf, huidig=True)
    assert huidig.label == Label.GROEN
    assert huidig.bezoek == bezoek


def test_theseus_rood_vraagt_twee_partners(beleid, duiven, politie_org, odra):
    rood = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.ROOD)
    with pytest.raises(ValidationError) as fout:
        services.theseus_plan_controle(
            door=beleid, bedrijven=[rood.bedrijf], organisaties=[politie_org], gemeente=duiven, datum=_morgen()
        )
    assert "twee partner" in str(fout.value)
    assert not Controle.objects.exists()
    controle = services.theseus_plan_controle(
        door=beleid, bedrijven=[rood.bedrijf], organisaties=[politie_org, odra], gemeente=duiven, datum=_morgen()
    )
    assert controle.objecten.get().bedrijf == rood.bedrijf
    assert "rood" in controle.objecten.get().reden


def test_theseus_wit_naar_bestaande_controle(beleid, duiven):
    wit = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.WIT)
    controle = ControleFactory(gemeente=duiven)
    services.theseus_plan_controle(door=beleid, bedrijven=[wit.bedrijf], controle=controle)
    services.theseus_plan_controle(door=beleid, bedrijven=[wit.bedrijf], controle=controle)
    assert controle.objecten.count() == 1


def test_partnerdeelname_komt_in_het_verstrekkingenregister(beleid, duiven, politie_org, odra):
    """A partner taking part sees the control: recorded when added, withdrawn when removed."""
    from ondermijning.models import Grondslag, Verstrekking

    controle = services.controle_maak(
        door=beleid,
        organisaties=[politie_org],
        soort=ControleSoort.INTEGRALE_CONTROLE,
        gemeente=duiven,
        datum=_morgen(),
    )
    registratie = Verstrekking.objects.get(object_type="controles.controle", object_id=str(controle.pk))
    assert registratie.organisatie == politie_org
    assert registratie.grondslag == Grondslag.WETTELIJKE_TAAK
    assert registratie.gemeente == duiven and not registratie.persoonsgegevens

    services.controle_wijzig(controle=controle, door=beleid, versie=controle.versie, organisaties=[odra])
    registratie.refresh_from_db()
    assert registratie.ingetrokken_op is not None
    assert Verstrekking.objects.get(organisatie=odra, object_id=str(controle.pk)).ingetrokken_op is None


def test_theseus_elk_object_zijn_eigen_label_en_reden(beleid, duiven, politie_org, odra):
    """A red and a white business in one control: each object carries its own label, not "rood, wit" for all."""
    terrein_rood = TheseusLabelFactory(bedrijventerrein__gemeente=duiven, label=Label.ROOD)
    wit = TheseusLabelFactory(bedrijventerrein=terrein_rood.bedrijventerrein, label=Label.WIT)
    controle = services.theseus_plan_controle(
        door=beleid,
        bedrijven=[terrein_rood.bedrijf, wit.bedrijf],
        organisaties=[politie_org, odra],
        gemeente=duiven,
        datum=_morgen(),
    )
    objecten = {o.bedrijf_id: o for o in controle.objecten.all()}
    rood_obj, wit_obj = objecten[terrein_rood.bedrijf_id], objecten[wit.bedrijf_id]
    assert (rood_obj.reden, wit_obj.reden) == ("Theseus: rood", "Theseus: wit")
    assert (rood_obj.theseus_label, wit_obj.theseus_label) == (terrein_rood, wit)
    # Added later to an existing control: the same, per object.
    later = TheseusLabelFactory(bedrijventerrein=terrein_rood.bedrijventerrein, label=Label.WIT)
    services.theseus_plan_controle(door=beleid, bedrijven=[later.bedrijf], controle=controle)
    assert controle.objecten.get(bedrijf=later.bedrijf).reden == "Theseus: wit"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_theseus_telt_alleen_huidige_labels_uit_de_index(beleid):
    """Issue 21: the overview joins only the current labels (condition in the JOIN), so PostgreSQL can
    count them from the partial index instead of joining every label ever given (10 -> 1.4 ms at 1M)."""
    from controles.selectors import theseus_terreinen

    qs = theseus_terreinen(gebruiker=beleid)
    sql, params = qs.query.sql_with_params()
    assert re.search(r'LEFT OUTER JOIN "controles_theseuslabel" huidige ON \([^)]*AND \(huidige\."huidig"\)', sql), sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "theseus_huidig_terrein_idx" in plan, plan
