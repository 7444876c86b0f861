"""Demo data of controles: planning rules, the 2024 controls of Duiven and Westervoort (integrated
every ~six weeks, ODRA four times a year at EUR 250 = EUR 1,000 per municipality, as in the 2024
plan), theme controls, DOR controls, an actieweek per municipality, the BES Week tegen
Ondermijning, controls around today (so /controles/vandaag/ is never empty for `toezicht`),
visits with findings, checklist answers and generated photos, and Theseus estates with about
80 fictitious businesses labelled green/white/red.

Every integrated control is one of the municipality, the police and ODRA (action 8 of the plan);
ODRA charges its extra EUR 250 for four of them a year. No control falls on a Sunday, except an
actieweek's evening control in the weekend, on purpose (its description says so).

Idempotent: everything is looked up by a natural key (controls by municipality, kind, theme
and date; visits by a uuid derived from their key), so running it twice duplicates nothing.
The controls around today are the rolling story of ondermijning.demo: keyed on municipality,
kind and description while they keep the demo's status, and moved along with today.
The ODRA spending lines themselves are booked by actieplan.demo; controls here only carry the cost.
"""

import datetime
import io
import random
import uuid
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from controles.checklists import zaai_checklists
from controles.models import (
    Bedrijventerrein,
    Bezoek,
    ChecklistSjabloon,
    ChecklistVraag,
    Controle,
    ControleDoel,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    Thema,
    TheseusLabel,
    Vervolg,
)
from controles.services import (
    bezoek_registreer,
    checklist_vragen,
    controle_maak,
    controle_transitie,
    theseus_label_zet,
)
from ondermijning import klok
from ondermijning.demo import demo_vandaag, maandag, verschuif, werkdag
from ondermijning.models import Gebruiker, Gemeente, Organisatie
from signalen.models import Adres, Bedrijf

D = datetime.date
DEMO_NS = uuid.UUID("6f1d3c3e-8a43-4d3f-9d55-2a0d7c1e0b51")
ODRA_BEDRAG = Decimal("250.00")

# 2024 integrated controls; the ODRA dates match the ODRA spending lines of actieplan.demo.
INTEGRAAL_2024 = {
    "Duiven": [
        (D(2024, 1, 9), False),
        (D(2024, 2, 20), True),
        (D(2024, 4, 2), False),
        (D(2024, 5, 7), True),
        (D(2024, 6, 18), False),
        (D(2024, 8, 27), True),
        (D(2024, 10, 8), False),
        (D(2024, 11, 19), True),
    ],
    "Westervoort": [
        (D(2024, 2, 13), False),
        (D(2024, 3, 26), True),
        (D(2024, 5, 7), False),
        (D(2024, 6, 18), True),
        (D(2024, 8, 20), False),
        (D(2024, 10, 8), True),
        (D(2024, 12, 3), True),
    ],
}

# (gemeente, soort, thema, datum, omschrijving, with ODRA)
OVERIGE_2024 = [
    ("Duiven", ControleSoort.THEMACONTROLE, Thema.AUTOMOTIVE, D(2024, 3, 12), "Autobedrijven Nieuwgraaf", False),
    ("Westervoort", ControleSoort.THEMACONTROLE, Thema.GARAGEBOXEN, D(2024, 4, 16), "Garageboxen centrum", False),
    ("Duiven", ControleSoort.THEMACONTROLE, Thema.BUITENGEBIED, D(2024, 9, 10), "Schuren en loodsen", True),
    ("Westervoort", ControleSoort.THEMACONTROLE, Thema.HORECA, D(2024, 11, 5), "Horeca en shishalounges", False),
    ("Duiven", ControleSoort.DOR_CONTROLE, "", D(2024, 6, 4), "Opkopers en goudhandel", False),
    ("Westervoort", ControleSoort.DOR_CONTROLE, "", D(2024, 10, 22), "Tweedehandszaken", False),
    ("Duiven", ControleSoort.ACTIEWEEK, "", D(2024, 9, 17), "Actieweek met Samen Weerbaar", False),
    ("Westervoort", ControleSoort.ACTIEWEEK, "", D(2024, 12, 17), "Actieweek: extra controle met ODRA", True),
    ("Baarn", ControleSoort.WEEK_TEGEN_ONDERMIJNING, "", D(2024, 5, 14), "Week tegen Ondermijning (BES)", False),
    ("Eemnes", ControleSoort.WEEK_TEGEN_ONDERMIJNING, "", D(2024, 5, 15), "Week tegen Ondermijning (BES)", False),
    ("Soest", ControleSoort.WEEK_TEGEN_ONDERMIJNING, "", D(2024, 5, 16), "Week tegen Ondermijning (BES)", False),
]

