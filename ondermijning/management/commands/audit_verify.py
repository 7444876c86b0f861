"""Check the hash chain of the audit trail; exit non-zero when it is broken."""

import sys

from django.core.management.base import BaseCommand

from ondermijning import audit
from ondermijning.models import AuditEvent


class Command(BaseCommand):
    help = "Controleert de hashketen van het auditlog; stopt met code 1 als die gebroken is."

    def handle(self, *args, **options):
        fouten = audit.verifieer()
        if fouten:
            for fout in fouten:
                self.stderr.write(fout)
            self.stderr.write(self.style.ERROR(f"Auditketen GEBROKEN: {len(fouten)} fout(en)."))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"Auditketen intact: {AuditEvent.objects.count()} gebeurtenissen."))
