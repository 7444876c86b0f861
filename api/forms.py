from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_(
            "Eerste regel: kolomnamen. Verplicht: gemeente, titel, omschrijving, bron, ontvangen_op. "
            "Optioneel: prioriteit, fenomenen, straat, huisnummer, postcode, plaats, bedrijf, kvk_nummer, persoon."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("controleer", _("Controleren")))
