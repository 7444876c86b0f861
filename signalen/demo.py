# ruff: noqa: E501  (the demo data reads best with one fact per line)
"""Demo data of the signalen app: about 60 fictitious but realistic signals.

Spread over the seven municipalities, every phenomenon, source and status; subjects (addresses,
businesses, persons) that recur across signals so "ook bekend in" has something to show;
weging, enrichment with sources and 4x4 reliability, two past and one upcoming overleg with
decisions and items shared with the police, RIEC forms in each state, interventions of each
kind (Bibob advice dates match the EUR 700 bookings of the actieplan demo), the Damocles ladder
per municipality and two traces of destroyed signals.

The story of each signal is played through the signalen services, step by step under
`klok.op(moment)` (ondermijning.klok), so it obeys the same rules as real use and every recorded
time is the time of the story: registration on the day it arrived, the weging, the enrichment,
the agenda and the decision of the overleg (which creates the work it names), the RIEC route and
the interventions. Subjects, meetings and the Damocles ladder are reference data, kept in place.

All names, addresses and KVK numbers are invented. Idempotent: signals are keyed on
(municipality, title), subjects on their natural keys, meetings on their title; a signal's story
is played only when the signal is first created, so running twice duplicates nothing.
"""

import datetime

from django.utils import timezone

from ondermijning import klok
from ondermijning.demo import demo_vandaag, verschuif, werkdag
from ondermijning.models import Gebruiker, Gemeente, Grondslag, Organisatie
from signalen.models import (
    SLUITINGEN,
    Adres,
    Afsluitreden,
    Bedrijf,
    Besluit,
    BibobUitkomst,
    CommunicatieSoort,
    Damoclesladder,
    Fenomeen,
    Interventie,
    InterventieSoort,
    LadderMaatregel,
    Overleg,
    Persoon,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
    SoortZaak,
    VernietigdSignaal,
    WegingUitkomst,
)
from signalen.services import (
    MAATREGELEN_13B,
    agendapunt_besluit,
    agendapunt_delen,
    agendapunt_toevoegen,
    communicatietaak_afronden,
    interventie_afronden,
    interventie_bibob_advies_aanvragen,
    interventie_start,
    riec_melding_opstellen,
    riec_melding_status,
    riec_melding_wijzig,
    signaal_registreer,
    signaal_transitie,
    signaal_zoektekst_bijwerken,
    verrijking_toevoegen,
    weging_vastleggen,
)

D = datetime.date
S = SignaalStatus

# --- Damocles ladder: configuration per municipality ---------------------------------------------
# (soort zaak): [(maatregel, maanden or None = onbepaalde tijd)]
LADDER_STANDAARD = {
    SoortZaak.SOFTDRUGS_WONING: [("waarschuwing", None), ("sluiting", 3), ("sluiting", 6), ("sluiting", None)],
    SoortZaak.HARDDRUGS_WONING: [("sluiting", 3), ("sluiting", 6), ("sluiting", None)],
    SoortZaak.SOFTDRUGS_BEDRIJFSPAND: [("sluiting", 3), ("sluiting", 6), ("sluiting", None)],
    SoortZaak.HARDDRUGS_BEDRIJFSPAND: [("sluiting", 6), ("sluiting", 12), ("sluiting", None)],
}
# The BES municipalities close a dwelling with hard drugs for 6 months at once.
LADDER_BES = {
    **LADDER_STANDAARD,
    SoortZaak.HARDDRUGS_WONING: [("sluiting", 6), ("sluiting", 12), ("sluiting", None)],
}

# --- subjects ------------------------------------------------------------------------------------
# key: (gemeente, straat, huisnummer, postcode, plaats)
ADRESSEN = {
    "rijksweg12": ("Duiven", "Rijksweg", "12", "6921 AB", "Duiven"),
    "industrieweg4": ("Duiven", "Industrieweg", "4", "6921 RK", "Duiven"),
    "holtland7": ("Duiven", "Het Holtland", "7b", "6921 GZ", "Duiven"),
    "kloosterstraat3": ("Duiven", "Kloosterstraat", "3", "6921 CD", "Duiven"),
    "eendenkooi22": ("Duiven", "Eendenkooi", "22", "6922 EJ", "Duiven"),
    "ambachtsweg10": ("Westervoort", "Ambachtsweg", "10", "6931 LJ", "Westervoort"),
    "dorpsstraat40": ("Westervoort", "Dorpsstraat", "40", "6931 AS", "Westervoort"),
    "vijfsprong5": ("Westervoort", "Vijfsprong", "5", "6932 KB", "Westervoort"),
    "brinkstraat1": ("Baarn", "Brinkstraat", "1", "3741 AR", "Baarn"),
    "eemweg88": ("Baarn", "Eemweg", "88", "3742 LB", "Baarn"),
    "wiekslag6": ("Eemnes", "Wiekslag", "6", "3755 GN", "Eemnes"),
    "kerkebuurt30": ("Soest", "Kerkebuurt", "30", "3761 BG", "Soest"),
    "nieuwewegsoest3": ("Soest", "Nieuweweg", "3", "3765 GA", "Soest"),
    "kolkweg2": ("Bunschoten", "Kolkweg", "2", "3752 LT", "Bunschoten-Spakenburg"),
    "dorpsweg15": ("De Bilt", "Dorpsweg", "15", "3731 HB", "De Bilt"),
}
# key: (gemeente, naam, kvk, adres key)
BEDRIJVEN = {
    "knipgoed": ("Duiven", "Kapsalon Knipgoed", "71234567", "rijksweg12"),
    "deSter": ("Duiven", "Autobedrijf De Ster", "70112233", "industrieweg4"),
    "nagelstudio": ("Duiven", "Nagelstudio Glans", "72233445", "kloosterstraat3"),
    "oriental": ("Westervoort", "Shishalounge Oriental", "73344556", "dorpsstraat40"),
    "verhuurSnel": ("Westervoort", "AutoVerhuur Snel B.V.", "74455667", "ambachtsweg10"),
    "zorgZorgeloos": ("Westervoort", "Thuiszorg Zorgeloos B.V.", "75566778", None),
    "goudkoop": ("Baarn", "Goud & Zilver Inkoop Baarn", "76677889", "brinkstraat1"),
    "uitzendEem": ("Eemnes", "Uitzendbureau Eemflex", "77788990", "wiekslag6"),
    "massageSoest": ("Soest", "Massagesalon Lotus", "78899001", "kerkebuurt30"),
    "vastgoedKolk": ("Bunschoten", "Kolk Vastgoed Holding B.V.", "79900112", "kolkweg2"),
}
# key: (gemeente, naam, geboortedatum or None): only when needed to tell people apart
PERSONEN = {
    "degroot": ("Duiven", "R. de Groot", None),
    "bakker": ("Duiven", "S. Bakker", D(1988, 6, 14)),
    "visser": ("Westervoort", "T. Visser", None),
    "meijer": ("Westervoort", "L. Meijer", None),
    "dekker": ("Baarn", "P. Dekker", None),
    "smit": ("Soest", "A. Smit", None),
    "brouwer": ("Bunschoten", "H. Brouwer", None),
}

