"""Money in Dutch notation: one parser for every money field (forms and API), shown back in Dutch."""

from decimal import Decimal

import pytest
from django import forms

from ondermijning.forms import BedragVeld
from ondermijning.geld import bedrag_uit_tekst, geld


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1.250,50", "1250.50"),
        ("1250,50", "1250.50"),
        ("1250.50", "1250.50"),
        ("€ 1.250,50", "1250.50"),
        ("€1.250,50", "1250.50"),
        ("  1.250,50  ", "1250.50"),
        ("EUR 1.250,50", "1250.50"),
        ("1 250,50", "1250.50"),
        ("1.250", "1250"),  # a single dot with three digits after it is the Dutch thousands dot
        ("1.250.000", "1250000"),
        ("1.250.000,75", "1250000.75"),
        ("1250", "1250"),
        ("0,5", "0.5"),
        ("25,-", "25"),
        ("1250.5", "1250.5"),
        ("1.25", "1.25"),
        ("-25,50", "-25.50"),
    ],
)
def test_nederlandse_notaties(tekst, verwacht):
    assert bedrag_uit_tekst(tekst) == Decimal(verwacht)
    assert str(bedrag_uit_tekst(tekst)) == verwacht  # exact, never through a float


@pytest.mark.parametrize(
    "tekst", ["", "abc", "1,250.50", "12.50,00", "1.25.0", "1,2,3", "1.2345", "0.125", "€", "--5", "5e3", "1.250,50,00"]
)
def test_onzin_geweigerd(tekst):
    with pytest.raises(ValueError):
        bedrag_uit_tekst(tekst)


def test_geld_in_nederlandse_notatie():
    assert geld(Decimal("1250.5")) == "1.250,50"
    assert geld(Decimal("1250000")) == "1.250.000,00"
    assert geld(Decimal("0")) == "0,00"


class Formulier(forms.Form):
    bedrag = BedragVeld(label="Bedrag", max_digits=10, decimal_places=2)


@pytest.mark.parametrize("tekst", ["1.250,50", "1250,50", "1250.50", "€ 1.250,50"])
def test_bedragveld_slaat_exact_decimal_op(tekst):
    form = Formulier({"bedrag": tekst})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bedrag"] == Decimal("1250.50")
    assert isinstance(form.cleaned_data["bedrag"], Decimal)


def test_bedragveld_toont_nederlands():
    html = str(Formulier(initial={"bedrag": Decimal("1250.50")})["bedrag"])
    assert 'value="1.250,50"' in html
    assert 'inputmode="decimal"' in html and 'type="text"' in html


def test_bedragveld_rondgang():
    """What the form shows can be sent back unchanged and gives the same amount."""
    getoond = Formulier(initial={"bedrag": Decimal("98765.43")})["bedrag"].value()
    getoond = Formulier.base_fields["bedrag"].prepare_value(getoond)
    form = Formulier({"bedrag": getoond})
    assert form.is_valid() and form.cleaned_data["bedrag"] == Decimal("98765.43")


def test_bedragveld_fout_in_het_nederlands_en_invoer_bewaard():
    form = Formulier({"bedrag": "twaalf euro"})
    assert not form.is_valid()
    assert "Voer een bedrag in, bijvoorbeeld 1.250,50." in form.errors["bedrag"]
    assert 'value="twaalf euro"' in str(form["bedrag"])


def test_bedragveld_te_veel_decimalen():
    form = Formulier({"bedrag": "12,345"})
    assert not form.is_valid()
    assert 'value="12,345"' in str(form["bedrag"])
