from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from ondermijning import audit
from ondermijning.beveiliging import sessies_beeindig
from ondermijning.models import (
    AuditActie,
    AuditEvent,
    Gebruiker,
    Gemeente,
    OidcGroep,
    OidcProvider,
    Organisatie,
    Samenwerkingsverband,
    Verstrekking,
)

admin.site.site_header = _("Ondermijning - beheer")
admin.site.site_title = _("Ondermijning")


class AlleenLezenAdmin(admin.ModelAdmin):
    """For records that must not change once written (audit trail, tombstones): view only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam", "cbs_code"]


@admin.register(Samenwerkingsverband)
class SamenwerkingsverbandAdmin(admin.ModelAdmin):
    list_display = ["naam"]
    filter_horizontal = ["gemeenten"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "type"]
    list_filter = ["type"]
    search_fields = ["naam"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Organisatie en gemeenten"), {"fields": ("organisatie", "gemeenten")}),
        (_("Inloggen"), {"fields": ("noodaccount", "oidc_sub")}),
    )
    readonly_fields = ["oidc_sub"]
    filter_horizontal = ("groups", "user_permissions", "gemeenten")
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "gemeenten", "is_active"]
    list_select_related = ["organisatie"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            aantal = sessies_beeindig(gebruiker=obj)
            audit.log(
                actie=AuditActie.WIJZIGEN,
                actor=request.user,
                obj=obj,
                toelichting=f"gedeactiveerd; {aantal} sessies beeindigd",
            )


@admin.register(AuditEvent)
class AuditEventAdmin(AlleenLezenAdmin):
    """Read-only: the trail is append-only."""

    list_display = [
        "volgnummer",
        "tijdstip",
        "actor",
        "actie",
        "object_type",
        "object_id",
        "gemeente",
        "resultaat",
        "ip",
    ]
    list_filter = ["actie", "resultaat", "gemeente"]
    list_select_related = ["actor", "gemeente"]
    search_fields = ["object_type", "object_id"]
    date_hierarchy = "tijdstip"

    def get_queryset(self, request):
        # Scoped like the audit viewer: another municipality's event looks exactly like a missing one.
        return super().get_queryset(request).voor_gebruiker(request.user)


@admin.register(Verstrekking)
class VerstrekkingAdmin(AlleenLezenAdmin):
    """The disclosure register, read-only and scoped to the beheerder's municipalities."""

    list_display = ["op", "organisatie", "omschrijving", "gemeente", "grondslag", "persoonsgegevens", "ingetrokken_op"]
    list_filter = ["grondslag", "organisatie", "persoonsgegevens"]
    list_select_related = ["organisatie", "gemeente"]
    date_hierarchy = "op"

    def get_queryset(self, request):
        return super().get_queryset(request).voor_gebruiker(request.user)


class OidcGroepInline(admin.TabularInline):
    model = OidcGroep
    extra = 3
    autocomplete_fields = ["gemeente"]


@admin.register(OidcProvider)
class OidcProviderAdmin(admin.ModelAdmin):
    """The identity provider; OIDC_ISSUER in the environment overrides this row (see settings)."""

    list_display = ["naam", "issuer", "actief", "telt_als_tweede_factor", "wachtwoord_inloggen_uit"]
    inlines = [OidcGroepInline]
    fieldsets = (
        (None, {"fields": ("actief", "naam", "issuer", "client_id", "client_secret", "scopes")}),
        (_("Claims"), {"fields": ("claim_gebruikersnaam", "claim_groepen")}),
        (_("Beveiliging"), {"fields": ("telt_als_tweede_factor", "wachtwoord_inloggen_uit", "contact_toegang")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.log(actie=AuditActie.WIJZIGEN if change else AuditActie.AANMAKEN, actor=request.user, obj=obj,
                  toelichting="identity provider: " + ", ".join(form.changed_data)[:150])  # fmt: skip
