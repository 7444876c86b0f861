"""Schemathesis against the running app (in-process WSGI), with tokens of two municipalities.

Three checks, each must count 0: server errors, calls accepted without valid authentication,
and objects of one municipality readable with the other municipality's token. Hypothesis
generates valid and invalid requests from the app's own OpenAPI schema; afterwards every
Westervoort object (including the ones the fuzzer created) is requested with the Duiven token.
Examples per operation: API_FUZZ_VOORBEELDEN (default 12), to keep the run within a minute or two.
"""

import datetime
import os
from contextlib import contextmanager
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.generation.modes import GenerationMode

from actieplan.tests.factories import ActieFactory, UitgaveFactory, UitvoeringsplanFactory
from api.tests.factories import maak_token
from controles.models import Bezoek, Controle, ControleStatus
from controles.tests.factories import BezoekFactory, ControleFactory, ControleObjectFactory
from ondermijning.scoping import Rol
from ondermijning.tests.factories import GebruikerFactory
from signalen.models import Adres, Bedrijf, Persoon, Signaal
from signalen.tests.factories import AdresFactory, BedrijfFactory, PersoonFactory, SignaalFactory

VOORBEELDEN = int(os.environ.get("API_FUZZ_VOORBEELDEN", "12"))
ONGELDIG = "ond_dit-is-geen-geldige-sleutel-0000000000000000000"


@contextmanager
def wsgi_in_testtransactie():
    """Serve requests in-process inside the test's transaction, as Django's test client does.

    Django closes "old" connections at the start and end of every request; inside a test
    transaction that would roll the test data back, so the handlers are disconnected meanwhile.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _gemeente_ids_in(data) -> set[int]:
    """Every municipality id an API response mentions (field "gemeente": id or {"id": ...})."""
    gevonden: set[int] = set()
    if isinstance(data, dict):
        for sleutel, waarde in data.items():
            if sleutel == "gemeente" and isinstance(waarde, int):
                gevonden.add(waarde)
            elif sleutel == "gemeente" and isinstance(waarde, dict) and "id" in waarde:
                gevonden.add(waarde["id"])
            else:
                gevonden |= _gemeente_ids_in(waarde)
    elif isinstance(data, list):
        for waarde in data:
            gevonden |= _gemeente_ids_in(waarde)
    return gevonden


def _data(gemeente):
    """A signal with subjects, a control with an object and a visit, an action and a spending line."""
    adres = AdresFactory(gemeente=gemeente)
    bedrijf = BedrijfFactory(gemeente=gemeente)
    persoon = PersoonFactory(gemeente=gemeente)
    signaal = SignaalFactory(gemeente=gemeente)
    signaal.adressen.add(adres)
    signaal.bedrijven.add(bedrijf)
    signaal.personen.add(persoon)
    controle = ControleFactory(gemeente=gemeente, status=ControleStatus.UITGEVOERD)
    ControleObjectFactory(controle=controle)
    BezoekFactory(controle=controle)
    plan = UitvoeringsplanFactory(gemeenten=[gemeente])
    actie = ActieFactory(thema__plan=plan, gemeenten=[gemeente])
    UitgaveFactory(gemeente=gemeente, actie=actie, datum=datetime.date(2024, 5, 1), bedrag=Decimal("50.00"))


DETAILS = {
    "/api/v1/signalen/{}/": lambda g: Signaal.objects.filter(gemeente=g),
    "/api/v1/adressen/{}/": lambda g: Adres.objects.filter(gemeente=g),
    "/api/v1/bedrijven/{}/": lambda g: Bedrijf.objects.filter(gemeente=g),
    "/api/v1/personen/{}/": lambda g: Persoon.objects.filter(gemeente=g),
    "/api/v1/controles/{}/": lambda g: Controle.objects.filter(gemeente=g),
    "/api/v1/bezoeken/{}/": lambda g: Bezoek.objects.filter(controle__gemeente=g),
}


@pytest.mark.django_db
def test_schemathesis_drie_controles_op_nul(duiven, westervoort):
    """0 server errors, 0 calls accepted without valid auth, 0 objects across municipalities."""
    account_w = GebruikerFactory(username="fuzz_w", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[westervoort])
    account_d = GebruikerFactory(username="fuzz_d", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[duiven])
    sleutels = {
        westervoort.pk: maak_token(account_w, signalen=True, bezoeken=True, per_minuut=100_000)[1],
        duiven.pk: maak_token(account_d, signalen=True, bezoeken=True, per_minuut=100_000)[1],
    }
    _data(westervoort)
    _data(duiven)
    fouten: list[str] = []
    aantal = {"verzoeken": 0}

    with wsgi_in_testtransactie() as app:
        schema = schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", app, headers={"Authorization": f"Bearer {sleutels[westervoort.pk]}"}
        )
        operaties = [resultaat.ok() for resultaat in schema.get_all_operations()]
        assert len(operaties) >= 18, [o.label for o in operaties]

        def stuur(case, autorisatie):
            headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            if autorisatie:
                headers["Authorization"] = autorisatie
            case.headers = headers
            aantal["verzoeken"] += 1
            return case.call(app=app)

        def controleer(case):
            label = f"{case.method} {case.formatted_path}"
            for gemeente_id, sleutel in sleutels.items():
                antwoord = stuur(case, f"Bearer {sleutel}")
                if antwoord.status_code >= 500:
                    fouten.append(f"serverfout {antwoord.status_code}: {label}")
                if 200 <= antwoord.status_code < 300 and antwoord.headers.get("content-type", [""])[0].startswith(
                    "application/json"
                ):
                    vreemd = _gemeente_ids_in(antwoord.json()) - {gemeente_id}
                    if vreemd:
                        fouten.append(f"gemeente {vreemd} zichtbaar met sleutel van {gemeente_id}: {label}")
            for autorisatie in (None, f"Bearer {ONGELDIG}"):
                antwoord = stuur(case, autorisatie)
                if antwoord.status_code >= 500:
                    fouten.append(f"serverfout {antwoord.status_code} zonder geldige sleutel: {label}")
                elif antwoord.status_code < 400:
                    fouten.append(f"{antwoord.status_code} zonder geldige sleutel: {label}")

        instellingen = hypothesis_settings(
            max_examples=VOORBEELDEN,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        for operatie in operaties:
            for modus in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                instellingen(given(case=operatie.as_strategy(generation_mode=modus))(lambda case: controleer(case)))()

        # Afterwards: every Westervoort object, also those the fuzzer created, with the Duiven token.
        from werkzeug.test import Client

        http = Client(app)
        kop = {"Authorization": f"Bearer {sleutels[duiven.pk]}"}
        for pad, rijen in DETAILS.items():
            for pk in rijen(westervoort).values_list("pk", flat=True):
                antwoord = http.get(pad.format(pk), headers=kop)
                if antwoord.status_code != 404:
                    fouten.append(f"{pad.format(pk)} met Duivense sleutel: {antwoord.status_code}")
            lijst = http.get(pad.replace("{}/", "") + "?per_pagina=200", headers=kop)
            assert lijst.status_code == 200
            vreemd = {r["id"] for r in lijst.json["results"]} & set(rijen(westervoort).values_list("pk", flat=True))
            if vreemd:
                fouten.append(f"{pad} lijst met Duivense sleutel toont Westervoortse ids {vreemd}")

    assert Signaal.objects.filter(gemeente=westervoort).exists()
    assert aantal["verzoeken"] > len(operaties) * 8
    assert not fouten, "\n".join(sorted(set(fouten))[:40])
