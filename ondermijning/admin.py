from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ondermijning import audit, services
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
    Toekenningsverzoek,
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
    """Users, with separation of duties: no superuser or raw permissions here (command line only), nobody
    widens their own rights, and a role or municipality granted to anyone waits for a second beheerder."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Rechten"),
            {
                "fields": ("is_active", "is_staff", "is_systeemaccount", "is_superuser", "groups"),
                "description": _(
                    "Een rol die u toevoegt wordt pas actief als een tweede beheerder het verzoek goedkeurt. "
                    "Superuser wordt iemand alleen via de opdrachtregel (manage.py superuser_zet)."
                ),
            },
        ),
        (_("Organisatie en gemeenten"), {"fields": ("organisatie", "gemeenten")}),
        (_("Inloggen"), {"fields": ("noodaccount", "oidc_sub")}),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "is_systeemaccount", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("is_superuser", "last_login", "date_joined", "oidc_sub")
    filter_horizontal = ("groups", "gemeenten")
    list_display = ["username", "first_name", "last_name", "organisatie", "is_systeemaccount", "is_active"]
    list_filter = ["groups", "organisatie", "gemeenten", "is_systeemaccount", "is_active"]
    list_select_related = ["organisatie"]
    GEVOLGD = ("is_active", "is_staff", "organisatie", "noodaccount")  # changes audited with before and after

    def get_readonly_fields(self, request, obj=None):
        # A system account is chosen at creation only: turned on later, it would hand a person's rights to a key.
        return (*self.readonly_fields, "is_systeemaccount") if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form

        class RechtenForm(form):
            def clean(self):
                data = super().clean()
                if obj.pk == request.user.pk and "organisatie" in self.changed_data:
                    raise ValidationError(_g("U kunt uw eigen organisatie niet wijzigen. Vraag een andere beheerder."))
                if "groups" in data and "gemeenten" in data:
                    services.rechten_wijziging_controleer(
                        gebruiker=obj,
                        door=request.user,
                        rollen={groep.name for groep in data["groups"]},
                        gemeenten={gemeente.pk for gemeente in data["gemeenten"]},
                    )
                return data

        return RechtenForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            soort = "systeemaccount" if obj.is_systeemaccount else "account"
            audit.log(actie=AuditActie.AANMAKEN, actor=request.user, obj=obj, toelichting=f"{soort} aangemaakt")
            return
        wijzigingen = [
            f"{naam}: {self._tekst(form.initial.get(naam))} -> {self._tekst(form.cleaned_data.get(naam))}"
            for naam in self.GEVOLGD
            if naam in form.changed_data
        ]
        if "is_active" in form.changed_data and not obj.is_active:
            wijzigingen.append(f"{sessies_beeindig(gebruiker=obj)} sessies beeindigd")
        if wijzigingen:
            audit.log(actie=AuditActie.WIJZIGEN, actor=request.user, obj=obj, toelichting="; ".join(wijzigingen))

    @staticmethod
    def _tekst(waarde) -> str:
        if isinstance(waarde, bool):
            return "ja" if waarde else "nee"
        return str(getattr(waarde, "pk", waarde) if waarde not in (None, "") else "(geen)")

    def save_related(self, request, form, formsets, change):
        if not change:
            return super().save_related(request, form, formsets, change)
        # Roles and municipalities go through the service (removed at once, added on approval).
        groepen = form.cleaned_data.pop("groups", None)
        gemeenten = form.cleaned_data.pop("gemeenten", None)
        super().save_related(request, form, formsets, change)
        if groepen is None or gemeenten is None:
            return
        verzoeken = services.gebruiker_rechten_wijzig(
            gebruiker=form.instance,
            door=request.user,
            rollen={groep.name for groep in groepen},
            gemeenten={gemeente.pk for gemeente in gemeenten},
        )
        if verzoeken:
            messages.warning(
                request,
                ngettext(
                    "%(aantal)d toekenning wacht op goedkeuring door een tweede beheerder.",
                    "%(aantal)d toekenningen wachten op goedkeuring door een tweede beheerder.",
                    len(verzoeken),
                )
                % {"aantal": len(verzoeken)},
            )


@admin.register(Toekenningsverzoek)
class ToekenningsverzoekAdmin(admin.ModelAdmin):
    """Pending grants of roles and municipalities; a second beheerder approves or refuses them (four eyes)."""

    list_display = ["gebruiker", "soort", "waarde", "aangevraagd_door", "created_at", "besluit", "beoordeeld_door"]
    list_filter = ["besluit", "soort"]
    list_select_related = ["gebruiker", "gemeente", "aangevraagd_door", "beoordeeld_door"]
    actions = ["goedkeuren", "afwijzen"]
    fields = readonly_fields = [
        "gebruiker",
        "soort",
        "rol",
        "gemeente",
        "aangevraagd_door",
        "created_at",
        "besluit",
        "beoordeeld_door",
        "beoordeeld_op",
    ]

    @admin.display(description=_("wat"))
    def waarde(self, obj):
        return obj.waarde

    def has_add_permission(self, request):
        return False  # asked for in the user admin

    def has_delete_permission(self, request, obj=None):
        return False

    def _beoordeel(self, request, queryset, goedkeuren: bool):
        gelukt = 0
        for verzoek in queryset:
            try:
                services.toekenningsverzoek_beoordeel(verzoek=verzoek, door=request.user, goedkeuren=goedkeuren)
                gelukt += 1
            except ValidationError as fout:
                self.message_user(request, f"{verzoek}: {' '.join(fout.messages)}", messages.ERROR)
        if gelukt:
            tekst = _g("%(aantal)d verzoek(en) goedgekeurd.") if goedkeuren else _g("%(aantal)d verzoek(en) afgewezen.")
            self.message_user(request, tekst % {"aantal": gelukt}, messages.SUCCESS)

    @admin.action(description=_("Goedkeuren (wordt direct actief)"), permissions=["change"])
    def goedkeuren(self, request, queryset):
        self._beoordeel(request, queryset, goedkeuren=True)

    @admin.action(description=_("Afwijzen"), permissions=["change"])
    def afwijzen(self, request, queryset):
        self._beoordeel(request, queryset, goedkeuren=False)


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
