"""API tokens for partner systems and the MMA intake, and stored idempotent responses.

A token belongs to a (service) account, a `Gebruiker`: that account's municipalities,
organisation and roles decide what the token sees and may do, exactly as on the web. The token
adds scopes on top (what this system may do at all), an expiry and a rate limit. Only a SHA-256
hash of the secret is stored; the secret itself is shown once, when the beheerder creates it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    LEZEN = "lezen", _("Lezen")
    SIGNALEN_AANMAKEN = "signalen_aanmaken", _("Signalen aanmaken")
    BEZOEKEN_AANMAKEN = "bezoeken_aanmaken", _("Bezoeken aanmaken")


class ApiToken(models.Model):
    naam = models.CharField(
        _("naam"), max_length=100, help_text=_("Welk systeem deze sleutel gebruikt, bijvoorbeeld 'MMA-intake'.")
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("serviceaccount"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_(
            "De gemeenten, organisatie en rollen van dit account bepalen wat de sleutel mag zien en doen, "
            "net als op de website."
        ),
    )
    sleutel_prefix = models.CharField(
        _("begin van de sleutel"), max_length=12, editable=False, help_text=_("Om de sleutel te herkennen.")
    )
    sleutel_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    mag_lezen = models.BooleanField(_("mag lezen"), default=True)
    mag_signalen_aanmaken = models.BooleanField(_("mag signalen aanmaken"), default=False)
    mag_bezoeken_aanmaken = models.BooleanField(_("mag bezoeken aanmaken"), default=False)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    actief = models.BooleanField(_("actief"), default=True, help_text=_("Uitzetten trekt de sleutel direct in."))
    verzoeken_per_minuut = models.PositiveIntegerField(_("maximaal aantal verzoeken per minuut"), default=120)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["naam", "pk"]

    def __str__(self):
        return f"{self.naam} ({self.sleutel_prefix}...)"

    @property
    def scopes(self) -> frozenset[str]:
        gekozen = {
            Scope.LEZEN: self.mag_lezen,
            Scope.SIGNALEN_AANMAKEN: self.mag_signalen_aanmaken,
            Scope.BEZOEKEN_AANMAKEN: self.mag_bezoeken_aanmaken,
        }
        return frozenset(scope.value for scope, aan in gekozen.items() if aan)

    @property
    def is_verlopen(self) -> bool:
        return self.verloopt_op <= timezone.now()


class IdempotenteRespons(models.Model):
    """The response to a create call with an Idempotency-Key: a retry gets it back, nothing is made twice."""

    token = models.ForeignKey(ApiToken, verbose_name=_("API-sleutel"), on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(_("Idempotency-Key"), max_length=100)
    pad = models.CharField(_("pad"), max_length=200)
    verzoek_hash = models.CharField(_("hash van het verzoek"), max_length=64)
    statuscode = models.PositiveSmallIntegerField(_("statuscode"), null=True)
    inhoud = models.JSONField(_("inhoud van het antwoord"), null=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent antwoord")
        verbose_name_plural = _("idempotente antwoorden")
        constraints = [models.UniqueConstraint(fields=["token", "sleutel"], name="idempotente_respons_uniek_per_token")]

    def __str__(self):
        return f"{self.token_id}:{self.sleutel}"
