"""Forms of the signalen app: validation only, in Dutch, beside the field. Writes go through services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ondermijning import klok
from ondermijning.eenmalig import EenmaligFormMixin
from ondermijning.models import (
    GRONDSLAGEN_PERSOONSGEGEVENS,
    Gebruiker,
    Gemeente,
    Grondslag,
    Organisatie,
    OrganisatieType,
)
from ondermijning.scoping import Rol, gemeente_ids
from signalen.filters import DATUM, behandelaars_voor
from signalen.models import (
    Afsluitreden,
    Besluit,
    BibobUitkomst,
    Fenomeen,
    Interventie,
    Overleg,
    Persoon,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
    Verrijking,
    Weging,
    WegingUitkomst,
    kvk_validator,
    normaliseer_postcode,
    postcode_validator,
)
from signalen.selectors import behandelaars_van
from signalen.services import valideer_signaal
from signalen.subjecten import NIEUW

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
TIJD = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def niet_in_toekomst(datum, melding=None):
    if datum and datum > klok.vandaag():
        raise forms.ValidationError(melding or _("Deze datum kan niet in de toekomst liggen."))
    return datum


def _postcode(waarde: str) -> str:
    """'6921ab' is accepted and stored as '6921 AB'; anything else gets the Dutch format message."""
    waarde = normaliseer_postcode(waarde)
    postcode_validator(waarde)
    return waarde


def _kandidaat_label(kandidaat) -> str:
    if isinstance(kandidaat, Persoon) and kandidaat.geboortedatum:
        return f"{kandidaat.naam} ({kandidaat.geboortedatum:%d-%m-%Y})"
    return str(kandidaat)


NIEUW_LABELS = {
    "adres": _("Nee, een nieuw adres aanmaken zoals ingevuld"),
    "bedrijf": _("Nee, een nieuw bedrijf aanmaken zoals ingevuld"),
    "persoon": _("Nee, een nieuwe persoon aanmaken zoals ingevuld"),
}


def keuze_veld() -> forms.CharField:
    """Hidden until a near match asks "Bedoelt u ...?" (see bied_keuze)."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


def bied_keuze(form: forms.Form, veld: str, *, soort: str, kandidaten: list, melding: str) -> None:
    """Turn the hidden choice field into "Bedoelt u ...?": the near matches and an explicit 'new' option.

    The form stays bound, so everything the user typed is shown again as typed.
    """
    if len(kandidaten) == 1:
        label = _("Bedoelt u %(kandidaat)s?") % {"kandidaat": _kandidaat_label(kandidaten[0])}
    else:
        label = _("Bedoelt u een van deze?")
    # The field object itself changes (the form's bound field holds on to it); the service checks the value.
    keuze = form.fields[veld]
    keuze.label = form[veld].label = label
    keuze.widget = forms.RadioSelect(
        choices=[(str(k.pk), _kandidaat_label(k)) for k in kandidaten] + [(NIEUW, NIEUW_LABELS[soort])]
    )
    form.add_error(veld, melding)


def _partners():
    return Organisatie.objects.exclude(type=OrganisatieType.GEMEENTE)


