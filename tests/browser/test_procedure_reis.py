"""Issue 16 "Done when" in a real Chromium: a police report becomes a 13b procedure with its terms, refusals
and letters (opened as DOCX); an overleg decision gives tasks to their owners; the police sees and completes
only its own task."""

import datetime

import pytest
from django.utils import timezone
from docx import Document as Word

from documenten.models import Document, DocumentSoort
from procedures import termijnen
from procedures.models import Procedure
from signalen.models import Besluit, SignaalStatus
from signalen.tests.factories import (
    AdresFactory,
    AgendapuntFactory,
    DamoclesladderFactory,
    OverlegFactory,
    SignaalFactory,
)
from taken.models import Taak, TaakStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _klik(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("networkidle")


def _docx_tekst(pad) -> str:
    doc = Word(str(pad))
    delen = [p.text for p in doc.paragraphs]
    delen += [cel.text for tabel in doc.tables for rij in tabel.rows for cel in rij.cells]
    return "\n".join(delen)


def _stap_formulier(page, procedure, volgorde):
    stap = procedure.stappen.get(sjabloon__volgorde=volgorde)
    _klik(page, page.locator(f"#stap-{stap.pk}").get_by_role("link", name="Vastleggen"))
    return stap


def _leg_vast(page, velden: dict) -> None:
    for naam, waarde in velden.items():
        veld = page.locator(f"[name={naam}]")
        if veld.evaluate("e => e.tagName") == "SELECT":
            veld.select_option(waarde)
        else:
            veld.fill(waarde)
    _klik(page, page.get_by_role("button", name="Stap vastleggen"))


def _brief(s, page, stap, naam: str, tmp_path) -> str:
    """'Brief maken' on the step, then download the letter through the documents' link and read it."""
    _klik(page, page.locator(f"#stap-{stap.pk}").get_by_role("button", name=f"Brief maken: {naam}"))
    assert "De brief is gemaakt" in page.content()
    link = page.locator(f"#stap-{stap.pk} a[download]").first
    with page.expect_download() as download:
        link.click()
    pad = tmp_path / download.value.suggested_filename
    download.value.save_as(pad)
    assert pad.suffix == ".docx"
    return _docx_tekst(pad)


def test_beleid_maakt_van_een_rapportage_een_13b_procedure_met_termijnen_en_brieven(
    sessie, beleid, duiven, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    vandaag = timezone.localdate()
    DamoclesladderFactory(gemeente=duiven, soort_zaak="harddrugs_woning", stap=1, duur_maanden=6)
    pand = AdresFactory(gemeente=duiven, straat="Rijksweg", huisnummer="12a", postcode="6921 AB", plaats="Duiven")
    signaal = SignaalFactory(gemeente=duiven, titel="Drugsvondst Rijksweg 12a", status=SignaalStatus.INTERVENTIE)
    signaal.adressen.add(pand)
    rapportage = tmp_path / "bestuurlijke-rapportage.pdf"
    rapportage.write_bytes(PDF)

    s = sessie(naam="reis-procedure-beleid", breedte=1366, hoogte=900)
    s.log_in(beleid)
    # The police's bestuurlijke rapportage arrives and is filed on the signal.
    page = s.ga_naar(f"/signalen/{signaal.pk}/")
    page.locator("summary", has_text="Document toevoegen").click()
    formulier = page.locator("form[action*='/documenten/nieuw/']")
    formulier.locator("input[name=bestand]").set_input_files(str(rapportage))
    formulier.locator("select[name=soort]").select_option("bestuurlijke_rapportage")
    formulier.locator("input[name=titel]").fill("Bestuurlijke rapportage politie Rijksweg 12a")
    _klik(page, formulier.get_by_role("button", name="Uploaden"))
    assert Document.objects.filter(signaal=signaal, soort=DocumentSoort.BESTUURLIJKE_RAPPORTAGE).exists()

    # It becomes a 13b procedure on the premises.
    page.select_option("#procedure-soort", label="Sluiting art. 13b Opiumwet (Damocles)")
    _klik(page, page.get_by_role("button", name="Procedure starten"))
    page.select_option("select[name=soort_zaak]", "harddrugs_woning")
    page.select_option("select[name=adres]", str(pand.pk))
    page.fill("input[name=gestart_op]", vandaag.isoformat())
    _klik(page, page.get_by_role("button", name="Procedure starten"))
    procedure = Procedure.objects.get(signaal=signaal)
    assert procedure.adres == pand and "De procedure is gestart" in page.content()

    dag = vandaag.isoformat()
    _stap_formulier(page, procedure, 1)
    _leg_vast(page, {"gedaan_op": dag, "tekst": "312 gram cocaïne en een weegschaal in de woning"})
    _stap_formulier(page, procedure, 2)
    _leg_vast(page, {"gedaan_op": dag})
    assert "sluiting 6 maanden" in page.content()  # the ladder step

    # The intention letter, before it is sent: the zienswijze term as it will run from today (Awb 4:8).
    zienswijze_tot = termijnen.uiterste_datum(vandaag, termijn=2, eenheid="weken", werkdagen=False)
    voornemen = procedure.stappen.get(sjabloon__volgorde=3)
    tekst = _brief(s, page, voornemen, "Voornemen", tmp_path)
    s.schermafdruk("voornemen-gemaakt")
    assert "Voornemen tot sluiting van de woning Rijksweg 12a, 6921 AB Duiven" in tekst
    assert "312 gram cocaïne en een weegschaal in de woning." in tekst
    assert "gemeente Duiven" in tekst and "4:8" in tekst and "stap 1 van de Damoclesladder" in tekst
    assert f"tot en met {zienswijze_tot.day} " in tekst

    _stap_formulier(page, procedure, 3)
    _leg_vast(page, {"gedaan_op": dag})
    # The page computes the zienswijze term from the day the intention was sent.
    zienswijze = procedure.stappen.get(sjabloon__volgorde=4)
    assert f"uiterlijk {zienswijze_tot:%d-%m-%Y}" in page.locator(f"#stap-{zienswijze.pk}").inner_text()
    _stap_formulier(page, procedure, 4)
    _leg_vast(page, {"gedaan_op": dag, "uitkomst": "Geen zienswijze ontvangen"})

    # No decision without the proportionality reasoning: not ahead of it, and not with it left empty.
    besluit = procedure.stappen.get(sjabloon__volgorde=6)
    page = s.ga_naar(f"/procedures/{procedure.pk}/stap/{besluit.pk}/")
    _leg_vast(page, {"gedaan_op": dag, "uitkomst": "Sluiting"})
    assert "Leg eerst de eerdere stap 'Evenredigheidstoets' vast" in page.locator("main").inner_text()
    besluit.refresh_from_db()
    assert besluit.gedaan_op is None
    page = s.ga_naar(f"/procedures/{procedure.pk}/")
    _stap_formulier(page, procedure, 5)
    _leg_vast(page, {"gedaan_op": dag})
    assert "Motiveer waarom een lichtere maatregel niet volstaat." in page.content()
    s.schermafdruk("evenredigheid-geweigerd")
    _leg_vast(
        page,
        {
            "gedaan_op": dag,
            "geschikt": "Sluiting beëindigt de handel vanuit de woning.",
            "noodzakelijk": "Bij harddrugs in een woning volstaat een waarschuwing niet.",
            "evenredig": "Zes maanden volgens het beleid; geen minderjarige kinderen in de woning.",
        },
    )
    _stap_formulier(page, procedure, 6)
    begunstigd_tot = vandaag + datetime.timedelta(days=14)
    _leg_vast(
        page,
        {
            "gedaan_op": dag,
            "uitkomst": "Sluiting",
            "tekst": "Begunstigingstermijn: twee weken.",
            "begunstigd_tot": begunstigd_tot.isoformat(),
        },
    )
    assert (
        f"Begunstigingstermijn tot en met {begunstigd_tot:%d-%m-%Y}" in page.locator(f"#stap-{besluit.pk}").inner_text()
    )
    # The objection term: six weeks after the decision was sent (Awb 6:7).
    bezwaar_tot = termijnen.uiterste_datum(vandaag, termijn=6, eenheid="weken", werkdagen=False)
    bezwaar = procedure.stappen.get(sjabloon__volgorde=8)
    assert f"uiterlijk {bezwaar_tot:%d-%m-%Y}" in page.locator(f"#stap-{bezwaar.pk}").inner_text()

    tekst = _brief(s, page, besluit, "Besluit", tmp_path)
    assert "Besluit tot sluiting van de woning Rijksweg 12a" in tekst
    assert "Geschikt: Sluiting beëindigt de handel vanuit de woning." in tekst
    assert "besluit ik: sluiting. Begunstigingstermijn: twee weken." in tekst
    assert "6:7" in tekst and f"uiterlijk op {bezwaar_tot.day} " in tekst and "De burgemeester van Duiven," in tekst
    assert "{{" not in tekst

    # The closure: its end, the reopening, is flagged on the procedure page.
    heropening = vandaag + datetime.timedelta(days=182)
    _stap_formulier(page, procedure, 7)
    _leg_vast(page, {"gedaan_op": dag, "tot_op": heropening.isoformat()})
    sluiting = procedure.stappen.get(sjabloon__volgorde=7)
    assert f"heropening {heropening:%d-%m-%Y}" in page.locator(f"#stap-{sluiting.pk}").inner_text()
    melding = page.get_by_role("region", name="Heropening")
    assert "Het pand is gesloten tot en met" in melding.inner_text()
    s.schermafdruk("procedure-heropening")
    assert Document.objects.filter(signaal=signaal, soort__in=["voornemen", "besluit"]).count() == 2
    # WCAG 2.1 AA (axe-core) on the procedure page with its reopening form and on the page of one of its tasks,
    # which links back to the step it is about.
    assert s.toegankelijkheid() == []
    taak = Taak.objects.filter(onderdeel_id=sluiting.pk).order_by("pk").first()
    page = s.ga_naar(taak.get_absolute_url())
    assert page.get_by_role("link", name=str(sluiting)).get_attribute("href").endswith(f"#stap-{sluiting.pk}")
    assert s.toegankelijkheid() == []
    # The premises are reopened: recorded on the procedure page, the flag is gone.
    page = s.ga_naar(f"/procedures/{procedure.pk}/")
    melding = page.get_by_role("region", name="Heropening")
    melding.get_by_label("Heropend op").fill(dag)
    _klik(page, melding.get_by_role("button", name="Heropening vastleggen"))
    assert "De heropening van het pand is vastgelegd." in page.content()
    assert page.get_by_role("region", name="Heropening").count() == 0
    assert f"Heropend op {vandaag:%d-%m-%Y}" in page.locator(f"#stap-{sluiting.pk}").inner_text()


def test_voorzitter_besluit_geeft_taken_aan_eigenaren_en_de_politie_rondt_de_hare_af(
    sessie, voorzitter, beleid, politie, politie_org, duiven
):
    vandaag = timezone.localdate()
    signaal = SignaalFactory(
        gemeente=duiven, titel="Drugsvondst Rijksweg 12a", status=SignaalStatus.OVERLEG, behandelaar=beleid
    )
    overleg = OverlegFactory(gemeenten=[duiven], titel="Lokaal ondermijningsoverleg Duiven", datum=vandaag)
    punt = AgendapuntFactory(overleg=overleg, signaal=signaal)
    punt.gedeeld_met.add(politie_org)
    # A task of the municipality the police must never see.
    ander = SignaalFactory(gemeente=duiven, titel="Ander signaal", behandelaar=beleid)
    Taak.objects.create(
        gemeente=duiven, omschrijving="Interne taak gemeente", uiterlijk_op=vandaag, signaal=ander, eigenaar=beleid
    )

    s = sessie(naam="reis-procedure-voorzitter", breedte=1366, hoogte=900)
    s.log_in(voorzitter)
    page = s.ga_naar(f"/overleggen/{overleg.pk}/")
    page.select_option(f"select[name=b{punt.pk}-besluit]", value=Besluit.TRAJECT_13B)
    page.fill(f"textarea[name=b{punt.pk}-notitie]", "13b-traject: voornemen voorbereiden, rapportage van de politie.")
    page.locator(f"form:has(select[name=b{punt.pk}-besluit]) button[type=submit]").click()
    page.get_by_text("Opgeslagen.").wait_for()  # htmx: the page loads again through HX-Redirect
    taken = {t.omschrijving: t for t in Taak.objects.filter(agendapunt=punt)}
    uiterlijk = vandaag + datetime.timedelta(days=14)
    eigen = taken["13b-traject starten: ladderstap bepalen en voornemen voorbereiden"]
    van_politie = taken["Bestuurlijke rapportage aanleveren"]
    assert eigen.eigenaar == beleid and eigen.uiterlijk_op == uiterlijk
    assert van_politie.eigenaar_organisatie == politie_org and van_politie.uiterlijk_op == uiterlijk
    s.schermafdruk("besluit-taken")

    # The owners see their task, with its due date, in Mijn werk.
    b = sessie(naam="reis-procedure-beleid-taken", breedte=1366, hoogte=900)
    b.log_in(beleid)
    werk = b.ga_naar("/").locator("main").inner_text()
    assert eigen.omschrijving in werk and f"uiterlijk {uiterlijk:%d-%m-%Y}" in werk
    assert van_politie.omschrijving not in werk

    p = sessie(naam="reis-procedure-politie", breedte=1366, hoogte=900)
    p.log_in(politie)
    page = p.ga_naar("/")
    werk = page.locator("main").inner_text()
    assert van_politie.omschrijving in werk and f"uiterlijk {uiterlijk:%d-%m-%Y}" in werk
    assert eigen.omschrijving not in werk and "Interne taak gemeente" not in werk
    # The municipality's own tasks do not exist for the police, not even by address.
    assert p.context.request.get(p.basis + f"/taken/{eigen.pk}/").status == 404
    _klik(page, page.get_by_role("link", name=van_politie.omschrijving))
    page.fill("textarea[name=notitie]", "Rapportage op 12 maart verstuurd aan de gemeente.")
    _klik(page, page.get_by_role("button", name="Taak afronden"))
    p.schermafdruk("politie-taak-afgerond")
    van_politie.refresh_from_db()
    assert van_politie.status == TaakStatus.GEREED
    assert van_politie.notitie == "Rapportage op 12 maart verstuurd aan de gemeente."
    assert van_politie.afgerond_door == politie
    eigen.refresh_from_db()
    assert eigen.status == TaakStatus.OPEN
