"""Fill a database with the volume of a region after ten years, for `make bench` (see BENCH.md).

Everything is written with `bulk_create` (many-to-many rows through their through models), so
100,000 signals take about a minute on PostgreSQL. Volumes scale with --signalen: at 100,000
there are ~30,000 recurring subjects, 5,000 controls with 20,000 visits, 3,000 businesses on
industrial estates with label history, and ten years of plans, actions, budgets and spending.
Deterministic (seeded), so two runs at one size produce the same data.

This is benchmark data, not demo data: it bypasses the services on purpose (they write an audit
event per row) and must only be used on a database of its own.
"""

import datetime
import io
import json
import random
import time
from contextlib import contextmanager
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from actieplan.models import (
    Actie,
    ActieStatus,
    Begroting,
    CommunicatieItem,
    CommunicatieStatus,
    CommunicatieType,
    Financiering,
    Kanaal,
    Kostenpost,
    Thema,
    TimingSoort,
    Uitgave,
    UitgaveCategorie,
    Uitvoeringsplan,
)
from controles.models import (
    Bedrijventerrein,
    Bezoek,
    Controle,
    ControleDoel,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    TheseusLabel,
    Vervolg,
)
from controles.models import Thema as ControleThema
from ondermijning.models import Gebruiker, Gemeente, Organisatie, OrganisatieType, Samenwerkingsverband
from ondermijning.scoping import Rol
from signalen.models import (
    Adres,
    Afsluitreden,
    Agendapunt,
    Bedrijf,
    Besluit,
    BetrouwbaarheidBron,
    BetrouwbaarheidInformatie,
    BibobUitkomst,
    Bron,
    Fenomeen,
    Interventie,
    InterventieSoort,
    Overleg,
    Persoon,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
    Statusovergang,
    Verrijking,
    VerrijkingBron,
    Weging,
    WegingUitkomst,
)

BENCH_WACHTWOORD = "ondermijning-bench"
BENCH_GEBRUIKER = "bench_beleid"  # beleidsmedewerker + coordinator of three municipalities
BENCH_BEHEERDER = "bench_admin"  # superuser, for the admin changelist
BENCH_GEMEENTEN = ["Arnhem", "Duiven", "Westervoort"]
BATCH = 5000
BENCH_APPS = ("signalen", "controles", "actieplan")  # the big tables; indexes rebuilt after loading

# Gelderland-Midden: 15 municipalities, weighted roughly by population (Arnhem, Ede largest).
GEMEENTEN = {
    "Arnhem": ("GM0202", 6),
    "Ede": ("GM0228", 4),
    "Barneveld": ("GM0203", 2),
    "Duiven": ("GM0226", 1),
    "Westervoort": ("GM0293", 1),
    "Zevenaar": ("GM0299", 2),
    "Rheden": ("GM0275", 2),
    "Renkum": ("GM0274", 1),
    "Rozendaal": ("GM0277", 1),
    "Lingewaard": ("GM1705", 2),
    "Overbetuwe": ("GM1734", 2),
    "Wageningen": ("GM0289", 1),
    "Renswoude": ("GM0339", 1),
    "Scherpenzeel": ("GM0279", 1),
    "Doesburg": ("GM0221", 1),
}
SAMENWERKINGSVERBANDEN = {
    "Bench: Arnhem e.o.": ["Arnhem", "Rozendaal", "Rheden", "Renkum"],
    "Bench: Liemers": ["Duiven", "Westervoort", "Zevenaar", "Doesburg"],
    "Bench: Betuwe": ["Lingewaard", "Overbetuwe"],
    "Bench: Foodvalley": ["Ede", "Barneveld", "Wageningen", "Renswoude", "Scherpenzeel"],
}
ORGANISATIES = {
    "Politie": OrganisatieType.POLITIE,
    "ODRA": OrganisatieType.OMGEVINGSDIENST,
    "Douane": OrganisatieType.DOUANE,
    "Belastingdienst": OrganisatieType.BELASTINGDIENST,
    "RIEC Oost-Nederland": OrganisatieType.RIEC,
    "DOT Gelderland-Midden": OrganisatieType.DOT,
    "Samen Weerbaar": OrganisatieType.SAMEN_WEERBAAR,
}
STRATEN = [
    "Rijksweg",
    "Kerkstraat",
    "Dorpsstraat",
    "Industrieweg",
    "Stationsweg",
    "Molenweg",
    "Nijverheidsweg",
    "Schoolstraat",
    "Europaweg",
    "Havenweg",
    "Handelsweg",
    "Zuiderval",
    "Marktplein",
    "Veerweg",
    "Dijkstraat",
]
VOORNAMEN = [
    "Jan",
    "Piet",
    "Kees",
    "Mohamed",
    "Anna",
    "Sanne",
    "Fatima",
    "Daan",
    "Lars",
    "Eva",
    "Noah",
    "Emma",
    "Bram",
    "Sophie",
    "Yusuf",
    "Lotte",
    "Milan",
    "Iris",
    "Sem",
    "Julia",
    "Ahmet",
    "Marieke",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kaya",
    "Yilmaz",
    "El Amrani",
    "Wouters",
    "Willems",
]
BRANCHES = [
    "Kapsalon",
    "Autobedrijf",
    "Nagelstudio",
    "Shishalounge",
    "Autoverhuur",
    "Belwinkel",
    "Snackbar",
    "Garagebox verhuur",
    "Transport",
    "Bouwbedrijf",
    "Schoonmaakbedrijf",
    "Cafetaria",
    "Bandenservice",
    "Import-export",
    "Massagesalon",
    "Vastgoed",
]
SIGNAAL_TITELS = [
    "{b} waar je nooit terechtkunt",
    "Afgeplakte ramen en stroomgeluid",
    "Veel kort verkeer bij {b}",
    "Dure auto's voor de deur van {b}",
    "Contante aankoop van pand",
    "Vermoeden hennepkwekerij",
    "Drugsafval gedumpt in buitengebied",
    "Arbeidsmigranten overbewoning",
    "Wisselende huurders bedrijfspand",
    "Zorgbureau met onverklaarbare omzet",
    "Opkoper zonder DOR-registratie",
    "Club met OMG-uitstraling",
]
OMSCHRIJVINGEN = [
    "Melder ziet 's avonds veel verkeer, overdag is de zaak dicht.",
    "Ramen zijn afgeplakt, er is een zoemend geluid en een sterke geur.",
    "Het pand is contant gekocht door een onbekende partij.",
    "Steeds wisselende personen, busjes met buitenlandse kentekens.",
    "Omzet past niet bij het aantal klanten; eigenaar rijdt in een dure auto.",
]
THEMAS_WEERBAARHEIDSSCAN = [
    "Bewustwording en organisatie",
    "Informatiepositie",
    "Beleid en handhaving",
    "Integere en veilige werkomgeving",
    "Communicatie",
]

