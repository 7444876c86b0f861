"""Reading a CSV or XLSX batch of signals (MMA, a partner) into rows, and a row into service arguments.

Reading only turns a file into dictionaries of text; what a row means is checked by
`rij_gegevens` (inside the import service), so the preview and the real import validate alike.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ondermijning.models import Gemeente
from signalen.models import Bron, Fenomeen, Prioriteit
from signalen.services import valideer_signaal

MAX_BYTES = 5 * 1024 * 1024
MAX_UITGEPAKT = 50 * 1024 * 1024
MAX_RIJEN = 500

KOLOMMEN = (
    "gemeente",
    "titel",
    "omschrijving",
    "bron",
    "ontvangen_op",
    "prioriteit",
    "fenomenen",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "bedrijf",
    "kvk_nummer",
    "persoon",
    "behandelaar",
)
VERPLICHT = ("gemeente", "titel", "omschrijving", "bron", "ontvangen_op")
# Per line: an empty title or description is the service's to refuse, with the web form's message.
VERPLICHT_PER_REGEL = ("gemeente", "bron", "ontvangen_op")


class BestandOnleesbaar(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


def _kolomnaam(kop) -> str:
    return re.sub(r"[\s-]+", "_", str(kop or "").strip().lower())


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        return waarde.date().isoformat()
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


def _rijen(kop: list, regels) -> list[dict]:
    namen = [_kolomnaam(k) for k in kop]
    ontbrekend = [k for k in VERPLICHT if k not in namen]
    if ontbrekend:
        raise BestandOnleesbaar(
            _("Deze kolommen ontbreken in de eerste regel: %(kolommen)s.") % {"kolommen": ", ".join(ontbrekend)}
        )
    rijen = []
    for regelnummer, waarden in regels:
        waarden = list(waarden)
        if not any(_tekst(w) for w in waarden):
            continue
        rij = {naam: _tekst(waarde) for naam, waarde in zip(namen, waarden, strict=False) if naam in KOLOMMEN}
        rij["regel"] = regelnummer
        rijen.append(rij)
        if len(rijen) > MAX_RIJEN:
            raise BestandOnleesbaar(_("Een import mag hoogstens %(max)d signalen bevatten.") % {"max": MAX_RIJEN})
    if not rijen:
        raise BestandOnleesbaar(_("Het bestand bevat geen signalen."))
    return rijen


def lees_bestand(bestand) -> list[dict]:
    """The rows of an uploaded .csv or .xlsx file as {kolom: tekst, "regel": n}."""
    if bestand.size > MAX_BYTES:
        raise BestandOnleesbaar(_("Het bestand is groter dan 5 MB."))
    naam = (bestand.name or "").lower()
    inhoud = bestand.read()
    if naam.endswith(".xlsx"):
        return _lees_xlsx(inhoud)
    if naam.endswith(".csv"):
        return _lees_csv(inhoud)
    raise BestandOnleesbaar(_("Kies een .csv- of .xlsx-bestand."))


def _lees_csv(inhoud: bytes) -> list[dict]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = inhoud.decode("cp1252", errors="replace")
    eerste_regel = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste_regel.count(";") > eerste_regel.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding)
    try:
        kop = next(lezer)
    except StopIteration as fout:
        raise BestandOnleesbaar(_("Het bestand is leeg.")) from fout
    except csv.Error as fout:
        raise BestandOnleesbaar(_("Dit CSV-bestand is niet te lezen.")) from fout
    try:
        return _rijen(kop, ((lezer.line_num, regel) for regel in lezer))
    except csv.Error as fout:
        raise BestandOnleesbaar(_("Dit CSV-bestand is niet te lezen.")) from fout


def _controleer_xlsx_inhoud(inhoud: bytes) -> None:
    """By content, not by name: an .xlsx is a zip with a workbook, and unpacks to a sane size
    (a small zip can expand to gigabytes of XML before openpyxl reads a single row)."""
    if not inhoud.startswith(b"PK\x03\x04"):
        raise BestandOnleesbaar(_("Dit Excel-bestand is niet te lezen; sla het op als .xlsx."))
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            onderdelen = archief.infolist()
    except zipfile.BadZipFile as fout:
        raise BestandOnleesbaar(_("Dit Excel-bestand is niet te lezen; sla het op als .xlsx.")) from fout
    if not any(o.filename == "xl/workbook.xml" for o in onderdelen):
        raise BestandOnleesbaar(_("Dit Excel-bestand is niet te lezen; sla het op als .xlsx."))
    if sum(o.file_size for o in onderdelen) > MAX_UITGEPAKT:
        raise BestandOnleesbaar(_("Dit Excel-bestand is uitgepakt te groot om in te lezen."))


def _lees_xlsx(inhoud: bytes) -> list[dict]:
    from openpyxl import load_workbook  # lazy: only an XLSX import needs it

    _controleer_xlsx_inhoud(inhoud)
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except Exception as fout:  # openpyxl raises many kinds for a damaged or foreign file
        raise BestandOnleesbaar(_("Dit Excel-bestand is niet te lezen; sla het op als .xlsx.")) from fout
    try:
        blad = boek.worksheets[0]
        regels = blad.iter_rows(values_only=True)
        kop = next(regels, None)
        if kop is None:
            raise BestandOnleesbaar(_("Het bestand is leeg."))
        return _rijen(list(kop), ((nummer, regel) for nummer, regel in enumerate(regels, start=2)))
    finally:
        boek.close()


def _datum(tekst: str) -> datetime.date:
    for formaat in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(tekst, formaat).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValidationError({"ontvangen_op": _("Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-03-2024.")})


def _keuze(tekst: str, keuzes, veld: str, melding: str):
    for waarde, label in keuzes:
        if tekst.lower() in (str(waarde).lower(), str(label).lower()):
            return waarde
    raise ValidationError({veld: melding})


def rij_gegevens(rij: dict) -> dict:
    """One row as keyword arguments for `signaal_extern_registreer`; ValidationError per column otherwise."""
    fouten: dict[str, str] = {}
    for kolom in VERPLICHT_PER_REGEL:
        if not rij.get(kolom):
            fouten[kolom] = _("Dit veld is verplicht.")
    if fouten:
        raise ValidationError(fouten)
    gegevens: dict = {"titel": rij.get("titel", ""), "omschrijving": rij.get("omschrijving", "")}
    meldingen: dict[str, list[str]] = {}

    def probeer(func):
        try:
            return func()
        except ValidationError as fout:
            for veld, lijst in fout.message_dict.items():
                meldingen.setdefault(veld, []).extend(lijst)
            return None

    naam = rij["gemeente"]
    gemeente = Gemeente.objects.filter(Q(naam__iexact=naam) | Q(cbs_code__iexact=naam)).first()
    if gemeente is None:
        meldingen["gemeente"] = [_("Onbekende gemeente '%(naam)s'.") % {"naam": naam[:50]}]
    gegevens["gemeente"] = gemeente
    gegevens["bron"] = probeer(
        lambda: _keuze(rij["bron"], Bron.choices, "bron", _("Onbekende bron; gebruik bijvoorbeeld 'mma' of 'politie'."))
    )
    gegevens["ontvangen_op"] = probeer(lambda: _datum(rij["ontvangen_op"]))
    if rij.get("prioriteit"):
        gegevens["prioriteit"] = probeer(
            lambda: _keuze(rij["prioriteit"], Prioriteit.choices, "prioriteit", _("Kies hoog, normaal of laag."))
        )
    if rij.get("fenomenen"):
        namen = [n.strip() for n in re.split(r"[;,|]", rij["fenomenen"]) if n.strip()]
        gevonden = {f.naam.lower(): f for f in Fenomeen.objects.filter(actief=True)}
        onbekend = [n for n in namen if n.lower() not in gevonden]
        if onbekend:
            meldingen["fenomenen"] = [_("Onbekend fenomeen: %(namen)s.") % {"namen": ", ".join(onbekend)[:100]}]
        gegevens["fenomenen"] = [gevonden[n.lower()] for n in namen if n.lower() in gevonden]
    adresvelden = ("straat", "huisnummer", "postcode", "plaats")
    if any(rij.get(k) for k in adresvelden):
        gegevens["adressen"] = [{k: rij.get(k, "") for k in adresvelden}]
    if rij.get("bedrijf") or rij.get("kvk_nummer"):
        gegevens["bedrijven"] = [{"naam": rij.get("bedrijf", ""), "kvk_nummer": rij.get("kvk_nummer", "")}]
    if rij.get("persoon"):
        gegevens["personen"] = [{"naam": rij["persoon"]}]
    # The signal's own rules (signalen.services), so that a line shows all its errors at once.
    try:
        valideer_signaal(
            titel=gegevens["titel"], omschrijving=gegevens["omschrijving"], ontvangen_op=gegevens["ontvangen_op"]
        )
    except ValidationError as fout:
        for veld, lijst in fout.message_dict.items():
            meldingen.setdefault(veld, lijst)
    if rij.get("behandelaar"):
        gegevens["behandelaar"] = rij["behandelaar"]
    if meldingen:
        raise ValidationError(meldingen)
    return gegevens
