"""Issue 17.2: the audit chain survives someone with SQL access.

Each test tampers as an attacker with database access would: behind the application's back, with
the PostgreSQL guard trigger set aside (`buiten_de_app_om`: anyone who can run SQL can do that,
see README). What must hold: a keyed MAC no one without the key can recompute, anchors outside
the database that bound what someone holding the key can rewrite, and a lost head row that never
takes the site down.
"""

import base64
import contextlib
import hashlib
import hmac
import io
import json
import logging

import pgtrigger
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ondermijning import audit
from ondermijning.models import AuditActie, AuditEvent, AuditKop


@contextlib.contextmanager
def buiten_de_app_om():
    """Raw access to the tables with the guard trigger set aside (a no-op on SQLite)."""
    with pgtrigger.ignore():
        yield


def _keten(actor, aantal=5):
    """`aantal` events, sealed into the chain (as the sealer does a few seconds after the requests)."""
    for i in range(1, aantal + 1):
        audit.log(actie=AuditActie.LEZEN, actor=actor, object_type="signalen.signaal", object_id=i)
    audit.verzegel()


def _sha256(vorige_hash: str, event: AuditEvent) -> str:
    """The old, unkeyed hash: what anyone can recompute from the rows alone."""
    velden = audit._velden(event)
    data = json.dumps(velden, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((vorige_hash + data).encode()).hexdigest()


def _eigen_hmac(vorige_hash: str, event: AuditEvent) -> str:
    """A keyed recompute with a key the attacker made up."""
    velden = audit._velden(event)
    data = json.dumps(velden, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(b"niet-de-sleutel" * 3, (vorige_hash + data).encode(), hashlib.sha256).hexdigest()


def _herbereken_vanaf(volgnummer: int, hashfunctie) -> None:
    """Rewrite every hash from `volgnummer` on with `hashfunctie` and move the head along."""
    vorige = AuditEvent.objects.filter(volgnummer=volgnummer - 1).values_list("hash", flat=True).first()
    vorige = vorige or audit.GENESIS
    with buiten_de_app_om():
        for event in AuditEvent.objects.filter(volgnummer__gte=volgnummer).order_by("volgnummer"):
            event.vorige_hash = vorige
            event.hash = hashfunctie(vorige, event)
            AuditEvent.objects.filter(pk=event.pk).update(vorige_hash=event.vorige_hash, hash=event.hash)
            vorige = event.hash
        AuditKop.objects.filter(pk=1).update(volgnummer=AuditEvent.objects.count(), hash=vorige)


@pytest.fixture
def ankerbestand(settings, tmp_path):
    settings.AUDIT_ANKER_BESTAND = str(tmp_path / "ankers.jsonl")
    return tmp_path / "ankers.jsonl"


def _gebroken(**kwargs) -> list[str]:
    return audit.verifieer(**kwargs)


# --- the eight tampering cases ---------------------------------------------------------------


@pytest.mark.parametrize("hashfunctie", [_sha256, _eigen_hmac], ids=["sha256", "eigen-sleutel"])
def test_ingevoegd_event_met_herberekende_hash_en_verplaatste_kop(beleid, hashfunctie):
    """Case 1 (unkeyed recompute): an event added at the end with its hash recomputed, head moved."""
    _keten(beleid, 3)
    laatste = AuditEvent.objects.get(volgnummer=3)
    nep = AuditEvent(
        volgnummer=4,
        tijdstip=laatste.tijdstip,
        actie=AuditActie.LEZEN,
        object_type="signalen.signaal",
        object_id="42",
        resultaat="gelukt",
        vorige_hash=laatste.hash,
        sleutel_id=laatste.sleutel_id,
    )
    nep.hash = hashfunctie(laatste.hash, nep)
    with buiten_de_app_om():
        nep.save()
        AuditKop.objects.filter(pk=1).update(volgnummer=4, hash=nep.hash)
    assert any("Gebeurtenis 4" in fout for fout in _gebroken())


def test_staart_afgekapt_kop_teruggezet_wordt_gevonden_door_het_anker(beleid, ankerbestand):
    """Case 2 (tail truncation, head moved back): consistent in the database, short of the anchor."""
    _keten(beleid, 5)
    audit.veranker()
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer__gt=3).delete()
        drie = AuditEvent.objects.get(volgnummer=3)
        AuditKop.objects.filter(pk=1).update(volgnummer=3, hash=drie.hash)
    assert _gebroken() == []  # the honest limit: without an anchor a cut tail with a moved head looks whole
    fouten = _gebroken(ankers=audit.lees_ankers(ankerbestand))
    assert any("korter dan het anker" in fout for fout in fouten)


def test_staart_afgekapt_met_de_kop_wordt_gevonden(beleid, ankerbestand):
    """Case 3 (tail truncation together with the head row): the missing head alone gives it away."""
    _keten(beleid, 5)
    audit.veranker()
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer__gt=3).delete()
        AuditKop.objects.all().delete()
    assert any("kop van de auditketen ontbreekt" in fout for fout in _gebroken())
    assert any("korter dan het anker" in fout for fout in _gebroken(ankers=audit.lees_ankers(ankerbestand)))


