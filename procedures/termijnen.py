"""Term computation for procedure steps: one module, one rule each.

A term runs from a date (the day of the step it counts from) and is given in days or weeks. Counted
in calendar days, a term that ends on a Saturday, Sunday or public holiday ends on the next working
day (Algemene termijnenwet, art. 1). Counted in working days, weekends and public holidays are skipped.
Public holidays are those of the Algemene termijnenwet (art. 3): the Dutch holidays of the maintained
`holidays` package, plus 5 May every year (the package has Liberation Day only in lustrum years, the
law counts it every year).
"""

import re
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _feestdagen(jaar: int) -> frozenset[date]:
    dagen = set(holidays.country_holidays("NL", years=jaar))
    dagen.add(date(jaar, 5, 5))
    return frozenset(dagen)


def is_werkdag(dag: date) -> bool:
    """Monday to Friday and not a public holiday of the Algemene termijnenwet."""
    return dag.weekday() < 5 and dag not in _feestdagen(dag.year)


def volgende_werkdag(dag: date) -> date:
    """`dag` itself when it is a working day, else the first working day after it."""
    while not is_werkdag(dag):
        dag += timedelta(days=1)
    return dag


def plus_werkdagen(begin: date, aantal: int) -> date:
    """The date `aantal` working days after `begin` (the start day itself does not count)."""
    dag = begin
    while aantal > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def uiterste_datum(begin: date, *, termijn: int, eenheid: str, werkdagen: bool) -> date:
    """The last day of a term of `termijn` days or weeks (`eenheid` "dagen"/"weken") starting at `begin`.

    Working days: a week counts as five working days. Calendar days and weeks: the end moves to the
    next working day when it falls on a weekend or holiday (Algemene termijnenwet).
    """
    dagen = termijn * (7 if eenheid == "weken" else 1)
    if werkdagen:
        return plus_werkdagen(begin, termijn * 5 if eenheid == "weken" else termijn)
    return volgende_werkdag(begin + timedelta(days=dagen))


_TELWOORDEN = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
               "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "veertien": 14}  # fmt: skip
_BEGUNSTIGING = re.compile(
    r"begunstigingstermijn\W+(?:van\W+)?(\d+|" + "|".join(_TELWOORDEN) + r")\s+(dag|dagen|week|weken)\b",
    re.IGNORECASE,
)


def begunstiging_uit_tekst(tekst: str, vanaf: date | None) -> date | None:
    """The last day of a grace period written as free text ('begunstigingstermijn twee weken'), counted from
    the decision's date; None when the text names none. Only for carrying old records over to the date field."""
    treffer = _BEGUNSTIGING.search(tekst or "")
    if treffer is None or vanaf is None:
        return None
    getal, eenheid = treffer.group(1).lower(), treffer.group(2).lower()
    aantal = int(getal) if getal.isdigit() else _TELWOORDEN[getal]
    return vanaf + timedelta(days=aantal * (7 if eenheid.startswith("we") else 1))
