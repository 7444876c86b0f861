"""Seed the reference list of phenomena (DOMAIN.md); the beheerder maintains it in the admin."""

from django.db import migrations

# naam: prioriteit Samen Weerbaar (mensenhandel, drugs, witwassen en zorgcriminaliteit)
FENOMENEN = {
    "Drugs: handel en productie": True,
    "Drugsafvaldumping": True,
    "Witwassen": True,
    "Illegale vuurwapens en vuurwerk": False,
    "Zorgfraude": True,
    "Heling": False,
    "Vastgoedfraude": False,
    "Mensenhandel: arbeidsuitbuiting": True,
    "Mensenhandel: seksuele uitbuiting": True,
    "Mensenhandel: criminele uitbuiting": True,
    "Outlaw motorcycle gangs (OMG's)": False,
    "Cybercrime": False,
}


def zaai(apps, schema_editor):
    Fenomeen = apps.get_model("signalen", "Fenomeen")
    for naam, prioriteit in FENOMENEN.items():
        Fenomeen.objects.update_or_create(naam=naam, defaults={"samen_weerbaar_prioriteit": prioriteit})


class Migration(migrations.Migration):
    dependencies = [("signalen", "0003_zoekindex_postgresql")]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
