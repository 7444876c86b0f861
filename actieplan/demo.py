"""Demo data of the actieplan app, reproducing the two source plans exactly.

- Duiven-Westervoort: *Uitvoeringsplan aanpak ondermijning 2024*, the five weerbaarheidsscan
  themes and the 21 actions of Bijlage 1 (timing, financing and costs as written there), EUR 5,000
  per municipality from the general safety budget, EUR 3,700 planned costs per municipality.
- BES: *Uitvoeringsplan ondermijning 2024-2025*, the five IVP goals and the quarter planning
  (Gezamenlijk and per municipality). The PDF text of that table is partly garbled; where a cell
  could not be read unambiguously the reading chosen is noted beside it.
- Fictitious spending through 2024 and the 2024 communication calendar.
- The year in public: the 2024 public editions of Duiven and Westervoort and the 2024 evaluation
  of the 21 actions (the four unfinished ones carried over), vastgesteld by the coordinator.
- The current year (the demo's today, see ondermijning.demo): when no seed plan covers it, a plan
  of that year for each partnership, derived from its seed plan (same themes, the actions of its
  first year, the same planned costs and budget), created once per year and keyed by its name;
  and communication items in the coming weeks, which move along with today while still planned.

Idempotent: everything is keyed on natural keys (plan name, theme/action number, municipality and
year, date and description) and updated, never duplicated. A status a user changed is kept.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from actieplan import publiek, services, vaststellen
from actieplan.models import (
    Actie,
    ActieStatus,
    Begroting,
    CommunicatieItem,
    CommunicatieStatus,
    CommunicatieType,
    Evaluatie,
    Financiering,
    Kanaal,
    Kostenpost,
    PubliekeEditie,
    PubliekProfiel,
    Thema,
    TimingSoort,
    Uitgave,
    UitgaveCategorie,
    Uitvoeringsplan,
)
from controles.models import Controle, ControleSoort, ControleStatus
from ondermijning import klok
from ondermijning.demo import demo_vandaag
from ondermijning.models import Gebruiker, Gemeente, Samenwerkingsverband
from signalen.models import SLUITINGEN, Interventie

D = datetime.date
SW = TimingSoort.IN_OVERLEG_SW
DOORLOPEND = TimingSoort.DOORLOPEND
ANDERS = TimingSoort.ANDERS
OOV = "Reguliere werkzaamheden Beleidsmedewerkers Openbare Orde en Veiligheid."
OOV_VTH = "Reguliere werkzaamheden Beleidsmedewerkers Openbare Orde en Veiligheid en VTH."
OOV_TH = "Reguliere werkzaamheden Beleidsmedewerkers Openbare Orde en Veiligheid en Toezicht en Handhaving."
VANUIT_SW = "Vanuit Samen Weerbaar"

DW_NAAM = "Uitvoeringsplan aanpak ondermijning 2024 Duiven en Westervoort"
DW_THEMAS = {
    1: "Bewustwording en organisatie",
    2: "Informatiepositie",
    3: "Beleid en handhaving",
    4: "Integere en veilige werkomgeving",
    5: "Communicatie",
}

# nummer: (thema, omschrijving, timing soort, timing toelichting, financiering, toelichting financiering,
#          kosten per gemeente {categorie: bedrag}, status at the end of 2024)
DW_ACTIES = {
    1: (1, "Bewustwordingsbijeenkomst mensenhandel intern en extern", SW, "", Financiering.SAMEN_WEERBAAR,
        VANUIT_SW, {}, ActieStatus.AFGEROND),
    2: (1, "Organiseren van weerbaarheidsdagen aanpak van ondermijnende criminaliteit (drugs) in samenwerking "
           "met PVO (Platform Veilig Ondernemen)", SW, "", Financiering.SAMEN_WEERBAAR, VANUIT_SW, {},
        ActieStatus.AFGEROND),
    3: (1, "Themadag drugs + witwassen", SW, "", Financiering.SAMEN_WEERBAAR, VANUIT_SW, {}, ActieStatus.AFGEROND),
    4: (1, "Bewustwordingsbijeenkomst zorgfraude", SW, "", Financiering.SAMEN_WEERBAAR, VANUIT_SW, {},
        ActieStatus.DOORGESCHOVEN),
    5: (2, "Voorlichting geven over het interne meldpunt ondermijning", DOORLOPEND, "", Financiering.REGULIER, OOV,
        {}, ActieStatus.AFGEROND),
    6: (2, "Uitvoering aanpak ondermijning via ondermijningsoverleggen (praktisch, basisteam, het Infoplein en "
           "mensenhandeloverleg RIEC)", DOORLOPEND, "", Financiering.REGULIER, OOV, {}, ActieStatus.AFGEROND),
    7: (2, "Project Theseus", ANDERS, "2023-2024", Financiering.REGULIER, OOV, {}, ActieStatus.AFGEROND),
    8: (2, "Integrale controles (gemeente, politie, ODRA) 6-wekelijks", DOORLOPEND, "", Financiering.BUDGET,
        "Extra kosten door inzet ODRA à 1.000 euro per gemeente", {UitgaveCategorie.ODRA: "1000.00"},
        ActieStatus.AFGEROND),
    9: (2, "Controle DOR", DOORLOPEND, "", Financiering.REGULIER, OOV_VTH, {}, ActieStatus.AFGEROND),
    10: (2, "Actieweek thematisch", SW, "", Financiering.REGULIER, OOV, {}, ActieStatus.AFGEROND),
    11: (3, "Uitvoering Wet Bibob en het voeren van ‘STOP-gesprekken’.", DOORLOPEND, "", Financiering.BUDGET,
         OOV + " Het gebruik van het Handelsregister van de KVK + KVK natuurlijke personen en het laten uitvoeren "
         "van onderzoek door het Landelijk bureau Bibob kosten geld. Kosten KVK € 500,00 per jaar per gemeente. "
         "Onderzoek landelijk bureau: € 700,00 per onderzoek.",
         {UitgaveCategorie.KVK: "500.00", UitgaveCategorie.BIBOB: "700.00"}, ActieStatus.AFGEROND),
    12: (3, "Het actualiseren van het Bibob-beleid", ANDERS, "Afhankelijk van project Phoenix van de Provincie",
         Financiering.REGULIER, OOV, {}, ActieStatus.DOORGESCHOVEN),
    13: (3, "Uitvoering van het Damoclesbeleid", DOORLOPEND, "", Financiering.REGULIER, OOV_TH, {},
         ActieStatus.AFGEROND),
    14: (3, "Het actualiseren van het Damoclesbeleid. Samen Weerbaar komt met format.", SW, "",
         Financiering.REGULIER, OOV, {}, ActieStatus.LOPEND),
    15: (3, "Uitvoering helingbeleid", DOORLOPEND, "", Financiering.REGULIER, OOV_TH, {}, ActieStatus.AFGEROND),
    16: (4, "Het meer onder de aandacht brengen van het thema integriteit (Samen Weerbaar)", SW, "",
         Financiering.SAMEN_WEERBAAR, VANUIT_SW, {}, ActieStatus.LOPEND),
    17: (5, "Communicatie toolkit mensenhandel (t.b.v. inwoners)", SW, "", Financiering.SAMEN_WEERBAAR, VANUIT_SW,
         {}, ActieStatus.AFGEROND),
    18: (5, "Voorlichtingscampagne MMA/Synthetische drugs", SW, "", Financiering.SAMEN_WEERBAAR, VANUIT_SW, {},
         ActieStatus.AFGEROND),
    19: (5, "Voorlichting aan inwoners over (de aanpak van) ondermijning bijvoorbeeld tijdens evenementen als "
            "Westervoort in Beweging en Duuve te Gek.", TimingSoort.KWARTAAL, "Q3 2024", Financiering.BUDGET,
         OOV + " Kosten deelname evenementen: € 1.500,00 gemeente Duiven en € 1.500,00 gemeente Westervoort",
         {UitgaveCategorie.EVENEMENT: "1500.00"}, ActieStatus.AFGEROND),
    20: (5, "Voorlichting geven over mensenhandel, drugs/witwassen en zorgfraude via de Duivenpost en "
            "Westervoortpost en via sociale media.", ANDERS, "Paar keer per jaar conform communicatiekalender OOV",
         Financiering.REGULIER, OOV, {}, ActieStatus.AFGEROND),
    21: (5, "Communicatie rondom sluiting drugspand: posters op het pand hangen, bewonersbrief voor omwonenden, "
            "persbericht", ANDERS, "Na elke sluiting", Financiering.REGULIER, OOV, {}, ActieStatus.AFGEROND),
}  # fmt: skip

DW_BEGROTING = Decimal("5000.00")
DW_BRON = "Algemeen veiligheidsbudget"

BES_NAAM = "Uitvoeringsplan ondermijning 2024-2025 BES-gemeenten"
BES_GEMEENTEN = ["Baarn", "Bunschoten", "De Bilt", "Eemnes", "Soest"]
BES_THEMAS = {
    1: "Vergrote meldingsbereidheid bij inwoners, bedrijven en organisaties",
    2: "Een sterke informatiepositie van de eigen organisatie en ketenpartners",
    3: "Een weerbaar bestuur en organisatie",
    4: "Eenduidig en BES-breed beleid",
    5: "Gerichte aanpak van drugshandel en -productie, met een focus op jonge aanwas",
}
BES_TOELICHTING = (
    "Het opstellen van dit UVP is gedaan door vijf gemeenten, in samenwerking met het basisteam van de politie.\n"
    "*Veiligheidsdag gemeente Baarn, Eemnes en de Bilt worden nog gepland.\n"
    "**De invulling van activiteiten voor 2025 wordt nog nader vormgegeven."
)
# (gemeente or None for "Gezamenlijk", kwartaal, thema, omschrijving), in the order of the table.
BES_PLANNING = [
    (None, "Q1 2024", 4, "Inventarisatie OOV-beleidsstukken"),
    (None, "Q1 2024", 1, "Communicatieplan Ondermijning"),
    (None, "Q1 2024", 4, "Opzet Implementatie 1e en 2e tranche Bibob"),
    (None, "Q2 2024", 1, "Week tegen de ondermijning"),
    (None, "Q2 2024", 3, "Afstemming invoering VOG P met HRM"),
    (None, "Q2 2024", 4, "Uitvoeringsprogramma Mensenhandel"),
    (None, "Q2 2024", 2, "Het voortzetten van het periodiek overleg van lokale ondermijningsoverleggen"),
    (None, "Q4 2024", 3, "Trainingen weerbaarheid"),
    (None, "Q2 2025", 1, "Week tegen de ondermijning"),
    ("Baarn", "Q2 2024", 5, "Voorlichtingsactiviteit jonge aanwas"),
    ("Baarn", "Q2 2024", 3, "Trainingen weerbaarheid College en gemeenteraad"),
    ("Baarn", "Q3 2024", 1, "Bijeenkomst vastgoedsector"),
    ("Baarn", "Q4 2024", 1, "Bijeenkomst ondernemers"),
    ("Baarn", "Q4 2025", 1, "Bijeenkomst ondernemers"),  # last column read as Q4 2025 (yearly, like 2024)
    ("Bunschoten", "Q2 2024", 5, "Voorlichtingsactiviteit jonge aanwas"),
    ("Bunschoten", "Q2 2024", 1, "Veiligheidsdag"),
    ("Bunschoten", "Q3 2024", 1, "Bijeenkomst ondernemers"),
    # The Eemnes and Soest rows are interleaved in the PDF text; read as follows.
    ("Eemnes", "Q2 2024", 1, "Bijeenkomst ondernemers"),
    ("Soest", "Q2 2024", 5, "Voorlichtingsactiviteit jonge aanwas"),
    ("Soest", "Q3 2024", 1, "Veiligheidsdag"),
    ("Soest", "Q4 2024", 1, "Bijeenkomst ondernemers"),
]

# Fictitious spending through 2024 (gemeente, datum, bedrag, categorie, actie nummer, omschrijving).
DW_UITGAVEN = [
    ("Duiven", D(2024, 1, 15), "500.00", UitgaveCategorie.KVK, 11, "Abonnement KVK Handelsregister 2024"),
    ("Westervoort", D(2024, 1, 15), "500.00", UitgaveCategorie.KVK, 11, "Abonnement KVK Handelsregister 2024"),
    ("Duiven", D(2024, 2, 20), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle februari"),
    ("Westervoort", D(2024, 3, 26), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle maart"),
    ("Duiven", D(2024, 5, 7), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle mei"),
    ("Westervoort", D(2024, 6, 18), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle juni"),
    ("Duiven", D(2024, 8, 27), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle augustus"),
    ("Westervoort", D(2024, 10, 8), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle oktober"),
    ("Duiven", D(2024, 11, 19), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle november"),
    ("Westervoort", D(2024, 12, 3), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA integrale controle december"),
    ("Westervoort", D(2024, 12, 17), "250.00", UitgaveCategorie.ODRA, 8, "Inzet ODRA extra controle actieweek"),
    ("Duiven", D(2024, 4, 10), "700.00", UitgaveCategorie.BIBOB, 11, "Advies Landelijk Bureau Bibob (horeca)"),
    ("Westervoort", D(2024, 3, 12), "700.00", UitgaveCategorie.BIBOB, 11, "Advies Landelijk Bureau Bibob (horeca)"),
    ("Westervoort", D(2024, 9, 24), "700.00", UitgaveCategorie.BIBOB, 11, "Advies Landelijk Bureau Bibob (vastgoed)"),
    ("Westervoort", D(2024, 9, 7), "1620.00", UitgaveCategorie.EVENEMENT, 19, "Stand Westervoort in Beweging"),
    ("Duiven", D(2024, 9, 14), "1385.50", UitgaveCategorie.EVENEMENT, 19, "Stand en materialen Duuve te Gek"),
    ("Duiven", D(2024, 6, 4), "86.40", UitgaveCategorie.OVERIG, 21, "Posters en bewonersbrieven sluiting drugspand"),
]  # fmt: skip

# (datum, datum_eind, onderwerp, kanaal, type, thema, gemeenten, actie nummer, status)
BEIDE = ["Duiven", "Westervoort"]
DW_COMMUNICATIE = [
    (D(2024, 2, 15), None, "Artikel mensenhandel: signalen herkennen en melden", Kanaal.DUIVENPOST_WESTERVOORTPOST,
     CommunicatieType.ALGEMEEN, "Mensenhandel", BEIDE, 20),
    (D(2024, 2, 15), None, "Posts mensenhandel: signalen herkennen en melden", Kanaal.SOCIALE_MEDIA,
     CommunicatieType.ALGEMEEN, "Mensenhandel", BEIDE, 20),
    (D(2024, 3, 4), D(2024, 3, 31), "Campagne Meld Misdaad Anoniem: gevaren van synthetische drugs",
     Kanaal.SOCIALE_MEDIA, CommunicatieType.ALGEMEEN, "Drugs", BEIDE, 18),
    (D(2024, 3, 7), None, "Artikel MMA-campagne synthetische drugs", Kanaal.DUIVENPOST_WESTERVOORTPOST,
     CommunicatieType.ALGEMEEN, "Drugs", BEIDE, 18),
    (D(2024, 5, 16), None, "Artikel drugs en witwassen: wat doet de gemeente?", Kanaal.DUIVENPOST_WESTERVOORTPOST,
     CommunicatieType.ALGEMEEN, "Drugs / witwassen", BEIDE, 20),
    (D(2024, 6, 4), None, "Persbericht sluiting drugspand", Kanaal.LOKALE_KRANT, CommunicatieType.ALGEMEEN,
     "Drugs", ["Duiven"], 21),
    (D(2024, 6, 4), None, "Posters op het gesloten drugspand", Kanaal.POSTERS, CommunicatieType.DOELGROEP,
     "Drugs", ["Duiven"], 21),
    (D(2024, 6, 4), None, "Bewonersbrief omwonenden sluiting drugspand", Kanaal.BRIEF, CommunicatieType.DOELGROEP,
     "Drugs", ["Duiven"], 21),
    (D(2024, 9, 7), None, "Voorlichting ondermijning op Westervoort in Beweging", Kanaal.EVENEMENT,
     CommunicatieType.DOELGROEP, "Ondermijning algemeen", ["Westervoort"], 19),
    (D(2024, 9, 14), None, "Voorlichting ondermijning op Duuve te Gek", Kanaal.EVENEMENT,
     CommunicatieType.DOELGROEP, "Ondermijning algemeen", ["Duiven"], 19),
    (D(2024, 10, 17), None, "Artikel zorgfraude: pgb zonder zorg", Kanaal.DUIVENPOST_WESTERVOORTPOST,
     CommunicatieType.ALGEMEEN, "Zorgfraude", BEIDE, 20),
    (D(2024, 10, 18), None, "Toolkit mensenhandel voor inwoners op de website (EU-dag tegen mensenhandel)",
     Kanaal.WEBSITE, CommunicatieType.ALGEMEEN, "Mensenhandel", BEIDE, 17),
    (D(2024, 11, 12), None, "Persbericht sluiting drugspand", Kanaal.LOKALE_KRANT, CommunicatieType.ALGEMEEN,
     "Drugs", ["Westervoort"], 21),
    (D(2024, 11, 12), None, "Posters op het gesloten drugspand", Kanaal.POSTERS, CommunicatieType.DOELGROEP,
     "Drugs", ["Westervoort"], 21),
    (D(2024, 11, 12), None, "Bewonersbrief omwonenden sluiting drugspand", Kanaal.BRIEF, CommunicatieType.DOELGROEP,
     "Drugs", ["Westervoort"], 21),
    (D(2024, 12, 19), None, "Infographic jaaroverzicht ondermijning 2024", Kanaal.WEBSITE, CommunicatieType.ALGEMEEN,
     "Ondermijning algemeen", BEIDE, None),
]  # fmt: skip
BES_COMMUNICATIE = [
    (D(2024, 5, 13), D(2024, 5, 17), "Week tegen de ondermijning: integrale controles en congres",
     Kanaal.SOCIALE_MEDIA, CommunicatieType.ALGEMEEN, "Ondermijning algemeen", ["Baarn", "Eemnes", "Soest"]),
    (D(2024, 3, 18), None, "Meld Misdaad Anoniem: waar kunt u melden?", Kanaal.WEBSITE, CommunicatieType.ALGEMEEN,
     "Meldingsbereidheid", ["Baarn", "Bunschoten", "De Bilt", "Eemnes", "Soest"]),
]  # fmt: skip


def _plan(naam, start, eind, gemeenten, verband, toelichting=""):
    plan, _ = Uitvoeringsplan.objects.update_or_create(
        naam=naam,
        defaults={
            "periode_start": start,
            "periode_eind": eind,
            "samenwerkingsverband": verband,
            "toelichting": toelichting,
        },
    )
    plan.gemeenten.set(gemeenten)
    return plan


def _themas(plan, themas):
    return {
        nummer: Thema.objects.update_or_create(plan=plan, nummer=nummer, defaults={"naam": naam})[0]
        for nummer, naam in themas.items()
    }


def laad(stdout=None, vandaag=None) -> None:
    """Create or update both plans, the 2024 budgets and spending, and the communication calendar."""
    vandaag = demo_vandaag(vandaag)
    gemeenten = {g.naam: g for g in Gemeente.objects.all()}
    verbanden = {v.naam: v for v in Samenwerkingsverband.objects.all()}
    duiven, westervoort = gemeenten["Duiven"], gemeenten["Westervoort"]
    coordinator = Gebruiker.objects.filter(username="coordinator").first()
    bes_door = Gebruiker.objects.filter(username="baarn").first()

    dw = _plan(
        DW_NAAM,
        D(2024, 1, 1),
        D(2024, 12, 31),
        [duiven, westervoort],
        verbanden.get("Duiven-Westervoort (1Stroom)"),
        "Gemeenten Duiven en Westervoort (1Stroom), district Gelderland-Midden, programma Samen Weerbaar.",
    )
    dw_themas = _themas(dw, DW_THEMAS)
    dw_acties = {}
    for nummer, (thema, tekst, soort, wanneer, fin, fin_tekst, kosten, status) in DW_ACTIES.items():
        actie, aangemaakt = Actie.objects.update_or_create(
            plan=dw,
            nummer=nummer,
            defaults={
                "thema": dw_themas[thema],
                "omschrijving": tekst,
                "timing_soort": soort,
                "kwartaal": wanneer if soort == TimingSoort.KWARTAAL else "",
                "timing_toelichting": wanneer if soort == TimingSoort.ANDERS else "",
                "financiering": fin,
                "financiering_toelichting": fin_tekst,
            },
        )
        if aangemaakt:
            actie = _status_in_verhaal(actie, status, datum=D(2024, 12, 16), door=coordinator)
        dw_acties[nummer] = actie
        for gemeente in (duiven, westervoort):
            for categorie, bedrag in kosten.items():
                Kostenpost.objects.update_or_create(
                    actie=actie, gemeente=gemeente, jaar=2024, categorie=categorie, defaults={"bedrag": Decimal(bedrag)}
                )
    for gemeente in (duiven, westervoort):
        Begroting.objects.update_or_create(
            gemeente=gemeente, jaar=2024, defaults={"beschikbaar": DW_BEGROTING, "bron": DW_BRON}
        )
    for naam, datum, bedrag, categorie, nummer, omschrijving in DW_UITGAVEN:
        if categorie in (UitgaveCategorie.BIBOB, UitgaveCategorie.ODRA):
            # The signalen and controles demos asked this advice or carried out this control through
            # their services, which booked the cost themselves (domain events): that booking is this
            # line; it only gets the plan's action.
            geboekt = (
                Uitgave.objects.filter(gemeente=gemeenten[naam], datum=datum, categorie=categorie)
                .filter(Q(interventie__isnull=False) | Q(controle__isnull=False))
                .first()
            )
            if geboekt is not None:
                if geboekt.actie_id != dw_acties[nummer].pk:
                    geboekt.actie = dw_acties[nummer]
                    geboekt.save(update_fields=["actie"])
                continue
        Uitgave.objects.update_or_create(
            gemeente=gemeenten[naam],
            datum=datum,
            omschrijving=omschrijving,
            defaults={"bedrag": Decimal(bedrag), "categorie": categorie, "actie": dw_acties[nummer]},
        )

    huidig = _plan_van_dit_jaar(dw, DW_NAAM.replace("2024", str(vandaag.year)), vandaag)
    _koppel_automatische_boekingen()
    _koppel_controles(dw_acties, [duiven, westervoort])
    if huidig is not None:
        _koppel_controles(
            {a.nummer: a for a in huidig.acties.filter(nummer__in=[8, 9, 10])}, [duiven, westervoort], vandaag.year
        )

    bes = _plan(
        BES_NAAM,
        D(2024, 1, 1),
        D(2025, 12, 31),
        [gemeenten[g] for g in BES_GEMEENTEN],
        verbanden.get("BES"),
        BES_TOELICHTING,
    )
    bes_themas = _themas(bes, BES_THEMAS)
    for nummer, (gemeente, kwartaal, thema, tekst) in enumerate(BES_PLANNING, start=1):
        actie, aangemaakt = Actie.objects.update_or_create(
            plan=bes,
            nummer=nummer,
            defaults={
                "thema": bes_themas[thema],
                "omschrijving": tekst,
                "timing_soort": TimingSoort.KWARTAAL,
                "kwartaal": kwartaal,
                "financiering": Financiering.REGULIER,
            },
        )
        if aangemaakt and kwartaal.endswith("2024") and kwartaal != "Q4 2024":
            actie = _status_in_verhaal(actie, ActieStatus.AFGEROND, datum=_kwartaal_eind(kwartaal), door=bes_door)
        actie.gemeenten.set([gemeenten[gemeente]] if gemeente else [])

    for datum, eind, onderwerp, kanaal, type_, thema, namen, nummer in DW_COMMUNICATIE:
        _communicatie(datum, eind, onderwerp, kanaal, type_, thema, [gemeenten[n] for n in namen],
                      dw_acties.get(nummer))  # fmt: skip
    for datum, eind, onderwerp, kanaal, type_, thema, namen in BES_COMMUNICATIE:
        _communicatie(datum, eind, onderwerp, kanaal, type_, thema, [gemeenten[n] for n in namen], None)

    _communicatie_na_sluitingen(dw_acties[21])
    _plan_van_dit_jaar(bes, f"Uitvoeringsplan ondermijning {vandaag.year} BES-gemeenten", vandaag)
    _communicatie_komende_weken(vandaag, gemeenten, huidig)
    _jaar_in_publiek(dw, huidig, gemeenten)

    if stdout:
        stdout.write(
            f"Actieplan: {dw.acties.count()} acties Duiven-Westervoort 2024, {bes.acties.count()} acties BES "
            f"2024-2025, {Uitgave.objects.count()} uitgaven, {CommunicatieItem.objects.count()} communicatie-items."
        )


def _koppel_automatische_boekingen() -> None:
    """Tie the fictitious ODRA and Bibob lines to the demo controls and interventions of the same
    municipality and date, and book (through the services, once) those that have no line yet."""
    # The running Bibob advice of the demo moves along with today (ondermijning.demo); so does its booking.
    # A booking made before this year's plan existed (the signalen demo loads first) gets its action here.
    for interventie in Interventie.objects.bibob_adviezen().filter(uitgave__isnull=False).select_related("uitgave"):
        uitgave = interventie.uitgave
        if uitgave.datum != interventie.advies_aangevraagd_op or uitgave.actie_id is None:
            uitgave.datum = interventie.advies_aangevraagd_op
            uitgave.actie = services._actie_voor(uitgave.gemeente_id, uitgave.datum, UitgaveCategorie.BIBOB)
            uitgave.save(update_fields=["datum", "actie"])

    for uitgave in Uitgave.objects.filter(controle__isnull=False, actie=None):
        uitgave.actie = services._actie_voor(uitgave.gemeente_id, uitgave.datum, UitgaveCategorie.ODRA)
        if uitgave.actie is not None:
            uitgave.save(update_fields=["actie"])

    controles = Controle.objects.filter(
        kosten__gt=0, status__in=[ControleStatus.UITGEVOERD, ControleStatus.AFGEROND], uitgave__isnull=True
    )
    for controle in controles:
        regel = Uitgave.objects.filter(
            gemeente_id=controle.gemeente_id, datum=controle.datum, categorie=UitgaveCategorie.ODRA, controle=None
        ).first()
        if regel:
            regel.controle = controle
            regel.save(update_fields=["controle"])
        else:
            services.uitgave_boek_odra_controle(controle=controle, door=None)
    for interventie in Interventie.objects.bibob_adviezen().filter(uitgave__isnull=True).select_related("signaal"):
        regel = Uitgave.objects.filter(
            gemeente_id=interventie.signaal.gemeente_id,
            datum=interventie.advies_aangevraagd_op,
            categorie=UitgaveCategorie.BIBOB,
            interventie=None,
        ).first()
        if regel:
            regel.interventie = interventie
            regel.save(update_fields=["interventie"])
        else:
            services.uitgave_boek_bibob_advies(interventie=interventie, door=None)


def _koppel_controles(acties, gemeenten, jaar=2024) -> None:
    """Actions 8 (integrated), 9 (DOR) and 10 (actieweek) are carried out by the demo controls of their year."""
    controles = Controle.objects.filter(gemeente__in=gemeenten, datum__year=jaar)
    for nummer, soort in ((8, ControleSoort.INTEGRALE_CONTROLE), (9, ControleSoort.DOR_CONTROLE),
                          (10, ControleSoort.ACTIEWEEK)):  # fmt: skip
        acties[nummer].controles.set(controles.filter(soort=soort))


def _communicatie_na_sluitingen(actie) -> None:
    """Action 21: posters, a letter to the neighbours and a press release after every closure."""
    # Closures in both municipalities on one day share their items (one item, both municipalities).
    per_dag: dict = {}
    for interventie in Interventie.objects.filter(soort__in=SLUITINGEN).select_related("signaal__gemeente"):
        gemeente = interventie.signaal.gemeente
        if gemeente.naam in BEIDE:
            per_dag.setdefault(interventie.gestart_op, set()).add(gemeente)
    for datum, gemeenten in sorted(per_dag.items()):
        for onderwerp, kanaal, type_ in (
            ("Persbericht sluiting drugspand", Kanaal.LOKALE_KRANT, CommunicatieType.ALGEMEEN),
            ("Posters op het gesloten drugspand", Kanaal.POSTERS, CommunicatieType.DOELGROEP),
            ("Bewonersbrief omwonenden sluiting drugspand", Kanaal.BRIEF, CommunicatieType.DOELGROEP),
        ):
            _communicatie(datum, None, onderwerp, kanaal, type_, "Drugs", sorted(gemeenten, key=str), actie)


def _communicatie(datum, eind, onderwerp, kanaal, type_, thema, gemeenten, actie):
    item, _ = CommunicatieItem.objects.update_or_create(
        datum=datum,
        onderwerp=onderwerp,
        kanaal=kanaal,
        defaults={
            "datum_eind": eind,
            "type": type_,
            "thema": thema,
            "actie": actie,
            "status": CommunicatieStatus.GEPUBLICEERD,
        },
    )
    item.gemeenten.set(gemeenten)


def _status_in_verhaal(actie, status, *, datum, door):
    """A new action's status as the story reached it: one step through the service (checked against
    the workflow, with its history row) at `datum` in the story's time."""
    if actie.status == status or door is None:
        return actie
    with klok.op(timezone.make_aware(datetime.datetime.combine(datum, datetime.time(16, 0)))):
        return services.actie_zet_status(actie=actie, status=status, door=door, reden="Stand van het uitvoeringsplan.")


