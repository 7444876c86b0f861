"""Forms of the taken app: shape only; the rules live in taken.services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ondermijning.models import Organisatie, OrganisatieType
from ondermijning.scoping import Rol
from taken.models import Taak


class TaakForm(forms.ModelForm):
    class Meta:
        model = Taak
        fields = ["omschrijving", "uiterlijk_op", "eigenaar", "eigenaar_organisatie"]
        widgets = {"uiterlijk_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "eigenaar_organisatie": _(
                "Een taak voor een ketenpartner wordt vastgelegd in het verstrekkingenregister. "
                "Zet geen persoonsgegevens in de omschrijving."
            )
        }

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = (
            get_user_model()
            .objects.filter(gemeenten=gemeente, is_active=True, is_systeemaccount=False)
            .exclude(groups__name=Rol.KETENPARTNER)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["eigenaar"].label_from_instance = lambda g: g.get_full_name() or g.username
        self.fields["eigenaar_organisatie"].queryset = Organisatie.objects.exclude(type=OrganisatieType.GEMEENTE)


class TaakWijzigForm(TaakForm):
    versie = forms.IntegerField(widget=forms.HiddenInput)


class AfrondenForm(forms.Form):
    notitie = forms.CharField(label=_("Wat is er gedaan?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class VervallenForm(forms.Form):
    reden = forms.CharField(label=_("Waarom vervalt de taak?"), max_length=500)
