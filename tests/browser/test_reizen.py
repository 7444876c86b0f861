"""The four users' journeys in a real Chromium (issue 8), clicking as a person would.

Each journey checks every main page with axe-core (0 serious or critical violations), triggers its
main action with the keyboard only (Tab to it, Enter), and saves screenshots of its key pages in
var/screenshots/ (CI keeps them as artifacts).
"""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from actieplan.tests.factories import BegrotingFactory, UitgaveFactory
from controles.models import Bezoek, ControleStatus
from controles.tests.factories import ControleFactory, ControleObjectFactory
from signalen.models import Agendapunt, Signaal, SignaalStatus
from signalen.tests.factories import AgendapuntFactory, OverlegFactory, SignaalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_en_enter(page, selector: str, maximaal: int = 80) -> None:
    """Keyboard only: press Tab until the element matching `selector` has focus, then Enter."""
    doel = page.locator(selector).first
    doel.wait_for(state="visible")
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        if doel.evaluate("e => e === document.activeElement"):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.wait_for_load_state("networkidle")
            return
    raise AssertionError(f"{selector} is met Tab niet te bereiken")


def geen_schendingen(s, wat: str) -> None:
    schendingen = s.toegankelijkheid()
    assert schendingen == [], f"axe op {wat}: {schendingen}"
    s.schermafdruk(wat)


def test_beleidsmedewerker_meldt_weegt_plust_op_en_agendeert(sessie, beleid, duiven):
    overleg = OverlegFactory(gemeenten=[duiven], titel="Lokaal ondermijningsoverleg Duiven", datum=_over(14))
    s = sessie(naam="reis-beleid", breedte=1366, hoogte=768)
    s.log_in(beleid)
    page = s.ga_naar("/melden/")
    geen_schendingen(s, "melden")
    page.get_by_label("Gemeente").select_option(label="Duiven")
    page.get_by_label("Waar gaat het over?").fill("Nagelstudio zonder klanten")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Altijd dicht, maar 's avonds veel bezoek en dure auto's.")
    tab_en_enter(page, "main button[type=submit]")  # the main action, by keyboard
    geen_schendingen(s, "melden-ontvangen")
    signaal = Signaal.objects.get(titel="Nagelstudio zonder klanten")

    page = s.ga_naar(f"/signalen/{signaal.pk}/")
    geen_schendingen(s, "signaal")
    page.get_by_role("link", name="Wegen").click()
    page.wait_for_load_state("networkidle")
    geen_schendingen(s, "weging")
    for vraag in ("is_ondermijning", "raakt_gemeentelijke_taak", "is_concreet", "is_recent"):
        page.check(f"input[name={vraag}][value=ja]")
    page.check("input[name=uitkomst][value=opplussen]")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.OPPLUSSEN

    page.get_by_role("link", name="Opplussen").first.click()
    page.wait_for_load_state("networkidle")
    geen_schendingen(s, "opplussen")
    page.select_option("select[name=bron]", index=1)
    page.fill("textarea[name=informatie]", "KVK: ingeschreven sinds maart, geen personeel.")
    page.fill("input[name=datum]", timezone.localdate().isoformat())
    page.select_option("select[name=betrouwbaarheid_bron]", index=1)
    page.select_option("select[name=betrouwbaarheid_informatie]", index=1)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    assert signaal.verrijkingen.count() == 1
    assert "ingeschreven sinds maart" in page.content()  # back on the detail, in the timeline
    s.schermafdruk("signaal-opgeplust")

    page = s.ga_naar(f"/overleggen/{overleg.pk}/")
    geen_schendingen(s, "overleg")
    page.select_option("select[name=signaal]", value=str(signaal.pk))
    page.get_by_role("button", name="Agenderen").click()
    page.get_by_text("Opgeslagen.").wait_for()  # htmx: the page loads again through HX-Redirect
    assert Agendapunt.objects.filter(overleg=overleg, signaal=signaal).exists()
    assert "Nagelstudio zonder klanten" in page.content()
    s.schermafdruk("overleg-geagendeerd")


