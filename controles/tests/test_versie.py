"""The optimistic lock on editing a control: a missing version is refused, not waved through (issue 17.5)."""

import pytest

from controles import services
from controles.tests.factories import ControleFactory
from ondermijning.workflow import VersieConflict


def test_ontbrekende_versie_wordt_geweigerd(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, omschrijving="oud")
    with pytest.raises(VersieConflict) as fout:
        services.controle_wijzig(controle=controle, door=beleid, versie=None, omschrijving="zonder versie")
    assert "versie" in fout.value.messages[0].lower()
    controle.refresh_from_db()
    assert controle.omschrijving == "oud" and controle.versie == 1


def test_verouderde_versie_wordt_geweigerd(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, omschrijving="oud")
    services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="eerste")
    with pytest.raises(VersieConflict):
        services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="tweede")
    controle.refresh_from_db()
    assert controle.omschrijving == "eerste"


def test_huidige_versie_wordt_aanvaard(beleid, duiven):
    controle = ControleFactory(gemeente=duiven, omschrijving="oud")
    controle = services.controle_wijzig(controle=controle, door=beleid, versie=1, omschrijving="nieuw")
    assert controle.omschrijving == "nieuw" and controle.versie == 2
