"""The one rule for when two subjects are the same: what identifies an address, business or person.

A subject is reused only on an exact match of its identifying fields, normalised:
- an address: street (case, spaces, diacritics and punctuation ignored) + house number with its
  addition + postcode;
- a business: its KVK number (a name is not an identifier: two businesses may share it);
- a person: name + date of birth (a name alone is not an identifier).

Anything less is a *near match* (same postcode and number in another street, the same name with
another or no date of birth, a similar business name): a candidate the user may choose, never
applied silently. The services (web form, API, import) and "ook bekend in" all use this module.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date

from django.db.models import Q

from signalen.models import Adres, Bedrijf, Persoon, normaliseer_postcode

# `keuze` of a koppel service: None (ask on a near match), NIEUW (a new subject despite a near
# match), or the pk of one of the near matches. An exact match is always reused.
NIEUW = "nieuw"
# Similar enough to ask "Bedoelt u ...?" (difflib ratio of the normalised names).
GELIJKENIS = 0.85
MAX_KANDIDATEN = 5


def normaliseer_tekst(tekst: str) -> str:
    """'  Rijksweg-Zuid ' and 'rijksweg zuid' and 'Rïjksweg Zuid' are the same text."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w]+", " ", zonder_accenten.casefold()).split())


def normaliseer_huisnummer(huisnummer: str) -> str:
    """'12a', '12 A' and '12-a' are the same number with the same addition."""
    return re.sub(r"[\s\-/]+", "", (huisnummer or "").upper())


def _basisnummer(huisnummer: str) -> str:
    gevonden = re.match(r"\d+", normaliseer_huisnummer(huisnummer))
    return gevonden.group() if gevonden else ""


def adres_sleutel(*, straat: str, huisnummer: str, postcode: str) -> tuple[str, str, str]:
    """What identifies an address."""
    return normaliseer_tekst(straat), normaliseer_huisnummer(huisnummer), normaliseer_postcode(postcode or "")


def persoon_sleutel(*, naam: str, geboortedatum: date | None) -> tuple[str, date] | None:
    """What identifies a person; None without a date of birth (a name alone identifies no one)."""
    return (normaliseer_tekst(naam), geboortedatum) if geboortedatum else None


def _lijkt_op(a: str, b: str) -> bool:
    a, b = normaliseer_tekst(a), normaliseer_tekst(b)
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= GELIJKENIS)


def _woord_filter(naam: str) -> Q:
    """The longest word of a name (as typed and without accents), to narrow candidates in the
    database before comparing normalised names in Python."""
    woorden = sorted((w for w in re.split(r"[^\w]+", naam or "") if w), key=len, reverse=True)
    woord = woorden[0][:20] if woorden else (naam or "")
    return Q(naam__icontains=woord) | Q(naam__icontains=normaliseer_tekst(woord))


def adres_zoek(*, gemeente, straat: str, huisnummer: str, postcode: str) -> tuple[Adres | None, list[Adres]]:
    """The municipality's address that is exactly this one (or None), and the near matches."""
    sleutel = adres_sleutel(straat=straat, huisnummer=huisnummer, postcode=postcode)
    exact, bijna = None, []
    # The postcode narrows it to a handful of rows (index); the normalised comparison is in Python.
    for adres in Adres.objects.filter(gemeente=gemeente, postcode=sleutel[2]).order_by("pk"):
        kandidaat = adres_sleutel(straat=adres.straat, huisnummer=adres.huisnummer, postcode=adres.postcode)
        if kandidaat == sleutel:
            exact = exact or adres
        elif _basisnummer(adres.huisnummer) == _basisnummer(huisnummer):
            # Same postcode and number in another street, or another addition: ask, never assume.
            bijna.append(adres)
    return exact, bijna[:MAX_KANDIDATEN]


def bedrijf_zoek(*, gemeente, naam: str, kvk_nummer: str = "") -> tuple[Bedrijf | None, list[Bedrijf]]:
    """The municipality's business with this KVK number (or None), and businesses with a similar name."""
    kvk_nummer = (kvk_nummer or "").strip()
    exact = None
    if kvk_nummer:
        exact = Bedrijf.objects.filter(gemeente=gemeente, kvk_nummer=kvk_nummer).order_by("pk").first()
    if exact is not None:
        return exact, []
    vergelijkbaar = Bedrijf.objects.filter(_woord_filter(naam), gemeente=gemeente).order_by("pk")
    bijna = [b for b in vergelijkbaar[:50] if _lijkt_op(b.naam, naam)]
    return None, bijna[:MAX_KANDIDATEN]


def persoon_zoek(*, gemeente, naam: str, geboortedatum: date | None) -> tuple[Persoon | None, list[Persoon]]:
    """The municipality's person with this name and date of birth (or None), and the near matches."""
    sleutel = persoon_sleutel(naam=naam, geboortedatum=geboortedatum)
    exact, bijna = None, []
    zelfde_dag = Q(geboortedatum=geboortedatum) if geboortedatum else Q(pk__in=[])
    vergelijkbaar = Persoon.objects.filter(zelfde_dag | _woord_filter(naam), gemeente=gemeente).order_by("pk")
    for persoon in vergelijkbaar[:50]:
        if sleutel is not None and persoon_sleutel(naam=persoon.naam, geboortedatum=persoon.geboortedatum) == sleutel:
            exact = exact or persoon
        elif _lijkt_op(persoon.naam, naam):
            bijna.append(persoon)
    return exact, bijna[:MAX_KANDIDATEN]
