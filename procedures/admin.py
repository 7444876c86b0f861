"""Back office: the kinds of procedure and their steps (terms, required texts) are configuration."""

from django.contrib import admin
from django.db.models import Q

from ondermijning.models import Gemeente
from ondermijning.scoping import beheerde_gemeente_ids, beheert_alle_gemeenten
from procedures.models import Briefsjabloon, ProcedureSoort, StapSjabloon


class StapSjabloonInline(admin.TabularInline):
    model = StapSjabloon
    fk_name = "soort"
    extra = 0
    fields = [
        "volgorde", "naam", "rol", "termijn", "eenheid", "werkdagen", "vanaf", "tekst_verplicht", "tekst_label",
        "uitkomsten", "mate_van_gevaar", "overslaanbaar", "herinneren_dagen", "taak", "taak_organisatie", "taak_dagen",
        "brief",
    ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "vanaf":
            soort_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = StapSjabloon.objects.filter(soort_id=soort_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ProcedureSoort)
class ProcedureSoortAdmin(admin.ModelAdmin):
    list_display = ["naam", "vorm", "gemeente", "actief"]
    list_filter = ["vorm", "actief"]
    list_select_related = ["gemeente"]
    inlines = [StapSjabloonInline]

    def get_queryset(self, request):
        """A beheerder sees the general kinds and those of their municipalities."""
        qs = super().get_queryset(request)
        ids = beheerde_gemeente_ids(request.user)
        return qs if ids is None else qs.filter(Q(gemeente__in=ids) | Q(gemeente__isnull=True))

    def has_change_permission(self, request, obj=None):
        # The general kinds hold for every municipality: only a regiobeheerder changes them.
        if obj is not None and obj.gemeente_id is None and not beheert_alle_gemeenten(request.user):
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente":
            ids = beheerde_gemeente_ids(request.user)
            kwargs["queryset"] = Gemeente.objects.all() if ids is None else Gemeente.objects.filter(pk__in=ids)
            kwargs["required"] = ids is not None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Briefsjabloon)
class BriefsjabloonAdmin(admin.ModelAdmin):
    """The municipality's letters in its house style; the standard ones are in procedures/sjablonen/."""

    list_display = ["brief", "vorm", "gemeente", "actief", "created_at"]
    list_filter = ["vorm", "brief", "actief"]
    list_select_related = ["gemeente"]
    fields = ["brief", "vorm", "gemeente", "bestand", "ondertekenaar", "html", "actief"]

    def get_queryset(self, request):
        """A beheerder sees the general templates and those of their municipalities."""
        qs = super().get_queryset(request)
        ids = beheerde_gemeente_ids(request.user)
        return qs if ids is None else qs.filter(Q(gemeente__in=ids) | Q(gemeente__isnull=True))

    def has_change_permission(self, request, obj=None):
        # The general templates hold for every municipality: only a regiobeheerder changes them.
        if obj is not None and obj.gemeente_id is None and not beheert_alle_gemeenten(request.user):
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente":
            ids = beheerde_gemeente_ids(request.user)
            kwargs["queryset"] = Gemeente.objects.all() if ids is None else Gemeente.objects.filter(pk__in=ids)
            kwargs["required"] = ids is not None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
