"""Audit trail: events for logins and refused access, a hash chain that detects tampering."""

import pgtrigger
import pytest
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.urls import reverse

from ondermijning import audit
from ondermijning.middleware import AuditContextMiddleware
from ondermijning.models import AuditActie, AuditEvent, AuditResultaat


def test_keten_is_intact_en_verify_slaagt(beleid, capsys):
    for i in range(3):
        audit.log(actie=AuditActie.WIJZIGEN, actor=beleid, object_type="signalen.signaal", object_id=i)
    assert audit.verifieer() == []
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    eerste, tweede = AuditEvent.objects.order_by("volgnummer")[:2]
    assert tweede.vorige_hash == eerste.hash


def test_gewijzigd_event_breekt_de_keten(beleid):
    for i in range(3):
        audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=i)
    audit.verzegel()
    # Tamper behind the application's back, as an attacker with database access would (past the
    # PostgreSQL guard trigger, which anyone who can run SQL can set aside: see test_auditketen).
    with pgtrigger.ignore():
        AuditEvent.objects.filter(volgnummer=2).update(object_id="999")
    assert any("inhoud is gewijzigd" in fout for fout in audit.verifieer())
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1


def test_verwijderd_event_breekt_de_keten(beleid):
    for i in range(3):
        audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="x", object_id=i)
    audit.verzegel()
    with pgtrigger.ignore():
        AuditEvent.objects.filter(volgnummer=3).delete()
    assert audit.verifieer()
    with pgtrigger.ignore():
        AuditEvent.objects.filter(volgnummer=2).delete()
    assert audit.verifieer()


def test_login_gelukt_en_mislukt_worden_gelogd_zonder_ingetypte_naam(client, beleid):
    client.post(reverse("login"), {"username": "t_beleid", "password": "fout-wachtwoord"}, REMOTE_ADDR="10.1.2.3")
    mislukt = AuditEvent.objects.get(actie=AuditActie.LOGIN_MISLUKT)
    assert mislukt.resultaat == AuditResultaat.MISLUKT
    assert mislukt.object_id == str(beleid.pk)
    assert mislukt.ip == "10.1.2.3"
    assert "t_beleid" not in mislukt.toelichting
    client.post(reverse("login"), {"username": "t_beleid", "password": "ondermijning-test"})
    gelukt = AuditEvent.objects.get(actie=AuditActie.LOGIN_GELUKT)
    assert gelukt.actor == beleid


def test_geweigerde_toegang_op_object_url_wordt_gelogd(rf, beleid):
    """A 404 on an object URL is how out-of-scope access looks: recorded with the id, not the path text."""

    class Match:
        kwargs = {"pk": 77}
        view_name = "signalen:detail"

    verzoek = rf.get("/signalen/77/")
    verzoek.user = beleid
    verzoek.resolver_match = Match()
    AuditContextMiddleware(lambda r: HttpResponseNotFound())(verzoek)
    event = AuditEvent.objects.get(actie=AuditActie.TOEGANG_GEWEIGERD)
    assert (event.object_type, event.object_id, event.actor) == ("signalen:detail", "77", beleid)
    assert event.resultaat == AuditResultaat.GEWEIGERD


def test_404_zonder_object_wordt_niet_gelogd(client, beleid):
    client.force_login(beleid)
    assert client.get("/bestaat-niet/").status_code == 404
    assert not AuditEvent.objects.filter(actie=AuditActie.TOEGANG_GEWEIGERD).exists()


def test_keten_klopt_ook_met_tijdstip_in_amsterdamse_tijd(beleid, monkeypatch):
    """The hash covers the moment in UTC: an event written with a local-zone timestamp (frozen time
    in a test, another server setting) still verifies after reading it back from the database."""
    import datetime
    import zoneinfo

    lokaal = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr(audit.timezone, "now", lambda: lokaal)
    audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=1)
    audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=2)
    assert audit.verifieer() == []  # the content MACs of the waiting events
    assert audit.verzegel() == 2
    assert audit.verifieer() == []  # the chain


def test_event_van_een_ander_tijdens_de_controle_is_geen_breuk(beleid, monkeypatch):
    """The check runs on a live system (the nightly task, audit_verify): an event another user appends,
    and the sealer links in, while the chain is being walked is not reported as a broken chain."""
    from ondermijning.models import AuditKop

    for i in range(3):
        audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="x", object_id=i)
    audit.verzegel()
    filter_ = AuditKop.objects.filter

    class GelezenKop:
        def __init__(self, *args, **kwargs):
            self.kop = filter_(*args, **kwargs).first()  # the head is read, then another appends and seals
            audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="x", object_id="tussendoor")
            assert audit.verzegel() == 1

        def first(self):
            return self.kop

    monkeypatch.setattr(AuditKop.objects, "filter", GelezenKop)
    assert audit.verifieer() == []