TERREINEN = {
    "Duiven": [("Centerpoort-Noord", "Impact", "6921", 25), ("Nieuwgraaf", "Nieuwgraaf", "6921", 20)],
    "Westervoort": [("Het Ambacht", "Ambachtsweg", "6931", 20), ("Lobberdenseweg", "Lobberdenseweg", "6932", 15)],
}
BRANCHES = [
    "Autobedrijf", "Transport", "Opslag", "Bouwbedrijf", "Groothandel", "Autopoetsbedrijf", "Installatietechniek",
    "Logistiek", "Handelsonderneming", "Bandenservice", "Metaalbewerking", "Verhuur", "Schoonmaak", "Import Export",
]  # fmt: skip
NAMEN = [
    "Van Dijk", "De Rijn", "Oost", "Liemers", "Gelre", "Horizon", "Delta", "Noorderlicht", "IJssel", "Vos",
    "Kroon", "Arend", "Polder", "Brug", "Haven", "Pijler", "Kompas", "Eik", "Linde", "Zwaan",
]  # fmt: skip
BEVINDINGEN = [
    ("Bedrijf in bedrijf, activiteit komt overeen met KVK. Geen bijzonderheden.", Vervolg.NIETS),
    ("Ramen afgeplakt, niemand aanwezig. Buren melden 's nachts veel verkeer.", Vervolg.NIEUW_SIGNAAL),
    ("Bewoning in bedrijfspand aangetroffen (matrassen, keuken).", Vervolg.HANDHAVING),
    ("Opslag van vaten met onbekende inhoud, ODRA neemt monsters.", Vervolg.HANDHAVING),
    ("Ondernemer aanwezig, administratie op orde, vergunningen aanwezig.", Vervolg.NIETS),
    ("Veel dure auto's zonder kenteken op het terrein; verkoopadministratie ontbreekt.", Vervolg.NIEUW_SIGNAAL),
]


# A weekend evening control of an actieweek is the one control the demo puts on a Sunday, on purpose.
BEWUST_IN_HET_WEEKEND = "Actieweek: avondcontrole horeca en shishalounges (bewust in het weekend)"


def _rollend(gemeente, soort, datum, *, thema="", status, omschrijving, **velden):
    """A control of the rolling story: the one with this description that still has the demo's
    status is moved to `datum`, with its status history and visits; otherwise a new one is made.
    Each rolling control has its own description, used by no dated control of the demo."""
    controle = (
        Controle.objects.filter(gemeente=gemeente, soort=soort, thema=thema, omschrijving=omschrijving, status=status)
        .order_by("-datum", "-pk")
        .first()
    )
    if controle is not None and controle.datum != datum:
        delta = datum - controle.datum
        verschuif([controle], delta)
        verschuif(controle.statuswijzigingen.all(), delta)
        verschuif(Bezoek.objects.filter(controle=controle), delta)
    return _controle(
        gemeente, soort, datum, thema=thema, status=status, omschrijving=omschrijving, bestaand=controle, **velden
    )


