"""May this caller do this at all? Token scope AND the account's role permission, as on the web.

Which rows it then sees is decided by `Model.objects.voor_gebruiker(request.user)` in the views.
"""

from django.utils.translation import gettext as _
from rest_framework import permissions

from api.authenticatie import scopes
from api.models import Scope


class ApiPermissie(permissions.BasePermission):
    """Reading: `lezen` scope and the view permission. Creating: the view's create scope and permission."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            scope, permissie = Scope.LEZEN, view.lees_permissie
        else:
            scope = getattr(view, "aanmaak_scope", None)
            permissie = getattr(view, "aanmaak_permissie", None)
            if scope is None:
                return False
        if scope not in scopes(request):
            self.message = _("Deze sleutel heeft de bevoegdheid '%(scope)s' niet.") % {"scope": Scope(scope).label}
            return False
        if not request.user.has_perm(permissie):
            self.message = _("Het account van deze sleutel heeft geen recht op deze gegevens.")
            return False
        return True
