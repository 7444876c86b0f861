"""The optimistic lock on editing a signal: a missing version is refused, not waved through (issue 17.5)."""

import pytest

from ondermijning.workflow import VersieConflict
from signalen import services


def test_ontbrekende_versie_wordt_geweigerd(duiven_signaal, beleid):
    with pytest.raises(VersieConflict) as fout:
        services.signaal_wijzig(signaal=duiven_signaal, door=beleid, versie=None, titel="Zonder versie")
    assert "versie" in fout.value.messages[0].lower()
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.titel != "Zonder versie"


def test_verouderde_versie_wordt_geweigerd(duiven_signaal, beleid):
    oud = duiven_signaal.versie
    services.signaal_wijzig(signaal=duiven_signaal, door=beleid, versie=oud, titel="Eerste")
    with pytest.raises(VersieConflict):
        services.signaal_wijzig(signaal=duiven_signaal, door=beleid, versie=oud, titel="Tweede")
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.titel == "Eerste"


def test_huidige_versie_wordt_aanvaard(duiven_signaal, beleid):
    signaal = services.signaal_wijzig(signaal=duiven_signaal, door=beleid, versie=duiven_signaal.versie, titel="Nieuw")
    assert signaal.titel == "Nieuw" and signaal.versie == duiven_signaal.versie + 1


def test_bewerkformulier_zonder_versie_slaat_niets_op(client, duiven_signaal, beleid):
    client.force_login(beleid)
    gegevens = {
        "gemeente": duiven_signaal.gemeente_id,
        "titel": "Via formulier zonder versie",
        "omschrijving": duiven_signaal.omschrijving,
        "bron": duiven_signaal.bron,
        "ontvangen_op": "01-03-2024",
        "prioriteit": duiven_signaal.prioriteit,
    }
    response = client.post(f"/signalen/{duiven_signaal.pk}/bewerken/", gegevens)
    assert response.status_code == 200
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.titel != "Via formulier zonder versie"