def _controle(gemeente, soort, datum, *, thema="", status, doel, omschrijving, organisaties, deelnemers, kosten,
              starttijd=datetime.time(9, 0), door=None, bestaand=None, vandaag, op_de_dag=None):  # fmt: skip
    """A demo control: a new one is planned four weeks ahead and carried out and closed through the
    services, each step under `klok.op` at its moment in the story; an existing one (keyed on its
    municipality, kind, theme and date, or the rolling one found) keeps its history and has its own
    fields refreshed in place. `op_de_dag(controle)` runs for a new control on its day, before it
    is carried out: the visits, registered through the services while the control is open."""
    velden = {
        "gemeente": gemeente,
        "soort": soort,
        "thema": thema,
        "datum": datum,
        "doel": doel,
        "omschrijving": omschrijving,
        "starttijd": starttijd,
        "eindtijd": datetime.time(starttijd.hour + 4, 0),
        "kosten": kosten,
    }
    if bestaand is None:
        bestaand = Controle.objects.filter(gemeente=gemeente, soort=soort, thema=thema, datum=datum).first()
    if bestaand is not None:
        Controle.objects.filter(pk=bestaand.pk).update(**velden)
        bestaand.refresh_from_db()
        bestaand.deelnemende_organisaties.set(organisaties)
        bestaand.deelnemers.set(deelnemers)
        return bestaand
    with klok.op(_moment(min(datum - datetime.timedelta(days=28), vandaag), starttijd)):
        controle = controle_maak(door=door, organisaties=organisaties, deelnemers=deelnemers, **velden)
    if op_de_dag is not None:
        op_de_dag(controle)
    if status in (ControleStatus.UITGEVOERD, ControleStatus.AFGEROND):
        # Carrying out books ODRA's participation (domain event to actieplan): the seed plan's ODRA lines.
        with klok.op(_moment(datum, datetime.time(15, 0))):
            controle = controle_transitie(controle=controle, naar=ControleStatus.UITGEVOERD, door=door)
    if status == ControleStatus.AFGEROND:
        with klok.op(_moment(datum + datetime.timedelta(days=7), datetime.time(15, 0))):
            controle = controle_transitie(controle=controle, naar=ControleStatus.AFGEROND, door=door)
    return controle


def _moment(datum: datetime.date, tijd: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, tijd))


def _foto_inhoud(seed: int) -> bytes:
    rnd = random.Random(seed)
    beeld = Image.new("RGB", (640, 480), (rnd.randint(150, 210),) * 3)
    teken = ImageDraw.Draw(beeld)
    for _ in range(6):
        x, y = rnd.randint(0, 560), rnd.randint(0, 400)
        teken.rectangle(
            [x, y, x + rnd.randint(40, 200), y + rnd.randint(30, 150)],
            fill=tuple(rnd.randint(40, 200) for _ in range(3)),
        )
    teken.text((20, 20), f"Demofoto {seed}", fill=(0, 0, 0))
    uit = io.BytesIO()
    beeld.save(uit, format="JPEG", quality=80)
    return uit.getvalue()


def _bezoeken(controle, objecten, toezicht, rnd, *, met_foto=True, rollend=False):
    """The visits of a control on its day, through bezoek_registreer under the story clock: checklist
    answers and a generated photo on the first; keyed on a uuid, so a second run adds nothing."""
    vragen = checklist_vragen(controle)
    for i, obj in enumerate(objecten):
        # A rolling control moves with today: its visits are keyed on the control, not on its date.
        naam = f"rollend:{controle.pk}" if rollend else f"{controle.gemeente_id}:{controle.soort}:{controle.datum}"
        sleutel = uuid.uuid5(DEMO_NS, f"bezoek:{naam}:{i}")
        tekst, vervolg = BEVINDINGEN[rnd.randrange(len(BEVINDINGEN))]
        bezocht_op = _moment(controle.datum, datetime.time(9 + i, 15))
        antwoorden = {
            vraag.pk: tekst if vraag.antwoordtype == "tekst" else rnd.choice(["ja", "ja", "nee", "nvt"])
            for vraag in vragen
        }
        fotos = []
        if met_foto and i == 0:
            inhoud = _foto_inhoud(zlib.crc32(sleutel.bytes))
            fotos = [SimpleUploadedFile("demo.jpg", inhoud, content_type="image/jpeg")]
        with klok.op(bezocht_op):
            bezoek_registreer(
                controle=controle,
                door=toezicht,
                client_uuid=sleutel,
                object=obj,
                bezocht_op=bezocht_op,
                aanwezigen="Eigenaar en een medewerker",
                bevindingen=tekst,
                vervolg=vervolg,
                antwoorden=antwoorden,
                fotos=fotos,
            )


