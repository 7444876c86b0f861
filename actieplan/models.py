"""Models of the actieplan app: plans with themes and actions, budgets and spending, the
communication calendar.

Money is Decimal everywhere. Scoping: a plan is seen by users of any municipality it covers;
budgets and spending by users of that one municipality; partners never see any of it.
"""

import re
import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ondermijning.models import Gemeente, Samenwerkingsverband
from ondermijning.scoping import GescoptQuerySet
from ondermijning.workflow import StatusWijziging

KWARTAAL_RE = re.compile(r"^Q([1-4]) (\d{4})$")
kwartaal_validator = RegexValidator(KWARTAAL_RE.pattern, _("Vul een kwartaal in als Q3 2024 (Q1 tot en met Q4)."))


def kwartaal_van(datum: date) -> str:
    """The quarter label of a date, e.g. 'Q3 2024'."""
    return f"Q{(datum.month - 1) // 3 + 1} {datum.year}"


def kwartaal_grenzen(kwartaal: str) -> tuple[date, date]:
    """First and last day of a quarter label such as 'Q3 2024'."""
    match = KWARTAAL_RE.match(kwartaal)
    if not match:
        raise ValueError(kwartaal)
    q, jaar = int(match.group(1)), int(match.group(2))
    start = date(jaar, 3 * q - 2, 1)
    eind = date(jaar + 1, 1, 1) if q == 4 else date(jaar, 3 * q + 1, 1)
    return start, date.fromordinal(eind.toordinal() - 1)


