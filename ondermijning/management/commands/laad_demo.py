"""Load the demo data of every app; safe to run again (nothing is duplicated)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from ondermijning.demo import DEMO_WACHTWOORD, GEBRUIKERS

# Order matters: later apps link to the data of earlier ones.
DEMO_MODULES = ["ondermijning.demo", "signalen.demo", "controles.demo", "actieplan.demo"]


class Command(BaseCommand):
    help = "Laadt de demodata (gemeenten, partners, gebruikers en de gegevens van elke app)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for naam in DEMO_MODULES:
                try:
                    module = importlib.import_module(naam)
                except ModuleNotFoundError as exc:
                    if exc.name != naam:
                        raise
                    continue  # this app has no demo data yet
                module.laad(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for username, (_, _, rol, gemeenten, organisatie) in GEBRUIKERS.items():
            waar = ", ".join(gemeenten) or organisatie
            self.stdout.write(f"  {username:<12} {rol.label} ({waar})")
