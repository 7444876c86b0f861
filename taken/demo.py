"""Demo tasks: a plan of approach on a few Duiven cases, one overdue, one for the police. Idempotent.

The decisions of the signalen demo story created their tasks through the services (domain event
`besluit_genomen`); the story carried that work out, so those tasks are done here, through the
service, a week after the meeting in the story's time. Only the RIEC form still in draft keeps its
task open.
"""

import datetime

from django.utils import timezone

from ondermijning import klok
from ondermijning.demo import demo_vandaag
from ondermijning.models import Gebruiker, Grondslag, Organisatie
from ondermijning.services import verstrekking_registreer
from signalen.models import Agendapunt, RiecStatus, Signaal, SignaalStatus
from taken.models import Taak, TaakStatus
from taken.services import taak_rond_af

# (description, owner username or "Politie", days from today)
TAKEN = [
    ("Buren van het pand spreken over overlast en bezoekers", "beleid", -4),
    ("Eigenaar van het pand aanschrijven", "beleid", 6),
    ("Resultaat bespreken in het volgende overleg", "voorzitter", 20),
    ("Bestuurlijke rapportage aanleveren", "Politie", 10),
]


def laad(stdout=None, vandaag=None) -> None:
    """Create the demo tasks once; a later run on another day leaves them as they are."""
    vandaag = demo_vandaag(vandaag)
    gebruikers = {g.username: g for g in Gebruiker.objects.filter(username__in=["beleid", "voorzitter"])}
    politie = Organisatie.objects.filter(naam="Politie").first()
    gedeeld = Agendapunt.objects.filter(gedeeld_met=politie, signaal__gemeente__naam="Duiven").select_related("signaal")
    signaal = next((p.signaal for p in gedeeld), None) or (
        Signaal.objects.filter(gemeente__naam="Duiven").exclude(status=SignaalStatus.AFGESLOTEN).order_by("pk").first()
    )
    _besluittaken_gedaan(vandaag)
    if signaal is None or len(gebruikers) < 2:
        return
    aantal = 0
    for omschrijving, wie, dagen in TAKEN:
        eigenaar = {"eigenaar_organisatie": politie} if wie == "Politie" else {"eigenaar": gebruikers[wie]}
        if wie == "Politie" and politie is None:
            continue
        taak, gemaakt = Taak.objects.get_or_create(
            signaal=signaal,
            omschrijving=omschrijving,
            defaults={
                "gemeente": signaal.gemeente,
                "uiterlijk_op": vandaag + datetime.timedelta(days=dagen),
                "door": gebruikers["voorzitter"],
                **eigenaar,
            },
        )
        if gemaakt and wie == "Politie":
            verstrekking_registreer(
                obj=taak, organisatie=politie, door=gebruikers["voorzitter"], grondslag=Grondslag.LOKAAL_OVERLEG,
                omschrijving=f"taak {taak.pk} over signaal {signaal.nummer}", gemeente=signaal.gemeente_id,
            )  # fmt: skip
        aantal += gemaakt
    if stdout:
        stdout.write(f"Taken: {aantal} nieuw.")


def _besluittaken_gedaan(vandaag) -> None:
    """Mark done the tasks of the story's decisions whose work the story carried out."""
    taken = Taak.objects.filter(status=TaakStatus.OPEN, agendapunt__isnull=False).select_related(
        "agendapunt__overleg", "eigenaar", "eigenaar_organisatie", "signaal"
    )
    for taak in taken:
        datum = taak.agendapunt.overleg.datum + datetime.timedelta(days=7)
        if datum > vandaag:
            continue
        if taak.signaal and taak.signaal.riec_meldingen.filter(status=RiecStatus.CONCEPT).exists():
            continue  # the form is still a draft: its task stays open
        door = taak.eigenaar
        if door is None:
            door = (
                Gebruiker.objects.filter(organisatie=taak.eigenaar_organisatie, is_active=True).order_by("pk").first()
            )
        with klok.op(timezone.make_aware(datetime.datetime.combine(datum, datetime.time(16, 0)))):
            taak_rond_af(taak=taak, door=door, notitie="Gedaan; zie het verloop op het signaal.")
