"""Generate the standard letter templates (Word, docxtpl tags) in this folder: run it after a change.

    .venv/bin/python procedures/sjablonen/maak_sjablonen.py

One folder per house style: `standaard/` for every municipality, `GM0226/` (Duiven) and `GM0293/`
(Westervoort) with their letterhead. A file is `<vorm>-<brief>.docx`. The fields between {{ }} are
filled by procedures.brieven.brief_context(); a functional administrator who makes an own template
in the admin starts from one of these. The letterhead addresses are the public postal addresses
of the town halls; the administrator checks them against the current house style.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

MAP = Path(__file__).resolve().parent

HUISSTIJLEN = {
    "standaard": {
        "kop": "Gemeente {{ gemeente }}",
        "regels": ["Burgemeester van {{ gemeente }}", "www.{{ gemeente|lower }}.nl"],
        "kleur": RGBColor(0x1F, 0x3A, 0x5F),
        "letter": "Calibri",
    },
    "GM0226": {
        "kop": "gemeente Duiven",
        "regels": ["Postbus 6, 6920 AA Duiven", "Telefoon 14 0316", "www.duiven.nl"],
        "kleur": RGBColor(0x00, 0x5E, 0xA8),
        "letter": "Arial",
    },
    "GM0293": {
        "kop": "Gemeente Westervoort",
        "regels": ["Postbus 7, 6930 AA Westervoort", "Telefoon 14 026", "www.westervoort.nl"],
        "kleur": RGBColor(0x00, 0x7A, 0x3D),
        "letter": "Verdana",
    },
}

ADRESBLOK = ["{{ aanhef_adres }}", "{{ adres_straat }}", "{{ adres_postcode_plaats }}"]

ZIENSWIJZE = (
    "Voordat ik een besluit neem, geef ik u de gelegenheid uw zienswijze op dit voornemen naar voren te brengen "
    "(artikel 4:8 van de Algemene wet bestuursrecht). Dat kan schriftelijk of mondeling, tot en met "
    "{{ zienswijze_uiterlijk }}. Wilt u uw zienswijze mondeling geven, neem dan voor die datum contact op met "
    "{{ behandelaar }} via telefoonnummer 14 en het netnummer van de gemeente. Vermeld bij uw reactie ons kenmerk."
)

BEZWAAR = (
    "Bent u het niet eens met dit besluit? Dan kunt u daartegen bezwaar maken binnen zes weken na de dag waarop "
    "dit besluit is verzonden (artikelen 6:7 en 6:8 van de Algemene wet bestuursrecht), dus uiterlijk op "
    "{{ bezwaar_uiterlijk }}. Stuur uw bezwaarschrift, ondertekend en met uw naam, adres, de datum, een "
    "omschrijving van dit besluit en de redenen van uw bezwaar, aan de burgemeester van {{ gemeente }}. "
    "Een bezwaarschrift schorst de werking van dit besluit niet. Bij spoed kunt u de voorzieningenrechter van de "
    "rechtbank Gelderland om een voorlopige voorziening vragen (artikel 8:81 Awb); daarvoor betaalt u griffierecht."
)

EVENREDIGHEID = [
    ("Geschikt", "{{ geschikt }}"),
    ("Noodzakelijk", "{{ noodzakelijk }}"),
    ("Evenredig", "{{ evenredig }}"),
]

BRIEVEN = {
    ("13b", "voornemen"): {
        # The ladder decides: a warning step makes this an intended warning, never an intended closure.
        "titel": "Voornemen (artikel 13b Opiumwet)",
        "onderwerp": "{% if waarschuwing %}Voornemen tot het geven van een schriftelijke waarschuwing over "
        "{{ pand }} {{ adres }}{% else %}Voornemen tot sluiting van {{ pand }} {{ adres }}{% endif %} "
        "(artikel 13b Opiumwet)",
        "alineas": [
            "Geachte heer, mevrouw,",
            "Op {{ rapportage_datum }} heeft de politie mij een bestuurlijke rapportage gestuurd over het pand "
            "{{ adres }}. Daaruit blijkt het volgende: {{ bevinding }}",
            "Op grond van artikel 13b, eerste lid, van de Opiumwet ben ik bevoegd een woning of een lokaal te "
            "sluiten als daarin een middel als bedoeld in lijst I of II van de Opiumwet wordt verkocht, afgeleverd "
            "of verstrekt, of daartoe aanwezig is. Volgens het Damoclesbeleid van de gemeente {{ gemeente }} valt "
            "deze zaak ({{ soort_zaak }}) onder stap {{ ladderstap }} van de Damoclesladder: {{ maatregel }}.",
            "{% if waarschuwing %}Ik ben daarom van plan u een schriftelijke waarschuwing te geven. "
            "{{ pand|capitalize }} wordt nu niet gesloten. Treft de politie opnieuw drugs aan in {{ pand }}, "
            "dan volgt de volgende stap van de Damoclesladder: sluiting."
            "{% else %}Ik ben daarom van plan {{ pand }} te sluiten ({{ maatregel }})."
            "{% if pandsoort == 'woning' %} Bij een woning geef ik een begunstigingstermijn, zodat u de "
            "gelegenheid heeft andere woonruimte te zoeken."
            "{% endif %}{% endif %}",
            ZIENSWIJZE,
            "Na afloop van deze termijn neem ik een besluit. Daarbij betrek ik uw zienswijze.",
        ],
    },
    ("13b", "besluit"): {
        "titel": "Besluit (artikel 13b Opiumwet)",
        "onderwerp": "{% if waarschuwing %}Besluit: schriftelijke waarschuwing over {{ pand }} {{ adres }}"
        "{% else %}Besluit tot sluiting van {{ pand }} {{ adres }}{% endif %} (artikel 13b Opiumwet)",
        "alineas": [
            "Geachte heer, mevrouw,",
            "Op {{ rapportage_datum }} heeft de politie mij een bestuurlijke rapportage gestuurd over het pand "
            "{{ adres }}: {{ bevinding }} Bij brief van {{ voornemen_datum }} heb ik u laten weten dat ik van plan "
            "was {% if waarschuwing %}u een schriftelijke waarschuwing te geven{% else %}{{ pand }} te sluiten"
            "{% endif %}, en u gelegenheid gegeven uw zienswijze te geven tot en met "
            "{{ zienswijze_uiterlijk }}. {{ zienswijze }}. {{ zienswijze_tekst }}",
            "Belangenafweging",
            *[f"{kop}: {veld}" for kop, veld in EVENREDIGHEID],
            "Besluit",
            "Gelet op artikel 13b, eerste lid, van de Opiumwet en het Damoclesbeleid van de gemeente {{ gemeente }} "
            "(stap {{ ladderstap }}: {{ maatregel }}) besluit ik: {{ besluit }}. {{ besluit_toelichting }}",
            "{% if waarschuwing %}Dit is een waarschuwing: {{ pand }} wordt nu niet gesloten. Treft de politie "
            "opnieuw drugs aan in {{ pand }}, dan volgt de volgende stap van de Damoclesladder: sluiting."
            "{% else %}{% if sluiting_van %}De sluiting gaat in op {{ sluiting_van }} en duurt tot en met "
            "{{ sluiting_tot }}.{% elif begunstigd_tot %}U krijgt een begunstigingstermijn tot en met "
            "{{ begunstigd_tot }}; daarna gaat de sluiting in.{% else %}De datum waarop de sluiting ingaat, "
            "volgt na afloop van de begunstigingstermijn.{% endif %} Tijdens de sluiting is het verboden "
            "{{ pand }} te betreden (artikel 13b, vierde lid, Opiumwet en artikel 5:31 Awb); bij overtreding "
            "wordt bestuursdwang toegepast."
            "{% endif %}",
            BEZWAAR,
        ],
    },
    ("13b", "omwonenden"): {
        "onderwerp": "Sluiting van {{ pand }} {{ adres }}",
        "adres": [
            "Aan de bewoners van de woningen",
            "in de omgeving van {{ adres_straat }}",
            "{{ adres_postcode_plaats }}",
        ],
        "alineas": [
            "Beste bewoner,",
            "Met deze brief laat ik u weten dat ik heb besloten {{ pand }} {{ adres }} te sluiten op "
            "grond van artikel 13b van de Opiumwet. In {{ pand }} zijn drugs aangetroffen. Drugshandel "
            "brengt onveiligheid en overlast in de buurt; daarom treed ik daar streng tegen op.",
            "{% if sluiting_van %}{{ pand|capitalize }} is gesloten van {{ sluiting_van }} "
            "tot en met {{ sluiting_tot }}."
            "{% else %}{{ pand|capitalize }} wordt binnenkort gesloten.{% endif %} Op de deur hangt een bekendmaking. "
            "Niemand mag {{ pand }} in deze periode betreden.",
            "Heeft u vragen over de sluiting, of ziet u dat iemand {{ pand }} toch gebruikt? Neem dan "
            "contact op met de gemeente {{ gemeente }} via telefoonnummer 14 en het netnummer, of met de wijkagent "
            "via 0900-8844. "
            "Anoniem melden kan bij Meld Misdaad Anoniem: 0800-7000.",
        ],
    },
    ("bibob", "bibob_vragenlijst"): {
        "onderwerp": "Uw aanvraag: Bibob-vragenlijst",
        "alineas": [
            "Geachte heer, mevrouw,",
            "Ik heb uw aanvraag ontvangen ({{ signaal }}). Bij een aanvraag als deze onderzoek ik op grond van de "
            "Wet bevordering integriteitsbeoordelingen door het openbaar bestuur (Wet Bibob) en het Bibob-beleid van "
            "de gemeente {{ gemeente }} of er een gevaar bestaat dat de vergunning mede wordt gebruikt om strafbare "
            "feiten te plegen of om voordelen uit strafbare feiten te benutten.",
            "Daarom stuur ik u de bijgevoegde Bibob-vragenlijst. Ik verzoek u de vragenlijst volledig en naar "
            "waarheid in te vullen, te ondertekenen en met de gevraagde stukken terug te sturen, uiterlijk op "
            "{{ termijn_uiterlijk }}. U bent verplicht deze gegevens te verstrekken (artikel 30 Wet Bibob); het "
            "opzettelijk invullen van onjuiste gegevens is strafbaar (artikel 225 Wetboek van Strafrecht).",
            "Stuurt u de vragenlijst niet, niet volledig of niet op tijd terug, dan kan ik besluiten uw aanvraag niet "
            "te behandelen (artikel 4:5 van de Algemene wet bestuursrecht). De beslistermijn van uw aanvraag wordt "
            "opgeschort tot ik de gegevens volledig heb ontvangen (artikel 4:15 Awb).",
        ],
    },
    ("bibob", "voornemen"): {
        "onderwerp": "Voornemen tot weigering van, of voorschriften bij, de vergunning (Wet Bibob)",
        "alineas": [
            "Geachte heer, mevrouw,",
            "Naar aanleiding van uw aanvraag ({{ signaal }}) heb ik een onderzoek gedaan op grond van de Wet Bibob. "
            "{% if mate_van_gevaar %}Het Landelijk Bureau Bibob heeft mij geadviseerd; de conclusie is: "
            "{{ mate_van_gevaar }}. {% endif %}{{ bevinding }}",
            "Op grond van artikel 3 van de Wet Bibob kan ik een vergunning weigeren, intrekken of er voorschriften aan "
            "verbinden voor zover er een ernstig of mindere mate van gevaar bestaat, als dat evenredig is. Ik ben van "
            "plan de vergunning te weigeren, of alleen te verlenen met voorschriften die het gevaar wegnemen. "
            "U kunt het advies van het Landelijk Bureau Bibob op het "
            "gemeentehuis inzien (artikel 33 Wet Bibob); u mag er geen kopie van maken en het niet openbaar maken.",
            ZIENSWIJZE,
        ],
    },
    ("bibob", "besluit"): {
        "onderwerp": "Besluit op uw aanvraag (Wet Bibob)",
        "alineas": [
            "Geachte heer, mevrouw,",
            "Bij brief van {{ voornemen_datum }} heb ik u laten weten wat ik van plan was met uw aanvraag "
            "({{ signaal }}), en u gelegenheid gegeven uw zienswijze te geven tot en met {{ zienswijze_uiterlijk }}. "
            "{{ zienswijze }}. {{ zienswijze_tekst }}",
            "{% if mate_van_gevaar %}Uit het onderzoek blijkt: {{ mate_van_gevaar }} (artikel 3 Wet Bibob).{% endif %}",
            "Belangenafweging",
            *[f"{kop}: {veld}" for kop, veld in EVENREDIGHEID],
            "Besluit",
            "Gelet op artikel 3 van de Wet Bibob en het Bibob-beleid van de gemeente {{ gemeente }} besluit ik: "
            "{{ besluit }}. {{ besluit_toelichting }}",
            BEZWAAR,
        ],
    },
}

KOPJES = {"Belangenafweging", "Besluit"}


def _run(alinea, tekst, stijl, *, vet=False, grootte=10, kleur=None):
    run = alinea.add_run(tekst)
    run.font.name = stijl["letter"]
    run.font.size = Pt(grootte)
    run.bold = vet
    if kleur is not None:
        run.font.color.rgb = kleur
    return run


def maak(stijlnaam: str, stijl: dict, vorm: str, brief: str, inhoud: dict) -> Path:
    doc = Document()
    doc.core_properties.title = inhoud.get("titel") or inhoud["onderwerp"].split("{{")[0].strip()
    doc.core_properties.language = "nl-NL"
    kop = doc.add_paragraph()
    kop.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(kop, stijl["kop"], stijl, vet=True, grootte=18, kleur=stijl["kleur"])
    for regel in stijl["regels"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_after = Pt(0)
        _run(p, regel, stijl, grootte=8, kleur=stijl["kleur"])
    doc.add_paragraph()
    for regel in inhoud.get("adres", ADRESBLOK):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, regel, stijl)
    doc.add_paragraph()
    tabel = doc.add_table(rows=3, cols=2)
    for rij, (label, waarde) in zip(
        tabel.rows,
        [("Datum", "{{ datum }}"), ("Ons kenmerk", "{{ kenmerk }}"), ("Onderwerp", inhoud["onderwerp"])],
        strict=True,
    ):
        _run(rij.cells[0].paragraphs[0], label, stijl, vet=True, grootte=9)
        _run(rij.cells[1].paragraphs[0], waarde, stijl, grootte=9)
    doc.add_paragraph()
    for tekst in inhoud["alineas"]:
        p = doc.add_paragraph()
        _run(p, tekst, stijl, vet=tekst in KOPJES, grootte=11 if tekst in KOPJES else 10)
    doc.add_paragraph()
    for regel, vet in (("Hoogachtend,", False), ("De burgemeester van {{ gemeente }},", False)):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, regel, stijl, vet=vet)
    for _ in range(3):
        doc.add_paragraph().paragraph_format.space_after = Pt(0)
    _run(doc.add_paragraph(), "{{ burgemeester or '[naam burgemeester]' }}", stijl, vet=True)
    map_ = MAP / stijlnaam
    map_.mkdir(exist_ok=True)
    pad = map_ / f"{vorm}-{brief}.docx"
    doc.save(pad)
    return pad


def main() -> None:
    for stijlnaam, stijl in HUISSTIJLEN.items():
        for (vorm, brief), inhoud in BRIEVEN.items():
            print(maak(stijlnaam, stijl, vorm, brief, inhoud).relative_to(MAP.parent.parent))


if __name__ == "__main__":
    main()
