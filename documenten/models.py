"""Documents of a case: the police's rapportage, letters, views, decisions and objections, as files."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from controles.models import Controle
from ondermijning import klok
from ondermijning.models import Gemeente
from ondermijning.scoping import GescoptQuerySet
from signalen.models import Interventie, Signaal


class DocumentSoort(models.TextChoices):
    BESTUURLIJKE_RAPPORTAGE = "bestuurlijke_rapportage", _("Bestuurlijke rapportage")
    VOORNEMEN = "voornemen", _("Voornemen")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    BESLUIT = "besluit", _("Besluit")
    BEZWAARSCHRIFT = "bezwaarschrift", _("Bezwaarschrift")
    BIBOB_ADVIES = "bibob_advies", _("Bibob-advies")
    OVERIG = "overig", _("Overig")


class Vertrouwelijkheid(models.TextChoices):
    INTERN = "intern", _("Intern: iedereen die de zaak mag zien")
    VERTROUWELIJK = "vertrouwelijk", _("Vertrouwelijk: alleen wie aan de zaak werkt")


# The permission that opens confidential documents: the roles that work on cases (beleidsmedewerker,
# voorzitter, toezichthouder), not the coordinator who reads progress.
VERTROUWELIJK_ZIEN = "documenten.vertrouwelijk_document"


class DocumentQuerySet(GescoptQuerySet):
    # Scoped like what it is attached to: the municipality, no partners, and only for users who may open
    # the signal (signal and intervention documents) or the control (control documents).
    gemeente_pad = "gemeente"
    gedeeld_met_pad = None

    def voor_gebruiker(self, gebruiker):
        qs = super().voor_gebruiker(gebruiker)
        if not qs.query.is_empty():
            zichtbaar = Q(pk__in=[])
            if gebruiker.has_perm("signalen.view_signaal"):
                zichtbaar |= Q(signaal__isnull=False)
            if gebruiker.has_perm("controles.view_controle"):
                zichtbaar |= Q(signaal__isnull=True, controle__isnull=False)
            qs = qs.filter(zichtbaar)
            if not gebruiker.has_perm(VERTROUWELIJK_ZIEN):
                qs = qs.exclude(vertrouwelijkheid=Vertrouwelijkheid.VERTROUWELIJK)
        return qs


def document_pad(document, bestandsnaam: str) -> str:
    """A random name per file: the original name (possibly a person's) never reaches the storage."""
    extensie = bestandsnaam.rsplit(".", 1)[-1].lower() if "." in bestandsnaam else "bin"
    return f"documenten/{uuid.uuid4().hex}.{extensie}"


class Document(models.Model):
    """A file of a case, attached to a signal (and then possibly its intervention), a control or a later part."""

    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(_("soort document"), max_length=30, choices=DocumentSoort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    datum = models.DateField(_("datum van het document"))
    vertrouwelijkheid = models.CharField(
        _("vertrouwelijkheid"),
        max_length=20,
        choices=Vertrouwelijkheid.choices,
        default=Vertrouwelijkheid.VERTROUWELIJK,
    )
    bestand = models.FileField(_("bestand"), upload_to=document_pad, max_length=200)
    bestandsnaam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200)
    mime_type = models.CharField(_("bestandstype"), max_length=100, editable=False)
    grootte = models.PositiveIntegerField(_("grootte in bytes"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    # What it is attached to. A document of an intervention also names its signal, so it goes with the
    # signal under retention; a withdrawn intervention or control leaves it on its signal (SET_NULL).
    signaal = models.ForeignKey(
        Signaal, verbose_name=_("signaal"), on_delete=models.CASCADE, null=True, blank=True, related_name="documenten"
    )
    interventie = models.ForeignKey(
        Interventie,
        verbose_name=_("interventie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documenten",
    )
    controle = models.ForeignKey(
        Controle,
        verbose_name=_("controle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documenten",
    )
    # A later part of the case (a step of a legal procedure) that is not one of the above: a generic link
    # until that part has a foreign key of its own here. Such a document also names its signal.
    onderdeel_type = models.ForeignKey(
        ContentType, verbose_name=_("soort onderdeel"), on_delete=models.PROTECT, null=True, blank=True
    )
    onderdeel_id = models.PositiveBigIntegerField(_("onderdeel-id"), null=True, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("geüpload op"), default=klok.nu, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-datum", "-pk"]
        permissions = [("vertrouwelijk_document", "Vertrouwelijke documenten inzien")]
        constraints = [
            models.CheckConstraint(
                condition=Q(signaal__isnull=False) | Q(controle__isnull=False),
                name="document_hoort_bij_signaal_of_controle",
                violation_error_message=_("Een document hoort bij een signaal, interventie of controle."),
            )
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("documenten:download", args=[self.pk])
