"""Letters from Word templates: filled from the procedure, the municipality's template first, stored as a
document of the step, scoped and audited."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document as Word

from documenten.models import Document, DocumentSoort
from ondermijning import klok
from ondermijning.models import AuditEvent
from procedures import brieven, services
from procedures.models import Briefsjabloon, BriefSoort
from procedures.tests.factories import damocles, start_13b
from signalen.tests.factories import AdresFactory, DamoclesladderFactory, SignaalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tijdelijke_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _moment(*dag):
    return timezone.make_aware(datetime.datetime(*dag, 10, 0))


def _stap(procedure, volgorde):
    return procedure.stappen.select_related("sjabloon", "procedure").get(sjabloon__volgorde=volgorde)


def _tekst(data: bytes) -> str:
    """All text of a DOCX, paragraphs and table cells, as one string."""
    doc = Word(io.BytesIO(data))
    delen = [p.text for p in doc.paragraphs]
    delen += [cel.text for tabel in doc.tables for rij in tabel.rows for cel in rij.cells]
    return "\n".join(delen)


def _procedure_tot_besluit(gemeente, door, *, besluit=True):
    DamoclesladderFactory(gemeente=gemeente, soort_zaak="harddrugs_woning", stap=1, duur_maanden=6)
    adres = AdresFactory(gemeente=gemeente, straat="Rijksweg", huisnummer="12a", postcode="6921 AB", plaats="Duiven")
    procedure = start_13b(gemeente=gemeente, door=door, adres=adres, gestart_op=datetime.date(2026, 3, 2))
    velden = {
        1: {"tekst": "312 gram cocaïne & 2 weegschalen in de woning"},
        4: {"uitkomst": "Geen zienswijze ontvangen"},
        5: {
            "geschikt": "Sluiting beëindigt de handel vanuit de woning.",
            "noodzakelijk": "Een waarschuwing volstaat niet bij harddrugs.",
            "evenredig": "Zes maanden; er wonen geen minderjarige kinderen.",
        },
        6: {
            "uitkomst": "Sluiting",
            "tekst": "Begunstigingstermijn: twee weken na verzending.",
            "begunstigd_tot": datetime.date(2026, 3, 16),
        },
    }
    for n in range(1, 7 if besluit else 4):
        stap = _stap(procedure, n)
        services.stap_vastleggen(stap=stap, door=door, gedaan_op=datetime.date(2026, 3, 2), **velden.get(n, {}))
    return procedure


def test_besluit_bevat_de_gegevens_van_de_procedure_en_de_berekende_bezwaartermijn(beleid, duiven):
    procedure = _procedure_tot_besluit(duiven, beleid)
    [document] = brieven.brief_maken(stap=_stap(procedure, 6), door=beleid)
    assert document.soort == DocumentSoort.BESLUIT and document.bestandsnaam.endswith(".docx")
    tekst = _tekst(document.bestand.open("rb").read())
    assert "gemeente Duiven" in tekst  # Duiven's house style (GM0226) from the repository
    assert "Rijksweg 12a, 6921 AB Duiven" in tekst
    assert "312 gram cocaïne & 2 weegschalen in de woning." in tekst  # escaped in the XML, text in the letter
    assert "Sluiting beëindigt de handel vanuit de woning." in tekst
    assert "Een waarschuwing volstaat niet bij harddrugs." in tekst
    assert "sluiting 6 maanden" in tekst and "stap 1" in tekst
    assert "Begunstigingstermijn: twee weken na verzending." in tekst
    assert "13 april 2026" in tekst  # bezwaar: six weeks after 2 March (Awb 6:7)
    assert "begunstigingstermijn tot en met 16 maart 2026; daarna gaat de sluiting in" in tekst
    assert "16 maart 2026" in tekst  # the zienswijze term that ran from the voornemen
    assert "6:7" in tekst and "De burgemeester van Duiven," in tekst
    assert "{{" not in tekst and "{%" not in tekst


def test_voornemen_voor_verzending_rekent_de_zienswijzetermijn_vanaf_vandaag(beleid, westervoort):
    DamoclesladderFactory(gemeente=westervoort, soort_zaak="harddrugs_woning", stap=1, duur_maanden=3)
    procedure = start_13b(gemeente=westervoort, door=beleid, gestart_op=datetime.date(2026, 4, 13))
    for n, velden in ((1, {"tekst": "Hennepkwekerij"}), (2, {})):
        services.stap_vastleggen(stap=_stap(procedure, n), door=beleid, gedaan_op=datetime.date(2026, 4, 13), **velden)
    with klok.op(_moment(2026, 4, 20)):
        [document] = brieven.brief_maken(stap=_stap(procedure, 3), door=beleid)
    tekst = _tekst(document.bestand.open("rb").read())
    assert "20 april 2026" in tekst and "Gemeente Westervoort" in tekst and "Postbus 7, 6930 AA Westervoort" in tekst
    assert "tot en met 4 mei 2026" in tekst  # 20 April + 2 weeks (Awb 4:8)
    assert "4:8" in tekst and document.soort == DocumentSoort.VOORNEMEN


def test_sjabloon_van_de_gemeente_gaat_voor_het_algemene_en_de_standaard(beleid, duiven, westervoort):
    def docx(merk):
        doc = Word()
        doc.add_paragraph(f"{merk} {{{{ gemeente }}}} {{{{ burgemeester }}}}")
        uit = io.BytesIO()
        doc.save(uit)
        return SimpleUploadedFile(f"{merk}.docx", uit.getvalue())

    Briefsjabloon.objects.create(brief="besluit", vorm="13b", bestand=docx("ALGEMEEN"), ondertekenaar="A")
    Briefsjabloon.objects.create(
        brief="besluit", vorm="13b", gemeente=duiven, bestand=docx("EIGEN"), ondertekenaar="J. de Vries"
    )
    Briefsjabloon.objects.create(brief="besluit", vorm="13b", gemeente=duiven, bestand=docx("UIT"), actief=False)
    assert _tekst(brieven.sjabloon_kies(gemeente=duiven, vorm="13b", brief="besluit").docx).startswith("EIGEN")
    algemeen = brieven.sjabloon_kies(gemeente=westervoort, vorm="13b", brief="besluit")
    assert _tekst(algemeen.docx).startswith("ALGEMEEN")
    procedure = _procedure_tot_besluit(duiven, beleid)
    [document] = brieven.brief_maken(stap=_stap(procedure, 6), door=beleid)
    assert _tekst(document.bestand.open("rb").read()) == "EIGEN Duiven J. de Vries"
    # Without any row: the repository's standard file of the house style.
    assert brieven.sjabloon_kies(gemeente=westervoort, vorm="13b", brief="voornemen").herkomst.endswith(
        "GM0293/13b-voornemen.docx"
    )


def test_html_variant_geeft_ook_een_pdf(beleid, duiven):
    doc = Word()
    doc.add_paragraph("{{ gemeente }}")
    uit = io.BytesIO()
    doc.save(uit)
    Briefsjabloon.objects.create(
        brief="besluit",
        vorm="13b",
        gemeente=duiven,
        bestand=SimpleUploadedFile("b.docx", uit.getvalue()),
        html='<html lang="nl"><head><title>Besluit</title></head><body><h1>Besluit {{ gemeente }}</h1>'
        "<p>{{ bevinding }}</p></body></html>",
    )
    procedure = _procedure_tot_besluit(duiven, beleid)
    docx_doc, pdf_doc = brieven.brief_maken(stap=_stap(procedure, 6), door=beleid)
    assert pdf_doc.mime_type == "application/pdf" and pdf_doc.bestand.open("rb").read(5) == b"%PDF-"
    from pypdf import PdfReader

    tekst = PdfReader(pdf_doc.bestand.open("rb")).pages[0].extract_text()
    assert "Besluit Duiven" in tekst and "312 gram" in tekst


def test_stap_zonder_brief_wordt_geweigerd(beleid, duiven):
    procedure = start_13b(gemeente=duiven, door=beleid)
    with pytest.raises(ValidationError, match="geen brief"):
        brieven.brief_maken(stap=_stap(procedure, 1), door=beleid)


def test_brief_maken_via_de_pagina_eenmaal_geaudit_en_te_downloaden(client, beleid, duiven):
    procedure = _procedure_tot_besluit(duiven, beleid, besluit=False)
    stap = _stap(procedure, 3)
    client.force_login(beleid)
    pagina = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "Brief maken: Voornemen" in pagina
    token = re.search(r'name="formulier_token" value="([0-9a-f-]{36})"', pagina).group(1)
    url = reverse("procedures:brief", args=[procedure.pk, stap.pk])
    assert client.get(url).status_code == 405
    for _ in range(2):  # a double click makes one letter
        antwoord = client.post(url, {"formulier_token": token})
        assert antwoord.status_code == 302 and antwoord.url.endswith(f"#stap-{stap.pk}")
    document = Document.objects.get()
    assert document.onderdeel_id == stap.pk and document.signaal_id == procedure.signaal_id
    gemaakt = AuditEvent.objects.filter(
        object_type="procedures.procedure", object_id=str(procedure.pk), toelichting__startswith="brief voornemen"
    )
    assert gemaakt.count() == 1
    documentgebeurtenissen = AuditEvent.objects.filter(object_type="documenten.document", object_id=str(document.pk))
    assert documentgebeurtenissen.filter(actie="aanmaken").count() == 1
    pagina = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert reverse("documenten:download", args=[document.pk]) in pagina
    download = client.get(reverse("documenten:download", args=[document.pk]))
    assert documentgebeurtenissen.filter(actie="lezen").count() == 1
    assert download["Content-Disposition"].startswith("attachment")
    data = b"".join(download.streaming_content)
    assert "Rijksweg 12a" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


def test_brief_van_een_andere_gemeente_is_404(client, beleid, beleid_westervoort, duiven):
    procedure = _procedure_tot_besluit(duiven, beleid, besluit=False)
    client.force_login(beleid_westervoort)
    antwoord = client.post(reverse("procedures:brief", args=[procedure.pk, _stap(procedure, 3).pk]))
    assert antwoord.status_code == 404
    assert not Document.objects.exists()


def test_heropening_wordt_gemarkeerd_zodra_de_herinnering_aan_de_beurt_is(client, beleid, duiven):
    procedure = _procedure_tot_besluit(duiven, beleid)
    services.stap_vastleggen(
        stap=_stap(procedure, 7), door=beleid, gedaan_op=datetime.date(2026, 3, 16), tot_op=datetime.date(2026, 9, 15)
    )
    client.force_login(beleid)
    url = reverse("procedures:detail", args=[procedure.pk])
    with klok.op(_moment(2026, 6, 1)):
        pagina = client.get(url).content.decode()
    assert "Het pand is gesloten tot en met dinsdag 15 september 2026" in pagina
    assert "heropening nadert" not in pagina
    with klok.op(_moment(2026, 9, 2)):  # 13 days before
        assert "heropening nadert" in client.get(url).content.decode()


def test_standaardstappen_hebben_hun_brieven():
    from procedures.models import StapSjabloon

    stappen = StapSjabloon.objects.filter(soort__vorm="13b", soort__gemeente=None).exclude(brief="")
    brieven_13b = dict(stappen.values_list("volgorde", "brief"))
    assert brieven_13b == {3: BriefSoort.VOORNEMEN, 6: BriefSoort.BESLUIT, 7: BriefSoort.OMWONENDEN}


@pytest.mark.parametrize("pad", sorted(brieven.SJABLONEN.glob("*/*.docx")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_elk_standaardsjabloon_vult_zonder_overgebleven_velden(pad, beleid, duiven):
    procedure = _procedure_tot_besluit(duiven, beleid)
    context = brieven.brief_context(stap=_stap(procedure, 6))
    tekst = _tekst(brieven._vul_docx(pad.read_bytes(), context))
    assert "{{" not in tekst and "{%" not in tekst and "}}" not in tekst
    assert "Duiven" in tekst and "[naam burgemeester]" in tekst


def test_beheer_onderhoudt_eigen_briefsjablonen_en_weigert_wat_geen_word_is(client, beheerder, duiven, westervoort):
    client.force_login(beheerder)
    url = reverse("admin:procedures_briefsjabloon_add")
    gegevens = {
        "brief": "besluit",
        "vorm": "13b",
        "gemeente": duiven.pk,
        "ondertekenaar": "J. de Vries",
        "actief": "on",
    }
    html = SimpleUploadedFile("besluit.docx", b"<html><script>alert(1)</script></html>")
    antwoord = client.post(url, {**gegevens, "bestand": html})
    assert antwoord.status_code == 200 and "Dit is geen Word-bestand (.docx)." in antwoord.content.decode()
    eigen = (brieven.SJABLONEN / "GM0226" / "13b-besluit.docx").read_bytes()  # an administrator starts from it
    antwoord = client.post(url, {**gegevens, "bestand": SimpleUploadedFile("besluit.docx", eigen)})
    assert antwoord.status_code == 302
    sjabloon = Briefsjabloon.objects.get()
    assert sjabloon.gemeente == duiven and sjabloon.bestand.name.startswith("briefsjablonen/")
    assert brieven.sjabloon_kies(gemeente=duiven, vorm="13b", brief="besluit").ondertekenaar == "J. de Vries"
    # The general templates are the regional administrator's: a municipality's beheerder only reads them.
    algemeen = Briefsjabloon.objects.create(
        brief="voornemen", vorm="13b", bestand=SimpleUploadedFile("v.docx", eigen), ondertekenaar="X"
    )
    pagina = client.get(reverse("admin:procedures_briefsjabloon_change", args=[algemeen.pk]))
    assert pagina.status_code == 200 and 'name="ondertekenaar"' not in pagina.content.decode()


def test_een_sjabloon_bereikt_geen_python_buiten_zijn_teksten(beleid, duiven):
    """A municipality's administrator uploads templates: their Jinja is sandboxed (no server-side code)."""
    doc = Word()
    doc.add_paragraph("{{ gemeente.__class__.__mro__[1].__subclasses__() }}")
    uit = io.BytesIO()
    doc.save(uit)
    Briefsjabloon.objects.create(
        brief="besluit", vorm="13b", gemeente=duiven, bestand=SimpleUploadedFile("b.docx", uit.getvalue())
    )
    procedure = _procedure_tot_besluit(duiven, beleid)
    with pytest.raises(ValidationError, match="Het briefsjabloon kan niet worden gevuld"):
        brieven.brief_maken(stap=_stap(procedure, 6), door=beleid)
    assert not Document.objects.exists()