F_DRUGS = "Drugs: handel en productie"
F_AFVAL = "Drugsafvaldumping"
F_WIT = "Witwassen"
F_WAPENS = "Illegale vuurwapens en vuurwerk"
F_ZORG = "Zorgfraude"
F_HELING = "Heling"
F_VASTGOED = "Vastgoedfraude"
F_ARBEID = "Mensenhandel: arbeidsuitbuiting"
F_SEKS = "Mensenhandel: seksuele uitbuiting"
F_CRIM = "Mensenhandel: criminele uitbuiting"
F_OMG = "Outlaw motorcycle gangs (OMG's)"
F_CYBER = "Cybercrime"

# --- signals -------------------------------------------------------------------------------------
# (gemeente, titel, omschrijving, bron, ontvangen_op, fenomenen, prioriteit, status, subjects, extra)
# subjects: tuple of keys into ADRESSEN/BEDRIJVEN/PERSONEN. extra: interventie soort / riec state /
# afsluitreden for the later states.
SIGNALEN = [
    # Duiven
    (
        "Duiven",
        "Kapsalon zonder klanten, wel dure auto's",
        "Bij Kapsalon Knipgoed is nooit een afspraak te krijgen en er zit zelden een klant. 's Avonds parkeren er dure auto's met Duitse kentekens; er wordt contant afgerekend.",
        "intern_meldpunt",
        D(2024, 1, 15),
        [F_WIT],
        1,
        S.RIEC,
        ("rijksweg12", "knipgoed", "degroot"),
        {"riec": RiecStatus.BESPROKEN},
    ),
    (
        "Duiven",
        "Opnieuw: zakken contant geld bij kapsalon",
        "Medewerker van de bank meldt dat de eigenaar van Kapsalon Knipgoed wekelijks grote bedragen in kleine coupures stort.",
        "politie",
        D(2024, 2, 28),
        [F_WIT],
        1,
        S.INTERVENTIE,
        ("knipgoed", "degroot"),
        {"interventie": InterventieSoort.BIBOB, "bibob": (D(2024, 4, 10), BibobUitkomst.ERNSTIG_GEVAAR)},
    ),
    (
        "Duiven",
        "Autobedrijf verkoopt auto's zonder kenteken",
        "Bij Autobedrijf De Ster staan steeds andere dure auto's zonder kenteken; er is geen werkplaats in gebruik. Buren zien 's nachts transporten.",
        "eigen_controle",
        D(2024, 2, 6),
        [F_WIT, F_HELING],
        2,
        S.INTERVENTIE,
        ("industrieweg4", "deSter", "bakker"),
        {"interventie": InterventieSoort.STOP_GESPREK},
    ),
    (
        "Duiven",
        "Garagebox met hoog stroomverbruik",
        "Netbeheerder meldt een garagebox op Het Holtland met een stroomverbruik als van tien woningen. Dak is 's winters sneeuwvrij.",
        "overig",
        D(2024, 2, 20),
        [F_DRUGS],
        1,
        S.INTERVENTIE,
        ("holtland7",),
        {"interventie": InterventieSoort.SLUITING_13B, "soort_zaak": SoortZaak.SOFTDRUGS_BEDRIJFSPAND},
    ),
    (
        "Duiven",
        "Drugsafval gedumpt in buitengebied",
        "Vaten met chemisch afval (vermoedelijk van een synthetisch drugslab) aangetroffen langs de Eendenkooi.",
        "odra",
        D(2024, 3, 11),
        [F_AFVAL],
        1,
        S.AFGESLOTEN,
        ("eendenkooi22",),
        {"afsluitreden": Afsluitreden.OVERGEDRAGEN},
    ),
    (
        "Duiven",
        "Nagelstudio met wisselend personeel",
        "Bij Nagelstudio Glans werken steeds andere jonge vrouwen die geen Nederlands spreken en boven de zaak lijken te slapen.",
        "inwoner",
        D(2024, 3, 25),
        [F_ARBEID, F_SEKS],
        1,
        S.RIEC,
        ("kloosterstraat3", "nagelstudio"),
        {"riec": RiecStatus.INTERVENTIE_DOOR},
    ),
    (
        "Duiven",
        "Woning met afgeplakte ramen",
        "Buren melden een woning aan de Kloosterstraat met afgeplakte ramen en een sterke hennepgeur.",
        "mma",
        D(2024, 4, 3),
        [F_DRUGS],
        2,
        S.INTERVENTIE,
        ("kloosterstraat3",),
        {"interventie": InterventieSoort.WAARSCHUWING_13B, "soort_zaak": SoortZaak.SOFTDRUGS_WONING},
    ),
    (
        "Duiven",
        "Jongeren dealen bij de sporthal",
        "Wijkagent ziet dagelijks een groep jongeren die vanaf scooters handelt bij de sporthal; jonge aanwas wordt geronseld.",
        "politie",
        D(2024, 4, 18),
        [F_DRUGS, F_CRIM],
        1,
        S.INTERVENTIE,
        (),
        {"interventie": InterventieSoort.DRUGSHANDEL_STRAAT},
    ),
    (
        "Duiven",
        "Vuurwerkopslag in schuur",
        "Inwoner ziet rond de jaarwisseling dozen zwaar vuurwerk een schuur in gaan.",
        "inwoner",
        D(2024, 12, 2),
        [F_WAPENS],
        2,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.DOORVERWEZEN, "snel": True},
    ),
    (
        "Duiven",
        "Vermoedelijke fraude met zorgbudget",
        "Wmo-consulent twijfelt aan declaraties van een zorgaanbieder: uren voor cliënten die in het ziekenhuis lagen.",
        "intern_meldpunt",
        D(2024, 6, 5),
        [F_ZORG],
        2,
        S.OPPLUSSEN,
        (),
        {},
    ),
    (
        "Duiven",
        "Motorclub huurt loods op bedrijventerrein",
        "Leden van een motorclub met colours zijn gezien bij een pas gehuurde loods aan de Industrieweg.",
        "politie",
        D(2024, 8, 14),
        [F_OMG],
        2,
        S.OVERLEG,
        ("industrieweg4",),
        {},
    ),
    (
        "Duiven",
        "Phishing vanuit bedrijfspand",
        "Cybercrimeteam meldt dat een IP-adres van een bedrijfspand in Duiven gebruikt wordt voor phishing.",
        "politie",
        D(2024, 9, 9),
        [F_CYBER],
        3,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.GEEN_RESULTAAT},
    ),
    (
        "Duiven",
        "Nieuwe eigenaar kapsalon betaalt contant voor pand",
        "Makelaar meldt dat het pand van Kapsalon Knipgoed contant is gekocht door een net opgerichte holding.",
        "ondernemer",
        D(2025, 2, 10),
        [F_VASTGOED, F_WIT],
        1,
        S.OPPLUSSEN,
        ("rijksweg12", "knipgoed"),
        {},
    ),
    (
        "Duiven",
        "Verdachte verkoop telefoons via autobedrijf",
        "Opkoper zonder DOR-registratie verkoopt nieuwe telefoons vanuit het autobedrijf.",
        "eigen_controle",
        D(2025, 3, 3),
        [F_HELING],
        2,
        S.INTERVENTIE,
        ("deSter",),
        {"interventie": InterventieSoort.HELING_DOR},
    ),
    (
        "Duiven",
        "Drugs in woning bij huiszoeking",
        "Politie vond bij een huiszoeking 400 gram cocaïne in een woning aan de Eendenkooi.",
        "politie",
        D(2025, 5, 20),
        [F_DRUGS],
        1,
        S.INTERVENTIE,
        ("eendenkooi22",),
        {"interventie": InterventieSoort.SLUITING_DRUGSPAND, "soort_zaak": SoortZaak.HARDDRUGS_WONING},
    ),
    (
        "Duiven",
        "Bezorgers zonder verblijfsvergunning",
        "Bij een maaltijdbezorger werken bezorgers die volgens collega's in een overvolle woning wonen en hun loon afdragen.",
        "inwoner",
        None,
        [F_ARBEID],
        2,
        S.GEREGISTREERD,
        (),
        {},
    ),
    (
        "Duiven",
        "Onbekende huurders in bedrijfsverzamelgebouw",
        "Verhuurder kent de huurders van drie units niet; huur wordt contant betaald.",
        "ondernemer",
        None,
        [F_WIT],
        3,
        S.WEGING,
        ("industrieweg4",),
        {},
    ),
    (
        "Duiven",
        "Melding via meldpunt: verhuur kamers aan arbeidsmigranten",
        "Medewerker Burgerzaken ziet veel inschrijvingen op één adres aan het Holtland.",
        "intern_meldpunt",
        None,
        [F_ARBEID],
        2,
        S.GEREGISTREERD,
        ("holtland7",),
        {},
    ),
    # Westervoort
    (
        "Westervoort",
        "Loods met afgeplakte ramen en stroomkabels",
        "Loods aan de Ambachtsweg: ramen afgeplakt, stroomkabels naar buiten, 's nachts bedrijvigheid.",
        "mma",
        D(2024, 1, 22),
        [F_DRUGS],
        1,
        S.INTERVENTIE,
        ("ambachtsweg10", "verhuurSnel"),
        {"interventie": InterventieSoort.SLUITING_13B, "soort_zaak": SoortZaak.HARDDRUGS_BEDRIJFSPAND},
    ),
    (
        "Westervoort",
        "Autoverhuur zonder klanten",
        "AutoVerhuur Snel heeft veel dure auto's maar geen zichtbare klanten; auto's worden door steeds dezelfde personen gebruikt.",
        "politie",
        D(2024, 2, 12),
        [F_WIT],
        1,
        S.INTERVENTIE,
        ("ambachtsweg10", "verhuurSnel", "visser"),
        {"interventie": InterventieSoort.BIBOB, "bibob": (D(2024, 3, 12), BibobUitkomst.MINDERE_MATE)},
    ),
    (
        "Westervoort",
        "Shishalounge vraagt exploitatievergunning aan",
        "Aanvraag exploitatievergunning Shishalounge Oriental; financiering onduidelijk, eerdere zaak van aanvrager failliet.",
        "intern_meldpunt",
        D(2024, 8, 20),
        [F_WIT],
        2,
        S.INTERVENTIE,
        ("dorpsstraat40", "oriental", "meijer"),
        {"interventie": InterventieSoort.BIBOB, "bibob": (D(2024, 9, 24), BibobUitkomst.GEEN_GEVAAR)},
    ),
    (
        "Westervoort",
        "Jongeren in dure kleding zonder werk",
        "Jongerenwerker ziet jongens van 15 met dure kleding en nieuwe scooters; vermoeden van inzet als koerier.",
        "intern_meldpunt",
        D(2024, 3, 4),
        [F_CRIM, F_DRUGS],
        1,
        S.RIEC,
        ("visser",),
        {"riec": RiecStatus.INGEDIEND},
    ),
    (
        "Westervoort",
        "Thuiszorg declareert niet-geleverde zorg",
        "Cliënten van Thuiszorg Zorgeloos zeggen minder zorg te krijgen dan gedeclareerd; directeur rijdt in een auto van 120.000 euro.",
        "inwoner",
        D(2024, 4, 8),
        [F_ZORG, F_WIT],
        1,
        S.OVERLEG,  # the RIEC handed it back: the service returns the signal to the overleg
        ("zorgZorgeloos", "meijer"),
        {"riec": RiecStatus.TERUGGELEGD},
    ),
    (
        "Westervoort",
        "Massagesalon aan de Vijfsprong",
        "Buurtbewoners zien mannen op alle uren een pand in- en uitgaan; geen reclame, geen openingstijden.",
        "inwoner",
        D(2024, 5, 13),
        [F_SEKS],
        2,
        S.OVERLEG,
        ("vijfsprong5",),
        {},
    ),
    (
        "Westervoort",
        "Shishalounge open na sluitingstijd",
        "Handhaving ziet de lounge om 03.00 uur nog open; bezoekers zonder consumpties.",
        "eigen_controle",
        D(2024, 10, 2),
        [F_WIT, F_DRUGS],
        2,
        S.OPPLUSSEN,
        ("dorpsstraat40", "oriental"),
        {},
    ),
    (
        "Westervoort",
        "Inbraakgereedschap in auto bij controle",
        "Bij een integrale controle lag in een auto van AutoVerhuur Snel inbraakgereedschap en een koevoet.",
        "eigen_controle",
        D(2024, 11, 5),
        [F_HELING],
        3,
        S.AFGESLOTEN,
        ("verhuurSnel",),
        {"afsluitreden": Afsluitreden.GEEN_RESULTAAT},
    ),
    (
        "Westervoort",
        "Harddrugs in woning Dorpsstraat",
        "Politie trof bij een inval een kleine hoeveelheid harddrugs en weegschalen aan in een woning aan de Dorpsstraat.",
        "politie",
        D(2025, 1, 14),
        [F_DRUGS],
        1,
        S.INTERVENTIE,
        ("dorpsstraat40",),
        {"interventie": InterventieSoort.OVERIG},
    ),
    (
        "Westervoort",
        "Geluidsoverlast zonder ondermijning",
        "Melding over harde muziek in een woning; geen aanwijzingen voor ondermijning.",
        "inwoner",
        D(2025, 4, 1),
        [],
        3,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.GEEN_ACTIE, "snel": True},
    ),
    (
        "Westervoort",
        "Stroomdiefstal bij bedrijfspand",
        "Netbeheerder meldt een illegale aansluiting bij een bedrijfspand aan de Ambachtsweg.",
        "overig",
        None,
        [F_DRUGS],
        1,
        S.WEGING,
        ("ambachtsweg10",),
        {},
    ),
    (
        "Westervoort",
        "Contante aankoop van woningen door één koper",
        "Notaris meldt drie contante woningaankopen in een jaar door dezelfde persoon.",
        "ondernemer",
        None,
        [F_VASTGOED, F_WIT],
        2,
        S.GEREGISTREERD,
        ("visser",),
        {},
    ),
    (
        "Westervoort",
        "Nieuwe melding shishalounge: minderjarigen",
        "Ouders melden dat minderjarigen in de lounge worden ingezet om pakketjes rond te brengen.",
        "inwoner",
        None,
        [F_CRIM],
        1,
        S.WEGING,
        ("oriental",),
        {},
    ),
    # Baarn
    (
        "Baarn",
        "Goudinkoop zonder registratie",
        "Goud & Zilver Inkoop Baarn registreert aankopen niet in het DOR; aanbieders komen van ver.",
        "eigen_controle",
        D(2024, 2, 27),
        [F_HELING],
        2,
        S.INTERVENTIE,
        ("brinkstraat1", "goudkoop", "dekker"),
        {"interventie": InterventieSoort.HELING_DOR},
    ),
    (
        "Baarn",
        "Goudinkoper koopt gestolen sieraden",
        "Politie herkent bij de goudinkoper sieraden uit een woninginbraak in Soest.",
        "politie",
        D(2024, 6, 12),
        [F_HELING],
        1,
        S.RIEC,
        ("goudkoop", "dekker"),
        {"riec": RiecStatus.CONCEPT},
    ),
    (
        "Baarn",
        "Hennepgeur bij woning Eemweg",
        "Buren melden een hennepgeur en een altijd dichte zolder bij een woning aan de Eemweg.",
        "mma",
        D(2024, 7, 8),
        [F_DRUGS],
        2,
        S.INTERVENTIE,
        ("eemweg88",),
        {"interventie": InterventieSoort.WAARSCHUWING_13B, "soort_zaak": SoortZaak.SOFTDRUGS_WONING},
    ),
    (
        "Baarn",
        "Verhuur van vakantiewoning aan onbekenden",
        "Recreatiepark: steeds andere huurders, busjes met materiaal, ramen afgeschermd.",
        "ondernemer",
        D(2024, 9, 3),
        [F_DRUGS],
        2,
        S.OVERLEG,
        (),
        {},
    ),
    (
        "Baarn",
        "Jongeren ronselen via sociale media",
        "School meldt dat leerlingen via sociale media benaderd worden om 'snel geld' te verdienen.",
        "intern_meldpunt",
        D(2025, 2, 18),
        [F_CRIM],
        1,
        S.OPPLUSSEN,
        (),
        {},
    ),
    (
        "Baarn",
        "Melding meldpunt: vreemde bouwactiviteit",
        "Medewerker Omgevingsvergunningen ziet een kelder die niet op de bouwtekening staat.",
        "intern_meldpunt",
        None,
        [F_DRUGS, F_VASTGOED],
        2,
        S.GEREGISTREERD,
        ("eemweg88",),
        {},
    ),
    (
        "Baarn",
        "Fietsen te koop via opkoper",
        "Veel dure e-bikes te koop bij een particulier die zich als opkoper presenteert.",
        "inwoner",
        D(2025, 6, 2),
        [F_HELING],
        3,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.GEEN_ACTIE, "snel": True},
    ),
    # Eemnes
    (
        "Eemnes",
        "Uitzendbureau huisvest arbeiders in loods",
        "Arbeidsmigranten van Uitzendbureau Eemflex slapen in een loods aan de Wiekslag; loon wordt ingehouden voor 'huur'.",
        "politie",
        D(2024, 3, 19),
        [F_ARBEID],
        1,
        S.RIEC,
        ("wiekslag6", "uitzendEem"),
        {"riec": RiecStatus.INGEDIEND},
    ),
    (
        "Eemnes",
        "Uitzendbureau vraagt horecavergunning aan",
        "Eigenaar van Eemflex vraagt een drank- en horecavergunning aan voor een nieuwe zaak.",
        "intern_meldpunt",
        D(2024, 10, 15),
        [F_WIT, F_ARBEID],
        2,
        S.OVERLEG,
        ("uitzendEem",),
        {},
    ),
    (
        "Eemnes",
        "Drugsafval in sloot",
        "Boer vindt jerrycans met een scherpe geur in een sloot langs de polderweg.",
        "inwoner",
        D(2025, 4, 22),
        [F_AFVAL],
        1,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.OVERGEDRAGEN},
    ),
    (
        "Eemnes",
        "Motorclub organiseert evenement",
        "Aanvraag evenementenvergunning voor een 'motortreffen' door een vereniging gelieerd aan een OMG.",
        "intern_meldpunt",
        None,
        [F_OMG],
        2,
        S.WEGING,
        (),
        {},
    ),
    # Soest
    (
        "Soest",
        "Massagesalon met slaapplaatsen",
        "Bij Massagesalon Lotus wonen de masseuses in het pand; ze mogen volgens een buurvrouw niet alleen naar buiten.",
        "inwoner",
        D(2024, 1, 30),
        [F_SEKS, F_ARBEID],
        1,
        S.RIEC,
        ("kerkebuurt30", "massageSoest", "smit"),
        {"riec": RiecStatus.INTERVENTIE_DOOR},
    ),
    (
        "Soest",
        "Contante betalingen voor verbouwing",
        "Aannemer meldt dat een klant 80.000 euro contant wil betalen voor de verbouwing van een woning aan de Nieuweweg.",
        "ondernemer",
        D(2024, 5, 7),
        [F_WIT],
        2,
        S.OPPLUSSEN,
        ("nieuwewegsoest3", "smit"),
        {},
    ),
    (
        "Soest",
        "STOP-gesprek kapper met signalen",
        "Kapper vertoont signalen van een betrokkenheid bij witwassen; gemeente wil vroegtijdig het gesprek aangaan.",
        "eigen_controle",
        D(2024, 6, 24),
        [F_WIT],
        2,
        S.INTERVENTIE,
        (),
        {"interventie": InterventieSoort.STOP_GESPREK},
    ),
    (
        "Soest",
        "Dealen bij het station",
        "Handhaving ziet dagelijks dezelfde personen handelen bij het station.",
        "politie",
        D(2024, 9, 16),
        [F_DRUGS],
        1,
        S.INTERVENTIE,
        (),
        {"interventie": InterventieSoort.DRUGSHANDEL_STRAAT},
    ),
    (
        "Soest",
        "Datingsite met advertenties uit Soest",
        "Politie ziet advertenties voor 'massages' met een adres in Soest dat samenvalt met Massagesalon Lotus.",
        "politie",
        D(2025, 1, 8),
        [F_SEKS, F_CYBER],
        1,
        S.OVERLEG,
        ("massageSoest",),
        {},
    ),
    (
        "Soest",
        "Melding meldpunt: parkeergarage als overslagplek",
        "Parkeerbeheer ziet busjes die kort in de garage staan en pakketten overladen.",
        "intern_meldpunt",
        None,
        [F_DRUGS],
        2,
        S.GEREGISTREERD,
        (),
        {},
    ),
    (
        "Soest",
        "Geen ondermijning: burenruzie",
        "Beschuldigingen over en weer tussen buren; geen feitelijke aanwijzingen.",
        "inwoner",
        D(2025, 8, 11),
        [],
        3,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.GEEN_ACTIE, "snel": True},
    ),
    # Bunschoten
    (
        "Bunschoten",
        "Vastgoedholding koopt panden contant",
        "Kolk Vastgoed Holding kocht in korte tijd vier panden, deels met onduidelijke leningen uit het buitenland.",
        "belastingdienst",
        D(2024, 4, 25),
        [F_VASTGOED, F_WIT],
        1,
        S.OPPLUSSEN,
        ("kolkweg2", "vastgoedKolk", "brouwer"),
        {},
    ),
    (
        "Bunschoten",
        "Illegale vuurwapens in loods",
        "Douane onderschepte een pakket wapenonderdelen met als bestemming een loods aan de Kolkweg.",
        "douane",
        D(2024, 11, 20),
        [F_WAPENS],
        1,
        S.AFGESLOTEN,
        ("kolkweg2",),
        {"afsluitreden": Afsluitreden.OVERGEDRAGEN},
    ),
    (
        "Bunschoten",
        "Havenbedrijf ontvangt containers zonder lading",
        "Havenmeester ziet containers die leeg lijken maar zwaar zijn.",
        "douane",
        None,
        [F_DRUGS],
        1,
        S.WEGING,
        ("kolkweg2",),
        {},
    ),
    (
        "Bunschoten",
        "Melding meldpunt: vergunning vastgoedholding",
        "Medewerker Vergunningen ziet dat Kolk Vastgoed een vergunning aanvraagt voor splitsing in zes appartementen.",
        "intern_meldpunt",
        None,
        [F_VASTGOED],
        2,
        S.GEREGISTREERD,
        ("vastgoedKolk", "brouwer"),
        {},
    ),
    # De Bilt
    (
        "De Bilt",
        "Zorgboerderij zonder cliënten",
        "Zorgboerderij declareert dagbesteding voor twintig cliënten, maar er is nooit iemand te zien.",
        "intern_meldpunt",
        D(2024, 2, 14),
        [F_ZORG],
        2,
        S.OPPLUSSEN,
        ("dorpsweg15",),
        {},
    ),
    (
        "De Bilt",
        "Cryptowinkel wisselt contant geld",
        "Winkel wisselt grote bedragen contant geld om naar crypto zonder identificatie.",
        "politie",
        D(2024, 7, 29),
        [F_WIT, F_CYBER],
        1,
        S.OPPLUSSEN,
        (),
        {},
    ),
    (
        "De Bilt",
        "Opkoper van fietsen op Marktplaats",
        "Iemand koopt massaal gebruikte e-bikes op; onduidelijk of hij als opkoper geregistreerd staat.",
        "inwoner",
        D(2025, 3, 17),
        [F_HELING],
        3,
        S.AFGESLOTEN,
        (),
        {"afsluitreden": Afsluitreden.GEEN_RESULTAAT},
    ),
    (
        "De Bilt",
        "Anonieme tip: wietplantage in schuur",
        "MMA-melding over een schuur achter een woning aan de Dorpsweg met een kweekinstallatie.",
        "mma",
        None,
        [F_DRUGS],
        2,
        S.GEREGISTREERD,
        ("dorpsweg15",),
        {},
    ),
    (
        "De Bilt",
        "Feest van motorclub in buitengebied",
        "Inwoner meldt een groot feest van een motorclub in een schuur; vermoeden dat het een clubhuis wordt.",
        "inwoner",
        None,
        [F_OMG],
        3,
        S.WEGING,
        (),
        {},
    ),
]

