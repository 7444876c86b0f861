"""Models of the controles app: controls, the objects and visits of a control, checklists,
photos, the six-weekly planning rule, and Project Theseus (labels of businesses on industrial estates).

Scope: a control belongs to one municipality; a ketenpartner sees the joint controls its
organisation takes part in (and their objects), never the visits, answers or photos.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ondermijning import klok
from ondermijning.models import Gemeente, Organisatie
from ondermijning.scoping import GescoptQuerySet
from ondermijning.workflow import StatusWijziging


class ControleSoort(models.TextChoices):
    INTEGRALE_CONTROLE = "integrale_controle", _("Integrale controle")
    THEMACONTROLE = "themacontrole", _("Themacontrole")
    DOR_CONTROLE = "dor_controle", _("DOR-controle")
    ACTIEWEEK = "actieweek", _("Actieweek")
    WEEK_TEGEN_ONDERMIJNING = "week_tegen_ondermijning", _("Week tegen Ondermijning")


class Thema(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    GARAGEBOXEN = "garageboxen", _("Garageboxen")
    BUITENGEBIED = "buitengebied", _("Buitengebied")
    HORECA = "horeca", _("Horeca")
    BEDRIJVENTERREIN = "bedrijventerrein", _("Bedrijventerrein")
    ANDERS = "anders", _("Anders")


class ControleDoel(models.TextChoices):
    WITTE_VLEKKEN = "witte_vlekken", _("Witte vlekken bezoeken")
    THEMA = "thema", _("Thema")
    SIGNALENLIJST = "signalenlijst", _("Signalenlijst actueel houden")
    THESEUS = "theseus", _("Theseus: witte en rode bedrijven")


class ControleStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    AFGEROND = "afgerond", _("Afgerond")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class ControleQuerySet(GescoptQuerySet):
    gemeente_pad = "gemeente"
    gedeeld_met_pad = "deelnemende_organisaties"

    def gepland(self):
        return self.filter(status=ControleStatus.GEPLAND)

    def op_datum(self, datum: datetime.date):
        return self.filter(datum=datum).exclude(status=ControleStatus.GEANNULEERD)


class Controle(models.Model):
    """An (integrated or thematic) control in one municipality, with partners and objects to visit."""

    soort = models.CharField(_("soort"), max_length=30, choices=ControleSoort.choices, db_index=True)
    thema = models.CharField(
        _("thema"), max_length=20, choices=Thema.choices, blank=True, help_text=_("Verplicht bij een themacontrole.")
    )
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum"), db_index=True)
    starttijd = models.TimeField(
        _("starttijd"), null=True, blank=True, help_text=_("Lokale tijd (Europe/Amsterdam), bijvoorbeeld 09:30.")
    )
    eindtijd = models.TimeField(_("eindtijd"), null=True, blank=True)
    doel = models.CharField(_("doel"), max_length=20, choices=ControleDoel.choices, default=ControleDoel.WITTE_VLEKKEN)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ControleStatus.choices, default=ControleStatus.GEPLAND, db_index=True
    )
    deelnemende_organisaties = models.ManyToManyField(
        Organisatie, verbose_name=_("deelnemende organisaties"), blank=True, related_name="controles"
    )
    deelnemers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemers (toezichthouders)"),
        blank=True,
        related_name="controles",
    )
    kosten = models.DecimalField(
        _("kosten deelname ODRA"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("In euro's; wordt bij het uitvoeren geboekt op de begroting van de gemeente."),
    )
    kosten_geboekt = models.BooleanField(_("kosten geboekt"), default=False, editable=False)
    annuleringsreden = models.CharField(_("reden van annulering"), max_length=200, blank=True)
    # Set when a decision of the overleg ("controle plannen") planned this control for a signal.
    signaal = models.ForeignKey(
        "signalen.Signaal",
        verbose_name=_("naar aanleiding van signaal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="controles",
    )
    agendapunt = models.ForeignKey(
        "signalen.Agendapunt",
        verbose_name=_("besluit waaruit deze controle voortkomt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="controles",
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ControleQuerySet.as_manager()

    class Meta:
        verbose_name = _("controle")
        verbose_name_plural = _("controles")
        ordering = ["-datum", "-starttijd", "-pk"]
        indexes = [models.Index(fields=["gemeente", "soort", "datum"], name="controle_gem_soort_datum_idx")]

    def __str__(self):
        soort = self.get_thema_display() if self.soort == ControleSoort.THEMACONTROLE and self.thema else None
        label = f"{self.get_soort_display()} {soort}" if soort else self.get_soort_display()
        return f"{label} {self.datum:%d-%m-%Y}"

    def clean(self):
        if self.soort == ControleSoort.THEMACONTROLE and not self.thema:
            raise ValidationError({"thema": _("Kies het thema van de themacontrole.")})
        if self.soort != ControleSoort.THEMACONTROLE and self.thema:
            raise ValidationError({"thema": _("Een thema hoort alleen bij een themacontrole.")})
        if self.kosten is not None and self.kosten < 0:
            raise ValidationError({"kosten": _("Kosten kunnen niet negatief zijn.")})
        if self.starttijd and self.eindtijd and self.eindtijd <= self.starttijd:
            raise ValidationError({"eindtijd": _("De eindtijd moet na de starttijd liggen.")})

    @property
    def aanvang(self) -> datetime.datetime:
        """The start as a timezone-aware datetime in Europe/Amsterdam."""
        tijd = self.starttijd or datetime.time(0, 0)
        return timezone.make_aware(datetime.datetime.combine(self.datum, tijd))


class ControleStatusWijziging(StatusWijziging):
    """Who moved a control to which status, when and why."""

    controle = models.ForeignKey(
        Controle, verbose_name=_("controle"), on_delete=models.CASCADE, related_name="statuswijzigingen"
    )
    van = models.CharField(_("van"), max_length=12, choices=ControleStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=12, choices=ControleStatus.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = _("statuswijziging van een controle")
        verbose_name_plural = _("statuswijzigingen van controles")


class ControleObjectQuerySet(GescoptQuerySet):
    gemeente_pad = "controle__gemeente"
    gedeeld_met_pad = "controle__deelnemende_organisaties"


class ControleObject(models.Model):
    """An address and/or business to visit during a control."""

    controle = models.ForeignKey(
        Controle, verbose_name=_("controle"), on_delete=models.CASCADE, related_name="objecten"
    )
    adres = models.ForeignKey(
        "signalen.Adres", verbose_name=_("adres"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bedrijf = models.ForeignKey(
        "signalen.Bedrijf", verbose_name=_("bedrijf"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reden = models.CharField(
        _("reden"), max_length=200, blank=True, help_text=_("Waarom dit object, bijvoorbeeld 'Theseus: rood'.")
    )
    # The label entry this object was planned for; the business's label may change later.
    theseus_label = models.ForeignKey(
        "controles.TheseusLabel",
        verbose_name=_("Theseus-label bij het plannen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = ControleObjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("object van een controle")
        verbose_name_plural = _("objecten van een controle")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(adres__isnull=False) | models.Q(bedrijf__isnull=False),
                name="controleobject_adres_of_bedrijf",
            ),
            models.UniqueConstraint(
                fields=["controle", "bedrijf"],
                condition=models.Q(bedrijf__isnull=False),
                name="controleobject_bedrijf_uniek",
            ),
            models.UniqueConstraint(
                fields=["controle", "adres"],
                condition=models.Q(bedrijf__isnull=True),
                name="controleobject_adres_uniek",
            ),
        ]

    def __str__(self):
        if self.bedrijf_id:
            return str(self.bedrijf)
        return str(self.adres)

    def clean(self):
        if not self.adres_id and not self.bedrijf_id:
            raise ValidationError(_("Kies een adres of een bedrijf."))


class Planningsregel(models.Model):
    """Per municipality: 'integrale controle elke N weken'."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(
        _("soort controle"), max_length=30, choices=ControleSoort.choices, default=ControleSoort.INTEGRALE_CONTROLE
    )
    interval_weken = models.PositiveSmallIntegerField(_("interval in weken"), default=6)
    actief = models.BooleanField(_("actief"), default=True)

    objects = GescoptQuerySet.as_manager()

    class Meta:
        verbose_name = _("planningsregel")
        verbose_name_plural = _("planningsregels")
        ordering = ["gemeente__naam", "soort"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "soort"], name="planningsregel_uniek")]

    def __str__(self):
        return f"{self.gemeente}: {self.get_soort_display()} elke {self.interval_weken} weken"

    def clean(self):
        if self.interval_weken is not None and not 1 <= self.interval_weken <= 52:
            raise ValidationError({"interval_weken": _("Kies een interval tussen 1 en 52 weken.")})


