"""Models of the signalen app.

Subjects (Adres, Bedrijf, Persoon) are reusable across signals, and controles visits reuse
them too; each belongs to one municipality, which scopes who may see it.
"""

import operator
import re
from functools import reduce

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Lookup
from django.db.models.expressions import Col
from django.db.models.lookups import IContains
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ondermijning import klok
from ondermijning.models import Gemeente
from ondermijning.scoping import GescoptQuerySet
from ondermijning.workflow import StatusWijziging

kvk_validator = RegexValidator(r"^\d{8}$", _("Een KVK-nummer bestaat uit precies 8 cijfers."))
postcode_validator = RegexValidator(
    r"^[1-9]\d{3} ?[A-Z]{2}$", _("Vul een postcode in als 1234 AB (vier cijfers, twee hoofdletters).")
)


def normaliseer_postcode(postcode: str) -> str:
    """'6921ab' and '6921 AB' are the same postcode; store it as '6921 AB'."""
    schoon = postcode.replace(" ", "").upper()
    return f"{schoon[:4]} {schoon[4:]}" if len(schoon) == 6 else postcode.strip().upper()


class SubjectQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class Adres(models.Model):
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    straat = models.CharField(_("straat"), max_length=120)
    huisnummer = models.CharField(_("huisnummer"), max_length=12, help_text=_("Met toevoeging, bijvoorbeeld 12a."))
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    plaats = models.CharField(_("plaats"), max_length=80)
    bag_id = models.CharField(
        _("BAG-id"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^\d{16}$", _("Een BAG-id bestaat uit 16 cijfers."))],
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        ordering = ["straat", "huisnummer"]
        constraints = [
            # Two streets may share a postcode and a number (Rijksweg 12 and Rijnstraat 12, 6921 AB):
            # the street is part of what identifies an address (see signalen/subjecten.py).
            models.UniqueConstraint(
                fields=["gemeente", "postcode", "huisnummer", "straat"], name="adres_uniek_per_gemeente"
            )
        ]
        indexes = [models.Index(fields=["postcode", "huisnummer"], name="adres_postcode_idx")]

    def __str__(self):
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.plaats}"

    def clean(self):
        if self.postcode:
            self.postcode = normaliseer_postcode(self.postcode)


class Bedrijf(models.Model):
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=150)
    kvk_nummer = models.CharField(_("KVK-nummer"), max_length=8, blank=True, validators=[kvk_validator])
    adres = models.ForeignKey(
        Adres,
        verbose_name=_("vestigingsadres"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bedrijven",
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("bedrijf")
        verbose_name_plural = _("bedrijven")
        ordering = ["naam"]
        indexes = [models.Index(fields=["kvk_nummer"], name="bedrijf_kvk_idx")]

    def __str__(self):
        return f"{self.naam} (KVK {self.kvk_nummer})" if self.kvk_nummer else self.naam


class Persoon(models.Model):
    """A person: name only; date of birth only when needed to tell two people apart (minimisation)."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=150)
    geboortedatum = models.DateField(
        _("geboortedatum"),
        null=True,
        blank=True,
        help_text=_("Alleen invullen als dat nodig is om personen uit elkaar te houden."),
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["naam"]
        indexes = [models.Index(fields=["naam"], name="persoon_naam_idx")]

    def __str__(self):
        return self.naam


# --------------------------------------------------------------------------------------------
# Reference lists (maintained by the beheerder in the admin)
# --------------------------------------------------------------------------------------------


class Fenomeen(models.Model):
    """A phenomenon of ondermijning (drugs, witwassen, ...); Samen Weerbaar prioritises some."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    samen_weerbaar_prioriteit = models.BooleanField(
        _("prioriteit Samen Weerbaar"),
        default=False,
        help_text=_("Samen Weerbaar geeft prioriteit aan mensenhandel, drugs, witwassen en zorgcriminaliteit."),
    )
    actief = models.BooleanField(_("actief"), default=True, help_text=_("Alleen actieve fenomenen zijn te kiezen."))

    class Meta:
        verbose_name = _("fenomeen")
        verbose_name_plural = _("fenomenen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class SoortZaak(models.TextChoices):
    """Case types of the Damocles ladder (art. 13b Opiumwet)."""

    SOFTDRUGS_WONING = "softdrugs_woning", _("Softdrugs in woning")
    SOFTDRUGS_BEDRIJFSPAND = "softdrugs_bedrijfspand", _("Softdrugs in bedrijfspand")
    HARDDRUGS_WONING = "harddrugs_woning", _("Harddrugs in woning")
    HARDDRUGS_BEDRIJFSPAND = "harddrugs_bedrijfspand", _("Harddrugs in bedrijfspand")


class LadderMaatregel(models.TextChoices):
    WAARSCHUWING = "waarschuwing", _("Waarschuwing")
    SLUITING = "sluiting", _("Sluiting")


class DamoclesladderQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class Damoclesladder(models.Model):
    """One step of a municipality's Damocles ladder: configuration, not code."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="damoclesladder"
    )
    soort_zaak = models.CharField(_("soort zaak"), max_length=30, choices=SoortZaak.choices)
    stap = models.PositiveSmallIntegerField(_("stap"), help_text=_("1 voor de eerste overtreding, 2 voor de tweede..."))
    maatregel = models.CharField(
        _("maatregel"), max_length=20, choices=LadderMaatregel.choices, default=LadderMaatregel.SLUITING
    )
    duur_maanden = models.PositiveSmallIntegerField(
        _("duur in maanden"),
        null=True,
        blank=True,
        help_text=_("Duur van de sluiting; leeg bij een waarschuwing of een sluiting voor onbepaalde tijd."),
    )
    onbepaalde_tijd = models.BooleanField(_("voor onbepaalde tijd"), default=False)

    objects = DamoclesladderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap van de Damoclesladder")
        verbose_name_plural = _("Damoclesladder")
        ordering = ["gemeente__naam", "soort_zaak", "stap"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "soort_zaak", "stap"], name="damoclesladder_stap_uniek")
        ]

    def __str__(self):
        return f"{self.gemeente} - {self.get_soort_zaak_display()} - {_('stap')} {self.stap}: {self.duur_tekst}"

    @property
    def duur_tekst(self) -> str:
        if self.maatregel == LadderMaatregel.WAARSCHUWING:
            return str(_("waarschuwing"))
        if self.onbepaalde_tijd:
            return str(_("sluiting voor onbepaalde tijd"))
        return str(_("sluiting %(maanden)s maanden") % {"maanden": self.duur_maanden})


# --------------------------------------------------------------------------------------------
# Signaal
# --------------------------------------------------------------------------------------------


class Bron(models.TextChoices):
    INTERN_MELDPUNT = "intern_meldpunt", _("Intern meldpunt")
    MMA = "mma", _("Meld Misdaad Anoniem")
    POLITIE = "politie", _("Politie")
    ODRA = "odra", _("ODRA")
    DOUANE = "douane", _("Douane")
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst")
    EIGEN_CONTROLE = "eigen_controle", _("Eigen controle")
    INWONER = "inwoner", _("Inwoner")
    ONDERNEMER = "ondernemer", _("Ondernemer")
    OVERIG = "overig", _("Overig")


class Prioriteit(models.IntegerChoices):
    # Numbers so that sorting ascending puts "hoog" first.
    HOOG = 1, _("Hoog")
    NORMAAL = 2, _("Normaal")
    LAAG = 3, _("Laag")


class SignaalStatus(models.TextChoices):
    GEREGISTREERD = "geregistreerd", _("Geregistreerd")
    WEGING = "weging", _("Weging")
    OPPLUSSEN = "opplussen", _("Opplussen")
    OVERLEG = "overleg", _("Overleg")
    RIEC = "riec", _("RIEC")
    INTERVENTIE = "interventie", _("Interventie")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Afsluitreden(models.TextChoices):
    GEEN_ACTIE = "geen_actie", _("Geen actie (geen ondermijning of geen gemeentelijke taak)")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen naar een andere afdeling of partner")
    GEEN_RESULTAAT = "geen_resultaat", _("Onderzocht, niets gevonden")
    INTERVENTIE_AFGEROND = "interventie_afgerond", _("Interventie afgerond")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen aan een ketenpartner")
    OVERIG = "overig", _("Overig")


# Closed for these reasons the signal led to nothing: kept for at most one year, then destroyed.
AFSLUITREDENEN_ZONDER_RESULTAAT = (Afsluitreden.GEEN_ACTIE, Afsluitreden.DOORVERWEZEN, Afsluitreden.GEEN_RESULTAAT)


# Signals awaiting weging (Mijn werk, reminders; an index's condition on Signaal).
WACHT_OP_WEGING = [SignaalStatus.GEREGISTREERD, SignaalStatus.WEGING]


class SignaalQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"
    # A partner sees a signal only through an agenda item explicitly shared with its organisation.
    gedeeld_met_pad = "agendapunten__gedeeld_met"

    def open(self):
        return self.exclude(status=SignaalStatus.AFGESLOTEN)

    def wacht_op_weging(self):
        return self.filter(status__in=WACHT_OP_WEGING)


class Signaal(models.Model):
    """An observation that may point to ondermijning, followed from registration to closure."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving van de feiten"))
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    ontvangen_op = models.DateField(_("ontvangen op"))
    fenomenen = models.ManyToManyField(Fenomeen, verbose_name=_("fenomenen"), blank=True, related_name="signalen")
    prioriteit = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=Prioriteit.choices, default=Prioriteit.NORMAAL
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="behandelde_signalen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignaalStatus.choices, default=SignaalStatus.GEREGISTREERD
    )
    afsluitreden = models.CharField(_("afsluitreden"), max_length=30, choices=Afsluitreden.choices, blank=True)
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    melder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder (intern meldpunt)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gemelde_signalen",
    )
    adressen = models.ManyToManyField(Adres, verbose_name=_("adressen"), blank=True, related_name="signalen")
    bedrijven = models.ManyToManyField(Bedrijf, verbose_name=_("bedrijven"), blank=True, related_name="signalen")
    personen = models.ManyToManyField(Persoon, verbose_name=_("personen"), blank=True, related_name="signalen")
    # Title, description and subject names/KVK/postcodes in one column, kept current by the
    # services; PostgreSQL searches it through a GIN full-text index (migration 0003).
    zoektekst = models.TextField(_("zoektekst"), blank=True, editable=False)
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=klok.nu, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SignaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-ontvangen_op", "-pk"]
        permissions = [
            ("exporteer_riec", _("RIEC-signaalformulier exporteren")),
            ("exporteer_signalen", _("Signalenlijst exporteren")),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status"], name="signaal_gemeente_status_idx"),
            # Every sortable column of the list with the id as the tie-breaker in the same direction
            # (SignaalFilter.qs), so a sorted page is an index walk, not a sort of every visible row
            # (issue 21; status and priority have a handful of values, titles repeat).
            models.Index(fields=["status", "id"], name="signaal_status_id_idx"),
            # Covers the filtered list's count (status within the user's municipalities) as an
            # index-only scan: 9.7 -> 1.7 ms at 100,000 signals (BENCH.md).
            models.Index(fields=["status", "gemeente", "id"], name="signaal_status_gemeente_id_idx"),
            # Mijn werk "aan mij toegewezen": open signals of one handler in the page's order. At
            # 100,000 signals a handler may have thousands of closed ones the query must skip.
            models.Index(
                fields=["behandelaar", "prioriteit", "-ontvangen_op"],
                condition=~models.Q(status="afgesloten"),
                name="signaal_open_behandelaar_idx",
            ),
            # Jaaroverzicht: a year of the user's municipalities, counted per source and joined to
            # its phenomena, without visiting the table: an index-only scan needs every column the
            # queries read, and they count the id (PostgreSQL INCLUDE; SQLite ignores it). At 1M
            # signals the per-source count went from 230 ms (bitmap heap scan) to 8 ms (issue 21).
            models.Index(
                fields=["gemeente", "ontvangen_op", "bron"], include=["id"], name="signaal_gemeente_ontvangen_idx"
            ),
            # Sorted by municipality name: the first ids of each municipality (paginering.py's groepen).
            models.Index(fields=["gemeente", "id"], name="signaal_gemeente_id_idx"),
            # Filtered by status, in the list's default order (newest first): walked in order, stopping
            # after a page, instead of sorting every signal of that status (28 -> 5 ms at 1M, issue 21).
            models.Index(fields=["status", "-ontvangen_op", "-id"], name="signaal_status_ontvangen_idx"),
            models.Index(fields=["bron"], name="signaal_bron_idx"),
            # Mijn werk "wacht op weging": the first five of the user's municipalities by priority and
            # date among the signals awaiting weging, walked in order instead of sorting all of them
            # (6,852 at 1M signals: 10 -> 0.2 ms, issue 21). The condition is `wacht_op_weging()`'s.
            models.Index(
                fields=["prioriteit", "ontvangen_op"],
                include=["gemeente"],
                # Spelled as status = a OR status = b, not IN: PostgreSQL prints an IN condition back
                # in a form that reads differently when recreated (maak_benchdata drops and rebuilds
                # indexes from their printed definitions); the planner proves an IN query uses it.
                condition=reduce(operator.or_, (models.Q(status=status) for status in WACHT_OP_WEGING)),
                name="signaal_wacht_op_weging_idx",
            ),
            # The list's default order (newest first). With the municipality in the index, a page number
            # typed deep into the list skips its OFFSET rows by an index-only scan (paginering.py's deferred
            # join: the ids, then the page's rows), not by reading every skipped row of the table: page 200
            # of 3 municipalities 24 -> 1.2 ms at 100,000 signals (issue 21). INCLUDE: PostgreSQL only.
            models.Index(fields=["-ontvangen_op", "-id"], include=["gemeente"], name="signaal_ontvangen_idx"),
            models.Index(fields=["prioriteit", "id"], name="signaal_prioriteit_id_idx"),
            # The priority filter's count within the user's municipalities as an index-only scan (issue 21).
            models.Index(fields=["prioriteit", "gemeente", "id"], name="signaal_prio_gemeente_id_idx"),
            models.Index(fields=["titel", "id"], name="signaal_titel_id_idx"),
            models.Index(fields=["created_at"], name="signaal_created_idx"),
            models.Index(fields=["updated_at", "id"], name="signaal_updated_id_idx"),
            models.Index(fields=["afgesloten_op"], name="signaal_afgesloten_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.titel}"

    def get_absolute_url(self):
        return reverse("signalen:detail", args=[self.pk])

    @property
    def nummer(self) -> str:
        return f"S-{self.pk:05d}" if self.pk else ""


# A word the generated `zoekvector` of PostgreSQL answers exactly (migration 0017): ASCII letters
# and digits, at least three (its shortest suffixes) and at most 60 (its longest).
WOORDDEEL_UIT_ZOEKVECTOR = re.compile(r"[0-9A-Za-z]{3,60}")


class WoordDeel(Lookup):
    """`zoektekst__woorddeel=woord`: the word as a part of the search text, case-insensitive.

    The same signals as `zoektekst__icontains` on every database. On PostgreSQL a word of ASCII
    letters and digits is a prefix query on the stored vector of every suffix of every word
    (migration 0017), one GIN lookup instead of a trigram scan that rechecks every candidate row
    (issue 21); other words, and SQLite, use `icontains` (the trigram index of 0013 on PostgreSQL).
    """

    lookup_name = "woorddeel"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        woord = self.rhs
        if (
            connection.vendor == "postgresql"
            and isinstance(woord, str)
            and WOORDDEEL_UIT_ZOEKVECTOR.fullmatch(woord)
            and isinstance(self.lhs, Col)
        ):
            tabel = compiler.quote_name_unless_alias(self.lhs.alias)
            return f"{tabel}.\"zoekvector\" @@ to_tsquery('pg_catalog.simple', %s)", [f"{woord.lower()}:*"]
        return IContains(self.lhs, woord).as_sql(compiler, connection)


Signaal._meta.get_field("zoektekst").register_lookup(WoordDeel)


class SignaalOnderdeelQuerySet(GescoptQuerySet):
    """Rows belonging to one signal: scoped through the signal's municipality."""

    gemeente_pad = "signaal__gemeente"


class Statusovergang(StatusWijziging):
    """One recorded transition of a signal: who, when, from, to, why."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="statusovergangen"
    )
    van = models.CharField(_("van"), max_length=20, choices=SignaalStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=SignaalStatus.choices)

    objects = SignaalOnderdeelQuerySet.as_manager()

    class Meta(StatusWijziging.Meta):
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusovergangen")

    def __str__(self):
        return f"{self.signaal_id}: {self.van} -> {self.naar}"


class SubjectSoort(models.TextChoices):
    ADRES = "adres", _("adres")
    BEDRIJF = "bedrijf", _("bedrijf")
    PERSOON = "persoon", _("persoon")


class SubjectOntkoppeling(models.Model):
    """A subject removed from a signal because it was linked wrongly: who, when, which, why (on the timeline)."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="ontkoppelingen"
    )
    soort = models.CharField(_("soort subject"), max_length=10, choices=SubjectSoort.choices)
    # The subject stays (other signals may use it); SET_NULL in case retention destroys it later.
    adres = models.ForeignKey(
        Adres, verbose_name=_("adres"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bedrijf = models.ForeignKey(
        Bedrijf, verbose_name=_("bedrijf"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    persoon = models.ForeignKey(
        Persoon, verbose_name=_("persoon"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ontkoppeld op"), auto_now_add=True)
    reden = models.CharField(_("reden"), max_length=500)

    objects = SignaalOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("ontkoppeld subject")
        verbose_name_plural = _("ontkoppelde subjecten")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.signaal_id}: {self.soort} ontkoppeld"

    @property
    def subject(self):
        return getattr(self, self.soort)


class WegingUitkomst(models.TextChoices):
    GEEN_ACTIE = "geen_actie", _("Geen actie")
    DOORVERWIJZEN = "doorverwijzen", _("Doorverwijzen naar een andere afdeling")
    OPPLUSSEN = "opplussen", _("Verder opplussen")
    AGENDEREN = "agenderen", _("Agenderen voor het overleg")


class Weging(models.Model):
    """Triage following the CCV model protocol."""

    signaal = models.ForeignKey(Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="wegingen")
    is_ondermijning = models.BooleanField(
        _("Wijst het signaal op ondermijning?"),
        help_text=_("Verwevenheid van onder- en bovenwereld: criminelen die gebruikmaken van legale structuren."),
    )
    raakt_gemeentelijke_taak = models.BooleanField(
        _("Raakt het een gemeentelijke taak?"),
        help_text=_("Vergunningen, handhaving, openbare orde, subsidies, vastgoed, zorg."),
    )
    is_concreet = models.BooleanField(_("Is het signaal concreet?"), help_text=_("Wie, wat, waar is bekend."))
    is_recent = models.BooleanField(_("Is het signaal recent?"), help_text=_("Speelt het nu of kort geleden."))
    toelichting = models.TextField(_("toelichting"), blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=WegingUitkomst.choices)
    doorverwezen_naar = models.CharField(_("doorverwezen naar"), max_length=150, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(_("op"), db_index=True)

    objects = SignaalOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("weging")
        verbose_name_plural = _("wegingen")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.signaal_id}: {self.get_uitkomst_display()}"


class VerrijkingBron(models.TextChoices):
    KVK = "kvk", _("KVK-handelsregister")
    BAG = "bag", _("BAG")
    BRP = "brp", _("BRP")
    KADASTER = "kadaster", _("Kadaster")
    OPEN_BRONNEN = "open_bronnen", _("Open bronnen")
    STRAATINFORMATIE = "straatinformatie", _("Straatinformatie")
    KETENPARTNER = "ketenpartner", _("Informatie van een ketenpartner")
    OVERIG = "overig", _("Overig")


class BetrouwbaarheidBron(models.TextChoices):
    """The source half of the 4x4 model."""

    A = "A", _("A - betrouwbaar, geen twijfel")
    B = "B", _("B - meestal betrouwbaar")
    C = "C", _("C - niet altijd betrouwbaar")
    D = "D", _("D - betrouwbaarheid onbekend")


class BetrouwbaarheidInformatie(models.TextChoices):
    """The information half of the 4x4 model."""

    EEN = "1", _("1 - juist, bevestigd")
    TWEE = "2", _("2 - door de bron zelf waargenomen")
    DRIE = "3", _("3 - niet zelf waargenomen, wel bevestigd")
    VIER = "4", _("4 - niet te beoordelen")


class Verrijking(models.Model):
    """One enrichment entry (opplussen): what was found, where, when, by whom, how reliable."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="verrijkingen"
    )
    bron = models.CharField(_("bron"), max_length=20, choices=VerrijkingBron.choices)
    informatie = models.TextField(_("informatie"))
    datum = models.DateField(_("datum"))
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    betrouwbaarheid_bron = models.CharField(
        _("betrouwbaarheid bron"), max_length=1, choices=BetrouwbaarheidBron.choices
    )
    betrouwbaarheid_informatie = models.CharField(
        _("betrouwbaarheid informatie"), max_length=1, choices=BetrouwbaarheidInformatie.choices
    )
    grondslag = models.CharField(
        _("grondslag raadpleging"),
        max_length=200,
        blank=True,
        help_text=_("Op grond waarvan deze bron geraadpleegd mocht worden (taak, convenant, wet)."),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=klok.nu, editable=False)

    objects = SignaalOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("verrijking")
        verbose_name_plural = _("verrijkingen")
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"{self.signaal_id}: {self.get_bron_display()} ({self.datum})"

    @property
    def betrouwbaarheid(self) -> str:
        return f"{self.betrouwbaarheid_bron}{self.betrouwbaarheid_informatie}"


# --------------------------------------------------------------------------------------------
# Lokaal ondermijningsoverleg
# --------------------------------------------------------------------------------------------


class OverlegQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeenten"
    gedeeld_met_pad = "agendapunten__gedeeld_met"

    def komend(self, gemeente, vanaf):
        """Meetings of `gemeente` on or after `vanaf` that are not closed, the first one first."""
        return self.filter(gemeenten=gemeente, datum__gte=vanaf, gesloten_op=None).order_by("datum", "aanvang", "pk")


class Overleg(models.Model):
    """A lokaal ondermijningsoverleg: municipality, police, ODRA and optional extra partners."""

    titel = models.CharField(_("titel"), max_length=150, default=_("Lokaal ondermijningsoverleg"))
    datum = models.DateField(_("datum"))
    aanvang = models.TimeField(_("aanvang"), null=True, blank=True)
    locatie = models.CharField(_("locatie"), max_length=150, blank=True)
    gemeenten = models.ManyToManyField(Gemeente, verbose_name=_("gemeenten"), related_name="+")
    organisaties = models.ManyToManyField(
        "ondermijning.Organisatie", verbose_name=_("deelnemende organisaties"), blank=True, related_name="+"
    )
    voorzitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Until the chair closes the meeting, a decision taken in it can still be corrected.
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = OverlegQuerySet.as_manager()

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["-datum", "-id"], name="overleg_datum_idx")]

    def __str__(self):
        return f"{self.titel} {self.datum:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("signalen:overleg_detail", args=[self.pk])


class Besluit(models.TextChoices):
    OPPLUSSEN = "opplussen", _("Opplussen")
    RIEC_SIGNAAL = "riec_signaal", _("RIEC-signaal")
    CONTROLE_PLANNEN = "controle_plannen", _("Controle plannen")
    STOP_GESPREK = "stop_gesprek", _("STOP-gesprek")
    BIBOB = "bibob", _("Bibob")
    TRAJECT_13B = "13b_traject", _("13b-traject")
    HELING = "heling", _("Helingmaatregel (DOR)")
    AFSLUITEN = "afsluiten", _("Afsluiten")
    ANDERS = "anders", _("Anders")


class AgendapuntQuerySet(GescoptQuerySet):
    gemeente_pad = "signaal__gemeente"
    gedeeld_met_pad = "gedeeld_met"


class Agendapunt(models.Model):
    """A signal on the agenda of an overleg, with the decision taken on it."""

    overleg = models.ForeignKey(
        Overleg, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="agendapunten"
    )
    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="agendapunten"
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices, blank=True)
    notitie = models.TextField(_("notitie"), blank=True)
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gedeeld_met = models.ManyToManyField(
        "ondermijning.Organisatie",
        verbose_name=_("gedeeld met"),
        blank=True,
        related_name="gedeelde_agendapunten",
        help_text=_("Alleen gebruikers van deze organisaties zien dit agendapunt."),
    )

    objects = AgendapuntQuerySet.as_manager()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "signaal"], name="agendapunt_signaal_eenmaal_per_overleg")
        ]

    def __str__(self):
        return f"{self.overleg_id}: {self.signaal_id}"


class BesluitCorrectieQuerySet(GescoptQuerySet):
    gemeente_pad = "agendapunt__signaal__gemeente"


class BesluitCorrectie(models.Model):
    """The chair corrected the decision on an agenda item: old, new, who, when and why.

    `waarschuwing` names the work of the old decision that was kept because someone already
    worked on it; the signal page shows it until someone decides what to do with that work.
    """

    agendapunt = models.ForeignKey(
        Agendapunt, verbose_name=_("agendapunt"), on_delete=models.CASCADE, related_name="correcties"
    )
    oud = models.CharField(_("oud besluit"), max_length=20, choices=Besluit.choices)
    nieuw = models.CharField(_("nieuw besluit"), max_length=20, choices=Besluit.choices)
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(_("op"))
    ingetrokken = models.TextField(_("ingetrokken werk"), blank=True)
    waarschuwing = models.TextField(_("behouden werk (al aan gewerkt)"), blank=True)

    objects = BesluitCorrectieQuerySet.as_manager()

    class Meta:
        verbose_name = _("correctie van een besluit")
        verbose_name_plural = _("correcties van besluiten")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.agendapunt_id}: {self.oud} -> {self.nieuw}"


# --------------------------------------------------------------------------------------------
# RIEC
# --------------------------------------------------------------------------------------------


class RiecStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    BESPROKEN = "besproken", _("Besproken op Infoplein")
    INTERVENTIE_DOOR = "interventie_door", _("Interventie door partner")
    TERUGGELEGD = "teruggelegd", _("Teruggelegd")


class RiecMelding(models.Model):
    """The RIEC signaalformulier of a signal and its route through the RIEC."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="riec_meldingen"
    )
    status = models.CharField(_("status"), max_length=20, choices=RiecStatus.choices, default=RiecStatus.CONCEPT)
    vraag_aan_riec = models.TextField(_("vraag aan het RIEC"))
    genomen_maatregelen = models.TextField(_("reeds genomen maatregelen"), blank=True)
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        "ondermijning.Organisatie",
        verbose_name=_("interventie door (partner)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingediend_op = models.DateField(_("ingediend op"), null=True, blank=True)
    besproken_op = models.DateField(_("besproken op Infoplein"), null=True, blank=True)
    teruggelegd_op = models.DateField(_("teruggelegd op"), null=True, blank=True)
    terugkoppeling = models.TextField(_("terugkoppeling van het RIEC"), blank=True)
    agendapunt = models.ForeignKey(
        Agendapunt,
        verbose_name=_("besluit waaruit dit formulier voortkomt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="riec_meldingen",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=klok.nu, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SignaalOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("RIEC-melding")
        verbose_name_plural = _("RIEC-meldingen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="riecmelding_status_idx")]

    def __str__(self):
        return f"{self.signaal_id}: {self.get_status_display()}"


# --------------------------------------------------------------------------------------------
# Interventies (bestuurlijke maatregelen)
# --------------------------------------------------------------------------------------------


class InterventieSoort(models.TextChoices):
    WAARSCHUWING_13B = "13b_waarschuwing", _("Art. 13b Opiumwet: waarschuwing")
    SLUITING_13B = "13b_sluiting", _("Art. 13b Opiumwet: sluiting")
    BIBOB = "bibob", _("Bibob-onderzoek")
    STOP_GESPREK = "stop_gesprek", _("STOP-gesprek")
    HELING_DOR = "heling_dor", _("Heling / DOR-maatregel")
    TRAJECT_13B = "13b_traject", _("Art. 13b Opiumwet: traject (maatregel nog te kiezen)")
    SLUITING_DRUGSPAND = "sluiting_drugspand", _("Sluiting drugspand")
    DRUGSHANDEL_STRAAT = "drugshandel_straat", _("Maatregel drugshandel op straat")
    OVERIG = "overig", _("Overig")


# Closures that trigger communication (posters, letter to neighbours, press release).
SLUITINGEN = (InterventieSoort.SLUITING_13B, InterventieSoort.SLUITING_DRUGSPAND)


class InterventieStatus(models.TextChoices):
    # Concept: created by a decision of the overleg, nobody has worked on it yet.
    CONCEPT = "concept", _("Concept")
    GESTART = "gestart", _("Gestart")


class BibobUitkomst(models.TextChoices):
    ERNSTIG_GEVAAR = "ernstig_gevaar", _("Ernstig gevaar")
    MINDERE_MATE = "mindere_mate", _("Mindere mate van gevaar")
    GEEN_GEVAAR = "geen_gevaar", _("Geen gevaar")


class InterventieQuerySet(GescoptQuerySet):
    gemeente_pad = "signaal__gemeente"

    def bibob_adviezen(self):
        """Interventions for which the Landelijk Bureau Bibob was asked for advice (EUR 700 each)."""
        return self.filter(soort=InterventieSoort.BIBOB, advies_aangevraagd_op__isnull=False)


class Interventie(models.Model):
    """An administrative measure on a signal; counted in the year overview."""

    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.PROTECT, related_name="interventies"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=InterventieSoort.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=InterventieStatus.choices, default=InterventieStatus.GESTART
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="behandelde_interventies",
    )
    agendapunt = models.ForeignKey(
        Agendapunt,
        verbose_name=_("besluit waaruit deze interventie voortkomt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="interventies",
    )
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    gestart_op = models.DateField(_("gestart op"))
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True)
    uitkomst = models.TextField(_("uitkomst"), blank=True)
    adres = models.ForeignKey(
        Adres,
        verbose_name=_("pand"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventies",
    )
    # Bibob
    advies_aangevraagd_op = models.DateField(_("advies LBB aangevraagd op"), null=True, blank=True)
    advies_termijn_tot = models.DateField(
        _("advies uiterlijk"), null=True, blank=True, help_text=_("8 weken na aanvraag, eenmaal te verlengen met 4.")
    )
    advies_termijn_verlengd = models.BooleanField(_("termijn verlengd"), default=False)
    bibob_uitkomst = models.CharField(
        _("uitkomst Bibob-advies"), max_length=20, choices=BibobUitkomst.choices, blank=True
    )
    # Art. 13b Opiumwet: the duration comes from the municipality's ladder.
    soort_zaak = models.CharField(_("soort zaak"), max_length=30, choices=SoortZaak.choices, blank=True)
    ladderstap = models.ForeignKey(
        Damoclesladder,
        verbose_name=_("stap van de Damoclesladder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sluitingsduur_maanden = models.PositiveSmallIntegerField(_("sluitingsduur in maanden"), null=True, blank=True)
    sluiting_onbepaalde_tijd = models.BooleanField(_("sluiting voor onbepaalde tijd"), default=False)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = InterventieQuerySet.as_manager()

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["gestart_op", "pk"]
        indexes = [
            models.Index(fields=["soort", "gestart_op"], name="interventie_soort_start_idx"),
            models.Index(fields=["afgerond_op"], name="interventie_afgerond_idx"),
            models.Index(fields=["advies_aangevraagd_op"], name="interventie_bibob_idx"),
        ]

    def __str__(self):
        return f"{self.signaal_id}: {self.get_soort_display()} ({self.gestart_op})"

    @property
    def is_concept(self) -> bool:
        """Made by a decision of the overleg and not yet worked on (pages ask this, not the status literal)."""
        return self.status == InterventieStatus.CONCEPT


class CommunicatieSoort(models.TextChoices):
    POSTERS = "posters", _("Posters op het pand")
    BRIEF_OMWONENDEN = "brief_omwonenden", _("Brief aan omwonenden")
    PERSBERICHT = "persbericht", _("Persbericht")


class CommunicatieTaakQuerySet(GescoptQuerySet):
    gemeente_pad = "interventie__signaal__gemeente"


class CommunicatieTaak(models.Model):
    """A communication task that a closure triggers."""

    interventie = models.ForeignKey(
        Interventie, verbose_name=_("interventie"), on_delete=models.CASCADE, related_name="communicatietaken"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=CommunicatieSoort.choices)
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommunicatieTaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("communicatietaak")
        verbose_name_plural = _("communicatietaken")
        ordering = ["interventie", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["interventie", "soort"], name="communicatietaak_eenmaal_per_soort")
        ]

    def __str__(self):
        return self.get_soort_display()


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------


class Bewaartermijn(models.Model):
    """How long a signal closed for this reason (without follow-up) is kept before it is destroyed."""

    afsluitreden = models.CharField(
        _("afsluitreden"),
        max_length=30,
        choices=[(r.value, r.label) for r in AFSLUITREDENEN_ZONDER_RESULTAAT],
        unique=True,
    )
    dagen = models.PositiveIntegerField(
        _("bewaartermijn in dagen"), help_text=_("Na zoveel dagen na het afsluiten wordt het signaal vernietigd.")
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["afsluitreden"]

    def __str__(self):
        return f"{self.get_afsluitreden_display()}: {self.dagen} {_('dagen')}"


class VernietigdSignaalQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class VernietigdSignaal(models.Model):
    """Trace of a destroyed signal: that it existed and when it was destroyed, not its content.

    It keeps what the published figures count (the year overview counts tombstones beside live
    signals: received date, municipality, source, phenomena), so retention never changes them.
    No title, description or subjects. Measures need no field: a signal with an intervention or
    an action is never destroyed (see signalen_verlopen).
    """

    signaal_id = models.PositiveBigIntegerField(_("signaalnummer"), unique=True)
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    ontvangen_op = models.DateField(_("ontvangen op"))
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, blank=True)
    fenomenen = models.ManyToManyField(Fenomeen, verbose_name=_("fenomenen"), blank=True, related_name="+")
    afgesloten_op = models.DateField(_("afgesloten op"), null=True)
    afsluitreden = models.CharField(_("afsluitreden"), max_length=30, choices=Afsluitreden.choices, blank=True)
    vernietigd_op = models.DateTimeField(_("vernietigd op"))
    reden = models.CharField(_("reden van vernietiging"), max_length=200, blank=True)
    # What else was destroyed with it, by kind and count ({"documenten": 2}): that it existed, not what.
    onderdelen = models.JSONField(_("ook vernietigd (aantallen)"), default=dict, blank=True)

    objects = VernietigdSignaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("vernietigd signaal")
        verbose_name_plural = _("vernietigde signalen")
        ordering = ["-vernietigd_op"]

    def __str__(self):
        return f"#{self.signaal_id} ({self.vernietigd_op:%d-%m-%Y})"


class JaartellingQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class Jaartelling(models.Model):
    """How many signals a municipality received in a year, per source and per phenomenon (issue 21).

    Live and destroyed signals together, exactly what the year overview counts from the two tables
    (`actieplan.overzichten.jaaroverzicht`), kept by PostgreSQL triggers on the signals, the
    tombstones and their phenomenon links (`signalen/jaartelling.py`, migration 0023), so the year
    overview reads a few rows instead of joining every signal of the year to its phenomena (which
    grew linearly with the data). Never written by Python code. On SQLite (the embedded default for a
    small team) there are no triggers, the table stays empty and the year overview counts live.

    `soort` is "bron" (`sleutel` = the source's code, "" when a tombstone has none) or "fenomeen"
    (`sleutel` = the phenomenon's id, "" for signals without a phenomenon).
    """

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    soort = models.CharField(_("soort"), max_length=20)
    sleutel = models.CharField(_("sleutel"), max_length=40, blank=True)
    aantal = models.IntegerField(_("aantal"), default=0)

    objects = JaartellingQuerySet.as_manager()

    class Meta:
        verbose_name = _("jaartelling")
        verbose_name_plural = _("jaartellingen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar", "soort", "sleutel"], name="jaartelling_uniek"),
        ]

    def __str__(self):
        return f"{self.gemeente_id} {self.jaar} {self.soort}:{self.sleutel} = {self.aantal}"
