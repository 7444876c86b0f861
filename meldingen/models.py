"""Models of the meldingen app: reminders kept in the database, in-app notifications, delivery
preferences and background export jobs.

The database rows are the source of truth; the broker (Redis) only carries "look now" nudges.
A reminder is written in the same transaction as the event that causes it (or by the periodic
scan), and the periodic sender delivers every due row exactly once, whatever the broker did.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ondermijning.models import Gemeente


class HerinneringSoort(models.TextChoices):
    INTEGRALE_CONTROLE = "integrale_controle", _("Integrale controle binnen twee weken nodig, niets gepland")
    CONTROLE_MORGEN = "controle_morgen", _("Controle morgen")
    WEGING_TE_LANG = "weging_te_lang", _("Signaal wacht langer dan 14 dagen op weging")
    BIBOB_ADVIES = "bibob_advies", _("Bibob-advies verwacht")
    ACTIE_KWARTAAL = "actie_kwartaal", _("Actie dit kwartaal, nog niet gestart")
    COMMUNICATIE = "communicatie", _("Communicatie volgende week")
    THESEUS = "theseus", _("Wit of rood Theseus-bedrijf drie maanden zonder controle")
    AUDITKETEN = "auditketen", _("Auditketen gebroken")
    PROCEDURESTAP = "procedurestap", _("Termijn van een stap in een procedure loopt af")


class Kanaal(models.TextChoices):
    EMAIL = "email", _("E-mail en in de app")
    IN_APP = "in_app", _("Alleen in de app")


class Afgeleverd(models.TextChoices):
    EMAIL = "email", _("Per e-mail en in de app")
    IN_APP = "in_app", _("In de app")
    VERVALLEN = "vervallen", _("Vervallen (niet meer van toepassing)")


class HerinneringQuerySet(models.QuerySet):
    def te_versturen(self, nu):
        """Due, unsent, and not waiting for a retry after a failed attempt."""
        return self.filter(sent_at__isnull=True, due_at__lte=nu).filter(
            models.Q(volgende_poging_op__isnull=True) | models.Q(volgende_poging_op__lte=nu)
        )


class Herinnering(models.Model):
    """One reminder for one user about one object; sent once (sent_at), never twice (unique key)."""

    soort = models.CharField(_("soort"), max_length=30, choices=HerinneringSoort.choices)
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ontvanger"), on_delete=models.CASCADE, related_name="herinneringen"
    )
    object_type = models.CharField(_("objecttype"), max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(_("object-id"), default=0)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    peildatum = models.DateField(
        _("peildatum"), help_text=_("De datum waar de herinnering over gaat (termijn, controledatum, kwartaaleinde).")
    )
    onderwerp = models.CharField(
        _("onderwerp"), max_length=200, help_text=_("Zonder persoonsgegevens: de herinnering kan per e-mail gaan.")
    )
    url = models.CharField(_("link"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("versturen vanaf"), db_index=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True, db_index=True)
    afgeleverd = models.CharField(_("afgeleverd"), max_length=12, choices=Afgeleverd.choices, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("mislukte pogingen"), default=0)
    volgende_poging_op = models.DateTimeField(_("volgende poging op"), null=True, blank=True)
    laatste_fout = models.CharField(_("laatste fout"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = HerinneringQuerySet.as_manager()

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["soort", "object_type", "object_id", "ontvanger", "peildatum"], name="herinnering_eenmalig"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="herinnering_te_versturen_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.object_type}:{self.object_id} -> {self.ontvanger_id}"


class NotificatieQuerySet(models.QuerySet):
    def voor_gebruiker(self, gebruiker):
        """A user sees only their own notifications."""
        if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
            return self.none()
        return self.filter(ontvanger=gebruiker)

    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)


class Notificatie(models.Model):
    """An in-app notification (the bell); made by the sender from a reminder, at most once per reminder."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ontvanger"), on_delete=models.CASCADE, related_name="notificaties"
    )
    herinnering = models.OneToOneField(
        Herinnering,
        verbose_name=_("herinnering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notificatie",
    )
    soort = models.CharField(_("soort"), max_length=30, choices=HerinneringSoort.choices)
    tekst = models.CharField(_("tekst"), max_length=200)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    objects = NotificatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"], name="notificatie_ongelezen_idx")]

    def __str__(self):
        return self.tekst


class Voorkeur(models.Model):
    """Per user and kind of reminder: by e-mail (and in the app) or in the app only."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="+"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=HerinneringSoort.choices)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices, default=Kanaal.EMAIL)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [models.UniqueConstraint(fields=["gebruiker", "soort"], name="voorkeur_uniek")]

    def __str__(self):
        return f"{self.gebruiker_id} {self.soort}: {self.kanaal}"


class ExportStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")
    VERLOPEN = "verlopen", _("Verlopen")


class ExportOpdrachtQuerySet(models.QuerySet):
    def voor_gebruiker(self, gebruiker):
        """Only the jobs the user asked for; the export kind re-checks scope before a download."""
        if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
            return self.none()
        return self.filter(aangevraagd_door=gebruiker)


class ExportOpdracht(models.Model):
    """A long export produced in the background; the file is for the requester only and expires after a day."""

    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangevraagd door"), on_delete=models.CASCADE, related_name="+"
    )
    soort = models.CharField(_("soort export"), max_length=40)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.WACHTRIJ, db_index=True
    )
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    bestand = models.CharField(_("bestand"), max_length=200, blank=True, help_text=_("Pad onder MEDIA_ROOT."))
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=150, blank=True)
    content_type = models.CharField(_("inhoudstype"), max_length=100, blank=True)
    foutmelding = models.CharField(_("foutmelding"), max_length=200, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True, db_index=True)

    objects = ExportOpdrachtQuerySet.as_manager()

    class Meta:
        verbose_name = _("exportopdracht")
        verbose_name_plural = _("exportopdrachten")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.soort} #{self.pk} ({self.status})"

    @property
    def is_afgerond(self) -> bool:
        return self.status in (ExportStatus.KLAAR, ExportStatus.MISLUKT, ExportStatus.VERLOPEN)

    # The pages ask these instead of comparing status literals.
    @property
    def is_klaar(self) -> bool:
        return self.status == ExportStatus.KLAAR

    @property
    def is_mislukt(self) -> bool:
        return self.status == ExportStatus.MISLUKT

    @property
    def is_verlopen(self) -> bool:
        return self.status == ExportStatus.VERLOPEN

    @property
    def in_wachtrij(self) -> bool:
        return self.status == ExportStatus.WACHTRIJ

    @property
    def is_bezig(self) -> bool:
        return self.status == ExportStatus.BEZIG
