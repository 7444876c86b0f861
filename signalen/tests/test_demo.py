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


def test_demo_geen_besluit_zonder_werk_en_geen_status_zonder_werk():
    """Issue 14: every demo decision has the work it names, and no status claims work that is missing."""
    from signalen.models import Agendapunt, Besluit, InterventieSoort, SignaalStatus
    from signalen.services import BESLUIT_INTERVENTIE

    kern_demo.laad()
    demo.laad()
    demo.laad()  # idempotent: a second run adds no work twice
    # A 13b decision starts the procedure; the demo story already went on to the ladder step itself.
    werk = {b: {s} for b, s in BESLUIT_INTERVENTIE.items()}
    werk[Besluit.TRAJECT_13B] |= {
        InterventieSoort.WAARSCHUWING_13B,
        InterventieSoort.SLUITING_13B,
        InterventieSoort.SLUITING_DRUGSPAND,
    }
    punten = Agendapunt.objects.exclude(besluit="").select_related("signaal")
    assert punten.exists()
    for punt in punten:
        signaal = punt.signaal
        if punt.besluit in werk:
            assert signaal.interventies.filter(soort__in=werk[punt.besluit]).exists(), (punt.besluit, signaal.titel)
        if punt.besluit == Besluit.RIEC_SIGNAAL:
            assert signaal.riec_meldingen.exists(), signaal.titel
        assert punt.besluit != Besluit.CONTROLE_PLANNEN or signaal.controles.exists(), signaal.titel
    for signaal in Signaal.objects.filter(status=SignaalStatus.INTERVENTIE):
        assert signaal.interventies.exists(), signaal.titel
    for signaal in Signaal.objects.filter(status=SignaalStatus.RIEC):
        assert signaal.riec_meldingen.exists(), signaal.titel
    for punt in punten.filter(besluit__in=list(werk)):
        assert punt.interventies.exists(), (punt.besluit, punt.signaal.titel)