def test_voorzitter_legt_besluit_vast_en_krijgt_het_riec_formulier(sessie, voorzitter, duiven):
    signaal = SignaalFactory(
        gemeente=duiven,
        titel="Autobedrijf met contante aankopen",
        omschrijving="Auto's worden contant ingekocht en snel doorverkocht.",
        status=SignaalStatus.OVERLEG,
    )
    overleg = OverlegFactory(gemeenten=[duiven], titel="Overleg juni", datum=timezone.localdate())
    punt = AgendapuntFactory(overleg=overleg, signaal=signaal)
    s = sessie(naam="reis-voorzitter", breedte=1366, hoogte=768)
    s.log_in(voorzitter)
    page = s.ga_naar(f"/overleggen/{overleg.pk}/")
    geen_schendingen(s, "overleg")
    page.select_option(f"select[name=b{punt.pk}-besluit]", value="riec_signaal")
    page.fill(f"textarea[name=b{punt.pk}-notitie]", "Naar het RIEC: patroon van witwassen.")
    tab_en_enter(page, f"form:has(select[name=b{punt.pk}-besluit]) button[type=submit]")
    page.get_by_text("Opgeslagen.").wait_for()
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.RIEC
    s.schermafdruk("besluit-vastgelegd")

    page = s.ga_naar(f"/signalen/{signaal.pk}/")
    geen_schendingen(s, "signaal-riec")
    link = page.get_by_role("link", name="RIEC-signaalformulier (PDF)")
    antwoord = s.context.request.get(s.basis + link.get_attribute("href"))
    assert antwoord.status == 200
    assert antwoord.body()[:4] == b"%PDF"
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(antwoord.body())).pages)
    assert "Auto's worden contant ingekocht" in tekst


