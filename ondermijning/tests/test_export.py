"""The one CSV and XLSX writer every export uses (register, signal list, budget)."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from ondermijning.export import Blad, csv_regels, xlsx_inhoud


def test_csv_regels_met_bom_puntkomma_datum_en_zonder_formules():
    regels = list(csv_regels(["Naam", "Datum"], [["=HYPERLINK(1)", datetime.date(2024, 3, 4)]]))
    assert regels[0].startswith("\ufeff")
    rijen = list(csv.reader(io.StringIO("".join(regels).lstrip("\ufeff")), delimiter=";"))
    assert rijen == [["Naam", "Datum"], ["'=HYPERLINK(1)", "04-03-2024"]]


def test_xlsx_inhoud_bladen_met_vette_kop_formaten_en_zonder_formules():
    inhoud = xlsx_inhoud(
        Blad("Eerste", ["Bedrag", "Tekst"], [[Decimal("12.50"), "+31 6"]], formaten={0: "#,##0.00"}),
        Blad("Tweede", ["Datum"], [[datetime.date(2024, 3, 4)]], formaten={0: "DD-MM-YYYY"}),
    )
    boek = load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames == ["Eerste", "Tweede"]
    eerste = boek["Eerste"]
    assert eerste["A1"].font.bold and eerste.freeze_panes == "A2"
    assert eerste["A2"].value == 12.5 and eerste["A2"].number_format == "#,##0.00"
    assert eerste["B2"].value == "'+31 6"
    assert boek["Tweede"]["A2"].number_format == "DD-MM-YYYY"
