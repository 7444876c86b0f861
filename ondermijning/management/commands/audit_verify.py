"""Seal the waiting events, check the MAC chain of the audit trail (and against saved anchors); exit
non-zero when it is broken. Events still waiting for their place in the chain are reported, not a break."""

import sys

from django.core.management.base import BaseCommand

from ondermijning import audit
from ondermijning.models import AuditEvent


class Command(BaseCommand):
    help = "Controleert de MAC-keten van het auditlog; stopt met code 1 als die gebroken is."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anker",
            metavar="BESTAND",
            action="append",
            default=[],
            help="Ankerbestand (JSON-regels van audit_anker): elk geankerde gebeurtenis moet bestaan met "
            "dezelfde MAC en de keten mag niet korter zijn dan het laatste anker. Mag vaker.",
        )
        parser.add_argument(
            "--niet-verzegelen",
            action="store_true",
            help="Alleen lezen: verzegel de wachtende gebeurtenissen niet eerst (zij worden als wachtend gemeld).",
        )

    def handle(self, *args, anker=(), niet_verzegelen=False, **options):
        try:
            ankers = [regel for pad in anker for regel in audit.lees_ankers(pad)]
        except (OSError, ValueError) as fout:
            self.stderr.write(self.style.ERROR(str(fout)))
            sys.exit(1)
        if not niet_verzegelen:
            audit.verzegel()
        fouten = audit.verifieer(ankers=ankers)
        wachtend = audit.wachtend().count()
        if wachtend:
            self.stdout.write(f"{wachtend} gebeurtenissen wachten op verzegeling.")
        if fouten:
            for fout in fouten:
                self.stderr.write(fout)
            self.stderr.write(self.style.ERROR(f"Auditketen GEBROKEN: {len(fouten)} fout(en)."))
            sys.exit(1)
        tegen = f", tegen {len(ankers)} anker(s)" if ankers else ""
        verzegeld = AuditEvent.objects.exclude(volgnummer=None).count()
        self.stdout.write(self.style.SUCCESS(f"Auditketen intact: {verzegeld} gebeurtenissen{tegen}."))