def test_staart_afgekapt_kop_blijft(beleid):
    """Case 4 (tail truncation, head left alone)."""
    _keten(beleid, 5)
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer__gt=3).delete()
    assert any("laatste gebeurtenis(sen)" in fout for fout in _gebroken())


@pytest.mark.parametrize("hashfunctie", [_sha256, _eigen_hmac], ids=["sha256", "eigen-sleutel"])
def test_oud_event_herschreven_en_alles_erna_herberekend(beleid, hashfunctie):
    """Case 5 (middle rewrite with recompute): without the key no recompute verifies."""
    _keten(beleid, 5)
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer=2).update(object_id="999")
    _herbereken_vanaf(2, hashfunctie)
    fouten = _gebroken()
    assert any("Gebeurtenis 2" in fout for fout in fouten)


def test_herschrijven_met_de_sleutel_vindt_het_anker(beleid, ankerbestand):
    """Someone holding the HMAC key can rewrite and recompute; the anchor outside the database catches it."""
    _keten(beleid, 5)
    audit.veranker()
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer=2).update(object_id="999")
    _herbereken_vanaf(2, lambda vorige, event: audit._mac(vorige, event))
    assert _gebroken() == []  # the honest limit of a key: its holder can make a consistent chain
    fouten = _gebroken(ankers=audit.lees_ankers(ankerbestand))
    assert any("Gebeurtenis 5 wijkt af van het anker" in fout for fout in fouten)


def test_ingevoegd_event_zonder_herberekening(beleid):
    """Case 6 (insert): a row slipped in at the end, the head left alone."""
    _keten(beleid, 3)
    drie = AuditEvent.objects.get(volgnummer=3)
    with buiten_de_app_om():
        AuditEvent.objects.create(
            volgnummer=4,
            tijdstip=drie.tijdstip,
            actie=AuditActie.LEZEN,
            resultaat="gelukt",
            vorige_hash=drie.hash,
            hash="a" * 64,
            sleutel_id=drie.sleutel_id,
        )
    fouten = _gebroken()
    assert any("Gebeurtenis 4: inhoud is gewijzigd" in fout for fout in fouten)


def test_gewijzigd_event(beleid):
    """Case 7 (update)."""
    _keten(beleid, 3)
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer=2).update(actie=AuditActie.EXPORT)
    assert any("Gebeurtenis 2: inhoud is gewijzigd" in fout for fout in _gebroken())


def test_verwijderd_event(beleid):
    """Case 8 (delete)."""
    _keten(beleid, 3)
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer=2).delete()
    assert any("Gebeurtenis 2 ontbreekt" in fout for fout in _gebroken())


def test_terug_naar_sleutel_nul_en_sha256_wordt_gevonden(beleid):
    """A downgrade: the event relabelled as unkeyed and its hash recomputed with SHA-256."""
    _keten(beleid, 3)
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer__gte=2).update(sleutel_id=0)
    _herbereken_vanaf(2, _sha256)
    assert any("Gebeurtenis 2" in fout for fout in _gebroken())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard trigger exists only on PostgreSQL")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ondermijning_auditevent SET object_id = '999'",
        "UPDATE ondermijning_auditevent SET hash = repeat('a', 64)",  # sealed once, never again
        "UPDATE ondermijning_auditevent SET volgnummer = NULL, hash = ''",
        "DELETE FROM ondermijning_auditevent",
        "DELETE FROM ondermijning_auditkop",
    ],
)
def test_postgresql_weigert_update_en_delete(beleid, sql):
    _keten(beleid, 2)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(object_id="999").count() == 0
    assert AuditEvent.objects.count() == 2 and AuditKop.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard trigger exists only on PostgreSQL")