VERRIJKINGEN = [
    (
        "kvk",
        "KVK: onderneming in {jaar} opgericht; bestuurder wisselde twee keer; geen personeel ingeschreven.",
        "A",
        "1",
        "Gemeentelijke taak (Wet Bibob, handhaving)",
    ),
    (
        "bag",
        "BAG: pand staat geregistreerd met gebruiksdoel {doel}; oppervlakte past niet bij het gebruik.",
        "A",
        "1",
        "Gemeentelijke taak",
    ),
    (
        "straatinformatie",
        "Wijkagent en handhaving zien regelmatig wisselende auto's voor de deur, vooral 's avonds.",
        "B",
        "2",
        "Convenant lokaal ondermijningsoverleg",
    ),
    ("kadaster", "Kadaster: pand in {jaar} gekocht zonder hypotheek.", "A", "1", "Gemeentelijke taak (vastgoed)"),
    (
        "open_bronnen",
        "Open bronnen: reviews noemen de zaak 'altijd dicht'; sociale media tonen luxe reizen van de eigenaar.",
        "C",
        "3",
        "Openbare bronnen, proportioneel",
    ),
    (
        "ketenpartner",
        "Politie: eigenaar eerder in beeld bij een witwasonderzoek (niet veroordeeld).",
        "B",
        "3",
        "Convenant RIEC (Infoplein)",
    ),
]

