from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    # The beheerder issues and revokes tokens in the admin. What a token may read or create is
    # the intersection of its scopes and the permissions of its (service) account's roles.
    rol_permissies: dict[str, list[str]] = {
        "beheerder": ["api.view_apitoken", "api.add_apitoken", "api.change_apitoken"],
    }
