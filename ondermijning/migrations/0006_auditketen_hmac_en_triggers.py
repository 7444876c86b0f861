"""The audit chain becomes keyed (HMAC-SHA256, key id per event) and guarded by triggers on PostgreSQL.

Existing events carry an unkeyed SHA-256 that anyone can recompute. They are chained again under the
current HMAC key, once, after the old chain has been verified: a broken old chain stops the migration
(set AUDIT_HERKETEN_ONDANKS_BREUK=1 to go on after investigating; the breaks are then logged). The old
head (number and SHA-256) is logged so it is on record outside the database. The events are re-chained
before the guard trigger is installed.
"""

import datetime
import hashlib
import hmac
import json
import logging
import os

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

logger = logging.getLogger("ondermijning.audit")
GENESIS = "0" * 64


def _velden(event) -> dict:
    # A frozen copy of ondermijning.audit._velden as it was before the key id was added.
    return {
        "volgnummer": event.volgnummer,
        "tijdstip": event.tijdstip.astimezone(datetime.UTC).isoformat(),
        "actor": event.actor_id,
        "actie": event.actie,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "gemeente": event.gemeente_id,
        "resultaat": event.resultaat,
        "ip": event.ip,
        "toelichting": event.toelichting,
    }


def _data(velden: dict) -> str:
    return json.dumps(velden, sort_keys=True, separators=(",", ":"), default=str)


def herketen(apps, schema_editor):
    AuditEvent = apps.get_model("ondermijning", "AuditEvent")
    AuditKop = apps.get_model("ondermijning", "AuditKop")
    events = list(AuditEvent.objects.order_by("volgnummer"))
    if not events:
        return
    sleutel_id = settings.AUDIT_HMAC_SLEUTEL_ID
    sleutel = settings.AUDIT_HMAC_SLEUTELS.get(sleutel_id)
    if sleutel is None:
        raise ImproperlyConfigured("Zet AUDIT_HMAC_SLEUTELS (en AUDIT_HMAC_SLEUTEL_ID) om de auditketen te sleutelen.")
    breuken, vorige, verwacht = [], GENESIS, 1
    for event in events:
        oud = hashlib.sha256((event.vorige_hash + _data(_velden(event))).encode()).hexdigest()
        if event.volgnummer != verwacht or event.vorige_hash != vorige or oud != event.hash:
            breuken.append(event.volgnummer)
        vorige, verwacht = event.hash, event.volgnummer + 1
    if breuken and os.environ.get("AUDIT_HERKETEN_ONDANKS_BREUK") != "1":
        raise RuntimeError(
            f"De bestaande auditketen is gebroken bij gebeurtenis(sen) {breuken[:20]}: onderzoek dat eerst; "
            "zet daarna AUDIT_HERKETEN_ONDANKS_BREUK=1 om toch te sleutelen."
        )
    logger.warning(
        "Auditketen wordt gesleuteld: oude kop %s %s (SHA-256); breuken: %s.",
        events[-1].volgnummer,
        events[-1].hash,
        breuken or "geen",
    )
    vorige = GENESIS
    for event in events:
        velden = {**_velden(event), "sleutel": sleutel_id}
        event.vorige_hash, event.sleutel_id = vorige, sleutel_id
        event.hash = hmac.new(sleutel, (vorige + _data(velden)).encode(), hashlib.sha256).hexdigest()
        vorige = event.hash
    AuditEvent.objects.bulk_update(events, ["vorige_hash", "hash", "sleutel_id"], batch_size=2000)
    AuditKop.objects.update_or_create(pk=1, defaults={"volgnummer": events[-1].volgnummer, "hash": vorige})


class Migration(migrations.Migration):
    dependencies = [
        ("ondermijning", "0005_verstrekking_persoonsgegevens"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="sleutel_id",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="Welke HMAC-sleutel de hash maakte.", verbose_name="sleutel-id"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actie",
            field=models.CharField(
                choices=[
                    ("lezen", "Persoonsgegevens gelezen"),
                    ("aanmaken", "Aangemaakt"),
                    ("wijzigen", "Gewijzigd"),
                    ("verwijderen", "Verwijderd"),
                    ("transitie", "Statusovergang"),
                    ("export", "Export"),
                    ("login_gelukt", "Inloggen gelukt"),
                    ("login_mislukt", "Inloggen mislukt"),
                    ("uitloggen", "Uitgelogd"),
                    ("toegang_geweigerd", "Toegang geweigerd"),
                    ("kop_hersteld", "Kop van de auditketen hersteld"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="actie",
            ),
        ),
        migrations.RunPython(herketen, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="auditevent",
            trigger=pgtrigger.compiler.Trigger(
                name="alleen_toevoegen",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="a38f442191cb09994f3c2a101524f12cd9eef15d",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_alleen_toevoegen_76ed0",
                    table="ondermijning_auditevent",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditkop",
            trigger=pgtrigger.compiler.Trigger(
                name="niet_verwijderen",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;",
                    hash="0b033c02f32d34f0c74c63899c9fbf52c614cc19",
                    operation="DELETE",
                    pgid="pgtrigger_niet_verwijderen_87c9c",
                    table="ondermijning_auditkop",
                    when="BEFORE",
                ),
            ),
        ),
    ]
