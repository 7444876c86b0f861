"""List filters of the API (django-filter; documented in the schema automatically)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actieplan.models import Actie, Uitgave
from controles.models import Bezoek, Controle
from signalen.models import Signaal


class IdFilter(django_filters.NumberFilter):
    """A reference by id as a plain number: an unknown id filters to nothing instead of revealing it exists."""

    field_class = forms.IntegerField


class SignaalFilter(django_filters.FilterSet):
    gemeente = IdFilter(field_name="gemeente_id", label=_("gemeente (id)"))
    ontvangen_vanaf = django_filters.DateFilter(
        field_name="ontvangen_op", lookup_expr="gte", label=_("ontvangen vanaf")
    )
    ontvangen_tot = django_filters.DateFilter(field_name="ontvangen_op", lookup_expr="lte", label=_("ontvangen tot"))

    class Meta:
        model = Signaal
        fields = ["gemeente", "status", "bron"]


class ControleFilter(django_filters.FilterSet):
    gemeente = IdFilter(field_name="gemeente_id", label=_("gemeente (id)"))
    datum_vanaf = django_filters.DateFilter(field_name="datum", lookup_expr="gte", label=_("datum vanaf"))
    datum_tot = django_filters.DateFilter(field_name="datum", lookup_expr="lte", label=_("datum tot"))

    class Meta:
        model = Controle
        fields = ["gemeente", "status", "soort"]


class BezoekFilter(django_filters.FilterSet):
    controle = IdFilter(field_name="controle_id", label=_("controle (id)"))

    class Meta:
        model = Bezoek
        fields = ["controle", "vervolg"]


class ActieFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label=_("plan (id)"))

    class Meta:
        model = Actie
        fields = ["plan", "status"]


class UitgaveFilter(django_filters.FilterSet):
    gemeente = IdFilter(field_name="gemeente_id", label=_("gemeente (id)"))
    datum_vanaf = django_filters.DateFilter(field_name="datum", lookup_expr="gte", label=_("datum vanaf"))
    datum_tot = django_filters.DateFilter(field_name="datum", lookup_expr="lte", label=_("datum tot"))

    class Meta:
        model = Uitgave
        fields = ["gemeente", "categorie"]
