"""Anchor the audit chain's head outside the database (also daily by the beat task meldingen.audit_anker)."""

from django.core.management.base import BaseCommand

from ondermijning import audit


class Command(BaseCommand):
    help = (
        "Schrijft volgnummer en MAC van de laatste auditgebeurtenis buiten de database weg: als JSON-regel "
        "achter AUDIT_ANKER_BESTAND, naar het log en per mail aan AUDIT_ANKER_EMAIL."
    )

    def handle(self, *args, **options):
        anker = audit.veranker()
        self.stdout.write(self.style.SUCCESS(f"Auditanker: gebeurtenis {anker['volgnummer']}, MAC {anker['mac']}."))