DW = ["Duiven", "Westervoort"]
BES = ["Baarn", "Eemnes", "Soest"]
OVERLEGGEN = [
    # (titel, datum (None: next week, moved along with today), aanvang, locatie, gemeenten, organisaties)
    (
        "Lokaal ondermijningsoverleg Duiven-Westervoort april 2024",
        D(2024, 4, 10),
        datetime.time(9, 30),
        "Gemeentehuis Duiven",
        DW,
        ["Politie", "ODRA"],
    ),
    (
        "Lokaal ondermijningsoverleg BES april 2024",
        D(2024, 4, 17),
        datetime.time(13, 0),
        "Gemeentehuis Baarn",
        BES,
        ["Politie"],
    ),
    (
        "Lokaal ondermijningsoverleg Duiven-Westervoort oktober 2024",
        D(2024, 10, 9),
        datetime.time(9, 30),
        "Gemeentehuis Westervoort",
        DW,
        ["Politie", "ODRA"],
    ),
    (
        "Lokaal ondermijningsoverleg BES september 2024",
        D(2024, 9, 18),
        datetime.time(13, 0),
        "Gemeentehuis Soest",
        BES,
        ["Politie", "Douane"],
    ),
    (
        "Lokaal ondermijningsoverleg Duiven-Westervoort juni 2025",
        D(2025, 6, 11),
        datetime.time(9, 30),
        "Gemeentehuis Duiven",
        DW,
        ["Politie", "ODRA"],
    ),
    (
        "Lokaal ondermijningsoverleg BES mei 2025",
        D(2025, 5, 14),
        datetime.time(13, 0),
        "Gemeentehuis Eemnes",
        BES,
        ["Politie"],
    ),
    (
        "Lokaal ondermijningsoverleg BES (volgend)",
        None,
        datetime.time(13, 0),
        "Gemeentehuis Soest",
        BES,
        ["Politie"],
    ),
    (
        "Lokaal ondermijningsoverleg Duiven-Westervoort (volgend)",
        None,
        datetime.time(9, 30),
        "Gemeentehuis Westervoort",
        DW,
        ["Politie", "ODRA", "Douane"],
    ),
]

