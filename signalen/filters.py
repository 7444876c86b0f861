"""Filters of the signal list (django-filter): everything lives in the URL, so a view is bookmarkable."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ondermijning.models import Gebruiker, Gemeente
from ondermijning.scoping import gemeente_ids
from signalen.models import Adres, Bedrijf, Bron, Fenomeen, Prioriteit, Signaal, SignaalStatus
from signalen.selectors import behandelaars_van, mag_persoonsgegevens_zien

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def behandelaars_voor(gebruiker):
    """Policy officers working for one of the user's municipalities."""
    return behandelaars_van(gemeente_ids(gebruiker))


# What the receipt and every page show: S-00059. Typed as S-00059, s-59, S59, 00059 or 59.
SIGNAALNUMMER = re.compile(r"(?:s-?)?0*([0-9]{1,12})", re.IGNORECASE)


def _nummer(woord: str) -> Q:
    """The signal with this number, when the word is one; nothing otherwise."""
    gevonden = SIGNAALNUMMER.fullmatch(woord)
    return Q(pk=int(gevonden.group(1))) if gevonden else Q(pk__in=[])


def zoek(queryset, term: str):
    """Every word of `term` as a part of the search text (or as the signal number), on every database.

    The same signals on SQLite and PostgreSQL for the same data ("hennep" and "kwekerij" find
    "hennepkwekerij"): `woorddeel` is `icontains`, which PostgreSQL answers from the stored
    vector of word parts (migration 0017) for words of letters and digits, so a KVK number,
    postcode or name is one GIN lookup at 1,000,000 signals, and from the trigram index on
    UPPER(zoektekst) (migration 0013) for the rest.
    """
    for woord in term.split():
        queryset = queryset.filter(Q(zoektekst__woorddeel=woord) | _nummer(woord))
    return queryset


def zoek_zonder_personen(queryset, term: str):
    """Search for roles without need-to-know on persons: title, description, addresses and
    businesses, never person names (a hit on a name would tell who a signal is about)."""
    for woord in term.split():
        adressen = Adres.objects.filter(
            Q(straat__icontains=woord) | Q(postcode__icontains=woord) | Q(plaats__icontains=woord)
        )
        bedrijven = Bedrijf.objects.filter(Q(naam__icontains=woord) | Q(kvk_nummer=woord))
        queryset = queryset.filter(
            Q(titel__icontains=woord)
            | Q(omschrijving__icontains=woord)
            | _nummer(woord)
            | Q(pk__in=Signaal.adressen.through.objects.filter(adres__in=adressen).values("signaal_id"))
            | Q(pk__in=Signaal.bedrijven.through.objects.filter(bedrijf__in=bedrijven).values("signaal_id"))
        )
    return queryset


class SignaalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("Woord, deel van een woord of nummer (S-00059)")}),
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=Gemeente.objects.none(), empty_label=_("Alle")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SignaalStatus.choices, empty_label=_("Alle"))
    fenomeen = django_filters.ModelChoiceFilter(
        label=_("Fenomeen"), queryset=Fenomeen.objects.all(), method="filter_fenomeen", empty_label=_("Alle")
    )
    bron = django_filters.ChoiceFilter(label=_("Bron"), choices=Bron.choices, empty_label=_("Alle"))
    van = django_filters.DateFilter(
        label=_("Ontvangen vanaf"), field_name="ontvangen_op", lookup_expr="gte", widget=DATUM
    )
    tot = django_filters.DateFilter(
        label=_("Ontvangen tot en met"), field_name="ontvangen_op", lookup_expr="lte", widget=DATUM
    )
    behandelaar = django_filters.ModelChoiceFilter(
        label=_("Behandelaar"), queryset=Gebruiker.objects.none(), empty_label=_("Alle")
    )
    prioriteit = django_filters.ChoiceFilter(label=_("Prioriteit"), choices=Prioriteit.choices, empty_label=_("Alle"))
    sorteer = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("ontvangen_op", "ontvangen"),
            ("titel", "titel"),
            ("status", "status"),
            ("prioriteit", "prioriteit"),
            ("gemeente__naam", "gemeente"),
            ("updated_at", "gewijzigd"),
        ),
        field_labels={
            "ontvangen": _("Ontvangen (oud-nieuw)"),
            "-ontvangen": _("Ontvangen (nieuw-oud)"),
            "titel": _("Titel (A-Z)"),
            "-titel": _("Titel (Z-A)"),
            "status": _("Status"),
            "-status": _("Status (omgekeerd)"),
            "prioriteit": _("Prioriteit (hoog eerst)"),
            "-prioriteit": _("Prioriteit (laag eerst)"),
            "gemeente": _("Gemeente"),
            "-gemeente": _("Gemeente (omgekeerd)"),
            "gewijzigd": _("Laatst gewijzigd (oud-nieuw)"),
            "-gewijzigd": _("Laatst gewijzigd (nieuw-oud)"),
        },
        empty_label=_("Standaard (nieuwste eerst)"),
    )

    class Meta:
        model = Signaal
        fields = ["q", "gemeente", "status", "fenomeen", "bron", "van", "tot", "behandelaar", "prioriteit"]

    def __init__(self, data=None, queryset=None, *, gebruiker=None, **kwargs):
        """`gebruiker` (or the request's user) scopes the choices; an export builder passes it without a request."""
        super().__init__(data, queryset, **kwargs)
        self.gebruiker = gebruiker or getattr(self.request, "user", None)
        if self.gebruiker is not None:
            self.filters["gemeente"].queryset = Gemeente.objects.voor_gebruiker(self.gebruiker)
            self.filters["behandelaar"].queryset = behandelaars_voor(self.gebruiker)

    def filter_q(self, queryset, name, value):
        if self.gebruiker is not None and not mag_persoonsgegevens_zien(self.gebruiker):
            return zoek_zonder_personen(queryset, value)
        return zoek(queryset, value)

    def filter_fenomeen(self, queryset, name, value):
        # A subquery, not a join: a signal with two phenomena must not appear twice.
        return queryset.filter(pk__in=Signaal.fenomenen.through.objects.filter(fenomeen=value).values("signaal_id"))

    @property
    def form(self):
        """The filter bar's form with Bootstrap classes on the widgets, rendered plainly (no crispy:
        its ten fields cost a fifth of the list page, issue 21)."""
        if not hasattr(self, "_form"):
            for veld in super().form.fields.values():
                klasse = "form-select" if isinstance(veld.widget, forms.Select) else "form-control"
                veld.widget.attrs["class"] = klasse
        return self._form

    @property
    def qs(self):
        qs = super().qs
        # A stable order: ties (same date) ordered by id, so pages never overlap. The id runs in the
        # direction of the first key, so the (column, id) indexes serve every sort in both directions.
        volgorde = qs.query.order_by or ("-ontvangen_op",)
        eerste = volgorde[0]
        aflopend = eerste.startswith("-") if isinstance(eerste, str) else getattr(eerste, "descending", False)
        return qs.order_by(*volgorde, "-pk" if aflopend else "pk")