S = SignaalStatus
# Lifecycle paths as they happen in practice; the last status is where the signal now stands.
PADEN_AFGESLOTEN = [
    ([S.GEREGISTREERD, S.WEGING, S.AFGESLOTEN], 50, Afsluitreden.GEEN_ACTIE),
    ([S.GEREGISTREERD, S.WEGING, S.AFGESLOTEN], 12, Afsluitreden.DOORVERWEZEN),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.AFGESLOTEN], 15, Afsluitreden.GEEN_RESULTAAT),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.AFGESLOTEN], 10, Afsluitreden.GEEN_RESULTAAT),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.RIEC, S.AFGESLOTEN], 5, Afsluitreden.OVERGEDRAGEN),
    (
        [S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.INTERVENTIE, S.AFGESLOTEN],
        8,
        Afsluitreden.INTERVENTIE_AFGEROND,
    ),
]
PADEN_OPEN = [
    ([S.GEREGISTREERD], 20),
    ([S.GEREGISTREERD, S.WEGING], 20),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN], 25),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG], 15),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.RIEC], 10),
    ([S.GEREGISTREERD, S.WEGING, S.OPPLUSSEN, S.OVERLEG, S.INTERVENTIE], 10),
]


@contextmanager
def eigen_tijdstempels(model):
    """bulk_create stamps auto_now(_add) fields with "now"; benchmark rows carry their own dates."""
    velden = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    oud = [(f.auto_now, f.auto_now_add) for f in velden]
    for veld in velden:
        veld.auto_now = veld.auto_now_add = False
    try:
        yield
    finally:
        for veld, (now, now_add) in zip(velden, oud, strict=True):
            veld.auto_now, veld.auto_now_add = now, now_add


def _copy_waarde(waarde) -> str:
    """One value in PostgreSQL's COPY text format."""
    if waarde is None:
        return "\\N"
    if isinstance(waarde, bool):
        return "t" if waarde else "f"
    # A datetime is a date too; both in ISO form, which PostgreSQL reads with the offset.
    tekst = waarde.isoformat() if isinstance(waarde, datetime.date | datetime.time) else str(waarde)
    return tekst.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _lezer(veld):
    if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
        return lambda obj: veld.pre_save(obj, add=True)
    if isinstance(veld, models.JSONField):
        return lambda obj: None if (w := getattr(obj, veld.attname)) is None else json.dumps(w, cls=veld.encoder)
    naam = veld.attname
    return lambda obj: getattr(obj, naam)


def kopieer(model, objecten: list) -> list:
    """bulk_create through COPY on PostgreSQL: ids drawn from the table's sequence in one query, the
    rows streamed with copy_expert in batches; the objects come back saved, with their ids, as
    bulk_create returns them. Fields are prepared as Django would (pre_save, get_db_prep_save)."""
    if not objecten:
        return objecten
    meta = model._meta
    velden = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    # The attribute as stored, prepared only where Django would change it (auto_now stamps, JSON):
    # get_db_prep_save per cell cost more than the database did (profile at 10,000 signals).
    lezers = [_lezer(f) for f in velden]
    with connection.cursor() as cursor:
        zonder_id = [o for o in objecten if o.pk is None]
        if zonder_id:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(zonder_id)],
            )
            for obj, (nieuw,) in zip(zonder_id, cursor.fetchall(), strict=True):
                obj.pk = nieuw
        kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({kolommen}) FROM STDIN"
        for begin in range(0, len(objecten), BATCH * 4):
            buffer = io.StringIO()
            for obj in objecten[begin : begin + BATCH * 4]:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                waarden = (lees(obj) for lees in lezers)
                buffer.write("\t".join(_copy_waarde(w) for w in waarden))
                buffer.write("\n")
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
    for obj in objecten:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objecten


