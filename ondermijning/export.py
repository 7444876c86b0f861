"""Exports shared by every app: the registry of export kinds, the file a builder returns, and
tabular writers (CSV and XLSX) safe against formula injection.

An app's export is a plain builder in its `exports.py`, `<x>(*, gebruiker, parameters, voortgang=None)
-> Bestand`: it loads through the user's scoped QuerySets, writes its own audit event and knows
nothing of HTTP. The page's view and the background job (meldingen) both call it; the app registers
it once (`registreer_export`, from its AppConfig.ready) to make it available as a background job.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_cel(waarde):
    """Neutralise a text cell that a spreadsheet would run as a formula (=, +, -, @): prefix a quote."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + waarde
    return waarde


class _Regel:
    """A file-like object whose write() hands the line back: csv.writer into a stream."""

    def write(self, regel: str) -> str:
        return regel


def csv_regels(kolommen: Sequence[str], rijen: Iterable[Sequence]) -> Iterator[str]:
    """A CSV line by line: BOM (so Excel in Dutch opens UTF-8 right), header, rows (semicolon
    separated, dates as dd-mm-yyyy, formula-safe). Join it for a small file, stream it for a big one."""
    schrijver = csv.writer(_Regel(), delimiter=";")
    yield "\ufeff" + schrijver.writerow([str(k) for k in kolommen])
    for rij in rijen:
        yield schrijver.writerow([f"{w:%d-%m-%Y}" if hasattr(w, "strftime") else veilige_cel(w) for w in rij])


@dataclass(frozen=True)
class Blad:
    """One sheet of a workbook: its title, header, rows and a number format per column index."""

    titel: str
    kolommen: Sequence[str]
    rijen: Iterable[Sequence]
    formaten: Mapping[int, str] = field(default_factory=dict)


def xlsx_inhoud(*bladen: Blad) -> bytes:
    """An XLSX in openpyxl's write-only mode (rows go out as they come, not into a tree of cells):
    per sheet a bold, frozen header, formula-safe cells and the sheet's number formats."""
    # Lazy: openpyxl is only needed when a spreadsheet is made, not by every process that imports this.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    boek = Workbook(write_only=True)
    vet = Font(bold=True)
    for blad in bladen:
        werkblad = boek.create_sheet(str(blad.titel)[:31])
        werkblad.freeze_panes = "A2"
        kop = []
        for kolom in blad.kolommen:
            cel = WriteOnlyCell(werkblad, value=str(kolom))
            cel.font = vet
            kop.append(cel)
        werkblad.append(kop)
        for rij in blad.rijen:
            cellen = [veilige_cel(w) for w in rij]
            for index, formaat in blad.formaten.items():
                cel = WriteOnlyCell(werkblad, value=cellen[index])
                cel.number_format = formaat
                cellen[index] = cel
            werkblad.append(cellen)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def csv_antwoord(bestandsnaam: str, kolommen: Sequence[str], rijen: Iterable[Sequence]) -> HttpResponse:
    """A small CSV download (see csv_regels)."""
    response = HttpResponse("".join(csv_regels(kolommen, rijen)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.csv"'
    return response


def xlsx_antwoord(
    bestandsnaam: str, kolommen: Sequence[str], rijen: Iterable[Sequence], titel: str = ""
) -> HttpResponse:
    """A one-sheet XLSX download (see xlsx_inhoud)."""
    response = HttpResponse(xlsx_inhoud(Blad(titel or bestandsnaam, kolommen, rijen)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.xlsx"'
    return response


# --- what a builder returns -------------------------------------------------------------------


@dataclass(frozen=True)
class Bestand:
    """A finished export: its bytes (or, for a big CSV, an iterator of its lines), file name and content type."""

    inhoud: bytes | Iterator[str]
    naam: str
    content_type: str

    def als_antwoord(self, *, inline: bool = False) -> HttpResponse | StreamingHttpResponse:
        """The file as an HTTP download (or shown in the browser: PDFs); streamed when it is an iterator."""
        if isinstance(self.inhoud, bytes):
            response = HttpResponse(self.inhoud, content_type=self.content_type)
        else:
            response = StreamingHttpResponse(self.inhoud, content_type=self.content_type)
        response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{self.naam}"'
        return response


def als_querydict(parameters) -> QueryDict:
    """A job's parameters (one value or a list per name, as JSON stores them) as the QueryDict a filter reads."""
    if isinstance(parameters, QueryDict):
        return parameters
    querydict = QueryDict(mutable=True)
    for naam, waarde in dict(parameters or {}).items():
        querydict.setlist(naam, [str(w) for w in (waarde if isinstance(waarde, list | tuple) else [waarde])])
    return querydict


# --- the registry of background exports -------------------------------------------------------


@dataclass(frozen=True)
class ExportSoort:
    """One export that can run as a background job.

    `maak(*, gebruiker, parameters, voortgang)` is the app's builder and returns a Bestand;
    `controleer(gebruiker, parameters)` raises PermissionDenied, Http404 or ValidationError when the
    user may not have it (at the request AND again when the job runs) and returns the municipality
    the export is about (or None); `formulier` is the small form of its parameters on the export page.
    """

    code: str
    titel: str
    permissie: str
    maak: Callable[..., Bestand]
    controleer: Callable
    formulier: type | None = None


EXPORTS: dict[str, ExportSoort] = {}


def registreer_export(soort: ExportSoort) -> ExportSoort:
    """Make an export kind available as a background job (idempotent)."""
    EXPORTS[soort.code] = soort
    return soort


def definitie(code: str) -> ExportSoort:
    try:
        return EXPORTS[code]
    except KeyError:
        raise ValidationError(_("Deze export bestaat niet.")) from None


def naar_achtergrond(request, *, soort: str, parameters, aantal: int):
    """A redirect to the background job page when an export is too big for a request, else None.

    Thresholds: settings.EXPORT_ACHTERGROND_VANAF. The job (meldingen) calls the same builder.
    """
    if aantal < settings.EXPORT_ACHTERGROND_VANAF[soort]:
        return None
    messages.info(
        request,
        _("Deze export is groot (%(aantal)s) en wordt op de achtergrond gemaakt. U krijgt een downloadlink.")
        % {"aantal": aantal},
    )
    return redirect(f"{reverse('meldingen:export_aanvragen', args=[soort])}?{urlencode(parameters, doseq=True)}")
