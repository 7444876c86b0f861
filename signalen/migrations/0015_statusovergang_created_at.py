# The history of a signal takes the one shape of the workflow kit: `op` becomes `created_at`.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signalen", "0014_vernietigd_signaal_onderdelen"),
    ]

    operations = [
        migrations.RenameField(model_name="statusovergang", old_name="op", new_name="created_at"),
        migrations.AlterModelOptions(
            name="statusovergang",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "statusovergang",
                "verbose_name_plural": "statusovergangen",
            },
        ),
        migrations.AlterField(
            model_name="statusovergang",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="tijdstip"),
        ),
    ]
