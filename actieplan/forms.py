"""Forms of the actieplan app: validation only; writes go through actieplan.services."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ondermijning.eenmalig import EenmaligFormMixin
from ondermijning.forms import BedragVeld
from ondermijning.models import Gemeente

from .models import (
    KWARTAAL_RE,
    Actie,
    ActieStatus,
    CommunicatieItem,
    CommunicatieType,
    Kanaal,
    Resultaat,
    Thema,
    Uitgave,
    UitgaveCategorie,
)
from .publiek import CIJFERS


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActieForm(forms.ModelForm):
    """Change an action (timing, financing, owner, status); the version field refuses a stale edit."""

    versie = forms.IntegerField(widget=forms.HiddenInput)
    status_toelichting = forms.CharField(label=_("Toelichting bij statuswijziging"), max_length=300, required=False)

    class Meta:
        model = Actie
        fields = [
            "omschrijving",
            "thema",
            "status",
            "timing_soort",
            "datum",
            "kwartaal",
            "timing_toelichting",
            "financiering",
            "financiering_toelichting",
            "eigenaar",
            "gemeenten",
            "controles",
            "signalen",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "financiering_toelichting": forms.Textarea(attrs={"rows": 2}),
            "datum": DatumInput(),
            "gemeenten": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, themas=None, gebruikers=None, controles=None, signalen=None, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        # Only controls and signals the user may see, and only of this plan's municipalities.
        gemeenten = plan.gemeenten.all()
        for veld, qs in (("controles", controles), ("signalen", signalen)):
            qs = qs if qs is not None else self.fields[veld].queryset.none()
            self.fields[veld].queryset = qs.filter(gemeente__in=gemeenten).order_by("-pk")
            self.fields[veld].required = False
            self.fields[veld].widget.attrs["size"] = 6
        # Signals by number and date only: their titles may describe people.
        self.fields["signalen"].label_from_instance = lambda s: f"{s.nummer} ({s.ontvangen_op:%d-%m-%Y})"
        # Themes of every plan the user sees, so a wrong one is refused with its reason by the model.
        self.fields["thema"].queryset = (
            themas if themas is not None else Thema.objects.filter(plan=plan)
        ).select_related("plan")
        self.fields["thema"].label_from_instance = lambda t: (
            f"{t.nummer}. {t.naam}" if t.plan_id == plan.pk else f"{t.nummer}. {t.naam} ({t.plan})"
        )
        self.fields["gemeenten"].queryset = plan.gemeenten.all()
        self.fields["gemeenten"].required = False
        if gebruikers is not None:
            self.fields["eigenaar"].queryset = gebruikers
        self.fields["status"].choices = ActieStatus.choices
        if not self.is_bound:
            self.initial["versie"] = self.instance.versie

    def clean_kwartaal(self):
        kwartaal = self.cleaned_data.get("kwartaal", "").strip().upper()
        if kwartaal and not KWARTAAL_RE.match(kwartaal):
            raise forms.ValidationError(_("Vul een kwartaal in als Q3 2024 (Q1 tot en met Q4)."))
        return kwartaal


class VervolgplanForm(forms.Form):
    """Name and period of next period's plan."""

    naam = forms.CharField(label=_("Naam van het nieuwe plan"), max_length=200)
    periode_start = forms.DateField(label=_("Begin periode"), widget=DatumInput())
    periode_eind = forms.DateField(label=_("Einde periode"), widget=DatumInput())

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        start, eind = data.get("periode_start"), data.get("periode_eind")
        if start and eind and eind < start:
            self.add_error("periode_eind", _("Het einde van de periode ligt vóór het begin."))
        if start and self.plan and start <= self.plan.periode_eind:
            self.add_error("periode_start", _("Het nieuwe plan moet beginnen na het einde van het huidige plan."))
        return data


