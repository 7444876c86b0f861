"""Serializers: the shape of the API. Reading serializers describe rows; the input serializers only
validate the shape of a request, the services do the rest (and all writing)."""

from decimal import InvalidOperation

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actieplan.models import Actie, Uitgave
from controles.models import Bezoek, ChecklistAntwoord, Controle, ControleObject, Label, Vervolg
from ondermijning.geld import bedrag_uit_tekst
from ondermijning.models import Gemeente
from signalen.models import (
    Adres,
    Bedrijf,
    Bron,
    Fenomeen,
    Persoon,
    Prioriteit,
    Signaal,
    normaliseer_postcode,
    postcode_validator,
)
from signalen.selectors import mag_persoonsgegevens_zien

# --- shared ---------------------------------------------------------------------------------


class FoutSerializer(serializers.Serializer):
    """The one error format (see api/fouten.py)."""

    status = serializers.IntegerField(help_text=_("De HTTP-statuscode."))
    code = serializers.CharField(help_text=_("Vaste code, bijvoorbeeld 'ongeldig' of 'niet_gevonden'."))
    melding = serializers.CharField(help_text=_("Uitleg in het Nederlands."))
    velden = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Per veld de meldingen; 'algemeen' voor meldingen die bij geen veld horen."),
    )


@extend_schema_field(
    {
        "type": "string",
        "example": "1250.50",
        "description": "Bedrag in euro's. Invoer ook in Nederlandse notatie: 1.250,50, 1250,50, € 1.250,50.",
    }
)
class BedragApiVeld(serializers.DecimalField):
    """Every money field of the API: input through the same parser as the web forms
    (ondermijning.geld), output a plain decimal string ("1250.50") for machines."""

    default_error_messages = {"invalid": _("Voer een bedrag in, bijvoorbeeld 1.250,50.")}

    def __init__(self, *, max_digits=10, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_internal_value(self, data):
        try:
            bedrag = bedrag_uit_tekst(data.strip() if isinstance(data, str) else data)
        except (ValueError, InvalidOperation, TypeError):
            self.fail("invalid")
        return super().to_internal_value(str(bedrag))


class GescoptVeld(serializers.PrimaryKeyRelatedField):
    """A reference by id, limited to the rows the caller may see (an out-of-scope id looks unknown)."""

    default_error_messages = {
        "does_not_exist": _("Onbekend id {pk_value}, of u heeft er geen toegang toe."),
        "incorrect_type": _("Geef een id (een geheel getal)."),
    }

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().voor_gebruiker(request.user if request else None)


class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["id", "naam", "cbs_code"]


# --- subjects -------------------------------------------------------------------------------


class AdresSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adres
        fields = ["id", "gemeente", "straat", "huisnummer", "postcode", "plaats", "bag_id"]


class BedrijfSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bedrijf
        fields = ["id", "gemeente", "naam", "kvk_nummer", "adres"]


class PersoonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Persoon
        fields = ["id", "gemeente", "naam", "geboortedatum"]


# --- signalen -------------------------------------------------------------------------------


class SignaalSerializer(serializers.ModelSerializer):
    gemeente = GemeenteSerializer(read_only=True)
    fenomenen = serializers.SlugRelatedField(slug_field="naam", many=True, read_only=True)
    adressen = AdresSerializer(many=True, read_only=True)
    bedrijven = BedrijfSerializer(many=True, read_only=True)
    personen = PersoonSerializer(many=True, read_only=True)

    class Meta:
        model = Signaal
        fields = [
            "id",
            "nummer",
            "gemeente",
            "titel",
            "omschrijving",
            "bron",
            "ontvangen_op",
            "status",
            "prioriteit",
            "fenomenen",
            "adressen",
            "bedrijven",
            "personen",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        """Persons only for roles that need them (signalen.selectors.mag_persoonsgegevens_zien)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not mag_persoonsgegevens_zien(request.user, instance):
            data.pop("personen", None)
        elif data.get("personen") and "met_personen" in self.context:
            self.context["met_personen"].add(instance.pk)  # the view's audit names it
        return data


class AdresInvoerSerializer(serializers.ModelSerializer):
    # Normalised first ("6931ab" is "6931 AB"), as the service does, then the model's own rule.
    postcode = serializers.CharField(max_length=10, help_text=_("Bijvoorbeeld 6931 AB."))

    class Meta:
        model = Adres
        fields = ["straat", "huisnummer", "postcode", "plaats", "bag_id"]

    def validate_postcode(self, waarde: str) -> str:
        waarde = normaliseer_postcode(waarde)
        postcode_validator(waarde)
        return waarde


class BedrijfInvoerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bedrijf
        fields = ["naam", "kvk_nummer"]


class PersoonInvoerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Persoon
        fields = ["naam", "geboortedatum"]


class SignaalAanmaakSerializer(serializers.Serializer):
    """A new signal, e.g. from the MMA intake or a partner's system. Registered by signaal_registreer."""

    gemeente = serializers.PrimaryKeyRelatedField(
        queryset=Gemeente.objects.all(), help_text=_("Id van de gemeente waar het signaal over gaat.")
    )
    # Blank, too long or a date in the future: the service refuses it, with the web form's message.
    titel = serializers.CharField(allow_blank=True)
    omschrijving = serializers.CharField(allow_blank=True, help_text=_("Omschrijving van de feiten."))
    bron = serializers.ChoiceField(choices=Bron.choices)
    ontvangen_op = serializers.DateField()
    prioriteit = serializers.ChoiceField(choices=Prioriteit.choices, required=False)
    behandelaar = serializers.CharField(
        max_length=150,
        required=False,
        help_text=_("Gebruikersnaam van de behandelaar: een beleidsmedewerker van de gemeente van het signaal."),
    )
    fenomenen = serializers.SlugRelatedField(
        slug_field="naam",
        queryset=Fenomeen.objects.filter(actief=True),
        many=True,
        required=False,
        help_text=_("Namen van fenomenen, bijvoorbeeld 'Drugs'."),
    )
    adressen = AdresInvoerSerializer(
        many=True,
        required=False,
        help_text=_(
            "Een bestaand adres wordt alleen hergebruikt bij dezelfde straat, huisnummer met toevoeging en postcode; "
            "anders wordt een nieuw adres aangemaakt."
        ),
    )
    bedrijven = BedrijfInvoerSerializer(
        many=True,
        required=False,
        help_text=_(
            "Een bestaand bedrijf wordt alleen hergebruikt bij hetzelfde KVK-nummer; anders een nieuw bedrijf."
        ),
    )
    personen = PersoonInvoerSerializer(
        many=True,
        required=False,
        help_text=_(
            "Een bestaande persoon wordt alleen hergebruikt bij dezelfde naam én geboortedatum; "
            "anders een nieuwe persoon."
        ),
    )


# --- controles ------------------------------------------------------------------------------


class ControleObjectSerializer(serializers.ModelSerializer):
    naam = serializers.SerializerMethodField()

    class Meta:
        model = ControleObject
        fields = ["id", "adres", "bedrijf", "naam", "reden", "volgorde"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_naam(self, obj) -> str:
        return str(obj)


class ControleSerializer(serializers.ModelSerializer):
    gemeente = GemeenteSerializer(read_only=True)
    deelnemende_organisaties = serializers.SlugRelatedField(slug_field="naam", many=True, read_only=True)
    objecten = ControleObjectSerializer(many=True, read_only=True)

    class Meta:
        model = Controle
        fields = [
            "id",
            "soort",
            "thema",
            "gemeente",
            "datum",
            "starttijd",
            "eindtijd",
            "doel",
            "omschrijving",
            "status",
            "deelnemende_organisaties",
            "objecten",
        ]
        read_only_fields = fields


class ChecklistAntwoordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistAntwoord
        fields = ["vraag", "vraag_tekst", "antwoord"]


class BezoekSerializer(serializers.ModelSerializer):
    antwoorden = ChecklistAntwoordSerializer(many=True, read_only=True)

    class Meta:
        model = Bezoek
        fields = [
            "id",
            "controle",
            "object",
            "adres",
            "bedrijf",
            "bezocht_op",
            "aanwezigen",
            "bevindingen",
            "vervolg",
            "vervolg_toelichting",
            "signaal",
            "client_uuid",
            "antwoorden",
            "created_at",
        ]
        read_only_fields = fields


class AntwoordInvoerSerializer(serializers.Serializer):
    vraag = serializers.IntegerField(min_value=1, help_text=_("Id van de checklistvraag."))
    antwoord = serializers.CharField(max_length=500, allow_blank=True)


class BezoekAanmaakSerializer(serializers.Serializer):
    """A visit logged by the field app; a retry with the same client_uuid creates nothing new."""

    controle = GescoptVeld(queryset=Controle.objects.all())
    client_uuid = serializers.UUIDField(help_text=_("Door het apparaat gemaakt id; maakt herhaald verzenden veilig."))
    object = GescoptVeld(queryset=ControleObject.objects.all(), required=False, allow_null=True)
    adres = GescoptVeld(queryset=Adres.objects.all(), required=False, allow_null=True)
    bedrijf = GescoptVeld(queryset=Bedrijf.objects.all(), required=False, allow_null=True)
    bezocht_op = serializers.DateTimeField(required=False)
    aanwezigen = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    bevindingen = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    vervolg = serializers.ChoiceField(choices=Vervolg.choices, required=False)
    vervolg_toelichting = serializers.CharField(required=False, allow_blank=True)
    antwoorden = AntwoordInvoerSerializer(many=True, required=False)
    theseus_label = serializers.ChoiceField(choices=Label.choices, required=False)


# --- actieplan ------------------------------------------------------------------------------


class ActieSerializer(serializers.ModelSerializer):
    plan = serializers.StringRelatedField()
    thema = serializers.StringRelatedField()
    wanneer = serializers.SerializerMethodField()
    # The public field keeps its name; the model calls it updated_at like every record time.
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Actie
        fields = [
            "id",
            "plan",
            "nummer",
            "omschrijving",
            "thema",
            "timing_soort",
            "wanneer",
            "financiering",
            "status",
            "gemeenten",
            "gewijzigd_op",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_wanneer(self, obj) -> str:
        return obj.wanneer


class UitgaveSerializer(serializers.ModelSerializer):
    bedrag = BedragApiVeld(read_only=True)

    class Meta:
        model = Uitgave
        fields = ["id", "gemeente", "datum", "bedrag", "omschrijving", "categorie", "actie", "controle"]
        read_only_fields = fields