def test_postgresql_laat_van_een_wachtende_gebeurtenis_alleen_de_ketenvelden_zetten(beleid):
    event = audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=1)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_id="999")
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(volgnummer=1, hash="a" * 64, toelichting="anders")
    assert audit.verzegel() == 1  # the sealer's update: the chain fields only, once
    assert _gebroken() == []


# --- the waiting tail (issue 21.4) -----------------------------------------------------------


def test_wachtende_gebeurtenissen_zijn_er_meteen_en_zijn_geen_breuk(beleid, capsys):
    _keten(beleid, 2)
    _ = [audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="x", object_id=i) for i in (3, 4)]
    assert AuditEvent.objects.filter(object_type="x").count() == 2  # readable at once
    assert audit.wachtend().count() == 2
    assert _gebroken() == []
    call_command("audit_verify", "--niet-verzegelen")  # no SystemExit: waiting is not broken
    uit = capsys.readouterr().out
    assert "2 gebeurtenissen wachten op verzegeling" in uit and "intact: 2 gebeurtenissen" in uit
    call_command("audit_verify")  # seals first
    uit = capsys.readouterr().out
    assert "wachten" not in uit and "intact: 4 gebeurtenissen" in uit
    assert list(AuditEvent.objects.order_by("volgnummer").values_list("volgnummer", flat=True)) == [1, 2, 3, 4]


def test_gewijzigde_wachtende_gebeurtenis_wordt_niet_verzegeld_en_gemeld(beleid, caplog):
    _keten(beleid, 2)
    event = audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=3)
    with buiten_de_app_om():
        AuditEvent.objects.filter(pk=event.pk).update(object_id="999")
    assert any(f"Wachtende gebeurtenis (id {event.pk}): inhoud is gewijzigd" in fout for fout in _gebroken())
    audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=4)
    with caplog.at_level(logging.ERROR, logger="ondermijning.audit"):
        assert audit.verzegel() == 1  # the honest one after it is sealed; the changed one is left out
    assert f"id {event.pk} niet verzegeld" in caplog.text
    assert list(audit.wachtend().values_list("pk", flat=True)) == [event.pk]
    assert len(_gebroken()) == 1


@pytest.mark.parametrize("hashfunctie", [_sha256, _eigen_hmac], ids=["sha256", "eigen-sleutel"])
def test_zonder_sleutel_in_de_wachtrij_gezet_event_wordt_niet_verzegeld(beleid, hashfunctie):
    """Without the key no row slipped into the waiting tail gets into the chain through the sealer."""
    _keten(beleid, 2)
    twee = AuditEvent.objects.get(volgnummer=2)
    nep = AuditEvent(
        tijdstip=twee.tijdstip,
        actie=AuditActie.LEZEN,
        object_type="signalen.signaal",
        object_id="42",
        resultaat="gelukt",
        sleutel_id=twee.sleutel_id,
    )
    nep.inhoud_mac = hashfunctie("inhoud:", nep)
    nep.save()
    assert audit.verzegel() == 0
    assert any("Wachtende gebeurtenis" in fout for fout in _gebroken())


# --- the key ---------------------------------------------------------------------------------


def test_mac_is_gesleuteld_en_draagt_de_sleutel_id(beleid):
    event = audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=1)
    assert event.sleutel_id >= 1
    assert event.hash != _sha256(event.vorige_hash, event)


