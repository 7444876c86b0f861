"""The REST API, /api/v1/: thin views over the scoped QuerySets and the services.

Every view: token (or verified session) authentication, scope + role permission, rows through
`Model.objects.voor_gebruiker(...)` (out of scope is 404), a rate limit per token, one audit
event per call, and errors in the one format of api/fouten.py.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from actieplan.models import Actie, Uitgave
from api import filters, schema_extensies, serializers  # noqa: F401 (registers the auth scheme)
from api.authenticatie import GeverifieerdeSessieAuthenticatie, TokenAuthenticatie
from api.fouten import exception_handler
from api.idempotentie import KOP, met_idempotentie
from api.models import ApiToken, Scope
from api.permissies import ApiPermissie
from api.services import signaal_extern_registreer
from api.throttling import PerTokenThrottle
from controles.models import Bezoek, Controle, ControleObject
from controles.services import bezoek_registreer
from ondermijning import audit
from ondermijning.models import AuditActie, AuditResultaat
from signalen.models import Adres, Bedrijf, Persoon, Signaal

FOUTEN = {
    400: OpenApiResponse(serializers.FoutSerializer, description=_("Ongeldige invoer; meldingen per veld.")),
    401: OpenApiResponse(serializers.FoutSerializer, description=_("Geen, onbekende of verlopen sleutel.")),
    403: OpenApiResponse(serializers.FoutSerializer, description=_("De sleutel of het account mag dit niet.")),
    404: OpenApiResponse(serializers.FoutSerializer, description=_("Niet gevonden (of buiten uw gemeenten).")),
    429: OpenApiResponse(serializers.FoutSerializer, description=_("Te veel verzoeken met deze sleutel.")),
}
LEES_FOUTEN = {k: v for k, v in FOUTEN.items() if k != 400}
IDEMPOTENTIE_PARAMETER = OpenApiParameter(
    KOP,
    {"type": "string", "pattern": r"^[A-Za-z0-9._:-]{1,100}$"},
    OpenApiParameter.HEADER,
    required=False,
    description=_("Eigen sleutel per nieuw verzoek: een herhaald verzoek met dezelfde sleutel maakt niets dubbel."),
)


class Paginering(PageNumberPagination):
    page_size = 50
    page_size_query_param = "per_pagina"
    max_page_size = 200


class ApiView(generics.GenericAPIView):
    """Base of every API view; subclasses set `model`, `lees_permissie` and a serializer."""

    authentication_classes = [TokenAuthenticatie, GeverifieerdeSessieAuthenticatie]
    permission_classes = [ApiPermissie]
    throttle_classes = [PerTokenThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = Paginering
    filter_backends = [DjangoFilterBackend]
    model = None
    lees_permissie = ""
    # Rows that are (or carry) personal data: a read records one audit event per row returned.
    persoonsgegevens = False

    @classmethod
    def as_view(cls, **initkwargs):
        # Authentication happens in DRF (token or verified session), not in the login middleware.
        return login_not_required(super().as_view(**initkwargs))

    def get_exception_handler(self):
        return exception_handler

    def basis_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.basis_queryset().voor_gebruiker(self.request.user)

    def initial(self, request, *args, **kwargs):
        self._gelezen: list = []
        self._met_personen: set[int] = set()
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        # The serializer notes which signals it answered with their persons (need-to-know decides).
        return {**super().get_serializer_context(), "met_personen": getattr(self, "_met_personen", set())}

    def get_serializer(self, *args, **kwargs):
        if args and self.request.method == "GET":
            self._gelezen = list(args[0]) if kwargs.get("many") else [args[0]]
        return super().get_serializer(*args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        self._audit(request, response)
        return response

    def _audit(self, request, response):
        """One audit event per call; successful writes are recorded by the services themselves."""
        code = response.status_code
        lezen = request.method in ("GET", "HEAD", "OPTIONS")
        if code in (401, 403, 404, 429):
            actie, resultaat = AuditActie.TOEGANG_GEWEIGERD, AuditResultaat.GEWEIGERD
        elif code >= 400:
            actie, resultaat = (AuditActie.LEZEN if lezen else AuditActie.AANMAKEN), AuditResultaat.MISLUKT
        elif lezen or response.headers.get("Idempotent-Replayed"):
            actie, resultaat = AuditActie.LEZEN, AuditResultaat.GELUKT
        else:
            return
        token = request.auth if isinstance(request.auth, ApiToken) else None
        gebruiker = getattr(request, "_user", None)
        toelichting = f"api {request.method} {code} token={token.pk if token else '-'}"
        if isinstance(response.data, dict) and "count" in response.data:
            toelichting += f" n={response.data['count']}"
        gelezen = getattr(self, "_gelezen", [])
        if self.persoonsgegevens and gelezen and resultaat == AuditResultaat.GELUKT and lezen:
            self._audit_per_object(gebruiker, gelezen, toelichting)
            return
        audit.log(
            actie=actie,
            actor=gebruiker,
            object_type=self.model._meta.label_lower if self.model else "api",
            object_id=str(self.kwargs.get("pk", ""))[:40],
            resultaat=resultaat,
            toelichting=toelichting,
        )

    def _audit_per_object(self, gebruiker, gelezen: list, toelichting: str) -> None:
        """Which rows of personal data this call returned: one event each, in one batch (fixed queries)."""
        met_personen = getattr(self, "_met_personen", set())
        audit.log_reeks(
            [
                {
                    "actie": AuditActie.LEZEN,
                    "actor": gebruiker,
                    "obj": obj,
                    "toelichting": toelichting + (", met personen" if obj.pk in met_personen else ""),
                }
                for obj in gelezen
            ]
        )


class AanmaakMixin:
    """POST: validate the shape, call the service, answer 201; idempotent with an Idempotency-Key."""

    aanmaak_scope: str = ""
    aanmaak_permissie: str = ""
    invoer_serializer_class = None

    def post(self, request, *args, **kwargs):
        def maak():
            invoer = self.invoer_serializer_class(data=request.data, context=self.get_serializer_context())
            invoer.is_valid(raise_exception=True)
            obj = self.maak(dict(invoer.validated_data))
            obj = self.get_queryset().get(pk=obj.pk)
            return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

        return met_idempotentie(request, maak)


# --- signalen -------------------------------------------------------------------------------


class SignaalBasis(ApiView):
    model = Signaal
    persoonsgegevens = True
    lees_permissie = "signalen.view_signaal"
    serializer_class = serializers.SignaalSerializer

    def basis_queryset(self):
        return Signaal.objects.select_related("gemeente").prefetch_related(
            "fenomenen", "adressen", "bedrijven", "personen"
        )


@extend_schema_view(
    get=extend_schema(summary=_("Signalen"), responses={200: serializers.SignaalSerializer(many=True), **LEES_FOUTEN}),
    post=extend_schema(
        summary=_("Signaal aanmaken"),
        description=_(
            "Voor systemen van ketenpartners en de MMA-intake. Nodig: bevoegdheid 'signalen_aanmaken' en een "
            "account dat voor de gemeente werkt. Het signaal krijgt status 'geregistreerd'."
        ),
        request=serializers.SignaalAanmaakSerializer,
        responses={201: serializers.SignaalSerializer, **FOUTEN},
        parameters=[IDEMPOTENTIE_PARAMETER],
    ),
)
class SignaalLijst(AanmaakMixin, SignaalBasis, generics.ListAPIView):
    """List the signals of the caller's municipalities, or register a new one."""

    filterset_class = filters.SignaalFilter
    aanmaak_scope = Scope.SIGNALEN_AANMAKEN
    aanmaak_permissie = "signalen.add_signaal"
    invoer_serializer_class = serializers.SignaalAanmaakSerializer

    def maak(self, gegevens: dict):
        return signaal_extern_registreer(door=self.request.user, **gegevens)


