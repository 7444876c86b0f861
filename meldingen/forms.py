"""Forms of the meldingen app: delivery preferences."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.models import HerinneringSoort, Kanaal


class VoorkeurenForm(forms.Form):
    """One choice per kind of reminder: e-mail (and in the app) or in the app only."""

    def __init__(self, *args, huidig: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for soort in HerinneringSoort:
            self.fields[soort.value] = forms.ChoiceField(
                label=soort.label,
                choices=Kanaal.choices,
                initial=huidig.get(soort.value, Kanaal.EMAIL),
                widget=forms.RadioSelect,
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("opslaan", _("Voorkeuren opslaan"), css_class="btn-lg"))
