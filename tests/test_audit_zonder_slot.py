"""Issue 21.4: audited requests append events without serialising on the head of the audit chain.

Sixteen logged-in users open a signal page at the same moment (each page read is an audited read of
personal data), each in its own thread with its own PostgreSQL connection, while another connection
holds the head of the chain locked. No request may wait for that lock: all sixteen answer within the
bound. Afterwards the sealer links their events into the chain and the chain verifies.

PostgreSQL only: SQLite has one writer at a time by design (BEGIN IMMEDIATE, see settings).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from conftest import CspControlerendeClient
from ondermijning import audit
from ondermijning.models import AuditActie, AuditEvent, AuditKop
from signalen.tests.factories import SignaalFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

GEBRUIKERS = 16
GRENS_SECONDEN = 20  # generous on a loaded 2-core machine; a request waiting on the lock never ends


def test_zestien_gelijktijdige_geauditeerde_verzoeken_wachten_niet_op_de_kop(beleid, duiven):
    signaal = SignaalFactory(gemeente=duiven)
    audit.log(actie=AuditActie.LEZEN, actor=beleid, obj=signaal)
    audit.verzegel()  # the chain and its head exist
    clients = []
    for _ in range(GEBRUIKERS):
        client = CspControlerendeClient()
        client.force_login(beleid)
        clients.append(client)
    start = threading.Barrier(GEBRUIKERS + 1)
    antwoorden, duur = {}, {}

    def lees(nummer, client):
        try:
            start.wait()
            begin = time.monotonic()
            antwoorden[nummer] = client.get(reverse("signalen:detail", args=[signaal.pk])).status_code
            duur[nummer] = time.monotonic() - begin
        finally:
            connections.close_all()  # this thread's own connection

    draden = [threading.Thread(target=lees, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    # Another connection holds the head locked while the sixteen read.
    with transaction.atomic():
        AuditKop.objects.select_for_update().get(pk=1)
        for draad in draden:
            draad.start()
        start.wait()
        einde = time.monotonic() + GRENS_SECONDEN
        for draad in draden:
            draad.join(timeout=max(0.0, einde - time.monotonic()))
        klaar = sum(not draad.is_alive() for draad in draden)
    for draad in draden:  # the lock is released: whoever waited on it finishes now
        draad.join()

    assert klaar == GEBRUIKERS, f"{GEBRUIKERS - klaar} van {GEBRUIKERS} verzoeken wachtten op de kop van de auditketen"
    assert set(antwoorden.values()) == {200}, antwoorden
    assert max(duur.values()) < GRENS_SECONDEN
    gelezen = AuditEvent.objects.filter(actie=AuditActie.LEZEN, object_id=str(signaal.pk))
    assert gelezen.count() == GEBRUIKERS + 1
    audit.verzegel()
    assert audit.verifieer() == []
    assert not audit.wachtend().exists()
    volgnummers = list(AuditEvent.objects.order_by("volgnummer").values_list("volgnummer", flat=True))
    assert volgnummers == list(range(1, AuditEvent.objects.count() + 1))  # one chain, no gaps, no forks