def _met_bezoeken(bedrijven, toezicht, rnd, **kwargs):
    """What a new control does on its day: its objects, and the inspector's visits to them."""
    if not toezicht:
        return None

    def op_de_dag(controle):
        _bezoeken(controle, _objecten(controle, bedrijven), toezicht, rnd, **kwargs)

    return op_de_dag


def _objecten(controle, bedrijven, theseus=False):
    """The objects of a control; on a Theseus control each business carries its own label as the reason."""
    labels = {}
    if theseus:
        labels = {t.bedrijf_id: t for t in TheseusLabel.objects.filter(bedrijf__in=bedrijven, huidig=True)}
    resultaat = []
    for volgorde, bedrijf in enumerate(bedrijven, start=1):
        label = labels.get(bedrijf.pk)
        defaults = {"adres": bedrijf.adres, "volgorde": volgorde}
        if label is not None:
            defaults |= {"theseus_label": label, "reden": f"Theseus: {label.get_label_display().lower()}"}
        obj, _ = ControleObject.objects.update_or_create(controle=controle, bedrijf=bedrijf, defaults=defaults)
        resultaat.append(obj)
    return resultaat


def _theseus(gemeenten, beleid, rnd):
    """Estates with fictitious businesses; returns {gemeente naam: [(bedrijf, terrein, label)]}."""
    per_gemeente = {}
    for gemeente_naam, terreinen in TERREINEN.items():
        gemeente = gemeenten[gemeente_naam]
        per_gemeente[gemeente_naam] = []
        for t_index, (naam, straat, pc, aantal) in enumerate(terreinen):
            terrein, _ = Bedrijventerrein.objects.get_or_create(gemeente=gemeente, naam=naam)
            for i in range(aantal):
                letters = "ABCDEFGHJKLMNPRSTV"
                postcode = f"{pc} {letters[t_index * 3 % len(letters)]}{letters[i % len(letters)]}"
                adres, _ = Adres.objects.update_or_create(
                    gemeente=gemeente,
                    postcode=postcode,
                    huisnummer=str(i + 1),
                    defaults={"straat": straat, "plaats": gemeente_naam},
                )
                bedrijfsnaam = f"{NAMEN[(i + t_index * 7) % len(NAMEN)]} {BRANCHES[(i * 3 + t_index) % len(BRANCHES)]}"
                kvk = f"8{zlib.crc32(f'{gemeente_naam}{naam}{i}'.encode()) % 10000000:07d}"
                bedrijf, _ = Bedrijf.objects.update_or_create(
                    gemeente=gemeente, naam=bedrijfsnaam, adres=adres, defaults={"kvk_nummer": kvk}
                )
                kans = rnd.random()
                label = Label.GROEN if kans < 0.6 else (Label.WIT if kans < 0.85 else Label.ROOD)
                historie = [(D(2024, 3, 1), Label.WIT, "Nog geen informatie", "KVK handelsregister")]
                if label != Label.WIT:
                    toelichting = (
                        "Open bronnen en straatinformatie: activiteit klopt met inschrijving"
                        if label == Label.GROEN
                        else "Straatinformatie: veel verkeer buiten openingstijden, pand afgeschermd"
                    )
                    historie.append((D(2024, 6, 1), label, toelichting, "open bronnen, straatinformatie"))
                if not TheseusLabel.objects.filter(bedrijf=bedrijf).exists():
                    # Each label through the service on its day: the last one given is the current one.
                    for datum, lab, toelichting, bronnen in historie:
                        with klok.op(_moment(datum, datetime.time(10, 0))):
                            theseus_label_zet(
                                bedrijf=bedrijf,
                                bedrijventerrein=terrein,
                                label=lab,
                                door=beleid,
                                toelichting=toelichting,
                                bronnen=bronnen,
                                datum=datum,
                            )
                huidig = TheseusLabel.objects.get(bedrijf=bedrijf, huidig=True)
                per_gemeente[gemeente_naam].append((bedrijf, terrein, huidig.label))
    return per_gemeente