def _kwartaal_eind(kwartaal: str) -> datetime.date:
    """The last working day of a quarter like 'Q2 2024' (the step is recorded at the quarter's review)."""
    q, jaar = kwartaal.split()
    eind = D(int(jaar), int(q[1]) * 3, 1) + datetime.timedelta(days=31)
    eind = eind.replace(day=1) - datetime.timedelta(days=1)
    while eind.weekday() >= 5:
        eind -= datetime.timedelta(days=1)
    return eind


def _plan_van_dit_jaar(bron, naam, vandaag):
    """The plan of today's year, derived from the seed plan `bron` once (keyed by its name): the same
    themes, municipalities and budget, the actions of the seed's first year (continuous actions
    running, dated ones planned), and their planned costs. None when a seed plan covers today."""
    if bron.periode_start <= vandaag <= bron.periode_eind:
        return None
    jaar, bronjaar = vandaag.year, bron.periode_start.year
    plan = _plan(
        naam,
        D(jaar, 1, 1),
        D(jaar, 12, 31),
        list(bron.gemeenten.all()),
        bron.samenwerkingsverband,
        f"Voortzetting van het {bron.naam}.",
    )
    if plan.gebaseerd_op_id != bron.pk:
        plan.gebaseerd_op = bron
        plan.save(update_fields=["gebaseerd_op"])
    themas = _themas(plan, dict(bron.themas.values_list("nummer", "naam")))
    gemeentenamen = {g.naam for g in bron.gemeenten.all()}
    bronacties = bron.acties.select_related("thema").prefetch_related("gemeenten", "kostenposten").order_by("nummer")
    nummer = 0
    for oud in bronacties:
        if oud.timing_soort == TimingSoort.KWARTAAL and not oud.kwartaal.endswith(str(bronjaar)):
            continue  # a later year of a multi-year seed plan
        nummer += 1
        kwartaal = oud.kwartaal.replace(str(bronjaar), str(jaar)) if oud.kwartaal else ""
        actie, aangemaakt = Actie.objects.update_or_create(
            plan=plan,
            nummer=nummer,
            defaults={
                "thema": themas[oud.thema.nummer],
                "omschrijving": oud.omschrijving,
                "timing_soort": oud.timing_soort,
                "kwartaal": kwartaal,
                "timing_toelichting": str(jaar) if oud.timing_toelichting == "2023-2024" else oud.timing_toelichting,
                "financiering": oud.financiering,
                "financiering_toelichting": oud.financiering_toelichting,
            },
        )
        if aangemaakt and oud.timing_soort == TimingSoort.DOORLOPEND:
            door = Gebruiker.objects.filter(username="coordinator" if "Duiven" in gemeentenamen else "baarn").first()
            actie = _status_in_verhaal(actie, ActieStatus.LOPEND, datum=min(D(jaar, 1, 2), vandaag), door=door)
        actie.gemeenten.set(oud.gemeenten.all())
        for post in oud.kostenposten.all():
            if post.jaar == bronjaar:
                Kostenpost.objects.update_or_create(
                    actie=actie,
                    gemeente_id=post.gemeente_id,
                    jaar=jaar,
                    categorie=post.categorie,
                    defaults={"bedrag": post.bedrag},
                )
    for begroting in Begroting.objects.filter(jaar=bronjaar, gemeente__in=bron.gemeenten.all()):
        Begroting.objects.update_or_create(
            gemeente_id=begroting.gemeente_id,
            jaar=jaar,
            defaults={"beschikbaar": begroting.beschikbaar, "bron": begroting.bron},
        )
    return plan


