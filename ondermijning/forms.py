"""Forms of the core: the second-factor code, the money field every app's forms use, and putting a
service's refusal on the form that asked for it."""

from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ondermijning import oidc
from ondermijning.geld import bedrag_uit_tekst, geld


def fouten_naar_form(form, fout: ValidationError, velden: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError beside the field it is about (or on top of the form).

    `velden` maps a service's key to the form's field where they differ.
    """
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            veld = (velden or {}).get(veld, veld)
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout.messages)


class InlogForm(AuthenticationForm):
    """The password login; says so when password login is off (the same message for every account)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if oidc.wachtwoord_inloggen_uit():
                raise ValidationError(
                    _(
                        "Inloggen met wachtwoord staat uit; log in via de knop hieronder. Alleen noodaccounts "
                        "kunnen nog met wachtwoord inloggen."
                    ),
                    code="wachtwoord_uit",
                ) from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De zes cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class HerinstellenForm(CodeForm):
    """Re-enrolling the second factor (and so renewing the recovery codes) of an account that has one:
    the current password is asked again, so an unattended open session cannot take over the login."""

    wachtwoord = forms.CharField(
        label=_("Huidig wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw huidige wachtwoord in om de tweede stap opnieuw in te stellen.")},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["code"].widget.attrs.pop("autofocus", None)
        self.fields["wachtwoord"].widget.attrs["autofocus"] = True
        self.order_fields(["wachtwoord", "code"])

    def clean_wachtwoord(self):
        wachtwoord = self.cleaned_data["wachtwoord"]
        # Through authenticate(), so django-axes counts a wrong password here as at the login.
        gebruiker = authenticate(self.request, username=self.request.user.get_username(), password=wachtwoord)
        if gebruiker is None or gebruiker.pk != self.request.user.pk:
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return wachtwoord


class BedragVeld(forms.DecimalField):
    """Every money field of the web forms: reads Dutch notation (see ondermijning.geld), shows 1.250,50.

    A text input, not a number input: a browser's number field refuses "1.250,50" before the
    server sees it, and shows a stored amount as 1250.5.
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Voer een bedrag in, bijvoorbeeld 1.250,50.")}

    def __init__(self, *, max_digits=10, decimal_places=2, **kwargs):
        kwargs.pop("localize", None)  # the parser below is the localisation
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return bedrag_uit_tekst(value)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        # A stored or initial amount is shown in Dutch; typed text (a bound form) is shown as typed.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return geld(Decimal(value))
        return value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}
