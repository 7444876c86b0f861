# The history of an action takes the one shape of the workflow kit: `tijdstip` becomes
# `created_at` and `toelichting` becomes `reden` (renamed, so recorded history stays).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actieplan", "0008_kalendertoken_als_hash"),
    ]

    operations = [
        migrations.RenameField(model_name="actiestatuswijziging", old_name="tijdstip", new_name="created_at"),
        migrations.RenameField(model_name="actiestatuswijziging", old_name="toelichting", new_name="reden"),
        migrations.AlterModelOptions(
            name="actiestatuswijziging",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "statuswijziging van een actie",
                "verbose_name_plural": "statuswijzigingen van acties",
            },
        ),
        migrations.AlterField(
            model_name="actiestatuswijziging",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="tijdstip"),
        ),
        migrations.AlterField(
            model_name="actiestatuswijziging",
            name="reden",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
        migrations.AlterField(
            model_name="actiestatuswijziging",
            name="van",
            field=models.CharField(
                blank=True,
                choices=[
                    ("gepland", "Gepland"),
                    ("lopend", "Lopend"),
                    ("afgerond", "Afgerond"),
                    ("doorgeschoven", "Doorgeschoven"),
                ],
                max_length=15,
                verbose_name="van",
            ),
        ),
    ]
