from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from api.models import ApiToken
from api.services import api_token_maak, api_token_wijzig
from ondermijning.models import Gebruiker


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue and revoke API keys; the secret is shown once, right after creation."""

    list_display = [
        "naam",
        "gebruiker",
        "sleutel_prefix",
        "scopes_tekst",
        "verloopt_op",
        "actief",
        "laatst_gebruikt_op",
    ]
    list_filter = ["actief", "mag_signalen_aanmaken", "mag_bezoeken_aanmaken"]
    list_select_related = ["gebruiker"]
    search_fields = ["naam", "sleutel_prefix", "gebruiker__username"]
    readonly_fields = ["sleutel_prefix", "aangemaakt_door", "created_at", "laatst_gebruikt_op"]
    fields = [
        "naam",
        "gebruiker",
        "mag_lezen",
        "mag_signalen_aanmaken",
        "mag_bezoeken_aanmaken",
        "verloopt_op",
        "verzoeken_per_minuut",
        "actief",
        *readonly_fields,
    ]

    def get_readonly_fields(self, request, obj=None):
        # The account of a key never changes: pointed at a person afterwards, it would read as that person.
        return [*self.readonly_fields, "gebruiker"] if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gebruiker":
            # Only system accounts (they cannot log in); see api.services.api_token_mag_voor.
            kwargs["queryset"] = Gebruiker.objects.filter(is_systeemaccount=True, is_active=True)
            kwargs["help_text"] = _l(
                "Alleen systeemaccounts. Maak eerst een gebruiker aan met 'systeemaccount' aangevinkt; "
                "de gemeenten en rollen van dat account (goedgekeurd door een tweede beheerder) bepalen wat "
                "de sleutel mag."
            )
            kwargs["error_messages"] = {
                "invalid_choice": _l("Een API-sleutel kan alleen voor een systeemaccount worden gemaakt.")
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_l("bevoegdheden"))
    def scopes_tekst(self, obj):
        return ", ".join(sorted(obj.scopes))

    def has_delete_permission(self, request, obj=None):
        # Revoke (actief uit) instead: the audit trail keeps referring to the token.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            api_token_wijzig(token=obj, door=request.user, gewijzigd=form.changed_data)
            return
        sleutel = api_token_maak(token=obj, door=request.user)
        messages.warning(
            request,
            _("De nieuwe API-sleutel is: %(sleutel)s  Kopieer hem nu: hij wordt niet opnieuw getoond.")
            % {"sleutel": sleutel},
        )
