from django.db import migrations


def zaai(apps, schema_editor):
    from controles.checklists import zaai_checklists

    zaai_checklists(apps.get_model("controles", "ChecklistSjabloon"), apps.get_model("controles", "ChecklistVraag"))


class Migration(migrations.Migration):
    dependencies = [("controles", "0002_bezoek_signaal")]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
