from django.db import migrations


class Migration(migrations.Migration):
    """One name for a record's creation time across the apps: created_at."""

    dependencies = [("actieplan", "0009_statuswijziging_een_vorm")]

    operations = [
        migrations.RenameField(model_name="uitvoeringsplan", old_name="aangemaakt_op", new_name="created_at"),
        migrations.RenameField(model_name="uitgave", old_name="aangemaakt_op", new_name="created_at"),
        migrations.RenameField(model_name="kalendertoken", old_name="aangemaakt_op", new_name="created_at"),
    ]
