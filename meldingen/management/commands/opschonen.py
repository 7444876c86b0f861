"""Retention by hand: the same clean-up the nightly task `meldingen.opschonen` runs, with a dry run.

In meldingen because it spans apps and meldingen is the layer above every domain app: signals
(signalen's rule, with tombstones), and sent reminders, read notifications and expired export
files (meldingen's rules).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from meldingen.services import opschonen
from signalen.bewaren import signalen_vernietig
from signalen.models import Afsluitreden


class Command(BaseCommand):
    help = (
        "Vernietigt signalen die zonder vervolg zijn afgesloten en waarvan de bewaartermijn is verstreken "
        "(met verrijking en niet meer gebruikte subjecten; er blijft een spoor), en ruimt verstuurde "
        "herinneringen en verlopen exports op. Met --dry-run wordt alleen getoond wat zou verdwijnen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Niets vernietigen; alleen tonen wat zou verdwijnen."
        )

    def handle(self, *args, dry_run=False, **options):
        nu = timezone.now()
        # Only numbers, municipalities, dates and codes: never titles or names (they may be personal data).
        resultaat = signalen_vernietig(peildatum=timezone.localdate(nu), proef=dry_run)
        kop = "Zou vernietigen" if dry_run else "Vernietigd"
        for spoor in resultaat.sporen:
            self.stdout.write(
                f"{kop}: signaal S-{spoor.signaal_id:05d} ({spoor.gemeente.naam}), "
                f"ontvangen {spoor.ontvangen_op:%d-%m-%Y}, afgesloten {spoor.afgesloten_op:%d-%m-%Y}, "
                f"{Afsluitreden(spoor.afsluitreden).label}"
            )
        subjecten = ", ".join(f"{aantal} {soort}" for soort, aantal in resultaat.subjecten.items())
        self.stdout.write(
            f"{kop}: {len(resultaat)} signalen, {resultaat.verrijkingen} verrijkingen, subjecten: {subjecten}."
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("Proefrun: er is niets vernietigd."))
            return
        overig = opschonen(nu=nu)
        self.stdout.write(
            f"Opgeschoond: {overig['herinneringen']} herinneringen, {overig['notificaties']} notificaties, "
            f"{overig['exports']} verlopen exports."
        )
        self.stdout.write(self.style.SUCCESS("Opschonen klaar."))
