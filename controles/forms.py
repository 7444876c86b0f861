"""Forms of the controles app: validation only; writes go through controles.services."""

import uuid

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from controles.models import (
    Antwoord,
    Antwoordtype,
    Bedrijventerrein,
    Controle,
    ControleSoort,
    ControleStatus,
    Label,
    Thema,
    Vervolg,
)
from ondermijning import klok
from ondermijning.eenmalig import EenmaligFormMixin
from ondermijning.forms import BedragVeld
from ondermijning.models import Gemeente, Organisatie
from ondermijning.scoping import Rol, gemeente_ids
from signalen.models import Adres, Bedrijf


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def toezichthouders_voor(gebruiker):
    """Inspectors who work for at least one of the user's municipalities."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Rol.TOEZICHTHOUDER, gemeenten__in=gemeente_ids(gebruiker))
        .distinct()
        .order_by("first_name", "last_name")
    )


class ControleForm(EenmaligFormMixin, forms.ModelForm):
    """Plan or change a control; the version field refuses a stale edit."""

    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Controle
        fields = [
            "soort",
            "thema",
            "gemeente",
            "datum",
            "starttijd",
            "eindtijd",
            "doel",
            "omschrijving",
            "deelnemende_organisaties",
            "deelnemers",
            "kosten",
        ]
        widgets = {
            "datum": DatumInput(),
            "starttijd": TijdInput(),
            "eindtijd": TijdInput(),
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "deelnemende_organisaties": forms.CheckboxSelectMultiple,
            "deelnemers": forms.CheckboxSelectMultiple,
        }
        field_classes = {"kosten": BedragVeld}

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.voor_gebruiker(gebruiker)
        self.fields["deelnemende_organisaties"].queryset = Organisatie.objects.order_by("naam")
        self.fields["deelnemers"].queryset = toezichthouders_voor(gebruiker)
        self.fields["kosten"].help_text = _("Kosten van de deelname van ODRA in euro's; 0 als ODRA niet meedoet.")
        if self.instance.pk:
            self.fields["versie"].initial = self.instance.versie

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        gepland = not self.instance.pk or self.instance.status == ControleStatus.GEPLAND
        if gepland and datum and datum < klok.vandaag():
            raise forms.ValidationError(
                _("Een controle in het verleden kan niet 'gepland' zijn. Kies vandaag of een latere datum.")
            )
        return datum


class StatusForm(forms.Form):
    naar = forms.ChoiceField(label=_("nieuwe status"), choices=ControleStatus.choices)
    reden = forms.CharField(label=_("reden"), max_length=200, required=False)
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ObjectenForm(forms.Form):
    """Add businesses and/or addresses of the control's municipality as objects to visit."""

    # Its own prefix: the status form on the same page has a field `reden` too (ids unique per page).
    prefix = "objecten"

    bedrijven = forms.ModelMultipleChoiceField(
        label=_("bedrijven"), queryset=Bedrijf.objects.none(), required=False, widget=forms.SelectMultiple
    )
    adressen = forms.ModelMultipleChoiceField(
        label=_("adressen"), queryset=Adres.objects.none(), required=False, widget=forms.SelectMultiple
    )
    reden = forms.CharField(label=_("reden"), max_length=200, required=False)

    def __init__(self, *args, controle, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bedrijven"].queryset = Bedrijf.objects.voor_gebruiker(gebruiker).filter(
            gemeente=controle.gemeente_id
        )
        self.fields["adressen"].queryset = Adres.objects.voor_gebruiker(gebruiker).filter(gemeente=controle.gemeente_id)
        self.fields["bedrijven"].widget.attrs["size"] = 8
        self.fields["adressen"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        if not data.get("bedrijven") and not data.get("adressen"):
            raise forms.ValidationError(_("Kies ten minste een bedrijf of adres."))
        return data


class MeerdereBestandenInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FotosField(forms.FileField):
    """Zero or more photos; the content check happens in the service (Pillow), not on the extension."""

    widget = MeerdereBestandenInput

    def clean(self, data, initial=None):
        if not data:
            return []
        bestanden = data if isinstance(data, list | tuple) else [data]
        return [super(FotosField, self).clean(b, initial) for b in bestanden]


def foto_widget_attrs() -> dict:
    # capture: the tablet opens its camera directly; accept: only images are offered.
    return {"accept": "image/*", "capture": "environment", "class": "form-control form-control-lg"}


class ObjectKeuze(forms.ModelChoiceField):
    """Offers the control's objects; accepts any object in `opzoeken` (the user's scope), so that the
    service, not the form, says why an object of another control is refused, as it does for the API."""

    opzoeken = None

    def to_python(self, value):
        if self.opzoeken is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.opzoeken.get(pk=value)
        except (ValueError, TypeError, self.opzoeken.model.DoesNotExist) as fout:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from fout


class AntwoordKeuze(forms.ChoiceField):
    """Ja / nee / n.v.t. as buttons; whether the answer is valid is the service's rule
    (controles.services: "Kies ja, nee of n.v.t."), the same for the API."""

    def validate(self, value):
        forms.Field.validate(self, value)


class BezoekForm(forms.Form):
    """Log a visit; the checklist fields depend on the control's kind and theme."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    # Filled by the tablet's script when the visit is saved (ISO 8601 with offset): the visit's
    # time, also when it reaches the server later from the offline queue.
    bezocht_op = forms.DateTimeField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("Het tijdstip van het bezoek is ongeldig.")},
    )
    object = ObjectKeuze(
        label=_("bezocht object"),
        queryset=None,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        empty_label=None,
        error_messages={
            "required": _("Kies het bezochte object."),
            "invalid_choice": _("Kies een object uit de lijst."),
        },
    )
    aanwezigen = forms.CharField(
        label=_("aanwezigen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wie waren er aanwezig (rol of functie, geen onnodige namen)."),
    )
    bevindingen = forms.CharField(label=_("bevindingen"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    vervolg = forms.ChoiceField(
        label=_("vervolg"),
        choices=Vervolg.choices,
        initial=Vervolg.NIETS,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    vervolg_toelichting = forms.CharField(label=_("toelichting vervolg"), max_length=300, required=False)
    theseus_label = forms.ChoiceField(
        label=_("Theseus-label na dit bezoek"),
        choices=[("", _("ongewijzigd"))] + list(Label.choices),
        required=False,
        help_text=_("Alleen voor bedrijven op een bedrijventerrein van Theseus."),
    )
    fotos = FotosField(
        label=_("foto's"), required=False, help_text=_("Maak een foto of kies er een (JPEG, PNG, WebP).")
    )

    def __init__(self, *args, controle, vragen, objecten=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.controle = controle
        self.vragen = vragen
        self.fields["object"].queryset = controle.objecten.select_related("adres", "bedrijf")
        self.fields["object"].opzoeken = objecten
        self.fields["fotos"].widget.attrs.update(foto_widget_attrs())
        if not self.is_bound and not self.initial.get("client_uuid"):
            self.initial["client_uuid"] = uuid.uuid4()
        for vraag in vragen:
            naam = f"vraag_{vraag.pk}"
            if vraag.antwoordtype == Antwoordtype.JA_NEE:
                self.fields[naam] = AntwoordKeuze(
                    label=vraag.tekst,
                    choices=Antwoord.choices,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                )
            else:
                self.fields[naam] = forms.CharField(label=vraag.tekst, required=False, max_length=500)

    def vraag_velden(self):
        return [self[f"vraag_{v.pk}"] for v in self.vragen]

    def antwoorden(self) -> dict[int, str]:
        return {v.pk: self.cleaned_data.get(f"vraag_{v.pk}") or "" for v in self.vragen}


class BezoekWijzigForm(forms.Form):
    aanwezigen = forms.CharField(label=_("aanwezigen"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    bevindingen = forms.CharField(label=_("bevindingen"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    vervolg = forms.ChoiceField(label=_("vervolg"), choices=Vervolg.choices, widget=forms.RadioSelect)
    vervolg_toelichting = forms.CharField(label=_("toelichting vervolg"), max_length=300, required=False)
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FotoForm(forms.Form):
    foto = forms.FileField(label=_("foto"), error_messages={"required": _("Kies een foto.")})
    omschrijving = forms.CharField(label=_("omschrijving"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["foto"].widget.attrs.update(foto_widget_attrs())


class SignaalUitBezoekForm(forms.Form):
    titel = forms.CharField(label=_("titel"), max_length=200)
    omschrijving = forms.CharField(label=_("omschrijving"), widget=forms.Textarea(attrs={"rows": 6}))


class LabelForm(forms.Form):
    label = forms.ChoiceField(label=_("label"), choices=Label.choices, widget=forms.RadioSelect)
    toelichting = forms.CharField(label=_("toelichting"), max_length=300)
    bronnen = forms.CharField(
        label=_("bronnen"), max_length=200, help_text=_("Bijvoorbeeld open bronnen, straatinformatie, KVK.")
    )


class TheseusPlanForm(forms.Form):
    """Put the selected businesses on a new control, or on one already planned."""

    bedrijven = forms.ModelMultipleChoiceField(
        label=_("bedrijven"),
        queryset=Bedrijf.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste een bedrijf.")},
    )
    controle = forms.ModelChoiceField(
        label=_("bestaande geplande controle"),
        queryset=Controle.objects.none(),
        required=False,
        help_text=_("Leeg laten om een nieuwe controle te plannen."),
    )
    datum = forms.DateField(label=_("datum nieuwe controle"), required=False, widget=DatumInput())
    deelnemende_organisaties = forms.ModelMultipleChoiceField(
        label=_("deelnemende organisaties"),
        queryset=Organisatie.objects.order_by("naam"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, terrein: Bedrijventerrein, gebruiker, bedrijven_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.terrein = terrein
        self.fields["bedrijven"].queryset = bedrijven_qs
        self.fields["controle"].queryset = (
            Controle.objects.voor_gebruiker(gebruiker)
            .gepland()
            .filter(gemeente=terrein.gemeente_id, datum__gte=klok.vandaag())
            .order_by("datum")
        )

    def clean(self):
        data = super().clean()
        if not data.get("controle"):
            datum = data.get("datum")
            if not datum:
                self.add_error("datum", _("Kies een datum voor de nieuwe controle, of kies een geplande controle."))
            elif datum < klok.vandaag():
                self.add_error("datum", _("Een controle in het verleden kan niet 'gepland' zijn."))
        return data


class ControleFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(label=_("soort"), choices=ControleSoort.choices, empty_label=_("alle soorten"))
    thema = django_filters.ChoiceFilter(label=_("thema"), choices=Thema.choices, empty_label=_("alle thema's"))
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=ControleStatus.choices, empty_label=_("alle statussen")
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("gemeente"), queryset=Gemeente.objects.none(), empty_label=_("alle gemeenten")
    )
    vanaf = django_filters.DateFilter(label=_("vanaf"), field_name="datum", lookup_expr="gte", widget=DatumInput())
    tot_en_met = django_filters.DateFilter(
        label=_("tot en met"), field_name="datum", lookup_expr="lte", widget=DatumInput()
    )
    zoek = django_filters.CharFilter(label=_("zoeken"), method="filter_zoek")

    class Meta:
        model = Controle
        fields = ["soort", "thema", "status", "gemeente", "vanaf", "tot_en_met", "zoek"]

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["gemeente"].queryset = Gemeente.objects.voor_gebruiker(gebruiker)
        for naam in ("soort", "thema", "status", "gemeente"):
            self.filters[naam].extra["widget"] = forms.Select(attrs={"data-autosubmit": ""})

    def filter_zoek(self, queryset, name, value):
        return queryset.filter(Q(omschrijving__icontains=value) | Q(gemeente__naam__icontains=value))
