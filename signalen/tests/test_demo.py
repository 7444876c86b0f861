import pytest

from ondermijning import demo as kern_demo
from signalen import demo
from signalen.models import RiecMelding, Signaal, Verrijking
from signalen.selectors import tijdlijn

pytestmark = pytest.mark.django_db


def test_demo_tijdlijn_op_volgorde_van_de_gebeurtenissen():
    """Demo enrichment and RIEC forms carry the moment they happened in the story, not the moment
    the demo was loaded: otherwise they sort after everything else on the timeline."""
    kern_demo.laad()
    demo.laad()
    for verrijking in Verrijking.objects.all():
        assert verrijking.created_at.date() == verrijking.datum
    for melding in RiecMelding.objects.select_related("signaal"):
        assert melding.created_at.date() >= melding.signaal.ontvangen_op
        if melding.ingediend_op:
            assert melding.created_at.date() <= melding.ingediend_op

    signaal = Signaal.objects.get(titel__startswith="Kapsalon zonder klanten")
    soorten = [item.soort for item in tijdlijn(signaal)]
    assert soorten.index("verrijking") < soorten.index("besluit") < soorten.index("riec")
    assert soorten[-1] != "verrijking"
