"""The seeded checklists: sensible starting questions per kind/theme; maintained in the admin afterwards."""

# (soort, thema, naam, [(vraag, antwoordtype), ...])
CHECKLISTS = [
    (
        "themacontrole",
        "horeca",
        "Horeca",
        [
            ("Is de exploitatievergunning aanwezig en op naam van de huidige exploitant?", "ja_nee"),
            ("Is de drank- en horecavergunning aanwezig en actueel?", "ja_nee"),
            ("Staan de leidinggevenden op het aanhangsel van de vergunning?", "ja_nee"),
            ("Is er een Bibob-toets gedaan bij de laatste vergunningaanvraag?", "ja_nee"),
            ("Zijn de openingstijden conform de vergunning?", "ja_nee"),
            ("Past de drukte/omzet bij wat u ziet (weinig klanten, veel contant geld)?", "ja_nee"),
            ("Aanwijzingen voor drugs, witwassen of mensenhandel", "tekst"),
        ],
    ),
    (
        "themacontrole",
        "automotive",
        "Automotive",
        [
            ("Staat het bedrijf ingeschreven bij de KVK op dit adres?", "ja_nee"),
            ("Is er een RDW-erkenning waar die nodig is?", "ja_nee"),
            ("Is de inkoop- en verkoopadministratie aanwezig?", "ja_nee"),
            ("Zijn er voertuigen zonder kenteken of met verwijderde chassisnummers?", "ja_nee"),
            ("Worden er grote contante betalingen gedaan?", "ja_nee"),
            ("Zijn er verborgen ruimtes of ombouw van voertuigen (compartimenten)?", "ja_nee"),
            ("Overige bijzonderheden", "tekst"),
        ],
    ),
    (
        "themacontrole",
        "garageboxen",
        "Garageboxen",
        [
            ("Is de huurder van de box bekend bij de verhuurder?", "ja_nee"),
            ("Wordt de box gebruikt als opslag volgens het bestemmingsplan?", "ja_nee"),
            ("Is er sprake van bewoning of bedrijfsmatig gebruik?", "ja_nee"),
            (
                "Zijn er aanwijzingen voor drugsopslag, -productie of drugsafval (geur, vaten, afgeplakte ramen)?",
                "ja_nee",
            ),
            ("Is er een afwijkend stroomverbruik of een illegale aansluiting?", "ja_nee"),
            ("Overige bijzonderheden", "tekst"),
        ],
    ),
    (
        "themacontrole",
        "bedrijventerrein",
        "Bedrijventerrein",
        [
            ("Komt de feitelijke activiteit overeen met de KVK-inschrijving?", "ja_nee"),
            ("Is het pand in gebruik (activiteit zichtbaar)?", "ja_nee"),
            ("Zijn ramen afgeplakt of is er opvallende beveiliging (camera's, hekken)?", "ja_nee"),
            ("Wordt er in het pand gewoond?", "ja_nee"),
            ("Voldoet het gebruik aan de omgevingsvergunning (ODRA)?", "ja_nee"),
            ("Welke informatie is opgehaald (voor het Theseus-label)?", "tekst"),
        ],
    ),
    (
        "dor_controle",
        "",
        "DOR-controle (heling)",
        [
            ("Is de handelaar geregistreerd als opkoper?", "ja_nee"),
            ("Worden inkopen geregistreerd in het Digitaal Opkopers Register (DOR)?", "ja_nee"),
            ("Zijn de registraties volledig (verkoper, legitimatie, omschrijving)?", "ja_nee"),
            ("Wordt de bewaartermijn voor ingekochte goederen aangehouden?", "ja_nee"),
            ("Zijn er goederen aangetroffen die als gestolen staan geregistreerd?", "ja_nee"),
            ("Bijzonderheden", "tekst"),
        ],
    ),
    (
        "integrale_controle",
        "",
        "Integrale controle",
        [
            ("Komt de feitelijke activiteit overeen met de KVK-inschrijving?", "ja_nee"),
            ("Zijn de benodigde vergunningen aanwezig?", "ja_nee"),
            ("Zijn er aanwijzingen voor bewoning in een bedrijfspand?", "ja_nee"),
            ("Zijn er aanwijzingen voor drugs, witwassen, mensenhandel of heling?", "ja_nee"),
            ("Toelichting", "tekst"),
        ],
    ),
]


def zaai_checklists(ChecklistSjabloon, ChecklistVraag) -> None:
    """Create the seeded checklists that do not exist yet; never overwrite what the admin changed."""
    for soort, thema, naam, vragen in CHECKLISTS:
        sjabloon, aangemaakt = ChecklistSjabloon.objects.get_or_create(
            soort=soort, thema=thema, defaults={"naam": naam}
        )
        if not aangemaakt:
            continue
        for volgorde, (tekst, antwoordtype) in enumerate(vragen, start=1):
            ChecklistVraag.objects.create(sjabloon=sjabloon, tekst=tekst, antwoordtype=antwoordtype, volgorde=volgorde)
