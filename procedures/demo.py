"""Demo procedures: a complete 13b closure in Duiven (rapportage, voornemen, zienswijze, proportionality,
besluit with its grace period, closure, objection decided, premises reopened), two Bibob procedures in
Westervoort, one ending in a refusal and one in a grant with conditions, each with its tasks and documents,
and a running 13b procedure in Duiven whose zienswijze term is open (its task in the owner's Mijn werk).

Written through the services of procedures, taken and documenten, each step of the story under
`klok.op(moment)`, so every recorded time is the story's. The story is placed before `vandaag` the
first time the demo is loaded and then stays as it happened (history, like the 2024 plan): a later
run finds each procedure on its signal and adds nothing. A signal the signalen demo no longer has is
skipped.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documenten.models import DocumentSoort, Vertrouwelijkheid
from documenten.services import document_voeg_toe
from ondermijning import klok
from ondermijning.demo import demo_vandaag, werkdag
from ondermijning.models import Gebruiker
from ondermijning.pdf import render_pdf
from procedures import services, stappentaken
from procedures.brieven import brief_maken
from procedures.models import Procedure, ProcedureSoort, ProcedureStap, StapRol
from signalen.models import InterventieSoort, Signaal
from taken import services as taken_services
from taken.models import TaakStatus

TOETS_13B = {
    "geschikt": "Sluiting beëindigt de handel vanuit de woning en herstelt de rust in de straat.",
    "noodzakelijk": "Er lag 400 gram cocaïne klaar voor verkoop; een waarschuwing volstaat bij harddrugs niet.",
    "evenredig": "De huurder woont er alleen; de begunstigingstermijn van twee weken geeft tijd voor vervangende "
    "woonruimte. Het belang van de buurt weegt zwaarder.",
}
TOETS_BIBOB_WEIGERING = {
    "geschikt": "Weigeren voorkomt dat de gemeente criminele activiteiten faciliteert.",
    "noodzakelijk": "Voorwaarden nemen het ernstige gevaar niet weg: de geldstroom blijft onbekend.",
    "evenredig": "De aanvrager heeft geen ander bedrijf in de gemeente; het maatschappelijk belang weegt zwaarder.",
}
TOETS_BIBOB_VOORWAARDEN = {
    "geschikt": "Voorwaarden over financiering en beheer maken de risico's beheersbaar.",
    "noodzakelijk": "Zonder voorwaarden blijft het gevaar van witwassen via de zaak bestaan.",
    "evenredig": "Verlenen met voorwaarden is lichter dan weigeren en volstaat voor de mindere mate van gevaar.",
}


@dataclass(frozen=True)
class Stuk:
    """A document that arrives at a step (letters the municipality sends come from `_brieven`)."""

    soort: str
    titel: str
    afzender: str
    alineas: tuple[str, ...]


@dataclass(frozen=True)
class Stap:
    dag: int  # days after the start of the story
    velden: dict | str = field(default_factory=dict)  # fields to record, or the reason to skip
    stukken: tuple[Stuk, ...] = ()


@dataclass(frozen=True)
class Verhaal:
    gemeente: str
    titel: str  # the signal of the signalen demo
    vorm: str
    eigenaar: str
    dagen_geleden: int  # the story starts this many days before `vandaag`
    stappen: dict[int, Stap]  # volgorde -> what happens
    soort_zaak: str = ""
    interventie: str = ""  # the signal's intervention of this kind, if any, is linked
    lopend: bool = False  # the story stops at its last step: the procedure still runs


RAPPORTAGE = Stuk(
    DocumentSoort.BESTUURLIJKE_RAPPORTAGE,
    "Bestuurlijke rapportage politie Eendenkooi 22",
    "Politie Oost-Nederland, basisteam Rijk van Nijmegen-Duiven",
    (
        "Bij een doorzoeking op grond van de Opiumwet is in de woning Eendenkooi 22 te Duiven 400 gram cocaïne "
        "aangetroffen, verdeeld over 38 gripzakjes, met een weegschaal en 2.150 euro contant geld.",
        "De hoeveelheid overschrijdt ruim de grens voor eigen gebruik. De woning wordt bewoond door één huurder.",
    ),
)

DAMOCLES = Verhaal(
    gemeente="Duiven",
    titel="Drugs in woning bij huiszoeking",
    vorm="13b",
    eigenaar="beleid",
    dagen_geleden=130,
    soort_zaak="harddrugs_woning",
    interventie=InterventieSoort.SLUITING_DRUGSPAND,
    stappen={
        1: Stap(0, {"tekst": "Harddrugs (cocaïne), 400 gram, handelshoeveelheid; woning (huur)."}, (RAPPORTAGE,)),
        2: Stap(1),
        3: Stap(3),
        4: Stap(
            15,
            {
                "uitkomst": "Zienswijze ontvangen",
                "tekst": "De huurder stelt dat de drugs van een logé waren en vraagt om een waarschuwing.",
            },
            (
                Stuk(
                    DocumentSoort.ZIENSWIJZE,
                    "Zienswijze huurder op het voornemen tot sluiting",
                    "Advocatenkantoor namens de huurder",
                    (
                        "Cliënt betwist dat hij van de aanwezigheid van de drugs wist en verzoekt u af te zien "
                        "van sluiting, of te volstaan met een waarschuwing.",
                    ),
                ),
            ),
        ),
        5: Stap(17, TOETS_13B),
        6: Stap(
            21,
            {
                "uitkomst": "Sluiting",
                "tekst": "Sluiting volgens de Damoclesladder; de huurder krijgt twee weken om te verhuizen (woning).",
                "begunstiging_dagen": 14,
            },
        ),
        7: Stap(38),  # after the grace period, for the ladder's months (see `_velden`)
        8: Stap(
            50,
            {"uitkomst": "Bezwaar ingediend"},
            (
                Stuk(
                    DocumentSoort.BEZWAARSCHRIFT,
                    "Bezwaarschrift tegen de sluiting",
                    "Advocatenkantoor namens de huurder",
                    ("Cliënt maakt bezwaar tegen het besluit tot sluiting van de woning en wil worden gehoord.",),
                ),
            ),
        ),
        9: Stap(120, {"uitkomst": "Ongegrond", "tekst": "Advies bezwaarcommissie gevolgd; besluit in stand."}),
    },
)

BIBOB_WEIGERING = Verhaal(
    gemeente="Westervoort",
    titel="Autoverhuur zonder klanten",
    vorm="bibob",
    eigenaar="westervoort",
    dagen_geleden=160,
    interventie=InterventieSoort.BIBOB,
    stappen={
        1: Stap(0, {"tekst": "Intakegesprek met de aanvrager over de exploitatie van het verhuurbedrijf."}),
        2: Stap(2),
        3: Stap(
            20,
            {},
            (
                Stuk(
                    DocumentSoort.OVERIG,
                    "Antwoorden Bibob-vragenlijst AutoVerhuur Snel",
                    "AutoVerhuur Snel B.V.",
                    ("De aanvrager vult de vragenlijst in; de financiering van het wagenpark is niet onderbouwd.",),
                ),
            ),
        ),
        4: Stap(
            35, {"tekst": "Wagenpark van 1,2 miljoen euro gefinancierd door een onbekende vennootschap op Cyprus."}
        ),
        5: Stap(36, "Geen tip van het Openbaar Ministerie ontvangen."),
        6: Stap(37),
        7: Stap(
            80,
            {"mate_van_gevaar": "ernstig"},
            (
                Stuk(
                    DocumentSoort.BIBOB_ADVIES,
                    "Advies Landelijk Bureau Bibob",
                    "Landelijk Bureau Bibob",
                    (
                        "Er is een ernstige mate van gevaar dat de vergunning zal worden gebruikt om wederrechtelijk "
                        "verkregen vermogen te benutten (art. 3 lid 1 sub a Wet Bibob).",
                    ),
                ),  # fmt: skip
            ),
        ),
        8: Stap(84),
        9: Stap(98, {"uitkomst": "Geen zienswijze ontvangen"}),
        10: Stap(100, TOETS_BIBOB_WEIGERING),
        11: Stap(104, {"uitkomst": "Geweigerd / ingetrokken", "mate_van_gevaar": "ernstig"}),
        12: Stap(150, {"uitkomst": "Geen bezwaar ingediend"}),
    },
)

BIBOB_VOORWAARDEN = Verhaal(
    gemeente="Westervoort",
    titel="Shishalounge vraagt exploitatievergunning aan",
    vorm="bibob",
    eigenaar="westervoort",
    dagen_geleden=120,
    interventie=InterventieSoort.BIBOB,
    stappen={
        1: Stap(0, {"tekst": "Intakegesprek over de exploitatievergunning van Shishalounge Oriental."}),
        2: Stap(2),
        3: Stap(25),
        4: Stap(40, {"tekst": "Lening van een familielid, onderbouwd met bankafschriften; eerdere zaak failliet."}),
        5: Stap(41, "Geen tip van het Openbaar Ministerie ontvangen."),
        6: Stap(42, "Het eigen onderzoek geeft voldoende zicht; geen advies van het Landelijk Bureau nodig."),
        7: Stap(42, "Geen advies gevraagd."),
        8: Stap(45),
        9: Stap(
            59,
            {"uitkomst": "Zienswijze ontvangen", "tekst": "De aanvrager stemt in met de voorwaarden."},
            (
                Stuk(
                    DocumentSoort.ZIENSWIJZE,
                    "Zienswijze Shishalounge Oriental",
                    "Shishalounge Oriental",
                    ("De aanvrager aanvaardt een leidinggevende zonder antecedenten en een accountantsverklaring.",),
                ),
            ),
        ),
        10: Stap(62, TOETS_BIBOB_VOORWAARDEN),
        11: Stap(66, {"uitkomst": "Verleend met voorwaarden", "mate_van_gevaar": "mindere_mate"}),
        12: Stap(110, {"uitkomst": "Geen bezwaar ingediend"}),
    },
)

# Running: the police's report, the ladder and the intention letter are done; the zienswijze term (two weeks
# after the letter) ends in a few days, so the owner finds its task in Mijn werk.
LOPEND_13B = Verhaal(
    gemeente="Duiven",
    titel="Garagebox met hoog stroomverbruik",
    vorm="13b",
    eigenaar="beleid",
    dagen_geleden=12,
    interventie=InterventieSoort.SLUITING_13B,
    lopend=True,
    stappen={
        1: Stap(
            0,
            {"tekst": "Softdrugs (hennep), kwekerij met 450 planten; bedrijfspand (garagebox)."},
            (
                Stuk(
                    DocumentSoort.BESTUURLIJKE_RAPPORTAGE,
                    "Bestuurlijke rapportage politie Het Holtland 7b",
                    "Politie Oost-Nederland, basisteam Rijk van Nijmegen-Duiven",
                    (
                        "In de garagebox Het Holtland 7b te Duiven is een hennepkwekerij met 450 planten in bloei "
                        "aangetroffen, met een illegale aansluiting op het elektriciteitsnet.",
                    ),
                ),
            ),
        ),
        2: Stap(1),
        3: Stap(2),
    },
)

VERHALEN = [DAMOCLES, BIBOB_WEIGERING, BIBOB_VOORWAARDEN, LOPEND_13B]


def _brieven(*, stap: ProcedureStap, door) -> None:
    """The letters the municipality sends at a recorded step (the step template says which), made from the
    municipality's Word template by the same service as the page's 'Brief maken' and stored on the step."""
    if stap.sjabloon.brief:
        brief_maken(stap=stap, door=door)


def _moment(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(10, 0)))


def _pdf(stuk: Stuk, datum: datetime.date) -> bytes:
    context = {"titel": stuk.titel, "afzender": stuk.afzender, "datum": datum, "alineas": stuk.alineas}
    return render_pdf("procedures/pdf/demo_stuk.html", context)


def _velden(stap: ProcedureStap, dag: datetime.date, velden: dict) -> dict:
    velden = dict(velden)
    if "begunstiging_dagen" in velden:  # the grace period's last day, counted from the decision
        velden["begunstigd_tot"] = dag + datetime.timedelta(days=velden.pop("begunstiging_dagen"))
    if stap.sjabloon.rol == StapRol.SLUITING:
        ladder = stap.procedure.stappen.filter(sjabloon__rol=StapRol.LADDER).values_list(
            "ladderstap__duur_maanden", flat=True
        )
        maanden = next(iter(ladder), None) or 3
        return {**velden, "tot_op": dag + datetime.timedelta(days=30 * maanden - 1)}
    return velden


def _vertel(verhaal: Verhaal, *, signaal: Signaal, door, vandaag: datetime.date) -> Procedure:
    begin = vandaag - datetime.timedelta(days=verhaal.dagen_geleden)

    def dag_van(n: int) -> datetime.date:
        dag = werkdag(begin + datetime.timedelta(days=n))
        return dag if dag <= vandaag else begin + datetime.timedelta(days=n)

    soort = ProcedureSoort.objects.voor_gemeente(signaal.gemeente).filter(vorm=verhaal.vorm).order_by("pk").first()
    interventie = signaal.interventies.filter(soort=verhaal.interventie).first() if verhaal.interventie else None
    start = dag_van(0)
    with klok.op(_moment(start)):
        procedure = services.procedure_start(
            signaal=signaal, soort=soort, door=door, eigenaar=door, interventie=interventie, gestart_op=start,
            soort_zaak=verhaal.soort_zaak or (interventie.soort_zaak if interventie else ""),
        )  # fmt: skip
    stappen = {s.sjabloon.volgorde: s for s in procedure.stappen.select_related("sjabloon", "procedure__soort")}
    for volgorde, gebeurt in sorted(verhaal.stappen.items()):
        dag = max(dag_van(gebeurt.dag), start)
        stap = stappen[volgorde]
        with klok.op(_moment(dag)):
            if isinstance(gebeurt.velden, str):
                services.stap_overslaan(stap=stap, door=door, reden=gebeurt.velden)
                continue
            for stuk in gebeurt.stukken:
                document_voeg_toe(
                    door=door, bestand=SimpleUploadedFile(f"{stuk.titel}.pdf", _pdf(stuk, dag)), soort=stuk.soort,
                    titel=stuk.titel, datum=dag, vertrouwelijkheid=Vertrouwelijkheid.VERTROUWELIJK,
                    signaal=signaal, interventie=interventie, onderdeel=stap,
                )  # fmt: skip
            stap = services.stap_vastleggen(stap=stap, door=door, gedaan_op=dag, **_velden(stap, dag, gebeurt.velden))
            stap.procedure = procedure
            _brieven(stap=stap, door=door)
            if stap.sjabloon.rol == StapRol.SLUITING:
                _communicatie_gedaan(stap=stap, door=door)
    if verhaal.lopend:
        return procedure
    with klok.op(_moment(max(dag_van(max(s.dag for s in verhaal.stappen.values()) + 1), start))):
        procedure.refresh_from_db()
        procedure = services.procedure_afsluiten(procedure=procedure, door=door, versie=procedure.versie)
    sluiting = next((s for s in stappen.values() if s.sjabloon.rol == StapRol.SLUITING), None)
    if sluiting is not None:
        sluiting.refresh_from_db()
        heropend = sluiting.tot_op + datetime.timedelta(days=1) if sluiting.tot_op else None
        if heropend and heropend <= vandaag:  # the closure ended: the premises were reopened the next day
            with klok.op(_moment(heropend)):
                services.pand_heropenen(procedure=procedure, door=door, heropend_op=heropend)
    return procedure


def _communicatie_gedaan(*, stap: ProcedureStap, door) -> None:
    """The closure's communication tasks were done on the day of the closure."""
    for taken in stappentaken.taken_van([stap]).values():
        for taak in taken:
            if taak.status == TaakStatus.OPEN and taak.omschrijving != stappentaken.omschrijving(stap):
                taken_services.taak_rond_af(taak=taak, door=door, notitie="Gedaan op de dag van de sluiting.")


def laad(stdout=None, vandaag=None) -> None:
    """Tell each story once; a later run (on any day) finds its procedure and leaves it as it is."""
    vandaag = demo_vandaag(vandaag)
    gebruikers = {g.username: g for g in Gebruiker.objects.filter(username__in={v.eigenaar for v in VERHALEN})}
    aantal = 0
    for verhaal in VERHALEN:
        signaal = Signaal.objects.filter(gemeente__naam=verhaal.gemeente, titel=verhaal.titel).first()
        door = gebruikers.get(verhaal.eigenaar)
        if signaal is None or door is None:
            continue
        if Procedure.objects.filter(signaal=signaal, soort__vorm=verhaal.vorm).exists():
            continue
        _vertel(verhaal, signaal=signaal, door=door, vandaag=vandaag)
        aantal += 1
    if stdout:
        stdout.write(f"Procedures: {aantal} nieuw.")
