"""audit.log_reeks: several events under one lock, in a fixed number of queries, chain intact."""

from ondermijning import audit
from ondermijning.models import AuditActie, AuditEvent


def test_reeks_sluit_aan_op_de_keten_en_blijft_verifieerbaar(beleid, duiven, django_assert_num_queries):
    audit.log(actie=AuditActie.WIJZIGEN, actor=beleid, object_type="x.y", object_id=1)
    # savepoint, lock the head, one bulk insert, move the head, release: the same for 1 or 100 events
    with django_assert_num_queries(5):
        events = audit.log_reeks(
            [{"actie": AuditActie.LEZEN, "actor": beleid, "object_type": "x.y", "object_id": i} for i in range(1, 30)]
        )
    assert [e.volgnummer for e in events] == list(range(2, 31))
    assert AuditEvent.objects.count() == 30
    assert audit.verifieer() == []
    audit.log(actie=AuditActie.WIJZIGEN, actor=beleid, object_type="x.y", object_id=2)
    assert audit.verifieer() == []


def test_lege_reeks_schrijft_niets(db):
    assert audit.log_reeks([]) == []
    assert not AuditEvent.objects.exists()
