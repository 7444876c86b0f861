from django.contrib import admin

from meldingen.models import ExportOpdracht, Herinnering


@admin.register(Herinnering)
class HerinneringAdmin(admin.ModelAdmin):
    list_display = ["soort", "ontvanger", "peildatum", "due_at", "sent_at", "afgeleverd", "pogingen"]
    list_filter = ["soort", "afgeleverd"]
    date_hierarchy = "due_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportOpdracht)
class ExportOpdrachtAdmin(admin.ModelAdmin):
    list_display = ["soort", "aangevraagd_door", "status", "voortgang", "created_at", "expires_at"]
    list_filter = ["status", "soort"]
    exclude = ["parameters"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
