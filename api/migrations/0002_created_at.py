from django.db import migrations


class Migration(migrations.Migration):
    """One name for a record's creation time across the apps: created_at."""

    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="apitoken", old_name="aangemaakt_op", new_name="created_at"),
        migrations.RenameField(model_name="idempotenterespons", old_name="aangemaakt_op", new_name="created_at"),
    ]
