"""Export builders of signalen: plain functions of (gebruiker, parameters), used by the page's view
and by the background job alike (registered in SignalenConfig.ready, see ondermijning/export.py).

Each loads through the user's scoped QuerySets, refuses what the user may not have and writes its
own audit event; none knows about HTTP.
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ondermijning import audit
from ondermijning.export import Bestand, ExportSoort, als_querydict, registreer_export, veilige_cel
from ondermijning.models import AuditActie
from ondermijning.pdf import render_pdf
from ondermijning.scoping import gemeente_ids
from signalen.filters import SignaalFilter
from signalen.models import Overleg, Signaal
from signalen.selectors import agendapunten_gelezen, zichtbare_agendapunten

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _rij(s: Signaal) -> list:
    return [
        s.nummer,
        s.gemeente.naam,
        s.titel,
        s.get_bron_display(),
        s.ontvangen_op,
        ", ".join(f.naam for f in s.fenomenen.all()),
        s.get_prioriteit_display(),
        s.get_status_display(),
        (s.behandelaar.get_full_name() or s.behandelaar.username) if s.behandelaar else "",
        s.get_afsluitreden_display(),
    ]


def signalenlijst(*, gebruiker, parameters, formaat: str, voortgang=None) -> Bestand:
    """The filtered list as CSV or XLSX (no descriptions, no subjects: data minimisation); audited."""
    alleen_gemeentelijk(gebruiker)
    if formaat not in ("csv", "xlsx"):
        raise Http404
    signalen = list(signalenlijst_filter(gebruiker=gebruiker, parameters=parameters).qs)
    if voortgang:
        voortgang(50)
    rijen = [_kolommen(), *(_rij(s) for s in signalen)]
    naam = f"signalen-{timezone.localdate():%Y%m%d}.{formaat}"
    if formaat == "csv":
        uit = io.StringIO()
        schrijver = csv.writer(uit, delimiter=";")
        for rij in rijen:
            schrijver.writerow([f"{w:%d-%m-%Y}" if hasattr(w, "strftime") else veilige_cel(w) for w in rij])
        # BOM so Excel opens the UTF-8 file with the right characters.
        bestand = Bestand(("\ufeff" + uit.getvalue()).encode(), naam, "text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook  # lazy: only an XLSX export needs it

        boek = Workbook()
        blad = boek.active
        blad.title = _("Signalen")
        for rij in rijen:
            blad.append([veilige_cel(w) for w in rij])
        for cel in blad["E"][1:]:
            cel.number_format = "DD-MM-YYYY"
        blad.freeze_panes = "A2"
        uit = io.BytesIO()
        boek.save(uit)
        bestand = Bestand(uit.getvalue(), naam, XLSX)
    audit.log(
        actie=AuditActie.EXPORT,
        actor=gebruiker,
        object_type="signalen.signaal",
        toelichting=f"signalenlijst {formaat}, {len(signalen)} rijen",
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
