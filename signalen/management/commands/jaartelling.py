"""`manage.py jaartelling`: check the yearly counts the triggers keep against the data, or rebuild them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from signalen import jaartelling


class Command(BaseCommand):
    help = "Controleer de jaartellingen (jaaroverzicht) tegen de signalen, of bereken ze opnieuw (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--herbereken", action="store_true", help="Bereken alle tellingen opnieuw uit de data.")

    def handle(self, *args, herbereken: bool = False, **options):
        if not jaartelling.bijgehouden():
            self.stdout.write(
                "Deze database houdt geen jaartellingen bij (alleen PostgreSQL); het jaaroverzicht telt live."
            )
            return
        if herbereken:
            with transaction.atomic():
                jaartelling.herbereken()
            self.stdout.write(self.style.SUCCESS("Jaartellingen opnieuw berekend."))
            return
        fouten = jaartelling.verschillen()
        for gemeente_id, jaar, soort, sleutel, bijgehouden, echt in fouten[:50]:
            self.stdout.write(
                f"gemeente {gemeente_id}, {jaar}, {soort} {sleutel!r}: {bijgehouden} bijgehouden, {echt} in de data"
            )
        if fouten:
            raise CommandError(f"{len(fouten)} jaartelling(en) wijken af; herstel met --herbereken.")
        self.stdout.write(self.style.SUCCESS("Jaartellingen kloppen met de data."))
