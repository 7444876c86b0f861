"""Back office for the reference data of controles: checklists, industrial estates, planning rules."""

from django.contrib import admin

from controles.models import Bedrijventerrein, ChecklistSjabloon, ChecklistVraag, Planningsregel
from ondermijning.models import Gemeente
from ondermijning.scoping import Rol


def _ziet_alle_gemeenten(gebruiker) -> bool:
    # Estates and planning rules are reference data without personal data; the functional
    # administrator maintains them for every municipality. Anyone else only for their own.
    return gebruiker.is_superuser or gebruiker.heeft_rol(Rol.BEHEERDER)


class GemeenteGescoptAdmin(admin.ModelAdmin):
    """Admin whose rows and municipality choices follow the user's scope."""

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("gemeente")
        return qs if _ziet_alle_gemeenten(request.user) else qs.voor_gebruiker(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente" and not _ziet_alle_gemeenten(request.user):
            kwargs["queryset"] = Gemeente.objects.voor_gebruiker(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ChecklistVraagInline(admin.TabularInline):
    model = ChecklistVraag
    extra = 1
    fields = ["volgorde", "tekst", "antwoordtype", "actief"]


@admin.register(ChecklistSjabloon)
class ChecklistSjabloonAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "thema", "actief"]
    list_filter = ["soort", "thema", "actief"]
    search_fields = ["naam", "vragen__tekst"]
    inlines = [ChecklistVraagInline]


@admin.register(Bedrijventerrein)
class BedrijventerreinAdmin(GemeenteGescoptAdmin):
    list_display = ["naam", "gemeente"]
    list_filter = ["gemeente"]
    search_fields = ["naam"]


@admin.register(Planningsregel)
class PlanningsregelAdmin(GemeenteGescoptAdmin):
    list_display = ["gemeente", "soort", "interval_weken", "actief"]
    list_filter = ["gemeente", "soort", "actief"]