def laad(stdout=None, vandaag=None) -> None:
    """Create or update the controles demo data."""
    vandaag = demo_vandaag(vandaag)
    rnd = random.Random(2024)
    gemeenten = {g.naam: g for g in Gemeente.objects.all()}
    if "Duiven" not in gemeenten or "Westervoort" not in gemeenten:
        return
    org = {o.naam: o for o in Organisatie.objects.all()}
    politie, odra = org.get("Politie"), org.get("ODRA")
    samen_weerbaar, dot = org.get("Samen Weerbaar"), org.get("DOT Gelderland-Midden")
    gebruikers = {g.username: g for g in Gebruiker.objects.filter(username__in=["toezicht", "beleid", "baarn"])}
    toezicht, beleid = gebruikers.get("toezicht"), gebruikers.get("beleid")
    deelnemers = [toezicht] if toezicht else []

    zaai_checklists(ChecklistSjabloon, ChecklistVraag)
    for naam in ("Duiven", "Westervoort"):
        Planningsregel.objects.update_or_create(
            gemeente=gemeenten[naam],
            soort=ControleSoort.INTEGRALE_CONTROLE,
            defaults={"interval_weken": 6, "actief": True},
        )

    bedrijven = _theseus(gemeenten, beleid, rnd)
    aantal = 0
    for naam, reeks in INTEGRAAL_2024.items():
        kandidaten = bedrijven[naam]
        for index, (datum, met_odra) in enumerate(reeks):
            controle = _controle(
                gemeenten[naam],
                ControleSoort.INTEGRALE_CONTROLE,
                datum,
                status=ControleStatus.AFGEROND,
                doel=ControleDoel.WITTE_VLEKKEN if index % 2 else ControleDoel.SIGNALENLIJST,
                omschrijving="Integrale controle gemeente, politie en ODRA"
                + (" (extra inzet ODRA, EUR 250)" if met_odra else ""),
                organisaties=[p for p in (politie, odra) if p],
                deelnemers=deelnemers,
                kosten=ODRA_BEDRAG if met_odra else Decimal("0"),
                door=beleid,
                vandaag=vandaag,
                op_de_dag=_met_bezoeken(
                    [b for b, _, _ in kandidaten[index * 3 % len(kandidaten) :][:3]], toezicht, rnd
                ),
            )
            _objecten(controle, [b for b, _, _ in kandidaten[index * 3 % len(kandidaten) :][:3]])
            aantal += 1
    for naam, soort, thema, datum, omschrijving, met_odra in OVERIGE_2024:
        if naam not in gemeenten:
            continue
        partners = [p for p in (politie, odra if met_odra else None) if p]
        if soort == ControleSoort.ACTIEWEEK and samen_weerbaar:
            partners.append(samen_weerbaar)
        if thema == Thema.AUTOMOTIVE and dot:
            partners.append(dot)
        controle = _controle(
            gemeenten[naam],
            soort,
            datum,
            thema=thema,
            status=ControleStatus.AFGEROND,
            doel=ControleDoel.THEMA,
            omschrijving=omschrijving,
            organisaties=partners,
            deelnemers=deelnemers if naam in ("Duiven", "Westervoort") else [],
            kosten=ODRA_BEDRAG if met_odra else Decimal("0"),
            # The BES controls are planned by the BES policy officer (a partner's participation is a
            # disclosure, recorded with who made it).
            door=beleid if naam in ("Duiven", "Westervoort") else gebruikers.get("baarn"),
            vandaag=vandaag,
            op_de_dag=_met_bezoeken([b for b, _, _ in bedrijven[naam][-2:]], toezicht, rnd, met_foto=False)
            if naam in bedrijven
            else None,
        )
        if naam in bedrijven:
            _objecten(controle, [b for b, _, _ in bedrijven[naam][-2:]])
        aantal += 1

    _rond_vandaag(vandaag, gemeenten, bedrijven, [p for p in (politie, odra) if p], deelnemers, beleid, toezicht, rnd)
    if stdout:
        totaal = sum(len(v) for v in bedrijven.values())
        stdout.write(
            f"Controles: {Controle.objects.count()} controles ({aantal} in 2024), {Bezoek.objects.count()} bezoeken, "
            f"{totaal} bedrijven op {Bedrijventerrein.objects.count()} bedrijventerreinen."
        )