# Planned communication of the coming weeks: (days from today, onderwerp, kanaal, type, thema, gemeenten, actie).
KOMENDE_WEKEN = [
    (5, "Artikel: zo herkent u een drugspand in de wijk", Kanaal.DUIVENPOST_WESTERVOORTPOST,
     CommunicatieType.ALGEMEEN, "Drugs", BEIDE, 20),
    (12, "Posts: ondermijning melden bij Meld Misdaad Anoniem", Kanaal.SOCIALE_MEDIA, CommunicatieType.ALGEMEEN,
     "Meldingsbereidheid", BEIDE, 20),
    (9, "Nieuwsbericht: uw signaal over ondermijning telt", Kanaal.WEBSITE, CommunicatieType.ALGEMEEN,
     "Meldingsbereidheid", BES_GEMEENTEN, None),
]  # fmt: skip


def _communicatie_komende_weken(vandaag, gemeenten, plan) -> None:
    """Items of the coming weeks (the rolling story of ondermijning.demo): a planned item moves
    along with today; one a user has taken further stays, and a fresh planned one takes its place."""
    acties = {a.nummer: a for a in plan.acties.all()} if plan is not None else {}
    for dagen, onderwerp, kanaal, type_, thema, namen, nummer in KOMENDE_WEKEN:
        item = (
            CommunicatieItem.objects.filter(onderwerp=onderwerp, kanaal=kanaal, status=CommunicatieStatus.GEPLAND)
            .order_by("-datum", "-pk")
            .first()
        ) or CommunicatieItem(onderwerp=onderwerp, kanaal=kanaal, status=CommunicatieStatus.GEPLAND)
        item.datum = vandaag + datetime.timedelta(days=dagen)
        item.type, item.thema, item.actie = type_, thema, acties.get(nummer)
        item.save()
        item.gemeenten.set([gemeenten[n] for n in namen if n in gemeenten])


