"""Back-office screens (beheerder): budgets, plans with themes, reference data."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from ondermijning.forms import BedragVeld
from ondermijning.models import Gemeente
from ondermijning.scoping import gemeente_ids
from ondermijning.workflow import VersieConflict

from . import services
from .models import (
    Actie,
    Begroting,
    CommunicatieItem,
    KalenderToken,
    Kostenpost,
    PubliekProfiel,
    Thema,
    Uitgave,
    Uitvoeringsplan,
)
from .services import valideer_uitgave

# Money in the back office reads Dutch notation like every other form (1.250,50).
BEDRAGEN = {models.DecimalField: {"form_class": BedragVeld}}


class ThemaInline(admin.TabularInline):
    model = Thema
    extra = 0


@admin.register(Uitvoeringsplan)
class UitvoeringsplanAdmin(admin.ModelAdmin):
    list_display = ["naam", "periode_start", "periode_eind", "samenwerkingsverband"]
    filter_horizontal = ["gemeenten"]
    inlines = [ThemaInline]


class KostenpostInline(admin.TabularInline):
    model = Kostenpost
    extra = 0
    formfield_overrides = BEDRAGEN


@admin.register(Actie)
class ActieAdmin(admin.ModelAdmin):
    list_display = ["nummer", "plan", "thema", "status", "timing_soort", "kwartaal"]
    list_filter = ["plan", "status"]
    search_fields = ["omschrijving"]
    inlines = [KostenpostInline]
    raw_id_fields = ["controles", "signalen", "voortgezet_uit", "eigenaar"]
    readonly_fields = ["status", "versie"]  # status changes go through the service (recorded)


@admin.register(Begroting)
class BegrotingAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "jaar", "beschikbaar", "bron"]
    list_filter = ["jaar", "gemeente"]
    formfield_overrides = BEDRAGEN


class UitgaveAdminForm(forms.ModelForm):
    """The back office books by the same rules as the web form (actieplan.services.valideer_uitgave), and
    carries the version the beheerder saw, so a correction never silently overwrites another."""

    # Not named `versie`: the admin refuses a form field named after a non-editable model field.
    gezien_versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Uitgave
        fields = ["gemeente", "datum", "bedrag", "omschrijving", "categorie", "actie", "interventie", "controle",
                  "geboekt_door"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["gezien_versie"].initial = self.instance.versie

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            try:
                services.controleer_versie(self.instance, data.get("gezien_versie"))
            except VersieConflict as fout:
                raise ValidationError(fout.messages) from fout
        try:
            valideer_uitgave(
                gemeente=data.get("gemeente"),
                datum=data.get("datum"),
                bedrag=data.get("bedrag"),
                actie=data.get("actie"),
            )
        except ValidationError as fout:
            for veld, meldingen in fout.error_dict.items():
                if veld not in self.errors:
                    self.add_error(veld, meldingen)
        return data


@admin.register(Uitgave)
class UitgaveAdmin(admin.ModelAdmin):
    form = UitgaveAdminForm
    list_display = ["datum", "gemeente", "categorie", "bedrag", "omschrijving"]
    list_filter = ["gemeente", "categorie"]
    date_hierarchy = "datum"
    formfield_overrides = BEDRAGEN
    raw_id_fields = ["actie", "controle", "interventie", "geboekt_door"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # A correction goes through the service: version checked under the lock, audited.
        velden = {naam: form.cleaned_data[naam] for naam in services.UITGAVE_VELDEN if naam in form.cleaned_data}
        services.uitgave_wijzig(uitgave=obj, door=request.user, versie=form.cleaned_data.get("gezien_versie"), **velden)


@admin.register(CommunicatieItem)
class CommunicatieItemAdmin(admin.ModelAdmin):
    list_display = ["datum", "onderwerp", "kanaal", "type", "status"]
    list_filter = ["kanaal", "type", "status"]
    filter_horizontal = ["gemeenten"]


@admin.register(KalenderToken)
class KalenderTokenAdmin(admin.ModelAdmin):
    list_display = ["gebruiker", "created_at"]
    exclude = ["token"]  # the secret is never shown in the back office


@admin.register(PubliekProfiel)
class PubliekProfielAdmin(admin.ModelAdmin):
    """Logo, how to report to the municipality and the small-count threshold of the public year overview."""

    list_display = ["gemeente", "drempel", "meldroute"]

    def get_queryset(self, request):
        return super().get_queryset(request).voor_gebruiker(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gemeente":
            kwargs["queryset"] = Gemeente.objects.filter(pk__in=gemeente_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
