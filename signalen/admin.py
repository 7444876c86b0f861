"""Back office: phenomena, the Damocles ladder per municipality, retention periods and the tombstones."""

from django.contrib import admin

from ondermijning.admin import AlleenLezenAdmin
from ondermijning.models import Gemeente
from ondermijning.scoping import beheerde_gemeente_ids
from signalen.models import Bewaartermijn, Damoclesladder, Fenomeen, VernietigdSignaal


@admin.register(Fenomeen)
class FenomeenAdmin(admin.ModelAdmin):
    list_display = ["naam", "samen_weerbaar_prioriteit", "actief"]
    list_filter = ["samen_weerbaar_prioriteit", "actief"]
    search_fields = ["naam"]


def _beheerde_gemeenten(gebruiker):
    """A beheerder manages their own municipalities; a superuser or regiobeheerder manages all."""
    ids = beheerde_gemeente_ids(gebruiker)
    return Gemeente.objects.all() if ids is None else Gemeente.objects.filter(pk__in=ids)


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


@admin.register(Bewaartermijn)
class BewaartermijnAdmin(admin.ModelAdmin):
    list_display = ["afsluitreden", "dagen"]


@admin.register(VernietigdSignaal)
class VernietigdSignaalAdmin(AlleenLezenAdmin):
    """What `opschonen` destroyed and when: read-only, the trace must not be edited."""

    list_display = ["signaal_id", "gemeente", "ontvangen_op", "bron", "afgesloten_op", "afsluitreden", "vernietigd_op"]
    list_filter = ["gemeente", "afsluitreden", "vernietigd_op"]
    list_select_related = ["gemeente"]
    search_fields = ["=signaal_id"]
    readonly_fields = [
        "signaal_id", "gemeente", "ontvangen_op", "bron", "fenomenen", "afgesloten_op", "afsluitreden",
        "vernietigd_op", "reden", "onderdelen",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).filter(gemeente__in=_beheerde_gemeenten(request.user))
