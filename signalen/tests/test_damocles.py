"""The Damocles ladder (art. 13b Opiumwet): the step follows the municipality's configured ladder and the
premises' recorded history of 13b measures, warnings included (ISSUE14 item 6)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from signalen import services
from signalen.models import Interventie, InterventieSoort, LadderMaatregel, SignaalStatus, SoortZaak
from signalen.tests.factories import DamoclesladderFactory, SignaalFactory

pytestmark = pytest.mark.django_db

SOFT = SoortZaak.SOFTDRUGS_WONING


@pytest.fixture
def ladder(duiven):
    """Duiven's ladder for soft drugs in a dwelling (as in the seed): warning, 3 months, 6 months, indefinitely."""
    stappen = [(LadderMaatregel.WAARSCHUWING, None, False), (LadderMaatregel.SLUITING, 3, False),
               (LadderMaatregel.SLUITING, 6, False), (LadderMaatregel.SLUITING, None, True)]  # fmt: skip
    for nummer, (maatregel, maanden, onbepaald) in enumerate(stappen, start=1):
        DamoclesladderFactory(
            gemeente=duiven, soort_zaak=SOFT, stap=nummer, maatregel=maatregel,
            duur_maanden=maanden, onbepaalde_tijd=onbepaald,
        )  # fmt: skip


def _signaal_met_woning(beleid, duiven, huisnummer="5"):
    signaal = SignaalFactory(gemeente=duiven, status=SignaalStatus.OVERLEG)
    adres = services.adres_koppel(
        signaal=signaal, door=beleid, straat="Kerkstraat", huisnummer=huisnummer, postcode="6921 BC", plaats="Duiven"
    )
    return signaal, adres


def _start(signaal, adres, beleid, soort, dag=1):
    return services.interventie_start(
        signaal=signaal, door=beleid, soort=soort, gestart_op=datetime.date(2024, 5, dag), adres=adres, soort_zaak=SOFT
    )


def test_eerste_softdrugs_in_woning_is_de_waarschuwing(ladder, beleid, duiven):
    signaal, adres = _signaal_met_woning(beleid, duiven)
    stap = services.ladderstap_voor(gemeente=duiven, soort_zaak=SOFT, adres=adres)
    assert (stap.stap, stap.maatregel) == (1, LadderMaatregel.WAARSCHUWING)
    with pytest.raises(ValidationError) as fout:
        _start(signaal, adres, beleid, InterventieSoort.SLUITING_13B)
    assert "waarschuwing" in str(fout.value)
    assert not Interventie.objects.exists()


def test_na_de_vastgelegde_waarschuwing_volgen_de_sluitingen_van_de_ladder(ladder, beleid, duiven):
    signaal, adres = _signaal_met_woning(beleid, duiven)
    waarschuwing = _start(signaal, adres, beleid, InterventieSoort.WAARSCHUWING_13B)
    assert (waarschuwing.ladderstap.stap, waarschuwing.ladderstap.maatregel) == (1, LadderMaatregel.WAARSCHUWING)
    # A new finding at the same dwelling, in a later signal: the history is the premises', not the signal's.
    later = SignaalFactory(gemeente=duiven, status=SignaalStatus.OVERLEG)
    later.adressen.add(adres)
    with pytest.raises(ValidationError, match="sluiting"):
        _start(later, adres, beleid, InterventieSoort.WAARSCHUWING_13B, dag=2)
    eerste = _start(later, adres, beleid, InterventieSoort.SLUITING_13B, dag=2)
    tweede = _start(later, adres, beleid, InterventieSoort.SLUITING_13B, dag=3)
    derde = _start(later, adres, beleid, InterventieSoort.SLUITING_13B, dag=4)
    vierde = _start(later, adres, beleid, InterventieSoort.SLUITING_13B, dag=5)
    assert [i.ladderstap.stap for i in (eerste, tweede, derde, vierde)] == [2, 3, 4, 4]
    assert (eerste.sluitingsduur_maanden, tweede.sluitingsduur_maanden) == (3, 6)
    assert derde.sluiting_onbepaalde_tijd and derde.sluitingsduur_maanden is None


def test_waarschuwing_op_een_ander_adres_telt_niet_mee(ladder, beleid, duiven):
    signaal, adres = _signaal_met_woning(beleid, duiven)
    _start(signaal, adres, beleid, InterventieSoort.WAARSCHUWING_13B)
    ander_signaal, ander_adres = _signaal_met_woning(beleid, duiven, huisnummer="7")
    stap = services.ladderstap_voor(gemeente=duiven, soort_zaak=SOFT, adres=ander_adres)
    assert stap.stap == 1 and stap.maatregel == LadderMaatregel.WAARSCHUWING


def test_waarschuwing_waar_de_ladder_er_geen_kent_geweigerd(beleid, duiven):
    for nummer, maanden in enumerate((3, 6), start=1):
        DamoclesladderFactory(gemeente=duiven, soort_zaak=SoortZaak.HARDDRUGS_WONING, stap=nummer, duur_maanden=maanden)
    signaal, adres = _signaal_met_woning(beleid, duiven)
    with pytest.raises(ValidationError, match="sluiting"):
        services.interventie_start(
            signaal=signaal, door=beleid, soort=InterventieSoort.WAARSCHUWING_13B,
            gestart_op=datetime.date(2024, 5, 1), adres=adres, soort_zaak=SoortZaak.HARDDRUGS_WONING,
        )  # fmt: skip


def test_waarschuwing_vraagt_het_pand(ladder, beleid, duiven):
    signaal, _adres = _signaal_met_woning(beleid, duiven)
    with pytest.raises(ValidationError) as fout:
        services.interventie_start(
            signaal=signaal, door=beleid, soort=InterventieSoort.WAARSCHUWING_13B,
            gestart_op=datetime.date(2024, 5, 1), soort_zaak=SOFT,
        )  # fmt: skip
    assert "adres" in fout.value.message_dict
