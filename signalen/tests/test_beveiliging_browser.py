"""Issue 6 in a real browser: sharing an agenda item with its legal basis, what the partner then
sees (persons only on a legal basis), and "wie heeft dit bekeken" for the beheerder."""

import pytest

from ondermijning.models import Verstrekking
from signalen import services
from signalen.models import SignaalStatus

pytestmark = pytest.mark.browser


def test_delen_op_grondslag_en_wat_de_partner_ziet(sessie, beleid, politie, beheerder, overleg, duiven_signaal):
    services.signaal_transitie(signaal=duiven_signaal, naar=SignaalStatus.WEGING, door=beleid)
    punt = services.agendapunt_toevoegen(overleg=overleg, signaal=duiven_signaal, door=beleid)
    pad = f"/overleggen/{overleg.pk}/"

    s = sessie(naam="delen-beleid")
    s.log_in(beleid)
    s.ga_naar(pad)
    s.page.get_by_text("Delen met een ketenpartner").click()
    s.page.get_by_label("Politie").check()
    s.page.get_by_label("Ook de personen (namen, geboortedata) delen").check()
    s.page.get_by_label("Grondslag", exact=True).select_option("lokaal_overleg")
    s.page.get_by_role("button", name="Delen opslaan").click()
    # htmx swaps the form back in with the errors; the page stays the agenda.
    s.page.get_by_text("Personen delen vraagt een convenant of wettelijke taak").wait_for()
    # Refused beside the field, the choices kept, nothing shared.
    assert s.page.get_by_text("Personen delen vraagt een convenant of wettelijke taak").is_visible()
    assert s.page.get_by_label("Politie").is_checked()
    assert not Verstrekking.objects.exists()
    assert s.toegankelijkheid() == []
    s.schermafdruk("geweigerd")
    s.page.get_by_label("Grondslag", exact=True).select_option("samen_weerbaar")
    s.page.get_by_role("button", name="Delen opslaan").click()
    s.page.get_by_text("Opgeslagen.").wait_for()
    assert s.page.get_by_text("Opgeslagen.").is_visible()
    v = Verstrekking.objects.get()
    assert v.persoonsgegevens and v.object_id == str(punt.pk)

    p = sessie(naam="delen-politie")
    p.log_in(politie)
    p.ga_naar(pad)
    assert p.page.get_by_text("Jan Kapper").is_visible()
    assert p.toegankelijkheid() == []
    p.schermafdruk("agenda-met-personen")

    b = sessie(naam="delen-beheerder")
    b.log_in(beheerder)
    b.ga_naar(f"/signalen/{duiven_signaal.pk}/bekeken/")
    # Twice: the page itself and the accessibility check loading it again.
    assert b.page.get_by_role("cell", name="t_politie").count() == 2
    assert b.toegankelijkheid() == []
    b.schermafdruk("wie-bekeek")
