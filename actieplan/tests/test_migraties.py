"""Data migrations of actieplan, run against a real database from the state before them."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

VOOR = [("actieplan", "0007_jaar_in_publiek_en_evaluatie")]
NA = [("actieplan", "0008_kalendertoken_als_hash")]
GEHEIM = "oud-geheim-uit-een-agenda-app-" + "x" * 20


@pytest.mark.django_db(transaction=True)
def test_bestaande_kalendertokens_worden_gehasht_en_blijven_werken(beleid):
    executor = MigrationExecutor(connection)
    executor.migrate(VOOR)
    try:
        oud = executor.loader.project_state(VOOR).apps.get_model("actieplan", "KalenderToken")
        oud.objects.create(gebruiker_id=beleid.pk, token=GEHEIM)
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(NA)
    finally:
        # Back to every app's latest migration, so the tests after this one find the full schema.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    from actieplan.models import KalenderToken

    rij = KalenderToken.objects.values().get(gebruiker=beleid)
    assert rij["token_hash"] == hashlib.sha256(GEHEIM.encode()).hexdigest()
    assert GEHEIM not in str(rij)
    assert Client().get(reverse("actieplan:kalender_ics"), {"token": GEHEIM}).status_code == 200
