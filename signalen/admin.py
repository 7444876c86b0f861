"""Back office for the reference lists: phenomena and the Damocles ladder per municipality."""

from django.contrib import admin

from ondermijning.models import Gemeente
from ondermijning.scoping import gemeente_ids
from signalen.models import Damoclesladder, Fenomeen


@admin.register(Fenomeen)
class FenomeenAdmin(admin.ModelAdmin):
    list_display = ["naam", "samen_weerbaar_prioriteit", "actief"]
    list_filter = ["samen_weerbaar_prioriteit", "actief"]
    search_fields = ["naam"]


def _beheerde_gemeenten(user):
    """A beheerder bound to municipalities manages only those; one without any (the functional
    administrator of the whole installation, like the demo user) and a superuser manage all."""
    ids = gemeente_ids(user)
    if user.is_superuser or not ids:
        return Gemeente.objects.all()
    return Gemeente.objects.filter(pk__in=ids)


@admin.register(Damoclesladder)
class DamoclesladderAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "soort_zaak", "stap", "maatregel", "duur_maanden", "onbepaalde_tijd"]
    list_filter = ["gemeente", "soort_zaak", "maatregel"]
    list_select_related = ["gemeente"]
    ordering = ["gemeente__naam", "soort_zaak", "stap"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(gemeente__in=_beheerde_gemeenten(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente":
            kwargs["queryset"] = _beheerde_gemeenten(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
