"""The API reads money with the same parser as the web forms (ondermijning.geld)."""

from decimal import Decimal

import pytest
from rest_framework.exceptions import ValidationError

from api.serializers import BedragApiVeld, UitgaveSerializer


@pytest.mark.parametrize("invoer", ["1.250,50", "1250,50", "1250.50", "€ 1.250,50", 1250.5, Decimal("1250.50")])
def test_api_bedrag_in_alle_notaties(invoer):
    assert BedragApiVeld(max_digits=10, decimal_places=2).run_validation(invoer) == Decimal("1250.50")


def test_api_bedrag_onzin_nederlandse_fout():
    with pytest.raises(ValidationError) as exc:
        BedragApiVeld(max_digits=10, decimal_places=2).run_validation("1,250.50")
    assert "Voer een bedrag in, bijvoorbeeld 1.250,50." in str(exc.value.detail)


def test_api_geeft_bedrag_als_machinegetal():
    """Output stays a plain decimal string for machines; only input accepts the Dutch notations."""
    veld = UitgaveSerializer().fields["bedrag"]
    assert isinstance(veld, BedragApiVeld)
    assert veld.to_representation(Decimal("1250.50")) == "1250.50"
