"""Tell drf-spectacular how the token authentication looks in the OpenAPI schema."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticatieSchema(OpenApiAuthenticationExtension):
    target_class = "api.authenticatie.TokenAuthenticatie"
    name = "apiSleutel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("API-sleutel van de beheerder: 'Authorization: Bearer <sleutel>'. Verloopt; heeft scopes.")
            ),
        }


class GeverifieerdeSessieSchema(OpenApiAuthenticationExtension):
    target_class = "api.authenticatie.GeverifieerdeSessieAuthenticatie"
    name = "sessie"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": str(_("Ingelogd op de website (na de tweede stap): alleen lezen.")),
        }
