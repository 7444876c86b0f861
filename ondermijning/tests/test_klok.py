import datetime

import pytest
from django.utils import timezone

from ondermijning import klok


def test_klok_geeft_de_echte_tijd_buiten_een_verhaal():
    voor = timezone.now()
    assert voor <= klok.nu() <= timezone.now()


def test_klok_geeft_de_verhaaltijd_binnen_op_en_herstelt_daarna():
    moment = timezone.make_aware(datetime.datetime(2024, 3, 4, 10, 0))
    with klok.op(moment):
        assert klok.nu() == moment
        assert klok.vandaag() == datetime.date(2024, 3, 4)
    assert klok.nu() != moment


def test_klok_weigert_een_tijd_zonder_tijdzone():
    with pytest.raises(ValueError), klok.op(datetime.datetime(2024, 3, 4, 10, 0)):
        pass
