"""Load the demo data of every app; safe to run again (nothing is duplicated, also on a later day)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import actieplan.demo
import controles.demo
import documenten.demo
import ondermijning.demo
import procedures.demo
import signalen.demo
import taken.demo
from ondermijning.demo import DEMO_WACHTWOORD, GEBRUIKERS, demo_vandaag

# Order matters: later apps link to the data of earlier ones. Each app keeps its own demo module;
# this command (in the top layer) is the only place that knows them all.
DEMO_MODULES = [
    ondermijning.demo,
    signalen.demo,
    controles.demo,
    actieplan.demo,
    taken.demo,
    documenten.demo,
    procedures.demo,
]


def _datum(waarde: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(waarde)
    except ValueError as exc:
        raise CommandError(f"Ongeldige datum {waarde!r}; gebruik JJJJ-MM-DD.") from exc


class Command(BaseCommand):
    help = "Laadt de demodata (gemeenten, partners, gebruikers en de gegevens van elke app)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--vandaag",
            type=_datum,
            default=None,
            help="De dag waar de demo omheen speelt (JJJJ-MM-DD); standaard vandaag (Europe/Amsterdam).",
        )

    def handle(self, *args, **options):
        vandaag = demo_vandaag(options["vandaag"])
        with transaction.atomic():
            for module in DEMO_MODULES:
                module.laad(stdout=self.stdout, vandaag=vandaag)
        self.stdout.write(self.style.SUCCESS(f"Demodata geladen rond {vandaag:%d-%m-%Y}."))
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for username, (_, _, rol, gemeenten, organisatie) in GEBRUIKERS.items():
            waar = ", ".join(gemeenten) or organisatie
            self.stdout.write(f"  {username:<12} {rol.label} ({waar})")
