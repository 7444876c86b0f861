"""Make a user superuser (or no longer, with --uit): the only way, since the admin does not offer it; audited."""

from django.core.management.base import BaseCommand, CommandError

from ondermijning.models import Gebruiker
from ondermijning.services import gebruiker_superuser_zet


class Command(BaseCommand):
    help = "Maakt een gebruiker superuser (of met --uit niet meer). Komt in de audittrail."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument("--uit", action="store_true", help="Neem de superuserstatus weg.")

    def handle(self, *args, gebruikersnaam, uit, **options):
        gebruiker = Gebruiker.objects.filter(username=gebruikersnaam).first()
        if gebruiker is None:
            raise CommandError(f"Geen gebruiker {gebruikersnaam!r}.")
        gebruiker_superuser_zet(gebruiker=gebruiker, aan=not uit)
        status = "geen superuser meer" if uit else "nu superuser"
        self.stdout.write(self.style.SUCCESS(f"{gebruikersnaam} is {status} (vastgelegd in de audittrail)."))