class BegrotingForm(forms.Form):
    """Available amount of one municipality in one year, and where it comes from."""

    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none())
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    beschikbaar = BedragVeld(label=_("Beschikbaar (EUR)"), max_digits=10, decimal_places=2)
    bron = forms.CharField(label=_("Bron"), max_length=200, initial="Algemeen veiligheidsbudget")

    def __init__(self, *args, gemeenten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if gemeenten is not None:
            self.fields["gemeente"].queryset = gemeenten

    def clean_beschikbaar(self):
        bedrag = self.cleaned_data["beschikbaar"]
        if bedrag < 0:
            raise forms.ValidationError(_("Een begroting kan niet negatief zijn."))
        return bedrag


class UitgaveForm(EenmaligFormMixin, forms.ModelForm):
    """Book an expense on one of the user's municipalities."""

    class Meta:
        model = Uitgave
        fields = ["gemeente", "datum", "bedrag", "categorie", "omschrijving", "actie"]
        widgets = {"datum": DatumInput()}
        field_classes = {"bedrag": BedragVeld}

    def __init__(self, *args, gemeenten=None, acties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten if gemeenten is not None else Gemeente.objects.none()
        self.fields["actie"].queryset = (acties if acties is not None else Actie.objects.none()).select_related("plan")
        self.fields["actie"].label_from_instance = lambda a: f"{a.plan.naam}: {a.nummer}. {a.omschrijving[:60]}"


class CommunicatieItemForm(EenmaligFormMixin, forms.ModelForm):
    """Add an item to the communicatiekalender."""

    class Meta:
        model = CommunicatieItem
        fields = ["onderwerp", "datum", "datum_eind", "kanaal", "type", "thema", "gemeenten", "status", "actie"]
        widgets = {
            "datum": DatumInput(),
            "datum_eind": DatumInput(),
            "gemeenten": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, gemeenten=None, acties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeenten if gemeenten is not None else Gemeente.objects.none()
        self.fields["actie"].queryset = (acties if acties is not None else Actie.objects.none()).select_related("plan")
        self.fields["actie"].label_from_instance = lambda a: f"{a.plan.naam}: {a.nummer}. {a.omschrijving[:60]}"


class UitgaveFilter(django_filters.FilterSet):
    categorie = django_filters.ChoiceFilter(
        label=_("Categorie"), choices=UitgaveCategorie.choices, empty_label=_("Alle categorieën")
    )

    class Meta:
        model = Uitgave
        fields = ["categorie"]


class CommunicatieFilter(django_filters.FilterSet):
    kanaal = django_filters.ChoiceFilter(label=_("Kanaal"), choices=Kanaal.choices, empty_label=_("Alle kanalen"))
    type = django_filters.ChoiceFilter(label=_("Type"), choices=CommunicatieType.choices, empty_label=_("Alle typen"))
    onderwerp = django_filters.CharFilter(label=_("Zoek"), lookup_expr="icontains")

    class Meta:
        model = CommunicatieItem
        fields = ["kanaal", "type", "onderwerp"]


class PubliekeEditieForm(forms.Form):
    """Texts and figures of a public edition (5 to 8 figures: the rule lives in the service)."""

    titel = forms.CharField(label=_("Titel"), max_length=120)
    verhaal = forms.CharField(
        label=_("Verhaal"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Twee of drie zinnen voor inwoners: wat deed de gemeente en waarom helpt melden?"),
    )
    cijfers = forms.MultipleChoiceField(
        label=_("Kerncijfers (5 tot 8)"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cijfers"].choices = [(c.sleutel, c.label) for c in CIJFERS]


class EvaluatieRegelForm(forms.Form):
    """The result of one action in the evaluation."""

    resultaat = forms.ChoiceField(label=_("Resultaat"), choices=[("", "–"), *Resultaat.choices], required=False)
    effect = forms.CharField(
        label=_("Effect"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    les = forms.CharField(label=_("Les"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    doorschuiven = forms.BooleanField(label=_("Door naar volgend plan"), required=False)


class EvaluatieForm(forms.Form):
    samenvatting = forms.CharField(
        label=_("Samenvatting voor de raad"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