def test_beleidsmedewerker_start_interventie_rondt_af_en_sluit_het_signaal(sessie, beleid, duiven):
    """The end of the road: an intervention after the RIEC, its outcome, closing; the timeline shows it."""
    signaal = SignaalFactory(gemeente=duiven, titel="Shishalounge met minderjarigen", status=SignaalStatus.RIEC)
    s = sessie(naam="reis-beleid-interventie", breedte=1366, hoogte=768)
    s.log_in(beleid)
    page = s.ga_naar(f"/signalen/{signaal.pk}/")
    page.get_by_role("link", name="Interventie starten").click()
    page.wait_for_load_state("networkidle")
    geen_schendingen(s, "interventie-starten")
    page.select_option("select[name=soort]", value="stop_gesprek")
    page.fill("input[name=gestart_op]", timezone.localdate().isoformat())
    page.fill("textarea[name=omschrijving]", "STOP-gesprek met de exploitant.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    interventie = signaal.interventies.get()
    page = s.ga_naar(f"/signalen/interventies/{interventie.pk}/")
    geen_schendingen(s, "interventie")
    page.fill("input[name=afgerond_op]", timezone.localdate().isoformat())
    page.fill("textarea[name=uitkomst]", "Exploitant heeft toezeggingen gedaan.")
    page.get_by_role("button", name="Interventie afronden").click()
    page.get_by_text("Opgeslagen.").wait_for()
    interventie.refresh_from_db()
    assert interventie.afgerond_op == timezone.localdate()

    page = s.ga_naar(f"/signalen/{signaal.pk}/")
    page.select_option("select[name=naar]", value="afgesloten")
    page.select_option("select[name=afsluitreden]", value="interventie_afgerond")
    page.fill("textarea[name=reden]", "Interventie afgerond.")
    page.get_by_role("button", name="Status wijzigen").click()
    page.wait_for_load_state("networkidle")
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.AFGESLOTEN
    inhoud = page.content()
    for stap in ("Interventie", "Afgesloten", "STOP-gesprek"):
        assert stap in inhoud, f"de tijdlijn toont {stap} niet"
    geen_schendingen(s, "afgesloten")


def test_toezichthouder_legt_bezoek_vast_met_foto_en_meldt_een_signaal(sessie, toezicht, duiven, tmp_path, settings):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    controle = ControleFactory(
        gemeente=duiven, datum=timezone.localdate(), deelnemers=[toezicht], status=ControleStatus.GEPLAND
    )
    obj = ControleObjectFactory(controle=controle)
    foto = tmp_path / "gevel.jpg"
    Image.new("RGB", (320, 240), (90, 120, 160)).save(foto, "JPEG")

    s = sessie(naam="reis-toezicht", breedte=768, hoogte=1024, touch=True)
    s.log_in(toezicht)
    page = s.ga_naar("/controles/vandaag/")
    geen_schendingen(s, "vandaag")
    page.get_by_role("link", name=obj.bedrijf.naam).first.tap()
    page.wait_for_load_state("networkidle")
    geen_schendingen(s, "bezoekformulier")
    page.fill("textarea[name=aanwezigen]", "Eigenaar")
    page.fill("textarea[name=bevindingen]", "Achterruimte vol banden zonder herkomst; contante betalingen.")
    for radio in page.locator("input[type=radio][value=nee]").all():  # large touch buttons: tap the label
        page.locator(f"label[for={radio.get_attribute('id')}]").tap()
    page.set_input_files("input[name=fotos]", str(foto))
    keuze = page.locator("input[name=vervolg][value=nieuw_signaal]")
    page.locator(f"label[for={keuze.get_attribute('id')}]").tap()
    assert keuze.is_checked()
    page.get_by_role("button", name="Bezoek opslaan").tap()
    # The form is sent by the offline-safe queue (fetch with a client id), then the page moves on.
    for _ in range(75):
        if Bezoek.objects.filter(controle=controle).exists():
            break
        page.wait_for_timeout(200)
    page.wait_for_load_state("networkidle")
    bezoek = Bezoek.objects.get(controle=controle)
    assert bezoek.fotos.count() == 1
    s.schermafdruk("na-bezoek")

    if "/signaal/" not in page.url:
        page = s.ga_naar(f"/controles/bezoeken/{bezoek.pk}/signaal/")
    geen_schendingen(s, "signaal-uit-bezoek")
    assert "banden zonder herkomst" in page.content()  # pre-filled from the visit
    tab_en_enter(page, "main form button[type=submit]")
    bezoek.refresh_from_db()
    assert bezoek.signaal is not None, "het signaal hoort aan het bezoek gekoppeld te zijn"
    assert bezoek.signaal.gemeente == duiven
    assert "banden zonder herkomst" in bezoek.signaal.omschrijving
    s.schermafdruk("signaal-gemeld")


def test_coordinator_ziet_de_begroting_met_grafieken_en_exporteert(sessie, coordinator, duiven, westervoort):
    jaar = timezone.localdate().year
    for gemeente in (duiven, westervoort):
        BegrotingFactory(gemeente=gemeente, jaar=jaar)
        UitgaveFactory(gemeente=gemeente, datum=datetime.date(jaar, 1, 15))
    s = sessie(naam="reis-coordinator", breedte=1366, hoogte=768)
    s.log_in(coordinator)
    page = s.ga_naar(f"/begroting/?jaar={jaar}")
    geen_schendingen(s, "begroting")
    grafieken = page.locator("main svg")
    assert grafieken.count() >= 2
    for i in range(grafieken.count()):
        grafiek = grafieken.nth(i)
        vak = grafiek.bounding_box()
        assert vak and vak["width"] > 100 and vak["height"] > 50
        assert grafiek.locator("rect, path, line, polyline").count() > 3
    assert "Duiven" in page.content() and "Westervoort" in page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren naar Excel").focus()
        page.keyboard.press("Enter")
    boek = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    tekst = " ".join(str(c) for blad in boek for rij in blad.iter_rows(values_only=True) for c in rij if c)
    assert "Duiven" in tekst and "Westervoort" in tekst


def _over(dagen: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=dagen)