BESLUIT_BIJ_INTERVENTIE = {
    InterventieSoort.BIBOB: Besluit.BIBOB,
    InterventieSoort.STOP_GESPREK: Besluit.STOP_GESPREK,
    InterventieSoort.HELING_DOR: Besluit.HELING,
    InterventieSoort.WAARSCHUWING_13B: Besluit.TRAJECT_13B,
    InterventieSoort.SLUITING_13B: Besluit.TRAJECT_13B,
    InterventieSoort.SLUITING_DRUGSPAND: Besluit.TRAJECT_13B,
}


def _moment(datum: datetime.date, uur: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur, 0)))


class _Verhaal:
    """The clock of one signal's story: every step a moment after the one before, never after today.

    `op(datum, uur)` runs a step under `klok.op(...)`: the services record that moment, and the
    rules about the future hold against the story's today.
    """

    def __init__(self, begin: datetime.datetime, vandaag: datetime.date):
        self.moment = begin
        self.vandaag = vandaag

    @property
    def dag(self) -> datetime.date:
        return timezone.localdate(self.moment)

    def op(self, datum: datetime.date, uur: int = 10):
        moment = _moment(min(datum, self.vandaag), uur)
        self.moment = max(moment, self.moment + datetime.timedelta(minutes=1))
        return klok.op(self.moment)


