"""Money in Dutch notation: the one parser every money field uses (web forms, API), and the display.

Accepted, with or without "€"/"EUR" and spaces: 1.250,50 / 1250,50 / 1250.50 / 1.250 / 25,-.

Ambiguity rule: a comma is always the decimal separator, so dots before it are thousands
separators (in groups of three). Without a comma a dot is a thousands separator when it is
followed by exactly three digits in valid groups ("1.250" is 1250, "1.250.000" is 1250000, as a
Dutch user means it), and a decimal point only when one or two digits follow ("1250.50",
"1250.5"). Anything else ("1,250.50", "12.50,00", "0.125") is refused rather than guessed.
"""

import re
from decimal import Decimal

_GROEPEN = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_CIJFERS = re.compile(r"[0-9]+")
_PUNT_DECIMAAL = re.compile(r"([0-9]+)\.([0-9]{1,2})")
_VALUTA = re.compile(r"^(?:€|eur(?:o)?)|(?:€|eur(?:o)?)$", re.IGNORECASE)


def bedrag_uit_tekst(tekst) -> Decimal:
    """The exact Decimal for an amount as a Dutch user types it; ValueError when it is not one."""
    if isinstance(tekst, bool):
        raise ValueError(tekst)
    if isinstance(tekst, Decimal | int):
        return Decimal(tekst)
    if isinstance(tekst, float):  # a JSON number from the API: its shortest repr, never binary noise
        return Decimal(repr(tekst))
    schoon = _VALUTA.sub("", re.sub(r"\s", "", str(tekst)))
    teken = ""
    if schoon.startswith("-"):
        teken, schoon = "-", schoon[1:]
    if schoon.endswith(",-"):
        schoon = schoon[:-2]
    geheel, decimalen = schoon, ""
    if "," in schoon:
        geheel, _komma, decimalen = schoon.partition(",")
        if not _CIJFERS.fullmatch(decimalen):
            raise ValueError(tekst)
    elif punt := _PUNT_DECIMAAL.fullmatch(schoon):
        geheel, decimalen = punt.groups()
    if "." in geheel:
        if not _GROEPEN.fullmatch(geheel):
            raise ValueError(tekst)
        geheel = geheel.replace(".", "")
    if not _CIJFERS.fullmatch(geheel):
        raise ValueError(tekst)
    return Decimal(f"{teken}{geheel}.{decimalen}" if decimalen else f"{teken}{geheel}")


def geld(bedrag: Decimal) -> str:
    """Dutch money notation without symbol: 3.700,00."""
    tekst = f"{bedrag:,.2f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")
