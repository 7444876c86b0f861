"""Only someone who may see a signal can be its handler (issue 17.6): one rule in the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory
from signalen import services
from signalen.forms import SignaalForm
from signalen.models import Bron


def test_wijzig_weigert_behandelaar_die_het_signaal_niet_ziet(duiven_signaal, beleid, beleid_westervoort):
    with pytest.raises(ValidationError) as fout:
        services.signaal_wijzig(
            signaal=duiven_signaal, door=beleid, versie=duiven_signaal.versie, behandelaar=beleid_westervoort
        )
    assert "behandelaar" in fout.value.message_dict
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.behandelaar is None


def test_wijzig_weigert_rol_zonder_signalen(duiven_signaal, beleid, duiven):
    beheerder = GebruikerFactory(username="t_beheer_duiven", rol=Rol.BEHEERDER, gemeenten=[duiven])
    with pytest.raises(ValidationError):
        services.signaal_wijzig(
            signaal=duiven_signaal, door=beleid, versie=duiven_signaal.versie, behandelaar=beheerder
        )


def test_registreer_weigert_behandelaar_van_andere_gemeente(beleid, duiven, beleid_westervoort):
    with pytest.raises(ValidationError) as fout:
        services.signaal_registreer(
            door=beleid,
            gemeente=duiven,
            titel="Loods",
            omschrijving="Afgeplakte ramen.",
            bron=Bron.POLITIE,
            ontvangen_op=datetime.date(2024, 2, 1),
            behandelaar=beleid_westervoort,
        )
    assert "behandelaar" in fout.value.message_dict


def test_behandelaar_die_het_signaal_ziet_wordt_aanvaard(duiven_signaal, beleid):
    signaal = services.signaal_wijzig(
        signaal=duiven_signaal, door=beleid, versie=duiven_signaal.versie, behandelaar=beleid
    )
    assert signaal.behandelaar == beleid


def test_formulier_biedt_alleen_behandelaars_van_de_gemeente_van_het_signaal(
    duiven_signaal, beleid, beleid_westervoort
):
    form = SignaalForm(instance=duiven_signaal, gebruiker=beleid)
    keuzes = set(form.fields["behandelaar"].queryset)
    assert beleid in keuzes and beleid_westervoort not in keuzes


def test_formulier_post_met_onzichtbare_behandelaar_wordt_geweigerd(client, duiven_signaal, beleid, beleid_westervoort):
    client.force_login(beleid)
    gegevens = {
        "gemeente": duiven_signaal.gemeente_id,
        "titel": duiven_signaal.titel,
        "omschrijving": duiven_signaal.omschrijving,
        "bron": duiven_signaal.bron,
        "ontvangen_op": "01-03-2024",
        "prioriteit": duiven_signaal.prioriteit,
        "behandelaar": beleid_westervoort.pk,
        "versie": duiven_signaal.versie,
    }
    response = client.post(f"/signalen/{duiven_signaal.pk}/bewerken/", gegevens)
    assert response.status_code == 200
    duiven_signaal.refresh_from_db()
    assert duiven_signaal.behandelaar is None