class Vervolg(models.TextChoices):
    NIETS = "niets", _("Niets")
    NIEUW_SIGNAAL = "nieuw_signaal", _("Nieuw signaal")
    HANDHAVING = "handhaving", _("Handhaving")


class BezoekQuerySet(GescoptQuerySet):
    gemeente_pad = "controle__gemeente"
    gedeeld_met_pad = None


class Bezoek(models.Model):
    """A visit to one object during a control: who was there, findings, checklist, photos, follow-up."""

    controle = models.ForeignKey(
        Controle, verbose_name=_("controle"), on_delete=models.PROTECT, related_name="bezoeken"
    )
    object = models.ForeignKey(
        ControleObject,
        verbose_name=_("object"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bezoeken",
    )
    adres = models.ForeignKey(
        "signalen.Adres", verbose_name=_("adres"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bedrijf = models.ForeignKey(
        "signalen.Bedrijf", verbose_name=_("bedrijf"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bezocht_op = models.DateTimeField(_("bezocht op"), default=klok.nu)
    aanwezigen = models.TextField(
        _("aanwezigen"), blank=True, help_text=_("Wie waren er aanwezig (rol of functie, geen onnodige namen).")
    )
    bevindingen = models.TextField(_("bevindingen"), blank=True)
    vervolg = models.CharField(_("vervolg"), max_length=20, choices=Vervolg.choices, default=Vervolg.NIETS)
    vervolg_toelichting = models.CharField(_("toelichting vervolg"), max_length=300, blank=True)
    signaal = models.ForeignKey(
        "signalen.Signaal",
        verbose_name=_("signaal naar aanleiding van dit bezoek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bezoeken",
    )
    client_uuid = models.UUIDField(
        _("client-id"),
        unique=True,
        default=uuid.uuid4,
        help_text=_("Door het apparaat gemaakt id: een herhaalde verzending maakt geen tweede bezoek."),
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = BezoekQuerySet.as_manager()

    class Meta:
        verbose_name = _("bezoek")
        verbose_name_plural = _("bezoeken")
        ordering = ["-bezocht_op", "-pk"]

    def __str__(self):
        subject = self.bedrijf or self.adres
        return f"Bezoek {subject or ''} {timezone.localtime(self.bezocht_op):%d-%m-%Y}".strip()


class ChecklistSjabloon(models.Model):
    """Checklist questions per kind (and theme) of control; maintained in the admin."""

    naam = models.CharField(_("naam"), max_length=120)
    soort = models.CharField(_("soort controle"), max_length=30, choices=ControleSoort.choices)
    thema = models.CharField(
        _("thema"), max_length=20, choices=Thema.choices, blank=True, help_text=_("Alleen bij een themacontrole.")
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("checklistsjabloon")
        verbose_name_plural = _("checklistsjablonen")
        ordering = ["soort", "thema", "naam"]
        constraints = [models.UniqueConstraint(fields=["soort", "thema"], name="checklistsjabloon_uniek")]

    def __str__(self):
        return self.naam


class Antwoordtype(models.TextChoices):
    JA_NEE = "ja_nee", _("Ja / nee / n.v.t.")
    TEKST = "tekst", _("Vrije tekst")


class ChecklistVraag(models.Model):
    sjabloon = models.ForeignKey(
        ChecklistSjabloon, verbose_name=_("sjabloon"), on_delete=models.CASCADE, related_name="vragen"
    )
    tekst = models.CharField(_("vraag"), max_length=250)
    antwoordtype = models.CharField(
        _("soort antwoord"), max_length=10, choices=Antwoordtype.choices, default=Antwoordtype.JA_NEE
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("checklistvraag")
        verbose_name_plural = _("checklistvragen")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.tekst


class Antwoord(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    NVT = "nvt", _("N.v.t.")


class ChecklistAntwoordQuerySet(GescoptQuerySet):
    gemeente_pad = "bezoek__controle__gemeente"


class ChecklistAntwoord(models.Model):
    """One answer; the question text is copied so later edits in the admin don't rewrite history."""

    bezoek = models.ForeignKey(Bezoek, verbose_name=_("bezoek"), on_delete=models.CASCADE, related_name="antwoorden")
    vraag = models.ForeignKey(
        ChecklistVraag, verbose_name=_("vraag"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vraag_tekst = models.CharField(_("vraag (zoals gesteld)"), max_length=250)
    antwoord = models.CharField(_("antwoord"), max_length=500, blank=True)

    objects = ChecklistAntwoordQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklistantwoord")
        verbose_name_plural = _("checklistantwoorden")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["bezoek", "vraag"], name="checklistantwoord_uniek")]

    def __str__(self):
        return f"{self.vraag_tekst}: {self.antwoord}"


def foto_pad(instance, filename: str) -> str:
    """A random name: the original file name (and any personal data in it) is never stored."""
    return f"controles/fotos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class FotoQuerySet(GescoptQuerySet):
    gemeente_pad = "bezoek__controle__gemeente"


class Foto(models.Model):
    """A photo of a visit: re-encoded without EXIF/GPS, stored under MEDIA_ROOT, served by a scoped view."""

    bezoek = models.ForeignKey(Bezoek, verbose_name=_("bezoek"), on_delete=models.CASCADE, related_name="fotos")
    bestand = models.ImageField(_("bestand"), upload_to=foto_pad, width_field="breedte", height_field="hoogte")
    breedte = models.PositiveIntegerField(_("breedte"), null=True, editable=False)
    hoogte = models.PositiveIntegerField(_("hoogte"), null=True, editable=False)
    grootte = models.PositiveIntegerField(_("grootte in bytes"), default=0, editable=False)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemaakt door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = FotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["pk"]

    def __str__(self):
        return f"Foto {self.pk}"


class Bedrijventerrein(models.Model):
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=120)

    objects = GescoptQuerySet.as_manager()

    class Meta:
        verbose_name = _("bedrijventerrein")
        verbose_name_plural = _("bedrijventerreinen")
        ordering = ["gemeente__naam", "naam"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "naam"], name="bedrijventerrein_uniek")]

    def __str__(self):
        return f"{self.naam} ({self.gemeente})"


class Label(models.TextChoices):
    GROEN = "groen", _("Groen")
    WIT = "wit", _("Wit")
    ROOD = "rood", _("Rood")


class TheseusLabelQuerySet(GescoptQuerySet):
    gemeente_pad = "bedrijventerrein__gemeente"

    def huidig(self):
        return self.filter(huidig=True)


class TheseusLabel(models.Model):
    """One entry in a business's label history; exactly one per business is `huidig` (current)."""

    bedrijf = models.ForeignKey(
        "signalen.Bedrijf", verbose_name=_("bedrijf"), on_delete=models.PROTECT, related_name="theseus_labels"
    )
    bedrijventerrein = models.ForeignKey(
        Bedrijventerrein, verbose_name=_("bedrijventerrein"), on_delete=models.PROTECT, related_name="labels"
    )
    label = models.CharField(_("label"), max_length=5, choices=Label.choices, db_index=True)
    datum = models.DateField(_("datum"), default=datetime.date.today)
    toelichting = models.CharField(_("toelichting"), max_length=300, blank=True)
    bronnen = models.CharField(
        _("bronnen"),
        max_length=200,
        blank=True,
        help_text=_("Welke bronnen zijn geraadpleegd, bijvoorbeeld open bronnen, straatinformatie, KVK."),
    )
    bezoek = models.ForeignKey(
        Bezoek,
        verbose_name=_("naar aanleiding van bezoek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theseus_labels",
    )
    huidig = models.BooleanField(_("huidig label"), default=True, editable=False)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = TheseusLabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("Theseus-label")
        verbose_name_plural = _("Theseus-labels")
        ordering = ["-datum", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bedrijf"], condition=models.Q(huidig=True), name="theseuslabel_een_huidig_per_bedrijf"
            )
        ]
        indexes = [
            # The Theseus overview counts the current labels per estate and colour: an index-only count
            # of the current ones instead of joining every label ever given (10 -> 1.4 ms at 1M, issue 21).
            models.Index(
                fields=["bedrijventerrein", "label"],
                include=["id"],
                condition=models.Q(huidig=True),
                name="theseus_huidig_terrein_idx",
            )
        ]

    def __str__(self):
        return f"{self.bedrijf}: {self.get_label_display()}"