def _signaal_velden(omschrijving, bron, ontvangen_op, prio, behandelaar, melder) -> dict:
    return {
        "omschrijving": omschrijving,
        "bron": bron,
        "ontvangen_op": ontvangen_op,
        "prioriteit": prio,
        "behandelaar": behandelaar,
        "melder": melder,
    }


def _signaal(*, gemeente, titel, velden, fenomenen, adressen, bedrijven, personen, door) -> tuple[Signaal, bool]:
    """The demo signal (gemeente, titel): registered through the service on the day it arrived, or
    (already there) its own text and subjects refreshed in place, without new history."""
    signaal = Signaal.objects.filter(gemeente=gemeente, titel=titel).first()
    if signaal is None:
        with klok.op(_moment(velden["ontvangen_op"], 9)):
            signaal = signaal_registreer(
                door=door,
                gemeente=gemeente,
                titel=titel,
                fenomenen=fenomenen,
                adressen=adressen,
                bedrijven=bedrijven,
                personen=personen,
                **velden,
            )
        return signaal, True
    Signaal.objects.filter(pk=signaal.pk).update(**velden)
    signaal.fenomenen.set(fenomenen)
    signaal.adressen.set(adressen)
    signaal.bedrijven.set(bedrijven)
    signaal.personen.set(personen)
    signaal_zoektekst_bijwerken(signaal=signaal)
    signaal.refresh_from_db()
    return signaal, False


def laad(stdout=None, vandaag=None) -> None:
    """Create or update the signalen demo data."""
    vandaag = demo_vandaag(vandaag)
    gemeenten = {g.naam: g for g in Gemeente.objects.all()}
    organisaties = {o.naam: o for o in Organisatie.objects.all()}
    gebruikers = {
        g.username: g for g in Gebruiker.objects.filter(username__in=["beleid", "voorzitter", "baarn", "debilt"])
    }
    fenomenen = {f.naam: f for f in Fenomeen.objects.all()}

    def behandelaar_voor(gemeente: str):
        if gemeente in ("Duiven", "Westervoort"):
            return gebruikers.get("beleid")
        if gemeente == "Baarn":
            return gebruikers.get("baarn")
        return None

    def door_voor(gemeente: str):
        # Who works the signal in the story: always someone who works for its municipality. Eemnes and
        # Soest are the Baarn officer's (BES); Bunschoten and De Bilt have an officer of their own.
        if gemeente in ("Bunschoten", "De Bilt"):
            return gebruikers.get("debilt")
        return behandelaar_voor(gemeente) or gebruikers.get("baarn")

    # Damocles ladder
    for naam, gemeente in gemeenten.items():
        ladder = LADDER_BES if naam in ("Baarn", "Eemnes", "Soest") else LADDER_STANDAARD
        for soort_zaak, stappen in ladder.items():
            for nummer, (maatregel, maanden) in enumerate(stappen, start=1):
                Damoclesladder.objects.update_or_create(
                    gemeente=gemeente,
                    soort_zaak=soort_zaak,
                    stap=nummer,
                    defaults={
                        "maatregel": maatregel,
                        "duur_maanden": maanden,
                        "onbepaalde_tijd": maatregel == LadderMaatregel.SLUITING and maanden is None,
                    },
                )

    # Subjects
    adressen = {}
    for key, (gemeente, straat, nummer, postcode, plaats) in ADRESSEN.items():
        adressen[key], _ = Adres.objects.update_or_create(
            gemeente=gemeenten[gemeente],
            postcode=postcode,
            huisnummer=nummer,
            defaults={"straat": straat, "plaats": plaats},
        )
    bedrijven = {}
    for key, (gemeente, naam, kvk, adres) in BEDRIJVEN.items():
        bedrijven[key], _ = Bedrijf.objects.update_or_create(
            gemeente=gemeenten[gemeente], kvk_nummer=kvk, defaults={"naam": naam, "adres": adressen.get(adres)}
        )
    personen = {}
    for key, (gemeente, naam, geboortedatum) in PERSONEN.items():
        personen[key], _ = Persoon.objects.get_or_create(
            gemeente=gemeenten[gemeente], naam=naam, geboortedatum=geboortedatum
        )

    # Meetings
    overleggen = []
    for titel, datum, aanvang, locatie, gemeentenamen, orgnamen in OVERLEGGEN:
        overleg, _ = Overleg.objects.update_or_create(
            titel=titel,
            defaults={
                "datum": datum or werkdag(vandaag + datetime.timedelta(days=7)),
                "aanvang": aanvang,
                "locatie": locatie,
                "voorzitter": gebruikers.get("voorzitter") if "Duiven" in gemeentenamen else None,
            },
        )
        overleg.gemeenten.set([gemeenten[g] for g in gemeentenamen])
        overleg.organisaties.set([organisaties[o] for o in orgnamen if o in organisaties])
        overleggen.append((overleg, gemeentenamen))
    komend = overleggen[-1][0]

    def kandidaten(gemeente: str) -> list:
        """The past meetings this municipality takes part in, oldest first."""
        gehouden = [o for o, namen in overleggen if gemeente in namen and o.datum <= vandaag]
        return sorted(gehouden, key=lambda o: o.datum)

    nieuw = 0
    for index, (gemeente, titel, omschrijving, bron, ontvangen_op, fnamen, prio, status, subjecten, extra) in enumerate(
        SIGNALEN
    ):
        # Recent signals (no fixed date) arrived in the last few weeks: they move along with today.
        if ontvangen_op is None:
            ontvangen_op = vandaag - datetime.timedelta(days=3 + index % 20)
            _schuif_mee(gemeenten[gemeente], titel, ontvangen_op)
        signaal, aangemaakt = _signaal(
            gemeente=gemeenten[gemeente],
            titel=titel,
            velden=_signaal_velden(
                omschrijving,
                bron,
                ontvangen_op,
                prio,
                behandelaar_voor(gemeente) if status != S.GEREGISTREERD else None,
                gebruikers.get("beleid") if bron == "intern_meldpunt" and gemeente == "Duiven" else None,
            ),
            fenomenen=[fenomenen[f] for f in fnamen if f in fenomenen],
            adressen=[adressen[k] for k in subjecten if k in adressen],
            bedrijven=[bedrijven[k] for k in subjecten if k in bedrijven],
            personen=[personen[k] for k in subjecten if k in personen],
            door=door_voor(gemeente),
        )
        if aangemaakt:
            nieuw += 1
            _geschiedenis(
                signaal=signaal,
                status=status,
                extra=extra,
                door=door_voor(gemeente),
                kandidaten=kandidaten(gemeente),
                komend=komend if gemeente in DW else None,
                index=index,
                organisaties=organisaties,
                vandaag=vandaag,
            )

    # Traces of two signals destroyed after the retention period.
    for signaal_id, gemeente, ontvangen, afgesloten, vernietigd in (
        (900001, "Duiven", D(2022, 5, 3), D(2022, 6, 1), D(2023, 6, 2)),
        (900002, "Soest", D(2022, 9, 12), D(2022, 10, 4), D(2023, 10, 5)),
    ):
        VernietigdSignaal.objects.update_or_create(
            signaal_id=signaal_id,
            defaults={
                "gemeente": gemeenten[gemeente],
                "ontvangen_op": ontvangen,
                "afgesloten_op": afgesloten,
                "vernietigd_op": _moment(vernietigd, 2),
            },
        )
    _lopende_bibob(vandaag, gemeenten, behandelaar_voor("Duiven"), organisaties)
    if stdout:
        stdout.write(
            f"Signalen: {len(SIGNALEN)} signalen ({nieuw} nieuw), {len(OVERLEGGEN)} overleggen, "
            f"{Interventie.objects.count()} interventies, {RiecMelding.objects.count()} RIEC-meldingen."
        )


