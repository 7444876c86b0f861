from django.db import migrations, models


class Migration(migrations.Migration):
    """One name for a record's creation time across the apps: created_at."""

    dependencies = [("ondermijning", "0011_audit_verzegelen_zonder_kopslot")]

    operations = [
        migrations.RenameField(model_name="gebruikersessie", old_name="aangemaakt_op", new_name="created_at"),
        migrations.AlterField(
            model_name="gebruikersessie",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
        ),
    ]