def test_sleutel_roteren(beleid, settings):
    eerste = base64.b64decode(base64.b64encode(b"1" * 32))
    settings.AUDIT_HMAC_SLEUTELS = {1: eerste}
    settings.AUDIT_HMAC_SLEUTEL_ID = 1
    _keten(beleid, 2)
    settings.AUDIT_HMAC_SLEUTELS = {1: eerste, 2: b"2" * 32}
    settings.AUDIT_HMAC_SLEUTEL_ID = 2
    _keten(beleid, 2)
    assert list(AuditEvent.objects.order_by("volgnummer").values_list("sleutel_id", flat=True)) == [1, 1, 2, 2]
    assert _gebroken() == []
    settings.AUDIT_HMAC_SLEUTELS = {2: b"2" * 32}  # the old key thrown away: its events cannot be checked
    assert any("sleutel 1 is onbekend" in fout for fout in _gebroken())


def test_sleutels_uit_de_omgeving():
    from ondermijning.settings import _audit_sleutels

    sleutel = base64.b64encode(b"k" * 32).decode()
    assert _audit_sleutels(f"1:{sleutel}, 2:{sleutel}") == {1: b"k" * 32, 2: b"k" * 32}
    for fout in ("0:" + sleutel, "x:" + sleutel, "1:" + base64.b64encode(b"kort").decode(), "1:!!"):
        with pytest.raises(ValueError):
            _audit_sleutels(fout)


# --- the anchor ------------------------------------------------------------------------------


def test_audit_anker_schrijft_een_regel_naar_bestand_log_en_mail(beleid, ankerbestand, settings, caplog):
    settings.AUDIT_ANKER_EMAIL = ["security@example.org"]
    _keten(beleid, 3)
    with caplog.at_level(logging.INFO, logger="ondermijning.audit.anker"):
        call_command("audit_anker", stdout=io.StringIO())
    _keten(beleid, 1)
    call_command("audit_anker", stdout=io.StringIO())
    regels = [json.loads(regel) for regel in ankerbestand.read_text().splitlines()]
    drie = AuditEvent.objects.get(volgnummer=3)
    assert regels[0]["volgnummer"] == 3 and regels[0]["mac"] == drie.hash
    assert regels[1]["volgnummer"] == 4
    assert drie.hash in caplog.text
    assert len(mail.outbox) == 2 and drie.hash in mail.outbox[0].body
    call_command("audit_verify", "--anker", str(ankerbestand), stdout=io.StringIO())


def test_audit_verify_met_anker_stopt_bij_afwijking(beleid, ankerbestand, capsys):
    _keten(beleid, 3)
    audit.veranker()
    with buiten_de_app_om():
        AuditEvent.objects.filter(volgnummer=3).delete()
        AuditKop.objects.filter(pk=1).update(volgnummer=2, hash=AuditEvent.objects.get(volgnummer=2).hash)
    call_command("audit_verify")  # without the anchor it looks whole
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", "--anker", str(ankerbestand))
    assert exit_info.value.code == 1
    assert "korter dan het anker" in capsys.readouterr().err


def test_onleesbare_ankerregel_is_een_fout(tmp_path, db):
    bestand = tmp_path / "ankers.jsonl"
    bestand.write_text('{"volgnummer": 1, "mac": "ab"}\nkapot\n')
    with pytest.raises(ValueError, match="regel 2"):
        audit.lees_ankers(bestand)


# --- the head --------------------------------------------------------------------------------


def test_ontbrekende_kop_wordt_gemeld_en_bij_de_volgende_verzegeling_hersteld(beleid, caplog):
    _keten(beleid, 3)
    with buiten_de_app_om():
        AuditKop.objects.all().delete()
    assert any("kop van de auditketen ontbreekt" in fout for fout in _gebroken())
    with caplog.at_level(logging.ERROR, logger="ondermijning.audit"):
        event = audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=9)
        assert audit.verzegel() == 1
    event.refresh_from_db()
    assert "kop van de auditketen ontbrak" in caplog.text
    kop = AuditKop.objects.get(pk=1)
    assert kop.volgnummer == event.volgnummer == 5  # 4 records the rebuild itself
    assert AuditEvent.objects.get(volgnummer=4).actie == AuditActie.KOP_HERSTELD
    assert _gebroken() == []


def test_lege_keten_zonder_kop_begint_gewoon(db, caplog):
    with caplog.at_level(logging.ERROR, logger="ondermijning.audit"):
        event = audit.log(actie=AuditActie.LEZEN, object_type="x", object_id=1)
        audit.verzegel()
    event.refresh_from_db()
    assert event.volgnummer == 1 and caplog.text == ""
