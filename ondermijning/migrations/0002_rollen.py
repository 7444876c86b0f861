"""The six roles as Django groups. Their permissions are (re)granted after every migrate from
each app's AppConfig.rol_permissies (ondermijning.rollen), because the permissions of later
apps do not exist yet when this migration runs."""

from django.db import migrations

ROLLEN = ["beleidsmedewerker", "toezichthouder", "voorzitter", "coordinator", "ketenpartner", "beheerder"]


def maak_rollen(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for naam in ROLLEN:
        Group.objects.get_or_create(name=naam)


def verwijder_rollen(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLLEN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ondermijning", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(maak_rollen, verwijder_rollen)]
