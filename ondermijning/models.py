"""Core model: municipalities, partner organisations, users with their memberships, audit."""

import functools
import operator

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from ondermijning.scoping import Rol, beheerde_gemeente_ids, gemeente_ids


class GemeenteQuerySet(models.QuerySet):
    def voor_gebruiker(self, gebruiker):
        """The municipalities a user works for (none for partners and anonymous users)."""
        return self.filter(pk__in=gemeente_ids(gebruiker))


class Gemeente(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld GM0226 voor Duiven.")
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Samenwerkingsverband(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    gemeenten = models.ManyToManyField(Gemeente, verbose_name=_("gemeenten"), related_name="samenwerkingsverbanden")

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class OrganisatieType(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    POLITIE = "politie", _("Politie")
    OM = "om", _("Openbaar Ministerie")
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst")
    DOUANE = "douane", _("Douane")
    OMGEVINGSDIENST = "omgevingsdienst", _("Omgevingsdienst (ODRA)")
    RIEC = "riec", _("RIEC")
    DOT = "dot", _("DOT")
    SAMEN_WEERBAAR = "samen_weerbaar", _("Samen Weerbaar")
    PVO = "pvo", _("PVO")
    HALT = "halt", _("Halt")
    OVERIG = "overig", _("Overig")


class Organisatie(models.Model):
    """A chain partner (ketenpartner), or a municipal organisation such as 1Stroom."""

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisatieType.choices, db_index=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Gebruiker(AbstractUser):
    """A user: works for one or more municipalities, belongs to one organisation, has roles (groups)."""

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gebruikers",
    )
    gemeenten = models.ManyToManyField(
        Gemeente,
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="gebruikers",
        help_text=_("De gemeenten waarvoor deze gebruiker werkt; bepaalt wat hij of zij ziet."),
    )
    is_systeemaccount = models.BooleanField(
        _("systeemaccount"),
        default=False,
        help_text=_(
            "Een account voor een ander systeem (met een API-sleutel): kan niet inloggen op de website. "
            "Alleen te kiezen bij het aanmaken."
        ),
    )
    noodaccount = models.BooleanField(
        _("noodaccount"),
        default=False,
        help_text=_(
            "Mag met wachtwoord inloggen, ook als inloggen met wachtwoord uit staat (break-glass, "
            "voor als de identity provider niet bereikbaar is)."
        ),
    )
    oidc_sub = models.CharField(
        _("OIDC-subject"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("De vaste id (sub) van deze gebruiker bij de identity provider; leeg voor lokale accounts."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def set_password(self, raw_password):
        # A system account works with an API key only: it never gets a password that logs in.
        if self.is_systeemaccount:
            return self.set_unusable_password()
        return super().set_password(raw_password)

    def check_password(self, raw_password):
        return not self.is_systeemaccount and super().check_password(raw_password)

    @cached_property
    def rollen(self) -> frozenset[str]:
        """Names of this user's roles, read once per request."""
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def heeft_rol(self, *rollen: Rol) -> bool:
        return any(rol in self.rollen for rol in rollen)

    @property
    def is_ketenpartner(self) -> bool:
        return Rol.KETENPARTNER in self.rollen


class AuditActie(models.TextChoices):
    LEZEN = "lezen", _("Persoonsgegevens gelezen")
    AANMAKEN = "aanmaken", _("Aangemaakt")
    WIJZIGEN = "wijzigen", _("Gewijzigd")
    VERWIJDEREN = "verwijderen", _("Verwijderd")
    TRANSITIE = "transitie", _("Statusovergang")
    EXPORT = "export", _("Export")
    LOGIN_GELUKT = "login_gelukt", _("Inloggen gelukt")
    LOGIN_MISLUKT = "login_mislukt", _("Inloggen mislukt")
    UITLOGGEN = "uitloggen", _("Uitgelogd")
    TOEGANG_GEWEIGERD = "toegang_geweigerd", _("Toegang geweigerd")
    KOP_HERSTELD = "kop_hersteld", _("Kop van de auditketen hersteld")


class AuditResultaat(models.TextChoices):
    GELUKT = "gelukt", _("Gelukt")
    GEWEIGERD = "geweigerd", _("Geweigerd")
    MISLUKT = "mislukt", _("Mislukt")


class AuditEventQuerySet(models.QuerySet):
    def voor_gebruiker(self, gebruiker):
        """The audit viewer's scope: events of the beheerder's municipalities (all for a superuser or
        regiobeheerder). An event without a municipality (a login, an export) belongs to its actor's."""
        if not (
            gebruiker.is_authenticated and gebruiker.is_active and gebruiker.has_perm("ondermijning.view_auditevent")
        ):
            return self.none()
        ids = beheerde_gemeente_ids(gebruiker)
        if ids is None:
            return self
        actoren = Gebruiker.objects.filter(gemeenten__in=ids).values("pk")
        return self.filter(models.Q(gemeente_id__in=ids) | models.Q(gemeente=None, actor_id__in=actoren))


# The columns of an event the sealer never changes (everything but volgnummer, vorige_hash and hash).
AUDIT_INHOUD = ["id", "tijdstip", "actor", "actie", "object_type", "object_id", "gemeente", "resultaat", "ip",
                "toelichting", "sleutel_id", "inhoud_mac"]  # fmt: skip


class AuditEvent(models.Model):
    """Append-only audit event; each carries the MAC of its predecessor (see ondermijning.audit).

    `hash` is an HMAC-SHA256 under the key `sleutel_id` of settings.AUDIT_HMAC_SLEUTELS, which is not
    in the database. A request inserts the event without its place in the chain (`volgnummer`,
    `vorige_hash`, `hash` empty); the sealer fills those in once. On PostgreSQL a trigger refuses
    every DELETE and every UPDATE but that one."""

    # Empty until the sealer gives the event its place in the chain (see audit.verzegel).
    volgnummer = models.PositiveBigIntegerField(_("volgnummer"), unique=True, null=True, blank=True)
    tijdstip = models.DateTimeField(_("tijdstip"), db_index=True)
    actor = models.ForeignKey(
        Gebruiker,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actie = models.CharField(_("actie"), max_length=20, choices=AuditActie.choices, db_index=True)
    object_type = models.CharField(_("objecttype"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=40, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resultaat = models.CharField(_("resultaat"), max_length=12, choices=AuditResultaat.choices)
    ip = models.GenericIPAddressField(_("IP-adres van herkomst"), null=True, blank=True)
    toelichting = models.CharField(
        _("toelichting"), max_length=200, blank=True, help_text=_("Zonder persoonsgegevens: alleen ids en codes.")
    )
    vorige_hash = models.CharField(_("hash van vorige"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)
    sleutel_id = models.PositiveSmallIntegerField(_("sleutel-id"), help_text=_("Welke HMAC-sleutel de hash maakte."))
    inhoud_mac = models.CharField(
        _("MAC van de inhoud"),
        max_length=64,
        blank=True,
        help_text=_("HMAC van de gebeurtenis zelf, gezet bij het schrijven; gecontroleerd bij het verzegelen."),
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditgebeurtenissen")
        ordering = ["-id"]  # the order of writing; waiting events have no volgnummer yet
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            # The sealer's and audit_verify's look-up of the waiting tail.
            models.Index(fields=["id"], condition=models.Q(volgnummer=None), name="audit_wachtend_idx"),
        ]
        # No path of the application removes an event, retention included, or changes one, except the
        # sealer: the chain fields of an event still waiting for them, once, its content untouched.
        triggers = [
            pgtrigger.Protect(name="niet_verwijderen", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="alleen_verzegelen",
                operation=pgtrigger.Update,
                condition=functools.reduce(
                    operator.or_,
                    [pgtrigger.Q(old__volgnummer__isnull=False)]
                    + [pgtrigger.Q(**{f"old__{veld}__df": pgtrigger.F(f"new__{veld}")}) for veld in AUDIT_INHOUD],
                ),
            ),
        ]

    def __str__(self):
        return f"#{self.volgnummer} {self.actie} {self.object_type}:{self.object_id}"


class AuditKop(models.Model):
    """The head of the audit chain: one row, locked while an event is appended (moved, never deleted)."""

    volgnummer = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("kop van de auditketen")
        verbose_name_plural = _("kop van de auditketen")
        triggers = [pgtrigger.Protect(name="niet_verwijderen", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"#{self.volgnummer}"


class GebruikerSessie(models.Model):
    """Which sessions belong to which user, so deactivating a user can end all of them."""

    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.CASCADE, related_name="+")
    sessie_sleutel = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("sessie van gebruiker")
        verbose_name_plural = _("sessies van gebruikers")

    def __str__(self):
        return f"{self.gebruiker_id}"


class Grondslag(models.TextChoices):
    CONVENANT_RIEC = "convenant_riec", _("Convenant RIEC")
    SAMEN_WEERBAAR = "samen_weerbaar", _("Convenant Samen Weerbaar")
    LOKAAL_OVERLEG = "lokaal_overleg", _("Afspraken lokaal ondermijningsoverleg")
    WETTELIJKE_TAAK = "wettelijke_taak", _("Wettelijke taak (art. 6 lid 1 sub e AVG)")
    ANDERS = "anders", _("Anders (zie toelichting)")


# Afspraken binnen het lokaal overleg are a basis for discussing an item with the partners at the
# table, not a legal basis under the AVG for handing over who the persons are: that takes a
# covenant (RIEC, Samen Weerbaar) or a statutory task.
GRONDSLAGEN_PERSOONSGEGEVENS = (
    Grondslag.CONVENANT_RIEC,
    Grondslag.SAMEN_WEERBAAR,
    Grondslag.WETTELIJKE_TAAK,
    Grondslag.ANDERS,
)


class VerstrekkingQuerySet(models.QuerySet):
    def voor_gebruiker(self, gebruiker):
        """The register is for the beheerder (functional admin): the disclosures of their municipalities
        (all for a superuser or regiobeheerder), nothing for others."""
        if not (
            gebruiker.is_authenticated and gebruiker.is_active and gebruiker.has_perm("ondermijning.view_verstrekking")
        ):
            return self.none()
        ids = beheerde_gemeente_ids(gebruiker)
        return self if ids is None else self.filter(gemeente_id__in=ids)


class Verstrekking(models.Model):
    """Disclosure register: every sharing of data with a partner organisation (what, to whom, when, by whom, why)."""

    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("verstrekt aan"), on_delete=models.PROTECT, related_name="verstrekkingen"
    )
    object_type = models.CharField(_("objecttype"), max_length=60)
    object_id = models.CharField(_("object-id"), max_length=40)
    omschrijving = models.CharField(
        _("wat is verstrekt"), max_length=200, help_text=_("Zonder persoonsgegevens, bijvoorbeeld 'agendapunt 12'.")
    )
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grondslag = models.CharField(_("grondslag"), max_length=20, choices=Grondslag.choices)
    toelichting = models.CharField(_("toelichting"), max_length=200, blank=True)
    persoonsgegevens = models.BooleanField(
        _("met persoonsgegevens"),
        default=False,
        help_text=_("Of namen en geboortedata van personen zijn meegedeeld (alleen met een wettelijke grondslag)."),
    )
    door = models.ForeignKey(Gebruiker, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), db_index=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = VerstrekkingQuerySet.as_manager()

    class Meta:
        verbose_name = _("verstrekking")
        verbose_name_plural = _("verstrekkingenregister")
        ordering = ["-op"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="verstrekking_object_idx")]

    def __str__(self):
        return f"{self.omschrijving} -> {self.organisatie}"


class ToekenningSoort(models.TextChoices):
    ROL = "rol", _("Rol")
    GEMEENTE = "gemeente", _("Gemeente")


class Besluit(models.TextChoices):
    OPEN = "open", _("Wacht op goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class ToekenningsverzoekQuerySet(models.QuerySet):
    def open(self):
        return self.filter(besluit=Besluit.OPEN)

    def te_beoordelen_door(self, gebruiker):
        """Open requests `gebruiker` may decide on: a beheerder who neither asked for it nor is its subject."""
        if not (
            gebruiker.is_authenticated
            and gebruiker.is_active
            and gebruiker.has_perm("ondermijning.change_toekenningsverzoek")
        ):
            return self.none()
        return self.open().exclude(aangevraagd_door=gebruiker).exclude(gebruiker=gebruiker)


class Toekenningsverzoek(models.Model):
    """A grant of a role or a municipality, effective only once a second beheerder approved it (four eyes)."""

    gebruiker = models.ForeignKey(
        Gebruiker, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="toekenningsverzoeken"
    )
    soort = models.CharField(_("soort"), max_length=10, choices=ToekenningSoort.choices)
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangevraagd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    besluit = models.CharField(
        _("besluit"), max_length=12, choices=Besluit.choices, default=Besluit.OPEN, db_index=True
    )
    beoordeeld_door = models.ForeignKey(
        Gebruiker,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    objects = ToekenningsverzoekQuerySet.as_manager()

    class Meta:
        verbose_name = _("toekenningsverzoek")
        verbose_name_plural = _("toekenningsverzoeken")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(soort=ToekenningSoort.ROL, gemeente__isnull=True) & ~models.Q(rol=""))
                | models.Q(soort=ToekenningSoort.GEMEENTE, gemeente__isnull=False, rol=""),
                name="toekenningsverzoek_rol_of_gemeente",
            )
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.waarde}"

    @property
    def waarde(self) -> str:
        """What is granted, readable: the role's name or the municipality's."""
        return self.get_rol_display() if self.soort == ToekenningSoort.ROL else str(self.gemeente)


class OidcProvider(models.Model):
    """The municipality's identity provider (OpenID Connect); one row, edited by the beheerder in the admin.

    Environment variables (OIDC_ISSUER and friends, see ondermijning/oidc.py) override it for a fixed
    deployment.
    """

    actief = models.BooleanField(_("actief"), default=False, help_text=_("Toon 'Inloggen via ...' op de inlogpagina."))
    naam = models.CharField(
        _("naam"), max_length=60, help_text=_("Op de knop: 'Inloggen via <naam>', bijvoorbeeld 'Microsoft'.")
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "De issuer-URL; de instellingen worden gelezen uit <issuer>/.well-known/openid-configuration. "
            "Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0"
        ),
    )
    client_id = models.CharField(_("client-id"), max_length=255)
    client_secret = models.CharField(_("client-secret"), max_length=255, validators=[MinLengthValidator(8)])
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")
    claim_gebruikersnaam = models.CharField(
        _("claim met de gebruikersnaam"),
        max_length=60,
        default="preferred_username",
        help_text=_("Entra ID en Keycloak: preferred_username."),
    )
    claim_groepen = models.CharField(
        _("claim met de groepen"),
        max_length=60,
        default="groups",
        help_text=_("Entra ID: groups (object-id's van groepen); Keycloak: groups (met de group-mapper)."),
    )
    telt_als_tweede_factor = models.BooleanField(
        _("inloggen bij de provider telt als tweede factor"),
        default=False,
        help_text=_(
            "Alleen aanzetten als de provider zelf meerfactor-authenticatie afdwingt. Anders volgt na het "
            "inloggen de eigen code-app (TOTP) van deze applicatie."
        ),
    )
    wachtwoord_inloggen_uit = models.BooleanField(
        _("inloggen met wachtwoord uit"),
        default=False,
        help_text=_("Alleen noodaccounts mogen dan nog met wachtwoord inloggen; alle anderen via de provider."),
    )
    contact_toegang = models.CharField(
        _("wie geeft toegang"),
        max_length=200,
        default="de functioneel beheerder Ondermijning van uw gemeente",
        help_text=_("Getoond aan wie inlogt zonder passende groep: 'Vraag ... om toegang'."),
    )

    class Meta:
        verbose_name = _("identity provider (OIDC)")
        verbose_name_plural = _("identity provider (OIDC)")

    def __str__(self):
        return self.naam


class OidcGroep(models.Model):
    """One value of the groups claim and the role and/or municipality it gives."""

    provider = models.ForeignKey(OidcProvider, on_delete=models.CASCADE, related_name="groepen")
    groep = models.CharField(
        _("groep"), max_length=255, help_text=_("De waarde in de groepen-claim (naam of object-id van de groep).")
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("groep van de provider")
        verbose_name_plural = _("groepen van de provider")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rol="") | models.Q(gemeente__isnull=False), name="oidcgroep_rol_of_gemeente"
            )
        ]

    def __str__(self):
        return self.groep


class IdpApparaat(Device):
    """Stands for the second factor done at the identity provider (django-otp marks the session verified
    with it). It never accepts a typed code."""

    def verify_token(self, token):
        return False

    class Meta(Device.Meta):
        verbose_name = _("tweede factor bij de identity provider")
        verbose_name_plural = _("tweede factor bij de identity provider")


class Formuliertoken(models.Model):
    """One submit of a create form (ondermijning/eenmalig.py): the unique token makes a repeated or
    concurrent submit find the object the first one made instead of making a second."""

    token = models.UUIDField(_("token"), unique=True)
    gebruiker = models.ForeignKey(Gebruiker, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="+")
    url = models.CharField(_("adres van het gemaakte object"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("formuliertoken")
        verbose_name_plural = _("formuliertokens")

    def __str__(self):
        return str(self.token)
