"""List filters of the core pages (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ondermijning.models import AuditActie, AuditEvent, Gebruiker, Grondslag, Organisatie, Verstrekking
from ondermijning.scoping import beheerde_gemeente_ids

DATUM = forms.DateInput(attrs={"type": "date"})


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("Gebruiker"), queryset=Gebruiker.objects.order_by("username"))
    actie = django_filters.ChoiceFilter(label=_("Actie"), choices=AuditActie.choices)
    object_type = django_filters.CharFilter(label=_("Objecttype"), help_text=_("Bijvoorbeeld signalen.signaal"))
    object_id = django_filters.CharFilter(label=_("Object-id"))
    van = django_filters.DateFilter(label=_("Van"), field_name="tijdstip", lookup_expr="date__gte", widget=DATUM)
    tot = django_filters.DateFilter(label=_("Tot en met"), field_name="tijdstip", lookup_expr="date__lte", widget=DATUM)

    class Meta:
        model = AuditEvent
        fields = ["actor", "actie", "object_type", "object_id", "van", "tot"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Offer only the users of the beheerder's own municipalities (names are personal data too).
        ids = beheerde_gemeente_ids(request.user) if request else []
        if ids is not None:
            gebruikers = Gebruiker.objects.filter(gemeenten__in=ids).values("pk")
            self.filters["actor"].queryset = Gebruiker.objects.filter(pk__in=gebruikers).order_by("username")


class VerstrekkingFilter(django_filters.FilterSet):
    organisatie = django_filters.ModelChoiceFilter(label=_("Verstrekt aan"), queryset=Organisatie.objects.all())
    grondslag = django_filters.ChoiceFilter(label=_("Grondslag"), choices=Grondslag.choices)
    van = django_filters.DateFilter(label=_("Van"), field_name="op", lookup_expr="date__gte", widget=DATUM)
    tot = django_filters.DateFilter(label=_("Tot en met"), field_name="op", lookup_expr="date__lte", widget=DATUM)

    class Meta:
        model = Verstrekking
        fields = ["organisatie", "grondslag", "van", "tot"]