@contextmanager
def indexen_na_het_laden(tabellen: list[str]):
    """Drop the plain indexes and the foreign keys of the tables being filled and build them once
    afterwards: one sort per index instead of a B-tree (and GIN) insert per row, and one join per
    foreign key instead of a deferred check per row (at 1,000,000 signals the queued checks of
    ~10 million rows took longer than loading them, BENCH.md). Primary keys and unique constraints
    stay (the data relies on them); every foreign key is validated when it is added back."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tabellen],
        )
        indexen = cursor.fetchall()
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace "
            "AND c.conrelid::regclass::text = ANY(%s)",
            [[connection.ops.quote_name(t) if t != t.lower() else t for t in tabellen]],
        )
        sleutels = cursor.fetchall()
        for tabel, naam, _ in sleutels:
            cursor.execute(f"ALTER TABLE {tabel} DROP CONSTRAINT {connection.ops.quote_name(naam)}")
        for naam, _ in indexen:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(naam)}")
    yield
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; ALTER/CREATE INDEX refuse a table with checks
        # pending (here only those of the small tables that keep their keys).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definitie in indexen:
            cursor.execute(definitie)
        for tabel, naam, definitie in sleutels:
            cursor.execute(f"ALTER TABLE {tabel} ADD CONSTRAINT {connection.ops.quote_name(naam)} {definitie}")


def _kies_gewogen(rng: random.Random, opties):
    return rng.choices(opties, weights=[o[1] for o in opties])[0]


class Command(BaseCommand):
    help = "Vul een (lege) database met benchmarkdata: --signalen 1000 / 10000 / 100000."

    def add_arguments(self, parser):
        parser.add_argument("--signalen", type=int, default=1000, help="Aantal signalen (standaard 1000).")
        parser.add_argument("--seed", type=int, default=20261122)
        parser.add_argument(
            "--insert", action="store_true", help="Laad met bulk_create en behoud de indexen (ter vergelijking)."
        )

    def handle(self, *args, signalen: int, seed: int, insert: bool = False, **options):
        if signalen < 10:
            raise CommandError("Kies minstens 10 signalen.")
        if Signaal.objects.filter(titel__startswith="[bench]").exists():
            raise CommandError("Deze database bevat al benchmarkdata; gebruik een verse database.")
        self.copy = connection.vendor == "postgresql" and not insert
        self.rng = random.Random(seed)
        self.n = signalen
        self.f = signalen / 100_000  # scale factor of every other volume
        self.vandaag = timezone.localdate()
        self.begin = self.vandaag - datetime.timedelta(days=3650)
        self.nu = timezone.now()
        start = time.monotonic()
        self.tellingen: dict[str, int] = {}
        tabellen = [m._meta.db_table for m in apps.get_models() if m._meta.app_label in BENCH_APPS]
        with transaction.atomic(), indexen_na_het_laden(tabellen if self.copy else []):
            for stap in (
                self._basis,
                self._gebruikers,
                self._subjecten,
                self._signalen,
                self._overleg_riec,
                self._controles,
                self._theseus,
                self._actieplan,
            ):
                t = time.monotonic()
                stap()
                self.stdout.write(f"  {stap.__name__.strip('_'):<12} {time.monotonic() - t:6.1f} s")
        if connection.vendor == "postgresql":
            # A database that has run for years has been vacuumed (visibility map set, so counts
            # can use index-only scans) and analysed; fresh bulk inserts are neither.
            # VACUUM cannot run inside a transaction (as in a test); ANALYZE can.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        regels = ", ".join(f"{k} {v}" for k, v in self.tellingen.items())
        self.stdout.write(self.style.SUCCESS(f"Benchmarkdata in {time.monotonic() - start:.1f} s: {regels}"))

    # --- helpers ---------------------------------------------------------------------------

    def _bulk(self, model, objecten, naam: str | None = None):
        if self.copy:
            objecten = kopieer(model, list(objecten))  # COPY: about 3x faster than multi-row INSERTs
        else:
            objecten = model.objects.bulk_create(objecten, batch_size=BATCH)
        if naam:
            self.tellingen[naam] = self.tellingen.get(naam, 0) + len(objecten)
        return objecten

    def _schaal(self, aantal: int, minimum: int = 1) -> int:
        return max(minimum, round(aantal * self.f))

    def _datum(self, begin: datetime.date | None = None, eind: datetime.date | None = None) -> datetime.date:
        begin, eind = begin or self.begin, eind or self.vandaag
        return begin + datetime.timedelta(days=self.rng.randrange(max(1, (eind - begin).days + 1)))

    def _moment(self, datum: datetime.date, uur: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur, self.rng.randrange(60))))

    def _naam(self) -> str:
        return f"{self.rng.choice(VOORNAMEN)} {self.rng.choice(ACHTERNAMEN)}"

    # --- steps -----------------------------------------------------------------------------

    def _basis(self):
        self.gemeenten = []
        for naam, (code, _gewicht) in GEMEENTEN.items():
            gemeente = Gemeente.objects.filter(cbs_code=code).first() or Gemeente.objects.filter(naam=naam).first()
            if gemeente is None:
                gemeente = Gemeente.objects.create(naam=naam, cbs_code=code)
            self.gemeenten.append(gemeente)
        self.gewichten = [g for _c, g in GEMEENTEN.values()]
        per_naam = {g.naam: g for g in self.gemeenten}
        for naam, leden in SAMENWERKINGSVERBANDEN.items():
            verband, _ = Samenwerkingsverband.objects.get_or_create(naam=naam)
            verband.gemeenten.add(*[per_naam[n] for n in leden])
        self.verbanden = {naam: [per_naam[n] for n in leden] for naam, leden in SAMENWERKINGSVERBANDEN.items()}
        self.organisaties = {}
        for naam, soort in ORGANISATIES.items():
            self.organisaties[naam], _ = Organisatie.objects.get_or_create(naam=naam, defaults={"type": soort})
        self.fenomenen = list(Fenomeen.objects.filter(actief=True))
        if not self.fenomenen:
            raise CommandError("Geen fenomenen: draai eerst migrate.")
        self.tellingen["gemeenten"] = len(self.gemeenten)

    def _gebruikers(self):
        groepen = {rol: Group.objects.get_or_create(name=rol.value)[0] for rol in Rol}
        sjabloon = Gebruiker(username="x")
        sjabloon.set_password(BENCH_WACHTWOORD)  # hash once; every bench user shares it
        wachtwoord = sjabloon.password
        gemeentelijk = self.organisaties["Samen Weerbaar"]
        specificaties = []  # (username, rollen, gemeenten, organisatie, superuser)
        for i, g in enumerate(self.gemeenten):
            for rol, aantal in ((Rol.BELEIDSMEDEWERKER, 2), (Rol.TOEZICHTHOUDER, 3), (Rol.VOORZITTER, 1)):
                for j in range(aantal):
                    specificaties.append((f"bench_{rol.value[:6]}_{i}_{j}", [rol], [g], gemeentelijk, False))
        for leden in self.verbanden.values():
            specificaties.append((f"bench_coord_{len(specificaties)}", [Rol.COORDINATOR], leden, gemeentelijk, False))
        for naam in ("Politie", "ODRA", "Douane"):
            specificaties.append(
                (f"bench_partner_{naam.lower()}", [Rol.KETENPARTNER], [], self.organisaties[naam], False)
            )
        specificaties.append(("bench_beheer", [Rol.BEHEERDER, Rol.REGIOBEHEERDER], [], gemeentelijk, False))
        per_naam = {g.naam: g for g in self.gemeenten}
        specificaties.append(
            (
                BENCH_GEBRUIKER,
                [Rol.BELEIDSMEDEWERKER, Rol.COORDINATOR, Rol.VOORZITTER],
                [per_naam[n] for n in BENCH_GEMEENTEN],
                gemeentelijk,
                False,
            )
        )
        specificaties.append((BENCH_BEHEERDER, [Rol.BEHEERDER], [], gemeentelijk, True))
        gebruikers = self._bulk(
            Gebruiker,
            [
                Gebruiker(
                    username=u,
                    password=wachtwoord,
                    first_name=u.split("_")[1].title(),
                    last_name=u,
                    email=f"{u}@example.org",
                    organisatie=org,
                    is_superuser=su,
                    is_staff=su,
                )
                for u, _r, _g, org, su in specificaties
            ],
            "gebruikers",
        )
        GroepLid = Gebruiker.groups.through
        GemeenteLid = Gebruiker.gemeenten.through
        self._bulk(
            GroepLid,
            [
                GroepLid(gebruiker_id=u.pk, group_id=groepen[r].pk)
                for u, (_n, rollen, _g, _o, _s) in zip(gebruikers, specificaties, strict=True)
                for r in rollen
            ],
        )
        self._bulk(
            GemeenteLid,
            [
                GemeenteLid(gebruiker_id=u.pk, gemeente_id=g.pk)
                for u, (_n, _r, gem, _o, _s) in zip(gebruikers, specificaties, strict=True)
                for g in gem
            ],
        )
        self.beleid = {g.pk: [] for g in self.gemeenten}
        self.toezicht = {g.pk: [] for g in self.gemeenten}
        self.voorzitters = {g.pk: [] for g in self.gemeenten}
        for u, (_n, rollen, gem, _o, _s) in zip(gebruikers, specificaties, strict=True):
            for g in gem:
                if Rol.BELEIDSMEDEWERKER in rollen:
                    self.beleid[g.pk].append(u.pk)
                if Rol.TOEZICHTHOUDER in rollen:
                    self.toezicht[g.pk].append(u.pk)
                if Rol.VOORZITTER in rollen:
                    self.voorzitters[g.pk].append(u.pk)

    def _subjecten(self):
        """~0.3 subjects per signal (30,000 at 100,000): addresses, businesses (KVK), persons."""
        totaal = self._schaal(30_000, 30)
        rng = self.rng
        adressen, self.postcodes = [], {}
        for i in range(int(totaal * 0.45)):
            g = self.gemeenten[i % len(self.gemeenten)]
            # Unique per municipality: postcode from the index, house number from the index.
            cijfers = 1000 + (i * 7919) % 8999
            letters = chr(65 + (i // 26) % 26) + chr(65 + i % 26)
            adressen.append(
                Adres(
                    gemeente=g,
                    straat=rng.choice(STRATEN),
                    huisnummer=str(1 + i % 180),
                    plaats=g.naam,
                    postcode=f"{cijfers} {letters}",
                    bag_id=f"{g.pk:04d}{i:012d}",
                )
            )
        self.adressen = self._bulk(Adres, adressen, "adressen")
        self.adressen_per = self._per_gemeente(self.adressen)
        bedrijven = []
        for i in range(int(totaal * 0.3)):
            g = self.gemeenten[i % len(self.gemeenten)]
            eigen_adressen = self.adressen_per[g.pk]
            bedrijven.append(
                Bedrijf(
                    gemeente=g,
                    naam=f"{rng.choice(BRANCHES)} {rng.choice(ACHTERNAMEN)} {i}",
                    kvk_nummer=f"{60000000 + i * 13 % 39999999:08d}",
                    adres=rng.choice(eigen_adressen) if eigen_adressen else None,
                )
            )
        self.bedrijven = self._bulk(Bedrijf, bedrijven, "bedrijven")
        self.bedrijven_per = self._per_gemeente(self.bedrijven)
        personen = [
            Persoon(
                gemeente=self.gemeenten[i % len(self.gemeenten)],
                naam=self._naam(),
                geboortedatum=datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
                if rng.random() < 0.5
                else None,
            )
            for i in range(totaal - len(adressen) - len(bedrijven))
        ]
        self.personen = self._bulk(Persoon, personen, "personen")
        self.personen_per = self._per_gemeente(self.personen)

    def _per_gemeente(self, rijen):
        per = {g.pk: [] for g in self.gemeenten}
        for rij in rijen:
            per[rij.gemeente_id].append(rij)
        return per

    def _subject(self, lijst):
        """Recurring subjects: a skewed pick, so a few addresses/businesses appear in many signals."""
        if not lijst:
            return None
        return lijst[min(len(lijst) - 1, int(len(lijst) * self.rng.random() ** 2))]

    def _signalen(self):
        rng = self.rng
        bronnen = list(Bron.values)
        self.signaal_paden = []
        signalen = []
        koppelingen = []  # (fenomeen_ids, adressen, bedrijven, personen) per signal
        for _ in range(self.n):
            g = rng.choices(self.gemeenten, weights=self.gewichten)[0]
            ontvangen = self._datum()
            oud = (self.vandaag - ontvangen).days > 365
            if oud or rng.random() < 0.4:
                pad, _w, reden = _kies_gewogen(rng, PADEN_AFGESLOTEN)
            else:
                pad, reden = _kies_gewogen(rng, PADEN_OPEN)[0], ""
            adressen = [a for a in [self._subject(self.adressen_per[g.pk])] if a and rng.random() < 0.7]
            bedrijven = [b for b in [self._subject(self.bedrijven_per[g.pk])] if b and rng.random() < 0.5]
            personen = [p for p in [self._subject(self.personen_per[g.pk])] if p and rng.random() < 0.4]
            fenomenen = rng.sample(self.fenomenen, rng.choice((1, 1, 1, 2, 2, 3)))
            bedrijfsnaam = bedrijven[0].naam if bedrijven else rng.choice(BRANCHES).lower()
            titel = "[bench] " + rng.choice(SIGNAAL_TITELS).format(b=bedrijfsnaam)
            omschrijving = rng.choice(OMSCHRIJVINGEN)
            delen = [titel, omschrijving, *[str(a) for a in adressen]]
            delen += [f"{b.naam} {b.kvk_nummer}" for b in bedrijven] + [p.naam for p in personen]
            status = pad[-1]
            behandelaars = self.beleid[g.pk]
            signalen.append(
                Signaal(
                    gemeente=g,
                    titel=titel[:200],
                    omschrijving=omschrijving,
                    bron=rng.choice(bronnen),
                    ontvangen_op=ontvangen,
                    prioriteit=rng.choice((1, 2, 2, 2, 3)),
                    behandelaar_id=rng.choice(behandelaars) if status != S.GEREGISTREERD else None,
                    status=status,
                    afsluitreden=reden,
                    afgesloten_op=min(self.vandaag, ontvangen + datetime.timedelta(days=rng.randrange(5, 200)))
                    if status == S.AFGESLOTEN
                    else None,
                    zoektekst=" ".join(delen),
                    created_at=self._moment(ontvangen, 9),
                    updated_at=self._moment(min(self.vandaag, ontvangen + datetime.timedelta(days=len(pad) * 7)), 16),
                )
            )
            self.signaal_paden.append(pad)
            koppelingen.append(([f.pk for f in fenomenen], adressen, bedrijven, personen))
        with eigen_tijdstempels(Signaal):
            self.signalen = self._bulk(Signaal, signalen, "signalen")
        through = {
            "fenomenen": Signaal.fenomenen.through,
            "adressen": Signaal.adressen.through,
            "bedrijven": Signaal.bedrijven.through,
            "personen": Signaal.personen.through,
        }
        rijen = {k: [] for k in through}
        for s, (fenomeen_ids, adressen, bedrijven, personen) in zip(self.signalen, koppelingen, strict=True):
            rijen["fenomenen"] += [through["fenomenen"](signaal_id=s.pk, fenomeen_id=f) for f in fenomeen_ids]
            rijen["adressen"] += [through["adressen"](signaal_id=s.pk, adres_id=a.pk) for a in adressen]
            rijen["bedrijven"] += [through["bedrijven"](signaal_id=s.pk, bedrijf_id=b.pk) for b in bedrijven]
            rijen["personen"] += [through["personen"](signaal_id=s.pk, persoon_id=p.pk) for p in personen]
        for naam, model in through.items():
            self._bulk(model, rijen[naam], f"signaal-{naam}")
        self._levensloop()

    def _levensloop(self):
        """Transitions along each signal's path, a weging, enrichment entries."""
        rng = self.rng
        overgangen, wegingen, verrijkingen = [], [], []
        bronnen = list(VerrijkingBron.values)
        for s, pad in zip(self.signalen, self.signaal_paden, strict=True):
            dag = s.ontvangen_op
            van = ""
            door = s.behandelaar_id or rng.choice(self.beleid[s.gemeente_id])
            for stap, naar in enumerate(pad):
                # One hour later per step: strictly increasing even when several fall on today.
                overgangen.append(
                    Statusovergang(
                        signaal_id=s.pk,
                        van=van,
                        naar=naar,
                        door_id=door,
                        created_at=self._moment(dag, 9 + stap),
                        reden="",
                    )
                )
                if naar == S.WEGING:
                    doorgaan = len(pad) > 3 or pad[-1] != S.AFGESLOTEN
                    uitkomst = (
                        WegingUitkomst.OPPLUSSEN
                        if doorgaan
                        else (
                            WegingUitkomst.DOORVERWIJZEN
                            if s.afsluitreden == Afsluitreden.DOORVERWEZEN
                            else WegingUitkomst.GEEN_ACTIE
                        )
                    )
                    wegingen.append(
                        Weging(
                            signaal_id=s.pk,
                            is_ondermijning=doorgaan,
                            raakt_gemeentelijke_taak=True,
                            is_concreet=doorgaan,
                            is_recent=True,
                            uitkomst=uitkomst,
                            door_id=door,
                            op=self._moment(dag, 9 + stap),
                            toelichting="",
                            doorverwezen_naar="Team Handhaving" if uitkomst == WegingUitkomst.DOORVERWIJZEN else "",
                        )
                    )
                if naar == S.OPPLUSSEN:
                    for _ in range(rng.choice((1, 1, 2, 3))):
                        verrijkingen.append(
                            Verrijking(
                                signaal_id=s.pk,
                                bron=rng.choice(bronnen),
                                datum=dag,
                                auteur_id=door,
                                informatie="Inschrijving en eigendom nagegaan; geen bijzonderheden.",
                                betrouwbaarheid_bron=rng.choice(BetrouwbaarheidBron.values),
                                betrouwbaarheid_informatie=rng.choice(BetrouwbaarheidInformatie.values),
                                grondslag="Gemeentelijke taak (APV, Wet Bibob)",
                            )
                        )
                van = naar
                dag = min(self.vandaag, dag + datetime.timedelta(days=rng.randrange(1, 30)))
        self._bulk(Statusovergang, overgangen, "statusovergangen")
        self._bulk(Weging, wegingen, "wegingen")
        self._bulk(Verrijking, verrijkingen, "verrijkingen")

    def _overleg_riec(self):
        """An overleg every six weeks per municipality; RIEC forms and interventions along the paths."""
        rng = self.rng
        overleggen = {}
        for g in self.gemeenten:
            datum = self.begin
            while datum <= self.vandaag + datetime.timedelta(days=60):
                overleggen[(g.pk, datum)] = Overleg(
                    titel="Lokaal ondermijningsoverleg",
                    datum=datum,
                    locatie=f"Gemeentehuis {g.naam}",
                    voorzitter_id=(self.voorzitters[g.pk] or [None])[0],
                )
                datum += datetime.timedelta(weeks=6)
        sleutels = list(overleggen)
        objecten = self._bulk(Overleg, list(overleggen.values()), "overleggen")
        OverlegGemeente = Overleg.gemeenten.through
        OverlegOrg = Overleg.organisaties.through
        self._bulk(
            OverlegGemeente,
            [OverlegGemeente(overleg_id=o.pk, gemeente_id=k[0]) for k, o in zip(sleutels, objecten, strict=True)],
        )
        partners = [self.organisaties["Politie"].pk, self.organisaties["ODRA"].pk]
        self._bulk(OverlegOrg, [OverlegOrg(overleg_id=o.pk, organisatie_id=p) for o in objecten for p in partners])
        per_gemeente = {}
        for (gid, datum), o in zip(sleutels, objecten, strict=True):
            per_gemeente.setdefault(gid, []).append((datum, o))
        agendapunten, meldingen, interventies = [], [], []
        soorten = [
            InterventieSoort.WAARSCHUWING_13B,
            InterventieSoort.SLUITING_13B,
            InterventieSoort.BIBOB,
            InterventieSoort.STOP_GESPREK,
            InterventieSoort.HELING_DOR,
            InterventieSoort.DRUGSHANDEL_STRAAT,
        ]
        adres_ids = dict(Signaal.adressen.through.objects.values_list("signaal_id", "adres_id"))
        for s, pad in zip(self.signalen, self.signaal_paden, strict=True):
            if S.OVERLEG in pad:
                lijst = per_gemeente[s.gemeente_id]
                overleg = next((o for d, o in lijst if d >= s.ontvangen_op), lijst[-1])
                besluit = (
                    Besluit.RIEC_SIGNAAL
                    if S.RIEC in pad
                    else (Besluit.TRAJECT_13B if S.INTERVENTIE in pad else Besluit.OPPLUSSEN)
                )
                afgerond = overleg.datum <= self.vandaag
                agendapunten.append(
                    Agendapunt(
                        overleg_id=overleg.pk,
                        signaal_id=s.pk,
                        volgorde=len(agendapunten) % 12,
                        besluit=besluit if afgerond else "",
                        besloten_op=self._moment(overleg.datum, 15) if afgerond else None,
                        besloten_door_id=overleg.voorzitter_id if afgerond else None,
                    )
                )
            if S.RIEC in pad:
                ingediend = min(self.vandaag, s.ontvangen_op + datetime.timedelta(days=40))
                meldingen.append(
                    RiecMelding(
                        signaal_id=s.pk,
                        status=RiecStatus.INTERVENTIE_DOOR if pad[-1] != S.RIEC else RiecStatus.INGEDIEND,
                        vraag_aan_riec="Verzoek om informatie van de convenantpartners over dit adres.",
                        genomen_maatregelen="Controle uitgevoerd; KVK en BAG geraadpleegd.",
                        contactpersoon_id=s.behandelaar_id,
                        ingediend_op=ingediend,
                        partner_id=self.organisaties["Politie"].pk if pad[-1] != S.RIEC else None,
                    )
                )
            if S.INTERVENTIE in pad:
                soort = rng.choice(soorten)
                start = min(self.vandaag, s.ontvangen_op + datetime.timedelta(days=60))
                bibob = soort == InterventieSoort.BIBOB
                interventies.append(
                    Interventie(
                        signaal_id=s.pk,
                        soort=soort,
                        gestart_op=start,
                        omschrijving="",
                        afgerond_op=min(self.vandaag, start + datetime.timedelta(days=90))
                        if pad[-1] == S.AFGESLOTEN
                        else None,
                        adres_id=adres_ids.get(s.pk),
                        door_id=s.behandelaar_id,
                        advies_aangevraagd_op=start if bibob else None,
                        advies_termijn_tot=start + datetime.timedelta(weeks=8) if bibob else None,
                        bibob_uitkomst=rng.choice(BibobUitkomst.values) if bibob and pad[-1] == S.AFGESLOTEN else "",
                    )
                )
        self._bulk(Agendapunt, agendapunten, "agendapunten")
        self._bulk(RiecMelding, meldingen, "riec-meldingen")
        self.interventies = self._bulk(Interventie, interventies, "interventies")

    def _controles(self):
        """5,000 controls (at 100,000 signals) with ~4 objects each and 20,000 visits."""
        rng = self.rng
        aantal = self._schaal(5000, 5)
        soorten = (
            [ControleSoort.INTEGRALE_CONTROLE] * 5
            + [ControleSoort.THEMACONTROLE] * 3
            + [ControleSoort.DOR_CONTROLE, ControleSoort.ACTIEWEEK]
        )
        themas = [t for t in ControleThema.values if t != ControleThema.ANDERS]
        controles = []
        for _ in range(aantal):
            g = rng.choices(self.gemeenten, weights=self.gewichten)[0]
            soort = rng.choice(soorten)
            datum = self._datum(eind=self.vandaag + datetime.timedelta(days=90))
            if datum > self.vandaag:
                status = ControleStatus.GEPLAND
            else:
                status = rng.choices(
                    [ControleStatus.AFGEROND, ControleStatus.UITGEVOERD, ControleStatus.GEANNULEERD],
                    weights=[85, 10, 5],
                )[0]
            controles.append(
                Controle(
                    soort=soort,
                    thema=rng.choice(themas) if soort == ControleSoort.THEMACONTROLE else "",
                    gemeente=g,
                    datum=datum,
                    starttijd=datetime.time(9, 30),
                    eindtijd=datetime.time(15, 0),
                    doel=rng.choice(ControleDoel.values),
                    status=status,
                    kosten=Decimal("250.00") if soort == ControleSoort.INTEGRALE_CONTROLE else Decimal("0"),
                    kosten_geboekt=status in (ControleStatus.UITGEVOERD, ControleStatus.AFGEROND),
                    aangemaakt_door_id=rng.choice(self.toezicht[g.pk]),
                )
            )
        self.controles = self._bulk(Controle, controles, "controles")
        Deelname = Controle.deelnemende_organisaties.through
        Deelnemer = Controle.deelnemers.through
        partners = [self.organisaties["Politie"].pk, self.organisaties["ODRA"].pk]
        self._bulk(Deelname, [Deelname(controle_id=c.pk, organisatie_id=p) for c in self.controles for p in partners])
        self._bulk(
            Deelnemer,
            [
                Deelnemer(controle_id=c.pk, gebruiker_id=u)
                for c in self.controles
                for u in self.toezicht[c.gemeente_id][:2]
            ],
        )
        objecten = []
        for c in self.controles:
            gekozen_bedrijven, gekozen_adressen = set(), set()
            for _ in range(6):
                if rng.random() < 0.6 and self.bedrijven_per[c.gemeente_id]:
                    b = self._subject(self.bedrijven_per[c.gemeente_id])
                    if b.pk in gekozen_bedrijven:
                        continue
                    gekozen_bedrijven.add(b.pk)
                    objecten.append(
                        ControleObject(
                            controle=c,
                            bedrijf=b,
                            adres_id=b.adres_id,
                            reden="",
                            volgorde=len(gekozen_bedrijven) + len(gekozen_adressen),
                        )
                    )
                else:
                    a = self._subject(self.adressen_per[c.gemeente_id])
                    if a is None or a.pk in gekozen_adressen:
                        continue
                    gekozen_adressen.add(a.pk)
                    objecten.append(
                        ControleObject(
                            controle=c, adres=a, reden="", volgorde=len(gekozen_bedrijven) + len(gekozen_adressen)
                        )
                    )
        objecten = self._bulk(ControleObject, objecten, "controle-objecten")
        bezocht = {ControleStatus.UITGEVOERD, ControleStatus.AFGEROND}
        doel_bezoeken = self._schaal(20_000, 20)
        kandidaten = [o for o in objecten if o.controle.status in bezocht]
        rng.shuffle(kandidaten)
        bezoeken = []
        for o in kandidaten[:doel_bezoeken]:
            c = o.controle
            vervolg = rng.choices(Vervolg.values, weights=[80, 10, 10])[0]
            bezoeken.append(
                Bezoek(
                    controle=c,
                    object=o,
                    adres_id=o.adres_id,
                    bedrijf_id=o.bedrijf_id,
                    bezocht_op=self._moment(c.datum, rng.randrange(9, 15)),
                    aanwezigen="Eigenaar en medewerker",
                    bevindingen=rng.choice(
                        [
                            "Geen bijzonderheden.",
                            "Administratie niet op orde.",
                            "Meer personen aanwezig dan verwacht.",
                            "Ruimte achter afgesloten.",
                        ]
                    ),
                    vervolg=vervolg,
                    door_id=rng.choice(self.toezicht[c.gemeente_id]),
                )
            )
        self.bezoeken = self._bulk(Bezoek, bezoeken, "bezoeken")
        self._bulk(Planningsregel, [Planningsregel(gemeente=g, interval_weken=6) for g in self.gemeenten])

    def _theseus(self):
        """3,000 businesses (at 100,000 signals) on industrial estates with one to four labels each."""
        rng = self.rng
        terreinen = self._bulk(
            Bedrijventerrein,
            [
                Bedrijventerrein(gemeente=g, naam=f"Bedrijventerrein {naam}")
                for g in self.gemeenten
                for naam in ("Noord", "Zuid", "Haven")
            ],
            "bedrijventerreinen",
        )
        terreinen_per = self._per_gemeente(terreinen)
        aantal = min(len(self.bedrijven), self._schaal(3000, 3))
        labels = []
        for b in rng.sample(self.bedrijven, aantal):
            terrein = rng.choice(terreinen_per[b.gemeente_id])
            datum = self._datum()
            historie = rng.choice((1, 1, 2, 2, 3, 4))
            for i in range(historie):
                label = rng.choices(Label.values, weights=[60, 30, 10])[0]
                labels.append(
                    TheseusLabel(
                        bedrijf_id=b.pk,
                        bedrijventerrein=terrein,
                        label=label,
                        datum=datum,
                        bronnen="Open bronnen, straatinformatie, KVK",
                        huidig=i == historie - 1,
                        door_id=rng.choice(self.beleid[b.gemeente_id]),
                    )
                )
                datum = min(self.vandaag, datum + datetime.timedelta(days=rng.randrange(30, 400)))
        self._bulk(TheseusLabel, labels, "theseus-labels")

    def _actieplan(self):
        """Per samenwerkingsverband a plan per year for ten years: themes, 20 actions, costs, spending."""
        rng = self.rng
        jaren = list(range(self.vandaag.year - 9, self.vandaag.year + 1))
        plannen, plan_gemeenten = [], []
        verbanden = {v.naam: v for v in Samenwerkingsverband.objects.filter(naam__in=self.verbanden)}
        for naam, leden in self.verbanden.items():
            for jaar in jaren:
                plannen.append(
                    Uitvoeringsplan(
                        naam=f"Uitvoeringsplan {naam[7:]} {jaar}",
                        periode_start=datetime.date(jaar, 1, 1),
                        periode_eind=datetime.date(jaar, 12, 31),
                        samenwerkingsverband=verbanden[naam],
                    )
                )
                plan_gemeenten.append(leden)
        plannen = self._bulk(Uitvoeringsplan, plannen, "plannen")
        PlanGemeente = Uitvoeringsplan.gemeenten.through
        self._bulk(
            PlanGemeente,
            [
                PlanGemeente(uitvoeringsplan_id=p.pk, gemeente_id=g.pk)
                for p, leden in zip(plannen, plan_gemeenten, strict=True)
                for g in leden
            ],
        )
        themas = self._bulk(
            Thema,
            [
                Thema(plan=p, nummer=i + 1, naam=naam)
                for p in plannen
                for i, naam in enumerate(THEMAS_WEERBAARHEIDSSCAN)
            ],
        )
        themas_per = {}
        for t in themas:
            themas_per.setdefault(t.plan_id, []).append(t)
        acties, actie_leden = [], []
        for p, leden in zip(plannen, plan_gemeenten, strict=True):
            verleden = p.periode_eind < self.vandaag
            for nummer in range(1, 21):
                q = (nummer - 1) % 4 + 1
                status = (
                    rng.choices([ActieStatus.AFGEROND, ActieStatus.DOORGESCHOVEN], weights=[85, 15])[0]
                    if verleden
                    else rng.choice(ActieStatus.values)
                )
                acties.append(
                    Actie(
                        plan=p,
                        nummer=nummer,
                        omschrijving=f"Actie {nummer}: voorlichting en controles",
                        thema=themas_per[p.pk][nummer % 5],
                        timing_soort=TimingSoort.KWARTAAL,
                        kwartaal=f"Q{q} {p.periode_start.year}",
                        financiering=rng.choice(Financiering.values),
                        status=status,
                        eigenaar_id=rng.choice(self.beleid[leden[0].pk]),
                    )
                )
                actie_leden.append(leden if nummer % 3 else [])  # every third one is joint
        acties = self._bulk(Actie, acties, "acties")
        ActieGemeente = Actie.gemeenten.through
        self._bulk(
            ActieGemeente,
            [
                ActieGemeente(actie_id=a.pk, gemeente_id=g.pk)
                for a, leden in zip(acties, actie_leden, strict=True)
                for g in leden
            ],
        )
        kosten = []
        for a, leden in zip(acties, plan_gemeenten_per_actie(plannen, plan_gemeenten, acties), strict=True):
            if a.nummer % 4 == 0:
                for g in leden:
                    kosten.append(
                        Kostenpost(
                            actie=a,
                            gemeente=g,
                            jaar=a.plan.periode_start.year,
                            categorie=rng.choice(UitgaveCategorie.values),
                            bedrag=Decimal(rng.choice((500, 700, 1000, 1500))),
                        )
                    )
        self._bulk(Kostenpost, kosten, "kostenposten")
        self._bulk(
            Begroting,
            [
                Begroting(gemeente=g, jaar=j, beschikbaar=Decimal("5000.00"), bron="Algemeen veiligheidsbudget")
                for g in self.gemeenten
                for j in jaren
            ],
            "begrotingen",
        )
        uitgaven = []
        acties_per_plan_gemeente = {}
        for a, leden in zip(acties, plan_gemeenten_per_actie(plannen, plan_gemeenten, acties), strict=True):
            for g in leden:
                acties_per_plan_gemeente.setdefault((g.pk, a.plan.periode_start.year), []).append(a)
        for g in self.gemeenten:
            for j in jaren:
                for _ in range(self._schaal(20, 2)):
                    datum = datetime.date(j, rng.randrange(1, 13), rng.randrange(1, 29))
                    if datum > self.vandaag:
                        continue
                    uitgaven.append(
                        Uitgave(
                            gemeente=g,
                            datum=datum,
                            bedrag=Decimal(rng.choice((125, 250, 500, 700, 1000))),
                            omschrijving="Uitgave",
                            categorie=rng.choice(UitgaveCategorie.values),
                            actie=rng.choice(acties_per_plan_gemeente.get((g.pk, j), [None])),
                        )
                    )
        self._bulk(Uitgave, uitgaven, "uitgaven")
        items = []
        for p, leden in zip(plannen, plan_gemeenten, strict=True):
            for maand in range(1, 13, 2):
                items.append(
                    (
                        CommunicatieItem(
                            onderwerp="Herken ondermijning",
                            datum=datetime.date(p.periode_start.year, maand, 1),
                            kanaal=rng.choice(Kanaal.values),
                            type=rng.choice(CommunicatieType.values),
                            thema="Mensenhandel",
                            status=CommunicatieStatus.GEPUBLICEERD,
                        ),
                        leden,
                    )
                )
        objecten = self._bulk(CommunicatieItem, [i for i, _ in items], "communicatie")
        ItemGemeente = CommunicatieItem.gemeenten.through
        self._bulk(
            ItemGemeente,
            [
                ItemGemeente(communicatieitem_id=o.pk, gemeente_id=g.pk)
                for o, (_i, leden) in zip(objecten, items, strict=True)
                for g in leden
            ],
        )


def plan_gemeenten_per_actie(plannen, plan_gemeenten, acties):
    """The municipalities of each action's plan, in the order of `acties`."""
    per_plan = {p.pk: leden for p, leden in zip(plannen, plan_gemeenten, strict=True)}
    return [per_plan[a.plan_id] for a in acties]