# --- the year in public and the 2024 evaluation ----------------------------------------------

PUBLIEK = {
    "Duiven": (
        "www.duiven.nl/melden",
        "Samen houden we Duiven veilig",
        "Criminelen gebruiken soms gewone bedrijven, woningen en vergunningen voor hun zaken. In 2024 "
        "controleerden gemeente, politie en ODRA samen, sloten we drugspanden en spraken we inwoners en "
        "ondernemers aan op markten en evenementen. Uw melding helpt ons daarbij.",
    ),
    "Westervoort": (
        "www.westervoort.nl/melden",
        "Samen houden we Westervoort veilig",
        "Ondermijning zie je niet altijd, maar het gebeurt ook in Westervoort. In 2024 keken we scherper naar "
        "vergunningaanvragen, controleerden we bedrijven samen met politie en ODRA en vertelden we op "
        "Westervoort in Beweging hoe u signalen herkent. Ziet u iets? Meld het.",
    ),
}

# nummer: (resultaat, effect, les, door naar volgend plan). The four unfinished actions carry over.
DW_EVALUATIE = {
    1: ("gereed", "Twee bijeenkomsten mensenhandel, 85 deelnemers van gemeente en partners.",
        "Extern publiek bereik je beter via de zorgpartners dan via een open uitnodiging.", False),
    2: ("gereed", "Weerbaarheidsdag met PVO: 40 ondernemers op bedrijventerrein Nieuwgraaf.",
        "Ondernemers willen concrete voorbeelden uit de eigen gemeente.", False),
    3: ("gereed", "Themadag drugs en witwassen voor medewerkers Publiekszaken en VTH.",
        "Herhalen voor nieuwe medewerkers; opnemen in het inwerkprogramma.", False),
    4: ("niet", "Niet gehouden: Samen Weerbaar had de bijeenkomst zorgfraude nog niet beschikbaar.",
        "Eerder afspraken maken over de planning met Samen Weerbaar.", True),
    5: ("doorlopend", "Meldpunt bekendgemaakt op intranet en in teamoverleggen; meer interne meldingen.",
        "Terugkoppeling aan de melder houdt het meldpunt levend.", False),
    6: ("doorlopend", "Overleggen elke maand gehouden; signalen sneller gewogen.",
        "Een vaste agenda met actiepunten scheelt tijd.", False),
    7: ("gereed", "Alle bedrijven op de terreinen gelabeld; witte en rode panden gecontroleerd.",
        "Labels jaarlijks bijwerken, anders verouderen ze snel.", False),
    8: ("gereed", "Integrale controles elke zes weken met politie en ODRA gehouden.",
        "ODRA-kosten per controle vooraf afspreken; Westervoort ging over het budget.", False),
    9: ("doorlopend", "DOR-controles bij opkopers uitgevoerd; registratie verbeterd.",
        "Combineren met de integrale controles bespaart inzet.", False),
    10: ("gereed", "Actieweek in december met thema automotive en garageboxen.",
         "Aankondiging achteraf werkt preventief; vooraf niet communiceren.", False),
    11: ("doorlopend", "Bibob-toetsen bij horeca en vastgoed; drie adviezen van het Landelijk Bureau.",
         "STOP-gesprekken vaker inzetten vóór een Bibob-procedure.", False),
    12: ("niet", "Wacht op project Phoenix van de Provincie.",
         "Actualisatie pas starten als het provinciale model er is.", True),
    13: ("doorlopend", "Damoclesbeleid toegepast; sluitingen met voornemen en zienswijze.",
         "Bestuurlijke rapportage van de politie sneller opvragen.", False),
    14: ("deels", "Format van Samen Weerbaar ontvangen; concept nog niet vastgesteld.",
         "Ladder per soort zaak afstemmen met Westervoort.", True),
    15: ("doorlopend", "Helingbeleid uitgevoerd met DOR-controles.",
         "Opkopers beter informeren over de registratieplicht.", False),
    16: ("deels", "Integriteit besproken in twee teams; organisatiebrede aanpak loopt nog.",
         "Aansluiten bij de integriteitsweek van HRM.", True),
    17: ("gereed", "Toolkit mensenhandel op de websites van beide gemeenten.",
         "Toolkit ook delen met huisartsen en wijkteams.", False),
    18: ("gereed", "MMA-campagne synthetische drugs in maart in beide gemeenten.",
         "Campagne laten samenvallen met een artikel in de lokale krant.", False),
    19: ("gereed", "Stands op Westervoort in Beweging en Duuve te Gek; veel gesprekken met inwoners.",
         "Een quiz trekt meer bezoekers dan folders.", False),
    20: ("gereed", "Vijf artikelen in Duivenpost en Westervoortpost en berichten op sociale media.",
         "Artikelen met een lokaal voorbeeld worden het best gelezen.", False),
    21: ("gereed", "Na elke sluiting posters, bewonersbrief en persbericht op dezelfde dag.",
         "Buurtbewoners waarderen een telefoonnummer voor vragen.", False),
}  # fmt: skip


