"""Tasks: the plan of approach per case. Who does what before when, about which signal, control or action."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actieplan.models import Actie
from controles.models import Controle
from ondermijning import klok
from ondermijning.models import Gemeente, Organisatie
from ondermijning.scoping import GescoptQuerySet
from signalen.models import Agendapunt, Interventie, Signaal


class TaakStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GEREED = "gereed", _("Gereed")
    VERVALLEN = "vervallen", _("Vervallen")


class TaakQuerySet(GescoptQuerySet):
    # A municipal user sees the tasks of their municipalities; a partner only the tasks assigned to
    # its organisation (never the rest of the plan of approach).
    gemeente_pad = "gemeente"
    gedeeld_met_pad = "eigenaar_organisatie"

    def voor_gebruiker(self, gebruiker):
        """As declared above; a municipal user who may not open signals (the inspector) sees the tasks
        about signals only when they own them: a task names its case."""
        qs = super().voor_gebruiker(gebruiker)
        if (
            qs.query.is_empty()
            or getattr(gebruiker, "is_ketenpartner", False)
            or gebruiker.has_perm("signalen.view_signaal")
        ):
            return qs
        return qs.filter(Q(signaal__isnull=True) | Q(eigenaar=gebruiker))

    def open(self):
        return self.filter(status=TaakStatus.OPEN)

    def van(self, gebruiker):
        """The tasks `gebruiker` owns: assigned to them, or (a partner) to their organisation."""
        if getattr(gebruiker, "is_ketenpartner", False):
            return self.filter(eigenaar_organisatie_id=gebruiker.organisatie_id)
        return self.filter(eigenaar=gebruiker)

    def op_volgorde(self):
        """By due date (so overdue first), then oldest first."""
        return self.order_by("uiterlijk_op", "pk")


class Taak(models.Model):
    """One task with one owner: a user, or a partner organisation for joint work."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar (medewerker)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken",
    )
    eigenaar_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("eigenaar (ketenpartner)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken",
    )
    uiterlijk_op = models.DateField(_("uiterlijk op"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=TaakStatus.choices, default=TaakStatus.OPEN)
    # What the task is about (any of them may be empty; a task always has a municipality). A withdrawn
    # intervention or control (a corrected decision) leaves the task on its signal: SET_NULL, not CASCADE.
    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, null=True, blank=True, related_name="taken"
    )
    interventie = models.ForeignKey(
        Interventie,
        verbose_name=_("interventie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken",
    )
    controle = models.ForeignKey(
        Controle, verbose_name=_("controle"), on_delete=models.SET_NULL, null=True, blank=True, related_name="taken"
    )
    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.CASCADE, null=True, blank=True, related_name="taken"
    )
    # A later part of the case (a step of a legal procedure) that is not one of the above: a generic link
    # until that part has a model of its own here.
    onderdeel_type = models.ForeignKey(
        ContentType, verbose_name=_("soort onderdeel"), on_delete=models.PROTECT, null=True, blank=True
    )
    onderdeel_id = models.PositiveBigIntegerField(_("onderdeel-id"), null=True, blank=True)
    # The overleg decision that created the task (a corrected decision withdraws its untouched tasks).
    agendapunt = models.ForeignKey(
        Agendapunt,
        verbose_name=_("besluit van agendapunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="taken",
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=klok.nu, editable=False)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notitie = models.TextField(_("notitie bij afronden"), blank=True)
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    objects = TaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["uiterlijk_op", "pk"]
        permissions = [("afronden_taak", "Taak afronden")]
        constraints = [
            models.CheckConstraint(
                condition=Q(eigenaar__isnull=False, eigenaar_organisatie__isnull=True)
                | Q(eigenaar__isnull=True, eigenaar_organisatie__isnull=False),
                name="taak_precies_een_eigenaar",
                violation_error_message=_("Een taak heeft precies één eigenaar: een medewerker of een ketenpartner."),
            )
        ]
        indexes = [models.Index(fields=["status", "uiterlijk_op"], name="taak_open_idx")]

    def __str__(self):
        return self.omschrijving

    def get_absolute_url(self):
        return reverse("taken:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == TaakStatus.OPEN

    @property
    def te_laat(self) -> bool:
        return self.is_open and self.uiterlijk_op < klok.vandaag()

    @property
    def eigenaar_naam(self) -> str:
        if self.eigenaar_id:
            return self.eigenaar.get_full_name() or self.eigenaar.username
        return str(self.eigenaar_organisatie)
