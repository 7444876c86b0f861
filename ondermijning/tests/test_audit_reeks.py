"""audit.log_reeks: several events without a lock, in one query; sealed, the chain is intact."""

from ondermijning import audit
from ondermijning.models import AuditActie, AuditEvent


def test_reeks_sluit_aan_op_de_keten_en_blijft_verifieerbaar(beleid, duiven, django_assert_num_queries):
    audit.log(actie=AuditActie.WIJZIGEN, actor=beleid, object_type="x.y", object_id=1)
    # one bulk insert, no lock on the head (issue 21.4): the same for 1 or 100 events
    with django_assert_num_queries(1):
        events = audit.log_reeks(
            [{"actie": AuditActie.LEZEN, "actor": beleid, "object_type": "x.y", "object_id": i} for i in range(1, 30)]
        )
    assert AuditEvent.objects.count() == 30
    assert [e.volgnummer for e in events] == [None] * 29  # there at once; their place in the chain comes later
    assert audit.verzegel() == 30
    volgnummers = dict(AuditEvent.objects.values_list("pk", "volgnummer"))
    assert [volgnummers[e.pk] for e in events] == list(range(2, 31))  # in the order they were written
    assert audit.verifieer() == []
    audit.log(actie=AuditActie.WIJZIGEN, actor=beleid, object_type="x.y", object_id=2)
    audit.verzegel()
    assert audit.verifieer() == []


def test_lege_reeks_schrijft_niets(db):
    assert audit.log_reeks([]) == []
    assert not AuditEvent.objects.exists()
