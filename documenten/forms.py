"""Forms of the documenten app: shape only; the type check and the rules live in documenten.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documenten.models import DocumentSoort, Vertrouwelijkheid


class DocumentForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT), JPEG, PNG of e-mail (EML); hoogstens 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.jpg,.jpeg,.png,.eml"}),
    )
    soort = forms.ChoiceField(label=_("Soort document"), choices=DocumentSoort.choices)
    titel = forms.CharField(label=_("Titel"), max_length=200, required=False, help_text=_("Leeg: de bestandsnaam."))
    datum = forms.DateField(
        label=_("Datum van het document"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    vertrouwelijkheid = forms.ChoiceField(
        label=_("Vertrouwelijkheid"), choices=Vertrouwelijkheid.choices, initial=Vertrouwelijkheid.VERTROUWELIJK
    )