class SubjectVeldenMixin(forms.Form):
    """Optional subject fields on the new-signal form: one address, one business, one person."""

    adres_straat = forms.CharField(label=_("Straat"), max_length=120, required=False)
    adres_huisnummer = forms.CharField(label=_("Huisnummer"), max_length=12, required=False)
    adres_postcode = forms.CharField(
        label=_("Postcode"), max_length=7, required=False, help_text=_("Bijvoorbeeld 6921 AB.")
    )
    adres_plaats = forms.CharField(label=_("Plaats"), max_length=80, required=False)
    bedrijf_naam = forms.CharField(label=_("Naam bedrijf"), max_length=150, required=False)
    bedrijf_kvk = forms.CharField(
        label=_("KVK-nummer"), max_length=8, required=False, validators=[kvk_validator], help_text=_("8 cijfers.")
    )
    persoon_naam = forms.CharField(label=_("Naam persoon"), max_length=150, required=False)
    persoon_geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=DATUM,
        help_text=_("Alleen als dat nodig is om personen uit elkaar te houden."),
    )
    adres_keuze = keuze_veld()
    bedrijf_keuze = keuze_veld()
    persoon_keuze = keuze_veld()

    def clean_adres_postcode(self):
        waarde = self.cleaned_data.get("adres_postcode", "")
        return _postcode(waarde) if waarde else waarde

    def clean_persoon_geboortedatum(self):
        return niet_in_toekomst(self.cleaned_data.get("persoon_geboortedatum"))

    def clean(self):
        data = super().clean()
        adres = ("adres_straat", "adres_huisnummer", "adres_postcode", "adres_plaats")
        if any(data.get(v) for v in adres) or any(v in self.errors for v in adres):
            for veld in adres:
                if not data.get(veld) and veld not in self.errors:
                    self.add_error(veld, _("Vul het hele adres in, of laat alle adresvelden leeg."))
        if data.get("bedrijf_kvk") and not data.get("bedrijf_naam"):
            self.add_error("bedrijf_naam", _("Vul de naam van het bedrijf in."))
        if data.get("persoon_geboortedatum") and not data.get("persoon_naam"):
            self.add_error("persoon_naam", _("Vul de naam van de persoon in."))
        return data


class SignaalForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Signaal
        fields = ["gemeente", "titel", "omschrijving", "bron", "ontvangen_op", "fenomenen", "prioriteit", "behandelaar"]
        widgets = {
            "ontvangen_op": DATUM,
            "fenomenen": forms.CheckboxSelectMultiple,
            "omschrijving": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.voor_gebruiker(gebruiker)
        fenomenen = Fenomeen.objects.filter(actief=True)
        if self.instance.pk:
            fenomenen = Fenomeen.objects.filter(pk__in=self.instance.fenomenen.values("pk")) | fenomenen
        self.fields["fenomenen"].queryset = fenomenen.distinct().order_by("naam")
        # Only who may see the signal can handle it; a new signal's municipality is checked by the service.
        if self.instance.pk:
            self.fields["behandelaar"].queryset = behandelaars_van([self.instance.gemeente_id])
        else:
            self.fields["behandelaar"].queryset = behandelaars_voor(gebruiker)
        self.fields["behandelaar"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["omschrijving"].help_text = _("De feiten: wat, waar, wanneer, wie. Geen meningen.")
        if self.instance.pk:
            self.fields["versie"].initial = self.instance.versie
        # The service says what a title and a description must be (signalen.services.valideer_signaal).
        self.fields["titel"].required = False
        self.fields["omschrijving"].required = False

    def clean(self):
        """The signal's rules from the service, beside their fields (fields already refused keep their message)."""
        data = super().clean()
        try:
            valideer_signaal(
                titel=data.get("titel", ""),
                omschrijving=data.get("omschrijving", ""),
                ontvangen_op=data.get("ontvangen_op"),
            )
        except ValidationError as fout:
            for veld, meldingen in fout.error_dict.items():
                if veld not in self.errors:
                    self.add_error(veld, meldingen)
        return data


class SignaalNieuwForm(EenmaligFormMixin, SubjectVeldenMixin, SignaalForm):
    pass


class MeldenForm(EenmaligFormMixin, forms.Form):
    """The intern meldpunt: short, plain, for any municipal employee."""

    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none(), empty_label=None)
    titel = forms.CharField(
        label=_("Waar gaat het over?"), max_length=200, help_text=_("Bijvoorbeeld: kapperszaak zonder klanten.")
    )
    omschrijving = forms.CharField(
        label=_("Wat heeft u gezien of gehoord?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat, waar en wanneer. Noem alleen wat u zelf weet."),
    )
    adres_tekst = forms.CharField(label=_("Adres of plek (als u die weet)"), max_length=200, required=False)

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.voor_gebruiker(gebruiker)

    def clean_omschrijving(self):
        tekst = self.cleaned_data.get("omschrijving", "").strip()
        if len(tekst) < 10:
            raise forms.ValidationError(_("Beschrijf in een paar woorden wat u zag of hoorde."))
        return tekst


class AdresForm(forms.Form):
    straat = forms.CharField(label=_("Straat"), max_length=120)
    huisnummer = forms.CharField(label=_("Huisnummer"), max_length=12, help_text=_("Met toevoeging, bijv. 12a."))
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("Bijvoorbeeld 6921 AB."))
    plaats = forms.CharField(label=_("Plaats"), max_length=80)
    bag_id = forms.CharField(
        label=_("BAG-id"),
        max_length=16,
        required=False,
        validators=[RegexValidator(r"^\d{16}$", _("Een BAG-id bestaat uit 16 cijfers."))],
    )
    keuze = keuze_veld()

    def clean_postcode(self):
        return _postcode(self.cleaned_data["postcode"])


class BedrijfForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=150)
    kvk_nummer = forms.CharField(
        label=_("KVK-nummer"), max_length=8, required=False, validators=[kvk_validator], help_text=_("8 cijfers.")
    )
    keuze = keuze_veld()


class PersoonForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=150)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=DATUM,
        help_text=_("Alleen invullen als dat nodig is om personen uit elkaar te houden."),
    )
    keuze = keuze_veld()

    def clean_geboortedatum(self):
        return niet_in_toekomst(self.cleaned_data.get("geboortedatum"))


SUBJECT_FORMS = {"adres": AdresForm, "bedrijf": BedrijfForm, "persoon": PersoonForm}


class OntkoppelForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        error_messages={"required": _("Geef een reden om dit subject los te koppelen.")},
        help_text=_("Bijvoorbeeld: verkeerd adres gekoppeld, het gaat om Rijnstraat 12."),
    )


class TransitieForm(forms.Form):
    naar = forms.ChoiceField(label=_("Nieuwe status"))
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    afsluitreden = forms.ChoiceField(
        label=_("Afsluitreden"), choices=[("", "---------"), *Afsluitreden.choices], required=False
    )

    def __init__(self, *args, toegestaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [(s, SignaalStatus(s).label) for s in toegestaan]

    def clean(self):
        data = super().clean()
        if data.get("naar") == SignaalStatus.AFGESLOTEN and not data.get("afsluitreden"):
            self.add_error("afsluitreden", _("Kies een reden om het signaal af te sluiten."))
        return data


def _ja_nee(veld: str) -> forms.TypedChoiceField:
    """A yes/no question of the weging as two radio buttons, labelled and explained by its model field."""
    model_veld = Weging._meta.get_field(veld)
    return forms.TypedChoiceField(
        label=model_veld.verbose_name,
        help_text=model_veld.help_text,
        choices=JA_NEE,
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )


class WegingForm(forms.ModelForm):
    is_ondermijning = _ja_nee("is_ondermijning")
    raakt_gemeentelijke_taak = _ja_nee("raakt_gemeentelijke_taak")
    is_concreet = _ja_nee("is_concreet")
    is_recent = _ja_nee("is_recent")

    class Meta:
        model = Weging
        fields = [
            "is_ondermijning",
            "raakt_gemeentelijke_taak",
            "is_concreet",
            "is_recent",
            "uitkomst",
            "doorverwezen_naar",
            "toelichting",
        ]
        widgets = {"uitkomst": forms.RadioSelect, "toelichting": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("uitkomst") == WegingUitkomst.DOORVERWIJZEN and not data.get("doorverwezen_naar", "").strip():
            self.add_error("doorverwezen_naar", _("Vul in naar wie het signaal is doorverwezen."))
        return data


class VerrijkingForm(forms.ModelForm):
    class Meta:
        model = Verrijking
        fields = ["bron", "informatie", "datum", "betrouwbaarheid_bron", "betrouwbaarheid_informatie", "grondslag"]
        widgets = {"datum": DATUM, "informatie": forms.Textarea(attrs={"rows": 4})}

    def clean_datum(self):
        return niet_in_toekomst(
            self.cleaned_data.get("datum"), _("De datum van de informatie kan niet in de toekomst liggen.")
        )


class OverlegForm(EenmaligFormMixin, forms.ModelForm):
    class Meta:
        model = Overleg
        fields = ["titel", "datum", "aanvang", "locatie", "gemeenten", "organisaties", "voorzitter"]
        widgets = {
            "datum": DATUM,
            "aanvang": TIJD,
            "gemeenten": forms.CheckboxSelectMultiple,
            "organisaties": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = Gemeente.objects.voor_gebruiker(gebruiker)
        self.fields["organisaties"].queryset = _partners()
        self.fields["voorzitter"].queryset = (
            Gebruiker.objects.filter(is_active=True, groups__name=Rol.VOORZITTER, gemeenten__in=gemeente_ids(gebruiker))
            .distinct()
            .order_by("first_name")
        )
        self.fields["voorzitter"].label_from_instance = lambda u: u.get_full_name() or u.username


# A signal can go on the agenda once it has been weighed (the transition table allows overleg).
AGENDEERBAAR = [s for s in SignaalStatus if s not in (SignaalStatus.GEREGISTREERD, SignaalStatus.AFGESLOTEN)]


class AgendapuntForm(forms.Form):
    signaal = forms.ModelChoiceField(label=_("Signaal"), queryset=Signaal.objects.none())

    def __init__(self, *args, gebruiker, overleg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signaal"].queryset = (
            Signaal.objects.voor_gebruiker(gebruiker)
            .filter(status__in=AGENDEERBAAR, gemeente__in=overleg.gemeenten.all())
            .exclude(agendapunten__overleg=overleg)
            .select_related("gemeente")
            .order_by("-ontvangen_op")
        )
        self.fields["signaal"].label_from_instance = lambda s: f"{s.nummer} {s.titel} ({s.get_status_display()})"


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(label=_("Besluit"), choices=[("", "---------"), *Besluit.choices])
    notitie = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    afsluitreden = forms.ChoiceField(
        label=_("Afsluitreden (bij afsluiten)"), choices=[("", "---------"), *Afsluitreden.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("besluit") == Besluit.AFSLUITEN and not data.get("afsluitreden"):
            self.add_error("afsluitreden", _("Kies een reden om het signaal af te sluiten."))
        return data


class CorrectieForm(forms.Form):
    """The chair corrects a decision; the reason is required (shape only, the rules are in the service)."""

    besluit = forms.ChoiceField(label=_("Nieuw besluit"), choices=[("", "---------"), *Besluit.choices])
    afsluitreden = forms.ChoiceField(
        label=_("Afsluitreden (bij afsluiten)"), choices=[("", "---------"), *Afsluitreden.choices], required=False
    )
    reden = forms.CharField(
        label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class DelenForm(forms.Form):
    organisaties = forms.ModelMultipleChoiceField(
        label=_("Delen met"),
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen gebruikers van deze organisaties zien dit agendapunt, en niets anders."),
    )
    grondslag = forms.ChoiceField(
        label=_("Grondslag"),
        choices=[("", "---------"), *Grondslag.choices],
        required=False,
        help_text=_("Op grond waarvan wordt gedeeld? Dit komt in het verstrekkingenregister."),
    )
    persoonsgegevens = forms.BooleanField(
        label=_("Ook de personen (namen, geboortedata) delen"),
        required=False,
        help_text=_("Alleen met een convenant of wettelijke taak als grondslag; anders ziet de partner geen personen."),
    )
    toelichting = forms.CharField(label=_("Toelichting op de grondslag"), max_length=200, required=False)

    def __init__(self, *args, keuzes=None, **kwargs):
        """`keuzes`: the partner choices evaluated once by the caller, so a page with a form per
        agenda item renders them without a query per item; validation still uses the queryset."""
        super().__init__(*args, **kwargs)
        self.fields["organisaties"].queryset = _partners()
        if keuzes is not None:
            self.fields["organisaties"].widget.choices = keuzes

    @staticmethod
    def partner_keuzes():
        return [(o.pk, str(o)) for o in _partners()]

    def clean(self):
        data = super().clean()
        grondslag = data.get("grondslag")
        if data.get("organisaties") and not grondslag:
            self.add_error("grondslag", _("Kies de grondslag waarop u deelt."))
        if data.get("persoonsgegevens") and grondslag and grondslag not in GRONDSLAGEN_PERSOONSGEGEVENS:
            self.add_error(
                "persoonsgegevens",
                _(
                    "Personen delen vraagt een convenant of wettelijke taak als grondslag, "
                    "niet alleen de afspraken van het overleg."
                ),
            )
        if grondslag == Grondslag.ANDERS and not data.get("toelichting", "").strip():
            self.add_error("toelichting", _("Licht toe op welke grondslag u deelt."))
        return data


class RiecMeldingForm(forms.ModelForm):
    class Meta:
        model = RiecMelding
        fields = ["vraag_aan_riec", "genomen_maatregelen"]
        widgets = {
            "vraag_aan_riec": forms.Textarea(attrs={"rows": 3}),
            "genomen_maatregelen": forms.Textarea(attrs={"rows": 3}),
        }


class RiecStatusForm(forms.Form):
    naar = forms.ChoiceField(label=_("Volgende stap"))
    datum = forms.DateField(label=_("Datum"), widget=DATUM, required=False)
    partner = forms.ModelChoiceField(
        label=_("Interventie door (partner)"), queryset=Organisatie.objects.all(), required=False
    )
    terugkoppeling = forms.CharField(
        label=_("Terugkoppeling van het RIEC"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, toegestaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [(s, RiecStatus(s).label) for s in toegestaan]

    def clean_datum(self):
        return niet_in_toekomst(self.cleaned_data.get("datum"))


class InterventieForm(EenmaligFormMixin, forms.ModelForm):
    class Meta:
        model = Interventie
        fields = ["soort", "gestart_op", "omschrijving", "adres", "soort_zaak"]
        widgets = {"gestart_op": DATUM, "omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "adres": _("Verplicht bij art. 13b (waarschuwing of sluiting): het pand waarvoor de maatregel geldt."),
            "soort_zaak": _(
                "Verplicht bij art. 13b: samen met de eerdere maatregelen op dit pand bepaalt dit de stap "
                "op de Damoclesladder."
            ),
        }

    def __init__(self, *args, signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adres"].queryset = signaal.adressen.all()

    def clean_gestart_op(self):
        return niet_in_toekomst(self.cleaned_data.get("gestart_op"), _("De startdatum kan niet in de toekomst liggen."))


class BibobAanvraagForm(forms.Form):
    aangevraagd_op = forms.DateField(label=_("Advies aangevraagd op"), widget=DATUM)

    def clean_aangevraagd_op(self):
        return niet_in_toekomst(self.cleaned_data.get("aangevraagd_op"))


class InterventieAfrondenForm(forms.Form):
    afgerond_op = forms.DateField(label=_("Afgerond op"), widget=DATUM)
    uitkomst = forms.CharField(label=_("Uitkomst"), widget=forms.Textarea(attrs={"rows": 3}))
    bibob_uitkomst = forms.ChoiceField(
        label=_("Uitkomst Bibob-advies"), choices=[("", "---------"), *BibobUitkomst.choices], required=False
    )

    def clean_afgerond_op(self):
        return niet_in_toekomst(self.cleaned_data.get("afgerond_op"))
