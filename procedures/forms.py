"""Forms of the procedures app: shape only; the rules live in procedures.services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ondermijning.eenmalig import EenmaligFormMixin
from ondermijning.scoping import Rol
from procedures.models import MateVanGevaar, ProcedureSoort, StapRol
from signalen.models import SoortZaak

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProcedureStartForm(forms.Form):
    soort = forms.ModelChoiceField(label=_("Soort procedure"), queryset=ProcedureSoort.objects.none())
    soort_zaak = forms.ChoiceField(
        label=_("Soort zaak (13b)"), choices=[("", "---------"), *SoortZaak.choices], required=False
    )
    interventie = forms.ModelChoiceField(label=_("Interventie"), queryset=None, required=False)
    adres = forms.ModelChoiceField(
        label=_("Pand"),
        queryset=None,
        required=False,
        help_text=_("Een adres van het signaal. Bij 13b telt de ladder de eerdere maatregelen op dit pand."),
    )
    eigenaar = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None, required=False)
    gestart_op = forms.DateField(label=_("Gestart op"), widget=DATUM, required=False)

    def __init__(self, *args, signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].queryset = ProcedureSoort.objects.voor_gemeente(signaal.gemeente)
        self.fields["interventie"].queryset = signaal.interventies.all()
        self.fields["adres"].queryset = signaal.adressen.all()
        self.fields["interventie"].label_from_instance = lambda i: f"{i.get_soort_display()} ({i.gestart_op:%d-%m-%Y})"
        self.fields["eigenaar"].queryset = (
            get_user_model()
            .objects.filter(gemeenten=signaal.gemeente, is_active=True, is_systeemaccount=False)
            .exclude(groups__name=Rol.KETENPARTNER)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["eigenaar"].label_from_instance = lambda g: g.get_full_name() or g.username
        self.fields["eigenaar"].help_text = _("Leeg: uzelf.")


class StapForm(forms.Form):
    """The fields a step asks for, from its template (configuration)."""

    gedaan_op = forms.DateField(label=_("Datum"), widget=DATUM, required=False)

    def __init__(self, *args, sjabloon, **kwargs):
        super().__init__(*args, **kwargs)
        if sjabloon.rol == StapRol.SLUITING:
            self.fields["gedaan_op"].label = _("Gesloten vanaf")
            self.fields["tot_op"] = forms.DateField(label=_("Gesloten tot en met"), widget=DATUM, required=False)
        if sjabloon.rol == StapRol.BESLUIT:
            self.fields["begunstigd_tot"] = forms.DateField(
                label=_("Begunstigingstermijn tot en met"),
                help_text=_("Bij sluiting van een woning: de sluitingsstap wordt dan op deze dag verwacht."),
                widget=DATUM,
                required=False,
            )
        if sjabloon.rol == StapRol.PROPORTIONALITEIT:
            for veld, label in (
                ("geschikt", _("Geschikt: waarom bereikt de maatregel het doel?")),
                ("noodzakelijk", _("Noodzakelijk: waarom volstaat een lichtere maatregel niet?")),
                ("evenredig", _("Evenredig: waarom staan de gevolgen in verhouding tot het doel?")),
            ):
                self.fields[veld] = forms.CharField(
                    label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False
                )
        keuzes = sjabloon.uitkomst_keuzes
        if keuzes:
            self.fields["uitkomst"] = forms.ChoiceField(
                label=_("Uitkomst"), choices=[("", "---------"), *((k, k) for k in keuzes)], required=False
            )
        if sjabloon.mate_van_gevaar:
            self.fields["mate_van_gevaar"] = forms.ChoiceField(
                label=_("Mate van gevaar"), choices=[("", "---------"), *MateVanGevaar.choices], required=False
            )
        self.fields["tekst"] = forms.CharField(
            label=sjabloon.tekst_label or _("Toelichting"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            max_length=5000,
        )


class OverslaanForm(forms.Form):
    reden = forms.CharField(label=_("Reden van overslaan"), max_length=1000, required=False)


class AfsluitenForm(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput)


class HeropenenForm(forms.Form):
    heropend_op = forms.DateField(
        label=_("Heropend op"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"),
        required=False,
    )


class BriefForm(EenmaligFormMixin, forms.Form):
    """'Brief maken': nothing to fill in; the one-time token makes a double click one letter."""


class StakenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van staken"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=1000,
        required=False,
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)