RIEC_VRAAG = "Zijn de betrokkenen bij partners bekend en welke partner kan het beste interveniëren?"
RIEC_MAATREGELEN = "Signaal opgeplust met KVK, BAG en straatinformatie; besproken in het lokaal overleg."

INTERVENTIE_OMSCHRIJVING = {
    InterventieSoort.BIBOB: "Bibob-onderzoek bij de vergunningaanvraag, gestart met een intakegesprek.",
    InterventieSoort.STOP_GESPREK: "STOP-gesprek met de eigenaar gepland en gevoerd.",
    InterventieSoort.HELING_DOR: "Bestuurlijke waarschuwing: aankopen moeten in het DOR worden geregistreerd.",
    InterventieSoort.DRUGSHANDEL_STRAAT: "Gebiedsverbod en cameratoezicht rond de dealplek.",
    InterventieSoort.OVERIG: "Bestuurlijke rapportage opgesteld voor de woningcorporatie (huurontbinding).",
}


def _besluit(status, extra) -> tuple[str, str]:
    """The decision of the overleg that leads to `status` in the story, with its note."""
    if extra.get("riec"):
        return Besluit.RIEC_SIGNAAL, RIEC_VRAAG
    if extra.get("interventie") in BESLUIT_BIJ_INTERVENTIE:
        return BESLUIT_BIJ_INTERVENTIE[extra["interventie"]], ""
    if extra.get("interventie"):
        return Besluit.ANDERS, "De burgemeester zet een eigen bestuurlijke maatregel in (zie de interventie)."
    if status == S.AFGESLOTEN:
        return Besluit.AFSLUITEN, ""
    return Besluit.ANDERS, "Terug op de agenda na aanvullende informatie."


def _geschiedenis(*, signaal, status, extra, door, kandidaten, komend, index, organisaties, vandaag):
    """Play a new demo signal's story up to `status` through the services, each step at its moment.

    The services apply the same rules as in real use: the weging moves the signal on, a decision of
    the overleg creates the work it names, submitting a RIEC form moves the signal to RIEC.
    """
    verhaal = _Verhaal(signaal.created_at, vandaag)
    if status == S.GEREGISTREERD:
        return
    gewogen = verhaal.dag + datetime.timedelta(days=6)
    if status == S.WEGING:
        with verhaal.op(gewogen, 11):
            signaal_transitie(signaal=signaal, naar=S.WEGING, door=door, reden="Weging gestart.")
        return
    weging = {
        "is_ondermijning": True,
        "raakt_gemeentelijke_taak": True,
        "is_concreet": True,
        "is_recent": True,
        "uitkomst": WegingUitkomst.OPPLUSSEN,
        "toelichting": "Getoetst aan het CCV-modelprotocol.",
    }
    if extra.get("snel"):
        # Closed straight from the weging: "geen actie" or "doorverwezen".
        if extra.get("afsluitreden") == Afsluitreden.DOORVERWEZEN:
            weging.update(uitkomst=WegingUitkomst.DOORVERWIJZEN, doorverwezen_naar="Team Handhaving Vuurwerk (politie)")
        else:
            weging.update(uitkomst=WegingUitkomst.GEEN_ACTIE, is_ondermijning=False, is_concreet=False)
        with verhaal.op(gewogen, 11):
            weging_vastleggen(signaal=signaal, door=door, **weging)
        return
    with verhaal.op(gewogen, 11):
        weging_vastleggen(signaal=signaal, door=door, **weging)
    for nummer in range(1 + index % 3):
        bron, tekst, b_bron, b_info, grondslag = VERRIJKINGEN[(index + nummer) % len(VERRIJKINGEN)]
        with verhaal.op(gewogen + datetime.timedelta(days=2 + nummer), 10):
            verrijking_toevoegen(
                signaal=signaal,
                door=door,
                bron=bron,
                informatie=tekst.format(jaar=signaal.ontvangen_op.year - 1, doel="wonen"),
                datum=verhaal.dag,
                betrouwbaarheid_bron=b_bron,
                betrouwbaarheid_informatie=b_info,
                grondslag=grondslag,
            )
    if status == S.OPPLUSSEN:
        return

    # The overleg: the upcoming one for a signal that waits there, otherwise the first meeting held
    # after the enrichment.
    if status == S.OVERLEG and komend is not None and not extra.get("riec"):
        overleg = komend
    else:
        overleg = next((o for o in kandidaten if o.datum >= verhaal.dag + datetime.timedelta(days=3)), None)
    bibob = extra.get("bibob")
    if overleg is not None and bibob and overleg.datum > bibob[0]:
        # A permit application does not wait for the next meeting: the Bibob check starts before it.
        overleg = None
    punt = None
    if overleg is None:
        with verhaal.op(verhaal.dag + datetime.timedelta(days=2), 14):
            signaal_transitie(
                signaal=signaal, naar=S.OVERLEG, door=door, reden="Geagendeerd voor het lokaal ondermijningsoverleg."
            )
    else:
        gehouden = overleg.datum <= vandaag
        agenderen = max(verhaal.dag, overleg.datum - datetime.timedelta(days=5)) if gehouden else verhaal.dag
        with verhaal.op(agenderen, 14):
            punt = agendapunt_toevoegen(overleg=overleg, signaal=signaal, door=door)
            # Share every other item with the police: the demo user "politie" sees only those; half of
            # them on the RIEC covenant with the persons, the rest on the overleg arrangements without.
            if index % 2 == 0 and "Politie" in organisaties:
                met_personen = index % 4 == 0
                agendapunt_delen(
                    agendapunt=punt,
                    door=overleg.voorzitter or door,
                    organisaties=[organisaties["Politie"]],
                    grondslag=Grondslag.CONVENANT_RIEC if met_personen else Grondslag.LOKAAL_OVERLEG,
                    persoonsgegevens=met_personen,
                )
        if gehouden:
            besluit, notitie = _besluit(status, extra)
            with verhaal.op(overleg.datum, 11):
                agendapunt_besluit(
                    agendapunt=punt,
                    door=overleg.voorzitter or door,
                    besluit=besluit,
                    notitie=notitie,
                    afsluitreden=extra.get("afsluitreden", "") if besluit == Besluit.AFSLUITEN else "",
                )
    signaal.refresh_from_db()

    if extra.get("riec"):
        _riec(signaal=signaal, status=extra["riec"], door=door, verhaal=verhaal, organisaties=organisaties)
    elif extra.get("interventie"):
        _interventie(signaal=signaal, punt=punt, extra=extra, door=door, verhaal=verhaal)
    elif status == S.AFGESLOTEN and signaal.status != S.AFGESLOTEN:
        with verhaal.op(verhaal.dag + datetime.timedelta(days=6), 14):
            signaal_transitie(
                signaal=signaal,
                naar=S.AFGESLOTEN,
                door=door,
                reden="Afgesloten.",
                afsluitreden=extra.get("afsluitreden", Afsluitreden.OVERIG),
            )


