"""Term computation with fixed dates: calendar terms, working days, weekends and Dutch holidays."""

from datetime import date

import pytest

from procedures.termijnen import is_werkdag, plus_werkdagen, uiterste_datum


@pytest.mark.parametrize(
    ("dag", "werkdag"),
    [
        (date(2026, 4, 27), False),  # Koningsdag (Monday)
        (date(2025, 4, 26), False),  # Koningsdag 2025 on Saturday
        (date(2026, 4, 3), False),  # Goede Vrijdag
        (date(2026, 4, 6), False),  # Tweede Paasdag
        (date(2026, 5, 14), False),  # Hemelvaartsdag
        (date(2026, 5, 25), False),  # Tweede Pinksterdag
        (date(2026, 12, 25), False),  # Eerste Kerstdag
        (date(2026, 12, 26), False),  # Tweede Kerstdag (Saturday)
        (date(2026, 5, 5), False),  # Bevrijdingsdag: every year in the Algemene termijnenwet
        (date(2026, 4, 28), True),
        (date(2026, 12, 24), True),
    ],
)
def test_werkdagen_volgens_de_algemene_termijnenwet(dag, werkdag):
    assert is_werkdag(dag) is werkdag


def test_kalendertermijn_van_twee_weken():
    # Voornemen sent on Monday 2 March 2026: the zienswijze term ends Monday 16 March.
    assert uiterste_datum(date(2026, 3, 2), termijn=2, eenheid="weken", werkdagen=False) == date(2026, 3, 16)


def test_kalendertermijn_die_op_koningsdag_eindigt_schuift_naar_de_volgende_werkdag():
    # Sent 13 April 2026: two weeks later is Koningsdag (Monday 27 April), so the term ends Tuesday 28 April.
    assert uiterste_datum(date(2026, 4, 13), termijn=2, eenheid="weken", werkdagen=False) == date(2026, 4, 28)


def test_kalendertermijn_die_in_het_weekend_eindigt_schuift_naar_maandag():
    # Friday 6 March + 8 days = Saturday 14 March -> Monday 16 March.
    assert uiterste_datum(date(2026, 3, 6), termijn=8, eenheid="dagen", werkdagen=False) == date(2026, 3, 16)


def test_bezwaartermijn_zes_weken_over_kerst():
    # Decision sent Friday 13 November 2026: six weeks later is Friday 25 December -> Monday 28 December.
    assert uiterste_datum(date(2026, 11, 13), termijn=6, eenheid="weken", werkdagen=False) == date(2026, 12, 28)


def test_werkdagen_slaan_pasen_over():
    # Thursday 2 April 2026 + 3 working days: Goede Vrijdag, the weekend and Tweede Paasdag do not count.
    assert plus_werkdagen(date(2026, 4, 2), 3) == date(2026, 4, 9)


def test_werkdagen_slaan_hemelvaart_en_pinksteren_over():
    # Wednesday 13 May 2026 + 5 working days: Hemelvaart (14th), the weekend, Pinksteren (24th/25th).
    assert uiterste_datum(date(2026, 5, 13), termijn=5, eenheid="dagen", werkdagen=True) == date(2026, 5, 21)
    assert uiterste_datum(date(2026, 5, 20), termijn=1, eenheid="weken", werkdagen=True) == date(2026, 5, 28)


def test_werkdagen_over_kerst_en_nieuwjaar():
    # Wednesday 23 December 2026 + 5 working days: 24, 28, 29, 30, 31 December (1 January is a holiday).
    assert plus_werkdagen(date(2026, 12, 23), 5) == date(2026, 12, 31)
    assert plus_werkdagen(date(2026, 12, 23), 6) == date(2027, 1, 4)