def kwartalen_tussen(start: date, eind: date) -> list[str]:
    """All quarter labels from the quarter of `start` up to and including that of `eind`."""
    labels = []
    jaar, q = start.year, (start.month - 1) // 3 + 1
    while (jaar, q) <= (eind.year, (eind.month - 1) // 3 + 1):
        labels.append(f"Q{q} {jaar}")
        q += 1
        if q == 5:
            jaar, q = jaar + 1, 1
    return labels


# --- plans ---------------------------------------------------------------------------------


class PlanQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeenten"


class Uitvoeringsplan(models.Model):
    """An uitvoeringsplan: one or more municipalities, a period, a set of themes."""

    naam = models.CharField(_("naam"), max_length=200)
    periode_start = models.DateField(_("begin periode"))
    periode_eind = models.DateField(_("einde periode"))
    gemeenten = models.ManyToManyField(Gemeente, verbose_name=_("gemeenten"), related_name="uitvoeringsplannen")
    samenwerkingsverband = models.ForeignKey(
        Samenwerkingsverband,
        verbose_name=_("samenwerkingsverband"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uitvoeringsplannen",
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    gebaseerd_op = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vervolgplannen",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitvoeringsplan")
        verbose_name_plural = _("uitvoeringsplannen")
        ordering = ["-periode_start", "naam"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_eind__gte=models.F("periode_start")), name="plan_periode_geldig"
            )
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        if self.periode_start and self.periode_eind and self.periode_eind < self.periode_start:
            raise ValidationError({"periode_eind": _("Het einde van de periode ligt vóór het begin.")})

    @property
    def kwartalen(self) -> list[str]:
        return kwartalen_tussen(self.periode_start, self.periode_eind)

    @property
    def jaren(self) -> list[int]:
        return list(range(self.periode_start.year, self.periode_eind.year + 1))

    def bevat_datum(self, datum: date) -> bool:
        return self.periode_start <= datum <= self.periode_eind


class Thema(models.Model):
    """A theme of one plan (weerbaarheidsscan theme or IVP goal)."""

    plan = models.ForeignKey(Uitvoeringsplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="themas")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    naam = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["plan", "nummer"]
        constraints = [models.UniqueConstraint(fields=["plan", "nummer"], name="thema_nummer_uniek_per_plan")]

    def __str__(self):
        return f"{self.nummer}. {self.naam}"


class TimingSoort(models.TextChoices):
    DATUM = "datum", _("Datum")
    KWARTAAL = "kwartaal", _("Kwartaal")
    DOORLOPEND = "doorlopend", _("Doorlopend")
    IN_OVERLEG_SW = "in_overleg_samen_weerbaar", _("In overleg met Samen Weerbaar")
    ANDERS = "anders", _("Anders (zie toelichting)")


class Financiering(models.TextChoices):
    SAMEN_WEERBAAR = "samen_weerbaar", _("Vanuit Samen Weerbaar")
    REGULIER = "regulier", _("Reguliere werkzaamheden")
    BUDGET = "budget", _("Budgetregel (kosten per gemeente)")


class ActieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    DOORGESCHOVEN = "doorgeschoven", _("Doorgeschoven")


class ActieQuerySet(GescoptQuerySet):
    gemeente_pad = "plan__gemeenten"

    def niet_afgerond(self):
        return self.exclude(status=ActieStatus.AFGEROND)


class Actie(models.Model):
    """One action of a plan. No municipalities means: a joint action ("Gezamenlijk")."""

    plan = models.ForeignKey(Uitvoeringsplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="acties")
    nummer = models.PositiveIntegerField(_("nummer"))
    omschrijving = models.TextField(_("omschrijving"))
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="acties")
    timing_soort = models.CharField(
        _("wanneer"), max_length=30, choices=TimingSoort.choices, default=TimingSoort.DOORLOPEND
    )
    datum = models.DateField(_("datum gereed / uitvoering"), null=True, blank=True)
    kwartaal = models.CharField(
        _("kwartaal"), max_length=7, blank=True, validators=[kwartaal_validator], help_text=_("Bijvoorbeeld Q3 2024.")
    )
    timing_toelichting = models.CharField(_("toelichting op wanneer"), max_length=200, blank=True)
    financiering = models.CharField(
        _("financiering"), max_length=20, choices=Financiering.choices, default=Financiering.REGULIER
    )
    financiering_toelichting = models.TextField(_("toelichting financiering"), blank=True)
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acties",
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ActieStatus.choices, default=ActieStatus.GEPLAND, db_index=True
    )
    gemeenten = models.ManyToManyField(
        Gemeente,
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="acties",
        help_text=_("Leeg laten voor een gezamenlijke actie van alle gemeenten van het plan."),
    )
    controles = models.ManyToManyField(
        "controles.Controle",
        verbose_name=_("controles"),
        blank=True,
        related_name="acties",
        help_text=_("De controles waarmee deze actie wordt uitgevoerd."),
    )
    signalen = models.ManyToManyField(
        "signalen.Signaal",
        verbose_name=_("signalen"),
        blank=True,
        related_name="acties",
        help_text=_("De signalen die met deze actie worden opgepakt."),
    )
    voortgezet_uit = models.ForeignKey(
        "self",
        verbose_name=_("voortgezet uit actie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voortzettingen",
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ActieQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["plan", "nummer"]
        constraints = [models.UniqueConstraint(fields=["plan", "nummer"], name="actie_nummer_uniek_per_plan")]

    def __str__(self):
        return f"{self.nummer}. {self.omschrijving[:60]}"

    def clean(self):
        fouten = {}
        if self.thema_id and self.plan_id and self.thema.plan_id != self.plan_id:
            fouten["thema"] = _("Dit thema hoort bij een ander plan; kies een thema van dit plan.")
        if self.timing_soort == TimingSoort.DATUM:
            if not self.datum:
                fouten["datum"] = _("Vul een datum in, of kies een andere soort planning.")
            elif self.plan_id and not self.plan.bevat_datum(self.datum):
                fouten["datum"] = _("Deze datum ligt buiten de periode van het plan.")
        if self.timing_soort == TimingSoort.KWARTAAL:
            if not self.kwartaal:
                fouten["kwartaal"] = _("Vul een kwartaal in, bijvoorbeeld Q3 2024.")
            elif KWARTAAL_RE.match(self.kwartaal) and self.plan_id and self.kwartaal not in self.plan.kwartalen:
                fouten["kwartaal"] = _(
                    "Dit kwartaal ligt buiten de periode van het plan (%(van)s tot en met %(tot)s)."
                ) % {
                    "van": self.plan.kwartalen[0],
                    "tot": self.plan.kwartalen[-1],
                }
        if self.timing_soort == TimingSoort.ANDERS and not self.timing_toelichting:
            fouten["timing_toelichting"] = _("Licht toe wanneer de actie wordt uitgevoerd.")
        if fouten:
            raise ValidationError(fouten)

    @property
    def is_gezamenlijk(self) -> bool:
        return not self.gemeenten.all()

    @property
    def wanneer(self) -> str:
        """The timing as the plan writes it."""
        if self.timing_soort == TimingSoort.DATUM and self.datum:
            return self.datum.strftime("%d-%m-%Y")
        if self.timing_soort == TimingSoort.KWARTAAL:
            return self.kwartaal
        if self.timing_soort == TimingSoort.ANDERS:
            return self.timing_toelichting
        return str(self.get_timing_soort_display())

    @property
    def peildatum(self) -> date | None:
        """The last day by which the action is due, if it has one."""
        if self.timing_soort == TimingSoort.DATUM:
            return self.datum
        if self.timing_soort == TimingSoort.KWARTAAL and KWARTAAL_RE.match(self.kwartaal or ""):
            return kwartaal_grenzen(self.kwartaal)[1]
        return None


class ActieStatusWijziging(StatusWijziging):
    """One recorded status transition of an action: who, when, why."""

    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="statuswijzigingen"
    )
    van = models.CharField(_("van"), max_length=15, choices=ActieStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=15, choices=ActieStatus.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = _("statuswijziging van een actie")
        verbose_name_plural = _("statuswijzigingen van acties")

    def __str__(self):
        return f"{self.actie_id}: {self.van} -> {self.naar}"


class UitgaveCategorie(models.TextChoices):
    ODRA = "odra", _("ODRA")
    KVK = "kvk", _("KVK handelsregister")
    BIBOB = "bibob", _("Landelijk Bureau Bibob")
    EVENEMENT = "evenement", _("Evenement")
    OVERIG = "overig", _("Overig")


class Kostenpost(models.Model):
    """Planned cost of an action for one municipality in one year ("kosten per gemeente")."""

    actie = models.ForeignKey(Actie, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="kostenposten")
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    categorie = models.CharField(_("categorie"), max_length=12, choices=UitgaveCategorie.choices)
    bedrag = models.DecimalField(
        _("bedrag (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kostenpost")
        verbose_name_plural = _("kostenposten")
        ordering = ["actie", "gemeente", "categorie"]
        constraints = [
            models.UniqueConstraint(
                fields=["actie", "gemeente", "jaar", "categorie"], name="kostenpost_uniek_per_actie_gemeente_jaar"
            )
        ]

    def __str__(self):
        return f"{self.actie_id} {self.gemeente_id} {self.jaar} {self.categorie}: {self.bedrag}"

    def clean(self):
        if self.actie_id and self.jaar and self.jaar not in self.actie.plan.jaren:
            raise ValidationError({"jaar": _("Dit jaar valt buiten de periode van het plan.")})


# --- budget and spending -------------------------------------------------------------------


class BegrotingQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class Begroting(models.Model):
    """The amount a municipality has available for the approach in one year, and its source."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    beschikbaar = models.DecimalField(
        _("beschikbaar (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    bron = models.CharField(_("bron"), max_length=200, help_text=_("Bijvoorbeeld: algemeen veiligheidsbudget."))

    objects = BegrotingQuerySet.as_manager()

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["-jaar", "gemeente__naam"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="begroting_uniek_per_gemeente_jaar")]

    def __str__(self):
        return f"{self.gemeente} {self.jaar}"


class UitgaveQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class Uitgave(models.Model):
    """Actual spending of a municipality; Bibob advice and ODRA control costs are booked automatically."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(
        _("bedrag (EUR)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Een positief bedrag (de regel staat in actieplan.services.valideer_uitgave)."),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    categorie = models.CharField(_("categorie"), max_length=12, choices=UitgaveCategorie.choices)
    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.SET_NULL, null=True, blank=True, related_name="uitgaven"
    )
    interventie = models.OneToOneField(
        "signalen.Interventie",
        verbose_name=_("interventie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uitgave",
        help_text=_("Automatisch geboekt: het advies van het Landelijk Bureau Bibob voor deze interventie."),
    )
    controle = models.OneToOneField(
        "controles.Controle",
        verbose_name=_("controle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uitgave",
        help_text=_("Automatisch geboekt: de kosten van ODRA voor deze controle."),
    )
    geboekt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    objects = UitgaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["gemeente", "datum"], name="uitgave_gemeente_datum_idx")]

    def __str__(self):
        return f"{self.datum} {self.gemeente_id} {self.bedrag}"


# --- communication -------------------------------------------------------------------------


class Kanaal(models.TextChoices):
    WEBSITE = "website", _("Website")
    LOKALE_KRANT = "lokale_krant", _("Lokale krant")
    DUIVENPOST_WESTERVOORTPOST = "duivenpost_westervoortpost", _("Duivenpost / Westervoortpost")
    SOCIALE_MEDIA = "sociale_media", _("Sociale media")
    POSTERS = "posters", _("Posters")
    BRIEF = "brief", _("Brief")
    EVENEMENT = "evenement", _("Evenement")


class CommunicatieType(models.TextChoices):
    ALGEMEEN = "algemeen", _("Algemeen")
    DOELGROEP = "doelgroep_gebied", _("Doelgroep- / gebiedsgericht")
    INDIVIDUEEL = "individueel", _("Individueel")


class CommunicatieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEREED = "gereed", _("Gereed")
    GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")
    VERVALLEN = "vervallen", _("Vervallen")


class CommunicatieQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeenten"


class CommunicatieItem(models.Model):
    """One entry of the communicatiekalender: what is communicated when, how, about what."""

    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    datum = models.DateField(_("datum"))
    datum_eind = models.DateField(_("einddatum"), null=True, blank=True, help_text=_("Alleen bij een periode."))
    kanaal = models.CharField(_("kanaal"), max_length=30, choices=Kanaal.choices)
    type = models.CharField(_("type"), max_length=20, choices=CommunicatieType.choices)
    thema = models.CharField(_("thema"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: mensenhandel."))
    gemeenten = models.ManyToManyField(Gemeente, verbose_name=_("gemeenten"), related_name="communicatie_items")
    status = models.CharField(
        _("status"), max_length=15, choices=CommunicatieStatus.choices, default=CommunicatieStatus.GEPLAND
    )
    actie = models.ForeignKey(
        Actie,
        verbose_name=_("actie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communicatie_items",
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    objects = CommunicatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("communicatie-item")
        verbose_name_plural = _("communicatie-items")
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"{self.datum} {self.onderwerp}"

    def clean(self):
        if self.datum and self.datum_eind and self.datum_eind < self.datum:
            raise ValidationError({"datum_eind": _("De einddatum ligt vóór de begindatum.")})


def _nieuw_token() -> str:
    # Only migration 0001 refers to this (the token was stored in plain text then).
    return secrets.token_urlsafe(32)


class KalenderToken(models.Model):
    """A personal secret for the iCal feed, stored only as its hash; deleting or renewing it cuts old links off.

    The secret itself is shown once, when it is made (services.kalender_token_vernieuw).
    """

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="kalender_token"
    )
    token_hash = models.CharField(_("hash van het token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalendertoken")
        verbose_name_plural = _("kalendertokens")

    def __str__(self):
        return f"kalendertoken {self.gebruiker_id}"


# --- the year in public and the year-end evaluation ---------------------------------------


class PubliekProfielQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class PubliekProfiel(models.Model):
    """What the beheerder sets per municipality for the public year overview: logo, how to report
    to the municipality, and below which count a figure is published as "minder dan N"."""

    gemeente = models.OneToOneField(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="publiek_profiel"
    )
    logo = models.FileField(
        _("logo"),
        upload_to="gemeentelogos/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg"])],
        help_text=_("SVG, PNG of JPG, hooguit 512 kB. Leeg: een neutraal gemeentelogo."),
    )
    meldroute = models.CharField(
        _("melden bij de gemeente"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: www.duiven.nl/melden of telefoon 14 0316."),
    )
    drempel = models.PositiveSmallIntegerField(
        _("drempel kleine aantallen"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Aantallen kleiner dan dit getal worden gepubliceerd als 'minder dan' dit getal."),
    )

    objects = PubliekProfielQuerySet.as_manager()

    class Meta:
        verbose_name = _("publieksprofiel van een gemeente")
        verbose_name_plural = _("publieksprofielen van gemeenten")

    def __str__(self):
        return str(self.gemeente)

    def clean(self):
        if self.logo and self.logo.size > 512 * 1024:
            raise ValidationError({"logo": _("Het logo is groter dan 512 kB.")})


class EditieStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class PubliekeEditieQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"


class PubliekeEditie(models.Model):
    """The public year overview of one municipality: a story, chosen safe figures; frozen once vastgesteld."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    titel = models.CharField(_("titel"), max_length=120)
    verhaal = models.TextField(_("verhaal"), max_length=600, blank=True)
    cijfers = models.JSONField(_("gekozen cijfers"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=EditieStatus.choices, default=EditieStatus.CONCEPT)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    momentopname = models.JSONField(_("momentopname"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF (A4)"), null=True, blank=True, editable=False)
    png_vierkant = models.BinaryField(_("PNG 1080 x 1080"), null=True, blank=True, editable=False)
    png_breed = models.BinaryField(_("PNG 1200 x 630"), null=True, blank=True, editable=False)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = PubliekeEditieQuerySet.as_manager()

    class Meta:
        verbose_name = _("publieksversie jaaroverzicht")
        verbose_name_plural = _("publieksversies jaaroverzicht")
        ordering = ["-jaar", "gemeente__naam"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="publieke_editie_uniek_per_jaar")]
        permissions = [("vaststellen_publiekeeditie", _("Kan een publieksversie van het jaaroverzicht vaststellen"))]

    def __str__(self):
        return f"{self.gemeente} {self.jaar}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == EditieStatus.VASTGESTELD


class EvaluatieQuerySet(GescoptQuerySet):
    gemeente_pad = "plan__gemeenten"


class Evaluatie(models.Model):
    """The year-end evaluation of a plan: a result per action; frozen once vastgesteld."""

    plan = models.ForeignKey(
        Uitvoeringsplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="evaluaties"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    samenvatting = models.TextField(_("samenvatting"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EditieStatus.choices, default=EditieStatus.CONCEPT)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    momentopname = models.JSONField(_("momentopname"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(_("raadsinformatiebrief (PDF)"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = EvaluatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["-jaar", "plan__naam"]
        constraints = [models.UniqueConstraint(fields=["plan", "jaar"], name="evaluatie_uniek_per_plan_jaar")]
        permissions = [("vaststellen_evaluatie", _("Kan een evaluatie vaststellen"))]

    def __str__(self):
        return f"{self.plan} {self.jaar}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == EditieStatus.VASTGESTELD


class Resultaat(models.TextChoices):
    GEREED = "gereed", _("Gereed")
    DEELS = "deels", _("Deels")
    NIET = "niet", _("Niet uitgevoerd")
    DOORLOPEND = "doorlopend", _("Doorlopend")


class EvaluatieRegel(models.Model):
    """The result of one action: what came of it, what we learned, and whether it carries over."""

    evaluatie = models.ForeignKey(
        Evaluatie, verbose_name=_("evaluatie"), on_delete=models.CASCADE, related_name="regels"
    )
    actie = models.ForeignKey(Actie, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="+")
    resultaat = models.CharField(_("resultaat"), max_length=12, choices=Resultaat.choices, blank=True)
    effect = models.TextField(_("effect"), max_length=500, blank=True)
    les = models.TextField(_("les"), max_length=500, blank=True)
    doorschuiven = models.BooleanField(_("door naar volgend plan"), default=False)
    voortzetting = models.ForeignKey(
        Actie,
        verbose_name=_("voortgezet als"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluatieregel")
        verbose_name_plural = _("evaluatieregels")
        ordering = ["evaluatie", "actie__nummer"]
        constraints = [models.UniqueConstraint(fields=["evaluatie", "actie"], name="evaluatieregel_uniek_per_actie")]

    def __str__(self):
        return f"{self.evaluatie_id} actie {self.actie_id}: {self.resultaat}"
