"""The yearly counts also keep interventions per kind (issue 21): the triggers reinstalled, the counts rebuilt.

Migration 0023 installs whatever `signalen.jaartelling` defines at the time it runs; this one brings
a database that ran 0023 before the interventions were added up to date (reinstalling is harmless
on one that did not).
"""

from django.db import migrations, models

from signalen import jaartelling


def herinstalleer(apps, schema_editor):
    jaartelling.verwijder(schema_editor)
    jaartelling.installeer(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("signalen", "0026_wacht_op_weging_index")]

    operations = [
        migrations.AlterField(
            model_name="jaartelling", name="soort", field=models.CharField(max_length=20, verbose_name="soort")
        ),
        migrations.RunPython(herinstalleer, migrations.RunPython.noop),
    ]
