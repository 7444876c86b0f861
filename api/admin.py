from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from api.models import ApiToken
from api.services import api_token_maak, api_token_wijzig


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
    autocomplete_fields = ["gebruiker"]
    readonly_fields = ["sleutel_prefix", "aangemaakt_door", "aangemaakt_op", "laatst_gebruikt_op"]
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
