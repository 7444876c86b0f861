from django.db import migrations


class Migration(migrations.Migration):
    """One name for a record's last-change time across the apps: updated_at."""

    dependencies = [("actieplan", "0010_created_at")]

    operations = [
        migrations.RenameField(model_name="actie", old_name="gewijzigd_op", new_name="updated_at"),
        migrations.RenameField(model_name="publiekeeditie", old_name="gewijzigd_op", new_name="updated_at"),
        migrations.RenameField(model_name="evaluatie", old_name="gewijzigd_op", new_name="updated_at"),
    ]