def _rond_vandaag(vandaag, gemeenten, bedrijven, politie_odra, deelnemers, beleid, toezicht, rnd):
    """The rolling controls around today (see ondermijning.demo): Duiven's rhythm is on schedule
    (the last six weeks ago, one today or on the next working day, the next in six weeks);
    Westervoort's last was five weeks ago and nothing is planned, so it is flagged on Mijn werk;
    a DOR control next week and an actieweek evening control in this week's weekend."""
    duiven, westervoort = gemeenten["Duiven"], gemeenten["Westervoort"]
    dag = werkdag(vandaag)
    integraal = {
        "organisaties": politie_odra,
        "deelnemers": deelnemers,
        "kosten": Decimal("0"),
        "door": beleid,
        "vandaag": vandaag,
    }
    recent = _rollend(
        duiven,
        ControleSoort.INTEGRALE_CONTROLE,
        dag - datetime.timedelta(weeks=6),
        status=ControleStatus.AFGEROND,
        doel=ControleDoel.SIGNALENLIJST,
        omschrijving="Integrale controle Nieuwgraaf: signalenlijst",
        op_de_dag=_met_bezoeken([b for b, _, _ in bedrijven["Duiven"][3:5]], toezicht, rnd, rollend=True),
        **integraal,
    )
    _objecten(recent, [b for b, _, _ in bedrijven["Duiven"][3:5]])
    wit_rood = [b for b, t, label in bedrijven["Duiven"] if label != Label.GROEN and t.naam == "Centerpoort-Noord"]
    eerstvolgende = _rollend(
        duiven,
        ControleSoort.INTEGRALE_CONTROLE,
        dag,
        status=ControleStatus.GEPLAND,
        doel=ControleDoel.THESEUS,
        omschrijving="Theseus: witte en rode bedrijven op Centerpoort-Noord",
        starttijd=datetime.time(9, 30),
        **integraal,
    )
    _objecten(eerstvolgende, wit_rood[:5], theseus=True)
    _rollend(
        duiven,
        ControleSoort.INTEGRALE_CONTROLE,
        dag + datetime.timedelta(weeks=6),
        status=ControleStatus.GEPLAND,
        doel=ControleDoel.WITTE_VLEKKEN,
        omschrijving="Volgende integrale controle",
        **integraal,
    )
    laatst_w = _rollend(
        westervoort,
        ControleSoort.INTEGRALE_CONTROLE,
        dag - datetime.timedelta(weeks=5),
        status=ControleStatus.UITGEVOERD,
        doel=ControleDoel.WITTE_VLEKKEN,
        omschrijving="Integrale controle Het Ambacht",
        op_de_dag=_met_bezoeken([b for b, _, _ in bedrijven["Westervoort"][:2]], toezicht, rnd, rollend=True),
        **integraal,
    )
    _objecten(laatst_w, [b for b, _, _ in bedrijven["Westervoort"][:2]])
    politie = [o for o in politie_odra if o.naam == "Politie"]
    _rollend(
        westervoort,
        ControleSoort.DOR_CONTROLE,
        maandag(vandaag) + datetime.timedelta(days=8),  # Tuesday next week
        status=ControleStatus.GEPLAND,
        doel=ControleDoel.THEMA,
        omschrijving="DOR-controle opkopers",
        organisaties=politie,
        deelnemers=deelnemers,
        kosten=Decimal("0"),
        door=beleid,
        vandaag=vandaag,
    )
    # On Saturday or Sunday that is today (so the inspector has a control today in the weekend too).
    avond = vandaag if vandaag.weekday() >= 5 else maandag(vandaag) + datetime.timedelta(days=5)
    actieweek = _rollend(
        westervoort,
        ControleSoort.ACTIEWEEK,
        avond,
        status=ControleStatus.GEPLAND,
        doel=ControleDoel.THEMA,
        omschrijving=BEWUST_IN_HET_WEEKEND,
        organisaties=politie,
        deelnemers=deelnemers,
        kosten=Decimal("0"),
        starttijd=datetime.time(19, 0),
        door=beleid,
        vandaag=vandaag,
    )
    _objecten(actieweek, [b for b, _, _ in bedrijven["Westervoort"][-3:]])
