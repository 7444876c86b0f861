# The history of a control takes the one shape of the workflow kit: `tijdstip` becomes
# `created_at` (renamed, so the recorded times stay), `reden` a text field, `door` SET_NULL.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("controles", "0005_controleobject_theseus_label"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="controlestatuswijziging", old_name="tijdstip", new_name="created_at"),
        migrations.AlterModelOptions(
            name="controlestatuswijziging",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "statuswijziging van een controle",
                "verbose_name_plural": "statuswijzigingen van controles",
            },
        ),
        migrations.AlterField(
            model_name="controlestatuswijziging",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="tijdstip"),
        ),
        migrations.AlterField(
            model_name="controlestatuswijziging",
            name="door",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="door",
            ),
        ),
        migrations.AlterField(
            model_name="controlestatuswijziging",
            name="reden",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
        migrations.AlterField(
            model_name="controlestatuswijziging",
            name="van",
            field=models.CharField(
                blank=True,
                choices=[
                    ("gepland", "Gepland"),
                    ("uitgevoerd", "Uitgevoerd"),
                    ("afgerond", "Afgerond"),
                    ("geannuleerd", "Geannuleerd"),
                ],
                max_length=12,
                verbose_name="van",
            ),
        ),
    ]