@extend_schema(summary=_("Signaal"), responses={200: serializers.SignaalSerializer, **LEES_FOUTEN})
class SignaalDetail(SignaalBasis, generics.RetrieveAPIView):
    """One signal with its subjects."""


# --- subjects -------------------------------------------------------------------------------


def _lijst_en_detail(model, serializer, permissie, naam, select=()):
    """A read-only list and detail view for a simple scoped model."""

    class Basis(ApiView):
        serializer_class = serializer
        lees_permissie = permissie
        persoonsgegevens = True  # addresses, businesses (often a person's trade name) and persons

        def basis_queryset(self):
            return model.objects.select_related(*select)

    Basis.model = model
    lijst = extend_schema(summary=naam, responses={200: serializer(many=True), **LEES_FOUTEN})(
        type(f"{model.__name__}Lijst", (Basis, generics.ListAPIView), {"__doc__": f"List: {naam}."})
    )
    detail = extend_schema(summary=naam, responses={200: serializer, **LEES_FOUTEN})(
        type(f"{model.__name__}Detail", (Basis, generics.RetrieveAPIView), {"__doc__": f"One: {naam}."})
    )
    return lijst, detail


AdresLijst, AdresDetail = _lijst_en_detail(Adres, serializers.AdresSerializer, "signalen.view_adres", _("Adressen"))
BedrijfLijst, BedrijfDetail = _lijst_en_detail(
    Bedrijf, serializers.BedrijfSerializer, "signalen.view_bedrijf", _("Bedrijven")
)
PersoonLijst, PersoonDetail = _lijst_en_detail(
    Persoon, serializers.PersoonSerializer, "signalen.view_persoon", _("Personen")
)


