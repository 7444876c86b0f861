"""Export builders of signalen: plain functions of (gebruiker, parameters), used by the page's view
and by the background job alike (registered in SignalenConfig.ready, see ondermijning/export.py).

Each loads through the user's scoped QuerySets, refuses what the user may not have and writes its
own audit event; none knows about HTTP.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ondermijning import audit
from ondermijning.export import (
    XLSX,
    Bestand,
    Blad,
    ExportSoort,
    als_querydict,
    csv_regels,
    registreer_export,
    xlsx_inhoud,
)
from ondermijning.models import AuditActie
from ondermijning.pdf import render_pdf
from ondermijning.scoping import gemeente_ids
from signalen.filters import SignaalFilter
from signalen.models import Afsluitreden, Bron, Overleg, Prioriteit, Signaal, SignaalStatus
from signalen.selectors import agendapunten_gelezen, zichtbare_agendapunten


def alleen_gemeentelijk(gebruiker) -> None:
    """The signal list and its exports are for municipal users only, never for partners."""
    if gebruiker.is_ketenpartner or not gemeente_ids(gebruiker):
        raise PermissionDenied


# --- the signalenlijst (CSV, XLSX) ------------------------------------------------------------


def signalenlijst_filter(*, gebruiker, parameters) -> SignaalFilter:
    """The signal list as the user filtered it (parameters: the list page's query string)."""
    basis = (
        Signaal.objects.voor_gebruiker(gebruiker)
        .select_related("gemeente", "behandelaar")
        .prefetch_related("fenomenen")
    )
    return SignaalFilter(als_querydict(parameters) or None, queryset=basis, gebruiker=gebruiker)


def _kolommen() -> list[str]:
    return [
        _("Nummer"),
        _("Gemeente"),
        _("Titel"),
        _("Bron"),
        _("Ontvangen op"),
        _("Fenomenen"),
        _("Prioriteit"),
        _("Status"),
        _("Behandelaar"),
        _("Afsluitreden"),
    ]


EXPORT_VELDEN = (
    "pk", "gemeente__naam", "titel", "bron", "ontvangen_op", "prioriteit", "status",
    "behandelaar__first_name", "behandelaar__last_name", "behandelaar__username", "afsluitreden",
)  # fmt: skip
EXPORT_BLOK = 2000


def _export_rijen(gefilterd):
    """The export rows: plain tuples read in blocks (`.iterator()`, no model instances), the
    phenomena of each block in one query, labels from dicts built once. At 100,000 rows a model
    instance and a prefetch manager per row cost more than everything else together (issue 21)."""
    bron, prioriteit, status, afsluitreden = (
        {waarde: str(label) for waarde, label in keuzes.choices}
        for keuzes in (Bron, Prioriteit, SignaalStatus, Afsluitreden)
    )
    rijen = gefilterd.prefetch_related(None).values_list(*EXPORT_VELDEN)
    blok = []
    for rij in rijen.iterator(chunk_size=EXPORT_BLOK):
        blok.append(rij)
        if len(blok) == EXPORT_BLOK:
            yield from _export_blok(blok, bron, prioriteit, status, afsluitreden)
            blok = []
    yield from _export_blok(blok, bron, prioriteit, status, afsluitreden)


def _export_blok(blok, bron, prioriteit, status, afsluitreden):
    fenomenen = {}
    koppelingen = (
        Signaal.fenomenen.through.objects.filter(signaal_id__in=[rij[0] for rij in blok])
        .order_by("fenomeen__naam")
        .values_list("signaal_id", "fenomeen__naam")
    )
    for signaal_id, naam in koppelingen if blok else ():
        fenomenen.setdefault(signaal_id, []).append(naam)
    for pk, gemeente, titel, b, ontvangen, p, st, voornaam, achternaam, gebruikersnaam, reden in blok:
        # Gebruiker.get_full_name(), or the user name; nothing without a handler (a LEFT JOIN of NULLs).
        naam = (f"{voornaam} {achternaam}".strip() or gebruikersnaam) if gebruikersnaam is not None else ""
        yield [
            f"S-{pk:05d}",  # Signaal.nummer
            gemeente,
            titel,
            bron.get(b, b),
            ontvangen,
            ", ".join(fenomenen.get(pk, ())),
            prioriteit.get(p, ""),
            status.get(st, st),
            naam,
            afsluitreden.get(reden, reden),
        ]


def signalenlijst(*, gebruiker, parameters, formaat: str, voortgang=None) -> Bestand:
    """The filtered list as CSV (streamed) or XLSX (no descriptions, no subjects: data minimisation); audited."""
    alleen_gemeentelijk(gebruiker)
    if formaat not in ("csv", "xlsx"):
        raise Http404
    gefilterd = signalenlijst_filter(gebruiker=gebruiker, parameters=parameters).qs
    aantal = gefilterd.count()
    if voortgang:
        voortgang(50)
    naam = f"signalen-{timezone.localdate():%Y%m%d}.{formaat}"
    if formaat == "csv":
        # Streamed: 100,000 rows never sit in memory at once and the first bytes leave at once.
        bestand = Bestand(csv_regels(_kolommen(), _export_rijen(gefilterd)), naam, "text/csv; charset=utf-8")
    else:
        blad = Blad(_("Signalen"), _kolommen(), _export_rijen(gefilterd), formaten={4: "DD-MM-YYYY"})
        bestand = Bestand(xlsx_inhoud(blad), naam, XLSX)
    audit.log(
        actie=AuditActie.EXPORT,
        actor=gebruiker,
        object_type="signalen.signaal",
        toelichting=f"signalenlijst {formaat}, {aantal} rijen",
    )
    return bestand


def signalenlijst_xlsx(*, gebruiker, parameters, voortgang=None) -> Bestand:
    """The filtered signal list as XLSX."""
    return signalenlijst(gebruiker=gebruiker, parameters=parameters, formaat="xlsx", voortgang=voortgang)


def _signalenlijst_controleer(gebruiker, parameters):
    alleen_gemeentelijk(gebruiker)
    return None


# --- the agenda of an overleg (PDF) -----------------------------------------------------------


def _overleg(gebruiker, parameters) -> Overleg:
    try:
        pk = int(parameters.get("overleg", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        Overleg.objects.voor_gebruiker(gebruiker).prefetch_related("gemeenten", "organisaties"), pk=pk
    )


def overleg_agenda_pdf(*, gebruiker, parameters, voortgang=None) -> Bestand:
    """The agenda of an overleg as PDF (parameters: `overleg`), with only the items the user may see; audited."""
    overleg = _overleg(gebruiker, parameters)
    punten = zichtbare_agendapunten(gebruiker, overleg)
    if voortgang:
        voortgang(10)
    pdf = render_pdf(
        "signalen/pdf/agenda.html",
        {"overleg": overleg, "punten": punten, "datum": timezone.localdate(), "gebruiker": gebruiker},
    )
    audit.log(actie=AuditActie.EXPORT, actor=gebruiker, obj=overleg, toelichting=f"agenda pdf, {len(punten)} punten")
    agendapunten_gelezen(gebruiker, overleg, punten, AuditActie.EXPORT, "agenda-pdf")
    return Bestand(pdf, f"agenda-overleg-{overleg.datum:%Y%m%d}.pdf", "application/pdf")


def _overleg_controleer(gebruiker, parameters):
    _overleg(gebruiker, parameters)
    return None


class OverlegKeuze(forms.Form):
    overleg = forms.ChoiceField(label=gettext_lazy("Overleg"))

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        overleggen = Overleg.objects.voor_gebruiker(gebruiker).order_by("-datum", "-pk")[:30]
        self.fields["overleg"].choices = [(o.pk, str(o)) for o in overleggen]


def registreer() -> None:
    """Make signalen's long exports available as background jobs (called from SignalenConfig.ready)."""
    registreer_export(
        ExportSoort(
            code="signalenlijst-xlsx",
            titel=str(gettext_lazy("Signalenlijst (Excel)")),
            permissie="signalen.exporteer_signalen",
            maak=signalenlijst_xlsx,
            controleer=_signalenlijst_controleer,
        )
    )
    registreer_export(
        ExportSoort(
            code="overleg-agenda",
            titel=str(gettext_lazy("Agenda van een overleg (PDF)")),
            permissie="signalen.view_overleg",
            maak=overleg_agenda_pdf,
            controleer=_overleg_controleer,
            formulier=OverlegKeuze,
        )
    )