def _jaar_in_publiek(dw, huidig, gemeenten) -> None:
    """The 2024 public editions of Duiven and Westervoort and the 2024 evaluation of the 21 actions,
    vastgesteld by the coordinator once (a vastgesteld edition or evaluation is never touched again)."""
    coordinator = Gebruiker.objects.filter(username="coordinator").first()
    if coordinator is None:
        return
    for naam, (meldroute, titel, verhaal) in PUBLIEK.items():
        gemeente = gemeenten[naam]
        PubliekProfiel.objects.get_or_create(gemeente=gemeente, defaults={"meldroute": meldroute})
        editie = PubliekeEditie.objects.filter(gemeente=gemeente, jaar=2024).first()
        if editie is None:
            editie = vaststellen.editie_bewaar(
                gemeente=gemeente, jaar=2024, titel=titel, verhaal=verhaal, cijfers=publiek.STANDAARD_KEUZE,
                door=coordinator,
            )  # fmt: skip
        if not editie.is_vastgesteld:
            vaststellen.editie_stel_vast(editie=editie, door=coordinator)

    evaluatie = Evaluatie.objects.filter(plan=dw, jaar=2024).first()
    if evaluatie is not None and evaluatie.is_vastgesteld:
        return
    evaluatie = vaststellen.evaluatie_open(plan=dw, jaar=2024, door=coordinator)
    if not evaluatie.samenvatting:
        vaststellen.evaluatie_bewaar(
            evaluatie=evaluatie,
            door=coordinator,
            samenvatting="Van de 21 acties zijn er 17 afgerond of lopen ze door als vast werk. Vier acties schuiven "
            "door naar het volgende plan: de bijeenkomst zorgfraude, het actualiseren van het Bibob-beleid en "
            "van het Damoclesbeleid, en de aandacht voor integriteit.",
        )
    for regel in evaluatie.regels.select_related("evaluatie", "actie"):
        if not regel.resultaat:
            resultaat, effect, les, door = DW_EVALUATIE[regel.actie.nummer]
            vaststellen.evaluatie_regel_bewaar(
                regel=regel, door=coordinator, resultaat=resultaat, effect=effect, les=les, doorschuiven=door
            )
    if huidig is None:
        return  # no plan of a later year yet: the evaluation stays a concept
    # The plan of this year already holds the same actions (derived from the seed): carrying over
    # links them to their origin instead of adding copies.
    doorgeschoven = [n for n, waarden in DW_EVALUATIE.items() if waarden[3]]
    bron = {a.nummer: a for a in dw.acties.filter(nummer__in=doorgeschoven)}
    for actie in huidig.acties.filter(nummer__in=doorgeschoven, voortgezet_uit=None):
        actie.voortgezet_uit = bron[actie.nummer]
        actie.save(update_fields=["voortgezet_uit"])
    vaststellen.evaluatie_stel_vast(evaluatie=evaluatie, door=coordinator)
