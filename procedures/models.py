"""Legal procedures as workflows with terms: the kinds and their steps are configuration (admin)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documenten import bestandstype
from ondermijning import klok
from ondermijning.models import Gemeente, Organisatie
from ondermijning.scoping import GescoptQuerySet
from ondermijning.workflow import StatusWijziging
from signalen.models import Adres, Damoclesladder, Interventie, Signaal, SoortZaak

MAX_SJABLOON = 5 * 1024 * 1024


class Vorm(models.TextChoices):
    DAMOCLES = "13b", _("Art. 13b Opiumwet (Damocles)")
    BIBOB = "bibob", _("Wet Bibob")
    OVERIG = "overig", _("Overig")


class Eenheid(models.TextChoices):
    DAGEN = "dagen", _("dagen")
    WEKEN = "weken", _("weken")


class StapRol(models.TextChoices):
    """What the code does with a step beyond recording it (the rest is configuration)."""

    GEWOON = "gewoon", _("Gewone stap")
    LADDER = "ladder", _("Stap van de Damoclesladder bepalen")
    PROPORTIONALITEIT = "proportionaliteit", _("Evenredigheidstoets (geschikt, noodzakelijk, evenredig)")
    BESLUIT = "besluit", _("Besluit (pas na de evenredigheidstoets)")
    SLUITING = "sluiting", _("Sluiting van/tot (herinnering voor het einde)")
    BIBOB_ADVIES = "bibob_advies", _("Adviesaanvraag Landelijk Bureau Bibob (EUR 700 op de Bibob-interventie)")


class MateVanGevaar(models.TextChoices):
    GEEN = "geen", _("Geen gevaar")
    MINDERE_MATE = "mindere_mate", _("Mindere mate van gevaar")
    ERNSTIG = "ernstig", _("Ernstig gevaar")


class BriefSoort(models.TextChoices):
    """The letters a step can produce from a Word template (procedures.brieven)."""

    VOORNEMEN = "voornemen", _("Voornemen")
    BESLUIT = "besluit", _("Besluit")
    OMWONENDEN = "omwonenden", _("Brief aan omwonenden")
    BIBOB_VRAGENLIJST = "bibob_vragenlijst", _("Begeleidende brief Bibob-vragenlijst")


class ProcedureSoortQuerySet(models.QuerySet):
    def voor_gemeente(self, gemeente):
        """The active kinds a municipality may start: its own and the general ones (no municipality)."""
        return self.filter(Q(gemeente=gemeente) | Q(gemeente__isnull=True), actief=True)


class ProcedureSoort(models.Model):
    """A kind of legal procedure (13b, Bibob), in general or for one municipality."""

    naam = models.CharField(_("naam"), max_length=120)
    vorm = models.CharField(_("vorm"), max_length=10, choices=Vorm.choices)
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: voor alle gemeenten. Een gemeente kan een eigen variant met eigen termijnen hebben."),
    )
    actief = models.BooleanField(_("actief"), default=True)

    objects = ProcedureSoortQuerySet.as_manager()

    class Meta:
        verbose_name = _("soort procedure")
        verbose_name_plural = _("soorten procedures")
        ordering = ["naam", "pk"]

    def __str__(self):
        return f"{self.naam} ({self.gemeente})" if self.gemeente_id else self.naam


class StapSjabloon(models.Model):
    """One step of a kind of procedure: its order, its term and what it requires."""

    soort = models.ForeignKey(
        ProcedureSoort, verbose_name=_("soort procedure"), on_delete=models.CASCADE, related_name="stappen"
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    naam = models.CharField(_("naam"), max_length=120)
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Bijvoorbeeld het wetsartikel."))
    rol = models.CharField(_("rol"), max_length=20, choices=StapRol.choices, default=StapRol.GEWOON)
    termijn = models.PositiveSmallIntegerField(
        _("termijn"), null=True, blank=True, help_text=_("Leeg: de stap heeft geen uiterste datum.")
    )
    eenheid = models.CharField(_("eenheid"), max_length=5, choices=Eenheid.choices, default=Eenheid.DAGEN)
    werkdagen = models.BooleanField(
        _("in werkdagen"),
        default=False,
        help_text=_("Tel alleen werkdagen (weekend en feestdagen tellen niet); een week is vijf werkdagen."),
    )
    vanaf = models.ForeignKey(
        "self",
        verbose_name=_("termijn loopt vanaf"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De eerdere stap vanaf wiens datum de termijn loopt; leeg: vanaf de start van de procedure."),
    )
    tekst_verplicht = models.BooleanField(_("tekst verplicht"), default=False)
    tekst_label = models.CharField(_("omschrijving van de tekst"), max_length=120, blank=True)
    uitkomsten = models.TextField(
        _("mogelijke uitkomsten"), blank=True, help_text=_("Eén per regel; leeg: geen uitkomst te kiezen.")
    )
    mate_van_gevaar = models.BooleanField(_("mate van gevaar vastleggen"), default=False)
    overslaanbaar = models.BooleanField(
        _("mag worden overgeslagen"), default=False, help_text=_("Alleen met een vastgelegde reden.")
    )
    herinneren_dagen = models.PositiveSmallIntegerField(
        _("herinneren dagen vooraf"),
        default=3,
        # The reminder scan (meldingen) looks 31 days ahead: a longer lead time would silently come late.
        validators=[MaxValueValidator(31)],
        help_text=_("De eigenaar krijgt zoveel dagen voor de uiterste datum een herinnering (hoogstens 31)."),
    )
    # The step's task (taken): made when the step is next in turn, closed when it is recorded or skipped.
    taak = models.BooleanField(
        _("taak maken"),
        default=True,
        help_text=_("Maak een taak met de uiterste datum van de stap zodra de stap aan de beurt is."),
    )
    taak_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("taak voor ketenpartner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de eigenaar van de procedure. Bijvoorbeeld de politie voor de bestuurlijke rapportage."),
    )
    taak_dagen = models.PositiveSmallIntegerField(
        _("taak uiterlijk na dagen"),
        default=10,
        help_text=_("Voor een stap zonder termijn: de taak moet zoveel dagen nadat de stap aan de beurt is af zijn."),
    )
    brief = models.CharField(
        _("brief bij deze stap"),
        max_length=20,
        choices=BriefSoort.choices,
        blank=True,
        help_text=_("Leeg: geen brief. Anders maakt de stap deze brief uit het sjabloon van de gemeente."),
    )

    class Meta:
        verbose_name = _("stap (sjabloon)")
        verbose_name_plural = _("stappen (sjabloon)")
        ordering = ["soort", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["soort", "volgorde"], name="stapsjabloon_volgorde_uniek")]

    def __str__(self):
        return f"{self.volgorde}. {self.naam}"

    def clean(self):
        if self.vanaf_id and (self.vanaf.soort_id != self.soort_id or self.vanaf.volgorde >= self.volgorde):
            raise ValidationError({"vanaf": _("De termijn loopt vanaf een eerdere stap van dezelfde procedure.")})

    @property
    def uitkomst_keuzes(self) -> list[str]:
        return [regel.strip() for regel in self.uitkomsten.splitlines() if regel.strip()]


class ProcedureStatus(models.TextChoices):
    LOPEND = "lopend", _("Lopend")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    GESTAAKT = "gestaakt", _("Gestaakt")


class ProcedureQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"  # partners never see procedures


class Procedure(models.Model):
    """One legal procedure about a signal (and its intervention, if there is one)."""

    signaal = models.ForeignKey(Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="procedures")
    interventie = models.ForeignKey(
        Interventie,
        verbose_name=_("interventie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procedures",
    )
    soort = models.ForeignKey(
        ProcedureSoort, verbose_name=_("soort procedure"), on_delete=models.PROTECT, related_name="procedures"
    )
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="procedures"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProcedureStatus.choices, default=ProcedureStatus.LOPEND
    )
    gestart_op = models.DateField(_("gestart op"))
    # 13b: the case type and the premises decide the ladder step.
    soort_zaak = models.CharField(_("soort zaak"), max_length=30, choices=SoortZaak.choices, blank=True)
    adres = models.ForeignKey(
        Adres, verbose_name=_("pand"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=120, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestart door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=klok.nu, editable=False)
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["-gestart_op", "-pk"]

    def __str__(self):
        return f"{self.soort.naam} - {self.signaal.nummer}"

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.pk])


class Procedurestatusovergang(StatusWijziging):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="statusovergangen"
    )
    van = models.CharField(_("van"), max_length=20, choices=ProcedureStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=ProcedureStatus.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = _("statusovergang van een procedure")
        verbose_name_plural = _("statusovergangen van procedures")


class ProcedureStapQuerySet(GescoptQuerySet):
    gemeente_pad = "procedure__gemeente"

    def met_lopende_termijn(self):
        """Steps whose last day is still to come: of a running procedure and not yet done (nor skipped),
        or a closure in effect (its last day is the reopening) until it is reopened, also when the procedure
        was closed after the objection: the premises stay closed until then."""
        return self.filter(overgeslagen=False).filter(
            Q(procedure__status=ProcedureStatus.LOPEND, gedaan_op__isnull=True)
            | Q(
                procedure__status__in=[ProcedureStatus.LOPEND, ProcedureStatus.AFGESLOTEN],
                sjabloon__rol=StapRol.SLUITING,
                tot_op__isnull=False,
                heropend_op__isnull=True,  # reopened: nothing left to remind
            )
        )


class ProcedureStap(models.Model):
    """One step of one procedure: when it was done (or why it was skipped) and what was recorded."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="stappen"
    )
    sjabloon = models.ForeignKey(StapSjabloon, verbose_name=_("sjabloon"), on_delete=models.PROTECT, related_name="+")
    uiterste_datum = models.DateField(_("uiterste datum"), null=True, blank=True, editable=False)
    gedaan_op = models.DateField(_("gedaan op"), null=True, blank=True)
    tot_op = models.DateField(_("tot en met"), null=True, blank=True, help_text=_("Einde van een sluiting."))
    begunstigd_tot = models.DateField(
        _("begunstigingstermijn tot en met"),
        null=True,
        blank=True,
        help_text=_("Bij een besluit tot sluiting van een woning: tot wanneer de bewoner de tijd krijgt."),
    )
    heropend_op = models.DateField(
        _("heropend op"), null=True, blank=True, help_text=_("De dag waarop het gesloten pand werkelijk heropend is.")
    )
    overgeslagen = models.BooleanField(_("overgeslagen"), default=False)
    reden = models.TextField(_("reden van overslaan"), blank=True)
    tekst = models.TextField(_("tekst"), blank=True)
    geschikt = models.TextField(_("geschikt"), blank=True)
    noodzakelijk = models.TextField(_("noodzakelijk"), blank=True)
    evenredig = models.TextField(_("evenredig"), blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=120, blank=True)
    mate_van_gevaar = models.CharField(_("mate van gevaar"), max_length=15, choices=MateVanGevaar.choices, blank=True)
    ladderstap = models.ForeignKey(
        Damoclesladder,
        verbose_name=_("stap van de Damoclesladder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    objects = ProcedureStapQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap van een procedure")
        verbose_name_plural = _("stappen van procedures")
        ordering = ["procedure", "sjabloon__volgorde", "pk"]

    # A task's page (taken) links to the step through the generic link: who may open the procedure may open it.
    bekijk_permissie = "procedures.view_procedure"

    def __str__(self):
        return self.sjabloon.naam

    def get_absolute_url(self):
        return f"{reverse('procedures:detail', args=[self.procedure_id])}#stap-{self.pk}"

    @property
    def afgehandeld(self) -> bool:
        return self.gedaan_op is not None or self.overgeslagen

    @property
    def te_laat(self) -> bool:
        return not self.afgehandeld and self.uiterste_datum is not None and self.uiterste_datum < timezone.localdate()


def briefsjabloon_pad(sjabloon, bestandsnaam: str) -> str:
    """A random name per upload: two municipalities' 'besluit.docx' never overwrite each other."""
    return f"briefsjablonen/{uuid.uuid4().hex}.docx"


class Briefsjabloon(models.Model):
    """A Word template (docxtpl) of one letter in a municipality's house style, kept in the admin.

    Without a municipality it is the default for all. When no active template exists the letter
    comes from the templates in the repository (procedures/sjablonen/, see procedures.brieven)."""

    brief = models.CharField(_("soort brief"), max_length=20, choices=BriefSoort.choices)
    vorm = models.CharField(_("soort procedure"), max_length=10, choices=Vorm.choices)
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: standaard voor alle gemeenten zonder eigen sjabloon."),
    )
    bestand = models.FileField(
        _("Word-sjabloon (.docx)"),
        upload_to=briefsjabloon_pad,
        max_length=200,
        validators=[FileExtensionValidator(["docx"])],
        help_text=_("Velden als {{ gemeente }}, {{ adres }}, {{ zienswijze_uiterlijk }}: zie de standaardsjablonen."),
    )
    html = models.TextField(
        _("HTML-variant voor PDF"),
        blank=True,
        help_text=_("Optioneel: dezelfde brief als HTML met dezelfde velden; dan wordt ook een PDF gemaakt."),
    )
    ondertekenaar = models.CharField(
        _("ondertekenaar"), max_length=120, blank=True, help_text=_("Naam van de burgemeester onder de brief.")
    )
    actief = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["vorm", "brief", "gemeente__naam", "-created_at"]

    def __str__(self):
        waar = self.gemeente or _("alle gemeenten")
        return f"{self.get_brief_display()} ({self.get_vorm_display()}, {waar})"

    def clean(self):
        if self.bestand and not getattr(self.bestand, "_committed", True):
            self.bestand.seek(0)
            if bestandstype.herken(self.bestand.read(MAX_SJABLOON + 1)) != bestandstype.DOCX:
                raise ValidationError({"bestand": _("Dit is geen Word-bestand (.docx).")})
            self.bestand.seek(0)
