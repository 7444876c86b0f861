"""Roles are groups; their permissions come from each app's `AppConfig.rol_permissies`."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from ondermijning.scoping import Rol


def ken_permissies_toe(sender=None, using="default", **kwargs):
    """Create the role groups and (re)grant exactly the permissions the apps declare."""
    gewenst: dict[str, set[str]] = {rol.value: set() for rol in Rol}
    for config in global_apps.get_app_configs():
        for rol, codes in getattr(config, "rol_permissies", {}).items():
            gewenst[rol].update(codes)
    alle = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for rol, codes in gewenst.items():
        groep, _ = Group.objects.using(using).get_or_create(name=rol)
        groep.permissions.set([alle[code] for code in codes if code in alle])