# --- controles ------------------------------------------------------------------------------


class ControleBasis(ApiView):
    model = Controle
    lees_permissie = "controles.view_controle"
    serializer_class = serializers.ControleSerializer
    filterset_class = filters.ControleFilter

    def basis_queryset(self):
        return Controle.objects.select_related("gemeente").prefetch_related(
            "deelnemende_organisaties",
            Prefetch("objecten", queryset=ControleObject.objects.select_related("adres", "bedrijf")),
        )


@extend_schema(summary=_("Controles"), responses={200: serializers.ControleSerializer(many=True), **LEES_FOUTEN})
class ControleLijst(ControleBasis, generics.ListAPIView):
    """Controls of the caller's municipalities (for a partner: the joint controls it takes part in)."""


@extend_schema(summary=_("Controle"), responses={200: serializers.ControleSerializer, **LEES_FOUTEN})
class ControleDetail(ControleBasis, generics.RetrieveAPIView):
    """One control with its objects."""


class BezoekBasis(ApiView):
    model = Bezoek
    lees_permissie = "controles.view_bezoek"
    serializer_class = serializers.BezoekSerializer

    def basis_queryset(self):
        return Bezoek.objects.prefetch_related("antwoorden")


@extend_schema_view(
    get=extend_schema(summary=_("Bezoeken"), responses={200: serializers.BezoekSerializer(many=True), **LEES_FOUTEN}),
    post=extend_schema(
        summary=_("Bezoek vastleggen"),
        description=_(
            "Voor de veld-app. Nodig: bevoegdheid 'bezoeken_aanmaken'. Een herhaalde verzending met dezelfde "
            "client_uuid (of Idempotency-Key) maakt geen tweede bezoek."
        ),
        request=serializers.BezoekAanmaakSerializer,
        responses={201: serializers.BezoekSerializer, **FOUTEN},
        parameters=[IDEMPOTENTIE_PARAMETER],
    ),
)
class BezoekLijst(AanmaakMixin, BezoekBasis, generics.ListAPIView):
    """List visits, or log a visit from the field app."""

    filterset_class = filters.BezoekFilter
    aanmaak_scope = Scope.BEZOEKEN_AANMAKEN
    aanmaak_permissie = "controles.add_bezoek"
    invoer_serializer_class = serializers.BezoekAanmaakSerializer

    def maak(self, gegevens: dict):
        antwoorden = {a["vraag"]: a["antwoord"] for a in gegevens.pop("antwoorden", [])}
        bezoek, _aangemaakt = bezoek_registreer(door=self.request.user, antwoorden=antwoorden, **gegevens)
        return bezoek


@extend_schema(summary=_("Bezoek"), responses={200: serializers.BezoekSerializer, **LEES_FOUTEN})
class BezoekDetail(BezoekBasis, generics.RetrieveAPIView):
    """One visit with its checklist answers."""


# --- actieplan ------------------------------------------------------------------------------


class ActieBasis(ApiView):
    model = Actie
    lees_permissie = "actieplan.view_actie"
    serializer_class = serializers.ActieSerializer
    filterset_class = filters.ActieFilter

    def basis_queryset(self):
        return Actie.objects.select_related("plan", "thema").prefetch_related("gemeenten")


@extend_schema(summary=_("Acties"), responses={200: serializers.ActieSerializer(many=True), **LEES_FOUTEN})
class ActieLijst(ActieBasis, generics.ListAPIView):
    """Actions of the plans of the caller's municipalities."""


@extend_schema(summary=_("Actie"), responses={200: serializers.ActieSerializer, **LEES_FOUTEN})
class ActieDetail(ActieBasis, generics.RetrieveAPIView):
    """One action."""


class UitgaveBasis(ApiView):
    model = Uitgave
    lees_permissie = "actieplan.view_uitgave"
    serializer_class = serializers.UitgaveSerializer
    filterset_class = filters.UitgaveFilter


@extend_schema(summary=_("Uitgaven"), responses={200: serializers.UitgaveSerializer(many=True), **LEES_FOUTEN})
class UitgaveLijst(UitgaveBasis, generics.ListAPIView):
    """Actual spending of the caller's municipalities."""


@extend_schema(summary=_("Uitgave"), responses={200: serializers.UitgaveSerializer, **LEES_FOUTEN})
class UitgaveDetail(UitgaveBasis, generics.RetrieveAPIView):
    """One spending line."""
