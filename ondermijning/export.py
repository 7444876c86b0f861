"""Tabular exports (CSV and XLSX) shared by every app, safe against formula injection."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_cel(waarde):
    """Neutralise a text cell that a spreadsheet would run as a formula (=, +, -, @): prefix a quote."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + waarde
    return waarde


def csv_antwoord(bestandsnaam: str, kolommen: Sequence[str], rijen: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (semicolon separated, UTF-8 with BOM so Excel in Dutch opens it right)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(kolommen)
    for rij in rijen:
        schrijver.writerow([veilige_cel(w) for w in rij])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.csv"'
    return response


def xlsx_antwoord(
    bestandsnaam: str, kolommen: Sequence[str], rijen: Iterable[Sequence], titel: str = ""
) -> HttpResponse:
    """An XLSX download made with openpyxl, header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    werkboek = Workbook(write_only=False)
    blad = werkboek.active
    blad.title = (titel or bestandsnaam)[:31]
    blad.append(list(kolommen))
    for cel in blad[1]:
        cel.font = Font(bold=True)
    blad.freeze_panes = "A2"
    for rij in rijen:
        blad.append([veilige_cel(w) for w in rij])
    buffer = io.BytesIO()
    werkboek.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.xlsx"'
    return response
