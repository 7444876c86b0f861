"""The iCal feed token is stored as its SHA-256 only; existing tokens are hashed, so their links keep working."""

import hashlib

from django.db import migrations, models


def hash_bestaande_tokens(apps, schema_editor):
    KalenderToken = apps.get_model("actieplan", "KalenderToken")
    for token in KalenderToken.objects.all():
        token.token_hash = hashlib.sha256(token.token.encode()).hexdigest()
        token.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("actieplan", "0007_jaar_in_publiek_en_evaluatie"),
    ]

    operations = [
        migrations.AddField(
            model_name="kalendertoken",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="hash van het token"),
        ),
        # There is no way back: the plain tokens are gone once hashed.
        migrations.RunPython(hash_bestaande_tokens, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="kalendertoken", name="token"),
        migrations.AlterField(
            model_name="kalendertoken",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name="hash van het token"),
        ),
    ]