def _riec(*, signaal, status, door, verhaal, organisaties):
    """The RIEC route: the form the decision drafted (or a new one), submitted, discussed, and on."""
    melding = signaal.riec_meldingen.exclude(status=RiecStatus.TERUGGELEGD).first()
    with verhaal.op(verhaal.dag, 15):
        if melding is None:
            melding = riec_melding_opstellen(
                signaal=signaal, door=door, vraag_aan_riec=RIEC_VRAAG, genomen_maatregelen=RIEC_MAATREGELEN
            )
        else:
            riec_melding_wijzig(
                melding=melding, door=door, vraag_aan_riec=RIEC_VRAAG, genomen_maatregelen=RIEC_MAATREGELEN
            )
    if status == RiecStatus.CONCEPT:
        return
    opgesteld = verhaal.dag
    with verhaal.op(opgesteld + datetime.timedelta(days=3), 10):
        riec_melding_status(melding=melding, door=door, naar=RiecStatus.INGEDIEND, datum=verhaal.dag)
    if status == RiecStatus.INGEDIEND:
        return
    with verhaal.op(opgesteld + datetime.timedelta(days=24), 10):
        riec_melding_status(
            melding=melding,
            door=door,
            naar=RiecStatus.BESPROKEN,
            datum=verhaal.dag,
            terugkoppeling="Besproken op het Infoplein; aanvullende informatie van politie en Belastingdienst.",
        )
    if status == RiecStatus.INTERVENTIE_DOOR:
        with verhaal.op(opgesteld + datetime.timedelta(days=25), 10):
            riec_melding_status(
                melding=melding,
                door=door,
                naar=RiecStatus.INTERVENTIE_DOOR,
                partner=organisaties.get("Belastingdienst") or organisaties.get("Politie"),
            )
    elif status == RiecStatus.TERUGGELEGD:
        # The RIEC hands the signal back: the service moves it back to status overleg.
        with verhaal.op(opgesteld + datetime.timedelta(days=30), 10):
            riec_melding_status(
                melding=melding,
                door=door,
                naar=RiecStatus.TERUGGELEGD,
                datum=verhaal.dag,
                terugkoppeling="Teruggelegd bij de gemeente: bestuurlijke aanpak ligt het meest voor de hand.",
            )


def _interventie(*, signaal, punt, extra, door, verhaal):
    """The intervention: the one the decision created, or started by the handler (a 13b measure at
    the step its ladder prescribes, a measure outside the fixed decisions, a Bibob check that could
    not wait for the meeting); then its course as far as the story goes."""
    soort = extra["interventie"]
    interventie = punt.interventies.filter(soort=soort).first() if punt is not None else None
    if interventie is None:
        bibob = extra.get("bibob")
        start = verhaal.dag + datetime.timedelta(days=6)
        if bibob:
            start = bibob[0] - datetime.timedelta(days=14)
        with verhaal.op(start, 10):
            adres = signaal.adressen.first() if soort in MAATREGELEN_13B else None
            interventie = interventie_start(
                signaal=signaal,
                door=door,
                soort=soort,
                gestart_op=verhaal.dag,
                omschrijving=INTERVENTIE_OMSCHRIJVING.get(soort, ""),
                adres=adres,
                soort_zaak=extra.get("soort_zaak", "") if soort in MAATREGELEN_13B else "",
            )
    gestart = interventie.gestart_op
    if soort == InterventieSoort.BIBOB:
        aangevraagd, uitkomst = extra["bibob"]
        with verhaal.op(aangevraagd, 15):
            interventie_bibob_advies_aanvragen(interventie=interventie, door=door, aangevraagd_op=verhaal.dag)
        if uitkomst != BibobUitkomst.GEEN_GEVAAR:
            with verhaal.op(aangevraagd + datetime.timedelta(weeks=7), 10):
                interventie_afronden(
                    interventie=interventie,
                    door=door,
                    afgerond_op=verhaal.dag,
                    uitkomst="Vergunning geweigerd op grond van het Bibob-advies.",
                    bibob_uitkomst=uitkomst,
                )
    elif soort in (InterventieSoort.STOP_GESPREK, InterventieSoort.WAARSCHUWING_13B, InterventieSoort.HELING_DOR):
        with verhaal.op(gestart + datetime.timedelta(days=21), 10):
            interventie_afronden(
                interventie=interventie,
                door=door,
                afgerond_op=verhaal.dag,
                uitkomst="Uitgevoerd; betrokkene is gewezen op de gevolgen bij herhaling.",
            )
    elif soort in SLUITINGEN:
        # The posters and the letter to the neighbours the day after the closure; the rest still open.
        volgorde = list(CommunicatieSoort.values)
        taken = sorted(interventie.communicatietaken.all(), key=lambda t: volgorde.index(t.soort))
        for taak in taken[:2]:
            with verhaal.op(gestart + datetime.timedelta(days=1), 10):
                communicatietaak_afronden(taak=taak, door=door, afgerond_op=verhaal.dag)


# The running Bibob term of the rolling story (ondermijning.demo): advice asked ten days ago.
LOPENDE_BIBOB = (
    "Duiven",
    "Snackbar vraagt exploitatievergunning aan",
    "Aanvraag exploitatievergunning voor een snackbar aan de Kloosterstraat; de aanvrager financiert de "
    "verbouwing met een lening van een onbekende buitenlandse vennootschap.",
    "intern_meldpunt",
    [F_WIT],
)


def _schuif_mee(gemeente, titel, ontvangen_op) -> None:
    """Move a recent signal's story to its new arrival date (the demo loaded again on a later day)."""
    signaal = Signaal.objects.filter(gemeente=gemeente, titel=titel).first()
    if signaal is None or signaal.ontvangen_op == ontvangen_op:
        return
    delta = ontvangen_op - signaal.ontvangen_op
    verschuif([signaal], delta)
    for verzameling in (
        signaal.statusovergangen,
        signaal.wegingen,
        signaal.verrijkingen,
        signaal.riec_meldingen,
        signaal.interventies,
    ):
        verschuif(verzameling.all(), delta)


def _lopende_bibob(vandaag, gemeenten, door, organisaties) -> None:
    """A Duiven signal in Interventie with a Bibob advice asked ten days ago, its term running."""
    naam, titel, omschrijving, bron, fnamen = LOPENDE_BIBOB
    ontvangen_op = vandaag - datetime.timedelta(days=49)
    _schuif_mee(gemeenten[naam], titel, ontvangen_op)
    signaal, aangemaakt = _signaal(
        gemeente=gemeenten[naam],
        titel=titel,
        velden=_signaal_velden(omschrijving, bron, ontvangen_op, 2, door, None),
        fenomenen=list(Fenomeen.objects.filter(naam__in=fnamen)),
        adressen=[],
        bedrijven=[],
        personen=[],
        door=door,
    )
    if aangemaakt:
        _geschiedenis(
            signaal=signaal,
            status=S.INTERVENTIE,
            extra={
                "interventie": InterventieSoort.BIBOB,
                "bibob": (vandaag - datetime.timedelta(days=10), BibobUitkomst.GEEN_GEVAAR),
            },
            door=door,
            kandidaten=[],
            komend=None,
            index=1,
            organisaties=organisaties,
            vandaag=vandaag,
        )