def test_13b_brief_noemt_het_soort_pand_en_alleen_bij_een_woning_de_begunstigingstermijn(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_bedrijfspand", stap=1, duur_maanden=3)
    procedure = services.procedure_start(
        signaal=SignaalFactory(gemeente=duiven),
        soort=damocles(),
        door=beleid,
        soort_zaak="harddrugs_bedrijfspand",
        gestart_op=datetime.date(2026, 3, 2),
    )
    services.stap_vastleggen(stap=_stap(procedure, 1), door=beleid, gedaan_op=datetime.date(2026, 3, 2), tekst="XTC")
    services.stap_vastleggen(stap=_stap(procedure, 2), door=beleid, gedaan_op=datetime.date(2026, 3, 2))
    [document] = brieven.brief_maken(stap=_stap(procedure, 3), door=beleid)
    tekst = _tekst(document.bestand.open("rb").read())
    assert "Voornemen tot sluiting van het bedrijfspand" in tekst
    assert "van plan het bedrijfspand te sluiten" in tekst and "begunstigingstermijn" not in tekst
    woning = _procedure_tot_besluit(duiven, beleid, besluit=False)
    [document] = brieven.brief_maken(stap=_stap(woning, 3), door=beleid)
    assert "Bij een woning geef ik een begunstigingstermijn" in _tekst(document.bestand.open("rb").read())


def test_bibob_vragenlijst_noemt_de_antwoordtermijn_en_de_gevolgen_van_niet_antwoorden(beleid, westervoort):
    from procedures.models import ProcedureSoort

    procedure = services.procedure_start(
        signaal=SignaalFactory(gemeente=westervoort, titel="Aanvraag exploitatievergunning De Gouden Leeuw"),
        soort=ProcedureSoort.objects.get(vorm="bibob", gemeente=None),
        door=beleid,
        gestart_op=datetime.date(2026, 3, 2),
    )
    with klok.op(_moment(2026, 3, 3)):
        [document] = brieven.brief_maken(stap=_stap(procedure, 2), door=beleid)
    tekst = _tekst(document.bestand.open("rb").read())
    assert "Gemeente Westervoort" in tekst and "De Gouden Leeuw" in tekst
    assert "uiterlijk op 31 maart 2026" in tekst  # four weeks after the letter of 3 March
    assert "4:5" in tekst and "artikel 30 Wet Bibob" in tekst


def test_13b_voornemen_bij_een_waarschuwing_op_de_ladder_kondigt_een_waarschuwing_aan_geen_sluiting(beleid, duiven):
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, maatregel="waarschuwing")
    procedure = start_13b(gemeente=duiven, door=beleid, gestart_op=datetime.date(2026, 3, 2))
    services.stap_vastleggen(stap=_stap(procedure, 1), door=beleid, gedaan_op=datetime.date(2026, 3, 2), tekst="XTC")
    services.stap_vastleggen(stap=_stap(procedure, 2), door=beleid, gedaan_op=datetime.date(2026, 3, 2))
    [document] = brieven.brief_maken(stap=_stap(procedure, 3), door=beleid)
    tekst = _tekst(document.bestand.open("rb").read())
    assert "Voornemen tot het geven van een schriftelijke waarschuwing" in tekst
    assert "van plan u een schriftelijke waarschuwing te geven" in tekst
    assert "Voornemen tot sluiting" not in tekst and "van plan de woning te sluiten" not in tekst
    assert "begunstigingstermijn" not in tekst
